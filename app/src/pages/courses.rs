use super::{Loading, param};
use crate::api::{get_course, list_courses};
use crate::app::use_lang;
use crate::components::{ReadingTime, page_or_error};
use crate::domain::CourseCard;
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

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
                .map(|c| view! {
                    <li class="card">
                        <h3><a href=format!("/khoa-hoc/{}", c.slug)>{c.title}</a></h3>
                        <p>{c.summary}</p>
                        <p class="meta">
                            {c.lesson_count} " " {Msg::Lessons.text(lang)} " · " {c.total_minutes} " "
                            {Msg::MinutesTotal.text(lang)}
                        </p>
                    </li>
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
        <Title text=Msg::Courses.text(lang)/>
        <Meta name="description" content=Msg::CoursesIntro.text(lang)/>
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
                    let first = course.lessons.first().map(|l| format!("/khoa-hoc/{}/{}", course.slug, l.slug));
                    let base = format!("/khoa-hoc/{}", course.slug);
                    view! {
                        <Title text=course.title.clone()/>
                        <Meta name="description" content=course.summary.clone()/>
                        <article class="wrap section course">
                            <nav class="breadcrumb" aria-label=t(Msg::Breadcrumb)>
                                <ol><li><a href="/khoa-hoc">{t(Msg::Courses)}</a></li></ol>
                            </nav>
                            <h1>{course.title}</h1>
                            <p class="lead">{course.summary}</p>
                            <div class="prose" inner_html=course.cover_html></div>
                            {first.map(|href| view! { <p><a class="button" href=href>{t(Msg::StartCourse)}</a></p> })}
                            <h2>{t(Msg::LessonList)}</h2>
                            <ol class="lesson-list">
                                {course
                                    .lessons
                                    .into_iter()
                                    .map(|l| view! {
                                        <li>
                                            <a href=format!("{base}/{}", l.slug)>{l.title}</a>
                                            <p>{l.summary}</p>
                                            <p class="meta"><ReadingTime minutes=l.minutes/></p>
                                        </li>
                                    })
                                    .collect_view()}
                            </ol>
                            {(!course.quizzes.is_empty()).then(|| view! {
                                <h2>{t(Msg::Quizzes)}</h2>
                                <ul class="quiz-list">
                                    {course
                                        .quizzes
                                        .into_iter()
                                        .map(|q| view! {
                                            <li>
                                                <a href=format!("/kiem-tra/{}", q.slug)>{q.title}</a>
                                                <span class="meta">" · " {q.question_count} " " {t(Msg::Questions)}</span>
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            })}
                        </article>
                    }
                })
            })}
        </Suspense>
    }
}
