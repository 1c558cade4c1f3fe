//! Vietnamese first: the interface is Vietnamese for everyone, whatever
//! language their phone is set to, and English only for a reader who picked
//! it (the `lang` cookie; for a signed-in person also their profile). English
//! counts are grammatical. Every page carries Open Graph tags, so a shared
//! lesson or article shows a proper preview in Zalo or Facebook.

use crate::helpers::{
    Backend, Page, Reply, both_backends, data_views, spawn_app, spawn_app_configured,
    spawn_app_with,
};
use app::i18n::Lang;

both_backends!(
    a_phone_set_to_english_gets_the_vietnamese_interface,
    picking_english_sets_the_cookie_that_gives_english,
    the_profile_language_follows_the_person_to_a_new_device,
    english_counts_are_grammatical,
    shared_pages_carry_open_graph_tags,
    the_preview_image_is_a_small_png,
);

const ENGLISH_PHONE: (&str, &str) = ("accept-language", "en-US,en;q=0.9");
const LESSON: &str = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";
const LESSON_TITLE: &str = "Mật khẩu mạnh và nguyên tắc không chia sẻ mã OTP";
const ARTICLE: &str = "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi";
const ARTICLE_TITLE: &str = "AI là gì? Giải thích cho ông bà, cô chú";
const PASSWORD: &str = "cây tre làng tôi xanh";

