use super::Loading;
use crate::api::get_home;
use crate::app::use_lang;
use crate::components::{PageMeta, ProgressBar, page_or_error};
use crate::i18n::Msg;
use crate::pages::articles::ArticleCards;
use crate::pages::courses::CourseCards;
use crate::pages::task_card;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let home = Resource::new(|| (), |()| get_home());
    view! {
        <PageMeta title="" description=t(Msg::SiteDescription)/>
        <section class="hero">
            <div class="wrap">
                <h1>{t(Msg::SiteName)}</h1>
                <p class="lead">{t(Msg::SiteTagline)}</p>
            </div>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(home.await, move |home| view! {
                    {(!home.tasks.is_empty()).then(|| view! {
                        <section class="wrap section home-tasks" aria-labelledby="viec-can-lam">
                            <h2 id="viec-can-lam">{t(Msg::TodoTitle)}</h2>
                            <ul class="task-list">
                                {home.tasks.clone().into_iter().map(|item| task_card(item, lang)).collect_view()}
                            </ul>
                            <p><a href="/viec-can-lam">{t(Msg::TodoTitle)}</a></p>
                        </section>
                    })}
                    {home.oversees.then(|| view! {
                        <p class="wrap"><a class="button secondary" href="/theo-doi">{t(Msg::DashboardTitle)}</a></p>
                    })}
                    {home.resume.map(|course| {
                        let next = course.progress.next.clone();
                        view! {
                            <section class="wrap section resume" aria-labelledby="tiep-tuc">
                                <h2 id="tiep-tuc">{t(Msg::ContinueLearning)}</h2>
                                <p><a href=format!("/khoa-hoc/{}", course.slug)>{course.title.clone()}</a></p>
                                <ProgressBar progress=course.progress label=format!("{}: {}", t(Msg::CourseProgressLabel), course.title)/>
                                {next.map(|step| view! {
                                    <p><a class="button" href=step.href>{t(Msg::ContinueLearning)} ": " {step.title}</a></p>
                                })}
                            </section>
                        }
                    })}
                    <section class="wrap section" aria-labelledby="khoa-hoc">
                        <h2 id="khoa-hoc">{t(Msg::Courses)}</h2>
                        <CourseCards courses=home.courses/>
                    </section>
                    <div class="wrap section two-columns">
                        <section aria-labelledby="bai-moi">
                            <h2 id="bai-moi">{t(Msg::LatestArticles)}</h2>
                            <ArticleCards articles=home.latest/>
                        </section>
                        <section aria-labelledby="doc-nhieu">
                            <h2 id="doc-nhieu">{t(Msg::MostRead)}</h2>
                            <ArticleCards articles=home.most_read/>
                        </section>
                    </div>
                    <p class="wrap"><a class="button" href="/bai-viet">{t(Msg::AllArticles)}</a></p>
                })
            })}
        </Suspense>
    }
}
