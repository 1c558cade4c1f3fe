//! An item's history in the editors' panel: what changed between two of its
//! revisions.

use crate::domain::{ApiError, RevisionDiff};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{fail, internal, require},
    crate::domain::access::Access,
    crate::domain::{ItemFields, ItemKind, RevisionSide, Role},
    crate::ssr::AppState,
    crate::ssr::db::{Db, ItemRow, RevisionRow},
};

/// The changes from revision `from` to revision `to` of an item (either
/// may be older): its front-matter fields and its body line by line.
/// Revision 0 is the item's text before the panel saved a revision (the
/// imported text, as it is live). A revision the item does not have: 404.
// The call's type is named `CompareRevisions`: `RevisionDiff` is the answer.
#[server(name = CompareRevisions, prefix = "/api/editor", endpoint = "diff")]
pub async fn revision_diff(
    kind: String,
    id: i64,
    from: i64,
    to: i64,
) -> Result<RevisionDiff, ApiError> {
    use crate::ssr::editorial::diff::{fields_diff, line_diff};
    require(Access::Role(Role::Editor)).await?;
    let kind = ItemKind::from_code(&kind).ok_or_else(|| fail(ApiError::NotFound))?;
    let db = AppState::current().db;
    let live = if from == 0 || to == 0 {
        Some(
            db.panel_item(kind, id)
                .await
                .map_err(internal("panel item"))?
                .ok_or_else(|| fail(ApiError::NotFound))?,
        )
    } else {
        None
    };
    let old = version(&db, kind, id, from, live.as_ref()).await?;
    let new = version(&db, kind, id, to, live.as_ref()).await?;
    Ok(RevisionDiff {
        title: new.title,
        fields: fields_diff(&old.fields, &new.fields)
            .into_iter()
            .map(|(field, old, new)| crate::domain::FieldChange { field, old, new })
            .collect(),
        body: line_diff(&old.body, &new.body),
        from: old.side,
        to: new.side,
    })
}

/// One side of a comparison, as `fields_diff` and `line_diff` take it.
#[cfg(feature = "ssr")]
struct Version {
    side: RevisionSide,
    title: String,
    fields: Vec<(String, String)>,
    body: String,
}

/// Revision `number` of the item (0: `live`, the item's own text).
#[cfg(feature = "ssr")]
async fn version(
    db: &Db,
    kind: ItemKind,
    id: i64,
    number: i64,
    live: Option<&ItemRow>,
) -> Result<Version, ApiError> {
    match (number, live) {
        (0, Some(item)) => Ok(from_live(item)),
        (1.., _) => {
            let row = db
                .revision(kind, id, number)
                .await
                .map_err(internal("revision"))?
                .ok_or_else(|| fail(ApiError::NotFound))?;
            from_revision(row)
        }
        _ => Err(fail(ApiError::NotFound)),
    }
}

#[cfg(feature = "ssr")]
fn from_revision(row: RevisionRow) -> Result<Version, ApiError> {
    let fields: ItemFields =
        serde_json::from_str(&row.fields_json).map_err(internal("revision fields"))?;
    Ok(Version {
        side: RevisionSide {
            number: row.number,
            author: row.author_name,
            created_at: Some(row.created_at),
            note: row.note,
        },
        title: fields.title.clone(),
        fields: field_pairs([
            &fields.title,
            &fields.slug,
            &fields.summary,
            &fields.minutes.to_string(),
            &fields.author,
            &fields.series,
            &fields.date,
            &fields.course,
            &fields.sequential.to_string(),
            &fields.steps.join("\n"),
        ]),
        body: row.body_md,
    })
}

#[cfg(feature = "ssr")]
fn from_live(item: &ItemRow) -> Version {
    use crate::ssr::db::StepRef;
    use crate::ssr::editorial::workflow::step_code;
    let steps: Vec<StepRef> = serde_json::from_str(&item.steps_json).unwrap_or_default();
    let steps: Vec<String> = steps.iter().map(step_code).collect();
    Version {
        side: RevisionSide {
            number: 0,
            author: None,
            created_at: None,
            note: String::new(),
        },
        title: item.title.clone(),
        fields: field_pairs([
            &item.title,
            &item.slug,
            &item.summary,
            &item.minutes.to_string(),
            &item.author,
            &item.series,
            &item.published_on,
            "",
            &(item.sequential != 0).to_string(),
            &steps.join("\n"),
        ]),
        body: item.body_md.clone(),
    }
}

/// The compared fields in the form's order (a quiz's course; a course's
/// order and outline, a step a line).
#[cfg(feature = "ssr")]
const FIELD_NAMES: [&str; 10] = [
    "title",
    "slug",
    "summary",
    "minutes",
    "author",
    "series",
    "date",
    "course",
    "sequential",
    "steps",
];

#[cfg(feature = "ssr")]
fn field_pairs(values: [&str; 10]) -> Vec<(String, String)> {
    FIELD_NAMES
        .into_iter()
        .zip(values)
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}
