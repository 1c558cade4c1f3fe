//! `hocso demo-data` (issue 12), on both backends: a small demo city whose
//! every number agrees with the records behind it (each completed course
//! has its lessons read, its quizzes passed by graded attempts and its
//! certificate; each course in progress has some steps done and not all),
//! that a demo official signs in to and sees, and that a second run leaves
//! as it is.

use crate::helpers::{Backend, TestApp, both_backends, scalar, spawn_app};
use app::ssr::auth::Passwords;
use app::ssr::db::{DemoReport, DemoSpec};

both_backends!(the_demo_city_is_made_once_and_its_records_agree);

const PASSWORD: &str = "mật khẩu thử thành phố";

async fn make(app: &TestApp, password_hash: &str) -> DemoReport {
    app.db
        .demo_data(&DemoSpec {
            departments: 2,
            wards: 3,
            sub_units_per_ward: 2,
            officials: 300,
            assignments: 6,
            password_hash: password_hash.to_owned(),
        })
        .await
        .expect("demo data")
}

/// Counts of every record the demo writes, to compare two runs.
async fn totals(app: &TestApp) -> Vec<i64> {
    let mut totals = Vec::new();
    for table in [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM units",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM assignees",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM course_progress",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM lesson_completions",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_attempts",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM certificates",
    ] {
        totals.push(scalar(app, table).await);
    }
    totals
}

