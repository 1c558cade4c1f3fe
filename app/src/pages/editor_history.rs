//! `/bien-tap/{kind}/{id}/lich-su`: an item's revisions, what changed
//! between any two of them (`?tu=1&den=2`), and a way back to an old one.
//! Plain links and forms: no island, no script.

use super::{Loading, param};
use crate::api::{ActOnItem, edited_item, revision_diff};
use crate::app::use_lang;
use crate::components::{FormAlert, PageMeta, page_or_error, posted_error};
use crate::domain::{
    ApiError, DiffLine, EditedItem, FieldChange, Moment, RevisionDiff, RevisionSide,
    RevisionSummary, TextDiff, format_count,
};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the page shows: the item with its revisions, and the changes
/// between the two revisions asked for, if any.
type HistoryData = (EditedItem, Option<RevisionDiff>);

async fn load(
    kind: String,
    id: String,
    compare: Option<(i64, i64)>,
) -> Result<HistoryData, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let item = edited_item(kind.clone(), id).await?;
    let diff = match compare {
        Some((from, to)) => Some(revision_diff(kind, id, from, to).await?),
        None => None,
    };
    Ok((item, diff))
}

#[component]
pub fn EditorHistoryPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let (kind, id) = (param("kind"), param("id"));
    let compare = {
        let query = use_query_map();
        let query = query.read_untracked();
        let number = |name: &str| query.get(name).and_then(|v| v.trim().parse::<i64>().ok());
        number("tu").zip(number("den"))
    };
    let data = Resource::new(
        move || (kind(), id()),
        move |(kind, id)| load(kind, id, compare),
    );
    let posted = posted_error::<ActOnItem>();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let posted = posted.clone();
                Suspend::new(async move {
                    page_or_error(data.await, move |(item, diff)| {
                        let edit = format!("/bien-tap/{}/{}", item.kind.code(), item.id);
                        let title = item.fields.title.clone();
                        view! {
                            <PageMeta title=format!("{} · {title}", t(Msg::HistTitle)) description=t(Msg::HistIntro)/>
                            <section class="wrap section history-page">
                                <p class="back-link"><a href=edit.clone()>{t(Msg::HistBackToEditing)}</a></p>
                                <h1>{t(Msg::HistTitle)}</h1>
                                <p class="lead history-item">{title}</p>
                                <p>{t(Msg::HistIntro)}</p>
                                <FormAlert error=Signal::stored(posted)/>
                                {diff.map(|diff| diff_view(diff, lang))}
                                {compare_form(&item, compare, &format!("{edit}/lich-su"), lang)}
                                <h2>{t(Msg::HistRevisions)}</h2>
                                {revision_list(&item, lang)}
                            </section>
                        }
                    })
                })
            }}
        </Suspense>
    }
}

/// "#3 · Trần Bình · 10/03/2026 00:30", or "#0 · the imported text".
fn side_label(number: i64, author: Option<&str>, at: Option<i64>, lang: Lang) -> String {
    if number == 0 {
        return format!("#0 · {}", Msg::HistImported.text(lang));
    }
    let mut label = format!(
        "#{number} · {}",
        author.unwrap_or(Msg::HistUnknownAuthor.text(lang))
    );
    if let Some(at) = at {
        label.push_str(" · ");
        label.push_str(&Moment(at).display_vn());
    }
    label
}

/// A revision's note as editors read it: `save` is "lưu", `restore #2`
/// is "khôi phục từ #2"; anything else as stored.
fn note_text(note: &str, lang: Lang) -> String {
    if note == "save" {
        return Msg::HistNoteSave.text(lang).to_owned();
    }
    match note.strip_prefix("restore ") {
        Some(from) => format!("{} {from}", Msg::HistNoteRestoredFrom.text(lang)),
        None => note.to_owned(),
    }
}

fn field_label(field: &str, lang: Lang) -> String {
    let msg = match field {
        "title" => Msg::HistFieldTitle,
        "slug" => Msg::HistFieldSlug,
        "summary" => Msg::HistFieldSummary,
        "minutes" => Msg::HistFieldMinutes,
        "author" => Msg::HistFieldAuthor,
        "series" => Msg::HistFieldSeries,
        "date" => Msg::HistFieldDate,
        "course" => Msg::FieldCourse,
        "sequential" => Msg::SequentialSteps,
        "steps" => Msg::CourseSteps,
        other => return other.to_owned(),
    };
    msg.text(lang).to_owned()
}

