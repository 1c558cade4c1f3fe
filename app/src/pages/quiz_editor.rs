//! The quiz editor (`/bien-tap/quiz/{id|moi}`): the quiz's fields and
//! settings, a block for each question of every type the platform grades,
//! and an import box that reads a quiz pasted in the Vietnamese layout,
//! GIFT or Aiken and shows what it understood (or the lines that are
//! wrong) before anything is saved.
//!
//! The whole page is one plain form posted to `/bien-tap/quiz/luu`; each
//! button (add, move, remove a question, preview or import the pasted text,
//! save) comes back to this page, so it works the same without
//! JavaScript. With it, the import box shows its preview as the text is
//! typed (the `PasteImport` island).

use super::Loading;
use super::editor::{escape_text, page_notice, problem_list, workflow_box};
use crate::api::{PastedQuiz, QuizForm, quiz_editing, read_pasted_quiz};
use crate::app::use_lang;
use crate::components::{PageMeta, island_root, page_or_error};
use crate::domain::{AnswerSource, ApiError, MAX_OPTIONS, QuestionSource, QuizBody, option_letter};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// What the quiz editor shows, as its address asks: the quiz (or a new
/// one) and, when the form came back, the form as it was posted.
pub fn quiz_page(id: String, kept: i64, changed: bool, saved: String, step: String) -> AnyView {
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
                quiz_editing(id, kept, changed).await
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
                            None => t(Msg::NewQuiz).to_owned(),
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
                                    {quiz_form(data, lang)}
                                    {item.map(|item| {
                                        let gift = format!("/bien-tap/quiz/{}/gift", item.id);
                                        view! {
                                            <div class="side">
                                                {workflow_box(item, lang, posted_act.clone())}
                                                <p><a href=gift download="">{t(Msg::ExportGift)}</a></p>
                                            </div>
                                        }
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

fn quiz_form(data: QuizForm, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let QuizForm {
        item,
        fields,
        quiz,
        base,
        courses,
        pasted,
        ..
    } = data;
    let id = item.as_ref().map(|i| i.id);
    let QuizBody {
        pass_mark,
        max_attempts,
        wait_minutes,
        shuffle_options,
        show_answers,
        multiple_scoring,
        questions,
    } = quiz;
    let show_answers = show_answers.unwrap_or_default();
    let multiple_scoring = multiple_scoring.unwrap_or_default();
    let count = questions.len();
    let course = fields.course.clone();
    view! {
        <form method="post" action="/bien-tap/quiz/luu" class="editor-form quiz-editor-form">
            // Enter in a field saves (the first submit button is the default one)
            <button type="submit" name="op" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">{t(Msg::SaveDraft)}</button>
            {id.map(|id| view! {
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="base" value=base.to_string()/>
            })}
            <fieldset>
                <legend>{t(Msg::QuizAbout)}</legend>
                {text_field("title", t(Msg::FieldTitle), &fields.title, None)}
                {text_field("slug", t(Msg::FieldSlug), &fields.slug, Some(t(Msg::FieldSlugHint)))}
                <div class="field">
                    <label for="truong-course">{t(Msg::FieldCourse)}</label>
                    <select id="truong-course" name="course">
                        {courses.into_iter().map(|(slug, title)| view! {
                            <option value=slug.clone() selected=slug == course>{title}</option>
                        }).collect_view()}
                    </select>
                </div>
                {text_field("summary", t(Msg::FieldSummary), &fields.summary, None)}
            </fieldset>
            <fieldset class="quiz-settings">
                <legend>{t(Msg::QuizSettings)}</legend>
                {number_field("pass_mark", t(Msg::PassMark), pass_mark, 1, 100)}
                {number_field("max_attempts", t(Msg::MaxAttempts), max_attempts, 0, 1000)}
                {number_field("wait_minutes", t(Msg::WaitMinutes), wait_minutes, 0, 43200)}
                <div class="field checkbox-field">
                    <input id="truong-shuffle" type="checkbox" name="shuffle_options" checked=shuffle_options/>
                    <label for="truong-shuffle">{t(Msg::ShuffleOptions)}</label>
                </div>
                <div class="field">
                    <label for="truong-show-answers">{t(Msg::ShowAnswersWhen)}</label>
                    <select id="truong-show-answers" name="show_answers">
                        <option value="always" selected=show_answers != "after_pass">{t(Msg::ShowAnswersAlways)}</option>
                        <option value="after_pass" selected=show_answers == "after_pass">{t(Msg::ShowAnswersAfterPass)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="truong-scoring">{t(Msg::MultipleScoring)}</label>
                    <select id="truong-scoring" name="multiple_scoring">
                        <option value="all_or_nothing" selected=multiple_scoring != "partial">{t(Msg::ScoringAllOrNothing)}</option>
                        <option value="partial" selected=multiple_scoring == "partial">{t(Msg::ScoringPartial)}</option>
                    </select>
                </div>
            </fieldset>
            <section class="questions" aria-labelledby="cac-cau-hoi">
                <h2 id="cac-cau-hoi">{t(Msg::QuestionsTitle)} {format!(" ({count})")}</h2>
                {questions.into_iter().enumerate().map(|(i, q)| question_block(i, count, q, lang)).collect_view()}
                <button type="submit" name="op" value="add" class="button secondary" formnovalidate=true>{t(Msg::AddQuestion)}</button>
            </section>
            <PasteImport
                lang
                format=fields.paste_format.clone()
                text=fields.paste.clone()
                pasted
            />
            <button class="button" type="submit" name="op" value="save">{t(Msg::SaveDraft)}</button>
        </form>
    }
}

fn text_field(
    name: &'static str,
    label: &'static str,
    value: &str,
    hint: Option<&'static str>,
) -> impl IntoView + use<> {
    let id = format!("truong-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <input id=id type="text" name=name value=value.to_owned()/>
        </div>
    }
}

fn number_field(
    name: &'static str,
    label: &'static str,
    value: i64,
    min: i64,
    max: i64,
) -> impl IntoView {
    let id = format!("truong-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="number" name=name value=value.to_string() min=min.to_string() max=max.to_string()/>
        </div>
    }
}

fn kind_label(kind: &str) -> Msg {
    match kind {
        "multiple" => Msg::QuestionMultiple,
        "true_false" => Msg::QuestionTrueFalse,
        "short" => Msg::QuestionShort,
        _ => Msg::QuestionSingle,
    }
}

/// One question's block: its type, text, options with the right ones
/// ticked (single and multiple choice), true or false, accepted answers
/// (short answer), explanation, and buttons to move or remove it.
fn question_block(i: usize, count: usize, q: QuestionSource, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let name = move |field: &str| format!("q{i}.{field}");
    let id = move |field: &str| format!("cau-{i}-{field}");
    let right = q
        .answer
        .as_ref()
        .map(AnswerSource::numbers)
        .unwrap_or_default();
    let truth = match q.answer {
        Some(AnswerSource::Truth(truth)) => Some(truth),
        _ => None,
    };
    let slots = (q.options.len() + 2).clamp(4, MAX_OPTIONS);
    let kind = if q.kind.is_empty() {
        "single".to_owned()
    } else {
        q.kind.clone()
    };
    let options = (0..slots)
        .map(|j| {
            let text = q.options.get(j).cloned().unwrap_or_default();
            let ok = right.contains(&(j as i64 + 1));
            let letter = option_letter(j);
            view! {
                <div class="option-row">
                    <input type="checkbox" id=id(&format!("ok{j}")) name=name(&format!("ok{j}")) checked=ok/>
                    <label for=id(&format!("ok{j}")) class="option-right">{format!("{letter}. {}", t(Msg::RightAnswer))}</label>
                    <label for=id(&format!("opt{j}")) class="visually-hidden">{format!("{} {letter}", t(Msg::OptionLabel))}</label>
                    <input type="text" id=id(&format!("opt{j}")) name=name(&format!("opt{j}")) value=text/>
                </div>
            }
        })
        .collect_view();
    let answers = q.answers.join("\n");
    view! {
        <fieldset class="question" id=format!("cau-{}", i + 1) data-type=kind.clone()>
            <legend>{format!("{} {}", t(Msg::QuestionNumber), i + 1)}</legend>
            <div class="field">
                <label for=id("type")>{t(Msg::QuestionType)}</label>
                <select id=id("type") name=name("type")>
                    {["single", "multiple", "true_false", "short"].into_iter().map(|code| view! {
                        <option value=code selected=code == kind>{t(kind_label(code))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("text")>{t(Msg::QuestionText)}</label>
                <textarea id=id("text") name=name("text") rows="2" inner_html=escape_text(&q.text)></textarea>
            </div>
            <fieldset class="options for-choice">
                <legend>{t(Msg::OptionsLegend)}</legend>
                {options}
            </fieldset>
            <fieldset class="for-truth">
                <legend>{t(Msg::TruthLegend)}</legend>
                <input type="radio" id=id("true") name=name("truth") value="true" checked=truth == Some(true)/>
                <label for=id("true")>{t(Msg::TruthTrue)}</label>
                <input type="radio" id=id("false") name=name("truth") value="false" checked=truth == Some(false)/>
                <label for=id("false")>{t(Msg::TruthFalse)}</label>
            </fieldset>
            <div class="field for-short">
                <label for=id("answers")>{t(Msg::AcceptedAnswers)}</label>
                <textarea id=id("answers") name=name("answers") rows="2" inner_html=escape_text(&answers)></textarea>
                <input type="checkbox" id=id("nodiacritics") name=name("nodiacritics") checked=q.ignore_diacritics/>
                <label for=id("nodiacritics")>{t(Msg::IgnoreDiacritics)}</label>
            </div>
            <div class="field">
                <label for=id("explanation")>{t(Msg::Explanation)}</label>
                <textarea id=id("explanation") name=name("explanation") rows="2" inner_html=escape_text(&q.explanation)></textarea>
            </div>
            <div class="question-buttons">
                {(i > 0).then(|| view! {
                    <button type="submit" name="op" value=format!("up:{i}") class="small-button" formnovalidate=true>{t(Msg::MoveUp)}</button>
                })}
                {(i + 1 < count).then(|| view! {
                    <button type="submit" name="op" value=format!("down:{i}") class="small-button" formnovalidate=true>{t(Msg::MoveDown)}</button>
                })}
                <button type="submit" name="op" value=format!("remove:{i}") class="small-button danger" formnovalidate=true>{t(Msg::RemoveQuestion)}</button>
            </div>
        </fieldset>
    }
}

/// What the pasted text gives: its problems with their lines, or the
/// questions understood, each with its right answers marked.
fn pasted_view(pasted: &PastedQuiz, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    if !pasted.problems.is_empty() {
        return view! {
            <div class="paste-problems" role="alert">
                <p>{t(Msg::PasteProblems)}</p>
                <ul>
                    {pasted.problems.iter().map(|(line, problem)| view! {
                        <li data-line=line.to_string()>{format!("{} {line}: {problem}", t(Msg::LineWord))}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="paste-preview" role="status">
            <p>{format!("{} {}", t(Msg::PasteUnderstood), pasted.questions.len())}</p>
            <ol>
                {pasted.questions.iter().map(|q| {
                    let right = q.answer.as_ref().map(AnswerSource::numbers).unwrap_or_default();
                    let truth = match q.answer {
                        Some(AnswerSource::Truth(true)) => Some(t(Msg::TruthTrue)),
                        Some(AnswerSource::Truth(false)) => Some(t(Msg::TruthFalse)),
                        _ => None,
                    };
                    view! {
                        <li>
                            <strong>{q.text.clone()}</strong>
                            {format!(" ({})", t(kind_label(&q.kind)))}
                            <ul>
                                {q.options.iter().enumerate().map(|(j, o)| {
                                    let ok = right.contains(&(j as i64 + 1));
                                    view! {
                                        <li class:right=ok>
                                            {format!("{}. {o}", option_letter(j))}
                                            {ok.then(|| format!(" ✓ {}", t(Msg::RightAnswer)))}
                                        </li>
                                    }
                                }).collect_view()}
                                {truth.map(|word| view! { <li class="right">{format!("✓ {word}")}</li> })}
                                {(!q.answers.is_empty()).then(|| view! {
                                    <li class="right">{format!("✓ {}", q.answers.join(" | "))}</li>
                                })}
                            </ul>
                            {(!q.explanation.is_empty()).then(|| view! {
                                <p class="hint">{format!("{}: {}", t(Msg::Explanation), q.explanation)}</p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </div>
    }
    .into_any()
}

/// The import box: a format, the pasted text and what it gives. With
/// scripts the preview follows the text as it is typed (read on the
/// server, 400 ms after typing stops); without, "Xem trước" posts the form
/// and the page comes back with it.
#[island]
fn PasteImport(
    lang: Lang,
    format: String,
    text: String,
    pasted: Option<PastedQuiz>,
) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let format = RwSignal::new(if format.is_empty() {
        "vn".to_owned()
    } else {
        format
    });
    let typed_text = RwSignal::new(text.clone());
    let shown = RwSignal::new(pasted);
    let typed = StoredValue::new(0u32);
    let refresh = move || {
        typed.update_value(|n| *n += 1);
        let mine = typed.get_value();
        set_timeout(
            move || {
                if typed.get_value() != mine {
                    return;
                }
                let text = typed_text.get_untracked();
                if text.trim().is_empty() {
                    shown.set(None);
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(pasted) = read_pasted_quiz(format.get_untracked(), text).await
                        && typed.get_value() == mine
                    {
                        shown.set(Some(pasted));
                    }
                });
            },
            std::time::Duration::from_millis(400),
        );
    };
    let on_input = move |ev: leptos::ev::Event| {
        typed_text.set(event_target_value(&ev));
        refresh();
    };
    let on_format = move |ev: leptos::ev::Event| {
        format.set(event_target_value(&ev));
        refresh();
    };
    let initial = format.get_untracked();
    // Text pasted or a format chosen before the page became interactive
    // fired no event this island heard: read them once hydrated.
    let area = NodeRef::<leptos::html::Textarea>::new();
    let chooser = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        let (Some(area), Some(chooser)) = (area.get(), chooser.get()) else {
            return;
        };
        let (value, chosen) = (area.value(), chooser.value());
        if value != typed_text.get_untracked() || chosen != format.get_untracked() {
            typed_text.set(value);
            format.set(chosen);
            refresh();
        }
    });
    view! {
        <section class="paste-import" aria-labelledby="nhap-nhanh">
            <h2 id="nhap-nhanh">{t(Msg::PasteTitle)}</h2>
            <p class="hint">{t(Msg::PasteHint)}</p>
            <div class="field">
                <label for="dinh-dang">{t(Msg::PasteFormat)}</label>
                <select id="dinh-dang" name="paste_format" node_ref=chooser on:change=on_format>
                    <option value="vn" selected=initial == "vn">{t(Msg::FormatVietnamese)}</option>
                    <option value="gift" selected=initial == "gift">"Moodle GIFT"</option>
                    <option value="aiken" selected=initial == "aiken">"Aiken"</option>
                </select>
            </div>
            <div class="field">
                <label for="van-ban-dan">{t(Msg::PasteText)}</label>
                <textarea id="van-ban-dan" name="paste" rows="12" node_ref=area on:input=on_input inner_html=escape_text(&text)></textarea>
            </div>
            <div class="paste-result" aria-live="polite">
                {move || shown.get().map(|p| pasted_view(&p, lang))}
            </div>
            <button type="submit" name="op" value="preview" class="button secondary" formnovalidate=true>{t(Msg::PastePreview)}</button>
            " "
            <button type="submit" name="op" value="import" class="button">{t(Msg::PasteImport)}</button>
        </section>
    }
}
