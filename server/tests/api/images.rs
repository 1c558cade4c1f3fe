//! Images in the editors' panel over HTTP, on both backends: an upload is
//! judged by its content and stored without its metadata, served to anyone
//! with a long cache, sized in published pages; refused uploads store
//! nothing; and a renamed item's old address redirects for good.

use crate::helpers::{Backend, TestApp, Visitor, both_backends, roles_settle, spawn_app, staff};
use app::domain::Role;
use app::ssr::editorial::image::MAX_BYTES;
use std::time::Duration;

both_backends!(
    an_editor_uploads_a_photo_that_is_served_without_its_gps,
    refused_uploads_store_nothing,
    an_image_too_many_pixels_in_all_is_refused_with_a_reason,
    learners_and_visitors_cannot_upload_but_can_see_images,
    an_approved_article_shows_its_images_with_their_size,
    a_renamed_article_answers_its_old_address_with_a_permanent_redirect,
    a_renamed_lesson_answers_its_old_address_with_a_permanent_redirect,
);

/// What a phone writes into its photos, and must never reach readers.
const GPS: &[u8] = b"GPSLatitude 16.0544";

/// A 3×2 greyscale baseline JPEG (JFIF) as written by libjpeg.
const TINY_JPEG: [u8; 207] = [
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x03, 0x02, 0x02, 0x03,
    0x03, 0x03, 0x03, 0x04, 0x03, 0x03, 0x04, 0x05, 0x08, 0x05, 0x05, 0x04, 0x04, 0x05, 0x0A, 0x07,
    0x07, 0x06, 0x08, 0x0C, 0x0A, 0x0C, 0x0C, 0x0B, 0x0A, 0x0B, 0x0B, 0x0D, 0x0E, 0x12, 0x10, 0x0D,
    0x0E, 0x11, 0x0E, 0x0B, 0x0B, 0x10, 0x16, 0x10, 0x11, 0x13, 0x14, 0x15, 0x15, 0x15, 0x0C, 0x0F,
    0x17, 0x18, 0x16, 0x14, 0x18, 0x12, 0x14, 0x15, 0x14, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02,
    0x00, 0x03, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0xFF, 0xC4, 0x00, 0x1B,
    0x10, 0x00, 0x03, 0x01, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x11, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00,
    0x00, 0x3F, 0x00, 0x3B, 0xED, 0x9C, 0xA6, 0xDC, 0x7D, 0xBF, 0xB0, 0xE2, 0x86, 0xBB, 0xC3, 0x1E,
    0x1E, 0x53, 0x5E, 0x1C, 0x99, 0xE7, 0x56, 0x59, 0xE7, 0xCF, 0x1B, 0xBC, 0xA3, 0x19, 0xA8, 0x3E,
    0x2C, 0xE7, 0x34, 0x44, 0x55, 0x1E, 0x05, 0x55, 0x50, 0x00, 0x00, 0x0F, 0xBF, 0xFF, 0xD9,
];

/// Where the JFIF segment of [`TINY_JPEG`] ends.
const AFTER_JFIF: usize = 20;

/// [`TINY_JPEG`] with an EXIF segment (APP1) carrying a GPS position and a
/// comment saying where it was taken, as a phone would write them.
fn jpeg_with_gps() -> Vec<u8> {
    let segment = |marker: u8, contents: &[u8]| {
        let length = u16::try_from(contents.len() + 2).expect("segment fits");
        [&[0xFF, marker][..], &length.to_be_bytes(), contents].concat()
    };
    let exif = [&b"Exif\0\0MM\0*\0\0\0\x08\0\0"[..], GPS].concat();
    let comment = [&b"taken at "[..], GPS].concat();
    [
        &TINY_JPEG[..AFTER_JFIF],
        &segment(0xE1, &exif),
        &segment(0xFE, &comment),
        &TINY_JPEG[AFTER_JFIF..],
    ]
    .concat()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A file in the upload form: (file name, type the browser says, bytes).
type File<'a> = (&'a str, &'a str, &'a [u8]);

struct Answer {
    status: u16,
    location: String,
    body: String,
}

