use crate::helpers::{Backend, both_backends, spawn_app};

both_backends!(
    vietnamese_is_the_default,
    accept_language_is_not_read,
    the_language_cookie_gives_english,
    the_language_switch_sets_the_cookie_and_goes_back,
);

async fn vietnamese_is_the_default(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/khoa-hoc").await;
    assert!(page.body.contains(r#"<html lang="vi""#));
    assert!(page.body.contains("Trang chủ"));
}

/// Many phones in Vietnam are set to English: the interface stays Vietnamese.
async fn accept_language_is_not_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app
        .get_with("/khoa-hoc", &[("accept-language", "en-US,en;q=0.9")])
        .await;
    assert!(page.body.contains(r#"<html lang="vi""#));
    assert!(page.body.contains("Trang chủ"));
    assert!(!page.body.contains(">Home<"));
}

async fn the_language_cookie_gives_english(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get_with("/khoa-hoc", &[("cookie", "lang=en")]).await;
    assert!(page.body.contains(r#"<html lang="en""#));
    assert!(page.body.contains(">Home<"), "English navigation");
    assert!(
        page.body.contains("Bình dân học vụ số"),
        "content keeps its language"
    );
    let missing = app.get_with("/khong-co", &[("cookie", "lang=en")]).await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    let page = app
        .get_with("/", &[("accept-language", "vi"), ("cookie", "lang=en")])
        .await;
    assert!(page.body.contains(r#"<html lang="en""#));
    let page = app
        .get_with("/", &[("accept-language", "en"), ("cookie", "lang=vi")])
        .await;
    assert!(page.body.contains(r#"<html lang="vi""#));
}

async fn the_language_switch_sets_the_cookie_and_goes_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/ngon-ngu/en?tiep=/bai-viet%3Ftrang%3D2").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.headers["location"], "/bai-viet?trang=2");
    let cookie = page.headers["set-cookie"].to_str().expect("ascii");
    assert!(
        cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    for hostile in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let page = app.get(&format!("/ngon-ngu/vi?tiep={hostile}")).await;
        assert_eq!(
            page.headers["location"], "/",
            "{hostile} must not redirect off-site"
        );
    }
    assert_eq!(app.get("/ngon-ngu/xx").await.status, 404);
}
