//! The editors' panel's server functions: the list, an item with its history,
//! the preview, create, save, the workflow steps, and the admins' audit log.
// The editor's server functions take the form's fields one by one, as a
// plain HTML form posts them (flat names), so some have many arguments.
#![allow(clippy::too_many_arguments)]

use crate::domain::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{internal, require},
    crate::domain::Role,
    crate::domain::access::Access,
    crate::ssr::AppState,
};

/// How many items a page of the panel's list shows.
pub const PANEL_PAGE_SIZE: usize = 30;

#[cfg(feature = "ssr")]
fn refusal(error: crate::ssr::editorial::workflow::EditError) -> ApiError {
    use crate::domain::EditRefusal;
    use crate::ssr::editorial::workflow::EditError;
    let message = error.to_string();
    let refused = |code: &str| EditRefusal {
        code: code.to_owned(),
        message: message.clone(),
        ..EditRefusal::default()
    };
    let error = match error {
        EditError::Forbidden => ApiError::Forbidden,
        EditError::NotFound => ApiError::NotFound,
        EditError::Db(e) => return internal("editorial action")(e),
        EditError::Invalid(problems) => ApiError::Edit(EditRefusal {
            fields: problems
                .into_iter()
                .map(|p| (p.field.to_owned(), p.message))
                .collect(),
            ..refused("invalid")
        }),
        EditError::Conflict { newest, kept } => ApiError::Edit(EditRefusal {
            newest: Some(newest),
            kept: Some(kept),
            ..refused("conflict")
        }),
        EditError::SelfApproval => ApiError::Edit(refused("self_approval")),
        EditError::SlugTaken => ApiError::Edit(EditRefusal {
            fields: vec![("slug".into(), message.clone())],
            ..refused("slug_taken")
        }),
        EditError::WrongState => ApiError::Edit(refused("wrong_state")),
    };
    super::fail(error)
}

#[cfg(feature = "ssr")]
fn kind_of(kind: &str) -> Result<crate::domain::ItemKind, ApiError> {
    crate::domain::ItemKind::from_code(kind).ok_or(ApiError::NotFound)
}

/// The panel's list: every course, lesson, article and quiz with its state,
/// narrowed by kind, state and a title search that ignores accents, newest
/// edits first, a page at a time.
#[server(prefix = "/api/editor", endpoint = "items")]
pub async fn panel_items(
    #[server(default)] kind: String,
    #[server(default)] state: String,
    #[server(default)] q: String,
    #[server(default)] page: u32,
) -> Result<crate::domain::PanelPage, ApiError> {
    use crate::domain::text::fold;
    use crate::domain::{ItemKind, ItemState, PanelItem, PanelPage};
    require(Access::Role(Role::Editor)).await?;
    let rows = AppState::current()
        .db
        .panel_rows()
        .await
        .map_err(internal("panel list"))?;
    let kind = ItemKind::from_code(&kind);
    let state = ItemState::from_code(&state);
    let needle = fold(q.trim());
    let items: Vec<PanelItem> = rows
        .into_iter()
        .filter_map(|row| {
            Some(PanelItem {
                kind: ItemKind::from_code(&row.kind)?,
                state: ItemState::from_code(&row.state)?,
                id: row.id,
                title: row.title,
                slug: row.slug,
                course: row.course_slug,
                panel_owned: row.origin == "panel",
                publish_at: row.publish_at,
                edited_at: row.edited_at,
                editor: row.editor,
            })
        })
        .filter(|item| kind.is_none_or(|k| item.kind == k))
        .filter(|item| state.is_none_or(|s| item.state == s))
        .filter(|item| needle.is_empty() || fold(&item.title).contains(&needle))
        .collect();
    let total = items.len();
    let pages = total.div_ceil(PANEL_PAGE_SIZE).max(1);
    let page = (page as usize).clamp(1, pages);
    Ok(PanelPage {
        items: items
            .into_iter()
            .skip((page - 1) * PANEL_PAGE_SIZE)
            .take(PANEL_PAGE_SIZE)
            .collect(),
        total: u32::try_from(total).unwrap_or(u32::MAX),
        page: page as u32,
        pages: pages as u32,
    })
}

