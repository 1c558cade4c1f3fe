//! The HTML document, the application root and the route table.

use crate::api::who_am_i;
use crate::components::{Footer, Header, NotFound, SiteMeta};
use crate::domain::{ApiError, Viewer};
use crate::i18n::{Lang, Msg};
use crate::pages::{
    AccountPage, AdminPage, ArticlePage, ArticlesPage, AttemptPage, CertificatePage, CoursePage,
    CoursesPage, EditorPage, HomePage, LessonPage, MyLearningPage, QuizPage, QuizTryPage,
    RegisterPage, SignInPage, SignOutPage, WritingPage,
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The whole HTML document, rendered on the server only.
///
/// Islands mode: only `#[island]` components hydrate, and only a page that
/// contains one ([`page_is_interactive`]) loads the scripts and the wasm.
/// Every other page is HTML and CSS alone.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Nothing outside an island is hydrated, so nothing outside one may leave
    // hydration markers or serialized resources in the page. (`HydrationScripts`
    // does this too, but pages without islands do not render it.)
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let lang = request_lang();
    let interactive = page_is_interactive(&request_path());
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b4f8a"/>
                // live reload while developing, only where scripts run anyway
                {interactive.then(|| view! { <AutoReload options=options.clone()/> })}
                <HashedStylesheet options=options.clone() id="leptos"/>
                {interactive.then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Whether the page at `path` contains islands (forms that validate or submit
/// in place) and so loads the browser bundle. Reading pages do not: they work
/// by plain links and plain forms (the sign-out button is one).
///
/// A page that gains an island is added here, e.g. `["kiem-tra", _]` for the
/// quiz page or `["bien-tap", ..]` for the editors' live preview.
pub fn page_is_interactive(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(
        segments.as_slice(),
        ["dang-nhap"]
            | ["dang-ky"]
            | ["kich-hoat"]
            | ["tai-khoan"]
            | ["quan-tri"]
            | ["bien-tap", _, _]
    )
}

/// The path of the page being rendered (server only; empty in the browser,
/// which never renders whole pages).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The interface language of this page: on the server, the one the reader
/// picked (the `lang` cookie, else Vietnamese); in the browser, read back from
/// `<html lang>`, which the server wrote. (Islands get it as a prop instead.)
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

/// The language of the interface, provided by [`App`] on the server and by
/// each island in the browser (see [`crate::components::island_root`]).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text of the page's `<title>`: the page's own title, then the site's
/// name. Every title passes through here, and it is the one place where
/// text reaches `<head>` unescaped: leptos_meta writes the formatter's
/// output between `<title>` and `</title>` as it is (the `<meta>` tags'
/// attributes are escaped by the renderer). So it is escaped here, on the
/// server, where the page is written; in the browser (never reached today:
/// the shell is not an island) `document.title` takes plain text.
pub fn head_title(title: &str, site: &str) -> String {
    let text = if title.is_empty() {
        site.to_owned()
    } else {
        format!("{title} · {site}")
    };
    if cfg!(feature = "ssr") {
        html_escape::encode_text(&text).into_owned()
    } else {
        text
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = request_lang();
    provide_context(lang);
    provide_context(ViewerResource(Resource::new(|| (), |()| who_am_i())));
    let site = Msg::SiteName.text(lang);

    view! {
        <Title formatter=move |title: String| head_title(&title, site)/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="color-scheme" content="light"/>
        <SiteMeta/>
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
                    <Route path=path!("/kiem-tra/:quiz/thu") view=QuizTryPage ssr=SsrMode::Async/>
                    <Route path=path!("/hoc-tap") view=MyLearningPage ssr=SsrMode::Async/>
                    <Route path=path!("/hoc-tap/lan-lam/:id") view=AttemptPage ssr=SsrMode::Async/>
                    <Route path=path!("/chung-nhan/:code") view=CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-ky") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-nhap") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/kich-hoat") view=crate::pages::ActivatePage ssr=SsrMode::Async/>
                    <Route path=path!("/quen-mat-khau") view=crate::pages::ForgotPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-xuat") view=SignOutPage ssr=SsrMode::Async/>
                    <Route path=path!("/tai-khoan") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/nhat-ky") view=crate::pages::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/don-vi") view=crate::pages::UnitsPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/can-bo") view=crate::pages::RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/don-vi/:id") view=crate::pages::UnitPeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/viec-can-lam") view=crate::pages::TasksPage ssr=SsrMode::Async/>
                    <Route path=path!("/theo-doi") view=crate::pages::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/theo-doi/giao-viec") view=crate::pages::AssignPage ssr=SsrMode::Async/>
                    <Route path=path!("/bien-tap") view=EditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/bien-tap/:kind/:id/lich-su") view=crate::pages::EditorHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/bien-tap/:kind/:id") view=WritingPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::page_is_interactive;

    #[test]
    fn only_pages_with_forms_that_work_in_place_load_scripts() {
        for path in [
            "/dang-nhap",
            "/dang-ky",
            "/tai-khoan",
            "/quan-tri",
            "/dang-nhap/",
        ] {
            assert!(page_is_interactive(path), "{path}");
        }
        for path in [
            "/",
            "/khoa-hoc",
            "/khoa-hoc/binh-dan-hoc-ai",
            "/khoa-hoc/binh-dan-hoc-ai/ai-la-gi",
            "/bai-viet",
            "/bai-viet/ai-la-gi",
            "/kiem-tra/kiem-tra-binh-dan-hoc-ai",
            "/dang-xuat",
            "/bien-tap",
            "/khong-co-trang-nay",
            "/tai-khoan/du-lieu.json",
            "/dang-nhap/khac",
            "",
        ] {
            assert!(!page_is_interactive(path), "{path}");
        }
    }
}
