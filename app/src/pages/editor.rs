//! The editors' panel: the list of every item (`/bien-tap`) and the page
//! where a lesson or an article is written (`/bien-tap/{kind}/{id}`, or
//! `/bien-tap/{kind}/moi` for a new one).
//!
//! Everything works as plain forms: saving comes back to the page, which
//! shows the saved text's preview, and a refused save comes back with the
//! text as typed (`?giu=`). The writing form is an island: with scripts it
//! saves in place, keeps the text on a refusal, and renders the preview on
//! the server as the editor types.

use super::{Loading, param};
use crate::api::{
    ActOnItem, CreateItem, SaveItem, edited_item, kept_draft, list_courses, panel_items,
    preview_markdown,
};
use crate::app::use_lang;
use crate::components::{FormAlert, PageMeta, island_root, page_or_error, posted_error};
use crate::domain::{
    ApiError, EditedItem, ItemFields, ItemKind, ItemState, KeptDraft, Moment, PanelPage, edit_path,
};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn kind_name(kind: ItemKind) -> Msg {
    match kind {
        ItemKind::Course => Msg::KindCourse,
        ItemKind::Lesson => Msg::KindLesson,
        ItemKind::Article => Msg::KindArticle,
        ItemKind::Quiz => Msg::KindQuiz,
    }
}

pub(super) fn state_name(state: ItemState) -> Msg {
    match state {
        ItemState::Draft => Msg::StateDraft,
        ItemState::Review => Msg::StateReview,
        ItemState::Scheduled => Msg::StateScheduled,
        ItemState::Published => Msg::StatePublished,
        ItemState::Archived => Msg::StateArchived,
    }
}

fn query(name: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// `/bien-tap`: every item with its state, filtered, searched, paginated.
#[component]
pub fn EditorPage() -> impl IntoView {
    let lang = use_lang();
    let (kind, state, q) = (query("loai"), query("trang-thai"), query("q"));
    let page: u32 = query("trang").parse().unwrap_or(1);
    let list = Resource::new(|| (), {
        let (kind, state, q) = (kind.clone(), state.clone(), q.clone());
        move |()| panel_items(kind.clone(), state.clone(), q.clone(), page)
    });
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (kind, state, q) = (kind.clone(), state.clone(), q.clone());
                Suspend::new(async move {
                    page_or_error(list.await, move |page| panel_page(page, lang, kind, state, q))
                })
            }}
        </Suspense>
    }
}

