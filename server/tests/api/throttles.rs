//! Attempt limits that stop attackers, not owners (issue 20, findings 5 and
//! 6), on both backends: a stranger's wrong passwords or set-up codes never
//! refuse the owner's right one, even on a new device and address; guesses
//! at one account from many addresses stay limited; reset requests have
//! limits of their own; every sign-in, right or wrong, takes a slot of its
//! address; a person's sessions and trusted browsers are bounded and the
//! browsers are forgotten when the password changes.

use crate::helpers::{
    Backend, TestApp, Visitor, both_backends, roles_settle, scalar, spawn_app,
    spawn_app_configured, staff, trusting_localhost,
};
use app::domain::Role;

both_backends!(
    a_strangers_guesses_never_lock_the_owner_out_of_a_new_device,
    guesses_from_many_addresses_stay_limited_per_account,
    wrong_set_up_codes_never_refuse_the_valid_one,
    asking_for_password_resets_never_uses_up_the_sign_in_limits,
    sign_ins_from_one_address_are_limited_right_or_wrong,
    a_persons_sessions_and_trusted_browsers_are_bounded,
    a_password_change_forgets_the_trusted_browsers,
);

const PASSWORD: &str = "cây tre làng tôi xanh";
const PHONE: &str = "0988765432";

async fn trusting_app(backend: Backend) -> TestApp {
    spawn_app_configured(backend, trusting_localhost).await
}

/// `n` wrong guesses at [`PHONE`] from `visitor`; their statuses.
async fn guesses(visitor: &Visitor, n: usize) -> Vec<u16> {
    let mut statuses = Vec::with_capacity(n);
    for i in 0..n {
        statuses.push(visitor.sign_in(PHONE, &format!("đoán {i}")).await.status);
    }
    statuses
}

