use super::{Loading, param};
use crate::api::{get_course, list_courses};
use crate::app::use_lang;
use crate::components::{PageMeta, ProgressBar, ReadingTime, page_or_error, step_state_label};
use crate::domain::{CourseCard, CourseProgress, StepKind, StepState};
use crate::i18n::{Counted, Msg};
use leptos::prelude::*;

/// Cards linking to courses, in their configured order.
#[component]
pub fn CourseCards(courses: Vec<CourseCard>) -> impl IntoView {
    let lang = use_lang();
    if courses.is_empty() {
        return view! { <p>{Msg::NoCourses.text(lang)}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {courses
                .into_iter()
                .map(|c| {
                    let label = format!("{}: {}", Msg::CourseProgressLabel.text(lang), c.title);
                    let bar = c.progress.map(|percent| {
                        let mut progress = CourseProgress::new(0, 0);
                        progress.percent = percent;
                        view! {
                            <div class="progress">
                                <progress max="100" value=progress.percent aria-label=label>{format!("{percent}%")}</progress>
                                <span class="progress-text">{format!("{percent}% {}", Msg::ProgressComplete.text(lang))}</span>
                            </div>
                        }
                    });
                    view! {
                        <li class="card">
                            <h3><a href=format!("/khoa-hoc/{}", c.slug)>{c.title}</a></h3>
                            <p>{c.summary}</p>
                            <p class="meta">
                                {Counted::Lessons.phrase(c.lesson_count, lang)} " · "
                                {Counted::Minutes.phrase(c.total_minutes, lang)}
                            </p>
                            {bar}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn CoursesPage() -> impl IntoView {
    let lang = use_lang();
    let courses = Resource::new(|| (), |()| list_courses());
    view! {
        <PageMeta title=Msg::Courses.text(lang) description=Msg::CoursesIntro.text(lang)/>
        <section class="wrap section">
            <h1>{Msg::Courses.text(lang)}</h1>
            <p class="lead">{Msg::CoursesIntro.text(lang)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    page_or_error(courses.await, |courses| view! { <CourseCards courses/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let course_slug = param("course");
    let course = Resource::new(course_slug, get_course);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(course.await, |course| {
                    let first = course.steps.first().map(|s| s.href.clone());
                    let progress = course.progress.clone();
                    let resume = progress.as_ref().and_then(|p| p.next.clone());
                    let certificate = progress.as_ref().and_then(|p| p.certificate.clone());
                    let started = progress.as_ref().is_some_and(|p| p.done > 0);
                    view! {
                        <PageMeta title=course.title.clone() description=course.summary.clone()/>
                        <article class="wrap section course">
                            <nav class="breadcrumb" aria-label=t(Msg::Breadcrumb)>
                                <ol><li><a href="/khoa-hoc">{t(Msg::Courses)}</a></li></ol>
                            </nav>
                            <h1>{course.title.clone()}</h1>
                            <p class="lead">{course.summary}</p>
                            {progress.map(|p| view! { <ProgressBar progress=p label=format!("{}: {}", t(Msg::CourseProgressLabel), course.title)/> })}
                            {certificate.map(|code| view! {
                                <p class="notice success">{t(Msg::CourseCompleted)} " "
                                    <a href=format!("/chung-nhan/{code}")>{t(Msg::ViewCertificate)}</a>
                                </p>
                            })}
                            {match (resume, started) {
                                (Some(step), true) => Some(view! { <p><a class="button" href=step.href>{t(Msg::ContinueLearning)} ": " {step.title}</a></p> }.into_any()),
                                (Some(step), false) => Some(view! { <p><a class="button" href=step.href>{t(Msg::StartCourse)}</a></p> }.into_any()),
                                (None, _) if course.progress.is_none() => first.map(|href| view! { <p><a class="button" href=href>{t(Msg::StartCourse)}</a></p> }.into_any()),
                                (None, _) => None,
                            }}
                            <div class="prose" inner_html=course.cover_html></div>
                            <h2>{t(Msg::CourseOutline)}</h2>
                            {course.sequential.then(|| view! { <p class="note">{t(Msg::SequentialNote)}</p> })}
                            <ol class="lesson-list steps">
                                {course
                                    .steps
                                    .into_iter()
                                    .map(|step| {
                                        let class = match step.state {
                                            Some(StepState::Done) => "step done",
                                            Some(StepState::Locked) => "step locked",
                                            _ => "step",
                                        };
                                        let detail = match step.kind {
                                            StepKind::Lesson => view! { <ReadingTime minutes=step.minutes/> }.into_any(),
                                            StepKind::Quiz => view! { {t(Msg::Quiz)} " · " {Counted::Questions.phrase(step.question_count, lang)} }.into_any(),
                                        };
                                        view! {
                                            <li class=class>
                                                <a href=step.href>{step.title}</a>
                                                {step.state.map(|state| view! { <span class="step-state">{step_state_label(state, lang)}</span> })}
                                                {(!step.summary.is_empty()).then(|| view! { <p>{step.summary}</p> })}
                                                <p class="meta">{detail}</p>
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