async fn the_demo_city_is_made_once_and_its_records_agree(backend: Backend) {
    let app = spawn_app(backend).await;
    let hash = Passwords::new(1).hash(PASSWORD).await.expect("hash");
    let report = make(&app, &hash).await;
    assert!(!report.already_there);
    assert_eq!(report.units, 1 + 2 + 3 + 3 * 2);
    assert_eq!(report.officials, 300);
    assert_eq!(report.assignments, 6);
    assert_eq!(
        report.assignees,
        300 * 6,
        "city-wide assignments cover everyone"
    );
    let history = report.history;
    assert_eq!(
        history.lessons_read as i64,
        scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM lesson_completions"
        )
        .await
    );
    assert_eq!(
        history.attempts as i64,
        scalar(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_attempts").await
    );
    let completed = scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM course_progress WHERE completed_at IS NOT NULL",
    )
    .await;
    assert!(
        completed > 100,
        "about half the courses are done: {completed}"
    );
    assert_eq!(
        history.certificates as i64, completed,
        "one per completed course"
    );
    assert!(
        history.lessons_read > 500 && history.attempts > 200,
        "{history:?}"
    );

    // A completed course has every step done and its certificate; one in
    // progress has at least one step done and not all.
    let steps_done = "(SELECT CAST(COUNT(*) AS BIGINT) FROM course_steps s
          LEFT JOIN lesson_completions lc ON lc.lesson_id = s.lesson_id AND lc.user_id = p.user_id
          LEFT JOIN quiz_standings qs ON qs.quiz_id = s.quiz_id AND qs.user_id = p.user_id
          WHERE s.course_id = p.course_id AND (lc.user_id IS NOT NULL OR qs.passed_at IS NOT NULL))";
    let steps =
        "(SELECT CAST(COUNT(*) AS BIGINT) FROM course_steps s WHERE s.course_id = p.course_id)";
    let unfinished_but_completed = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM course_progress p
         WHERE p.completed_at IS NOT NULL
           AND ({steps_done} < {steps}
                OR NOT EXISTS (SELECT 1 FROM certificates c
                               WHERE c.user_id = p.user_id AND c.course_id = p.course_id
                                 AND c.issued_at = p.completed_at))"
    );
    let odd_in_progress = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM course_progress p
         WHERE p.completed_at IS NULL AND ({steps_done} = 0 OR {steps_done} >= {steps})"
    );
    for (what, sql) in [
        (
            "completed courses missing a step or the certificate",
            unfinished_but_completed,
        ),
        (
            "courses in progress with no step or every step",
            odd_in_progress,
        ),
    ] {
        let found: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(app.db.pool())
            .await
            .expect("query");
        assert_eq!(found, 0, "{what}");
    }

    // Every assignment of a course reads the person's one record of it, as
    // when the product gives an assignment; together they show every status.
    assert_eq!(
        scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM assignees a
             LEFT JOIN course_progress p ON p.user_id = a.user_id AND p.course_id = a.course_id
             WHERE COALESCE(a.started_at, -1) <> COALESCE(p.started_at, -1)
                OR COALESCE(a.completed_at, -1) <> COALESCE(p.completed_at, -1)"
        )
        .await,
        0
    );
    for (status, sql) in [
        (
            "done on time",
            "SELECT CAST(COUNT(*) AS BIGINT) FROM assignees WHERE completed_at <= due_at",
        ),
        (
            "done late",
            "SELECT CAST(COUNT(*) AS BIGINT) FROM assignees WHERE completed_at > due_at",
        ),
        (
            "in progress",
            "SELECT CAST(COUNT(*) AS BIGINT) FROM assignees WHERE started_at IS NOT NULL AND completed_at IS NULL",
        ),
        (
            "not started",
            "SELECT CAST(COUNT(*) AS BIGINT) FROM assignees WHERE started_at IS NULL",
        ),
    ] {
        assert!(scalar(&app, sql).await > 20, "few assignees {status}");
    }

    // The standings count exactly the stored attempts; a quiz is passed
    // exactly where a passing attempt is stored; nothing is in the future.
    assert_eq!(
        scalar(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_standings s
             WHERE s.attempts <> (SELECT COUNT(*) FROM quiz_attempts a
                                  WHERE a.user_id = s.user_id AND a.quiz_id = s.quiz_id)
                OR (s.passed_at IS NOT NULL) <> EXISTS (SELECT 1 FROM quiz_attempts a
                    WHERE a.user_id = s.user_id AND a.quiz_id = s.quiz_id AND a.passed = 1)"
        )
        .await,
        0
    );
    let failed = scalar(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_attempts WHERE passed = 0",
    )
    .await;
    assert!(failed > 0, "some attempts fail before the pass");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let future: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM quiz_attempts
         WHERE submitted_at > $1 OR started_at > submitted_at",
    )
    .bind(now)
    .fetch_one(app.db.pool())
    .await
    .expect("query");
    assert_eq!(
        future, 0,
        "attempts happened before now, each after it began"
    );

    // A demo official who completed a course signs in and finds it: the
    // certificate, the attempt that passed the quiz, and the task done.
    let (phone, code): (String, String) = sqlx::query_as(
        "SELECT u.phone, c.code FROM certificates c JOIN users u ON u.id = c.user_id
         ORDER BY c.user_id, c.course_id LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("a certificate");
    let official = app.visitor();
    let signed_in = official.sign_in(&phone, PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let mine = official.get("/hoc-tap").await;
    assert_eq!(mine.status, 200);
    assert!(
        mine.body.contains(&format!("/chung-nhan/{code}")),
        "{}",
        mine.body
    );
    let at = mine
        .body
        .find("/hoc-tap/lan-lam/")
        .expect("an attempt link");
    let link: String = mine.body[at..].chars().take_while(|c| *c != '"').collect();
    let attempt = official.get(&link).await;
    assert_eq!(attempt.status, 200, "{link}");
    assert!(attempt.body.contains('%'), "the attempt shows its grade");
    let certificate = app.visitor().get(&format!("/chung-nhan/{code}")).await;
    assert_eq!(certificate.status, 200);
    let tasks = official.get("/viec-can-lam").await;
    assert_eq!(tasks.status, 200);
    assert!(
        tasks.body.contains("Hoàn thành đúng hạn") || tasks.body.contains("Hoàn thành trễ hạn"),
        "{}",
        tasks.body
    );

    // A second run changes nothing.
    let before = totals(&app).await;
    let again = make(&app, &hash).await;
    assert!(again.already_there);
    assert_eq!(totals(&app).await, before);
}