/// Posts the upload form (`multipart/form-data`) from a page of the panel,
/// as a browser does without JavaScript.
async fn upload(visitor: &Visitor, file: Option<File<'_>>, alt: &str, back: &str) -> Answer {
    const BOUNDARY: &str = "----hocso-anh-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    let mut text_field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    text_field("alt", alt);
    text_field("back", back);
    if let Some((name, mime, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let response = visitor
        .client
        .post(format!("{}/bien-tap/anh", visitor.base))
        .header("origin", &visitor.base)
        .header("referer", format!("{}{back}", visitor.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("POST /bien-tap/anh");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.text().await.unwrap_or_default();
    Answer {
        status,
        location,
        body,
    }
}

/// `<hash>.<ext>` from a successful upload's redirect.
fn uploaded(answer: &Answer) -> String {
    assert_eq!(answer.status, 303, "{}", answer.body);
    let query = answer.location.split_once('?').expect("a query").1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("anh="))
        .unwrap_or_else(|| panic!("no image in {}", answer.location))
        .to_owned()
}

/// Sends only the head of a POST to `path` declaring a body of `bytes`;
/// the start of what the server answers.
async fn declare_body(app: &TestApp, path: &str, bytes: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {0}\r\norigin: http://{0}\r\n\
         content-type: multipart/form-data; boundary=x\r\ncontent-length: {bytes}\r\n\r\n",
        app.addr
    );
    stream.write_all(head.as_bytes()).await.expect("send head");
    let mut reply = vec![0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut reply))
        .await
        .expect("an answer before the body")
        .expect("read");
    String::from_utf8_lossy(&reply[..read]).into_owned()
}

async fn stored_images(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM images")
        .fetch_one(app.db.pool())
        .await
        .expect("count images")
}

async fn image_audits(app: &TestApp) -> Vec<String> {
    let rows = app
        .db
        .audit_entries(None, None, None, None, 100)
        .await
        .expect("audit");
    rows.into_iter()
        .filter(|r| r.action == "content_image")
        .map(|r| r.detail)
        .collect()
}

async fn an_editor_uploads_a_photo_that_is_served_without_its_gps(backend: Backend) {
    let app = spawn_app(backend).await;
    let editor = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    roles_settle().await;
    let photo = jpeg_with_gps();
    assert!(contains(&photo, GPS));

    let back = "/bien-tap/sua?kind=article&id=1";
    let answer = upload(
        &editor,
        Some(("IMG_2041.JPG", "image/jpeg", &photo)),
        "Màn hình đăng nhập",
        back,
    )
    .await;
    let file = uploaded(&answer);
    let (hash, ext) = file.split_once('.').expect("hash.ext");
    assert_eq!((hash.len(), ext), (32, "jpg"), "{file}");
    assert_eq!(
        answer.location,
        format!("{back}&anh={file}&alt=M%C3%A0n%20h%C3%ACnh%20%C4%91%C4%83ng%20nh%E1%BA%ADp")
    );
    assert_eq!(image_audits(&app).await, std::slice::from_ref(&file));

    // anyone reads it: the picture without its metadata, kept for a year
    let image = app
        .visitor()
        .client
        .get(app.url(&format!("/anh/{file}")))
        .send()
        .await
        .expect("GET image");
    assert_eq!(image.status(), 200);
    let header = |name: &str| {
        image
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(header("content-type"), "image/jpeg");
    assert_eq!(
        header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("content-disposition"), "inline");
    let bytes = image.bytes().await.expect("image bytes");
    assert!(!contains(&bytes, GPS), "the GPS position was served");
    assert!(!contains(&bytes, b"Exif"));
    assert_eq!(&bytes[..], &TINY_JPEG[..]);

    // the same picture again is stored once, the upload audited again
    let again = upload(
        &editor,
        Some(("copy.jpg", "image/jpeg", &TINY_JPEG)),
        "Bản khác",
        "/bien-tap",
    )
    .await;
    assert_eq!(uploaded(&again), file);
    assert!(
        again.location.starts_with("/bien-tap?anh="),
        "{}",
        again.location
    );
    assert_eq!(stored_images(&app).await, 1);
    assert_eq!(image_audits(&app).await.len(), 2);

    // only its own type at its own address; names that are not images: 404
    for missing in [
        format!("/anh/{hash}.png"),
        format!("/anh/{hash}.webp"),
        format!("/anh/{hash}.jpeg"),
        format!("/anh/{}.jpg", "0".repeat(32)),
        "/anh/khong-co.jpg".to_owned(),
    ] {
        assert_eq!(app.get(&missing).await.status, 404, "{missing}");
    }

    // a page outside the panel is not gone back to
    let elsewhere = upload(
        &editor,
        Some(("a.jpg", "image/jpeg", &TINY_JPEG)),
        "Ảnh",
        "https://evil.example/bien-tap",
    )
    .await;
    assert!(
        elsewhere.location.starts_with("/bien-tap?anh="),
        "{}",
        elsewhere.location
    );
}

async fn refused_uploads_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let editor = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    roles_settle().await;
    let back = "/bien-tap/sua?kind=article&id=1";
    let refused = |code: &str| format!("{back}&loi-anh={code}");

    let php = b"<?php system($_GET['c']); ?>";
    let answer = upload(&editor, Some(("anh.png", "image/png", php)), "Ảnh", back).await;
    assert_eq!(
        (answer.status, answer.location.as_str()),
        (303, refused("khong-phai-anh").as_str())
    );

    // one byte over the limit: read (the route allows the limit and the
    // form around it) and refused by the check, not by the edge
    let mut oversize = jpeg_with_gps();
    oversize.resize(MAX_BYTES + 1, 0);
    let answer = upload(
        &editor,
        Some(("lon.jpg", "image/jpeg", &oversize)),
        "Ảnh",
        back,
    )
    .await;
    assert_eq!(
        (answer.status, answer.location.as_str()),
        (303, refused("qua-lon").as_str()),
        "{}",
        answer.body
    );
    // a body far over the route's limit is stopped at the edge, and no
    // other route takes more than the default 64 KiB
    for (path, bytes) in [
        ("/bien-tap/anh", MAX_BYTES + 200 * 1024),
        ("/bien-tap/sua", 100 * 1024),
        ("/kiem-tra/a/nop", 100 * 1024),
    ] {
        let reply = declare_body(&app, path, bytes).await;
        assert!(reply.starts_with("HTTP/1.1 413"), "{path}: {reply}");
    }

    for alt in ["", "  \n ", &"ả".repeat(301)] {
        let answer = upload(
            &editor,
            Some(("a.jpg", "image/jpeg", &TINY_JPEG)),
            alt,
            back,
        )
        .await;
        assert_eq!(answer.location, refused("thieu-mo-ta"), "{alt:?}");
    }
    let answer = upload(&editor, None, "Ảnh", back).await;
    assert_eq!(answer.location, refused("trong"));
    let answer = upload(&editor, Some(("a.jpg", "image/jpeg", b"")), "Ảnh", back).await;
    assert_eq!(answer.location, refused("trong"));
    let broken = &TINY_JPEG[..100];
    let answer = upload(&editor, Some(("a.jpg", "image/jpeg", broken)), "Ảnh", back).await;
    assert_eq!(answer.location, refused("hong"));

    assert_eq!(stored_images(&app).await, 0);
    assert!(image_audits(&app).await.is_empty());

    // the page does not accumulate answers of earlier uploads
    let answer = upload(
        &editor,
        Some(("anh.png", "image/png", php)),
        "Ảnh",
        &refused("hong"),
    )
    .await;
    assert_eq!(answer.location, refused("khong-phai-anh"));
}

/// A PNG of one IDAT whose header claims `width` × `height` (8-bit grey):
/// a few dozen bytes, whatever size it claims.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        let length = u32::try_from(data.len()).expect("chunk fits");
        [
            &length.to_be_bytes()[..],
            kind,
            data,
            &crc.finalize().to_be_bytes(),
        ]
        .concat()
    };
    let ihdr = [
        &width.to_be_bytes()[..],
        &height.to_be_bytes(),
        &[8, 0, 0, 0, 0],
    ]
    .concat();
    // a zlib stream of one empty stored block: the header is all that matters
    let idat = [
        0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
    ];
    [
        &b"\x89PNG\r\n\x1a\n"[..],
        &chunk(b"IHDR", &ihdr),
        &chunk(b"IDAT", &idat),
        &chunk(b"IEND", b""),
    ]
    .concat()
}

