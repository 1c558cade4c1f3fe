use crate::helpers::{Backend, both_backends, captured_logs, spawn_app};
use app::domain::Role;

both_backends!(
    each_phone_format_registers_one_normalised_account,
    a_duplicate_registration_gets_a_field_error,
    bad_input_gets_clear_field_errors,
    register_sign_out_and_sign_in,
    the_session_id_changes_at_sign_in_and_the_old_one_dies,
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    the_sixth_rapid_failed_sign_in_is_throttled,
    a_name_with_invisible_or_bidi_characters_is_refused,
    changing_the_password_signs_out_everywhere_else,
    the_stored_hash_is_argon2id_and_never_logged,
    a_cross_origin_post_is_refused,
    forms_work_without_javascript,
    an_admin_grants_a_role_and_it_is_audited,
    every_protected_page_and_server_function_admits_exactly_its_roles,
);

const PASSWORD: &str = "cây tre làng tôi xanh";

async fn each_phone_format_registers_one_normalised_account(backend: Backend) {
    let app = spawn_app(backend).await;
    for (typed, stored) in [
        ("0905 123 456", "+84905123456"),
        ("+84912345678", "+84912345678"),
        ("84-333-222-111", "+84333222111"),
    ] {
        let visitor = app.visitor();
        assert_eq!(
            visitor
                .register("Nguyễn Văn An", typed, PASSWORD)
                .await
                .status,
            200,
            "{typed}"
        );
        let stored_rows: i64 =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE phone = $1")
                .bind(stored)
                .fetch_one(app.db.pool())
                .await
                .expect("count");
        assert_eq!(stored_rows, 1, "{typed} is stored as {stored}");
    }
    // the same number typed differently is the same account
    for typed in ["+84905123456", "84 905 123 456", "0905.123.456"] {
        assert_eq!(
            app.visitor()
                .register("Trần Thị Bình", typed, PASSWORD)
                .await
                .status,
            422,
            "{typed}"
        );
    }
    let total: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM users")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert_eq!(total, 3);
}

async fn a_duplicate_registration_gets_a_field_error(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        app.visitor()
            .register("Lê Văn Cường", "an@example.vn", PASSWORD)
            .await
            .status,
        200
    );
    let again = app
        .visitor()
        .register("Lê Văn Cường", "AN@example.vn", PASSWORD)
        .await;
    assert_eq!(again.status, 422);
    assert_eq!(
        again.json(),
        serde_json::json!({"Invalid": [["Identifier", "AlreadyRegistered"]]})
    );
}

async fn bad_input_gets_clear_field_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    let reply = visitor
        .call(
            "/api/auth/register",
            &[
                ("full_name", " "),
                ("identifier", "0236 3822 222"),
                ("password", "12345678"),
                ("password_confirm", "12345678"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.json(),
        serde_json::json!({"Invalid": [["FullName", "Required"], ["Identifier", "PhoneInvalid"], ["Password", "PasswordCommon"]]})
    );
    let reply = visitor
        .register("Phạm Thu", "0905123456", "0905123456")
        .await;
    assert_eq!(
        reply.json(),
        serde_json::json!({"Invalid": [["Password", "PasswordIsPhone"]]})
    );
    let reply = visitor
        .call(
            "/api/auth/register",
            &[
                ("full_name", "Phạm Thu"),
                ("identifier", "0905123456"),
                ("password", PASSWORD),
                ("password_confirm", "khác"),
            ],
        )
        .await;
    assert_eq!(
        reply.json(),
        serde_json::json!({"Invalid": [["PasswordConfirm", "PasswordMismatch"]]})
    );
    let page = app.get("/dang-ky").await;
    assert!(
        page.body.contains("Số điện thoại hoặc email"),
        "the form is in Vietnamese"
    );
}

async fn register_sign_out_and_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    assert_eq!(visitor.me().await, serde_json::Value::Null);
    let registered = visitor
        .register("Võ Thị Hoa", "0977 000 111", PASSWORD)
        .await;
    assert_eq!(registered.status, 200);
    assert_eq!(registered.json(), "/");
    let me = visitor.me().await;
    assert_eq!(me["full_name"], "Võ Thị Hoa");
    assert_eq!(me["identifier"], "0977 000 111");
    let page = visitor.get("/").await;
    assert!(
        page.body.contains("data-signed-in"),
        "the header shows who is signed in"
    );
    assert!(page.body.contains("Võ Thị Hoa"));

    let old_id = visitor.session_id().expect("a session cookie");
    assert_eq!(visitor.call("/api/auth/sign_out", &[]).await.status, 200);
    assert_eq!(visitor.me().await, serde_json::Value::Null);
    // the old session really ended on the server
    let thief = app.visitor();
    thief.set_session_id(&old_id);
    assert_eq!(thief.me().await, serde_json::Value::Null);

    let signed_in = visitor.sign_in("+84977000111", PASSWORD).await;
    assert_eq!(signed_in.status, 200);
    assert_eq!(visitor.me().await["full_name"], "Võ Thị Hoa");
}

