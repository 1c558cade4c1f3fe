//! What an outside attacker got through (issue 20), each tried again the
//! way it was found: hostile titles in `<head>`, a manager resetting staff,
//! made-up session cookies, large anonymous bodies, personalised pages in
//! shared caches, other spellings of an address, and secrets in `--help`.

use crate::helpers::{Backend, TestApp, both_backends, roles_settle, spawn_app, staff};
use crate::officials::{activate, add, reset, unit};
use app::domain::Role;
use app::i18n::Lang;
use app::ssr::page_cache::PageKey;

both_backends!(
    hostile_titles_stay_text_in_the_head,
    a_manager_resets_only_ordinary_officials_of_their_units,
    made_up_session_cookies_cost_neither_memory_nor_queries,
    large_bodies_are_read_only_for_those_allowed,
    responses_to_a_session_are_private,
    other_spellings_of_an_address_are_served_but_never_cached,
    a_manager_sees_nothing_of_other_units_through_a_city_wide_assignment,
);

/// What a hostile editor, learner or admin writes into a title or a name.
const HOSTILE: &str = r#"Bài thử</title><meta name="x-probe" content="1"><meta http-equiv="refresh" content="0;url=//ke-xau.example">"#;

/// The part of a page before `</head>`.
fn head(body: &str) -> &str {
    body.split("</head>").next().unwrap_or(body)
}

