//! Required modules for officials (issue 12), on both backends, through the
//! real server and database: an assignment given at `/theo-doi/giao-viec`
//! covers a unit's subtree, a position or named people, and bad forms
//! create nothing; newcomers and transferred officials inherit open
//! assignments (the later of the deadline and 14 days); completion is an
//! event read against the deadline in Vietnam time and never undone by a
//! later change of the course; two app servers send each reminder once; a
//! manager sees and touches only their own units; the CSV export opens in
//! Excel and cannot carry a formula.

use crate::helpers::{
    Backend, TestApp, Visitor, both_backends, roles_settle, scalar, spawn_app,
    spawn_app_configured, spawn_app_on_configured, spawn_app_with, staff,
};
use app::domain::{
    DashboardFilter, Date, Moment, NEWCOMER_DAYS, Role, Viewer, end_of_day, newcomer_due,
};
use app::ssr::assignments::{self, AssignError};
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

both_backends!(
    an_assignment_covers_a_subtree_a_position_or_named_people,
    newcomers_and_transferred_officials_inherit_open_assignments,
    completion_is_an_event_read_against_the_deadline_in_vietnam,
    two_servers_send_each_reminder_exactly_once,
    one_e_mail_the_mailer_refuses_never_stops_the_next,
    a_manager_sees_and_assigns_only_inside_their_units,
    the_csv_export_opens_in_excel_and_carries_no_formula,
);

const AI: &str = "binh-dan-hoc-ai";
const VU_SO: &str = "binh-dan-hoc-vu-so";
const GIVE: &str = "/theo-doi/giao-viec";
const PASSWORD: &str = "mật khẩu cán bộ 2026";

// ---------------------------------------------------------------- helpers

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// The Vietnam date `days` from today.
pub(crate) fn vn_date(days: i64) -> Date {
    Moment(now() + days * 86_400).date_vn()
}