/// Finding 14: a 62 KB PNG of 8,000 × 8,000 pixels was accepted (64 Mpx,
/// about 256 MB once a phone decodes it). Now the total is capped at 40
/// Mpx, with a reason on the page, and a 6,000 × 4,000 photo still passes.
async fn an_image_too_many_pixels_in_all_is_refused_with_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let editor = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    roles_settle().await;
    let back = "/bien-tap/anh-thu";
    let huge = png_claiming(8000, 8000);
    let answer = upload(&editor, Some(("lon.png", "image/png", &huge)), "Ảnh", back).await;
    assert_eq!(
        (answer.status, answer.location.as_str()),
        (303, format!("{back}?loi-anh=tong-diem-anh").as_str()),
        "{}",
        answer.body
    );
    assert_eq!(stored_images(&app).await, 0);
    assert!(image_audits(&app).await.is_empty());

    let photo = png_claiming(6000, 4000);
    let answer = upload(&editor, Some(("anh.png", "image/png", &photo)), "Ảnh", back).await;
    let file = uploaded(&answer);
    assert!(file.ends_with(".png"), "{file}");
    assert_eq!(stored_images(&app).await, 1);
}

async fn learners_and_visitors_cannot_upload_but_can_see_images(backend: Backend) {
    let app = spawn_app(backend).await;
    let editor = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    let learner = staff(&app, "Lê Học Viên", None).await.0;
    roles_settle().await;
    let file = uploaded(
        &upload(
            &editor,
            Some(("a.jpg", "image/jpeg", &TINY_JPEG)),
            "Ảnh",
            "/bien-tap",
        )
        .await,
    );

    let photo = jpeg_with_gps();
    let answer = upload(
        &learner,
        Some(("b.jpg", "image/jpeg", &photo)),
        "Ảnh",
        "/bien-tap",
    )
    .await;
    assert_eq!(answer.status, 403, "{}", answer.location);
    let anonymous = app.visitor();
    let answer = upload(
        &anonymous,
        Some(("b.jpg", "image/jpeg", &photo)),
        "Ảnh",
        "/bien-tap",
    )
    .await;
    assert_eq!(answer.status, 303);
    assert!(
        answer.location.starts_with("/dang-nhap?tiep="),
        "{}",
        answer.location
    );
    // another site cannot make an editor's browser upload either
    let cross_site = editor
        .client
        .post(app.url("/bien-tap/anh"))
        .header("origin", "https://evil.example")
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x--\r\n")
        .send()
        .await
        .expect("POST");
    assert_eq!(cross_site.status(), 403);
    assert_eq!(stored_images(&app).await, 1);

    for reader in [&learner, &anonymous] {
        let image = reader.get(&format!("/anh/{file}")).await;
        assert_eq!(image.status, 200);
        assert_eq!(image.headers["content-type"], "image/jpeg");
    }
}

