use super::{Loading, param};
use crate::api::{get_article, list_articles};
use crate::app::use_lang;
use crate::components::{PageMeta, ViewCount, page_or_error};
use crate::domain::{ArticleCard, ArticleList};
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A list of article summaries linking to the articles.
#[component]
pub fn ArticleCards(articles: Vec<ArticleCard>) -> impl IntoView {
    let lang = use_lang();
    if articles.is_empty() {
        return view! { <p>{Msg::NoArticles.text(lang)}</p> }.into_any();
    }
    view! {
        <ul class="article-list">
            {articles
                .into_iter()
                .map(|a| view! {
                    <li class="article-card">
                        <h3><a href=format!("/bai-viet/{}", a.slug)>{a.title}</a></h3>
                        <p class="meta">
                            <time datetime=a.published_on.iso()>{a.published_on.display_vn()}</time>
                            " · "
                            <ViewCount views=a.views/>
                        </p>
                        <p>{a.summary}</p>
                    </li>
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn ArticlesPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let query = use_query_map();
    // A missing page number means the first page; one that is not a number names no page.
    let page = move || {
        query
            .read()
            .get("trang")
            .map_or(1, |p| p.parse::<u32>().unwrap_or(0))
    };
    let list = Resource::new(page, list_articles);
    view! {
        <section class="wrap section">
            <h1>{t(Msg::Articles)}</h1>
            <p class="lead">{t(Msg::ArticlesIntro)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    page_or_error(list.await, |list| {
                        let title = if list.page > 1 {
                            format!("{} · {} {}", t(Msg::Articles), t(Msg::Page), list.page)
                        } else {
                            t(Msg::Articles).to_owned()
                        };
                        view! {
                            <PageMeta title=title description=t(Msg::ArticlesIntro)/>
                            <ArticleCards articles=list.articles.clone()/>
                            <Pager list/>
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Pager(list: ArticleList) -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let href = |page: u32| {
        if page <= 1 {
            "/bai-viet".to_owned()
        } else {
            format!("/bai-viet?trang={page}")
        }
    };
    (list.page_count > 1).then(|| view! {
        <nav class="pager" aria-label=t(Msg::Pagination)>
            {(list.page > 1).then(|| view! { <a rel="prev" href=href(list.page - 1)>"← " {t(Msg::PreviousPage)}</a> })}
            <span class="pager-position">
                {format!("{} {} {} {}", t(Msg::Page), list.page, t(Msg::Of), list.page_count)}
            </span>
            {(list.page < list.page_count).then(|| view! { <a rel="next" href=href(list.page + 1)>{t(Msg::NextPage)} " →"</a> })}
        </nav>
    })
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let slug = param("article");
    let article = Resource::new(slug, get_article);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(article.await, |a| view! {
                    <PageMeta title=a.title.clone() description=a.summary.clone() article=true/>
                    <article class="wrap section article">
                        <nav class="breadcrumb" aria-label=t(Msg::Breadcrumb)>
                            <ol><li><a href="/bai-viet">{t(Msg::Articles)}</a></li></ol>
                        </nav>
                        {(!a.series.is_empty()).then(|| view! { <p class="kicker">{a.series.clone()}</p> })}
                        <h1>{a.title.clone()}</h1>
                        <p class="meta">
                            {t(Msg::PublishedOn)} " "
                            <time datetime=a.published_on.iso()>{a.published_on.display_vn()}</time>
                            " · " {t(Msg::By)} " " {a.author.clone()}
                            " · " <ViewCount views=a.views/>
                        </p>
                        <p class="lead">{a.summary.clone()}</p>
                        <div class="prose" inner_html=a.body_html></div>
                        <p><a href="/bai-viet">"← " {t(Msg::AllArticles)}</a></p>
                    </article>
                })
            })}
        </Suspense>
    }
}
