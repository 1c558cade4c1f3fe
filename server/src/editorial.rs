//! The editors' panel's plain HTTP routes: an image upload (a multipart
//! form, answered with a redirect so it works without JavaScript), the
//! images served to everyone, and permanent redirects from the old
//! addresses of renamed lessons and articles.

use crate::form_answers::{failed, see_other};
use app::domain::access::safe_return_path;
use app::domain::text::nfc;
use app::domain::{Role, Viewer};
use app::ssr::AppState;
use app::ssr::auth::{self, KnownViewer};
use app::ssr::db::image_file;
use app::ssr::editorial::image::{self, ImageError};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub const UPLOAD_IMAGE: &str = "/bien-tap/anh";
pub const IMAGE_FILE: &str = "/anh/{file}";

/// The largest request body the upload route reads: an image of
/// [`image::MAX_BYTES`] and the rest of the form (alt text, boundaries).
pub const UPLOAD_BODY_LIMIT: usize = image::MAX_BYTES + 64 * 1024;

/// The longest alt text taken, in characters.
const ALT_MAX: usize = 300;

/// Where the panel goes when the form names no page of the panel to go back to.
const PANEL: &str = "/bien-tap";

/// The page of the panel to go back to: `back` when it is a path on this
/// site under `/bien-tap`, else the panel's home, without the answer of an
/// earlier upload (so answers do not pile up in the address).
fn back_path(back: &str) -> String {
    let safe = safe_return_path(Some(back));
    let in_panel = safe
        .strip_prefix(PANEL)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    if !in_panel {
        return PANEL.to_owned();
    }
    let without_fragment = safe.split('#').next().unwrap_or(PANEL);
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && !matches!(name, "anh" | "alt" | "loi-anh")
        })
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// `back` with `answer` (`name=value&…`, already encoded) added to its query.
fn with_answer(back: &str, answer: &str) -> String {
    let joiner = if back.contains('?') { '&' } else { '?' };
    format!("{back}{joiner}{answer}")
}

/// The code of a refused upload, for the page to say why in Vietnamese.
fn refusal_code(error: &ImageError) -> &'static str {
    match error {
        ImageError::Empty => "trong",
        ImageError::TooLarge { .. } => "qua-lon",
        ImageError::NotAnImage => "khong-phai-anh",
        ImageError::Damaged => "hong",
        ImageError::TooManyPixels { .. } => "qua-nhieu-diem",
        ImageError::TooManyPixelsInAll { .. } => "tong-diem-anh",
        ImageError::TooManyFrames { .. } => "qua-nhieu-khung",
    }
}

/// The alt text as stored in the page: NFC, runs of whitespace (line
/// breaks included) made one space, trimmed; `None` when empty or too long.
fn clean_alt(alt: &str) -> Option<String> {
    let alt = nfc(alt).split_whitespace().collect::<Vec<_>>().join(" ");
    let fits = !alt.is_empty() && alt.chars().count() <= ALT_MAX;
    fits.then_some(alt)
}

/// The fields of the upload form.
#[derive(Default)]
struct UploadForm {
    file: Option<Vec<u8>>,
    alt: String,
    back: String,
}

async fn read_form(mut multipart: Multipart) -> Result<UploadForm, String> {
    let mut form = UploadForm::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" if form.file.is_none() => {
                form.file = Some(field.bytes().await.map_err(|e| e.to_string())?.to_vec());
            }
            "alt" => form.alt = field.text().await.map_err(|e| e.to_string())?,
            "back" => form.back = field.text().await.map_err(|e| e.to_string())?,
            // a second file, or fields this form does not have: read past them
            _ => {
                field.bytes().await.map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(form)
}

/// Who acts in the panel: as the access policy loaded them for this
/// request, else through the session.
pub async fn panel_viewer(
    state: &AppState,
    known: Option<&KnownViewer>,
    session: &Session,
) -> Result<Option<Viewer>, Response> {
    if let Some(KnownViewer(viewer)) = known {
        return Ok(viewer.clone());
    }
    auth::viewer(session, &state.db, &state.auth.sessions)
        .await
        .map_err(|e| failed("loading the session", e))
}

