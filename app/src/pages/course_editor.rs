//! The course editor (`/bien-tap/course/{id|moi}`): the course's fields,
//! its cover, whether its steps are followed in order, and its outline —
//! lessons and quizzes in the order learners take them.
//!
//! One plain form posted to `/bien-tap/course/luu`: moving a step up or
//! down, removing it or adding one are buttons that come back to this
//! page, so the outline is arranged without JavaScript. With it, steps can
//! also be dragged into place (the `OutlineEditor` island), then saved.

use super::Loading;
use super::editor::{escape_text, page_notice, problem_list, state_name, workflow_box};
use crate::api::{CourseForm, course_editing};
use crate::app::use_lang;
use crate::components::{PageMeta, island_root, page_or_error};
use crate::domain::{ApiError, CourseMember};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// What the course editor shows, as its address asks.
pub fn course_page(id: String, kept: i64, changed: bool, saved: String, step: String) -> AnyView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let data = Resource::new(|| (), {
        let id = id.clone();
        move |()| {
            let id = id.clone();
            async move {
                let id = match id.as_str() {
                    "moi" => 0,
                    id => id.parse().map_err(|_| ApiError::NotFound)?,
                };
                course_editing(id, kept, changed).await
            }
        }
    });
    let posted_act = crate::components::posted_error::<crate::api::ActOnItem>();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (saved, step, posted_act) = (saved.clone(), step.clone(), posted_act.clone());
                Suspend::new(async move {
                    page_or_error(data.await, move |data| {
                        let heading = match &data.item {
                            Some(item) => item.fields.title.clone(),
                            None => t(Msg::NewCourse).to_owned(),
                        };
                        let notice = page_notice(lang, data.kept, data.newest, &saved, &step);
                        let item = data.item.clone();
                        view! {
                            <PageMeta title=heading.clone() description=t(Msg::PanelIntro)/>
                            <section class="wrap section writing">
                                <p><a href="/bien-tap">{t(Msg::BackToPanel)}</a></p>
                                <h1>{heading}</h1>
                                {notice.map(|n| view! { <p class="form-notice" role="status">{n}</p> })}
                                {problem_list(lang, &data.problems)}
                                <div class="editor">
                                    {course_form(data, lang)}
                                    {item.map(|item| view! {
                                        <div class="side">{workflow_box(item, lang, posted_act.clone())}</div>
                                    })}
                                </div>
                            </section>
                        }
                    })
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn course_form(data: CourseForm, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let CourseForm {
        item,
        fields,
        body,
        base,
        members,
        ..
    } = data;
    let id = item.as_ref().map(|i| i.id);
    let steps: Vec<CourseMember> = fields
        .steps
        .iter()
        .map(|code| {
            members
                .iter()
                .find(|m| m.code == *code)
                .cloned()
                .unwrap_or(CourseMember {
                    code: code.clone(),
                    title: code.clone(),
                    quiz: code.starts_with("quiz:"),
                    state: crate::domain::ItemState::Archived,
                })
        })
        .collect();
    let unplaced: Vec<CourseMember> = members
        .into_iter()
        .filter(|m| !fields.steps.contains(&m.code))
        .collect();
    let field = |name: &'static str, label: Msg, value: String| {
        let id = format!("truong-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <input id=id type="text" name=name value=value/>
            </div>
        }
    };
    view! {
        <form method="post" action="/bien-tap/course/luu" class="editor-form course-form">
            <button type="submit" name="op" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">{t(Msg::SaveDraft)}</button>
            {id.map(|id| view! {
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="base" value=base.to_string()/>
            })}
            {field("title", Msg::FieldTitle, fields.title.clone())}
            {field("slug", Msg::FieldSlug, fields.slug.clone())}
            {field("summary", Msg::FieldSummary, fields.summary.clone())}
            <div class="field checkbox-field">
                <input id="truong-sequential" type="checkbox" name="sequential" checked=fields.sequential/>
                <label for="truong-sequential">{t(Msg::SequentialSteps)}</label>
            </div>
            <div class="field body-field">
                <label for="truong-body">{t(Msg::CourseCover)}</label>
                <textarea id="truong-body" name="body" rows="8" inner_html=escape_text(&body)></textarea>
            </div>
            <section class="outline-editor" aria-labelledby="cac-buoc">
                <h2 id="cac-buoc">{t(Msg::CourseSteps)}</h2>
                {match id {
                    None => view! { <p class="hint">{t(Msg::StepsAfterCreate)}</p> }.into_any(),
                    Some(_) => view! {
                        <p class="hint">{t(Msg::StepsHint)}</p>
                        <OutlineEditor lang steps/>
                        {(!unplaced.is_empty()).then(|| view! {
                            <div class="field add-step">
                                <label for="them-buoc">{t(Msg::AddStepLabel)}</label>
                                <select id="them-buoc" name="add_step">
                                    {unplaced.into_iter().map(|m| view! {
                                        <option value=m.code.clone()>{member_label(&m, lang)}</option>
                                    }).collect_view()}
                                </select>
                                " "
                                <button type="submit" name="op" value="add-step" class="button secondary">{t(Msg::AddStep)}</button>
                            </div>
                        })}
                    }.into_any(),
                }}
            </section>
            <button class="button" type="submit" name="op" value="save">{t(Msg::SaveDraft)}</button>
        </form>
    }
}

fn member_label(m: &CourseMember, lang: Lang) -> String {
    let kind = if m.quiz {
        Msg::KindQuiz
    } else {
        Msg::KindLesson
    };
    format!(
        "{} — {} ({})",
        m.title,
        kind.text(lang),
        state_name(m.state).text(lang)
    )
}

/// The course's steps in order, each with buttons to move it up or down or
/// take it out (they post the form); after hydration a step can also be
/// dragged to its place. Each step is a hidden `step` field, so the order
/// shown is the order saved.
#[island]
fn OutlineEditor(lang: Lang, steps: Vec<CourseMember>) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let steps = RwSignal::new(steps);
    let dragged = StoredValue::new(None::<usize>);
    let moved = RwSignal::new(false);
    let drop_on = move |to: usize| {
        if let Some(from) = dragged.get_value() {
            steps.update(|list| {
                if from < list.len() && to < list.len() && from != to {
                    let step = list.remove(from);
                    list.insert(to, step);
                    moved.set(true);
                }
            });
        }
        dragged.set_value(None);
    };
    view! {
        <ol class="outline-steps">
            {move || {
                let list = steps.get();
                let count = list.len();
                list.into_iter().enumerate().map(|(i, m)| {
                    let label = member_label(&m, lang);
                    view! {
                        <li
                            class="outline-step"
                            draggable="true"
                            data-step=m.code.clone()
                            on:dragstart=move |_| dragged.set_value(Some(i))
                            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                            on:drop=move |ev: leptos::ev::DragEvent| {
                                ev.prevent_default();
                                drop_on(i);
                            }
                        >
                            <input type="hidden" name="step" value=m.code.clone()/>
                            <span class="step-title">{label}</span>
                            <span class="step-buttons">
                                {(i > 0).then(|| view! {
                                    <button type="submit" name="op" value=format!("up:{i}") class="small-button" aria-label=format!("{}: {}", t(Msg::MoveUp), m.title)>"↑"</button>
                                })}
                                {(i + 1 < count).then(|| view! {
                                    <button type="submit" name="op" value=format!("down:{i}") class="small-button" aria-label=format!("{}: {}", t(Msg::MoveDown), m.title)>"↓"</button>
                                })}
                                <button type="submit" name="op" value=format!("remove:{i}") class="small-button danger" aria-label=format!("{}: {}", t(Msg::RemoveStep), m.title)>{t(Msg::RemoveStep)}</button>
                            </span>
                        </li>
                    }
                }).collect_view()
            }}
        </ol>
        {move || moved.get().then(|| view! { <p class="form-notice" role="status">{t(Msg::StepsMovedSave)}</p> })}
    }
}
