//! `GET /tai-khoan/du-lieu.json`: a signed-in person downloads everything
//! kept about them (Nghị định 13/2023/NĐ-CP). A plain GET route rather than a
//! server function, so a link works without JavaScript: server functions
//! answer a browser's `Accept: text/html` with a redirect back to the page.

use app::i18n::{Lang, Msg};
use app::ssr::AppState;
use app::ssr::auth::{self, KnownViewer};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub const DATA_EXPORT_PATH: &str = "/tai-khoan/du-lieu.json";

fn refused(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        text,
    )
        .into_response()
}

/// The person's data as a JSON attachment, never cached. The access policy
/// already sends visitors who are not signed in to the sign-in page; this
/// handler checks again on its own.
pub async fn download_my_data(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    let viewer = match known {
        Some(KnownViewer(viewer)) => viewer,
        None => match auth::viewer(&session, &state.db, &state.auth.sessions).await {
            Ok(viewer) => viewer,
            Err(e) => {
                tracing::error!(error = %e, "loading the session for a data export");
                return refused(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
            }
        },
    };
    let Some(viewer) = viewer else {
        return refused(StatusCode::UNAUTHORIZED, "sign in first");
    };
    let data = match state.db.export_personal_data(viewer.id).await {
        Ok(Some(data)) => data,
        Ok(None) => return refused(StatusCode::UNAUTHORIZED, "sign in first"),
        Err(e) => {
            tracing::error!(error = %e, "exporting personal data");
            return refused(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let lang = Lang::from_headers(request.headers());
    let body = serde_json::to_value(&data).and_then(|mut export| {
        // a sentence for the reader, in their language
        export["notice"] = Msg::DataExportNotice.text(lang).into();
        serde_json::to_string_pretty(&export)
    });
    let body = match body {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "serialising personal data");
            return refused(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    tracing::info!(user_id = viewer.id, "personal data exported");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(r#"attachment; filename="hocso-du-lieu.json""#),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
