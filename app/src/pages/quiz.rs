//! Taking a quiz and reading its result. Plain forms, no scripts: a signed-in
//! learner's answers are posted with the attempt's token (the server grades
//! and stores them once, then shows the result); a visitor's are sent in the
//! address of the result page, graded and shown as a score only, not
//! stored, and limited per quiz and address (then an invitation to sign in).

use super::{Loading, param};
use crate::api::{get_attempt_report, get_quiz_sheet, try_quiz};
use crate::app::use_lang;
use crate::components::{PageMeta, page_or_error};
use crate::domain::{ApiError, AttemptReport, QuestionKind, QuestionPreview, QuizSheet};
use crate::i18n::{Counted, Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

fn question_hint(kind: QuestionKind) -> Msg {
    match kind {
        QuestionKind::Single => Msg::QuestionSingle,
        QuestionKind::Multiple => Msg::QuestionMultiple,
        QuestionKind::TrueFalse => Msg::QuestionTrueFalse,
        QuestionKind::Short => Msg::QuestionShort,
    }
}

/// One question's inputs, named by the question's identity.
fn question_fields(index: usize, question: QuestionPreview, lang: Lang) -> impl IntoView {
    let t = move |msg: Msg| msg.text(lang);
    let name = question.uid.clone();
    let field_id = |n: usize| format!("c{}-{}", index + 1, n);
    let choices: Vec<(String, String)> = match question.kind {
        QuestionKind::TrueFalse => vec![
            ("true".to_owned(), t(Msg::True).to_owned()),
            ("false".to_owned(), t(Msg::False).to_owned()),
        ],
        _ => question
            .options
            .into_iter()
            .map(|o| (o.id, o.text))
            .collect(),
    };
    let input_type = if question.kind == QuestionKind::Multiple {
        "checkbox"
    } else {
        "radio"
    };
    let inputs = if question.kind == QuestionKind::Short {
        let id = field_id(0);
        view! {
            <p class="typed-reply">
                <label for=id.clone()>{t(Msg::ShortAnswerLabel)}</label>
                <input id=id type="text" name=name maxlength="200" autocomplete="off" spellcheck="false"/>
            </p>
        }
        .into_any()
    } else {
        view! {
            <ul class="options">
                {choices
                    .into_iter()
                    .enumerate()
                    .map(|(n, (value, text))| {
                        let id = field_id(n + 1);
                        view! {
                            <li>
                                <input id=id.clone() type=input_type name=name.clone() value=value/>
                                <label for=id>{text}</label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <li class="question">
            <fieldset>
                <legend>
                    <span class="question-number">{format!("{} {}. ", t(Msg::QuestionNumber), index + 1)}</span>
                    <span class="question-text">{question.text}</span>
                </legend>
                <p class="hint">{t(question_hint(question.kind))}</p>
                {inputs}
            </fieldset>
        </li>
    }
}

fn status_notes(sheet: &QuizSheet, error: Option<String>, lang: Lang) -> impl IntoView + use<> {
    let t = move |msg: Msg| msg.text(lang);
    let s = &sheet.status;
    let signed_in = sheet.signed_in;
    let mut facts = vec![format!("{}: {}%", t(Msg::PassMark), s.pass_percent)];
    if s.max_attempts > 0 || s.attempts > 0 {
        facts.push(if s.max_attempts > 0 {
            format!(
                "{}: {}/{}",
                t(Msg::AttemptsUsed),
                s.attempts,
                s.max_attempts
            )
        } else {
            format!("{}: {}", t(Msg::AttemptsUsed), s.attempts)
        });
    }
    if let Some(best) = s.best_percent {
        facts.push(format!("{}: {best}%", t(Msg::BestScore)));
    }
    if s.wait_minutes > 0 {
        facts.push(format!(
            "{}: {}",
            t(Msg::WaitBetweenAttempts),
            Counted::Minutes.phrase(s.wait_minutes, lang)
        ));
    }
    let error = error.and_then(|code| match code.as_str() {
        "khoa" => Some(t(Msg::QuizLockedNote).to_owned()),
        "het-luot" => Some(t(Msg::QuizExhaustedNote).to_owned()),
        "lan-lam" => Some(t(Msg::QuizStaleNote).to_owned()),
        "cho" => s
            .wait_until
            .map(|at| format!("{} {}.", t(Msg::QuizWaitNote), at.display_vn())),
        _ => None,
    });
    let sign_in = format!("/dang-nhap?tiep=/kiem-tra/{}", sheet.slug);
    view! {
        <p class="meta quiz-facts">{facts.join(" · ")}</p>
        {error.map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        {s.passed.then(|| view! { <p class="notice success">{t(Msg::QuizPassedNote)}</p> })}
        {s.locked.then(|| view! { <p class="notice" data-step="locked">{t(Msg::QuizLockedNote)}</p> })}
        {s.exhausted.then(|| view! { <p class="notice">{t(Msg::QuizExhaustedNote)}</p> })}
        {s.wait_until.map(|at| view! { <p class="notice">{format!("{} {}.", t(Msg::QuizWaitNote), at.display_vn())}</p> })}
        {(!signed_in).then(|| view! {
            <p class="note">{t(Msg::QuizAnonymousNote)} " "
                <a href=sign_in>{t(Msg::SignIn)}</a>
            </p>
        })}
    }
}

/// `/kiem-tra/{quiz}`: the quiz to take.
#[component]
pub fn QuizPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let slug = param("quiz");
    let error = use_query_map().read_untracked().get("loi");
    let quiz = Resource::new(slug, get_quiz_sheet);
    view! {
        <Suspense fallback=Loading>
            {move || {
                let error = error.clone();
                Suspend::new(async move {
                page_or_error(quiz.await, |q| {
                    let description = if q.summary.is_empty() { q.title.clone() } else { q.summary.clone() };
                    let notes = status_notes(&q, error, lang);
                    let can_submit = !q.status.locked && !q.status.exhausted;
                    let (method, action) = match &q.token {
                        Some(_) => ("post", format!("/kiem-tra/{}/nop", q.slug)),
                        None => ("get", format!("/kiem-tra/{}/thu", q.slug)),
                    };
                    let signed_out = !q.signed_in;
                    let token = q.token.clone();
                    view! {
                        <PageMeta title=q.title.clone() description=description/>
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
                            {notes}
                            {(can_submit && (token.is_some() || signed_out)).then(|| view! {
                                <form class="quiz-form" method=method action=action>
                                    {token.map(|token| view! { <input type="hidden" name="token" value=token/> })}
                                    <ol class="questions">
                                        {q.questions
                                            .into_iter()
                                            .enumerate()
                                            .map(|(i, question)| question_fields(i, question, lang))
                                            .collect_view()}
                                    </ol>
                                    <p><button class="button" type="submit">{t(Msg::SubmitQuiz)}</button></p>
                                </form>
                            })}
                        </article>
                    }
                })
            })}}
        </Suspense>
    }
}

/// A graded attempt: score, pass or not, each answer right or wrong, and
/// (per the quiz's setting) the correct answers and explanations.
#[component]
fn AttemptResult(report: AttemptReport) -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let verdict = if report.passed {
        t(Msg::Passed)
    } else {
        t(Msg::NotPassed)
    };
    let class = if report.passed {
        "result passed"
    } else {
        "result failed"
    };
    // a visitor's try is a score only, whatever the quiz's setting
    let hidden_note = if report.id.is_none() {
        Msg::VisitorScoreOnlyNote
    } else {
        Msg::AnswersHiddenNote
    };
    view! {
        <section class=class aria-labelledby="ket-qua">
            <h2 id="ket-qua">{t(Msg::ResultTitle)} ": " <span class="verdict" data-passed=report.passed.to_string()>{verdict}</span></h2>
            <p class="score">
                {format!("{}: {}% ({}: {}%) · {}: {}/{}", t(Msg::ScoreLabel), report.percent, t(Msg::PassMark), report.pass_percent, t(Msg::CorrectAnswersCount), report.correct_count, report.question_count)}
            </p>
            {report.submitted_at.map(|at| view! { <p class="meta">{format!("{}: {}", t(Msg::SubmittedAt), at.display_vn())}</p> })}
            {report.certificate.clone().map(|code| view! {
                <p class="notice success">{t(Msg::CourseCompleted)} " "
                    <a href=format!("/chung-nhan/{code}")>{t(Msg::ViewCertificate)}</a>
                </p>
            })}
            {(!report.answers_shown).then(|| view! { <p class="note">{t(hidden_note)}</p> })}
        </section>
        <ol class="questions reviewed">
            {report
                .questions
                .into_iter()
                .enumerate()
                .map(|(i, q)| {
                    let mark = if q.correct { t(Msg::AnswerRight) } else { t(Msg::AnswerWrong) };
                    let kind = q.kind;
                    view! {
                        <li class=if q.correct { "question right" } else { "question wrong" }>
                            <h3>
                                <span class="question-number">{format!("{} {}. ", t(Msg::QuestionNumber), i + 1)}</span>
                                <span class="question-text">{q.text}</span>
                            </h3>
                            <p class="mark" data-correct=q.correct.to_string()>{mark}</p>
                            {(!q.options.is_empty()).then(|| view! {
                                <ul class="options">
                                    {q.options.into_iter().map(|o| {
                                        let text = match (kind, o.text.as_str()) {
                                            (QuestionKind::TrueFalse, "true") => t(Msg::True).to_owned(),
                                            (QuestionKind::TrueFalse, "false") => t(Msg::False).to_owned(),
                                            _ => o.text,
                                        };
                                        let mut notes = Vec::new();
                                        if o.chosen { notes.push(t(Msg::YourChoice)); }
                                        if o.correct == Some(true) { notes.push(t(Msg::CorrectOption)); }
                                        let class = match (o.chosen, o.correct) {
                                            (_, Some(true)) => "option correct",
                                            (true, Some(false)) => "option chosen wrong",
                                            (true, None) => "option chosen",
                                            _ => "option",
                                        };
                                        view! {
                                            <li class=class>
                                                {text}
                                                {(!notes.is_empty()).then(|| view! { <span class="option-note">{format!(" ({})", notes.join(", "))}</span> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            {(kind == QuestionKind::Short).then(|| view! {
                                <p>{t(Msg::ShortAnswerLabel)} ": " <strong>{q.given.unwrap_or_else(|| t(Msg::NoAnswer).to_owned())}</strong></p>
                            })}
                            {(!q.accepted.is_empty()).then(|| view! {
                                <p>{t(Msg::AcceptedAnswers)} ": " {q.accepted.join("; ")}</p>
                            })}
                            {q.explanation.map(|e| view! { <p class="explanation"><strong>{t(Msg::Explanation)} ": "</strong>{e}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

fn result_page(report: AttemptReport, lang: Lang) -> impl IntoView {
    let t = move |msg: Msg| msg.text(lang);
    let quiz_href = format!("/kiem-tra/{}", report.quiz_slug);
    let stored = report.id.is_some();
    let retry = (!stored || !report.passed).then(|| quiz_href.clone());
    view! {
        <PageMeta title=format!("{} · {}", t(Msg::ResultTitle), report.quiz_title) description=report.quiz_title.clone()/>
        <article class="wrap section quiz">
            <nav class="breadcrumb" aria-label=t(Msg::Breadcrumb)>
                <ol>
                    <li><a href="/khoa-hoc">{t(Msg::Courses)}</a></li>
                    <li><a href=format!("/khoa-hoc/{}", report.course_slug)>{report.course_title.clone()}</a></li>
                    <li><a href=quiz_href.clone()>{report.quiz_title.clone()}</a></li>
                </ol>
            </nav>
            <h1>{report.quiz_title.clone()}</h1>
            {(!stored).then(|| view! {
                <p class="notice">{t(Msg::NotSavedNote)} " "
                    <a href=format!("/dang-nhap?tiep={quiz_href}")>{t(Msg::SignInToSave)}</a> " · "
                    <a href=format!("/dang-ky?tiep={quiz_href}")>{t(Msg::RegisterToSave)}</a>
                </p>
            })}
            <AttemptResult report/>
            <p class="actions">
                {retry.map(|href| view! { <a class="button" href=href>{t(Msg::TryAgain)}</a> " " })}
                {stored.then(|| view! { <a href="/hoc-tap">{t(Msg::MyLearning)}</a> })}
            </p>
        </article>
    }
}

/// A visitor who has used up their tries of a quiz for now (HTTP 429): the
/// wait, and an invitation to sign in, where attempts are stored and every
/// answer can be reviewed.
fn tries_used_up(quiz: String, minutes: u32, lang: Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
    }
    let t = move |msg: Msg| msg.text(lang);
    let quiz_href = format!("/kiem-tra/{quiz}");
    view! {
        <PageMeta title=t(Msg::VisitorTriesUsedUpTitle) description=t(Msg::VisitorTriesUsedUpTitle)/>
        <article class="wrap section quiz">
            <h1>{t(Msg::VisitorTriesUsedUpTitle)}</h1>
            <p class="notice" role="alert" data-step="tries-used-up">
                {format!("{} {}.", t(Msg::VisitorTriesUsedUp), Counted::Minutes.phrase(minutes, lang))}
            </p>
            <p class="actions">
                <a class="button" href=format!("/dang-nhap?tiep={quiz_href}")>{t(Msg::SignIn)}</a> " "
                <a href=format!("/dang-ky?tiep={quiz_href}")>{t(Msg::RegisterToSave)}</a>
            </p>
        </article>
    }
}

/// `/kiem-tra/{quiz}/thu?…`: a visitor's answers, graded and shown as a
/// score, not stored; a few tries per quiz and address.
#[component]
pub fn QuizTryPage() -> impl IntoView {
    let lang = use_lang();
    let slug = param("quiz");
    let query = use_location().search.get_untracked();
    let report = Resource::new(
        move || (slug(), query.clone()),
        |(quiz, answers)| try_quiz(quiz, answers),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match report.await {
                    Err(ApiError::TooManyAttempts { minutes }) => {
                        tries_used_up(slug(), minutes, lang).into_any()
                    }
                    other => page_or_error(other, |report| result_page(report, lang)),
                }
            })}
        </Suspense>
    }
}

/// `/hoc-tap/lan-lam/{id}`: one of the signed-in learner's own attempts.
#[component]
pub fn AttemptPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let report = Resource::new(id, |id| async move {
        match id.parse::<i64>() {
            Ok(id) => get_attempt_report(id).await,
            Err(_) => Err(crate::domain::ApiError::NotFound),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(report.await, |report| result_page(report, lang))
            })}
        </Suspense>
    }
}