/// The `content` of the first `<meta property|name="{key}">` of a page,
/// with the entities leptos escapes in attributes turned back.
fn meta(body: &str, key: &str) -> Option<String> {
    let head = body.split("</head>").next().unwrap_or(body);
    head.split("<meta ").skip(1).find_map(|tag| {
        let tag = tag.split('>').next().unwrap_or("");
        let named = tag.contains(&format!(r#"property="{key}""#))
            || tag.contains(&format!(r#"name="{key}""#));
        let start = tag.find(r#"content=""#)? + r#"content=""#.len();
        let value = &tag[start..start + tag[start..].find('"')?];
        named.then(|| {
            value
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
    })
}

fn assert_vietnamese(body: &str, what: &str) {
    assert!(body.contains(r#"<html lang="vi""#), "{what}: html lang");
    assert!(body.contains("Trang chủ"), "{what}: Vietnamese navigation");
    assert!(!body.contains(">Home<"), "{what}: no English navigation");
}

fn assert_english(body: &str, what: &str) {
    assert!(body.contains(r#"<html lang="en""#), "{what}: html lang");
    assert!(body.contains(">Home<"), "{what}: English navigation");
}

async fn a_phone_set_to_english_gets_the_vietnamese_interface(backend: Backend) {
    let app = spawn_app(backend).await;
    let home = app.get_with("/", &[ENGLISH_PHONE]).await;
    assert_eq!(home.status, 200);
    assert_vietnamese(&home.body, "home");
    assert!(home.body.contains("Bài viết mới nhất"));
    let lesson = app.get_with(LESSON, &[ENGLISH_PHONE]).await;
    assert_eq!(lesson.status, 200);
    assert_vietnamese(&lesson.body, "lesson");
    assert!(lesson.body.contains("lượt xem") && lesson.body.contains("phút đọc"));
    assert!(lesson.body.contains("Bài tiếp theo"));
    // and so does the cached copy of the page
    app.wait_until_cached(LESSON, Lang::Vi).await;
    let cached = app.get_with(LESSON, &[ENGLISH_PHONE]).await;
    assert_vietnamese(&cached.body, "cached lesson");
    assert!(
        app.get_with("/khong-co", &[ENGLISH_PHONE])
            .await
            .body
            .contains("Không tìm thấy trang")
    );
}

async fn picking_english_sets_the_cookie_that_gives_english(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.visitor();
    let switched = phone.get("/ngon-ngu/en?tiep=/").await;
    assert_eq!(switched.status, 303);
    assert!(
        cookie_set(&switched, "lang=en;"),
        "the choice is remembered in a cookie"
    );
    let home = phone.get("/").await;
    assert_english(&home.body, "home");
    let lesson = phone.get(LESSON).await;
    assert_english(&lesson.body, "lesson");
    assert!(
        lesson.body.contains(LESSON_TITLE),
        "content keeps its language"
    );
    assert!(lesson.body.contains("min read"));

    phone.get("/ngon-ngu/vi?tiep=/").await;
    assert_vietnamese(&phone.get("/").await.body, "back to Vietnamese");
}

fn cookie_set(reply: &Reply, prefix: &str) -> bool {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookie| cookie.starts_with(prefix))
}

async fn the_profile_language_follows_the_person_to_a_new_device(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.visitor();
    assert_eq!(
        phone
            .register("Nguyễn Văn Minh", "0905 222 333", PASSWORD)
            .await
            .status,
        200
    );
    let id = phone.me().await["id"].as_i64().expect("signed in");
    assert_eq!(app.db.user_lang(id).await.expect("lang"), None);

    // a new device of someone who never picked a language: no cookie, Vietnamese
    let tablet = app.visitor();
    let signed_in = tablet.sign_in("0905222333", PASSWORD).await;
    assert_eq!(signed_in.status, 200);
    assert!(!cookie_set(&signed_in, "lang="));
    assert_vietnamese(&tablet.get("/").await.body, "no choice yet");

    // a GET (a link any site can make a browser follow) sets only the cookie
    let linked = phone.get("/ngon-ngu/en?tiep=/tai-khoan").await;
    assert!(cookie_set(&linked, "lang=en;"));
    assert_eq!(app.db.user_lang(id).await.expect("lang"), None);
    // picking English with the header's switch (a POST) is kept in the profile
    let picked = phone
        .submit("/tai-khoan", "/ngon-ngu/en", &[("tiep", "/tai-khoan")])
        .await;
    assert_eq!(picked.status, 303);
    assert_eq!(picked.location(), "/tai-khoan");
    assert_eq!(app.db.user_lang(id).await.expect("lang"), Some(Lang::En));
    let export = phone.get("/tai-khoan/du-lieu.json").await.json();
    assert_eq!(export["profile"]["lang"], "en", "the export shows it");

    // signing in on a fresh device (no lang cookie, a phone set to Vietnamese)
    let laptop = app.visitor();
    assert_vietnamese(&laptop.get("/").await.body, "before signing in");
    let signed_in = laptop.sign_in("0905222333", PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    assert!(
        cookie_set(&signed_in, "lang=en;"),
        "signing in restores the language"
    );
    assert_english(&laptop.get("/").await.body, "home after signing in");
    assert_english(&laptop.get(LESSON).await.body, "lesson after signing in");
    assert_english(&laptop.get("/tai-khoan").await.body, "account page");

    // signing in without JavaScript restores it too
    let old_phone = app.visitor();
    let posted = old_phone
        .submit(
            "/dang-nhap",
            "/api/auth/sign_in",
            &[("identifier", "0905222333"), ("password", PASSWORD)],
        )
        .await;
    assert!(
        posted.status == 302 || posted.status == 303,
        "{}",
        posted.status
    );
    assert!(cookie_set(&posted, "lang=en;"));

    // switching back is kept as well; the other devices keep their cookie
    laptop.submit("/", "/ngon-ngu/vi", &[("tiep", "/")]).await;
    assert_eq!(app.db.user_lang(id).await.expect("lang"), Some(Lang::Vi));
    assert_vietnamese(&laptop.get("/").await.body, "switched back");
    assert_english(&phone.get("/").await.body, "the phone's own cookie");
}

/// Every "N word" of the English page, checked for the number's grammar.
fn assert_grammatical(body: &str, singular: &str, plural: &str) {
    let mut seen = 0;
    for (at, _) in body.match_indices(&format!(" {singular}")) {
        let rest = &body[at + 1..];
        let word = if rest.starts_with(plural) {
            plural
        } else {
            singular
        };
        if !rest[word.len()..].starts_with(['<', ' ', '.', ',', '"']) {
            continue;
        }
        let digits: String = body[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .filter(char::is_ascii_digit)
            .collect();
        let Ok(n) = digits.parse::<u64>() else {
            continue;
        };
        seen += 1;
        let expected = if n == 1 { singular } else { plural };
        assert_eq!(word, expected, "“{n} {word}” in {body}");
    }
    assert!(seen > 0, "no “N {plural}” in the page");
}

async fn english_counts_are_grammatical(backend: Backend) {
    // a course of one lesson of one minute
    let app = spawn_app_with(backend, |content| {
        let course = content.join("courses/mot-bai");
        std::fs::create_dir_all(&course).expect("folder");
        std::fs::write(
            course.join("course.md"),
            "+++\ntitle = \"Một bài\"\nsummary = \"Khóa học một bài.\"\norder = 9\nlessons = [\"bai-duy-nhat\"]\n+++\nMột bài thôi.\n",
        )
        .expect("course");
        std::fs::write(
            course.join("bai-duy-nhat.md"),
            "+++\ntitle = \"Bài duy nhất\"\nsummary = \"Một phút.\"\nminutes = 1\n+++\nNội dung.\n",
        )
        .expect("lesson");
    })
    .await;
    let english = [("cookie", "lang=en")];
    // (`<!>` marks where leptos joined two text nodes)
    let courses = app
        .get_with("/khoa-hoc", &english)
        .await
        .body
        .replace("<!>", "");
    assert!(courses.contains("1 lesson · 1 minute<"), "{courses}");
    assert!(courses.contains("5 lessons"), "{courses}");
    assert_grammatical(&courses, "lesson", "lessons");
    assert_grammatical(&courses, "minute", "minutes");
    let vietnamese = app.get("/khoa-hoc").await.body.replace("<!>", "");
    assert!(vietnamese.contains("1 bài học · 1 phút<"), "{vietnamese}");

    sqlx::query("UPDATE articles SET views = 0 WHERE slug = $1")
        .bind(ARTICLE.rsplit('/').next().expect("slug"))
        .execute(app.db.pool())
        .await
        .expect("reset views");
    let first = app.get_with(ARTICLE, &english).await.body;
    assert_eq!(data_views(&first), 1);
    assert!(first.contains(">1 view<"), "{first}");
    let second = app.get_with(ARTICLE, &english).await.body;
    assert_eq!(data_views(&second), 2);
    assert!(second.contains(">2 views<"), "{second}");
    // the cached page fills in the word with the number
    app.wait_until_cached(ARTICLE, Lang::En).await;
    let cached: Page = app.get_with(ARTICLE, &english).await;
    assert_grammatical(&cached.body, "view", "views");
    let lesson = app
        .get_with("/khoa-hoc/mot-bai/bai-duy-nhat", &english)
        .await
        .body;
    assert!(lesson.contains(">1 min read<"), "{lesson}");
    assert!(lesson.contains(">1 view<"), "{lesson}");
}

async fn shared_pages_carry_open_graph_tags(backend: Backend) {
    let app = spawn_app_configured(backend, |settings| {
        settings.public_url = "https://hocso.example.vn/".to_owned();
    })
    .await;
    assert_eq!(&*app.state.public_url, "https://hocso.example.vn");
    let image = "https://hocso.example.vn/og-image.png";
    for (path, title) in [(LESSON, LESSON_TITLE), (ARTICLE, ARTICLE_TITLE)] {
        // the full render, then the cached copy
        for round in ["rendered", "cached"] {
            if round == "cached" {
                app.wait_until_cached(path, Lang::Vi).await;
            }
            let page = app.get_with(path, &[ENGLISH_PHONE]).await;
            assert_eq!(page.status, 200);
            let og =
                |key| meta(&page.body, key).unwrap_or_else(|| panic!("{key} on {path} ({round})"));
            assert_eq!(og("og:title"), title);
            assert_eq!(og("og:type"), "article");
            assert_eq!(og("og:site_name"), "Học Số");
            assert_eq!(og("og:url"), format!("https://hocso.example.vn{path}"));
            assert_eq!(og("og:image"), image);
            assert_eq!(og("og:image:width"), "1200");
            assert_eq!(og("og:image:height"), "630");
            assert_eq!(og("og:locale"), "vi_VN");
            assert_eq!(og("twitter:card"), "summary_large_image");
            let description = og("og:description");
            assert!(description.len() > 40, "{description}");
            assert_eq!(
                meta(&page.body, "description").as_deref(),
                Some(&*description)
            );
            assert_eq!(
                page.body.matches(r#"property="og:title""#).count(),
                1,
                "one title per page"
            );
        }
    }
    let home = app.get("/").await.body;
    assert_eq!(meta(&home, "og:type").as_deref(), Some("website"));
    assert_eq!(meta(&home, "og:title").as_deref(), Some("Học Số"));
    assert_eq!(
        meta(&home, "og:url").as_deref(),
        Some("https://hocso.example.vn/")
    );
    let sign_in = app.get("/dang-nhap").await.body;
    assert_eq!(meta(&sign_in, "og:title").as_deref(), Some("Đăng nhập"));
    assert_eq!(meta(&sign_in, "og:image").as_deref(), Some(image));
    let missing = app.get("/khong-co").await;
    assert_eq!(missing.status, 404);
    assert!(meta(&missing.body, "og:title").is_some());
    let english = app
        .get_with("/khoa-hoc", &[("cookie", "lang=en")])
        .await
        .body;
    assert_eq!(meta(&english, "og:locale").as_deref(), Some("en_US"));
    assert_eq!(meta(&english, "og:title").as_deref(), Some("Courses"));
}

async fn the_preview_image_is_a_small_png(backend: Backend) {
    let app = spawn_app(backend).await;
    let lesson = app.get(LESSON).await.body;
    let image = meta(&lesson, "og:image").expect("og:image");
    assert_eq!(
        image, "http://127.0.0.1:3000/og-image.png",
        "the default address"
    );
    let path = image.trim_start_matches("http://127.0.0.1:3000");
    let response = app
        .client
        .get(app.url(path))
        .send()
        .await
        .expect("GET the image");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    let png = response.bytes().await.expect("body");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png.len() < 60 * 1024, "{} bytes", png.len());
    // the IHDR chunk: 1200 × 630
    assert_eq!(&png[16..24], &[0, 0, 4, 176, 0, 0, 2, 118]);
}
