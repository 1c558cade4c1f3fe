//! The organisational unit tree (issue 12, first part), on both backends:
//! an admin creates, renames, moves and closes units over HTTP (with and
//! without JavaScript); the tree keeps its shape (a subtree moves whole, a
//! unit never goes under itself or a closed unit); every change is in the
//! audit log; learners and visitors can do none of it.

use crate::helpers::{Backend, TestApp, Visitor, both_backends, roles_settle, spawn_app, staff};
use app::domain::{Role, Viewer};
use app::ssr::units::{self, UnitError};
use serde_json::Value;

both_backends!(
    an_admin_builds_moves_and_closes_the_unit_tree,
    learners_and_visitors_cannot_touch_the_unit_tree,
    officials_move_between_units_and_managers_see_only_their_own,
);

async fn change(admin: &Visitor, form: &[(&str, &str)]) -> (u16, Value) {
    let reply = admin.call("/api/admin/unit", form).await;
    let value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    (reply.status, value)
}

async fn create(admin: &Visitor, code: &str, name: &str, parent: i64) -> i64 {
    let parent = parent.to_string();
    let (status, value) = change(
        admin,
        &[
            ("action", "create"),
            ("code", code),
            ("name", name),
            ("parent", &parent),
        ],
    )
    .await;
    assert_eq!(status, 200, "create {code}: {value}");
    value.as_i64().expect("the new unit's id")
}