/// `POST /bien-tap/anh` (multipart: `file`, `alt`, `back`): an editor or an
/// admin uploads an image. It is judged by its content, stored without its
/// metadata (once per picture) and the upload audited; then back to the
/// panel's page with `?anh=<hash>.<ext>&alt=…` for the page to offer the
/// markdown `![alt](/anh/<hash>.<ext>)`, or with `?loi-anh=<code>` when
/// refused.
pub async fn upload_image(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    let viewer = match panel_viewer(&state, known.as_ref(), &session).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let Some(viewer) = viewer else {
        return see_other(&format!("/dang-nhap?tiep={PANEL}"));
    };
    if !(viewer.has(Role::Editor) || viewer.has(Role::Admin)) {
        return (
            StatusCode::FORBIDDEN,
            "Chỉ biên tập viên và quản trị viên được tải ảnh lên.",
        )
            .into_response();
    }
    let multipart: Result<Multipart, MultipartRejection> =
        Multipart::from_request(request, &state).await;
    let form = match multipart {
        Ok(multipart) => read_form(multipart).await,
        Err(rejection) => Err(rejection.body_text()),
    };
    let form = match form {
        Ok(form) => form,
        Err(e) => {
            tracing::info!(error = %e, "image upload: form unreadable");
            return (StatusCode::BAD_REQUEST, "Không đọc được biểu mẫu tải ảnh.").into_response();
        }
    };
    let back = back_path(&form.back);
    let refuse = |code: &str| {
        tracing::info!(user_id = viewer.id, code, "image upload refused");
        see_other(&with_answer(&back, &format!("loi-anh={code}")))
    };
    let Some(alt) = clean_alt(&form.alt) else {
        return refuse("thieu-mo-ta");
    };
    let upload = form.file.unwrap_or_default();
    let accepted = match tokio::task::spawn_blocking(move || image::accept(&upload)).await {
        Ok(Ok(accepted)) => accepted,
        Ok(Err(error)) => return refuse(refusal_code(&error)),
        Err(e) => return failed("checking an image", e),
    };
    let (hash, ext) = (&accepted.hash, accepted.ext);
    match state.db.store_image(&accepted, viewer.id).await {
        Ok(new) => {
            tracing::info!(user_id = viewer.id, %hash, ext, new, "image uploaded");
            let answer = format!(
                "anh={hash}.{ext}&alt={}",
                app::components::encode_query_value(&alt)
            );
            see_other(&with_answer(&back, &answer))
        }
        Err(e) => failed("storing an image", e),
    }
}

