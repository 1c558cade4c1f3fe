//! A learner's progress as the pages show it: the bar, and the lesson's
//! "Tôi đã học xong" box. The box is made as HTML by one function for the
//! full render and for the page cache, which serves a signed-in reader the
//! cached lesson with this box filled in for them.

use crate::app::use_lang;
use crate::domain::{CourseProgress, StepState};
use crate::i18n::{Counted, Lang, Msg};
use leptos::prelude::*;

/// Where the lesson's form posts: records the completion, then comes back.
pub fn lesson_done_path(course: &str, lesson: &str) -> String {
    format!("/khoa-hoc/{course}/{lesson}/hoan-thanh")
}

/// The inside of the lesson's `<section id="tien-do">` for a reader in
/// `state` (`None`: not signed in).
pub fn lesson_progress_html(
    course: &str,
    lesson: &str,
    state: Option<StepState>,
    lang: Lang,
) -> String {
    let t = |msg: Msg| html_escape::encode_text(msg.text(lang)).into_owned();
    match state {
        None => format!(
            r#"<p>{} <a href="/dang-nhap?tiep=/khoa-hoc/{course}/{lesson}%23tien-do">{}</a></p>"#,
            t(Msg::SignInToTrack),
            t(Msg::SignIn)
        ),
        Some(StepState::Done) => format!(
            r#"<p class="step-done" data-step="done"><span aria-hidden="true">✓ </span>{}</p>"#,
            t(Msg::LessonDoneNote)
        ),
        Some(StepState::Locked) => format!(
            r#"<p class="step-locked" data-step="locked">{}</p>"#,
            t(Msg::LessonLockedNote)
        ),
        Some(StepState::Open) => format!(
            r#"<form method="post" action="{}" data-step="open"><button class="button" type="submit">{}</button></form>"#,
            lesson_done_path(course, lesson),
            t(Msg::MarkLessonDone)
        ),
    }
}

/// A course's progress bar: a native `<progress>` (read by screen readers
/// as a percentage), labelled, with the numbers in text beside it.
#[component]
pub fn ProgressBar(progress: CourseProgress, #[prop(into)] label: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="progress">
            <progress max="100" value=progress.percent aria-label=label>{format!("{}%", progress.percent)}</progress>
            <span class="progress-text">
                {format!(
                    "{}% {} · {} {}/{}",
                    progress.percent,
                    Msg::ProgressComplete.text(lang),
                    Msg::StepsDoneOf.text(lang),
                    progress.done,
                    Counted::Steps.phrase(progress.total, lang)
                )}
            </span>
        </div>
    }
}

/// A step's state as a short label.
pub fn step_state_label(state: StepState, lang: Lang) -> &'static str {
    match state {
        StepState::Done => Msg::StepDone.text(lang),
        StepState::Open => Msg::StepOpen.text(lang),
        StepState::Locked => Msg::StepLocked.text(lang),
    }
}
