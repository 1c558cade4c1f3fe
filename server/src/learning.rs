//! The learner's form posts: a quiz submission, "Tôi đã học xong" and an
//! administrator's revocation of a certificate. Plain HTML forms answered
//! with a redirect (303), so they work without JavaScript; the work is done
//! by `app::ssr::learning`, and its answer is committed before the redirect.

use crate::form_answers::{failed, see_other};
use app::domain::{Role, Slug};
use app::ssr::AppState;
use app::ssr::auth;
use app::ssr::learning::{self, LearnError, grading};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub const SUBMIT_QUIZ: &str = "/kiem-tra/{quiz}/nop";
pub const COMPLETE_LESSON: &str = "/khoa-hoc/{course}/{lesson}/hoan-thanh";
pub const REVOKE_CERTIFICATE: &str = "/chung-nhan/{code}/thu-hoi";

/// Who posts: through the viewer cache, else the full session path.
async fn viewer(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
) -> Result<Option<app::domain::Viewer>, Response> {
    match auth::cached_viewer(headers, &state.db, &state.auth).await {
        Ok(Some(viewer)) => return Ok(viewer),
        Ok(None) => {}
        Err(e) => return Err(failed("loading the session", e)),
    }
    auth::viewer(session, &state.db, &state.auth.sessions)
        .await
        .map_err(|e| failed("loading the session", e))
}

/// `POST /kiem-tra/{quiz}/nop`: grades and stores a signed-in learner's
/// attempt (once per attempt token), then shows its result. A form whose
/// session ended meanwhile is graded as a visitor's try rather than lost.
pub async fn submit_quiz(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(quiz): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(quiz) = Slug::parse(&quiz) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(form) = std::str::from_utf8(&body) else {
        return (StatusCode::BAD_REQUEST, "form is not UTF-8").into_response();
    };
    let mut answers = grading::answers_from_form(form);
    let token = answers
        .remove("token")
        .and_then(|t| t.into_iter().next())
        .unwrap_or_default();
    let viewer = match viewer(&state, &headers, &session).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let Some(viewer) = viewer else {
        let answers: String = form
            .split('&')
            .filter(|pair| !pair.starts_with("token="))
            .collect::<Vec<_>>()
            .join("&");
        return see_other(&format!("/kiem-tra/{quiz}/thu?{answers}"));
    };
    match learning::submit(&state.db, viewer.id, quiz.as_str(), &token, &answers).await {
        Ok(id) => see_other(&format!("/hoc-tap/lan-lam/{id}")),
        Err(LearnError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(LearnError::Db(e)) => failed("submitting a quiz", e),
        Err(refused) => {
            let code = match refused {
                LearnError::Locked => "khoa",
                LearnError::AttemptLimit => "het-luot",
                LearnError::Wait(_) => "cho",
                _ => "lan-lam",
            };
            tracing::info!(user_id = viewer.id, %quiz, code, "quiz submission refused");
            see_other(&format!("/kiem-tra/{quiz}?loi={code}"))
        }
    }
}

/// `POST /khoa-hoc/{course}/{lesson}/hoan-thanh`: "Tôi đã học xong". Back to
/// the lesson, which shows it done (or, in a sequential course with an
/// earlier step not done, still locked).
pub async fn complete_lesson(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path((course, lesson)): Path<(String, String)>,
) -> Response {
    let (Ok(course), Ok(lesson)) = (Slug::parse(&course), Slug::parse(&lesson)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let back = format!("/khoa-hoc/{course}/{lesson}");
    let viewer = match viewer(&state, &headers, &session).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let Some(viewer) = viewer else {
        return see_other(&format!("/dang-nhap?tiep={back}"));
    };
    match learning::complete_lesson(&state.db, viewer.id, course.as_str(), lesson.as_str()).await {
        Ok(()) | Err(LearnError::Locked) => see_other(&format!("{back}#tien-do")),
        Err(LearnError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("completing a lesson", e),
    }
}

/// `POST /chung-nhan/{code}/thu-hoi`: an administrator revokes a
/// certificate, with a reason (kept, shown on its page, and audited).
pub async fn revoke_certificate(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Bytes,
) -> Response {
    let Some(code) = learning::certificate::parse_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let viewer = match viewer(&state, &headers, &session).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let Some(viewer) = viewer.filter(|v| v.has(Role::Admin)) else {
        return (StatusCode::FORBIDDEN, "administrators only").into_response();
    };
    let form = grading::answers_from_form(std::str::from_utf8(&body).unwrap_or(""));
    let reason = form
        .get("reason")
        .and_then(|r| r.first())
        .map(|r| app::domain::text::nfc(r.trim()))
        .unwrap_or_default();
    if reason.is_empty() || reason.chars().count() > 300 {
        return see_other(&format!("/chung-nhan/{code}?loi=ly-do"));
    }
    match state.db.revoke_certificate(&code, &reason, viewer.id).await {
        Ok(_) => {
            tracing::info!(admin = viewer.id, %code, "certificate revoked");
            see_other(&format!("/chung-nhan/{code}"))
        }
        Err(e) => failed("revoking a certificate", e),
    }
}
