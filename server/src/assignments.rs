//! The plain HTTP routes of required modules: the assignment form (posted
//! the same way with or without JavaScript) and the dashboard's CSV export,
//! streamed row by row from the database (memory does not grow with it).

use crate::editorial::panel_viewer;
use crate::form_answers::{failed, see_other};
use app::api::KEPT_ASSIGNMENT;
use app::domain::{DashboardFilter, Moment, TaskStatus, Viewer};
use app::ssr::AppState;
use app::ssr::assignments::{AssignError, AssignForm, export_query, give, person_line};
use app::ssr::auth::KnownViewer;
use app::ssr::db::PersonRow;
use axum::body::Body;
use axum::extract::{Form, FromRequest, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tower_sessions::Session;

pub const GIVE: &str = "/theo-doi/giao-viec";
pub const EXPORT: &str = "/theo-doi/xuat.csv";

async fn signed_in(
    state: &AppState,
    known: Option<KnownViewer>,
    session: &Session,
    back: &str,
) -> Result<Viewer, Response> {
    match panel_viewer(state, known.as_ref(), session).await? {
        Some(viewer) => Ok(viewer),
        None => Err(see_other(&format!("/dang-nhap?tiep={back}"))),
    }
}

/// `POST /theo-doi/giao-viec`: gives the assignment and opens the
/// dashboard on it; a refused form goes back to its page, kept.
pub async fn give_assignment(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    let viewer = match signed_in(&state, known, &session, GIVE).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let pairs = match Form::<Vec<(String, String)>>::from_request(request, &state).await {
        Ok(Form(pairs)) => pairs,
        Err(_) => return (StatusCode::BAD_REQUEST, "Không đọc được biểu mẫu.").into_response(),
    };
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = AssignForm {
        course_ids: pairs
            .iter()
            .filter(|(k, _)| k == "course")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        unit_id: value("unit").parse().unwrap_or(0),
        include_sub: value("include_sub") == "1",
        position: value("position"),
        people: value("people"),
        deadline: value("deadline"),
        authority: value("authority"),
        document: value("document"),
        note: value("note"),
    };
    match give(&state.db, &viewer, &form).await {
        Ok(ids) => see_other(&format!(
            "/theo-doi?don-vi={}&nhiem-vu={}",
            form.unit_id,
            ids.first().copied().unwrap_or(0)
        )),
        Err(AssignError::Forbidden) => {
            (StatusCode::FORBIDDEN, AssignError::Forbidden.to_string()).into_response()
        }
        Err(AssignError::Db(e)) => failed("giving an assignment", e),
        Err(refused) => {
            if let Err(e) = session
                .insert(KEPT_ASSIGNMENT, (pairs, refused.to_string()))
                .await
            {
                return failed("keeping a refused assignment", e);
            }
            see_other(GIVE)
        }
    }
}

/// A cell Excel will not read as a formula: one beginning with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading apostrophe, and so
/// does every `;`-separated piece of it (Excel in a locale whose list
/// separator is `;`, common in Vietnam, may split a cell there when a reader
/// ignores the quotes). Every field is also written quoted ([`csv_writer`]).
fn neutral(cell: &str) -> String {
    let risky = |piece: &str| {
        piece
            .trim_start()
            .starts_with(['=', '+', '-', '@', '\t', '\r'])
    };
    let mut out = String::with_capacity(cell.len() + 2);
    for (i, piece) in cell.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        if risky(piece) || (i == 0 && piece.starts_with(['\t', '\r'])) {
            out.push('\'');
        }
        out.push_str(piece);
    }
    out
}

/// A CSV writer that quotes every field: a `;` or `,` inside a cell stays
/// inside it whichever list separator the spreadsheet uses.
fn csv_writer(into: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(into)
}

const HEADERS: [&str; 14] = [
    "Họ và tên",
    "Số điện thoại hoặc email",
    "Mã đơn vị",
    "Đơn vị",
    "Chức vụ",
    "Khóa học",
    "Hạn chung",
    "Hạn của người này",
    "Tình trạng",
    "Bắt đầu học",
    "Hoàn thành lúc",
    "Cơ quan giao",
    "Văn bản",
    "Người giao",
];

fn status_vi(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::NotStarted => "Chưa bắt đầu",
        TaskStatus::InProgress => "Đang học",
        TaskStatus::DoneOnTime => "Hoàn thành đúng hạn",
        TaskStatus::DoneLate => "Hoàn thành trễ hạn",
        TaskStatus::Overdue => "Quá hạn",
    }
}