fn assert_inert(body: &str, what: &str) {
    let head = head(body);
    assert!(
        !body.contains(r#"<meta name="x-probe""#)
            && !body.contains(r#"<meta http-equiv="refresh""#),
        "{what}: a tag got through"
    );
    assert_eq!(head.matches("</title>").count(), 1, "{what}: {head}");
    assert!(
        head.contains("Bài thử&lt;/title&gt;&lt;meta name="),
        "{what}: the title is kept as text: {head}"
    );
}

async fn hostile_titles_stay_text_in_the_head(backend: Backend) {
    let app = spawn_app(backend).await;
    let article = "ai-la-gi-giai-thich-cho-nguoi-lon-tuoi";
    let path = format!("/bai-viet/{article}");
    sqlx::query("UPDATE articles SET title = $1, summary = $2 WHERE slug = $3")
        .bind(HOSTILE)
        .bind(r#"Tóm tắt"><meta name="x-probe" content="2">"#)
        .bind(article)
        .execute(app.db.pool())
        .await
        .unwrap();
    app.db.content_changed();
    let rendered = app.get(&path).await;
    assert_eq!(rendered.status, 200);
    assert_inert(&rendered.body, "article, rendered");
    app.wait_until_cached(&path, Lang::Vi).await;
    let cached = app.get(&path).await;
    assert_inert(&cached.body, "article, from the page cache");
    // a course's title
    sqlx::query("UPDATE courses SET title = $1 WHERE slug = 'binh-dan-hoc-vu-so'")
        .bind(HOSTILE)
        .execute(app.db.pool())
        .await
        .unwrap();
    app.db.content_changed();
    let course = app.get("/khoa-hoc/binh-dan-hoc-vu-so").await;
    assert_eq!(course.status, 200);
    assert_inert(&course.body, "course");

    // the certificate page anyone can open, with a learner's chosen name
    let (learner, learner_id) = staff(&app, "Người Học", None).await;
    let course_id: i64 =
        sqlx::query_scalar("SELECT id FROM courses WHERE slug = 'binh-dan-hoc-vu-so'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    sqlx::query(
        "INSERT INTO certificates (code, user_id, course_id, learner_name, course_title, issued_at)
         VALUES ('K7QX-3M9P-WD4R-HT2B', $1, $2, $3, 'Bình dân học vụ số', 1765000000)",
    )
    .bind(learner_id)
    .bind(course_id)
    .bind(HOSTILE)
    .execute(app.db.pool())
    .await
    .unwrap();
    let certificate = learner.get("/chung-nhan/K7QX-3M9P-WD4R-HT2B").await;
    assert_eq!(certificate.status, 200, "{}", certificate.body);
    let anyone = app.get("/chung-nhan/K7QX-3M9P-WD4R-HT2B").await;
    for body in [&certificate.body, &anyone.body] {
        assert!(
            !body.contains(r#"<meta http-equiv="refresh""#),
            "{}",
            head(body)
        );
        assert_eq!(head(body).matches("</title>").count(), 1);
    }
}

async fn a_manager_resets_only_ordinary_officials_of_their_units(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (manager, manager_id) = staff(&app, "Trưởng Phường", None).await;
    roles_settle().await;
    let ward = unit(&admin, "DN-HC").await;
    let official = add(&admin, ward, "Cán Bộ Thường", "0905 333 001").await["user_id"]
        .as_i64()
        .unwrap();
    let editor = add(&admin, ward, "Biên Tập Viên", "0905 333 002").await["user_id"]
        .as_i64()
        .unwrap();
    let administrator = add(&admin, ward, "Quản Trị Khác", "0905 333 003").await["user_id"]
        .as_i64()
        .unwrap();
    let deputy = add(&admin, ward, "Phó Phường", "0905 333 004").await["user_id"]
        .as_i64()
        .unwrap();
    app.db
        .set_role(None, editor, Role::Editor, true)
        .await
        .unwrap();
    app.db
        .set_role(None, administrator, Role::Admin, true)
        .await
        .unwrap();
    for (who, phone) in [(manager_id, None), (deputy, Some("0905333004"))] {
        let identifier = match phone {
            Some(phone) => phone.to_owned(),
            None => sqlx::query_scalar::<_, String>("SELECT phone FROM users WHERE id = $1")
                .bind(who)
                .fetch_one(app.db.pool())
                .await
                .unwrap(),
        };
        let reply = admin
            .call(
                "/api/admin/member",
                &[
                    ("action", "manage"),
                    ("unit_id", &ward.to_string()),
                    ("identifier", &identifier),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    // an editor, an administrator and another manager inside the ward are
    // not the manager's to reset: their code would carry those rights
    for (target, what) in [
        (editor, "an editor"),
        (administrator, "an administrator"),
        (deputy, "another manager"),
        (manager_id, "themselves"),
    ] {
        let reply = reset(&manager, target).await;
        assert_eq!(reply.status, 403, "{what}: {}", reply.body);
    }
    let issued: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM setup_codes WHERE purpose = 'reset'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(issued, 0, "no code was issued");
    // an ordinary official of the ward still can be
    let reply = reset(&manager, official).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // an administrator may reset the editor (audited)
    let reply = reset(&admin, editor).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json().as_str().unwrap().to_owned();
    let (status, body) = activate(&app.visitor(), "0905333002", &code).await;
    assert_eq!(status, 200, "{body}");
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE subject_id = $1 AND action = 'setup_code_reset'",
    )
    .bind(editor)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

async fn made_up_session_cookies_cost_neither_memory_nor_queries(backend: Backend) {
    let app = spawn_app(backend).await;
    let lesson = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";
    app.get(lesson).await;
    app.wait_until_cached(lesson, Lang::Vi).await;
    // 300 distinct 20 KB cookies, on a cached page and a full render
    for i in 0..300 {
        let cookie = format!("hocso_sid={i}{}", "x".repeat(20 * 1024));
        let path = if i % 2 == 0 { lesson } else { "/khoa-hoc" };
        let page = app.get_with(path, &[("cookie", &cookie)]).await;
        assert_eq!(page.status, 200, "{path}");
    }
    assert_eq!(
        app.state.auth.viewers.len(),
        0,
        "a cookie that is not a session id is never kept"
    );
    // a well-formed id that was never issued is remembered (as nobody) within the bound
    let forged = tower_sessions::session::Id::default().to_string();
    let page = app
        .get_with(lesson, &[("cookie", &format!("hocso_sid={forged}"))])
        .await;
    assert_eq!(page.status, 200);
    assert!(app.state.auth.viewers.len() <= app::ssr::auth::ViewerCache::MAX_ENTRIES);
    // headers over 32 KB are refused before anything reads them
    let huge = format!("hocso_sid={}", "x".repeat(380 * 1024));
    let page = app.get_with(lesson, &[("cookie", &huge)]).await;
    assert_eq!(page.status, 431);
}

/// A multipart body of `size` bytes for the image upload.
async fn post_large(app: &TestApp, cookie: Option<String>, size: usize) -> u16 {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = client
        .post(app.url("/bien-tap/anh"))
        .header("origin", format!("http://{}", app.addr))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body(vec![b'a'; size]);
    if let Some(id) = cookie {
        request = request.header("cookie", format!("hocso_sid={id}"));
    }
    request.send().await.expect("POST").status().as_u16()
}

async fn large_bodies_are_read_only_for_those_allowed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, _) = staff(&app, "Người Học", None).await;
    let (learner, _) = staff(&app, "Người Học Khác", None).await;
    let (editor, _) = staff(&app, "Biên Tập", Some(Role::Editor)).await;
    roles_settle().await;
    let size = 1024 * 1024;
    assert_eq!(post_large(&app, None, size).await, 413, "a visitor");
    assert_eq!(
        post_large(&app, learner.session_id(), size).await,
        413,
        "a learner"
    );
    let forged = Some(tower_sessions::session::Id::default().to_string());
    assert_eq!(
        post_large(&app, forged, size).await,
        413,
        "a made-up session"
    );
    let status = post_large(&app, editor.session_id(), size).await;
    assert_ne!(status, 413, "an editor's upload is read");
    // small bodies still reach the access policy (sign in first)
    let status = post_large(&app, None, 1024).await;
    assert!(status == 303 || status == 401, "{status}");
}

async fn responses_to_a_session_are_private(backend: Backend) {
    let app = spawn_app(backend).await;
    let (learner, _) = staff(&app, "Người Học", None).await;
    let lesson = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";
    for path in ["/", "/tai-khoan", "/hoc-tap", lesson] {
        let page = learner.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(
            page.headers
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("private, no-store"),
            "{path}"
        );
        let vary: Vec<&str> = page
            .headers
            .get_all("vary")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("cookie")),
            "{path}: {vary:?}"
        );
    }
    // the same lesson from the cache, signed in
    app.wait_until_cached(lesson, Lang::Vi).await;
    let cached = learner.get(lesson).await;
    assert_eq!(
        cached
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );
    // a visitor's copy may be kept; static files keep their long life
    let anonymous = app.get(lesson).await;
    assert_eq!(anonymous.headers.get("cache-control"), None);
    let favicon = learner.get("/og-image.png").await;
    assert_eq!(
        favicon
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=86400")
    );
}

async fn other_spellings_of_an_address_are_served_but_never_cached(backend: Backend) {
    let app = spawn_app(backend).await;
    let encoded = "/bai-viet/%61i-la-gi-giai-thich-cho-nguoi-lon-tuoi";
    let canonical = "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi";
    for _ in 0..3 {
        assert_eq!(app.get(encoded).await.status, 200);
    }
    app.get(canonical).await;
    app.wait_until_cached(canonical, Lang::Vi).await;
    let key = PageKey {
        path: encoded.to_owned(),
        lang: Lang::Vi,
    };
    assert!(
        app.pages.get(&key).is_none(),
        "only the canonical address is kept"
    );
    assert_eq!(app.pages.len(), 1);
}

/// `hocso` with `DATABASE_URL` and `HOCSO_SMTP_URL` carrying passwords.
fn hocso(args: &[&str], smtp: &str, database: &str) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
        .args(args)
        .env("DATABASE_URL", database)
        .env("HOCSO_SMTP_URL", smtp)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .expect("hocso runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn help_and_start_up_errors_never_print_passwords() {
    let database = "postgres://hocso:mat-khau-csdl@127.0.0.1:1/hocso";
    let smtp = "smtps://thu:mat-khau-thu@smtp.example.vn:465";
    for args in [&["--help"][..], &["serve", "--help"]] {
        let (status, text) = hocso(args, smtp, database);
        assert_eq!(status, 0, "{text}");
        assert!(!text.contains("mat-khau"), "{args:?}: {text}");
    }
    // a malformed SMTP address is refused at start without its password
    let scratch = std::env::temp_dir().join(format!("hocso-secret-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let sqlite = format!("sqlite://{}/hocso.db", scratch.display());
    let (status, text) = hocso(
        &["serve", "--no-import"],
        "smtps://thu:mat-khau-thu@smtp.example.vn:cong-sai",
        &sqlite,
    );
    let _ = std::fs::remove_dir_all(&scratch);
    assert_ne!(status, 0, "{text}");
    assert!(text.contains("HOCSO_SMTP_URL"), "{text}");
    assert!(!text.contains("mat-khau"), "{text}");
}

async fn a_manager_sees_nothing_of_other_units_through_a_city_wide_assignment(backend: Backend) {
    use crate::assignments::{
        course_id, dashboard, given, make_manager, new_phone, official, unit, vn_date,
    };
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let city = unit(&admin, "DN", "Thành phố Đà Nẵng", 0).await;
    let department = unit(&admin, "DN-STTTT", "Sở Thông tin", city).await;
    let ward = unit(&admin, "DN-HC", "Phường Hải Châu", city).await;
    let (d_phone, w_phone, m_phone) = (new_phone(), new_phone(), new_phone());
    official(
        &app,
        &admin,
        department,
        "Trần Văn Sở",
        &d_phone,
        "Chuyên viên",
    )
    .await;
    official(&app, &admin, ward, "Lê Thị Phường", &w_phone, "Công chức").await;
    let (manager, manager_id) =
        official(&app, &admin, ward, "Trưởng Phường", &m_phone, "Chủ tịch").await;
    make_manager(&app, &admin, ward, manager_id).await;
    roles_settle().await;
    let course = course_id(&app, "binh-dan-hoc-vu-so").await.to_string();
    let deadline = vn_date(30).iso();
    let city_s = city.to_string();
    // given by the city to one person of the department only
    let private = given(
        &admin,
        &[
            ("course", &course),
            ("unit", &city_s),
            ("people", &d_phone),
            ("deadline", &deadline),
            ("document", "Quyết định riêng số 9"),
            ("note", "Ghi chú về một cán bộ của Sở"),
        ],
    )
    .await;
    // given by the city to a person of each
    let shared = given(
        &admin,
        &[
            ("course", &course),
            ("unit", &city_s),
            ("people", &format!("{d_phone}\n{w_phone}")),
            ("deadline", &deadline),
            ("document", "Kế hoạch chung số 10"),
        ],
    )
    .await;
    let board = dashboard(&manager, ward, 0).await;
    let listed: Vec<i64> = board["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(listed, [shared], "{board}");
    let text = board.to_string();
    assert!(
        !text.contains("Quyết định riêng") && !text.contains("Ghi chú về"),
        "{text}"
    );
    assert!(!text.contains("Trần Văn Sở"), "{text}");
    assert!(
        text.contains("Lê Thị Phường"),
        "their own official is named: {text}"
    );
    let page = manager.get(&format!("/theo-doi?don-vi={ward}")).await;
    assert_eq!(page.status, 200);
    for hidden in ["Quyết định riêng", "Ghi chú về", "Trần Văn Sở"] {
        assert!(!page.body.contains(hidden), "{hidden}");
    }
    // the admin sees both, with every name
    let board = dashboard(&admin, 0, 0).await.to_string();
    assert!(board.contains("Quyết định riêng") && board.contains("Trần Văn Sở"));
    let _ = private;
}