async fn a_strangers_guesses_never_lock_the_owner_out_of_a_new_device(backend: Backend) {
    let app = trusting_app(backend).await;
    let home = app.visitor_from("203.0.113.1");
    assert_eq!(
        home.register("Bùi Thị Lan", PHONE, PASSWORD).await.status,
        200
    );
    // a stranger elsewhere: five wrong passwords use up the account's
    // limit; past it guesses are still evaluated (and refused) until the
    // stranger's own address is used up for this account, at ten
    let stranger = app.visitor_from("198.51.100.7");
    let statuses = guesses(&stranger, 12).await;
    assert_eq!(&statuses[..5], &[422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // the stranger's address is used up: even the right password is not
    // looked at from there
    assert_eq!(stranger.sign_in(PHONE, PASSWORD).await.status, 429);

    // the owner, on a new phone at another address, with the right password
    let new_phone = app.visitor_from("203.0.113.50");
    let reply = new_phone.sign_in(PHONE, PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(new_phone.me().await["full_name"], "Bùi Thị Lan");
    // a mistyped password on another new device is refused while the
    // account's limit lasts, with the wait to show
    let other = app.visitor_from("203.0.113.51");
    let typo = other.sign_in(PHONE, "gõ nhầm").await;
    assert_eq!(typo.status, 429);
    assert!(typo.json()["TooManyAttempts"]["minutes"].as_u64() >= Some(1));
    // and the browser that signed in before still may mistype
    assert_eq!(home.sign_in(PHONE, "gõ nhầm").await.status, 422);
    assert_eq!(home.sign_in(PHONE, PASSWORD).await.status, 200);
}

async fn guesses_from_many_addresses_stay_limited_per_account(backend: Backend) {
    let app = trusting_app(backend).await;
    let home = app.visitor_from("203.0.113.1");
    home.register("Bùi Thị Lan", PHONE, PASSWORD).await;
    // six addresses, ten guesses each: the account's limit (5) and its
    // second budget (50) are used up
    let first = guesses(&app.visitor_from("198.51.100.0"), 10).await;
    assert_eq!(&first[..5], &[422; 5], "{first:?}");
    let others: Vec<Visitor> = (1..6)
        .map(|a| app.visitor_from(&format!("198.51.100.{a}")))
        .collect();
    let rest = futures::future::join_all(others.iter().map(|v| guesses(v, 10))).await;
    assert!(
        first[5..]
            .iter()
            .chain(rest.iter().flatten())
            .all(|s| *s == 429),
        "{first:?} {rest:?}"
    );
    // a new browser is now refused without its password being looked at...
    let fresh = app.visitor_from("198.51.100.200");
    assert_eq!(fresh.sign_in(PHONE, PASSWORD).await.status, 429);
    // ...while the owner's own browser still gets in
    assert_eq!(home.sign_in(PHONE, PASSWORD).await.status, 200);
    let counted: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM throttle WHERE key LIKE 'signin-account-past:%'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(counted, 1);
}

async fn add_official(admin: &Visitor, unit: i64, phone: &str) -> String {
    let reply = admin
        .call(
            "/api/admin/official",
            &[
                ("unit_id", &unit.to_string()),
                ("full_name", "Nguyễn Thị Cán Bộ"),
                ("identifier", phone),
                ("position", "Công chức"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["code"].as_str().expect("a code").to_owned()
}

async fn activate(visitor: &Visitor, phone: &str, code: &str) -> u16 {
    visitor
        .call(
            "/api/auth/activate",
            &[
                ("identifier", phone),
                ("code", code),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await
        .status
}

async fn wrong_set_up_codes_never_refuse_the_valid_one(backend: Backend) {
    let app = trusting_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    roles_settle().await;
    let unit = admin
        .call(
            "/api/admin/unit",
            &[("action", "create"), ("code", "DN-HC"), ("name", "Phường")],
        )
        .await
        .json()
        .as_i64()
        .unwrap();
    let code = add_official(&admin, unit, "0905 111 222").await;
    let stranger = app.visitor_from("198.51.100.7");
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(activate(&stranger, "0905111222", "ABCDE-FGHJK").await);
    }
    assert_eq!(&statuses[..5], &[422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // the official, at home, with the code the administrator gave her
    let official = app.visitor_from("203.0.113.9");
    let reply = official
        .call(
            "/api/auth/activate",
            &[
                ("identifier", "0905111222"),
                ("code", &code),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // this browser is trusted as after a sign-in: the account's limit
    // (used up by the stranger) lets it mistype
    let cookies: Vec<&str> = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("hocso_device=")),
        "{cookies:?}"
    );
    for i in 0..5 {
        stranger.sign_in("0905111222", &format!("đoán {i}")).await;
    }
    assert_eq!(official.sign_in("0905111222", "gõ nhầm").await.status, 422);
    assert_eq!(official.sign_in("0905111222", PASSWORD).await.status, 200);
}

async fn asking_for_password_resets_never_uses_up_the_sign_in_limits(backend: Backend) {
    let app = spawn_app_configured(backend, |s| {
        trusting_localhost(s);
        // nothing listens there: the e-mails stay queued
        s.reminders.mail = Some(hocso::reminders::MailSettings {
            smtp_url: "smtp://127.0.0.1:9".into(),
            from: "Học Số <hocso@example.vn>".into(),
        });
    })
    .await;
    let home = app.visitor_from("203.0.113.1");
    home.register("Hà Thị Thu", "thu@example.vn", PASSWORD)
        .await;
    let stranger = app.visitor_from("198.51.100.7");
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            stranger
                .call(
                    "/api/auth/forgot_password",
                    &[("identifier", "thu@example.vn")],
                )
                .await
                .status,
        );
    }
    // three e-mails, then one every ten minutes
    assert_eq!(&statuses[..3], &[200; 3], "{statuses:?}");
    assert!(statuses[3..].iter().all(|s| *s == 429), "{statuses:?}");
    let queued = scalar(&app, "SELECT COUNT(*) FROM email_outbox").await;
    assert_eq!(queued, 3);
    // the requests used none of the account's sign-in limit: the owner on
    // a new device may still mistype, as anyone may
    let laptop = app.visitor_from("203.0.113.60");
    assert_eq!(
        laptop.sign_in("thu@example.vn", "gõ nhầm").await.status,
        422
    );
    assert_eq!(laptop.sign_in("thu@example.vn", PASSWORD).await.status, 200);
}

async fn sign_ins_from_one_address_are_limited_right_or_wrong(backend: Backend) {
    let app = spawn_app_configured(backend, |s| {
        trusting_localhost(s);
        s.sign_ins_per_ip_burst = 4;
    })
    .await;
    app.visitor_from("203.0.113.1")
        .register("Phan Văn Đức", PHONE, PASSWORD)
        .await;
    // twelve correct sign-ins at once from one address: only the burst is
    // hashed (taken atomically, not checked then counted)
    let client = app.visitor_from("198.51.100.7");
    let started = std::time::Instant::now();
    let replies = futures::future::join_all((0..12).map(|_| client.sign_in(PHONE, PASSWORD))).await;
    let refilled = started.elapsed().as_secs() / 2 + 1;
    let admitted = replies.iter().filter(|r| r.status == 200).count() as u64;
    let refused = replies.iter().filter(|r| r.status == 429).count() as u64;
    assert_eq!(admitted + refused, 12);
    // the address's queue in front of the hashing pool is gone with them
    assert_eq!(app.state.auth.hash_turns.queued_clients(), 0);
    assert!(
        (4..=4 + refilled).contains(&admitted),
        "{admitted} admitted in {:?}",
        started.elapsed()
    );
    // another person elsewhere is not affected
    assert_eq!(
        app.visitor_from("203.0.113.2")
            .sign_in(PHONE, PASSWORD)
            .await
            .status,
        200
    );
}

async fn a_persons_sessions_and_trusted_browsers_are_bounded(backend: Backend) {
    let app = spawn_app(backend).await;
    app.visitor()
        .register("Phan Văn Đức", PHONE, PASSWORD)
        .await;
    let mut browsers = Vec::new();
    for i in 0..24 {
        let browser = app.visitor();
        assert_eq!(
            browser.sign_in(PHONE, PASSWORD).await.status,
            200,
            "sign-in {i}"
        );
        browsers.push(browser);
    }
    let sessions = scalar(
        &app,
        "SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL",
    )
    .await;
    assert_eq!(sessions, 20, "the newest 20 sessions");
    let devices = scalar(&app, "SELECT COUNT(*) FROM trusted_devices").await;
    assert_eq!(devices, 10, "the 10 browsers used last");
    // the newest browser is still signed in and trusted
    assert_eq!(browsers[23].me().await["full_name"], "Phan Văn Đức");
    let stranger = app.visitor();
    for i in 0..5 {
        stranger.sign_in(PHONE, &format!("đoán {i}")).await;
    }
    assert_eq!(browsers[23].sign_in(PHONE, "gõ nhầm").await.status, 422);
}

async fn a_password_change_forgets_the_trusted_browsers(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.visitor();
    phone.register("Ngô Quang Huy", PHONE, PASSWORD).await;
    let laptop = app.visitor();
    assert_eq!(laptop.sign_in(PHONE, PASSWORD).await.status, 200);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM trusted_devices").await,
        2
    );
    let new_password = "hoa phượng đỏ sân trường";
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
    // only the browser that changed it is trusted again
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM trusted_devices").await,
        1
    );
    // the laptop's old device cookie no longer waives the account's limit
    let stranger = app.visitor();
    for i in 0..5 {
        stranger.sign_in(PHONE, &format!("đoán {i}")).await;
    }
    assert_eq!(laptop.sign_in(PHONE, "gõ nhầm").await.status, 429);
    assert_eq!(phone.sign_in(PHONE, "gõ nhầm").await.status, 422);
}