fn compare_form(
    item: &EditedItem,
    compare: Option<(i64, i64)>,
    action: &str,
    lang: Lang,
) -> Option<AnyView> {
    let t = move |m: Msg| m.text(lang);
    let head = item.revisions.first()?.number;
    let (from, to) = compare.unwrap_or(((head - 1).max(0), head));
    let mut choices: Vec<(i64, String)> = item
        .revisions
        .iter()
        .map(|r| {
            let label = side_label(r.number, r.author.as_deref(), Some(r.created_at), lang);
            (r.number, label)
        })
        .collect();
    choices.push((0, side_label(0, None, None, lang)));
    let select = move |name: &'static str, label: Msg, selected: i64| {
        let id = format!("so-sanh-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <select id=id name=name>
                    {choices
                        .iter()
                        .map(|(number, text)| view! {
                            <option value=number.to_string() selected=*number == selected>{text.clone()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    Some(
        view! {
            <h2>{t(Msg::HistCompare)}</h2>
            <form method="get" action=action.to_owned() class="compare-form">
                {select("tu", Msg::HistFrom, from)}
                {select("den", Msg::HistTo, to)}
                <button class="button" type="submit">{t(Msg::HistShowChanges)}</button>
            </form>
        }
        .into_any(),
    )
}

fn revision_list(item: &EditedItem, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    if item.revisions.is_empty() {
        return view! { <p>{t(Msg::HistNoRevisions)}</p> }.into_any();
    }
    let head = item.base;
    let kind = item.kind.code();
    let id = item.id;
    view! {
        <p class="hint">{t(Msg::HistRestoreNote)}</p>
        <ul class="revision-list">
            {item
                .revisions
                .iter()
                .map(|r| revision_entry(r, kind, id, head, lang))
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn revision_entry(
    revision: &RevisionSummary,
    kind: &'static str,
    id: i64,
    head: i64,
    lang: Lang,
) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    let number = revision.number;
    let mut meta = vec![
        revision
            .author
            .clone()
            .unwrap_or_else(|| t(Msg::HistUnknownAuthor).to_owned()),
        Moment(revision.created_at).display_vn(),
    ];
    if !revision.note.is_empty() {
        meta.push(note_text(&revision.note, lang));
    }
    let restore = (number != head).then(|| {
        let label = format!("{} (#{number})", t(Msg::HistRestore));
        view! {
            <form method="post" action="/api/editor/act" class="inline-form">
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="action" value="restore"/>
                <input type="hidden" name="number" value=number.to_string()/>
                <input type="hidden" name="base" value=head.to_string()/>
                <button class="small-button" type="submit" aria-label=label>{t(Msg::HistRestore)}</button>
            </form>
        }
    });
    view! {
        <li class="revision" id=format!("phien-ban-{number}")>
            <p class="revision-name">
                <strong>{format!("{} #{number}", t(Msg::HistRevision))}</strong>
                {(number == head).then(|| format!(" ({})", t(Msg::HistNewest)))}
            </p>
            <p class="meta">{meta.join(" · ")}</p>
            <div class="revision-actions">
                <a href=format!("?tu={}&den={number}", number - 1)>{t(Msg::HistCompareWithPrevious)}</a>
                {restore}
            </div>
        </li>
    }
    .into_any()
}

fn diff_view(diff: RevisionDiff, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    let side = |s: &RevisionSide| side_label(s.number, s.author.as_deref(), s.created_at, lang);
    let heading = format!(
        "{} #{} {} #{}",
        t(Msg::HistChangesFrom),
        diff.from.number,
        t(Msg::HistChangesTo),
        diff.to.number
    );
    let unchanged = diff.fields.is_empty() && diff.body.lines.is_empty();
    let (from, to) = (diff.from.number, diff.to.number);
    view! {
        <section class="diff-view" aria-labelledby="thay-doi">
            <h2 id="thay-doi">{heading}</h2>
            <dl class="facts diff-sides">
                <dt>{t(Msg::HistFrom)}</dt><dd>{side(&diff.from)}</dd>
                <dt>{t(Msg::HistTo)}</dt><dd>{side(&diff.to)}</dd>
            </dl>
            {if unchanged {
                view! { <p class="notice">{t(Msg::HistNoChanges)}</p> }.into_any()
            } else {
                view! {
                    {fields_table(diff.fields, from, to, lang)}
                    {body_view(diff.body, lang)}
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

fn fields_table(fields: Vec<FieldChange>, from: i64, to: i64, lang: Lang) -> Option<AnyView> {
    let t = move |m: Msg| m.text(lang);
    if fields.is_empty() {
        return None;
    }
    let value = move |v: String| {
        if v.trim().is_empty() {
            t(Msg::HistEmptyValue).to_owned()
        } else {
            v
        }
    };
    Some(
        view! {
            <div class="table-scroll">
                <table class="diff-fields">
                    <caption>{t(Msg::HistFieldsCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::HistField)}</th>
                            <th scope="col">{format!("{} (#{from})", t(Msg::HistBefore))}</th>
                            <th scope="col">{format!("{} (#{to})", t(Msg::HistAfter))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {fields
                            .into_iter()
                            .map(|change| view! {
                                <tr data-field=change.field.clone()>
                                    <th scope="row">{field_label(&change.field, lang)}</th>
                                    <td><del>{value(change.old)}</del></td>
                                    <td><ins>{value(change.new)}</ins></td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    )
}

/// The body's changed lines with context. Each line says in text (a
/// marker, and words for screen readers) whether it was added or removed;
/// the colours only repeat it.
fn body_view(body: TextDiff, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    if body.lines.is_empty() {
        return view! { <p class="diff-body-same">{t(Msg::HistBodySame)}</p> }.into_any();
    }
    let caption = format!(
        "{} · {}: {} · {}: {}",
        t(Msg::HistBodyCaption),
        t(Msg::HistLinesAdded),
        format_count(u64::from(body.added), lang),
        t(Msg::HistLinesRemoved),
        format_count(u64::from(body.removed), lang),
    );
    let line = move |class: &'static str, marker: &'static str, said: Option<Msg>, text: String| {
        view! {
            <li class=class>
                <span class="diff-marker" aria-hidden="true">{marker}</span>
                {said.map(|m| view! { <span class="visually-hidden">{t(m)} " "</span> })}
                <span class="diff-text">{text}</span>
            </li>
        }
        .into_any()
    };
    view! {
        <figure class="diff-body">
            <figcaption>{caption}</figcaption>
            <ol class="diff-lines">
                {body
                    .lines
                    .into_iter()
                    .map(|l| match l {
                        DiffLine::Added(text) => line("diff-added", "+", Some(Msg::HistAddedLine), text),
                        DiffLine::Removed(text) => line("diff-removed", "-", Some(Msg::HistRemovedLine), text),
                        DiffLine::Same(text) => line("diff-same", " ", None, text),
                        // never fewer than two lines (one is shown instead),
                        // so the plural is right in English
                        DiffLine::Skipped(n) => view! {
                            <li class="diff-skip">
                                {format!("… {} {} …", format_count(u64::from(n), lang), t(Msg::HistUnchangedLines))}
                            </li>
                        }
                        .into_any(),
                    })
                    .collect_view()}
            </ol>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_shown_in_the_readers_language() {
        assert_eq!(note_text("save", Lang::Vi), "lưu");
        assert_eq!(note_text("restore #2", Lang::Vi), "khôi phục từ #2");
        assert_eq!(note_text("restore #2", Lang::En), "restored from #2");
        assert_eq!(note_text("nhập lại", Lang::Vi), "nhập lại");
    }

    #[test]
    fn fields_have_vietnamese_labels_and_unknown_ones_their_name() {
        assert_eq!(field_label("title", Lang::Vi), "Tiêu đề");
        assert_eq!(field_label("series", Lang::Vi), "Chuỗi bài");
        assert_eq!(field_label("cover", Lang::Vi), "cover");
    }

    #[test]
    fn revision_zero_is_the_imported_text() {
        assert_eq!(
            side_label(0, None, None, Lang::Vi),
            "#0 · văn bản nhập từ tệp"
        );
        assert_eq!(
            side_label(3, Some("Trần Bình"), Some(0), Lang::Vi),
            "#3 · Trần Bình · 01/01/1970 07:00"
        );
    }
}