/// The panel's list page once its data is there (a refusal shows the
/// refusal page alone).
fn panel_page(page: PanelPage, lang: Lang, kind: String, state: String, q: String) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    view! {
        <PageMeta title=t(Msg::PanelTitle) description=t(Msg::PanelIntro)/>
        <section class="wrap section panel">
            <h1>{t(Msg::PanelTitle)}</h1>
            <p class="lead">{t(Msg::PanelIntro)}</p>
            <p class="panel-new">
                <a class="button" href=edit_path(ItemKind::Article, None)>{t(Msg::NewArticle)}</a>
                " "
                <a class="button secondary" href=edit_path(ItemKind::Lesson, None)>{t(Msg::NewLesson)}</a>
                " "
                <a class="button secondary" href=edit_path(ItemKind::Quiz, None)>{t(Msg::NewQuiz)}</a>
                " "
                <a class="button secondary" href=edit_path(ItemKind::Course, None)>{t(Msg::NewCourse)}</a>
            </p>
            <form method="get" action="/bien-tap" class="panel-filters" role="search">
                <label>
                    {t(Msg::FilterKind)}
                    <select name="loai">
                        <option value="">{t(Msg::AllKinds)}</option>
                        {ItemKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=kind == k.code()>{t(kind_name(k))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t(Msg::FilterState)}
                    <select name="trang-thai">
                        <option value="">{t(Msg::AllStates)}</option>
                        {ItemState::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=state == s.code()>{t(state_name(s))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="panel-search">
                    {t(Msg::SearchTitles)}
                    <input type="search" name="q" value=q.clone()/>
                </label>
                <button class="button" type="submit">{t(Msg::Filter)}</button>
            </form>
            {panel_table(page, lang, &kind, &state, &q)}
        </section>
    }
    .into_any()
}

fn panel_table(page: PanelPage, lang: Lang, kind: &str, state: &str, q: &str) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    if page.items.is_empty() {
        return view! { <p>{t(Msg::NothingMatches)}</p> }.into_any();
    }
    let link = |n: u32| {
        let mut query = vec![format!("trang={n}")];
        for (name, value) in [("loai", kind), ("trang-thai", state), ("q", q)] {
            if !value.is_empty() {
                query.push(format!("{name}={}", urlencoding(value)));
            }
        }
        format!("/bien-tap?{}", query.join("&"))
    };
    let (previous, next) = (
        (page.page > 1).then(|| link(page.page - 1)),
        (page.page < page.pages).then(|| link(page.page + 1)),
    );
    view! {
        <p class="meta">{format!("{} {}", page.total, t(Msg::ItemsFound))}</p>
        <table class="panel-items">
            <thead><tr>
                <th scope="col">{t(Msg::ColumnTitle)}</th>
                <th scope="col">{t(Msg::FilterKind)}</th>
                <th scope="col">{t(Msg::FilterState)}</th>
                <th scope="col">{t(Msg::ColumnEdited)}</th>
            </tr></thead>
            <tbody>
                {page.items.into_iter().map(|item| {
                    let title = item.title.clone();
                    view! {
                        <tr data-kind=item.kind.code() data-state=item.state.code()>
                            <td>
                                <a href=edit_path(item.kind, Some(item.id))>{title}</a>
                                <span class="slug">{item.course.map(|c| format!("{c}/")).unwrap_or_default()}{item.slug}</span>
                                {item.panel_owned.then(|| view! { <span class="badge owned">{t(Msg::PanelOwned)}</span> })}
                            </td>
                            <td>{t(kind_name(item.kind))}</td>
                            <td><span class=format!("badge state-{}", item.state.code())>{t(state_name(item.state))}</span>
                                {(item.state == ItemState::Scheduled).then(|| item.publish_at.map(|at| view! {
                                    <span class="meta">{format!(" {} {}", t(Msg::GoesPublicAt), Moment(at).display_vn())}</span>
                                })).flatten()}
                            </td>
                            <td>{item.edited_at.map(|at| Moment(at).display_vn()).unwrap_or_default()}
                                {item.editor.map(|name| view! { <span class="meta">{format!(" · {name}")}</span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label=t(Msg::Page)>
            {previous.map(|href| view! { <a rel="prev" href=href>{t(Msg::PreviousPage)}</a> })}
            <span>{format!("{} {}/{}", t(Msg::Page), page.page, page.pages)}</span>
            {next.map(|href| view! { <a rel="next" href=href>{t(Msg::NextPage)}</a> })}
        </nav>
    }
    .into_any()
}

/// Percent-encodes a query value.
fn urlencoding(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What the writing page shows: an item (or a new one) and, after a
/// refused save, the text as it was typed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct WritingData {
    item: Option<EditedItem>,
    kept: Option<KeptDraft>,
    courses: Vec<(String, String)>,
}

async fn writing_data(kind: String, id: String, kept: i64) -> Result<WritingData, ApiError> {
    let kind_code = kind.clone();
    let kind = ItemKind::from_code(&kind).ok_or(ApiError::NotFound)?;
    if !matches!(kind, ItemKind::Lesson | ItemKind::Article) {
        return Err(ApiError::NotFound);
    }
    let item = match id.as_str() {
        "moi" => None,
        id => Some(edited_item(kind_code, id.parse().map_err(|_| ApiError::NotFound)?).await?),
    };
    let kept = match kept {
        0 => None,
        id => kept_draft(id).await.ok(),
    };
    let courses = if kind == ItemKind::Lesson && item.is_none() {
        list_courses()
            .await?
            .into_iter()
            .map(|c| (c.slug, c.title))
            .collect()
    } else {
        Vec::new()
    };
    Ok(WritingData {
        item,
        kept,
        courses,
    })
}

/// What the page says when it comes back from a form: kept (refused, or
/// overtaken by another editor's save), saved as revision N, or moved to
/// another state.
pub(super) fn page_notice(
    lang: Lang,
    kept: bool,
    newest: Option<i64>,
    saved: &str,
    step: &str,
) -> Option<String> {
    let t = move |m: Msg| m.text(lang);
    match (kept, newest, saved.is_empty(), step.is_empty()) {
        (_, Some(_), _, _) => Some(t(Msg::ConflictNotice).to_owned()),
        (true, _, _, _) => Some(t(Msg::KeptNotice).to_owned()),
        (false, None, false, _) => Some(format!("{} #{saved}.", t(Msg::SavedRevision))),
        (false, None, true, false) => Some(format!("{}.", t(Msg::StateChanged))),
        _ => None,
    }
}

/// The problems of a refused form, each with its message in Vietnamese.
pub(super) fn problem_list(
    lang: Lang,
    problems: &[(String, String)],
) -> Option<impl IntoView + use<>> {
    (!problems.is_empty()).then(|| {
        let items = problems
            .iter()
            .map(|(_, message)| view! { <li>{message.clone()}</li> })
            .collect_view();
        view! {
            <div class="form-alert" role="alert">
                <p>{Msg::FixMarked.text(lang)}</p>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// `/bien-tap/{kind}/{id}` and `/bien-tap/{kind}/moi`: writing a lesson or
/// an article, its preview, its workflow and its history; a quiz and a
/// course have their own editors (`quiz_editor`, `course_editor`).
#[component]
pub fn WritingPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let (kind, id) = (param("kind")(), param("id")());
    let kept: i64 = query("giu").parse().unwrap_or(0);
    let saved = query("da-luu");
    let step = query("buoc");
    let changed = query("sua") == "1";
    match kind.as_str() {
        "quiz" => return super::quiz_editor::quiz_page(id, kept, changed, saved, step),
        "course" => return super::course_editor::course_page(id, kept, changed, saved, step),
        _ => {}
    }
    let posted_act = posted_error::<ActOnItem>();
    let data = Resource::new(|| (), {
        let (kind, id) = (kind.clone(), id.clone());
        move |()| writing_data(kind.clone(), id.clone(), kept)
    });
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (saved, step, posted_act) = (saved.clone(), step.clone(), posted_act.clone());
                Suspend::new(async move {
                    page_or_error(data.await, move |data| {
                        let kind = data.item.as_ref().map(|i| i.kind).or_else(|| {
                            // a new item: the kind from the address
                            ItemKind::from_code(&param("kind")())
                        }).unwrap_or(ItemKind::Article);
                        let heading = match (&data.item, kind) {
                            (Some(item), _) => item.fields.title.clone(),
                            (None, ItemKind::Lesson) => t(Msg::NewLesson).to_owned(),
                            (None, _) => t(Msg::NewArticle).to_owned(),
                        };
                        view! {
                            <PageMeta title=heading.clone() description=t(Msg::PanelIntro)/>
                            <section class="wrap section writing">
                                <p><a href="/bien-tap">{t(Msg::BackToPanel)}</a></p>
                                <h1>{heading}</h1>
                                {writing_body(data, kind, lang, saved.clone(), step.clone(), posted_act.clone())}
                            </section>
                        }
                    })
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn writing_body(
    data: WritingData,
    kind: ItemKind,
    lang: Lang,
    saved: String,
    step: String,
    posted_act: Option<ApiError>,
) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    let WritingData {
        item,
        kept,
        courses,
    } = data;
    let notice = match (&kept, saved.is_empty(), step.is_empty()) {
        (Some(kept), _, _) if kept.newest.is_some() => Some(t(Msg::ConflictNotice).to_owned()),
        (Some(_), _, _) => Some(t(Msg::KeptNotice).to_owned()),
        (None, false, _) => Some(format!("{} #{saved}.", t(Msg::SavedRevision))),
        (None, true, false) => Some(format!("{}.", t(Msg::StateChanged))),
        _ => None,
    };
    let (fields, body, base) = match (&kept, &item) {
        (Some(k), Some(item)) => (k.fields.clone(), k.body.clone(), item.base),
        (Some(k), None) => (k.fields.clone(), k.body.clone(), 0),
        (None, Some(item)) => (item.fields.clone(), item.body.clone(), item.base),
        (None, None) => (ItemFields::default(), String::new(), 0),
    };
    let problems = kept
        .as_ref()
        .map(|k| k.problems.clone())
        .unwrap_or_default();
    let preview = item.as_ref().map(|i| i.preview.clone()).unwrap_or_default();
    let id = item.as_ref().map(|i| i.id);
    let form = view! {
        <ItemEditor lang kind id base fields body preview problems courses notice/>
    };
    let side = item.map(|item| workflow_box(item, lang, posted_act));
    view! { {form} {side} }.into_any()
}

/// The state of the item and its workflow buttons: plain forms to the
/// `act` server function, which come back to this page.
pub(super) fn workflow_box(
    item: EditedItem,
    lang: Lang,
    posted: Option<ApiError>,
) -> impl IntoView + use<> {
    let t = move |m: Msg| m.text(lang);
    let (kind, id) = (item.kind, item.id);
    let act = ServerAction::<ActOnItem>::new();
    let action = move |name: &'static str, label: Msg, class: &'static str| {
        view! {
            <ActionForm action=act attr:class="inline-form">
                <input type="hidden" name="kind" value=kind.code()/>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="action" value=name/>
                <button class=class type="submit">{t(label)}</button>
            </ActionForm>
        }
    };
    let state = item.state;
    let error = Signal::derive(move || posted.clone());
    view! {
        <aside class="workflow" aria-labelledby="quy-trinh">
            <h2 id="quy-trinh">{t(Msg::WorkflowTitle)}</h2>
            <FormAlert error/>
            <p>
                {t(Msg::CurrentState)} ": "
                <span class=format!("badge state-{}", state.code()) data-state=state.code()>{t(state_name(state))}</span>
                " "
                {if item.panel_owned {
                    view! { <span class="badge owned">{t(Msg::PanelOwned)}</span> }.into_any()
                } else {
                    view! { <span class="badge">{t(Msg::FileOwned)}</span> }.into_any()
                }}
            </p>
            {(state == ItemState::Scheduled).then(|| item.publish_at.map(|at| view! {
                <p>{format!("{} {}", t(Msg::GoesPublicAt), Moment(at).display_vn())}</p>
            })).flatten()}
            {(state == ItemState::Draft && item.base > 0).then(|| action("submit", Msg::SubmitForReview, "button"))}
            {(state == ItemState::Review).then(|| view! {
                {action("approve", Msg::ApproveNow, "button")}
                <ActionForm action=act attr:class="schedule-form">
                    <input type="hidden" name="kind" value=kind.code()/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="action" value="approve"/>
                    <label for="dang-luc">{t(Msg::ScheduleAt)}</label>
                    <input id="dang-luc" type="datetime-local" step="1" name="at" required=true/>
                    <button class="button secondary" type="submit">{t(Msg::ApproveScheduled)}</button>
                </ActionForm>
                <p class="hint">{t(Msg::ReviewNeedsAnother)}</p>
                {action("return", Msg::ReturnToDraft, "small-button")}
            })}
            {(state != ItemState::Archived).then(|| action("archive", Msg::ArchiveItem, "small-button danger"))}
            <p><a href=format!("{}/lich-su", edit_path(kind, Some(id)))>{t(Msg::RevisionHistory)}</a>
                {format!(" ({})", item.revisions.len())}</p>
            {item.public_path.map(|path| view! { <p><a href=path>{t(Msg::ViewPublicPage)}</a></p> })}
            {matches!(kind, ItemKind::Lesson | ItemKind::Article).then(|| image_form(kind, id, lang))}
        </aside>
    }
}

/// Uploading an image (a plain multipart form to `/bien-tap/anh`, which
/// comes back here with the image's markdown, or with why it was refused).
fn image_form(kind: ItemKind, id: i64, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let uploaded = query("anh");
    let alt = query("alt");
    let refused = match query("loi-anh").as_str() {
        "" => None,
        "trong" => Some(Msg::ImageEmpty),
        "qua-lon" => Some(Msg::ImageTooLarge),
        "hong" => Some(Msg::ImageDamaged),
        "qua-nhieu-diem" => Some(Msg::ImageTooManyPixels),
        "tong-diem-anh" => Some(Msg::ImageTooManyPixelsInAll),
        "qua-nhieu-khung" => Some(Msg::ImageTooManyFrames),
        "thieu-mo-ta" => Some(Msg::ImageNeedsAlt),
        _ => Some(Msg::ImageNotImage),
    };
    let valid = uploaded.len() > 33
        && uploaded
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'.' || b.is_ascii_lowercase());
    let markdown = valid.then(|| {
        let alt = alt.replace(['[', ']'], "");
        format!("![{alt}](/anh/{uploaded})")
    });
    view! {
        <section class="image-upload" aria-labelledby="them-anh">
            <h3 id="them-anh">{t(Msg::ImagesTitle)}</h3>
            {refused.map(|m| view! { <p class="form-alert" role="alert">{t(m)}</p> })}
            {markdown.map(|md| view! {
                <label for="anh-markdown">{t(Msg::ImageReady)}</label>
                <input id="anh-markdown" data-image-markdown="" readonly=true value=md/>
            })}
            <p class="hint">{t(Msg::ImageSaveFirst)}</p>
            <form method="post" action="/bien-tap/anh" enctype="multipart/form-data">
                <input type="hidden" name="back" value=edit_path(kind, Some(id))/>
                <div class="field">
                    <label for="tep-anh">{t(Msg::ImageFile)}</label>
                    <p class="hint" id="tep-anh-goi-y">{t(Msg::ImageFileHint)}</p>
                    <input id="tep-anh" type="file" name="file" accept="image/png,image/jpeg,image/webp" required=true aria-describedby="tep-anh-goi-y"/>
                </div>
                <div class="field">
                    <label for="mo-ta-anh">{t(Msg::ImageAlt)}</label>
                    <p class="hint" id="mo-ta-anh-goi-y">{t(Msg::ImageAltHint)}</p>
                    <input id="mo-ta-anh" type="text" name="alt" maxlength="300" required=true aria-describedby="mo-ta-anh-goi-y"/>
                </div>
                <button class="button secondary" type="submit">{t(Msg::UploadImage)}</button>
            </form>
        </section>
    }
}

/// The writing form: fields, the markdown, and its preview. With scripts,
/// a save happens in place (a refusal keeps the text and marks the
/// fields), and the preview follows the text as it is typed, rendered on
/// the server by the published pipeline.
#[island]
fn ItemEditor(
    lang: Lang,
    kind: ItemKind,
    id: Option<i64>,
    base: i64,
    fields: ItemFields,
    body: String,
    preview: String,
    problems: Vec<(String, String)>,
    courses: Vec<(String, String)>,
    notice: Option<String>,
) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let save = ServerAction::<SaveItem>::new();
    let create = ServerAction::<CreateItem>::new();
    // The fields' problems: from the refused save this page came back
    // with, then from the last save made in place.
    let refused = RwSignal::new(problems);
    let alert = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let outcome = match id {
            Some(_) => save.value().get().map(|r| r.map(|n| (n, true))),
            None => create.value().get().map(|r| r.map(|n| (n, false))),
        };
        match outcome {
            Some(Ok((n, saved))) => {
                let target = match saved {
                    true => format!("{}?da-luu={n}#xem-truoc", edit_path(kind, id)),
                    false => edit_path(kind, Some(n)),
                };
                let _ = window().location().set_href(&target);
            }
            Some(Err(ApiError::Edit(refusal))) => {
                refused.set(refusal.fields.clone());
                alert.set(Some(refusal.message.clone()));
            }
            Some(Err(other)) => alert.set(Some(other.to_string())),
            None => {}
        }
    });
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            refused
                .get()
                .into_iter()
                .find(|(f, _)| f == field)
                .map(|(_, message)| message)
        })
    };
    let text = RwSignal::new(body.clone());
    let rendered = RwSignal::new(preview);
    let typed = StoredValue::new(0u32);
    // Renders `value` once the typing has paused for 400 ms.
    let follow = move |value: String| {
        text.set(value);
        typed.update_value(|n| *n += 1);
        let mine = typed.get_value();
        set_timeout(
            move || {
                if typed.get_value() == mine {
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = preview_markdown(text.get_untracked()).await {
                            rendered.set(html);
                        }
                    });
                }
            },
            std::time::Duration::from_millis(400),
        );
    };
    let on_input = move |ev: leptos::ev::Event| follow(event_target_value(&ev));
    // Text typed or pasted before the page became interactive (a slow
    // phone, or just after an image upload reloaded the page) fired no
    // input event this island heard: preview it once hydrated.
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(area) = area.get() {
            let value = area.value();
            if value != text.get_untracked() {
                follow(value);
            }
        }
    });
    let fields_view = view! {
        <input type="hidden" name="kind" value=kind.code()/>
        {id.map(|id| view! {
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="base" value=base.to_string()/>
        })}
        {notice.map(|n| view! { <p class="form-notice" role="status">{n}</p> })}
        {move || alert.get().map(|a| view! { <p class="form-alert" role="alert">{a}</p> })}
        <EditorField name="title" label=t(Msg::FieldTitle) value=fields.title.clone() problem=problem("title")/>
        <EditorField name="slug" label=t(Msg::FieldSlug) value=fields.slug.clone() problem=problem("slug") hint=t(Msg::FieldSlugHint)/>
        <EditorField name="summary" label=t(Msg::FieldSummary) value=fields.summary.clone() problem=problem("summary") required=false/>
        {match kind {
            ItemKind::Lesson => view! {
                <EditorField name="minutes" label=t(Msg::FieldMinutes) value=fields.minutes.max(1).to_string() problem=problem("minutes") input_type="number"/>
            }.into_any(),
            _ => view! {
                <EditorField name="author" label=t(Msg::FieldAuthor) value=fields.author.clone() problem=problem("author")/>
                <EditorField name="series" label=t(Msg::FieldSeries) value=fields.series.clone() problem=problem("series") required=false/>
                <EditorField name="date" label=t(Msg::FieldDate) value=fields.date.clone() problem=problem("date") input_type="date"/>
            }.into_any(),
        }}
        {(id.is_none() && kind == ItemKind::Lesson).then(|| view! {
            <div class="field">
                <label for="truong-course">{t(Msg::FieldCourse)}</label>
                <select id="truong-course" name="course" required=true>
                    {courses.iter().map(|(slug, title)| view! {
                        <option value=slug.clone() selected=*slug == fields.course>{title.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
        })}
        <div class="field body-field">
            <label for="truong-body">{t(Msg::FieldBody)}</label>
            {move || problem("body").get().map(|p| view! { <p class="field-error" id="truong-body-loi">{p}</p> })}
            // Set as escaped markup, not as a text child: leptos writes a
            // textarea's text as it is, so a body holding "</textarea>"
            // would end the element early and the rest would be live.
            <textarea id="truong-body" name="body" rows="18" required=true node_ref=area on:input=on_input inner_html=escape_text(&body)></textarea>
        </div>
    };
    let submit_label = if id.is_some() {
        t(Msg::SaveAndPreview)
    } else {
        t(Msg::CreateDraft)
    };
    view! {
        <div class="editor">
            {match id {
                Some(_) => view! {
                    <ActionForm action=save attr:class="editor-form">
                        {fields_view}
                        <button class="button" type="submit">{submit_label}</button>
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <ActionForm action=create attr:class="editor-form">
                        {fields_view}
                        <button class="button" type="submit">{submit_label}</button>
                    </ActionForm>
                }.into_any(),
            }}
            <section class="preview" id="xem-truoc" aria-labelledby="tieu-de-xem-truoc">
                <h2 id="tieu-de-xem-truoc">{t(Msg::PreviewTitle)}</h2>
                <p class="hint">{t(Msg::PreviewHint)}</p>
                <div class="prose preview-body" inner_html=move || rendered.get()></div>
            </section>
        </div>
    }
}

/// Text as HTML character data: `&`, `<` and `>` as entities (a textarea's
/// content is decoded back to the same text by the browser).
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A labelled input of the writing form with its problem, if any.
#[component]
fn EditorField(
    name: &'static str,
    label: &'static str,
    value: String,
    problem: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let id = format!("truong-{name}");
    let error_id = format!("{id}-loi");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:has-error=move || problem.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {move || problem.get().map(|p| view! { <p class="field-error" id=error_id.clone()>{p}</p> })}
            <input
                id=id
                name=name
                type=input_type
                value=value
                required=required
                aria-invalid=move || problem.get().map(|_| "true")
                aria-describedby=described
            />
        </div>
    }
}
