//! Accounts of officials made by an administrator (issue 12), on both
//! backends: the account starts without a password and with a one-time
//! set-up code; its owner exchanges the code for a password at
//! `/kich-hoat` — once, before it expires, throttled like sign-in; an
//! existing account (same phone) is linked only through a fresh set-up
//! code: the password someone registered it with stops working.

use crate::helpers::{Backend, TestApp, Visitor, both_backends, roles_settle, spawn_app, staff};
use app::domain::Role;
use serde_json::Value;

both_backends!(
    an_official_sets_a_password_with_the_set_up_code_once,
    a_registered_account_is_claimed_only_through_a_fresh_set_up_code,
    a_list_of_officials_is_checked_then_imported_once,
    a_manager_resets_a_password_and_its_owner_is_told,
);

const PASSWORD: &str = "mật khẩu cán bộ mới";

pub(crate) async fn unit(admin: &Visitor, code: &str) -> i64 {
    let reply = admin
        .call(
            "/api/admin/unit",
            &[
                ("action", "create"),
                ("code", code),
                ("name", "Phường Hải Châu"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_i64().unwrap()
}

pub(crate) async fn add(admin: &Visitor, unit: i64, name: &str, phone: &str) -> Value {
    let reply = admin
        .call(
            "/api/admin/official",
            &[
                ("unit_id", &unit.to_string()),
                ("full_name", name),
                ("identifier", phone),
                ("position", "Công chức văn hóa"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

pub(crate) async fn activate(visitor: &Visitor, phone: &str, code: &str) -> (u16, String) {
    let reply = visitor
        .call(
            "/api/auth/activate",
            &[
                ("identifier", phone),
                ("code", code),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    (reply.status, reply.body)
}

async fn member_of(app: &TestApp, user: i64) -> Option<i64> {
    sqlx::query_scalar(
        "SELECT unit_id FROM unit_memberships WHERE user_id = $1 AND until_at IS NULL",
    )
    .bind(user)
    .fetch_optional(app.db.pool())
    .await
    .unwrap()
}

async fn an_official_sets_a_password_with_the_set_up_code_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let ward = unit(&admin, "DN-HC").await;
    let added = add(&admin, ward, "Nguyễn Thị Cán Bộ", "0905 111 222").await;
    let code = added["code"]
        .as_str()
        .expect("a new account gets a code")
        .to_owned();
    assert!(
        code.len() == 11 && code.as_bytes()[5] == b'-',
        "ABCDE-FGHJK: {code}"
    );
    let user = added["user_id"].as_i64().unwrap();
    assert_eq!(member_of(&app, user).await, Some(ward));

    // no password yet: sign-in answers as for an unknown account
    let official = app.visitor();
    let reply = official.sign_in("0905111222", "bất kỳ mật khẩu nào").await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("WrongCredentials"), "{}", reply.body);

    // a wrong code, a code of the wrong shape, an unknown account: one answer
    let (status, body) = activate(&official, "0905111222", "ABCDE-FGHJK").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("WrongSetupCode"), "{body}");
    let (status, _) = activate(&official, "0905111222", "12345").await;
    assert_eq!(status, 422);
    let (status, body) = activate(&official, "0905999888", &code).await;
    assert!(body.contains("WrongSetupCode") && status == 422, "{body}");

    // typed as read aloud: lower case, a space instead of the hyphen
    let typed = code.to_lowercase().replace('-', " ");
    let (status, body) = activate(&official, "0905 111 222", &typed).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(official.me().await["full_name"], "Nguyễn Thị Cán Bộ");

    // once only
    let (status, body) = activate(&app.visitor(), "0905111222", &code).await;
    assert!(status == 422 && body.contains("WrongSetupCode"), "{body}");
    // the chosen password signs in
    let again = app.visitor();
    assert_eq!(again.sign_in("0905111222", PASSWORD).await.status, 200);

    // an expired code does not work
    let late = add(&admin, ward, "Trần Văn Muộn", "0905 333 444").await;
    sqlx::query("UPDATE setup_codes SET expires_at = 1 WHERE user_id = $1")
        .bind(late["user_id"].as_i64().unwrap())
        .execute(app.db.pool())
        .await
        .unwrap();
    let (status, body) =
        activate(&app.visitor(), "0905333444", late["code"].as_str().unwrap()).await;
    assert!(status == 422 && body.contains("WrongSetupCode"), "{body}");

    // guessing is throttled like sign-in: five wrong codes for one account
    // (the expired one above was the first), then one every three minutes
    let guesser = app.visitor();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(activate(&guesser, "0905333444", "ABCDE-FGHJK").await.0);
    }
    assert_eq!(&statuses[..4], [422; 4]);
    assert!(statuses[4..].iter().all(|s| *s == 429), "{statuses:?}");

    // audited: issued twice, used once
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'setup_code%' ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            "setup_code_activate",
            "setup_code_used_activate",
            "setup_code_activate"
        ]
    );

    // without JavaScript the unit's page shows the code once
    let page = format!("/quan-tri/don-vi/{ward}");
    let reply = admin
        .submit(
            &page,
            "/api/admin/official",
            &[
                ("unit_id", &ward.to_string()),
                ("full_name", "Lê Văn Không Script"),
                ("identifier", "0905 555 666"),
            ],
        )
        .await;
    assert!(
        reply
            .location()
            .starts_with(&format!("{page}?xong=official")),
        "{}",
        reply.location()
    );
    let first = admin.get(reply.location()).await.body;
    assert!(first.contains("data-setup-code"), "the code is shown");
    assert!(first.contains("Lê Văn Không Script"));
    let second = admin.get(&page).await.body;
    assert!(!second.contains("data-setup-code"), "shown once only");

    // learners and visitors cannot make accounts
    let (learner, _) = staff(&app, "Người Học", None).await;
    for (visitor, status) in [(&learner, 403), (&app.visitor(), 401)] {
        let reply = visitor
            .call(
                "/api/admin/official",
                &[
                    ("unit_id", &ward.to_string()),
                    ("full_name", "Kẻ Mạo Danh"),
                    ("identifier", "0905 777 888"),
                ],
            )
            .await;
        assert_eq!(reply.status, status, "{}", reply.body);
    }
}

async fn a_registered_account_is_claimed_only_through_a_fresh_set_up_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    // someone registered the chairman's number before him (nothing verifies
    // a phone at registration)
    let squatter = app.visitor();
    assert_eq!(
        squatter
            .register("Phạm Thị Dân", "0906 123 456", "mật khẩu của kẻ chiếm")
            .await
            .status,
        200
    );
    let ward = unit(&admin, "DN-HC").await;
    let added = add(&admin, ward, "Phạm Văn Chủ Tịch", "0906123456").await;
    let code = added["code"]
        .as_str()
        .expect("a fresh set-up code for the linked account")
        .to_owned();
    let user = added["user_id"].as_i64().unwrap();
    assert_eq!(member_of(&app, user).await, Some(ward));
    // the registrant's password, session and trusted browser are gone
    assert_eq!(squatter.me().await, Value::Null, "signed out");
    assert_eq!(
        squatter
            .sign_in("0906123456", "mật khẩu của kẻ chiếm")
            .await
            .status,
        422,
        "the old password stops working, even on its own browser"
    );
    let devices: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM trusted_devices WHERE user_id = $1")
            .bind(user)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(devices, 0);
    // the official chooses a password with the code
    let official = app.visitor();
    let (status, body) = activate(&official, "0906 123 456", &code).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        app.visitor().sign_in("0906123456", PASSWORD).await.status,
        200
    );
    // adding him again (the same unit) is a no-op move: no new code, the
    // password he chose keeps working
    let again = add(&admin, ward, "Phạm Văn Chủ Tịch", "0906123456").await;
    assert_eq!(again["code"], Value::Null, "{again}");
    assert_eq!(
        app.visitor().sign_in("0906123456", PASSWORD).await.status,
        200
    );
}

async fn roster(admin: &Visitor, text: &str, apply: bool) -> Value {
    let reply = admin
        .call(
            "/api/admin/roster",
            &[
                ("text", text),
                ("apply", if apply { "true" } else { "false" }),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn outcomes(report: &Value) -> Vec<String> {
    report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["outcome"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn counts(app: &TestApp) -> [i64; 3] {
    let mut out = [0; 3];
    for (i, sql) in [
        "SELECT COUNT(*) FROM users",
        "SELECT COUNT(*) FROM unit_memberships",
        "SELECT COUNT(*) FROM setup_codes",
    ]
    .into_iter()
    .enumerate()
    {
        out[i] = sqlx::query_scalar(sql)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    }
    out
}

async fn a_list_of_officials_is_checked_then_imported_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let citizen = app.visitor();
    citizen
        .register("Phạm Thị Dân", "0906 123 456", "mật khẩu của dân")
        .await;
    unit(&admin, "DN-HC").await;
    let lien_chieu = unit(&admin, "DN-LC").await;

    // Excel's export: BOM, semicolons, CRLF, a phone without its 0, quotes
    let with_mistakes = "\u{feff}STT;Họ và tên;Số điện thoại;Email;Mã đơn vị;Chức vụ\r\n\
        1;Nguyễn Văn An;905111001;;dn-hc;Công chức\r\n\
        2;Phạm Thị Dân;0906 123 456;;DN-LC;\"Phó chủ tịch; văn hóa\"\r\n\
        3;Lê Sai Số;0123;;DN-HC;\r\n\
        4;Võ Không Đơn Vị;0905111004;;DN-XX;\r\n\
        5;Nguyễn Văn An Trùng;0905 111 001;;DN-HC;\r\n";
    let before = counts(&app).await;
    let checked = roster(&admin, with_mistakes, false).await;
    assert_eq!(checked["applied"], false);
    assert_eq!(
        outcomes(&checked),
        ["new", "link", "error", "error", "error"]
    );
    let lines = checked["lines"].as_array().unwrap();
    assert_eq!(lines[2]["line"], 4, "lines as a text editor counts them");
    assert!(lines[3]["message"].as_str().unwrap().contains("DN-XX"));
    assert!(lines[4]["message"].as_str().unwrap().contains("dòng 2"));
    // importing a list with a wrong row saves nothing either
    let refused = roster(&admin, with_mistakes, true).await;
    assert_eq!(refused["applied"], false);
    assert_eq!(counts(&app).await, before, "nothing saved");

    let good = "Họ và tên,Số điện thoại,Email,Mã đơn vị,Chức vụ\n\
        Nguyễn Văn An,905111001,,DN-HC,Công chức\n\
        Phạm Thị Dân,0906 123 456,,DN-LC,\"Phó chủ tịch, văn hóa\"\n\
        Hồ Thị Thư,,thu.ho@danang.gov.vn,DN-LC,Văn thư\n";
    let imported = roster(&admin, good, true).await;
    assert_eq!(imported["applied"], true);
    assert_eq!(outcomes(&imported), ["new", "link", "new"]);
    let lines = imported["lines"].as_array().unwrap();
    let code = lines[0]["code"]
        .as_str()
        .expect("a new account's code")
        .to_owned();
    // the registered account is claimed through a fresh code of its own:
    // whoever registered the number loses it
    let linked_code = lines[1]["code"]
        .as_str()
        .expect("a linked account's code")
        .to_owned();
    assert!(lines[2]["code"].is_string());
    let after = counts(&app).await;
    assert_eq!(after[0] - before[0], 2, "two accounts made");
    assert_eq!(after[1] - before[1], 3, "three memberships");
    assert_eq!(after[2] - before[2], 3, "three codes");
    assert_eq!(
        citizen.me().await,
        Value::Null,
        "the registrant is signed out"
    );
    assert_eq!(
        app.visitor()
            .sign_in("0906123456", "mật khẩu của dân")
            .await
            .status,
        422,
        "the old password no longer works"
    );
    let (status, body) = activate(&app.visitor(), "0905111001", &code).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = activate(&app.visitor(), "0906123456", &linked_code).await;
    assert_eq!(status, 200, "{body}");

    // the same list again: nothing changes, no code is issued
    let again = roster(&admin, good, true).await;
    assert_eq!(outcomes(&again), ["same", "same", "same"]);
    assert!(
        again["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["code"].is_null()),
        "{again}"
    );
    assert_eq!(counts(&app).await, after);

    // An moves to Liên Chiểu: a transfer, his old membership kept on record
    let moved = good.replace(
        "Nguyễn Văn An,905111001,,DN-HC",
        "Nguyễn Văn An,905111001,,DN-LC",
    );
    let report = roster(&admin, &moved, true).await;
    assert_eq!(outcomes(&report), ["move", "same", "same"]);
    let an: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = '+84905111001'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(member_of(&app, an).await, Some(lien_chieu));
    let history: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM unit_memberships WHERE user_id = $1")
            .bind(an)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(history, 2);

    // a file that is not a list says why
    let report = roster(&admin, "Họ và tên;Chức vụ\nA B;x\n", false).await;
    assert!(
        report["refused"].as_str().unwrap().contains("Mã đơn vị"),
        "{report}"
    );

    // without JavaScript: the report comes back once, with the text to correct
    let reply = admin
        .submit(
            "/quan-tri/can-bo",
            "/api/admin/roster",
            &[("text", with_mistakes), ("apply", "false")],
        )
        .await;
    assert_eq!(reply.location(), "/quan-tri/can-bo");
    let page = admin.get("/quan-tri/can-bo").await.body;
    assert!(page.contains("data-roster-summary") && page.contains("Võ Không Đơn Vị"));
    assert!(
        !admin
            .get("/quan-tri/can-bo")
            .await
            .body
            .contains("data-roster-summary")
    );

    // only admins
    let (learner, _) = staff(&app, "Người Học", None).await;
    let reply = learner
        .call("/api/admin/roster", &[("text", good), ("apply", "true")])
        .await;
    assert_eq!(reply.status, 403);
}

async fn a_manager_resets_a_password_and_its_owner_is_told(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (manager, _) = staff(&app, "Trưởng Phường Hải Châu", None).await;
    let (other, _) = staff(&app, "Trưởng Phường Liên Chiểu", None).await;
    roles_settle().await;
    let hai_chau = unit(&admin, "DN-HC").await;
    let lien_chieu = unit(&admin, "DN-LC").await;
    let added = add(&admin, hai_chau, "Đỗ Thị Cán Bộ", "0905 222 333").await;
    let official = added["user_id"].as_i64().unwrap();
    let (status, _) = activate(
        &app.visitor(),
        "0905222333",
        added["code"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    for (unit, name) in [
        (hai_chau, "Trưởng Phường Hải Châu"),
        (lien_chieu, "Trưởng Phường Liên Chiểu"),
    ] {
        let reply = admin
            .call(
                "/api/admin/member",
                &[
                    ("action", "manage"),
                    ("unit_id", &unit.to_string()),
                    ("identifier", &phone_of(&app, name).await),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    // another ward's manager and a learner are refused, whatever the id
    assert_eq!(reset(&other, official).await.status, 403);
    let (learner, _) = staff(&app, "Người Học", None).await;
    assert_eq!(reset(&learner, official).await.status, 403);
    // the official's own manager gets a code
    let reply = reset(&manager, official).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json().as_str().unwrap().to_owned();

    // whoever uses it sets the password; the old one stops working
    let (status, body) = activate(&app.visitor(), "0905222333", &code).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        app.visitor().sign_in("0905222333", PASSWORD).await.status,
        200
    );
    let fresh = app.visitor();
    let reply = fresh.sign_in("0905222333", PASSWORD).await;
    assert_eq!(
        reply.json(),
        "/tai-khoan#dat-lai",
        "the reset is shown first"
    );
    let page = fresh.get("/tai-khoan").await.body;
    assert!(
        page.contains("data-reset-notice"),
        "the notice is on the account page"
    );
    assert!(
        page.contains("Trưởng Phường Hải Châu"),
        "with who issued the code"
    );
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'setup_code%' ORDER BY id",
    )
    .bind(official)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            "setup_code_activate",
            "setup_code_used_activate",
            "setup_code_reset",
            "setup_code_used_reset"
        ]
    );
}

pub(crate) async fn reset(visitor: &Visitor, user: i64) -> crate::helpers::Reply {
    visitor
        .call("/api/manager/reset", &[("user_id", &user.to_string())])
        .await
}

async fn phone_of(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar("SELECT phone FROM users WHERE full_name = $1")
        .bind(name)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}