fn record(row: PersonRow, now: i64) -> [String; 14] {
    let date = |at: i64| Moment(at).date_vn().display_vn();
    let moment = |at: Option<i64>| at.map(|at| Moment(at).display_vn()).unwrap_or_default();
    let (code, deadline, started, authority, document, by) = (
        row.unit_code.clone(),
        row.deadline_at,
        row.started_at,
        row.authority.clone(),
        row.document.clone(),
        row.assigned_by.clone().unwrap_or_default(),
    );
    let line = person_line(row, now);
    [
        line.full_name,
        line.contact,
        code,
        line.unit_name,
        line.position,
        line.course_title,
        date(deadline),
        date(line.due_at),
        status_vi(line.status).to_owned(),
        moment(started),
        moment(line.completed_at),
        authority,
        document,
        by,
    ]
    .map(|cell| neutral(&cell))
}

/// Bytes gathered before a piece of the export is sent.
const CHUNK: usize = 32 * 1024;

/// `GET /theo-doi/xuat.csv?…`: the people of a dashboard view as CSV that
/// opens in Excel (UTF-8 with BOM, Vietnamese headers, dd/mm/yyyy dates),
/// streamed: the rows go from the database to the client in 32 KiB
/// pieces through a small channel, so memory stays flat however large the
/// city. Scoped like the dashboard: a unit outside the viewer's is 404.
pub async fn export(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    let known = request.extensions().get::<KnownViewer>().cloned();
    drop(request);
    let viewer = match signed_in(&state, known, &session, "/theo-doi").await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let get = |key: &str| query.get(key).cloned().unwrap_or_default();
    let filter = DashboardFilter {
        unit: get("don-vi").trim().parse().unwrap_or(0),
        assignment: get("nhiem-vu").trim().parse().unwrap_or(0),
        status: TaskStatus::from_code(&get("trang-thai")),
        position: get("chuc-vu"),
        ..Default::default()
    };
    let people = match export_query(&state.db, &viewer, &filter).await {
        Ok(q) => q,
        Err(AssignError::Forbidden) => {
            return (StatusCode::FORBIDDEN, AssignError::Forbidden.to_string()).into_response();
        }
        Err(AssignError::Db(e)) => return failed("exporting a dashboard", e),
        Err(_) => return (StatusCode::NOT_FOUND, "Không tìm thấy đơn vị này.").into_response(),
    };
    let now = people.now;
    let (rows_tx, rows_rx) = tokio::sync::mpsc::channel::<PersonRow>(256);
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(e) = db.send_people(&people, rows_tx).await {
            tracing::error!(error = %e, "streaming a dashboard export");
        }
    });
    let start = {
        let mut writer = csv_writer(b"\xEF\xBB\xBF".to_vec());
        let _ = writer.write_record(HEADERS);
        writer.into_inner().unwrap_or_default()
    };
    let body = futures::stream::unfold(
        (rows_rx, Some(start)),
        move |(mut rows, mut first)| async move {
            let mut writer = csv_writer(first.take().unwrap_or_default());
            while let Some(row) = rows.recv().await {
                if writer.write_record(record(row, now)).is_err() {
                    return None;
                }
                if writer.get_ref().len() >= CHUNK {
                    break;
                }
            }
            let bytes = writer.into_inner().ok()?;
            if bytes.is_empty() {
                return None;
            }
            Some((Ok::<_, std::io::Error>(bytes), (rows, None)))
        },
    );
    let name = format!("theo-doi-{}.csv", Moment(now).date_vn().iso());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        // fused: the compression layer polls the body once more after its
        // end, and an unfold stream panics when polled after it finished
        Body::from_stream(futures::StreamExt::fuse(body)),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::neutral;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutral("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutral("+84905123456"), "'+84905123456");
        assert_eq!(neutral("-1"), "'-1");
        assert_eq!(neutral("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutral("Nguyễn Văn A"), "Nguyễn Văn A");
        assert_eq!(neutral("Chủ tịch;=1+1"), "Chủ tịch;'=1+1");
        assert_eq!(neutral("a; -2;b"), "a;' -2;b");
        assert_eq!(neutral("Kế hoạch 12; năm 2026"), "Kế hoạch 12; năm 2026");
    }
}