fn article_form<'a>(slug: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "article"),
        ("title", "Ảnh trong bài"),
        ("slug", slug),
        ("summary", "Tóm tắt ngắn."),
        ("author", "Ban biên tập"),
        ("series", ""),
        ("date", "2026-01-15"),
        ("body", body),
    ]
}

/// Creates an article and has it published (submitted by `author`,
/// approved by `reviewer`); its id.
async fn publish_article(author: &Visitor, reviewer: &Visitor, slug: &str, body: &str) -> i64 {
    let reply = author
        .call("/api/editor/create", &article_form(slug, body))
        .await;
    assert_eq!(reply.status, 200, "create: {}", reply.body);
    let id = reply.json().as_i64().expect("id");
    submit_and_approve(author, reviewer, id).await;
    id
}

async fn submit_and_approve(author: &Visitor, reviewer: &Visitor, id: i64) {
    submit_and_approve_kind(author, reviewer, "article", id).await;
}

async fn submit_and_approve_kind(author: &Visitor, reviewer: &Visitor, kind: &str, id: i64) {
    let id = id.to_string();
    let act = |action: &'static str| [("kind", kind), ("id", id.as_str()), ("action", action)];
    let submitted = author.call("/api/editor/act", &act("submit")).await;
    assert_eq!(submitted.json(), "review", "{}", submitted.body);
    let approved = reviewer.call("/api/editor/act", &act("approve")).await;
    assert_eq!(approved.json(), "published", "{}", approved.body);
}

