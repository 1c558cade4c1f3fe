//! Islands mode: reading pages are HTML and CSS only (no script, no wasm);
//! only pages with forms that work in place load the browser bundle and
//! carry their islands. (That those forms also work without JavaScript is
//! tested in accounts.rs and privacy.rs.)

use crate::helpers::{Backend, both_backends, spawn_app};
use app::domain::Role;
use app::i18n::Lang;

both_backends!(
    reading_pages_carry_no_script,
    a_signed_in_reader_gets_no_script_either,
    pages_with_forms_load_the_bundle_and_their_islands,
    a_form_posted_without_javascript_hands_its_error_to_the_island,
);

const PASSWORD: &str = "đồng lúa chín vàng ươm";
const LESSON: &str = "/khoa-hoc/binh-dan-hoc-ai/ai-la-gi";

/// Every public page without a form that works in place.
const READING: [&str; 9] = [
    "/",
    "/khoa-hoc",
    "/khoa-hoc/binh-dan-hoc-ai",
    LESSON,
    "/bai-viet",
    "/bai-viet?trang=2",
    "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi",
    "/kiem-tra/kiem-tra-binh-dan-hoc-ai",
    "/dang-xuat",
];

fn assert_no_script(path: &str, body: &str) {
    for needle in [
        "<script",
        ".wasm",
        "modulepreload",
        "<leptos-island",
        "data-hk",
        "__RESOLVED_RESOURCES",
    ] {
        assert!(!body.contains(needle), "{path} contains {needle}:\n{body}");
    }
    assert!(
        body.ends_with("</html>"),
        "{path}: nothing after the document"
    );
}

/// The islands on a page, by component name.
fn islands(body: &str) -> Vec<&str> {
    body.split("<leptos-island data-component=\"")
        .skip(1)
        .filter_map(|rest| rest.split('_').next())
        .collect()
}

fn assert_loads_the_bundle(path: &str, body: &str) {
    // the islands script fetches the bundle when the browser is idle; it is
    // not preloaded, so it does not compete with the stylesheet
    assert!(body.contains(r#"<script type="module" nonce=""#), "{path}");
    assert!(body.contains("hydrateIslands"), "{path}");
    assert!(!body.contains(r#"rel="modulepreload""#), "{path}");
    assert!(!body.contains(r#"type="application/wasm""#), "{path}");
}

async fn reading_pages_carry_no_script(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in READING {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_no_script(path, &page.body);
    }
    let missing = app.get("/khong-co-trang-nay").await;
    assert_eq!(missing.status, 404);
    assert_no_script("404", &missing.body);
    // nor when answered from the page cache
    app.wait_until_cached(LESSON, Lang::Vi).await;
    let cached = app.get(LESSON).await;
    assert_no_script("cached lesson", &cached.body);
    let length = cached.headers["content-length"].to_str().unwrap();
    assert_eq!(length, cached.body.len().to_string());
}

async fn a_signed_in_reader_gets_no_script_either(backend: Backend) {
    let app = spawn_app(backend).await;
    let reader = app.visitor();
    reader
        .register("Ngô Thị Lan", "0912 345 678", PASSWORD)
        .await;
    for path in READING.into_iter().filter(|p| *p != "/dang-xuat") {
        let page = reader.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.body.contains("data-signed-in"), "{path}");
        // signing out is a plain form: it needs no script
        assert!(
            page.body.contains(
                r#"<form class="inline-form" method="post" action="/api/auth/sign_out">"#
            ),
            "{path}: {}",
            page.body
        );
        assert_no_script(path, &page.body);
    }
    let sign_out = reader.get("/dang-xuat").await;
    assert!(sign_out.body.contains(r#"action="/api/auth/sign_out""#));
    assert_no_script("/dang-xuat", &sign_out.body);
}

async fn pages_with_forms_load_the_bundle_and_their_islands(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, expected) in [
        ("/dang-nhap", vec!["SignInForm"]),
        ("/dang-ky", vec!["RegisterForm"]),
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_loads_the_bundle(path, &page.body);
        assert_eq!(islands(&page.body), expected, "{path}");
        // the island has what it needs in the browser: the interface language
        // and where to go next
        assert!(
            page.body.contains("&quot;lang&quot;:&quot;Vi&quot;"),
            "{path}"
        );
    }

    let admin = app.visitor();
    admin
        .register("Quản Trị", "admin@example.vn", PASSWORD)
        .await;
    let id = admin.me().await["id"].as_i64().expect("id");
    app.db
        .set_role(None, id, Role::Admin, true)
        .await
        .expect("make admin");
    let account = admin.get("/tai-khoan").await;
    assert_loads_the_bundle("/tai-khoan", &account.body);
    assert_eq!(
        islands(&account.body),
        ["RenameForm", "PasswordForm", "DeleteAccountForm"]
    );
    let people = admin.get("/quan-tri?q=quan").await;
    assert_loads_the_bundle("/quan-tri", &people.body);
    assert_eq!(islands(&people.body), ["UserRoles"]);
    // The editors' area has no island yet, so no script.
    assert_no_script("/bien-tap", &admin.get("/bien-tap").await.body);
}

async fn a_form_posted_without_javascript_hands_its_error_to_the_island(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    let page = visitor.get("/dang-nhap?tiep=/khoa-hoc").await;
    assert!(
        page.body
            .contains("&quot;next&quot;:&quot;/khoa-hoc&quot;,&quot;posted&quot;:null"),
        "{}",
        page.body
    );
    let refused = visitor
        .submit(
            "/dang-nhap",
            "/api/auth/sign_in",
            &[("identifier", "12345"), ("password", "x")],
        )
        .await;
    let back = refused
        .location()
        .trim_start_matches(&visitor.base)
        .to_owned();
    let page = visitor.get(&back).await;
    // shown by the server render, and given to the island so that it shows
    // the same once hydrated
    assert!(page.body.contains(r#"id="dinh-danh-loi""#), "{}", page.body);
    assert!(
        page.body
            .contains("&quot;posted&quot;:{&quot;Invalid&quot;"),
        "{}",
        page.body
    );
}
