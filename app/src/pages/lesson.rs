use super::{Loading, param};
use crate::api::{get_lesson, lesson_state};
use crate::app::use_lang;
use crate::components::{PageMeta, ReadingTime, ViewCount, lesson_progress_html, page_or_error};
use crate::i18n::Msg;
use leptos::prelude::*;

#[component]
pub fn LessonPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let (course_slug, lesson_slug) = (param("course"), param("lesson"));
    let lesson = Resource::new(
        move || (course_slug(), lesson_slug()),
        |(course, lesson)| get_lesson(course, lesson),
    );
    let state = Resource::new(
        move || (course_slug(), lesson_slug()),
        |(course, lesson)| lesson_state(course, lesson),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                // A visitor (and the page cache's shared render) gets the
                // sign-in invitation; the box is filled per reader.
                let state = state.await.ok().flatten();
                page_or_error(lesson.await, |l| {
                    let progress = lesson_progress_html(&l.course_slug, &l.slug, state, lang);
                    let course_href = format!("/khoa-hoc/{}", l.course_slug);
                    let href = |slug: &str| format!("/khoa-hoc/{}/{}", l.course_slug, slug);
                    let previous = l.previous.as_ref().map(|p| (href(&p.slug), p.title.clone()));
                    let next = l.next.as_ref().map(|n| (href(&n.slug), n.title.clone()));
                    view! {
                        <PageMeta title=l.title.clone() description=l.summary.clone() article=true/>
                        <article class="wrap section lesson">
                            <nav class="breadcrumb" aria-label=t(Msg::Breadcrumb)>
                                <ol>
                                    <li><a href="/khoa-hoc">{t(Msg::Courses)}</a></li>
                                    <li><a href=course_href.clone()>{l.course_title.clone()}</a></li>
                                </ol>
                            </nav>
                            <p class="kicker">{format!("{} {}/{}", t(Msg::LessonNumber), l.number, l.lesson_count)}</p>
                            <h1>{l.title.clone()}</h1>
                            <p class="meta">
                                <ReadingTime minutes=l.minutes/>
                                " · "
                                <ViewCount views=l.views/>
                            </p>
                            <p class="lead">{l.summary.clone()}</p>
                            <div class="prose" inner_html=l.body_html></div>
                            <section class="step-box" id="tien-do" aria-label=t(Msg::CourseProgressLabel) inner_html=progress></section>
                            <nav class="lesson-nav" aria-label=t(Msg::LessonNav)>
                                {previous.map(|(href, title)| view! {
                                    <a class="prev" rel="prev" href=href>
                                        <span class="label">"← " {t(Msg::PreviousLesson)}</span>
                                        <span class="title">{title}</span>
                                    </a>
                                })}
                                {next.map(|(href, title)| view! {
                                    <a class="next" rel="next" href=href>
                                        <span class="label">{t(Msg::NextLesson)} " →"</span>
                                        <span class="title">{title}</span>
                                    </a>
                                })}
                            </nav>
                            <p><a href=course_href>{t(Msg::BackToCourse)}</a></p>
                        </article>
                    }
                })
            })}
        </Suspense>
    }
}
