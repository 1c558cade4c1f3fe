//! Personal data (Nghị định 13/2023/NĐ-CP): registration says what is kept
//! and why; a person downloads their data and deletes their account from
//! `/tai-khoan`, both written to the audit log.

use crate::helpers::{Backend, Visitor, both_backends, spawn_app};
use app::domain::Role;
use std::time::Duration;

both_backends!(
    registration_says_what_is_kept_and_why,
    the_export_holds_the_persons_data_and_never_the_hash,
    the_export_needs_sign_in,
    a_wrong_password_or_no_confirmation_deletes_nothing,
    deletion_removes_personal_data_ends_every_session_and_keeps_counts,
    deletion_works_without_javascript,
);

const PASSWORD: &str = "cây tre làng tôi xanh";
const EXPORT: &str = "/tai-khoan/du-lieu.json";
const LESSON: &str = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";

async fn user_id(visitor: &Visitor) -> i64 {
    visitor.me().await["id"].as_i64().expect("signed in")
}

async fn sessions_of(app: &crate::helpers::TestApp, id: i64) -> i64 {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions WHERE user_id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("count sessions")
}

async fn lesson_views(app: &crate::helpers::TestApp) -> i64 {
    let slug = LESSON.rsplit('/').next().expect("slug");
    sqlx::query_scalar("SELECT views FROM lessons WHERE slug = $1")
        .bind(slug)
        .fetch_one(app.db.pool())
        .await
        .expect("lesson views")
}

/// Whether the `<details>` holding the deletion form is rendered open.
fn deletion_form_is_open(body: &str) -> bool {
    let tag = body
        .split("<details")
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(""))
        .find(|tag| tag.contains("danger-zone"))
        .expect("the deletion form is on the page");
    tag.split_whitespace()
        .any(|attribute| attribute == "open" || attribute.starts_with("open="))
}