pub(crate) async fn unit(admin: &Visitor, code: &str, name: &str, parent: i64) -> i64 {
    let reply = admin
        .call(
            "/api/admin/unit",
            &[
                ("action", "create"),
                ("code", code),
                ("name", name),
                ("parent", &parent.to_string()),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "create {code}: {}", reply.body);
    reply.json().as_i64().expect("the unit's id")
}

static PHONE: AtomicU32 = AtomicU32::new(500_000);

/// A phone number nobody else in this test binary uses.
pub(crate) fn new_phone() -> String {
    let n = PHONE.fetch_add(1, Ordering::Relaxed);
    format!("0913 {:03} {:03}", n / 1000 % 1000, n % 1000)
}

/// An official added by the admin to `unit` with `position`: their id and,
/// for a new account, the set-up code.
async fn add_official(
    admin: &Visitor,
    unit: i64,
    name: &str,
    identifier: &str,
    position: &str,
) -> (i64, Option<String>) {
    let reply = admin
        .call(
            "/api/admin/official",
            &[
                ("unit_id", &unit.to_string()),
                ("full_name", name),
                ("identifier", identifier),
                ("position", position),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "add {name}: {}", reply.body);
    let value = reply.json();
    (
        value["user_id"].as_i64().expect("user id"),
        value["code"].as_str().map(str::to_owned),
    )
}

/// An official added to `unit` who has set their password and is signed in.
pub(crate) async fn official(
    app: &TestApp,
    admin: &Visitor,
    unit: i64,
    name: &str,
    identifier: &str,
    position: &str,
) -> (Visitor, i64) {
    let (id, code) = add_official(admin, unit, name, identifier, position).await;
    let visitor = app.visitor();
    let reply = visitor
        .call(
            "/api/auth/activate",
            &[
                ("identifier", identifier),
                ("code", &code.expect("a new account's code")),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "activate {name}: {}", reply.body);
    (visitor, id)
}

async fn phone_of(app: &TestApp, user: i64) -> String {
    sqlx::query_scalar("SELECT phone FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(app.db.pool())
        .await
        .expect("phone")
}

async fn member(admin: &Visitor, form: &[(&str, &str)]) {
    let reply = admin.call("/api/admin/member", form).await;
    assert_eq!(reply.status, 200, "{form:?}: {}", reply.body);
}

pub(crate) async fn make_manager(app: &TestApp, admin: &Visitor, unit: i64, user: i64) {
    let phone = phone_of(app, user).await;
    member(
        admin,
        &[
            ("action", "manage"),
            ("unit_id", &unit.to_string()),
            ("identifier", &phone),
        ],
    )
    .await;
}

async fn place(admin: &Visitor, unit: i64, identifier: &str, position: &str) {
    member(
        admin,
        &[
            ("action", "place"),
            ("unit_id", &unit.to_string()),
            ("identifier", identifier),
            ("position", position),
        ],
    )
    .await;
}

pub(crate) async fn course_id(app: &TestApp, slug: &str) -> i64 {
    app.db
        .course_choices()
        .await
        .expect("courses")
        .into_iter()
        .find(|(_, s, _)| s == slug)
        .unwrap_or_else(|| panic!("course {slug}"))
        .0
}

/// Posts the assignment form as a browser does: the new assignment's id,
/// or the reason the form came back with.
async fn give(visitor: &Visitor, form: &[(&str, &str)]) -> Result<i64, String> {
    let reply = visitor.submit(GIVE, GIVE, form).await;
    assert_eq!(reply.status, 303, "{form:?}: {}", reply.body);
    let location = reply.location().to_owned();
    if location == GIVE {
        let choices = visitor.call("/api/manager/assign_choices", &[]).await;
        assert_eq!(choices.status, 200, "{}", choices.body);
        let error = choices.json()["error"]
            .as_str()
            .expect("a refused form says why")
            .to_owned();
        return Err(error);
    }
    let id = location
        .split("nhiem-vu=")
        .nth(1)
        .unwrap_or_else(|| panic!("not the dashboard: {location}"))
        .parse()
        .unwrap_or_else(|_| panic!("no assignment id: {location}"));
    Ok(id)
}

pub(crate) async fn given(visitor: &Visitor, form: &[(&str, &str)]) -> i64 {
    give(visitor, form)
        .await
        .unwrap_or_else(|e| panic!("{form:?} refused: {e}"))
}

async fn dashboard_reply(visitor: &Visitor, unit: i64, assignment: i64) -> crate::helpers::Reply {
    visitor
        .call(
            "/api/manager/dashboard",
            &[
                ("unit", &unit.to_string()),
                ("assignment", &assignment.to_string()),
            ],
        )
        .await
}

pub(crate) async fn dashboard(visitor: &Visitor, unit: i64, assignment: i64) -> Value {
    let reply = dashboard_reply(visitor, unit, assignment).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// `(total, on_time, late, in_progress, not_started, overdue)` of a view.
async fn counts(visitor: &Visitor, unit: i64, assignment: i64) -> [i64; 6] {
    let board = dashboard(visitor, unit, assignment).await;
    let c = &board["counts"];
    [
        "total",
        "on_time",
        "late",
        "in_progress",
        "not_started",
        "overdue",
    ]
    .map(|k| c[k].as_i64().unwrap_or_else(|| panic!("{k} in {c}")))
}

async fn tasks(visitor: &Visitor) -> Value {
    let reply = visitor.call("/api/account/tasks", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// The visitor's task for `assignment`, if they have it.
async fn task(visitor: &Visitor, assignment: i64) -> Option<Value> {
    tasks(visitor).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["assignment_id"].as_i64() == Some(assignment))
        .cloned()
}

async fn task_ids(visitor: &Visitor) -> Vec<i64> {
    let mut ids: Vec<i64> = tasks(visitor).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["assignment_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

async fn joined_at(app: &TestApp, user: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT from_at FROM unit_memberships WHERE user_id = $1 AND until_at IS NULL",
    )
    .bind(user)
    .fetch_one(app.db.pool())
    .await
    .expect("a current membership")
}

fn viewer(id: i64, name: &str) -> Viewer {
    Viewer {
        id,
        full_name: name.into(),
        identifier: String::new(),
        roles: vec![],
    }
}

// ------------------------------------------------------------------ 1

async fn an_assignment_covers_a_subtree_a_position_or_named_people(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (manager, manager_id) = staff(&app, "Chủ Tịch Phường Hải Châu", None).await;
    roles_settle().await;
    let city = unit(&admin, "DN", "Đà Nẵng", 0).await;
    let ward = unit(&admin, "DN-HC", "Phường Hải Châu", city).await;
    let t1 = unit(&admin, "DN-HC-T1", "Tổ 1", ward).await;
    let t2 = unit(&admin, "DN-HC-T2", "Tổ 2", ward).await;
    let other = unit(&admin, "DN-LC", "Phường Liên Chiểu", city).await;
    make_manager(&app, &admin, ward, manager_id).await;

    let chief_phone = new_phone();
    let (chief, _) = official(&app, &admin, ward, "Võ Chủ Tịch", &chief_phone, "Chủ tịch").await;
    let (an, _) = official(&app, &admin, t1, "Nguyễn An", &new_phone(), "Công chức").await;
    let binh_phone = new_phone();
    let (binh, _) = official(&app, &admin, t1, "Trần Bình", &binh_phone, "Tổ trưởng").await;
    let (cuong, _) = official(&app, &admin, t2, "Lê Cường", &new_phone(), "Công chức").await;
    let (outsider, _) = official(&app, &admin, other, "Hồ Ngoài", &new_phone(), "Công chức").await;
    let ai = course_id(&app, AI).await.to_string();
    let vu_so = course_id(&app, VU_SO).await.to_string();
    let (ward_s, other_s) = (ward.to_string(), other.to_string());
    let deadline = vn_date(30);

    // the whole subtree: the ward and both groups, nobody elsewhere
    let reply = manager
        .submit(
            GIVE,
            GIVE,
            &[
                ("course", &ai),
                ("unit", &ward_s),
                ("include_sub", "1"),
                ("deadline", &deadline.iso()),
                ("authority", "UBND thành phố Đà Nẵng"),
                ("document", "Kế hoạch số 12/KH-UBND"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let subtree: i64 = reply
        .location()
        .strip_prefix(&format!("/theo-doi?don-vi={ward}&nhiem-vu="))
        .unwrap_or_else(|| panic!("opens the dashboard: {}", reply.location()))
        .parse()
        .unwrap();
    assert_eq!(
        counts(&manager, ward, subtree).await,
        [4, 0, 0, 0, 4, 0],
        "four people, none started"
    );
    let board = dashboard(&manager, ward, subtree).await;
    let per_unit: Vec<(String, i64)> = board["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"]["code"].as_str().unwrap().to_owned(),
                u["counts"]["total"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        per_unit,
        [("DN-HC-T1".to_owned(), 2), ("DN-HC-T2".to_owned(), 1)]
    );
    let line = board["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == subtree)
        .expect("the assignment is listed")
        .clone();
    assert_eq!(line["authority"], "UBND thành phố Đà Nẵng");
    assert_eq!(line["deadline_at"], end_of_day(deadline));
    for (who, visitor) in [("chief", &chief), ("An", &an), ("Cường", &cuong)] {
        let task = task(visitor, subtree)
            .await
            .unwrap_or_else(|| panic!("{who} has the task"));
        assert_eq!(task["status"], "NotStarted", "{who}");
        assert_eq!(task["due_at"], end_of_day(deadline), "{who}");
        assert_eq!(task["course_slug"], AI);
        assert_eq!(task["document"], "Kế hoạch số 12/KH-UBND");
    }
    assert!(
        task_ids(&outsider).await.is_empty(),
        "another ward: nothing"
    );

    // the ward alone (no sub-units)
    let alone = given(
        &manager,
        &[
            ("course", &vu_so),
            ("unit", &ward_s),
            ("deadline", &deadline.display_vn()),
        ],
    )
    .await;
    assert_eq!(counts(&manager, ward, alone).await[0], 1);
    assert!(task(&chief, alone).await.is_some());
    assert!(task(&an, alone).await.is_none(), "a group is not the ward");

    // one position in the subtree, deadline typed as dd/mm/yyyy
    let position = given(
        &manager,
        &[
            ("course", &vu_so),
            ("unit", &ward_s),
            ("include_sub", "1"),
            ("position", "Công chức"),
            ("deadline", &deadline.display_vn()),
        ],
    )
    .await;
    assert_eq!(counts(&manager, ward, position).await[0], 2);
    assert!(task(&an, position).await.is_some());
    assert!(task(&cuong, position).await.is_some());
    assert!(task(&binh, position).await.is_none(), "Tổ trưởng");
    assert!(task(&chief, position).await.is_none(), "Chủ tịch");

    // named people, one per line, as typed
    let people = format!("  {binh_phone}\r\n\r\n{}\n", chief_phone.replace(' ', ""));
    let named = given(
        &manager,
        &[
            ("course", &ai),
            ("unit", &ward_s),
            ("people", &people),
            ("deadline", &deadline.iso()),
        ],
    )
    .await;
    assert_eq!(counts(&manager, ward, named).await[0], 2);
    assert!(task(&binh, named).await.is_some());
    assert!(task(&chief, named).await.is_some());
    assert!(task(&an, named).await.is_none());
    // the ward's totals are the sum of the four
    assert_eq!(counts(&manager, ward, 0).await[0], 4 + 1 + 2 + 2);

    // refused forms create nothing and come back with their reason
    let assignments_before = scalar(&app, "SELECT COUNT(*) FROM assignments").await;
    let assignees_before = scalar(&app, "SELECT COUNT(*) FROM assignees").await;
    let yesterday = vn_date(-1).iso();
    let unknown = "0999 888 777".to_owned();
    let outsider_phone = sqlx::query_scalar::<_, String>(
        "SELECT u.phone FROM users u JOIN unit_memberships m ON m.user_id = u.id
         WHERE m.unit_id = $1 AND m.until_at IS NULL",
    )
    .bind(other)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let deadline_iso = deadline.iso();
    let two_people = format!("{binh_phone}\n{unknown}");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("unit", &ward_s), ("deadline", &deadline_iso)],
            "ít nhất một khóa học",
        ),
        (
            vec![("course", &ai), ("unit", &ward_s), ("deadline", &yesterday)],
            "đã qua",
        ),
        (
            vec![
                ("course", &ai),
                ("unit", &ward_s),
                ("deadline", "31/02/2030"),
            ],
            "là một ngày",
        ),
        (
            vec![
                ("course", &ai),
                ("unit", &ward_s),
                ("people", &two_people),
                ("deadline", &deadline_iso),
            ],
            "Dòng 2",
        ),
        (
            vec![
                ("course", &ai),
                ("unit", &ward_s),
                ("people", &outsider_phone),
                ("deadline", &deadline_iso),
            ],
            "Dòng 1",
        ),
        (
            vec![
                ("course", &ai),
                ("unit", &other_s),
                ("include_sub", "1"),
                ("deadline", &deadline_iso),
            ],
            "phạm vi bạn quản lý",
        ),
        (
            vec![
                ("course", &ai),
                ("unit", &ward_s),
                ("position", "Không ai giữ"),
                ("deadline", &deadline_iso),
            ],
            "Không có ai",
        ),
        (
            vec![
                ("course", "999999"),
                ("unit", &ward_s),
                ("deadline", &deadline_iso),
            ],
            "Không tìm thấy khóa học",
        ),
    ];
    for (form, says) in cases {
        let error = give(&manager, &form)
            .await
            .expect_err(&format!("{form:?} must be refused"));
        assert!(error.contains(says), "{form:?}: {error}");
    }
    // the refused form is kept for its author, once
    let reply = manager
        .submit(
            GIVE,
            GIVE,
            &[("course", &ai), ("unit", &ward_s), ("deadline", &yesterday)],
        )
        .await;
    assert_eq!((reply.status, reply.location()), (303, GIVE));
    let choices = manager
        .call("/api/manager/assign_choices", &[])
        .await
        .json();
    assert!(
        choices["kept"]
            .as_array()
            .unwrap()
            .iter()
            .any(|kv| kv[0] == "deadline" && kv[1] == yesterday.as_str()),
        "{choices}"
    );
    let again = manager
        .call("/api/manager/assign_choices", &[])
        .await
        .json();
    assert_eq!(again["error"], Value::Null, "shown once");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM assignments").await,
        assignments_before,
        "no assignment was created"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM assignees").await,
        assignees_before,
        "nobody was covered"
    );
    assert!(task_ids(&outsider).await.is_empty());
}

// ------------------------------------------------------------------ 2

async fn newcomers_and_transferred_officials_inherit_open_assignments(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let city = unit(&admin, "DN", "Đà Nẵng", 0).await;
    let a = unit(&admin, "DN-HC", "Phường Hải Châu", city).await;
    let a1 = unit(&admin, "DN-HC-T1", "Tổ 1", a).await;
    let b = unit(&admin, "DN-LC", "Phường Liên Chiểu", city).await;
    let ai = course_id(&app, AI).await;
    let vu_so = course_id(&app, VU_SO).await;

    let stayer_phone = new_phone();
    let (stayer, stayer_id) =
        official(&app, &admin, a, "Nguyễn Ở Lại", &stayer_phone, "Công chức").await;
    let mover_phone = new_phone();
    let (mover, mover_id) =
        official(&app, &admin, a, "Trần Chuyển", &mover_phone, "Công chức").await;
    add_official(&admin, b, "Lê Liên Chiểu", &new_phone(), "Công chức").await;

    // X: Hải Châu with its groups, due in two days; Y: Liên Chiểu, in 60 days
    let x_date = vn_date(2);
    let y_date = vn_date(60);
    let x = given(
        &admin,
        &[
            ("course", &ai.to_string()),
            ("unit", &a.to_string()),
            ("include_sub", "1"),
            ("deadline", &x_date.iso()),
        ],
    )
    .await;
    let y = given(
        &admin,
        &[
            ("course", &vu_so.to_string()),
            ("unit", &b.to_string()),
            ("deadline", &y_date.iso()),
        ],
    )
    .await;
    let (x_deadline, y_deadline) = (end_of_day(x_date), end_of_day(y_date));
    assert_eq!(counts(&admin, a, x).await[0], 2);
    assert_eq!(counts(&admin, b, y).await[0], 1);

    // a newcomer in a covered group gets X with 14 days (the deadline is sooner)
    let (newcomer, newcomer_id) =
        official(&app, &admin, a1, "Phạm Mới Đến", &new_phone(), "Văn thư").await;
    let joined = joined_at(&app, newcomer_id).await;
    let due = newcomer_due(x_deadline, joined, NEWCOMER_DAYS);
    assert!(due > x_deadline, "14 days are later than the deadline");
    let task_x = task(&newcomer, x).await.expect("the newcomer inherits X");
    assert_eq!(task_x["due_at"], due);
    assert_eq!(task_x["status"], "NotStarted");
    assert_eq!(
        Moment(due).display_vn(),
        format!(
            "{} 23:59",
            Moment(joined + 14 * 86_400).date_vn().display_vn()
        ),
        "the end of the Vietnam day 14 days after joining"
    );
    assert_eq!(
        (due + 1 + 7 * 3600) % 86_400,
        0,
        "a Vietnam midnight follows"
    );
    assert_eq!(counts(&admin, a, x).await[0], 3);
    // a newcomer in Liên Chiểu keeps Y's deadline, later than 14 days
    let (late_comer, late_id) = official(&app, &admin, b, "Đỗ Đến Sau", &new_phone(), "").await;
    let joined = joined_at(&app, late_id).await;
    assert_eq!(newcomer_due(y_deadline, joined, NEWCOMER_DAYS), y_deadline);
    assert_eq!(task(&late_comer, y).await.expect("Y")["due_at"], y_deadline);
    assert!(task(&late_comer, x).await.is_none());

    // the stayer completes X in Hải Châu (done where it was done)
    app.db
        .complete_assignments_at(stayer_id, ai, now())
        .await
        .unwrap();
    assert_eq!(counts(&admin, a, x).await[..3], [3, 1, 0]);

    // a transfer to Liên Chiểu: X (open) follows and is counted there, Y is inherited
    place(&admin, b, &mover_phone, "Chuyên viên").await;
    assert_eq!(task_ids(&mover).await, {
        let mut ids = vec![x, y];
        ids.sort_unstable();
        ids
    });
    let moved_x = task(&mover, x).await.unwrap();
    assert_eq!(moved_x["due_at"], x_deadline, "X keeps its due moment");
    let joined_b = joined_at(&app, mover_id).await;
    assert_eq!(
        task(&mover, y).await.unwrap()["due_at"],
        newcomer_due(y_deadline, joined_b, NEWCOMER_DAYS)
    );
    assert_eq!(counts(&admin, a, x).await[0], 2, "no longer in Hải Châu");
    assert_eq!(counts(&admin, b, x).await[0], 1, "counted in Liên Chiểu");
    assert_eq!(counts(&admin, b, y).await[0], 3);
    let people = dashboard(&admin, b, x).await["people"].clone();
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["user_id"], mover_id);
    assert_eq!(people[0]["position"], "Chuyên viên");

    // the stayer moves too: their done X stays counted in Hải Châu
    place(&admin, b, &stayer_phone, "Công chức").await;
    assert_eq!(counts(&admin, a, x).await[..3], [2, 1, 0]);
    assert_eq!(counts(&admin, b, x).await[0], 1);
    assert!(task(&stayer, y).await.is_some(), "inherits Y");
    assert_eq!(task(&stayer, x).await.unwrap()["status"], "DoneOnTime");

    // leaving removes what is open, keeps what is done
    member(
        &admin,
        &[
            ("action", "leave"),
            ("unit_id", &b.to_string()),
            ("user_id", &stayer_id.to_string()),
        ],
    )
    .await;
    assert_eq!(task_ids(&stayer).await, [x], "only the completed X remains");
    assert_eq!(task(&stayer, x).await.unwrap()["status"], "DoneOnTime");
    assert_eq!(counts(&admin, a, x).await[..3], [2, 1, 0]);
    assert_eq!(counts(&admin, b, y).await[0], 3, "the stayer's Y is gone");
    member(
        &admin,
        &[
            ("action", "leave"),
            ("unit_id", &b.to_string()),
            ("user_id", &mover_id.to_string()),
        ],
    )
    .await;
    assert!(task_ids(&mover).await.is_empty());
    assert_eq!(counts(&admin, b, x).await[0], 0);
    assert_eq!(counts(&admin, b, y).await[0], 2);
    assert_eq!(
        counts(&admin, city, 0).await[0],
        2 + 2,
        "the city: X in Hải Châu, Y in Liên Chiểu"
    );
}

// ------------------------------------------------------------------ 3

const REQUIRED: &str = "khoa-bat-buoc";

fn lesson_file(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"Tóm tắt {title}.\"\nminutes = 3\n+++\nNội dung của {title}.\n"
    )
}

fn course_file(steps: &str) -> String {
    format!(
        "+++\ntitle = \"Khóa bắt buộc\"\nsummary = \"Một khóa học bắt buộc để kiểm thử.\"\norder = 9\nsequential = false\nsteps = [{steps}]\n+++\nBìa của khóa bắt buộc.\n"
    )
}

fn write_required(content: &std::path::Path, steps: &str) {
    let dir = content.join("courses").join(REQUIRED);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("course.md"), course_file(steps)).unwrap();
    for (slug, title) in [
        ("bai-mot", "Bài một"),
        ("bai-hai", "Bài hai"),
        ("bai-ba", "Bài ba"),
    ] {
        if steps.contains(slug) {
            std::fs::write(dir.join(format!("{slug}.md")), lesson_file(title)).unwrap();
        }
    }
}

async fn complete_lesson(visitor: &Visitor, lesson: &str) {
    let page = format!("/khoa-hoc/{REQUIRED}/{lesson}");
    let reply = visitor
        .submit(&page, &format!("{page}/hoan-thanh"), &[])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

async fn completion_is_an_event_read_against_the_deadline_in_vietnam(backend: Backend) {
    let app = spawn_app_with(backend, |content| {
        write_required(content, r#""bai-mot", "bai-hai""#)
    })
    .await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let ward = unit(&admin, "DN-HC", "Phường Hải Châu", 0).await;
    let course = course_id(&app, REQUIRED).await;
    let (on_time, on_time_id) = official(&app, &admin, ward, "Đúng Giờ", &new_phone(), "").await;
    let (late, late_id) = official(&app, &admin, ward, "Trễ Một Giây", &new_phone(), "").await;
    let (learner, learner_id) =
        official(&app, &admin, ward, "Học Qua Mạng", &new_phone(), "").await;
    let d = vn_date(5);
    let id = given(
        &admin,
        &[
            ("course", &course.to_string()),
            ("unit", &ward.to_string()),
            ("deadline", &d.display_vn()),
        ],
    )
    .await;
    let due = end_of_day(d);
    assert_eq!(
        Moment(due).display_vn(),
        format!("{} 23:59", d.display_vn())
    );
    // 23:59:59 of D in Vietnam is 16:59:59 UTC: on time; a second later: late
    assert_eq!((due + 1) % 86_400, 17 * 3600, "00:00 +07 is 17:00 UTC");
    app.db
        .complete_assignments_at(on_time_id, course, due)
        .await
        .unwrap();
    app.db
        .complete_assignments_at(late_id, course, due + 1)
        .await
        .unwrap();
    assert_eq!(task(&on_time, id).await.unwrap()["status"], "DoneOnTime");
    let late_task = task(&late, id).await.unwrap();
    assert_eq!(late_task["status"], "DoneLate");
    assert_eq!(late_task["completed_at"], due + 1);
    assert_eq!(counts(&admin, ward, id).await, [3, 1, 1, 0, 1, 0]);
    // the event is recorded once: a second completion changes nothing
    app.db
        .complete_assignments_at(late_id, course, due - 3600)
        .await
        .unwrap();
    assert_eq!(task(&late, id).await.unwrap()["status"], "DoneLate");
    assert_eq!(counts(&admin, ward, id).await, [3, 1, 1, 0, 1, 0]);

    // completing the course over HTTP: started, then done
    complete_lesson(&learner, "bai-mot").await;
    let started = task(&learner, id).await.unwrap();
    assert_eq!(started["status"], "InProgress");
    assert_eq!(
        (started["steps_done"].as_i64(), started["steps"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(counts(&admin, ward, id).await, [3, 1, 1, 1, 0, 0]);
    let before = now();
    complete_lesson(&learner, "bai-hai").await;
    let done = task(&learner, id).await.unwrap();
    assert_eq!(done["status"], "DoneOnTime", "{done}");
    let completed_at = done["completed_at"].as_i64().expect("completed");
    assert!(completed_at >= before && completed_at <= now());
    assert_eq!(counts(&admin, ward, id).await, [3, 2, 1, 0, 0, 0]);
    let person = dashboard(&admin, ward, id).await["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["user_id"] == learner_id)
        .cloned()
        .unwrap();
    assert_eq!(person["status"], "DoneOnTime");

    // a lesson added to the course later does not undo the completion
    write_required(&app.content_dir, r#""bai-mot", "bai-hai", "bai-ba""#);
    app.import().await;
    let after = task(&learner, id).await.unwrap();
    assert_eq!(after["steps"], 3, "the course has grown: {after}");
    assert_eq!(after["steps_done"], 2);
    assert_eq!(after["status"], "DoneOnTime", "still done");
    assert_eq!(after["completed_at"], completed_at, "the same event");
    assert_eq!(counts(&admin, ward, id).await, [3, 2, 1, 0, 0, 0]);
    // nor does completing the new lesson record it again
    complete_lesson(&learner, "bai-ba").await;
    assert_eq!(
        task(&learner, id).await.unwrap()["completed_at"],
        completed_at
    );
    assert_eq!(counts(&admin, ward, id).await, [3, 2, 1, 0, 0, 0]);

    // someone whose due moment has passed without completing is overdue:
    // on their list, in the counts, and among the people to chase
    let (slow, slow_id) = official(&app, &admin, ward, "Chậm Trễ", &new_phone(), "").await;
    assert_eq!(task(&slow, id).await.unwrap()["status"], "NotStarted");
    sqlx::query("UPDATE assignees SET due_at = $1 WHERE user_id = $2")
        .bind(now() - 60)
        .bind(slow_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(task(&slow, id).await.unwrap()["status"], "Overdue");
    assert_eq!(counts(&admin, ward, id).await, [4, 2, 1, 0, 0, 1]);
    let chase = dashboard(&admin, ward, id).await["chase"].clone();
    let chase: Vec<i64> = chase
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(chase, [slow_id]);
}

// ------------------------------------------------------------------ 4

/// One message an SMTP client handed over.
#[derive(Clone, Debug)]
struct Mail {
    to: Vec<String>,
    data: String,
}

/// An SMTP server that takes every message and keeps it.
struct SmtpSink {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the sink");
        let port = listener.local_addr().unwrap().port();
        let mails: Arc<Mutex<Vec<Mail>>> = Arc::default();
        let kept = mails.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(smtp_session(stream, kept.clone()));
            }
        });
        SmtpSink { port, mails }
    }

    fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }
}

async fn smtp_session(stream: tokio::net::TcpStream, mails: Arc<Mutex<Vec<Mail>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut to = Vec::new();
    let mut line = Vec::new();
    if write.write_all(b"220 sink ESMTP ready\r\n").await.is_err() {
        return;
    }
    loop {
        line.clear();
        match read.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = String::from_utf8_lossy(&line).trim_end().to_owned();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 sink\r\n",
            "MAIL" => {
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                let address = command
                    .split('<')
                    .nth(1)
                    .and_then(|rest| rest.split('>').next())
                    .unwrap_or("")
                    .to_owned();
                to.push(address);
                b"250 OK\r\n"
            }
            "DATA" => {
                if write.write_all(b"354 go ahead\r\n").await.is_err() {
                    return;
                }
                let mut data = Vec::new();
                loop {
                    line.clear();
                    match read.read_until(b'\n', &mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line == b".\r\n" {
                        break;
                    }
                    // dot-stuffing
                    let start = usize::from(line.starts_with(b".."));
                    data.extend_from_slice(&line[start..]);
                }
                mails.lock().unwrap().push(Mail {
                    to: std::mem::take(&mut to),
                    data: String::from_utf8_lossy(&data).into_owned(),
                });
                b"250 OK queued\r\n"
            }
            "RSET" => {
                to.clear();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"502 not implemented\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// A header's value with its folded lines joined and RFC 2047 encoded
/// words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded.
fn header(data: &str, name: &str) -> Option<String> {
    let head = data.split("\r\n\r\n").next()?;
    let mut value: Option<String> = None;
    for line in head.split("\r\n") {
        if let Some(v) = value.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push_str(line);
                continue;
            }
            break;
        }
        if line.len() > name.len()
            && line[..name.len()].eq_ignore_ascii_case(name)
            && line[name.len()..].starts_with(':')
        {
            value = Some(line[name.len() + 1..].to_owned());
        }
    }
    let raw = value?;
    let mut decoded = Vec::new();
    let mut rest = raw.trim();
    let mut last_encoded = false;
    while !rest.is_empty() {
        if let Some(word) = rest.strip_prefix("=?") {
            let parts: Vec<&str> = word.splitn(3, '?').collect();
            if let [_, encoding, tail] = parts.as_slice()
                && let Some(end) = tail.find("?=")
            {
                let text = &tail[..end];
                if encoding.eq_ignore_ascii_case("b") {
                    decoded.extend(base64_decode(text));
                } else {
                    let bytes = text.as_bytes();
                    let mut i = 0;
                    while i < bytes.len() {
                        match bytes[i] {
                            b'_' => decoded.push(b' '),
                            b'=' if i + 2 < bytes.len() => {
                                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                                decoded.push(u8::from_str_radix(hex, 16).unwrap());
                                i += 2;
                            }
                            b => decoded.push(b),
                        }
                        i += 1;
                    }
                }
                rest = tail[end + 2..].trim_start();
                last_encoded = true;
                continue;
            }
        }
        // plain text up to the next encoded word
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find("=?").map_or(rest.len(), |i| i + first);
        let plain = &rest[..next];
        if !(last_encoded && plain.trim().is_empty()) {
            decoded.extend_from_slice(plain.as_bytes());
        }
        last_encoded = false;
        rest = &rest[next..];
    }
    Some(String::from_utf8_lossy(&decoded).into_owned())
}

async fn two_servers_send_each_reminder_exactly_once(backend: Backend) {
    let sink = SmtpSink::start().await;
    let configure = |settings: &mut hocso::startup::Settings| {
        settings.reminders = hocso::reminders::ReminderSettings {
            every: Duration::from_secs(1),
            days_before: 3,
            mail: Some(hocso::reminders::MailSettings {
                smtp_url: format!("smtp://127.0.0.1:{}", sink.port),
                from: "Học Số <khong-tra-loi@hocso.example.vn>".to_owned(),
            }),
        };
    };
    let app = spawn_app_configured(backend, configure).await;
    let other = spawn_app_on_configured(&app, configure).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let ward = unit(&admin, "DN-HC", "Phường Hải Châu", 0).await;
    let emails = [
        "an.nguyen@haichau.example.vn",
        "binh.tran@haichau.example.vn",
        "cuong.le@haichau.example.vn",
    ];
    let mut people = Vec::new();
    for (i, email) in emails.iter().enumerate() {
        let (visitor, id) = official(
            &app,
            &admin,
            ward,
            &format!("Cán Bộ Thư {i}"),
            email,
            "Công chức",
        )
        .await;
        people.push((visitor, id));
    }
    // someone without an e-mail is reminded in the app only
    let phone_only = official(&app, &admin, ward, "Chỉ Có Số", &new_phone(), "").await;
    let title = app
        .db
        .course_choices()
        .await
        .unwrap()
        .into_iter()
        .find(|(_, slug, _)| slug == AI)
        .unwrap()
        .2;
    // due tomorrow: within the three days
    let id = given(
        &admin,
        &[
            ("course", &course_id(&app, AI).await.to_string()),
            ("unit", &ward.to_string()),
            ("deadline", &vn_date(1).iso()),
        ],
    )
    .await;

    // both servers run every second; wait until every e-mail went out
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let outbox = app.db.outbox().await.unwrap();
        if outbox.len() == emails.len() && outbox.iter().all(|(_, _, sent)| *sent) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the outbox was not sent: {outbox:?}\nsink: {:?}",
            sink.mails()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // a few more rounds of both servers change nothing
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let outbox = app.db.outbox().await.unwrap();
    assert_eq!(outbox.len(), emails.len(), "{outbox:?}");
    let rows: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT user_id, assignment_id, kind, CAST(COUNT(*) AS BIGINT) FROM notifications
         GROUP BY user_id, assignment_id, kind ORDER BY user_id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), emails.len() + 1, "one per person: {rows:?}");
    assert!(
        rows.iter()
            .all(|(_, a, kind, n)| *a == id && kind == "due_soon" && *n == 1),
        "{rows:?}"
    );
    for (visitor, _) in people.iter().chain([&phone_only]) {
        let list = tasks(visitor).await;
        let reminders = list["reminders"].as_array().unwrap();
        assert_eq!(reminders.len(), 1, "{list}");
        assert_eq!(reminders[0]["kind"], "due_soon");
        assert_eq!(reminders[0]["read"], false);
        assert_eq!(reminders[0]["course_slug"], AI);
    }
    // the app marks them read
    let reply = people[0].0.call("/api/account/reminders_read", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(tasks(&people[0].0).await["reminders"][0]["read"], true);

    let mails = sink.mails();
    let mut recipients: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    assert_eq!(recipients, emails, "one e-mail per person, exactly");
    for mail in &mails {
        assert_eq!(mail.to.len(), 1);
        let subject = header(&mail.data, "Subject").expect("a subject");
        assert!(
            subject.contains(&title) && subject.contains("Sắp đến hạn"),
            "{subject:?}\n{}",
            mail.data
        );
        let to = header(&mail.data, "To").expect("a To header");
        assert!(to.contains(&mail.to[0]), "{to}");
    }
    drop(other);
}

/// Finding 10: `run_once` stopped at the first failure, oldest first, so
/// one address our `Email::parse` accepts but the mailer refuses (a
/// non-ASCII local part) stalled every e-mail after it, password resets
/// included. Now such an address is given up when queued, one queued
/// before that check is given up when sending fails for good, and the
/// e-mails after it go out.
async fn one_e_mail_the_mailer_refuses_never_stops_the_next(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_app_configured(backend, |settings| {
        settings.reminders = hocso::reminders::ReminderSettings {
            every: Duration::from_secs(1),
            days_before: 3,
            mail: Some(hocso::reminders::MailSettings {
                smtp_url: format!("smtp://127.0.0.1:{}", sink.port),
                from: "Học Số <khong-tra-loi@hocso.example.vn>".to_owned(),
            }),
        };
    })
    .await;
    // queued before addresses were checked the mailer's way: the oldest
    sqlx::query(
        "INSERT INTO email_outbox (key, to_addr, subject, body, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind("old:1")
    .bind("nguyễn.an@haichau.example.vn")
    .bind("Đặt lại mật khẩu Học Số")
    .bind("…")
    .bind(now() - 60)
    .execute(app.db.pool())
    .await
    .unwrap();
    // refused when queued: kept for the record, never tried
    app.db
        .enqueue_email(
            "reset:2",
            "bình@haichau.example.vn",
            "Đặt lại mật khẩu Học Số",
            "…",
        )
        .await
        .unwrap();
    app.db
        .enqueue_email(
            "reset:3",
            "cuong.le@haichau.example.vn",
            "Đặt lại mật khẩu Học Số",
            "…",
        )
        .await
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    let states = loop {
        let states = app.db.outbox_states().await.unwrap();
        if states.iter().all(|(_, state, _)| *state != "queued") {
            break states;
        }
        assert!(
            Instant::now() < deadline,
            "the outbox stalled: {states:?}\nsink: {:?}",
            sink.mails()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        states,
        [
            ("nguyễn.an@haichau.example.vn".to_owned(), "failed", 1),
            ("bình@haichau.example.vn".to_owned(), "failed", 0),
            ("cuong.le@haichau.example.vn".to_owned(), "sent", 1),
        ]
    );
    let recipients: Vec<String> = sink.mails().iter().flat_map(|m| m.to.clone()).collect();
    assert_eq!(recipients, ["cuong.le@haichau.example.vn"]);
}

// ------------------------------------------------------------------ 5

async fn csv_get(visitor: &Visitor, query: &[(&str, &str)]) -> (u16, Vec<u8>) {
    let url =
        reqwest::Url::parse_with_params(&format!("{}/theo-doi/xuat.csv", visitor.base), query)
            .unwrap();
    let response = visitor.client.get(url).send().await.expect("GET csv");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body").to_vec();
    (status, bytes)
}

async fn a_manager_sees_and_assigns_only_inside_their_units(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (manager, manager_id) = staff(&app, "Trưởng Phường A", None).await;
    let (citizen, citizen_id) = staff(&app, "Người Dân", None).await;
    roles_settle().await;
    let city = unit(&admin, "DN", "Đà Nẵng", 0).await;
    let a = unit(&admin, "DN-A", "Phường A", city).await;
    let b = unit(&admin, "DN-B", "Phường B", city).await;
    make_manager(&app, &admin, a, manager_id).await;
    add_official(&admin, a, "Cán Bộ A", &new_phone(), "Công chức").await;
    let b_phone = new_phone();
    add_official(&admin, b, "Cán Bộ B", &b_phone, "Công chức").await;
    let ai = course_id(&app, AI).await.to_string();
    let deadline = vn_date(20).iso();
    let theirs = given(
        &admin,
        &[
            ("course", &ai),
            ("unit", &b.to_string()),
            ("deadline", &deadline),
        ],
    )
    .await;
    let ours = given(
        &manager,
        &[
            ("course", &ai),
            ("unit", &a.to_string()),
            ("deadline", &deadline),
        ],
    )
    .await;

    // the dashboard: their own ward, not B, not the city, not an unknown id
    assert_eq!(dashboard_reply(&manager, a, 0).await.status, 200);
    for unit in [b, city, 999_999] {
        let reply = dashboard_reply(&manager, unit, 0).await;
        assert_eq!(reply.status, 404, "unit {unit}: {}", reply.body);
        assert!(!reply.body.contains("Cán Bộ B"));
    }
    // no unit: the one they manage
    let board = dashboard(&manager, 0, 0).await;
    assert_eq!(board["unit"]["id"], a);
    // B's assignment through A's view gives no figure of B
    let board = dashboard(&manager, a, theirs).await;
    assert_eq!(board["counts"]["total"], 0, "{}", board["counts"]);
    assert!(board["people"].as_array().unwrap().is_empty());
    assert!(
        board["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["id"] != theirs),
        "B's assignment is not listed"
    );

    // the export: 404 for B and for the whole city
    for query in [vec![("don-vi", b.to_string())], vec![]] {
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = csv_get(&manager, &query).await;
        assert_eq!(status, 404, "{query:?}");
        assert!(!String::from_utf8_lossy(&body).contains("Cán Bộ B"));
    }
    let a_s = a.to_string();
    let theirs_s = theirs.to_string();
    let (status, body) = csv_get(&manager, &[("don-vi", &a_s), ("nhiem-vu", &theirs_s)]).await;
    assert_eq!(status, 200);
    let text = String::from_utf8_lossy(&body);
    assert_eq!(text.lines().count(), 1, "the header only: {text}");
    let (status, body) = csv_get(&manager, &[("don-vi", &a_s)]).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Cán Bộ A"));

    // a city-wide assignment shows in A's view, but only the city may close
    // it: the manager gets no close button for it, and one for their own
    let citywide = given(
        &admin,
        &[
            ("course", &ai),
            ("unit", &city.to_string()),
            ("include_sub", "1"),
            ("deadline", &deadline),
        ],
    )
    .await;
    let board = dashboard(&manager, a, 0).await;
    let may_close = |id: i64| {
        board["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id)
            .unwrap_or_else(|| panic!("assignment {id} listed: {}", board["assignments"]))
            ["may_close"]
            .as_bool()
    };
    assert_eq!(may_close(citywide), Some(false));
    assert_eq!(may_close(ours), Some(true));
    let page = manager.get(&format!("/theo-doi?don-vi={a}")).await;
    assert_eq!(page.status, 200);
    let close_buttons = page.body.matches("name=\"id\" value=").count();
    assert_eq!(close_buttons, 1, "one close button, for their own");
    assert_eq!(
        dashboard(&admin, a, 0).await["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["may_close"] == true)
            .count(),
        2,
        "an admin may close both"
    );
    let reply = manager
        .call(
            "/api/manager/close_assignment",
            &[("id", &citywide.to_string())],
        )
        .await;
    assert_eq!(reply.status, 404, "{}", reply.body);

    // closing B's assignment is refused and it stays open; their own closes
    let reply = manager
        .call(
            "/api/manager/close_assignment",
            &[("id", &theirs.to_string())],
        )
        .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    let open: Option<i64> = sqlx::query_scalar("SELECT closed_at FROM assignments WHERE id = $1")
        .bind(theirs)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(open, None, "B's assignment stays open");
    let reply = manager
        .call(
            "/api/manager/close_assignment",
            &[("id", &ours.to_string())],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // giving to B, or naming a person of B, is refused and creates nothing
    let before = scalar(&app, "SELECT COUNT(*) FROM assignments").await;
    let error = give(
        &manager,
        &[
            ("course", &ai),
            ("unit", &b.to_string()),
            ("deadline", &deadline),
        ],
    )
    .await
    .expect_err("B is not theirs");
    assert!(error.contains("phạm vi bạn quản lý"), "{error}");
    let error = give(
        &manager,
        &[
            ("course", &ai),
            ("unit", &a_s),
            ("people", &b_phone),
            ("deadline", &deadline),
        ],
    )
    .await
    .expect_err("a person of B");
    assert!(error.contains("Dòng 1"), "{error}");
    let error = give(
        &manager,
        &[
            ("course", &ai),
            ("unit", &city.to_string()),
            ("include_sub", "1"),
            ("deadline", &deadline),
        ],
    )
    .await
    .expect_err("the city is above them");
    assert!(error.contains("phạm vi bạn quản lý"), "{error}");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM assignments").await,
        before
    );

    // the rules refuse on their own, whatever route skipped its guard
    let as_manager = viewer(manager_id, "Trưởng Phường A");
    let outside = DashboardFilter {
        unit: b,
        ..Default::default()
    };
    assert!(matches!(
        assignments::dashboard(&app.db, &as_manager, outside.clone()).await,
        Err(AssignError::OutOfScope)
    ));
    assert!(matches!(
        assignments::export_query(&app.db, &as_manager, &outside).await,
        Err(AssignError::OutOfScope)
    ));
    assert!(matches!(
        assignments::export_query(&app.db, &as_manager, &DashboardFilter::default()).await,
        Err(AssignError::OutOfScope)
    ));
    assert!(matches!(
        assignments::close(&app.db, &as_manager, theirs).await,
        Err(AssignError::OutOfScope)
    ));
    let as_citizen = viewer(citizen_id, "Người Dân");
    assert!(matches!(
        assignments::dashboard(&app.db, &as_citizen, DashboardFilter::default()).await,
        Err(AssignError::Forbidden)
    ));

    // a citizen: 403 everywhere, their own tasks empty
    assert_eq!(dashboard_reply(&citizen, a, 0).await.status, 403);
    assert_eq!(dashboard_reply(&citizen, 0, 0).await.status, 403);
    assert_eq!(csv_get(&citizen, &[("don-vi", &a_s)]).await.0, 403);
    assert_eq!(
        citizen
            .call("/api/manager/assign_choices", &[])
            .await
            .status,
        403
    );
    let reply = citizen
        .submit(
            GIVE,
            GIVE,
            &[("course", &ai), ("unit", &a_s), ("deadline", &deadline)],
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    let reply = citizen
        .call(
            "/api/manager/close_assignment",
            &[("id", &theirs.to_string())],
        )
        .await;
    assert_eq!(reply.status, 403);
    assert!(task_ids(&citizen).await.is_empty());
    // nobody signed in: no figures
    let anonymous = app.visitor();
    assert_eq!(dashboard_reply(&anonymous, a, 0).await.status, 401);
    let (status, _) = csv_get(&anonymous, &[("don-vi", &a_s)]).await;
    assert!([303, 401].contains(&status), "{status}");
}

// ------------------------------------------------------------------ 6

const CSV_HEADERS: [&str; 14] = [
    "Họ và tên",
    "Số điện thoại hoặc email",
    "Mã đơn vị",
    "Đơn vị",
    "Chức vụ",
    "Khóa học",
    "Hạn chung",
    "Hạn của người này",
    "Tình trạng",
    "Bắt đầu học",
    "Hoàn thành lúc",
    "Cơ quan giao",
    "Văn bản",
    "Người giao",
];

/// The rows of an export after its header, checking the BOM and the header.
fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "opens with the UTF-8 BOM: {:?}",
        &body[..body.len().min(8)]
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&body[3..]);
    let headers: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers, CSV_HEADERS);
    reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect()
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[2] == b'/'
        && b[5] == b'/'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

async fn the_csv_export_opens_in_excel_and_carries_no_formula(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (manager, manager_id) = staff(&app, "Trưởng Phường", None).await;
    roles_settle().await;
    let ward = unit(&admin, "DN-HC", "Phường Hải Châu", 0).await;
    make_manager(&app, &admin, ward, manager_id).await;
    let people = [
        ("Nguyễn Văn, An", "=1+1"),
        ("Trần Thị \"Bé\" Bình", "@cmd"),
        ("Lê Cường", "-2+3"),
        ("Phạm Dung", "Công chức"),
    ];
    let mut ids = Vec::new();
    for (name, position) in people {
        ids.push(
            add_official(&admin, ward, name, &new_phone(), position)
                .await
                .0,
        );
    }
    let ai = course_id(&app, AI).await;
    let vu_so = course_id(&app, VU_SO).await;
    let d = vn_date(10);
    let first = given(
        &manager,
        &[
            ("course", &ai.to_string()),
            ("course", &vu_so.to_string()),
            ("unit", &ward.to_string()),
            ("deadline", &d.iso()),
            ("authority", "+UBND"),
            ("document", "Kế hoạch 12, năm 2026; =1+1"),
        ],
    )
    .await;
    let both: Vec<i64> = sqlx::query_scalar("SELECT id FROM assignments ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(both.len(), 2, "one assignment per course");
    assert_eq!(both[0], first);
    app.db
        .complete_assignments_at(ids[3], ai, now())
        .await
        .unwrap();

    let ward_s = ward.to_string();
    let reply = manager
        .client
        .get(format!("{}/theo-doi/xuat.csv?don-vi={ward}", manager.base))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let header_of = |name: &str| {
        reply
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(header_of("content-type"), "text/csv; charset=utf-8");
    assert!(header_of("content-disposition").starts_with("attachment; filename=\"theo-doi-"));
    let body = reply.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains("\"DN-HC\",\"Phường Hải Châu\"")
            && text.contains("\"Kế hoạch 12, năm 2026;' =1+1\""),
        "every field quoted, so a `;` list separator never splits a cell: {text}"
    );
    let rows = csv_rows(&body);
    assert_eq!(
        rows.len(),
        4 * 2,
        "one line per person and assignment: {rows:?}"
    );
    for row in &rows {
        assert_eq!(row.len(), 14, "{row:?}");
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a formula cell: {cell:?} in {row:?}"
            );
        }
        assert_eq!(row[2], "DN-HC");
        assert_eq!(row[3], "Phường Hải Châu");
        assert_eq!(row[6], d.display_vn(), "the deadline, dd/mm/yyyy");
        assert!(is_date(&row[6]) && is_date(&row[7]), "{row:?}");
        assert_eq!(row[11], "'+UBND");
        assert_eq!(
            row[12], "Kế hoạch 12, năm 2026;' =1+1",
            "a comma stays in its cell; a formula after a `;` is neutralised too"
        );
        assert_eq!(row[13], "Trưởng Phường");
    }
    let position_of = |name: &str| {
        rows.iter()
            .filter(|r| r[0] == name)
            .map(|r| r[4].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(position_of("Nguyễn Văn, An"), ["'=1+1", "'=1+1"]);
    assert_eq!(position_of("Trần Thị \"Bé\" Bình"), ["'@cmd", "'@cmd"]);
    assert_eq!(position_of("Lê Cường"), ["'-2+3", "'-2+3"]);
    assert_eq!(position_of("Phạm Dung"), ["Công chức", "Công chức"]);
    let statuses: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[5].as_str(), r[8].as_str()))
        .filter(|(name, _, _)| *name == "Phạm Dung")
        .collect();
    let ai_title = app
        .db
        .course_choices()
        .await
        .unwrap()
        .into_iter()
        .find(|(id, _, _)| *id == ai)
        .unwrap()
        .2;
    for (_, course, status) in &statuses {
        if *course == ai_title {
            assert_eq!(*status, "Hoàn thành đúng hạn");
        } else {
            assert_eq!(*status, "Chưa bắt đầu");
        }
    }
    let done = rows
        .iter()
        .find(|r| r[0] == "Phạm Dung" && r[5] == ai_title)
        .unwrap();
    let completed = &done[10];
    assert!(
        completed.len() == 16 && is_date(&completed[..10]) && completed.as_bytes()[13] == b':',
        "dd/mm/yyyy HH:MM: {completed:?}"
    );
    assert!(
        rows.iter()
            .filter(|r| r[0] != "Phạm Dung" || r[5] != ai_title)
            .all(|r| r[8] == "Chưa bắt đầu" && r[10].is_empty())
    );
    assert!(
        rows.iter().all(|r| r[1].starts_with("0913 ")),
        "phones as people write them"
    );

    // the view's filters: one assignment, one position, one status
    let first_s = first.to_string();
    let (_, body) = csv_get(&manager, &[("don-vi", &ward_s), ("nhiem-vu", &first_s)]).await;
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r[5] == ai_title));
    let (_, body) = csv_get(&manager, &[("don-vi", &ward_s), ("chuc-vu", "=1+1")]).await;
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r[0] == "Nguyễn Văn, An"));
    let (_, body) = csv_get(&manager, &[("don-vi", &ward_s), ("trang-thai", "dung-han")]).await;
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "Phạm Dung");
    let (_, body) = csv_get(
        &manager,
        &[("don-vi", &ward_s), ("trang-thai", "chua-bat-dau")],
    )
    .await;
    assert_eq!(csv_rows(&body).len(), 7);
}
