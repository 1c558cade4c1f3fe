//! The quiz and course editors' plain HTTP routes: their forms (posted the
//! same way with or without JavaScript, answered with a redirect to the
//! edit page) and a quiz's export to Moodle GIFT.

use crate::editorial::panel_viewer;
use crate::form_answers::{failed, see_other};
use app::domain::{ItemKind, Role, Viewer};
use app::ssr::AppState;
use app::ssr::auth::KnownViewer;
use app::ssr::editorial::authoring::{PostedForm, submit_form};
use app::ssr::editorial::workflow::{EditError, quiz_body};
use app::ssr::quiz_formats::{ImportedQuestion, gift};
use axum::extract::{Form, FromRequest, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub const SAVE_QUIZ: &str = "/bien-tap/quiz/luu";
pub const SAVE_COURSE: &str = "/bien-tap/course/luu";
pub const QUIZ_GIFT: &str = "/bien-tap/quiz/{id}/gift";

/// The largest form these routes read: a long quiz, with text pasted to
/// import, is larger than the other forms of the site.
pub const FORM_BODY_LIMIT: usize = 1024 * 1024;

/// The editor or admin acting, or the answer for anyone else.
async fn editor(
    state: &AppState,
    known: Option<KnownViewer>,
    session: &Session,
) -> Result<Viewer, Response> {
    match panel_viewer(state, known.as_ref(), session).await? {
        None => Err(see_other("/dang-nhap?tiep=/bien-tap")),
        Some(viewer) if viewer.has(Role::Editor) || viewer.has(Role::Admin) => Ok(viewer),
        Some(_) => Err((
            StatusCode::FORBIDDEN,
            "Chỉ biên tập viên và quản trị viên được soạn khóa học và bài kiểm tra.",
        )
            .into_response()),
    }
}

async fn save_form(
    state: AppState,
    session: Session,
    request: Request,
    kind: ItemKind,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    let viewer = match editor(&state, known, &session).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let pairs = match Form::<Vec<(String, String)>>::from_request(request, &state).await {
        Ok(Form(pairs)) => pairs,
        Err(rejection) => {
            tracing::info!(error = %rejection.body_text(), "authoring form unreadable");
            return (StatusCode::BAD_REQUEST, "Không đọc được biểu mẫu.").into_response();
        }
    };
    let form = PostedForm::read(kind, &pairs);
    match submit_form(&state.db, &viewer, kind, form).await {
        Ok(outcome) => see_other(&outcome.location(kind)),
        Err(EditError::NotFound) => {
            (StatusCode::NOT_FOUND, "Không tìm thấy mục này.").into_response()
        }
        Err(EditError::Forbidden) => {
            (StatusCode::FORBIDDEN, EditError::Forbidden.to_string()).into_response()
        }
        Err(e) => failed("saving an authoring form", e),
    }
}

/// `POST /bien-tap/quiz/luu`: the quiz editor's form (fields in
/// `app::ssr::editorial::authoring`).
pub async fn save_quiz(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    save_form(state, session, request, ItemKind::Quiz).await
}

/// `POST /bien-tap/course/luu`: the course editor's form.
pub async fn save_course(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    save_form(state, session, request, ItemKind::Course).await
}

/// `GET /bien-tap/quiz/{id}/gift`: the quiz's newest revision as Moodle
/// GIFT, a file to download (importing it back gives the same questions).
pub async fn quiz_gift(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Session,
    request: Request,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    if let Err(response) = editor(&state, known, &session).await {
        return response;
    }
    let item = match state.db.panel_item(ItemKind::Quiz, id).await {
        Ok(Some(item)) => item,
        Ok(None) => {
            return (StatusCode::NOT_FOUND, "Không tìm thấy bài kiểm tra này.").into_response();
        }
        Err(e) => return failed("loading a quiz", e),
    };
    let text = match state
        .db
        .revision(ItemKind::Quiz, id, item.head_revision)
        .await
    {
        Ok(Some(revision)) => revision.body_md,
        Ok(None) => item.body_md,
        Err(e) => return failed("loading a quiz revision", e),
    };
    let Ok(body) = quiz_body(&text) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bài kiểm tra này chưa đọc được.",
        )
            .into_response();
    };
    let questions: Vec<ImportedQuestion> = body
        .questions
        .iter()
        .filter_map(ImportedQuestion::from_source)
        .collect();
    let disposition = format!("attachment; filename=\"{}.gift.txt\"", item.slug);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        gift::write(&questions),
    )
        .into_response()
}
