//! `POST /quan-tri/can-bo/tep`: an officials' list uploaded as a file (the
//! CSV Excel saves), checked or imported exactly as when pasted
//! (`app::ssr::officials::import_roster`); the report and, when it was only
//! checked, the text come back on `/quan-tri/can-bo`, once.

use crate::editorial::panel_viewer;
use crate::form_answers::{failed, see_other};
use app::api::{ROSTER_REPORT, ROSTER_TEXT};
use app::domain::Role;
use app::ssr::AppState;
use app::ssr::auth::KnownViewer;
use app::ssr::units::UnitError;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub const UPLOAD_ROSTER: &str = "/quan-tri/can-bo/tep";
/// The largest list accepted: 5 MB is about 50,000 officials.
pub const ROSTER_BODY_LIMIT: usize = 5 * 1024 * 1024;
const PAGE: &str = "/quan-tri/can-bo";

pub async fn upload_roster(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    let viewer = match panel_viewer(&state, known.as_ref(), &session).await {
        Ok(Some(viewer)) if viewer.has(Role::Admin) => viewer,
        Ok(Some(_)) => {
            return (StatusCode::FORBIDDEN, UnitError::Forbidden.to_string()).into_response();
        }
        Ok(None) => return see_other(&format!("/dang-nhap?tiep={PAGE}")),
        Err(response) => return response,
    };
    let (file, apply) = match Multipart::from_request(request, &state).await {
        Ok(mut multipart) => {
            let mut file = Vec::new();
            let mut apply = false;
            loop {
                match multipart.next_field().await {
                    Ok(Some(field)) => {
                        let name = field.name().unwrap_or_default().to_owned();
                        match field.bytes().await {
                            Ok(bytes) if name == "file" => file = bytes.to_vec(),
                            Ok(bytes) if name == "apply" => apply = &bytes[..] == b"true",
                            Ok(_) => {}
                            Err(e) => {
                                tracing::info!(error = %e, "roster upload unreadable");
                                return (StatusCode::BAD_REQUEST, "Không đọc được tệp tải lên.")
                                    .into_response();
                            }
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::info!(error = %e, "roster upload unreadable");
                        return (StatusCode::BAD_REQUEST, "Không đọc được tệp tải lên.")
                            .into_response();
                    }
                }
            }
            (file, apply)
        }
        Err(rejection) => {
            tracing::info!(error = %rejection.body_text(), "roster upload unreadable");
            return (StatusCode::BAD_REQUEST, "Không đọc được tệp tải lên.").into_response();
        }
    };
    let report = match app::ssr::officials::import_roster(&state.db, &viewer, &file, apply).await {
        Ok(report) => report,
        Err(UnitError::Db(e)) => return failed("importing an uploaded roster", e),
        Err(e) => return (StatusCode::FORBIDDEN, e.to_string()).into_response(),
    };
    let kept = if report.applied {
        String::new()
    } else {
        let text = String::from_utf8_lossy(&file);
        text.trim_start_matches('\u{feff}').to_owned()
    };
    if let Err(e) = session.insert(ROSTER_REPORT, &report).await {
        return failed("keeping a roster report", e);
    }
    if let Err(e) = session.insert(ROSTER_TEXT, kept).await {
        return failed("keeping a roster", e);
    }
    see_other(PAGE)
}