/// A lesson or an article as the editor opens it: its newest revision (or
/// the imported text), its history, and the preview of that text.
#[server(prefix = "/api/editor", endpoint = "item")]
pub async fn edited_item(kind: String, id: i64) -> Result<crate::domain::EditedItem, ApiError> {
    use crate::domain::{EditedItem, ItemFields, ItemKind, ItemState, RevisionSummary};
    require(Access::Role(Role::Editor)).await?;
    let kind = kind_of(&kind)?;
    let db = AppState::current().db;
    let item = db
        .panel_item(kind, id)
        .await
        .map_err(internal("panel item"))?
        .ok_or_else(|| super::fail(ApiError::NotFound))?;
    let revisions = db
        .revisions_of(kind, id)
        .await
        .map_err(internal("revisions"))?;
    let course = match item.course_id {
        Some(course) => db.course_slug(course).await.map_err(internal("course"))?,
        None => None,
    };
    let (fields, body) = match revisions.first() {
        Some(head) => (
            serde_json::from_str(&head.fields_json).map_err(internal("revision fields"))?,
            head.body_md.clone(),
        ),
        None => (
            ItemFields {
                title: item.title.clone(),
                slug: item.slug.clone(),
                summary: item.summary.clone(),
                minutes: u32::try_from(item.minutes).unwrap_or(0),
                author: item.author.clone(),
                series: item.series.clone(),
                date: item.published_on.clone(),
                course: course.clone().unwrap_or_default(),
                sequential: item.sequential != 0,
                // a course as learners see it now
                steps: match kind {
                    ItemKind::Course => db
                        .course_step_codes(id)
                        .await
                        .map_err(internal("course steps"))?,
                    _ => Vec::new(),
                },
                ..ItemFields::default()
            },
            item.body_md.clone(),
        ),
    };
    let preview = match kind {
        ItemKind::Quiz => String::new(),
        _ => crate::ssr::editorial::workflow::preview(&db, &body)
            .await
            .map_err(internal("preview"))?,
    };
    let public_path = item.hidden_at.is_none().then(|| match kind {
        ItemKind::Lesson => format!(
            "/khoa-hoc/{}/{}",
            course.clone().unwrap_or_default(),
            item.slug
        ),
        ItemKind::Article => format!("/bai-viet/{}", item.slug),
        ItemKind::Course => format!("/khoa-hoc/{}", item.slug),
        ItemKind::Quiz => format!("/kiem-tra/{}", item.slug),
    });
    Ok(EditedItem {
        kind,
        id,
        course,
        fields,
        body,
        state: ItemState::from_code(&item.state).unwrap_or(ItemState::Draft),
        panel_owned: item.origin == "panel",
        base: item.head_revision,
        live_revision: item.live_revision,
        publish_at: item.publish_at,
        revisions: revisions
            .into_iter()
            .map(|r| RevisionSummary {
                number: r.number,
                author: r.author_name,
                created_at: r.created_at,
                note: r.note,
            })
            .collect(),
        preview,
        public_path,
    })
}

/// A save refused earlier and kept for the signed-in editor (`id` from the
/// edit page's `?giu=`), with what is wrong with it.
#[server(prefix = "/api/editor", endpoint = "kept")]
pub async fn kept_draft(id: i64) -> Result<crate::domain::KeptDraft, ApiError> {
    let viewer = require(Access::Role(Role::Editor)).await?;
    kept_for(viewer.id, id)
        .await?
        .map(|(_, kept)| kept)
        .ok_or_else(|| super::fail(ApiError::NotFound))
}

/// The save kept for `author` as `id`, with its kind; `None` when there is
/// no such save of theirs.
#[cfg(feature = "ssr")]
pub(crate) async fn kept_for(
    author: i64,
    id: i64,
) -> Result<Option<(crate::domain::ItemKind, crate::domain::KeptDraft)>, ApiError> {
    use crate::domain::{ItemFields, ItemKind, KeptDraft};
    use crate::ssr::editorial::workflow;
    let db = AppState::current().db;
    let Some((kind, item, base, fields_json, body)) = db
        .kept_conflict(author, id)
        .await
        .map_err(internal("kept draft"))?
    else {
        return Ok(None);
    };
    let Some(kind) = ItemKind::from_code(&kind) else {
        return Ok(None);
    };
    let fields: ItemFields = serde_json::from_str(&fields_json).map_err(internal("kept fields"))?;
    let problems = match workflow::validate(kind, &fields, &body) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| (p.field.to_owned(), p.message))
            .collect(),
    };
    let newest = match item {
        0 => None,
        item => db
            .panel_item(kind, item)
            .await
            .map_err(internal("panel item"))?
            .map(|i| i.head_revision)
            .filter(|head| *head > base),
    };
    Ok(Some((
        kind,
        KeptDraft {
            course: (!fields.course.is_empty()).then(|| fields.course.clone()),
            fields,
            body,
            base,
            problems,
            newest,
        },
    )))
}