/// `GET /anh/{file}`: a stored image, to anyone. Its address names its
/// content (the hash), so browsers and proxies may keep it forever.
pub async fn serve_image(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((hash, mime)) = image_file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (stored_mime, bytes) = match state.db.image(hash).await {
        Ok(Some(image)) => image,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return failed("reading an image", e),
    };
    // a PNG asked for as .jpg is not at that address
    if stored_mime != mime {
        return StatusCode::NOT_FOUND.into_response();
    }
    let etag = HeaderValue::from_str(&format!("\"{hash}\"")).ok();
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline"),
            ),
        ],
        bytes,
    )
        .into_response();
    if let Some(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// Whether `path` is the address of a lesson or an article page, the kind
/// of address an item renamed in the panel leaves behind.
fn is_item_address(path: &str) -> bool {
    let mut segments = path.split('/').skip(1);
    let segment = |s: Option<&str>| s.is_some_and(|s| !s.is_empty());
    match segments.next() {
        Some("khoa-hoc") => {
            segment(segments.next()) && segment(segments.next()) && segments.next().is_none()
        }
        Some("bai-viet") => segment(segments.next()) && segments.next().is_none(),
        _ => false,
    }
}

/// Answers a `GET`/`HEAD` of a lesson or article address that is not a
/// page (404) with a permanent redirect when an item renamed in the panel
/// used to be there and is shown at its new address. The lookup is paid
/// only by such 404s. The redirect is kept by browsers for a day, not for
/// ever: an item renamed back must not leave a loop in their caches.
pub async fn redirect_renamed(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let candidate = matches!(*request.method(), Method::GET | Method::HEAD)
        && is_item_address(request.uri().path());
    if !candidate {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let target = match state.db.slug_redirect(&path).await {
        Ok(Some((kind, id))) => state.db.item_address(&kind, id).await,
        Ok(None) => return response,
        Err(e) => Err(e),
    };
    let target = match target {
        Ok(Some(target)) if target != path => target,
        Ok(_) => return response,
        Err(e) => {
            tracing::warn!(error = %e, %path, "looking up a renamed item; answering 404");
            return response;
        }
    };
    let location = match query {
        Some(query) => format!("{target}?{query}"),
        None => target,
    };
    match HeaderValue::from_str(&location) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [
                (header::LOCATION, location),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
        )
            .into_response(),
        Err(_) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_the_panel_are_gone_back_to() {
        assert_eq!(back_path("/bien-tap/bai-viet/3"), "/bien-tap/bai-viet/3");
        assert_eq!(back_path("/bien-tap"), "/bien-tap");
        assert_eq!(
            back_path("/bien-tap/sua?kind=article&id=3#anh"),
            "/bien-tap/sua?kind=article&id=3"
        );
        for elsewhere in [
            "",
            "/",
            "/bien-tap-gia",
            "https://evil.example/bien-tap",
            "//evil.example/bien-tap",
            "/\\evil.example",
            "/quan-tri",
            "bien-tap",
        ] {
            assert_eq!(back_path(elsewhere), "/bien-tap", "{elsewhere}");
        }
    }

    #[test]
    fn an_earlier_answer_is_replaced_not_piled_up() {
        let back = back_path("/bien-tap/sua?id=3&anh=x.png&alt=a&loi-anh=hong");
        assert_eq!(back, "/bien-tap/sua?id=3");
        assert_eq!(
            with_answer(&back, "loi-anh=trong"),
            "/bien-tap/sua?id=3&loi-anh=trong"
        );
        assert_eq!(
            with_answer("/bien-tap", "loi-anh=trong"),
            "/bien-tap?loi-anh=trong"
        );
    }

    #[test]
    fn alt_text_is_required_nfc_and_one_line() {
        assert_eq!(
            clean_alt("  Ma\u{300}n hi\u{300}nh\n đăng nhập "),
            Some("Màn hình đăng nhập".into())
        );
        assert_eq!(clean_alt(" \n\t "), None);
        assert_eq!(clean_alt(&"ả".repeat(300)), Some("ả".repeat(300)));
        assert_eq!(clean_alt(&"ả".repeat(301)), None);
    }

    #[test]
    fn each_refusal_has_its_code() {
        assert_eq!(refusal_code(&ImageError::Empty), "trong");
        assert_eq!(refusal_code(&ImageError::TooLarge { max_mb: 5 }), "qua-lon");
        assert_eq!(refusal_code(&ImageError::NotAnImage), "khong-phai-anh");
        assert_eq!(refusal_code(&ImageError::Damaged), "hong");
        assert_eq!(
            refusal_code(&ImageError::TooManyPixels { max: 8000 }),
            "qua-nhieu-diem"
        );
    }

    #[test]
    fn lesson_and_article_addresses_may_have_moved() {
        for moved in ["/bai-viet/a", "/khoa-hoc/a/b"] {
            assert!(is_item_address(moved), "{moved}");
        }
        for other in [
            "/bai-viet",
            "/bai-viet/",
            "/khoa-hoc/a",
            "/khoa-hoc/a/b/c",
            "/anh/x.png",
        ] {
            assert!(!is_item_address(other), "{other}");
        }
    }
}