async fn registration_says_what_is_kept_and_why(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/dang-ky").await;
    assert_eq!(page.status, 200);
    for said in [
        "Dữ liệu cá nhân của bạn",
        "họ tên; số điện thoại hoặc email; mật khẩu (chỉ ở dạng mã hóa một chiều",
        "các phiên đăng nhập và thời gian đăng nhập",
        "tiến độ học, các lần làm bài kiểm tra",
        "để bạn đăng nhập, để lưu quá trình học của bạn",
        "theo dõi việc hoàn thành các học phần bắt buộc",
        "tải về hoặc xóa dữ liệu của mình bất cứ lúc nào",
        r#"<a href="/tai-khoan">"#,
        "Nghị định 13/2023/NĐ-CP",
    ] {
        assert!(page.body.contains(said), "the register page says {said:?}");
    }
    // the note comes before the button that hands the data over
    let fields = page.body.find(r#"name="password_confirm""#).expect("form");
    let note = page.body.find("privacy-note").expect("note");
    assert!(fields < note && page.body[note..].contains(r#"type="submit""#));
    assert!(
        !page.body.contains(" style=\""),
        "no inline styles (the CSP forbids them)"
    );

    let english = app.get_with("/dang-ky", &[("cookie", "lang=en")]).await;
    assert!(english.body.contains("Your personal data"));
    assert!(english.body.contains("only as a one-way hash"));
    assert!(
        english
            .body
            .contains("You can download or delete your data at any time")
    );
}

async fn the_export_holds_the_persons_data_and_never_the_hash(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.visitor();
    assert_eq!(
        phone
            .register("Nguyễn Thị Lan", "0905 111 222", PASSWORD)
            .await
            .status,
        200
    );
    let id = user_id(&phone).await;
    app.db
        .set_role(None, id, Role::Official, true)
        .await
        .expect("grant");
    let laptop = app.visitor();
    assert_eq!(laptop.sign_in("0905111222", PASSWORD).await.status, 200);
    // the phone's next request takes the new roles (and a new session id)
    assert_eq!(phone.me().await["full_name"], "Nguyễn Thị Lan");
    let session_ids = [
        phone.session_id().expect("session"),
        laptop.session_id().expect("session"),
    ];

    let reply = phone.get(EXPORT).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(header("content-type").starts_with("application/json"));
    assert_eq!(
        header("content-disposition"),
        r#"attachment; filename="hocso-du-lieu.json""#
    );
    assert_eq!(header("cache-control"), "no-store");

    let data = reply.json();
    let profile = &data["profile"];
    assert_eq!(profile["id"], id);
    assert_eq!(profile["full_name"], "Nguyễn Thị Lan");
    assert_eq!(profile["phone"], "+84905111222");
    assert_eq!(profile["email"], serde_json::Value::Null);
    let created = profile["created_at"].as_str().expect("created_at");
    assert!(
        created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "ISO 8601 in UTC: {created}"
    );
    assert_eq!(data["roles"][0]["role"], "official");
    assert_eq!(data["roles"].as_array().map(Vec::len), Some(1));
    assert_eq!(data["sessions"]["active"], 2);
    for session in data["sessions"]["list"].as_array().expect("sessions") {
        assert!(session["signed_in_at"].is_string(), "{session}");
        assert!(session["last_active_at"].is_string(), "{session}");
        assert!(session["expires_at"].is_string(), "{session}");
    }
    let actions: Vec<(&str, &str, &str)> = data["audit_log"]
        .as_array()
        .expect("audit log")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or(""),
                e["detail"].as_str().unwrap_or(""),
                e["by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("role.grant", "official", "system"),
            ("data.export", "", "self")
        ]
    );
    assert!(
        data["notice"]
            .as_str()
            .is_some_and(|n| n.contains("Nghị định 13/2023/NĐ-CP"))
    );

    // never the hash, never a session id
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("hash");
    assert!(!reply.body.contains(&hash));
    assert!(!reply.body.contains("argon2"));
    assert!(!reply.body.contains("password"));
    for session_id in &session_ids {
        assert!(!reply.body.contains(session_id.as_str()));
    }

    // the export is in the audit log
    let audit = app.db.audit_of(id).await.expect("audit");
    assert_eq!((audit[0].0, audit[0].1.as_str()), (Some(id), "data.export"));

    // a reader of English gets the notice in English
    phone
        .submit("/tai-khoan", "/ngon-ngu/en", &[("tiep", "/tai-khoan")])
        .await;
    let english = phone.get(EXPORT).await.json();
    assert_eq!(english["profile"]["lang"], "en");
    assert!(
        english["notice"]
            .as_str()
            .is_some_and(|n| n.starts_with("The personal data"))
    );
}

async fn the_export_needs_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.visitor().get(EXPORT).await;
    assert_eq!(anonymous.status, 303);
    assert!(
        anonymous.location().starts_with("/dang-nhap?tiep="),
        "{}",
        anonymous.location()
    );
    assert!(!anonymous.body.contains("profile"));

    let visitor = app.visitor();
    visitor
        .register("Trần Văn Hải", "hai@example.vn", PASSWORD)
        .await;
    let old = visitor.session_id().expect("session");
    assert_eq!(visitor.call("/api/auth/sign_out", &[]).await.status, 200);
    let thief = app.visitor();
    thief.set_session_id(&old);
    let reply = thief.get(EXPORT).await;
    assert_eq!(reply.status, 303, "an ended session exports nothing");
    assert!(!reply.body.contains("hai@example.vn"));
}

async fn a_wrong_password_or_no_confirmation_deletes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.visitor();
    let refused = anonymous
        .call(
            "/api/account/delete",
            &[("password", PASSWORD), ("confirm", "yes")],
        )
        .await;
    assert_eq!(refused.status, 401);

    let visitor = app.visitor();
    visitor
        .register("Lê Thị Thu", "0912 345 678", PASSWORD)
        .await;
    let id = user_id(&visitor).await;
    let wrong = visitor
        .call(
            "/api/account/delete",
            &[("password", "không phải mật khẩu"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        wrong.json(),
        serde_json::json!({"Invalid": [["DeletePassword", "WrongCurrentPassword"]]})
    );
    let unconfirmed = visitor
        .call("/api/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(unconfirmed.status, 422);
    assert_eq!(
        unconfirmed.json(),
        serde_json::json!({"Invalid": [["DeleteConfirm", "DeletionNotConfirmed"]]})
    );
    let empty = visitor
        .call("/api/account/delete", &[("password", "")])
        .await;
    assert_eq!(
        empty.json(),
        serde_json::json!({"Invalid": [["DeletePassword", "Required"], ["DeleteConfirm", "DeletionNotConfirmed"]]})
    );

    // nothing changed
    assert_eq!(visitor.me().await["full_name"], "Lê Thị Thu");
    let user = app.db.user_by_id(id).await.expect("query").expect("user");
    assert_eq!(user.phone.as_deref(), Some("+84912345678"));
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert_eq!(sessions_of(&app, id).await, 1);
    assert!(
        app.db
            .audit_of(id)
            .await
            .expect("audit")
            .iter()
            .all(|(_, action, _, _)| action != "account.delete")
    );
    assert_eq!(
        app.visitor().sign_in("0912345678", PASSWORD).await.status,
        200
    );
}

async fn deletion_removes_personal_data_ends_every_session_and_keeps_counts(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.visitor();
    phone
        .register("Phạm Minh Đức", "Duc.Pham@Example.vn", PASSWORD)
        .await;
    let id = user_id(&phone).await;
    let admin = app.visitor();
    admin
        .register("Quản Trị", "quantri@example.vn", PASSWORD)
        .await;
    let admin_id = user_id(&admin).await;
    app.db
        .set_role(None, admin_id, Role::Admin, true)
        .await
        .expect("make admin");
    app.db
        .set_role(Some(admin_id), id, Role::Editor, true)
        .await
        .expect("grant");
    let laptop = app.visitor();
    assert_eq!(
        laptop.sign_in("duc.pham@example.vn", PASSWORD).await.status,
        200
    );
    assert_eq!(laptop.me().await["id"], id);

    // the person reads a lesson: an anonymous count, kept after deletion
    assert_eq!(phone.get(LESSON).await.status, 200);
    assert_eq!(laptop.get(LESSON).await.status, 200);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while lesson_views(&app).await < 2 {
        assert!(std::time::Instant::now() < deadline, "views were flushed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let views = lesson_views(&app).await;

    let deleted = phone
        .call(
            "/api/account/delete",
            &[("password", PASSWORD), ("confirm", "yes")],
        )
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.json(), "/dang-xuat?da-xoa=1");

    // signed out here and on the other device
    assert_eq!(phone.me().await, serde_json::Value::Null);
    assert_eq!(laptop.me().await, serde_json::Value::Null);
    assert_eq!(laptop.get("/tai-khoan").await.status, 303);
    assert_eq!(laptop.get(EXPORT).await.status, 303);
    assert_eq!(sessions_of(&app, id).await, 0);
    let confirmation = phone.get("/dang-xuat?da-xoa=1").await;
    assert_eq!(confirmation.status, 200);
    assert!(
        confirmation
            .body
            .contains("Tài khoản và dữ liệu cá nhân của bạn đã được xóa.")
    );

    // personal data gone; the row stays anonymised for the audit log
    let (name, name_search, phone_no, email, hash): (
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    ) = sqlx::query_as(
        "SELECT full_name, name_search, phone, email, password_hash FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .expect("row");
    assert_eq!(name, "Tài khoản đã xóa");
    assert!(!name_search.contains("duc"));
    assert_eq!(phone_no, None);
    assert!(email.is_some_and(|e| !e.contains("duc") && !e.contains('@')));
    assert!(!hash.starts_with("$argon2"));
    assert!(app.db.roles_of(id).await.expect("roles").is_empty());
    let audit = app.db.audit_of(id).await.expect("audit");
    assert_eq!(
        (audit[0].0, audit[0].1.as_str(), audit[0].2.as_str()),
        (Some(id), "account.delete", "editor")
    );
    assert_eq!(audit[1].1, "role.grant", "earlier entries are kept");
    let found = admin.call("/api/admin/users", &[("q", "duc")]).await;
    assert_eq!(found.json(), serde_json::json!([]), "nobody finds the name");

    // anonymous counts are kept
    assert_eq!(lesson_views(&app).await, views);

    // the old password opens nothing; the same email can register again
    let old = app.visitor().sign_in("duc.pham@example.vn", PASSWORD).await;
    assert_eq!(old.status, 422);
    let again = app.visitor();
    assert_eq!(
        again
            .register("Phạm Minh Đức", "duc.pham@example.vn", PASSWORD)
            .await
            .status,
        200
    );
    let new_id = user_id(&again).await;
    assert_ne!(new_id, id);
    assert!(
        app.db.roles_of(new_id).await.expect("roles").is_empty(),
        "a new account starts without the old roles"
    );
}

async fn deletion_works_without_javascript(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    visitor
        .register("Hoàng Văn Nam", "0933 222 111", PASSWORD)
        .await;
    let id = user_id(&visitor).await;

    let page = visitor.get("/tai-khoan").await;
    assert!(page.body.contains(r#"href="/tai-khoan/du-lieu.json""#));
    assert!(page.body.contains("Tải dữ liệu của tôi"));
    assert!(page.body.contains("Xóa tài khoản"));
    assert!(
        !deletion_form_is_open(&page.body),
        "the deletion form waits to be opened"
    );
    assert!(!page.body.contains(" style=\""));

    let wrong = visitor
        .submit(
            "/tai-khoan",
            "/api/account/delete",
            &[("password", "sai mật khẩu rồi"), ("confirm", "yes")],
        )
        .await;
    let back = wrong
        .location()
        .trim_start_matches(&visitor.base)
        .to_owned();
    assert!(back.starts_with("/tai-khoan?"), "{back}");
    let page = visitor.get(&back).await;
    assert!(page.body.contains("Mật khẩu hiện tại không đúng."));
    assert!(page.body.contains(r#"id="mat-khau-xoa-tai-khoan-loi""#));
    assert!(
        deletion_form_is_open(&page.body),
        "a plain form post comes back to an open form"
    );
    assert_eq!(sessions_of(&app, id).await, 1);

    let deleted = visitor
        .submit(
            "/tai-khoan",
            "/api/account/delete",
            &[("password", PASSWORD), ("confirm", "yes")],
        )
        .await;
    assert!(
        deleted.status == 302 || deleted.status == 303,
        "{}",
        deleted.status
    );
    assert_eq!(deleted.location(), "/dang-xuat?da-xoa=1");
    let page = visitor.get("/dang-xuat?da-xoa=1").await;
    assert!(page.body.contains("Đã xóa tài khoản"));
    assert_eq!(visitor.me().await, serde_json::Value::Null);
    assert_eq!(sessions_of(&app, id).await, 0);
}