/// For a plain form post (no JavaScript) refused: the text as typed is kept
/// for its author and the form comes back with it (`?giu=`), so nothing
/// typed is lost; scripts get the refusal and keep the text in the form.
#[cfg(feature = "ssr")]
async fn refused(
    viewer: &crate::domain::Viewer,
    kind: crate::domain::ItemKind,
    id: Option<i64>,
    base: i64,
    fields: &crate::domain::ItemFields,
    body: &str,
    error: crate::ssr::editorial::workflow::EditError,
) -> Result<i64, ApiError> {
    use crate::ssr::editorial::workflow::EditError;
    if !super::is_plain_form_post() {
        return Err(refusal(error));
    }
    let kept = match error {
        EditError::Conflict { kept, .. } => kept,
        EditError::Invalid(_) | EditError::SlugTaken => {
            let fields_json = serde_json::to_string(fields).map_err(internal("kept fields"))?;
            let revision = crate::ssr::db::NewRevision {
                author_id: Some(viewer.id),
                note: "refused",
                fields_json: &fields_json,
                body_md: body,
            };
            AppState::current()
                .db
                .keep_conflict(kind, id.unwrap_or(0), base, &revision)
                .await
                .map_err(internal("keep refused save"))?
        }
        other => return Err(refusal(other)),
    };
    leptos_axum::redirect(&format!(
        "{}?giu={kept}",
        crate::domain::edit_path(kind, id)
    ));
    Ok(0)
}

/// The markdown as readers will see it, rendered by the published pipeline.
#[server(prefix = "/api/editor", endpoint = "preview")]
pub async fn preview_markdown(body: String) -> Result<String, ApiError> {
    require(Access::Role(Role::Editor)).await?;
    crate::ssr::editorial::workflow::preview(&AppState::current().db, &body)
        .await
        .map_err(internal("preview"))
}

/// Creates a lesson (in `course`) or an article as a draft; its id. A plain
/// form post goes on to the new item's edit page.
#[server(prefix = "/api/editor", endpoint = "create")]
pub async fn create_item(
    kind: String,
    #[server(default)] course: String,
    title: String,
    slug: String,
    #[server(default)] summary: String,
    #[server(default)] minutes: u32,
    #[server(default)] author: String,
    #[server(default)] series: String,
    #[server(default)] date: String,
    body: String,
) -> Result<i64, ApiError> {
    use crate::domain::ItemFields;
    let viewer = require(Access::Role(Role::Editor)).await?;
    let kind = kind_of(&kind)?;
    let fields = ItemFields {
        title,
        slug,
        summary,
        minutes,
        author,
        series,
        date,
        course,
        ..ItemFields::default()
    };
    match crate::ssr::editorial::workflow::create(
        &AppState::current().db,
        &viewer,
        kind,
        &fields,
        &body,
    )
    .await
    {
        Ok(id) => {
            if super::is_plain_form_post() {
                leptos_axum::redirect(&crate::domain::edit_path(kind, Some(id)));
            }
            Ok(id)
        }
        Err(error) => refused(&viewer, kind, None, 0, &fields, &body, error).await,
    }
}

