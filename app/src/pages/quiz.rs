use super::{Loading, param};
use crate::api::get_quiz;
use crate::app::use_lang;
use crate::components::page_or_error;
use crate::domain::QuestionKind;
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// A read-only preview of a quiz's questions (no answers: grading happens on the server).
#[component]
pub fn QuizPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let slug = param("quiz");
    let quiz = Resource::new(slug, get_quiz);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(quiz.await, |q| {
                    let description = if q.summary.is_empty() { q.title.clone() } else { q.summary.clone() };
                    view! {
                        <Title text=q.title.clone()/>
                        <Meta name="description" content=description/>
                        <article class="wrap section quiz">
                            <nav class="breadcrumb" aria-label=t(Msg::Breadcrumb)>
                                <ol>
                                    <li><a href="/khoa-hoc">{t(Msg::Courses)}</a></li>
                                    <li><a href=format!("/khoa-hoc/{}", q.course_slug)>{q.course_title.clone()}</a></li>
                                </ol>
                            </nav>
                            <p class="kicker">{t(Msg::Quiz)}</p>
                            <h1>{q.title.clone()}</h1>
                            {(!q.summary.is_empty()).then(|| view! { <p class="lead">{q.summary.clone()}</p> })}
                            <p class="note">{t(Msg::QuizPreviewNote)}</p>
                            <ol class="questions">
                                {q.questions
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, question)| {
                                        let hint = match question.kind {
                                            QuestionKind::Single => t(Msg::QuestionSingle),
                                            QuestionKind::Multiple => t(Msg::QuestionMultiple),
                                            QuestionKind::TrueFalse => t(Msg::QuestionTrueFalse),
                                        };
                                        let options = match question.kind {
                                            QuestionKind::TrueFalse => vec![t(Msg::True).to_owned(), t(Msg::False).to_owned()],
                                            _ => question.options.into_iter().map(|o| o.text).collect(),
                                        };
                                        view! {
                                            <li class="question">
                                                <h2>{format!("{} {}", t(Msg::QuestionNumber), i + 1)}</h2>
                                                <p class="question-text">{question.text}</p>
                                                <p class="hint">{hint}</p>
                                                <ul class="options">
                                                    {options.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        </article>
                    }
                })
            })}
        </Suspense>
    }
}