async fn the_session_id_changes_at_sign_in_and_the_old_one_dies(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    visitor
        .register("Đặng Minh", "dang.minh@example.vn", PASSWORD)
        .await;
    let before = visitor.session_id().expect("session");
    assert_eq!(
        visitor
            .sign_in("dang.minh@example.vn", PASSWORD)
            .await
            .status,
        200
    );
    let after = visitor.session_id().expect("session");
    assert_ne!(before, after, "signing in issues a new session id");
    let attacker = app.visitor();
    attacker.set_session_id(&before);
    assert_eq!(
        attacker.me().await,
        serde_json::Value::Null,
        "a fixed or stolen earlier id is worthless"
    );
    let cookie = visitor
        .call(
            "/api/auth/sign_in",
            &[
                ("identifier", "dang.minh@example.vn"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let set_cookie = cookie
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(
        !set_cookie.contains("Secure"),
        "not Secure unless configured for HTTPS"
    );
}

async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    app.visitor()
        .register("Hồ Văn Nam", "0912 111 222", PASSWORD)
        .await;
    let wrong_password = app
        .visitor()
        .sign_in("0912111222", "sai mật khẩu rồi")
        .await;
    let unknown_user = app
        .visitor()
        .sign_in("0912999888", "sai mật khẩu rồi")
        .await;
    assert_eq!(wrong_password.status, 422);
    assert_eq!(wrong_password.status, unknown_user.status);
    assert_eq!(wrong_password.body, unknown_user.body);
    assert_eq!(
        wrong_password.json(),
        serde_json::json!({"Invalid": [["Form", "WrongCredentials"]]})
    );
}

async fn the_sixth_rapid_failed_sign_in_is_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.visitor();
    owner
        .register("Bùi Thị Lan", "0988 765 432", PASSWORD)
        .await;
    owner.call("/api/auth/sign_out", &[]).await;
    let attacker = app.visitor();
    for attempt in 1..=5 {
        assert_eq!(
            attacker
                .sign_in("0988765432", &format!("đoán lần {attempt}"))
                .await
                .status,
            422,
            "attempt {attempt}"
        );
    }
    let sixth = attacker.sign_in("0988765432", "đoán lần 6").await;
    assert_eq!(sixth.status, 429);
    assert_eq!(
        sixth.json(),
        serde_json::json!({"TooManyAttempts": {"minutes": 3}})
    );
    // the per-account limit never refuses the right password, from any
    // browser (the owner may be on a new device); the address's limits
    // bound how many guesses get this far
    let new_device = app.visitor();
    assert_eq!(new_device.sign_in("0988765432", PASSWORD).await.status, 200);
    // the person sees the Vietnamese message without JavaScript
    let form = attacker
        .submit(
            "/dang-nhap",
            "/api/auth/sign_in",
            &[("identifier", "0988765432"), ("password", "x")],
        )
        .await;
    let page = attacker
        .get(form.location().trim_start_matches(&attacker.base))
        .await;
    assert!(
        page.body
            .contains("Bạn đã thử quá nhiều lần, vui lòng thử lại sau 3 phút"),
        "{}",
        form.location()
    );
    // the owner's browser signed in to this account before (its device
    // cookie): the guesser cannot lock the real person out
    assert_eq!(owner.sign_in("0988765432", "gõ nhầm").await.status, 422);
    assert_eq!(owner.sign_in("0988765432", PASSWORD).await.status, 200);
    assert_eq!(owner.me().await["full_name"], "Bùi Thị Lan");
}

async fn a_name_with_invisible_or_bidi_characters_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    // a right-to-left override shows "Nguyễn Văn An" reversed after it; a
    // zero-width space makes a second spelling of the same-looking name
    for name in ["Nguyễn Văn \u{202e}nA", "Nguyễn\u{200b} Văn An"] {
        let reply = app.visitor().register(name, "0977 111 222", PASSWORD).await;
        assert_eq!(reply.status, 422, "{name:?}: {}", reply.body);
        assert_eq!(
            reply.json(),
            serde_json::json!({"Invalid": [["FullName", "NameInvisible"]]}),
            "{name:?}"
        );
    }
    // an e-mail domain in Unicode letters is not one the mailer sends to
    let reply = app
        .visitor()
        .register("Nguyễn Văn An", "an@huế.vn", PASSWORD)
        .await;
    assert_eq!(
        reply.json(),
        serde_json::json!({"Invalid": [["Identifier", "EmailInvalid"]]})
    );
    // without JavaScript the person reads why, in Vietnamese
    let visitor = app.visitor();
    let form = visitor
        .submit(
            "/dang-ky",
            "/api/auth/register",
            &[
                ("full_name", "Lê\u{200b} Hoa"),
                ("identifier", "0977 111 222"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    let page = visitor
        .get(form.location().trim_start_matches(&visitor.base))
        .await;
    assert!(
        page.body.contains("Họ tên có ký tự vô hình"),
        "{}",
        form.location()
    );
    assert_eq!(
        app.visitor()
            .register("Nguyễn Văn An", "0977 111 222", PASSWORD)
            .await
            .status,
        200
    );
}

async fn changing_the_password_signs_out_everywhere_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.visitor();
    phone
        .register("Ngô Quang Huy", "0933 444 555", PASSWORD)
        .await;
    let laptop = app.visitor();
    assert_eq!(laptop.sign_in("0933444555", PASSWORD).await.status, 200);
    assert_eq!(laptop.me().await["full_name"], "Ngô Quang Huy");

    let new_password = "hoa phượng đỏ sân trường";
    let wrong = phone
        .call(
            "/api/account/password",
            &[
                ("current_password", "không đúng"),
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(
        wrong.json(),
        serde_json::json!({"Invalid": [["CurrentPassword", "WrongCurrentPassword"]]})
    );
    let changed = phone
        .call(
            "/api/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        laptop.me().await,
        serde_json::Value::Null,
        "the other device is signed out"
    );
    assert_eq!(
        phone.me().await["full_name"],
        "Ngô Quang Huy",
        "this device stays signed in"
    );
    assert_eq!(
        app.visitor().sign_in("0933444555", PASSWORD).await.status,
        422
    );
    assert_eq!(
        app.visitor()
            .sign_in("0933444555", new_password)
            .await
            .status,
        200
    );
}

async fn the_stored_hash_is_argon2id_and_never_logged(backend: Backend) {
    let app = spawn_app(backend).await;
    let secret = "mật khẩu rất riêng tư 7391";
    let visitor = app.visitor();
    visitor
        .register("Lý Thanh Tâm", "tam.ly@example.vn", secret)
        .await;
    visitor.sign_in("tam.ly@example.vn", secret).await;
    visitor
        .sign_in("tam.ly@example.vn", "sai rồi nhé 7391")
        .await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1")
        .bind("tam.ly@example.vn")
        .fetch_one(app.db.pool())
        .await
        .expect("user row");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    let logs = captured_logs();
    assert!(logs.contains("signed in"), "the sign-in was logged");
    for leaked in [secret, "sai rồi nhé 7391", &hash, "$argon2id$"] {
        assert!(!logs.contains(leaked), "the logs contain {leaked:?}");
    }
}

async fn a_cross_origin_post_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.visitor()
        .register("Mai Anh", "0966 111 000", PASSWORD)
        .await;
    let client = &app.visitor().client;
    for origin in [Some("https://evil.example"), Some("null"), None] {
        let mut request = client
            .post(app.url("/api/auth/sign_in"))
            .form(&[("identifier", "0966111000"), ("password", PASSWORD)]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.expect("POST");
        assert_eq!(response.status(), 403, "origin {origin:?}");
        assert!(response.headers().get("set-cookie").is_none());
    }
    let evil_referer = client
        .post(app.url("/api/account/password"))
        .header("referer", "https://evil.example/trap")
        .form(&[
            ("current_password", "x"),
            ("password", "y"),
            ("password_confirm", "y"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(evil_referer.status(), 403);
}

async fn forms_work_without_javascript(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    let form = [
        ("full_name", "Tạ Văn Phúc"),
        ("identifier", "0901 222 333"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("next", "/khoa-hoc"),
    ];
    let registered = visitor
        .submit("/dang-ky", "/api/auth/register", &form)
        .await;
    assert!(
        registered.status == 302 || registered.status == 303,
        "{}",
        registered.status
    );
    assert_eq!(registered.location(), "/khoa-hoc");
    assert!(visitor.get("/khoa-hoc").await.body.contains("Tạ Văn Phúc"));

    let signed_out = visitor.submit("/", "/api/auth/sign_out", &[]).await;
    assert_eq!(signed_out.location(), "/");
    let refused = visitor
        .submit(
            "/dang-nhap",
            "/api/auth/sign_in",
            &[("identifier", "0901222333"), ("password", "không phải")],
        )
        .await;
    let back = refused
        .location()
        .trim_start_matches(&visitor.base)
        .to_owned();
    assert!(back.starts_with("/dang-nhap?"), "{back}");
    let page = visitor.get(&back).await;
    assert!(
        page.body
            .contains("Số điện thoại/email hoặc mật khẩu không đúng."),
        "the error is shown on the form"
    );

    let bad_phone = visitor
        .submit(
            "/dang-ky",
            "/api/auth/register",
            &[
                ("full_name", "A B"),
                ("identifier", "12345"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    let page = visitor
        .get(bad_phone.location().trim_start_matches(&visitor.base))
        .await;
    assert!(
        page.body.contains(r#"aria-invalid="true""#),
        "the field is marked"
    );
    assert!(
        page.body
            .contains("Số điện thoại không phải số di động Việt Nam hợp lệ"),
        "next to the field"
    );

    let signed_in = visitor
        .submit(
            "/dang-nhap?tiep=/tai-khoan",
            "/api/auth/sign_in",
            &[
                ("identifier", "0901222333"),
                ("password", PASSWORD),
                ("next", "/tai-khoan"),
            ],
        )
        .await;
    assert_eq!(signed_in.location(), "/tai-khoan");
    assert!(
        visitor
            .get("/tai-khoan")
            .await
            .body
            .contains("0901 222 333")
    );
}

async fn an_admin_grants_a_role_and_it_is_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.visitor();
    admin
        .register("Quản Trị", "admin@example.vn", PASSWORD)
        .await;
    let admin_id = admin.me().await["id"].as_i64().expect("id");
    app.db
        .set_role(None, admin_id, Role::Admin, true)
        .await
        .expect("make admin");

    let editor = app.visitor();
    editor
        .register("Biên Tập Viên", "0944 555 666", PASSWORD)
        .await;
    let editor_id = editor.me().await["id"].as_i64().expect("id");
    assert!(!editor.get("/").await.body.contains(r#"href="/bien-tap""#));
    let before = editor.session_id().expect("session");

    let found = admin.call("/api/admin/users", &[("q", "bien tap")]).await;
    assert_eq!(
        found.json()[0]["id"],
        editor_id,
        "search ignores accents: {}",
        found.body
    );
    let found_by_phone = admin.call("/api/admin/users", &[("q", "0944 555")]).await;
    assert_eq!(found_by_phone.json()[0]["id"], editor_id);

    let id = editor_id.to_string();
    let granted = admin
        .call(
            "/api/admin/role",
            &[("user_id", &id), ("role", "editor"), ("grant", "true")],
        )
        .await;
    assert_eq!(granted.status, 200, "{}", granted.body);
    // cached pages re-read who a session is at most a second later
    tokio::time::sleep(app::ssr::auth::ViewerCache::MAX_AGE).await;
    let page = editor.get("/").await;
    assert!(
        page.body.contains(r#"href="/bien-tap""#),
        "the editor entry point appears"
    );
    assert_eq!(
        editor.session_id().expect("session"),
        before,
        "a role granted only refreshes the roles: the session goes on"
    );
    assert_eq!(editor.get("/bien-tap").await.status, 200);

    let audit = app.db.audit_of(editor_id).await.expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].0, Some(admin_id));
    assert_eq!(
        (audit[0].1.as_str(), audit[0].2.as_str()),
        ("role.grant", "editor")
    );

    let revoked = admin
        .call(
            "/api/admin/role",
            &[("user_id", &id), ("role", "editor"), ("grant", "false")],
        )
        .await;
    assert_eq!(revoked.status, 200);
    // a role taken away signs every session of that person out
    assert_eq!(editor.me().await, serde_json::Value::Null);
    let page = editor.get("/bien-tap").await;
    assert_eq!(page.status, 303);
    assert!(
        page.location().starts_with("/dang-nhap"),
        "{}",
        page.location()
    );
    assert_eq!(app.db.audit_of(editor_id).await.expect("audit").len(), 2);

    let own = admin
        .call(
            "/api/admin/role",
            &[
                ("user_id", &admin_id.to_string()),
                ("role", "admin"),
                ("grant", "false"),
            ],
        )
        .await;
    assert_eq!(
        own.json(),
        serde_json::json!({"Invalid": [["Role", "CannotRevokeOwnAdmin"]]})
    );
}

async fn every_protected_page_and_server_function_admits_exactly_its_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.visitor();
    let learner = app.visitor();
    learner.register("Học Viên", "0911 000 001", PASSWORD).await;
    let editor = app.visitor();
    editor.register("Biên Tập", "0911 000 002", PASSWORD).await;
    let admin = app.visitor();
    admin.register("Quản Trị", "0911 000 003", PASSWORD).await;
    for (visitor, role) in [(&editor, Role::Editor), (&admin, Role::Admin)] {
        let id = visitor.me().await["id"].as_i64().expect("id");
        app.db.set_role(None, id, role, true).await.expect("grant");
    }
    let learner_id = learner.me().await["id"].as_i64().expect("id").to_string();

    // expected status for: anonymous, learner, editor, admin
    let pages: &[(&str, [u16; 4])] = &[
        ("/tai-khoan", [303, 200, 200, 200]),
        ("/bien-tap", [303, 403, 200, 200]),
        ("/quan-tri", [303, 403, 403, 200]),
        ("/quan-tri?q=hoc", [303, 403, 403, 200]),
    ];
    let visitors = [&anonymous, &learner, &editor, &admin];
    for (path, expected) in pages {
        for (visitor, want) in visitors.iter().zip(expected) {
            let reply = visitor.get(path).await;
            assert_eq!(
                reply.status,
                *want,
                "GET {path} as visitor {}",
                visitor_name(visitor, &visitors)
            );
            if *want == 303 {
                assert!(
                    reply.location().starts_with("/dang-nhap?tiep=/"),
                    "{}",
                    reply.location()
                );
            }
            if *want == 403 {
                assert!(reply.body.contains("Bạn không có quyền truy cập"));
            }
        }
    }
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, [u16; 4]);
    let functions: &[Case] = &[
        ("/api/account/me", vec![], [401, 200, 200, 200]),
        (
            "/api/account/name",
            vec![("full_name", "Tên Mới")],
            [401, 200, 200, 200],
        ),
        (
            "/api/account/password",
            vec![
                ("current_password", "sai"),
                ("password", "x"),
                ("password_confirm", "x"),
            ],
            [401, 422, 422, 422],
        ),
        ("/api/editor/items", vec![], [401, 403, 200, 200]),
        ("/api/admin/users", vec![("q", "")], [401, 403, 403, 200]),
        (
            "/api/admin/role",
            vec![
                ("user_id", &learner_id),
                ("role", "official"),
                ("grant", "true"),
            ],
            [401, 403, 403, 200],
        ),
    ];
    for (path, form, expected) in functions {
        for (visitor, want) in visitors.iter().zip(expected) {
            let reply = visitor.call(path, form).await;
            assert_eq!(
                reply.status,
                *want,
                "POST {path} as visitor {}: {}",
                visitor_name(visitor, &visitors),
                reply.body
            );
        }
    }
    // public server functions stay public
    assert_eq!(anonymous.call("/api/courses", &[]).await.status, 200);
}

fn visitor_name(
    visitor: &crate::helpers::Visitor,
    all: &[&crate::helpers::Visitor; 4],
) -> &'static str {
    let names = ["anonymous", "learner", "editor", "admin"];
    all.iter()
        .position(|v| std::ptr::eq(*v, visitor))
        .map_or("?", |i| names[i])
}
