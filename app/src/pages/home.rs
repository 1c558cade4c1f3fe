use super::Loading;
use crate::api::get_home;
use crate::app::use_lang;
use crate::components::page_or_error;
use crate::i18n::Msg;
use crate::pages::articles::ArticleCards;
use crate::pages::courses::CourseCards;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let home = Resource::new(|| (), |()| get_home());
    view! {
        <Title text=""/>
        <Meta name="description" content=t(Msg::SiteDescription)/>
        <section class="hero">
            <div class="wrap">
                <h1>{t(Msg::SiteName)}</h1>
                <p class="lead">{t(Msg::SiteTagline)}</p>
            </div>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(home.await, |home| view! {
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