/// `(code, depth, closed)` of every unit, depth first.
async fn tree(admin: &Visitor) -> Vec<(String, i64, bool)> {
    let reply = admin.call("/api/admin/units", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| {
            (
                u["code"].as_str().unwrap_or_default().to_owned(),
                u["depth"].as_i64().unwrap_or(-1),
                u["closed"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn shape(list: &[(&str, i64, bool)]) -> Vec<(String, i64, bool)> {
    list.iter()
        .map(|(c, d, x)| ((*c).to_owned(), *d, *x))
        .collect()
}

async fn refused(admin: &Visitor, form: &[(&str, &str)], says: &str) {
    let (status, value) = change(admin, form).await;
    assert_eq!(status, 422, "{form:?}: {value}");
    assert!(value.to_string().contains(says), "{form:?}: {value}");
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND item_kind = 'unit'",
    )
    .bind(action)
    .fetch_one(app.db.pool())
    .await
    .expect("audit count")
}

async fn an_admin_builds_moves_and_closes_the_unit_tree(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị Đơn Vị", Some(Role::Admin)).await;
    roles_settle().await;

    let city = create(&admin, "dn", "Thành phố Đà Nẵng", 0).await;
    let dept = create(&admin, "DN-STTTT", "Sở Thông tin và Truyền thông", city).await;
    let ward = create(&admin, "DN-HC", "Phường Hải Châu", city).await;
    let group = create(&admin, "DN-HC-TDP1", "Tổ dân phố 1", ward).await;
    assert_eq!(
        tree(&admin).await,
        shape(&[
            ("DN", 0, false),
            ("DN-HC", 1, false),
            ("DN-HC-TDP1", 2, false),
            ("DN-STTTT", 1, false),
        ]),
        "codes are upper case; children by code"
    );
    assert_eq!(audited(&app, "unit_create").await, 4);

    // codes are unique and plain; names are needed
    refused(
        &admin,
        &[("action", "create"), ("code", "DN-HC"), ("name", "Lặp")],
        "đã có đơn vị khác dùng",
    )
    .await;
    refused(
        &admin,
        &[("action", "create"), ("code", "Hải Châu"), ("name", "X")],
        "Mã đơn vị gồm",
    )
    .await;
    refused(
        &admin,
        &[("action", "create"), ("code", "DN-X"), ("name", "  ")],
        "Tên đơn vị",
    )
    .await;

    // renamed (NFC), audited
    let (status, _) = change(
        &admin,
        &[
            ("action", "rename"),
            ("id", &ward.to_string()),
            ("name", "Phu\u{31b}o\u{31b}\u{300}ng Ha\u{309}i Cha\u{302}u"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let name: String = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
        .bind(ward)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(name, "Phường Hải Châu");
    assert_eq!(audited(&app, "unit_rename").await, 1);

    // the ward moves under the department with its group
    let (status, value) = change(
        &admin,
        &[
            ("action", "move"),
            ("id", &ward.to_string()),
            ("parent", &dept.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{value}");
    assert_eq!(
        tree(&admin).await,
        shape(&[
            ("DN", 0, false),
            ("DN-STTTT", 1, false),
            ("DN-HC", 2, false),
            ("DN-HC-TDP1", 3, false),
        ])
    );
    let path: String = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
        .bind(group)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(path, format!("/{city}/{dept}/{ward}/{group}/"));
    // never under itself or below itself
    for parent in [dept, group] {
        refused(
            &admin,
            &[
                ("action", "move"),
                ("id", &dept.to_string()),
                ("parent", &parent.to_string()),
            ],
            "chính nó",
        )
        .await;
    }

    // closing the ward closes its group; nothing goes under a closed unit
    let (status, _) = change(&admin, &[("action", "close"), ("id", &ward.to_string())]).await;
    assert_eq!(status, 200);
    assert_eq!(
        tree(&admin).await,
        shape(&[
            ("DN", 0, false),
            ("DN-STTTT", 1, false),
            ("DN-HC", 2, true),
            ("DN-HC-TDP1", 3, true),
        ])
    );
    refused(
        &admin,
        &[
            ("action", "create"),
            ("code", "DN-HC-TDP2"),
            ("name", "Tổ 2"),
            ("parent", &ward.to_string()),
        ],
        "đã đóng",
    )
    .await;
    refused(
        &admin,
        &[("action", "close"), ("id", &group.to_string())],
        "đã đóng",
    )
    .await;
    assert_eq!(audited(&app, "unit_close").await, 1);
    assert_eq!(audited(&app, "unit_move").await, 1);

    // without JavaScript: the form comes back to the page, which lists the units
    let page = "/quan-tri/don-vi";
    let reply = admin
        .submit(
            page,
            "/api/admin/unit",
            &[
                ("action", "create"),
                ("code", "DN-LC"),
                ("name", "Phường Liên Chiểu"),
                ("parent", &city.to_string()),
            ],
        )
        .await;
    assert!(
        reply.location().starts_with("/quan-tri/don-vi?xong=create"),
        "{} {}",
        reply.status,
        reply.location()
    );
    let html = admin.get(page).await;
    assert_eq!(html.status, 200);
    for name in [
        "Phường Liên Chiểu",
        "Sở Thông tin và Truyền thông",
        "Đã đóng",
    ] {
        assert!(html.body.contains(name), "{name} missing");
    }
    // a refused plain post comes back to the page with its reason
    let reply = admin
        .submit(
            page,
            "/api/admin/unit",
            &[("action", "create"), ("code", "DN-LC"), ("name", "Lặp")],
        )
        .await;
    // leptos answers with the page's absolute address and the error
    let location = reply.location();
    let path = &location[location.find("/quan-tri").unwrap_or(0)..];
    let back = admin.get(path).await;
    assert!(
        back.body.contains("đã có đơn vị khác dùng"),
        "{}: {}",
        reply.location(),
        back.status
    );
}

async fn learners_and_visitors_cannot_touch_the_unit_tree(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (learner, learner_id) = staff(&app, "Người Học", None).await;
    let (editor, _) = staff(&app, "Biên Tập", Some(Role::Editor)).await;
    roles_settle().await;
    let city = create(&admin, "DN", "Đà Nẵng", 0).await;
    let anonymous = app.visitor();
    for (who, visitor, status) in [
        ("anonymous", &anonymous, 401),
        ("learner", &learner, 403),
        ("editor", &editor, 403),
    ] {
        for (path, form) in [
            ("/api/admin/units", vec![]),
            (
                "/api/admin/unit",
                vec![("action", "create"), ("code", "X1"), ("name", "X")],
            ),
        ] {
            let reply = visitor.call(path, &form).await;
            assert_eq!(reply.status, status, "{who} {path}: {}", reply.body);
        }
        let reply = visitor
            .call(
                "/api/admin/unit",
                &[("action", "close"), ("id", &city.to_string())],
            )
            .await;
        assert_eq!(reply.status, status, "{who} close");
        let page = visitor.get("/quan-tri/don-vi").await;
        assert!(
            [303, 403].contains(&page.status) || page.body.contains("dang-nhap"),
            "{who} page: {}",
            page.status
        );
        assert!(!page.body.contains("Đà Nẵng"), "{who} sees the tree");
    }
    // the rules refuse on their own, whatever route skipped its guard
    let as_learner = Viewer {
        id: learner_id,
        full_name: "Người Học".into(),
        identifier: String::new(),
        roles: vec![],
    };
    let db = &app.db;
    assert!(matches!(
        units::create(db, &as_learner, "X2", "X", None).await,
        Err(UnitError::Forbidden)
    ));
    assert!(matches!(
        units::rename(db, &as_learner, city, "X").await,
        Err(UnitError::Forbidden)
    ));
    assert!(matches!(
        units::move_to(db, &as_learner, city, None).await,
        Err(UnitError::Forbidden)
    ));
    assert!(matches!(
        units::close(db, &as_learner, city).await,
        Err(UnitError::Forbidden)
    ));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE closed_at IS NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 1, "nothing was written");
}

async fn member(
    admin: &Visitor,
    action: &str,
    unit: i64,
    who: &str,
    position: &str,
) -> (u16, Value) {
    let unit = unit.to_string();
    let reply = admin
        .call(
            "/api/admin/member",
            &[
                ("action", action),
                ("unit_id", &unit),
                ("identifier", who),
                ("position", position),
            ],
        )
        .await;
    let value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    (reply.status, value)
}

/// The names in a unit's people list, and the status of the call.
async fn people(visitor: &Visitor, path: &str, unit: i64) -> (u16, Vec<String>) {
    let reply = visitor.call(path, &[("unit_id", &unit.to_string())]).await;
    if reply.status != 200 {
        return (reply.status, Vec::new());
    }
    let names = reply.json()["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| {
            format!(
                "{}@{}",
                m["full_name"].as_str().unwrap_or_default(),
                m["unit_code"].as_str().unwrap_or_default()
            )
        })
        .collect();
    (200, names)
}

async fn officials_move_between_units_and_managers_see_only_their_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = staff(&app, "Quản Trị", Some(Role::Admin)).await;
    let (_, _) = staff(&app, "Cán Bộ An", None).await;
    let (_, binh) = staff(&app, "Cán Bộ Bình", None).await;
    let an_phone = phone_of(&app, "Cán Bộ An").await;
    let binh_phone = phone_of(&app, "Cán Bộ Bình").await;
    let (manager, _) = staff(&app, "Trưởng Phường Hải Châu", None).await;
    roles_settle().await;
    let city = create(&admin, "DN", "Đà Nẵng", 0).await;
    let hai_chau = create(&admin, "DN-HC", "Phường Hải Châu", city).await;
    let group = create(&admin, "DN-HC-T1", "Tổ 1", hai_chau).await;
    let lien_chieu = create(&admin, "DN-LC", "Phường Liên Chiểu", city).await;

    // a registered account that is no official yet cannot just be placed:
    // it becomes one through "Tạo tài khoản cán bộ", which claims it with a code
    let (status, value) = member(&admin, "place", group, &an_phone, "Tổ trưởng").await;
    assert_eq!(status, 422, "{value}");
    assert!(
        value.to_string().contains("Tạo tài khoản cán bộ"),
        "{value}"
    );
    for (unit, name, phone, position) in [
        (group, "Cán Bộ An", &an_phone, "Tổ trưởng"),
        (lien_chieu, "Cán Bộ Bình", &binh_phone, "Công chức"),
    ] {
        let reply = admin
            .call(
                "/api/admin/official",
                &[
                    ("unit_id", &unit.to_string()),
                    ("full_name", name),
                    ("identifier", phone),
                    ("position", position),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(reply.json()["code"].is_string(), "claimed with a code");
    }

    // placed, then transferred: the first membership ends, the record stays
    let (status, value) = member(&admin, "place", group, &an_phone, "Tổ trưởng").await;
    assert_eq!((status, value), (200, Value::Bool(false)), "already there");
    assert_eq!(
        member(&admin, "place", hai_chau, &binh_phone, "Phó chủ tịch")
            .await
            .0,
        200
    );
    let history: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT unit_id, until_at FROM unit_memberships WHERE user_id = $1 ORDER BY id",
    )
    .bind(binh)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].0, lien_chieu);
    assert!(history[0].1.is_some(), "the old membership ended");
    assert_eq!((history[1].0, history[1].1), (hai_chau, None));
    let (status, value) = member(&admin, "place", group, "0999 999 999", "").await;
    assert_eq!(status, 422, "{value}");

    // the admin sees a unit and everything below it
    let (_, names) = people(&admin, "/api/admin/people", hai_chau).await;
    assert_eq!(names, ["Cán Bộ Bình@DN-HC", "Cán Bộ An@DN-HC-T1"]);

    // a manager of Hải Châu: its people, not Liên Chiểu's nor the city's
    let (status, _) = member(
        &admin,
        "manage",
        hai_chau,
        &phone_of(&app, "Trưởng Phường Hải Châu").await,
        "",
    )
    .await;
    assert_eq!(status, 200);
    let (status, names) = people(&manager, "/api/manager/people", hai_chau).await;
    assert_eq!(status, 200);
    assert_eq!(names, ["Cán Bộ Bình@DN-HC", "Cán Bộ An@DN-HC-T1"]);
    let (status, names) = people(&manager, "/api/manager/people", group).await;
    assert_eq!(
        (status, names),
        (200, vec!["Cán Bộ An@DN-HC-T1".to_owned()])
    );
    for other in [lien_chieu, city, 999_999] {
        let (status, names) = people(&manager, "/api/manager/people", other).await;
        assert_eq!(status, 403, "unit {other}: {names:?}");
    }
    // nor through the admins' function
    let (status, _) = people(&manager, "/api/admin/people", lien_chieu).await;
    assert_eq!(status, 403);
    // called directly, the rule refuses too
    let as_manager = Viewer {
        id: manager_id(&app, "Trưởng Phường Hải Châu").await,
        full_name: "Trưởng Phường Hải Châu".into(),
        identifier: String::new(),
        roles: vec![],
    };
    assert!(matches!(
        units::people(&app.db, &as_manager, lien_chieu).await,
        Err(UnitError::Forbidden)
    ));
    assert!(matches!(
        units::place(&app.db, &as_manager, hai_chau, &binh_phone, "X").await,
        Err(UnitError::Forbidden)
    ));
    // the admins' page of the unit, without JavaScript; not for the manager
    let page = format!("/quan-tri/don-vi/{hai_chau}");
    let html = admin.get(&page).await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("Cán Bộ Bình") && html.body.contains("Trưởng Phường Hải Châu"));
    let reply = admin
        .submit(
            &page,
            "/api/admin/member",
            &[
                ("action", "place"),
                ("unit_id", &hai_chau.to_string()),
                ("identifier", &an_phone),
                ("position", "Công chức"),
            ],
        )
        .await;
    assert!(
        reply.location().starts_with(&format!("{page}?xong=place")),
        "{}",
        reply.location()
    );
    let (_, names) = people(&admin, "/api/admin/people", hai_chau).await;
    assert_eq!(names, ["Cán Bộ An@DN-HC", "Cán Bộ Bình@DN-HC"]);
    assert_eq!(manager.get(&page).await.status, 403);

    // revoked: nothing any more
    member(
        &admin,
        "unmanage",
        hai_chau,
        &phone_of(&app, "Trưởng Phường Hải Châu").await,
        "",
    )
    .await;
    let (status, _) = people(&manager, "/api/manager/people", hai_chau).await;
    assert_eq!(status, 403);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('unit_member', 'unit_manager_grant', 'unit_manager_revoke')",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 6);
}

async fn manager_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE full_name = $1")
        .bind(name)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn phone_of(app: &TestApp, name: &str) -> String {
    let phone: String = sqlx::query_scalar("SELECT phone FROM users WHERE full_name = $1")
        .bind(name)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    phone
}
