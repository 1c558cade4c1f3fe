//! The HTML document, the application root and the route table.

use crate::api::who_am_i;
use crate::components::{Footer, Header, NotFound};
use crate::domain::{ApiError, Viewer};
use crate::i18n::{Lang, Msg};
use crate::pages::{
    AccountPage, AdminPage, ArticlePage, ArticlesPage, CoursePage, CoursesPage, EditorPage,
    HomePage, LessonPage, QuizPage, RegisterPage, SignInPage, SignOutPage,
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The whole HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b4f8a"/>
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The interface language of this page: on the server, negotiated from the
/// request (cookie, then `Accept-Language`); in the browser, read back from
/// `<html lang>`, which the server wrote.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| Lang::from_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

/// Who is signed in, loaded once per page by [`App`].
#[derive(Clone, Copy)]
pub struct ViewerResource(pub Resource<Result<Option<Viewer>, ApiError>>);

pub fn use_viewer() -> Resource<Result<Option<Viewer>, ApiError>> {
    expect_context::<ViewerResource>().0
}

/// The language of the interface, provided by [`App`].
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = request_lang();
    provide_context(lang);
    provide_context(ViewerResource(Resource::new(|| (), |()| who_am_i())));
    let site = Msg::SiteName.text(lang);
    // Effects run only in the browser: this marks the page as interactive
    // (the browser tests wait for it).
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=move |title: String| {
            if title.is_empty() { site.to_owned() } else { format!("{title} · {site}") }
        }/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="color-scheme" content="light"/>
        <Router>
            <Header/>
            <main id="noi-dung" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/khoa-hoc") view=CoursesPage ssr=SsrMode::Async/>
                    <Route path=path!("/khoa-hoc/:course") view=CoursePage ssr=SsrMode::Async/>
                    <Route path=path!("/khoa-hoc/:course/:lesson") view=LessonPage ssr=SsrMode::Async/>
                    <Route path=path!("/bai-viet") view=ArticlesPage ssr=SsrMode::Async/>
                    <Route path=path!("/bai-viet/:article") view=ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("/kiem-tra/:quiz") view=QuizPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-ky") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-nhap") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-xuat") view=SignOutPage ssr=SsrMode::Async/>
                    <Route path=path!("/tai-khoan") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/bien-tap") view=EditorPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