async fn an_approved_article_shows_its_images_with_their_size(backend: Backend) {
    let app = spawn_app(backend).await;
    let an = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    let binh = staff(&app, "Trần Bình", Some(Role::Editor)).await.0;
    roles_settle().await;
    let file = uploaded(
        &upload(
            &an,
            Some(("buoc-1.jpg", "image/jpeg", &jpeg_with_gps())),
            "Ảnh",
            "/bien-tap",
        )
        .await,
    );
    let body = format!(
        "Bước một:\n\n![Ảnh](/anh/{file})\n\n![Ngoài](/anh/{}.png)\n",
        "f".repeat(32)
    );

    // the preview is the published pipeline
    let preview = an.call("/api/editor/preview", &[("body", &body)]).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let preview = preview.json().as_str().expect("html").to_owned();
    let sized = format!(r#"<img src="/anh/{file}" alt="Ảnh" width="3" height="2""#);
    assert!(preview.contains(&sized), "{preview}");

    publish_article(&an, &binh, "anh-trong-bai", &body).await;
    let page = app.visitor().get("/bai-viet/anh-trong-bai").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&sized), "{}", page.body);
    assert!(page.body.contains(r#"loading="lazy""#));
    // an image this site does not have is shown as written, without a size
    let unknown = format!(r#"<img src="/anh/{}.png" alt="Ngoài">"#, "f".repeat(32));
    assert!(page.body.contains(&unknown), "{}", page.body);
}

async fn a_renamed_article_answers_its_old_address_with_a_permanent_redirect(backend: Backend) {
    let app = spawn_app(backend).await;
    let an = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    let binh = staff(&app, "Trần Bình", Some(Role::Editor)).await.0;
    roles_settle().await;
    let id = publish_article(&an, &binh, "ten-cu", "Nội dung.\n").await;
    let (old, new) = ("/bai-viet/ten-cu", "/bai-viet/ten-moi");
    // readers had it, so the page cache holds the old address
    assert_eq!(app.visitor().get(old).await.status, 200);
    app.wait_until_cached(old, app::i18n::Lang::Vi).await;
    assert_eq!(app.visitor().get(new).await.status, 404);

    let id_text = id.to_string();
    let mut form = article_form("ten-moi", "Nội dung.\n");
    form.extend([("id", id_text.as_str()), ("base", "1")]);
    let saved = an.call("/api/editor/save", &form).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    // a draft does not move the public address yet
    assert_eq!(app.visitor().get(old).await.status, 200);
    submit_and_approve(&an, &binh, id).await;

    for reader in [app.visitor(), staff(&app, "Lê Học Viên", None).await.0] {
        let moved = reader.get(old).await;
        assert_eq!((moved.status, moved.location()), (301, new));
        let page = reader.get(new).await;
        assert_eq!(page.status, 200);
    }
    let with_query = app.visitor().get(&format!("{old}?utm=zalo")).await;
    assert_eq!(
        (with_query.status, with_query.location()),
        (301, "/bai-viet/ten-moi?utm=zalo")
    );
    let head = app
        .visitor()
        .client
        .head(app.url(old))
        .send()
        .await
        .expect("HEAD");
    assert_eq!(head.status(), 301);
    // addresses nobody used are still not found
    assert_eq!(
        app.visitor().get("/bai-viet/chua-tung-co").await.status,
        404
    );
    // the old address is never cached as a page again
    assert_eq!(app.visitor().get(old).await.status, 301);
}

async fn a_renamed_lesson_answers_its_old_address_with_a_permanent_redirect(backend: Backend) {
    let app = spawn_app(backend).await;
    let an = staff(&app, "Nguyễn An", Some(Role::Editor)).await.0;
    let binh = staff(&app, "Trần Bình", Some(Role::Editor)).await.0;
    roles_settle().await;
    let rows = app.db.panel_rows().await.expect("panel rows");
    let course = rows
        .iter()
        .find(|r| r.kind == "course")
        .expect("an imported course")
        .slug
        .clone();
    let lesson = |slug: &'static str| {
        vec![
            ("kind", "lesson"),
            ("course", course.as_str()),
            ("title", "Bài học có ảnh"),
            ("slug", slug),
            ("summary", "Tóm tắt."),
            ("minutes", "5"),
            ("body", "Nội dung bài học.\n"),
        ]
    };
    let created = an
        .call("/api/editor/create", &lesson("bai-hoc-ten-cu"))
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let id = created.json().as_i64().expect("id");
    submit_and_approve_kind(&an, &binh, "lesson", id).await;
    let old = format!("/khoa-hoc/{course}/bai-hoc-ten-cu");
    let new = format!("/khoa-hoc/{course}/bai-hoc-ten-moi");
    assert_eq!(app.visitor().get(&old).await.status, 200);

    let id_text = id.to_string();
    let mut form = lesson("bai-hoc-ten-moi");
    form.extend([("id", id_text.as_str()), ("base", "1")]);
    let saved = an.call("/api/editor/save", &form).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    submit_and_approve_kind(&an, &binh, "lesson", id).await;

    let moved = app.visitor().get(&old).await;
    assert_eq!((moved.status, moved.location()), (301, new.as_str()));
    assert_eq!(app.visitor().get(&new).await.status, 200);
    // an unknown lesson in the same course is still not found
    let unknown = format!("/khoa-hoc/{course}/khong-co-bai-nay");
    assert_eq!(app.visitor().get(&unknown).await.status, 404);
}