/// Saves a new revision based on revision `base`; the new revision's
/// number. A plain form post comes back to the edit page, which shows the
/// saved text's preview (preview on submit).
#[server(prefix = "/api/editor", endpoint = "save")]
pub async fn save_item(
    kind: String,
    id: i64,
    base: i64,
    title: String,
    slug: String,
    #[server(default)] summary: String,
    #[server(default)] minutes: u32,
    #[server(default)] author: String,
    #[server(default)] series: String,
    #[server(default)] date: String,
    body: String,
) -> Result<i64, ApiError> {
    use crate::domain::ItemFields;
    let viewer = require(Access::Role(Role::Editor)).await?;
    let kind = kind_of(&kind)?;
    let fields = ItemFields {
        title,
        slug,
        summary,
        minutes,
        author,
        series,
        date,
        ..ItemFields::default()
    };
    match crate::ssr::editorial::workflow::save(
        &AppState::current().db,
        &viewer,
        kind,
        id,
        base,
        &fields,
        &body,
    )
    .await
    {
        Ok(number) => {
            if super::is_plain_form_post() {
                leptos_axum::redirect(&format!(
                    "{}?da-luu={number}#xem-truoc",
                    crate::domain::edit_path(kind, Some(id))
                ));
            }
            Ok(number)
        }
        Err(error) => refused(&viewer, kind, Some(id), base, &fields, &body, error).await,
    }
}

/// A workflow step on an item: `submit` (for review), `return` (to draft),
/// `approve` (publish now, or at `at`: `YYYY-MM-DDTHH:MM` Vietnam time),
/// `archive`, or `restore` revision `number` (based on `base`). The item's
/// state afterwards.
#[server(prefix = "/api/editor", endpoint = "act")]
pub async fn act_on_item(
    kind: String,
    id: i64,
    action: String,
    #[server(default)] at: String,
    #[server(default)] number: i64,
    #[server(default)] base: i64,
) -> Result<String, ApiError> {
    use crate::domain::ItemState;
    use crate::ssr::editorial::workflow;
    let viewer = require(Access::Role(Role::Editor)).await?;
    let state = AppState::current();
    let db = &state.db;
    let kind = kind_of(&kind)?;
    let result = match action.as_str() {
        "submit" => workflow::submit(db, &viewer, kind, id)
            .await
            .map(|()| ItemState::Review),
        "return" => workflow::return_to_draft(db, &viewer, kind, id)
            .await
            .map(|()| ItemState::Draft),
        "approve" => {
            let at = match at.trim() {
                "" => None,
                text => Some(workflow::parse_vn_time(text).ok_or_else(|| {
                    super::fail(ApiError::Edit(crate::domain::EditRefusal {
                        code: "invalid".into(),
                        message: "Thời điểm đăng có dạng YYYY-MM-DDTHH:MM (giờ Việt Nam).".into(),
                        fields: vec![("at".into(), "Thời điểm không hợp lệ.".into())],
                        ..Default::default()
                    }))
                })?),
            };
            workflow::approve(db, &viewer, kind, id, at, state.review_by_other).await
        }
        "archive" => workflow::archive(db, &viewer, kind, id)
            .await
            .map(|()| ItemState::Archived),
        "restore" => workflow::restore(db, &viewer, kind, id, number, base)
            .await
            .map(|_| ItemState::Draft),
        _ => return Err(super::fail(ApiError::NotFound)),
    };
    let state = result.map_err(refusal)?;
    if super::is_plain_form_post() {
        leptos_axum::redirect(&format!(
            "{}?buoc={}",
            crate::domain::edit_path(kind, Some(id)),
            state.code()
        ));
    }
    Ok(state.code().to_owned())
}

/// The audit of editorial actions, newest first (admins only), narrowed by
/// who acted (user id), the item (`kind` and `id`) and a time window.
#[server(prefix = "/api/admin", endpoint = "audit")]
pub async fn editorial_audit(
    #[server(default)] actor: i64,
    #[server(default)] kind: String,
    #[server(default)] id: i64,
    #[server(default)] since: i64,
    #[server(default)] until: i64,
) -> Result<Vec<AuditEntry>, ApiError> {
    require(Access::Role(Role::Admin)).await?;
    let item = crate::domain::ItemKind::from_code(&kind).map(|k| (k, id));
    let rows = AppState::current()
        .db
        .audit_entries(
            (actor > 0).then_some(actor),
            item,
            (since > 0).then_some(since),
            (until > 0).then_some(until),
            500,
        )
        .await
        .map_err(internal("audit"))?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            actor: r.actor,
            action: r.action,
            item_kind: r.item_kind,
            item_id: r.item_id,
            detail: r.detail,
            at: r.created_at,
        })
        .collect())
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub actor: Option<String>,
    pub action: String,
    pub item_kind: Option<String>,
    pub item_id: Option<i64>,
    pub detail: String,
    pub at: i64,
}
