use super::user_menu_html;
use crate::app::{use_lang, use_viewer};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Percent-encodes everything but unreserved characters and `/`.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `aria-current="page"` on the main navigation's link to `href` when the
/// page at `path` is in its section (the home page only at `/` itself).
fn nav_current(href: &str, path: &str) -> Option<&'static str> {
    let current = if href == "/" {
        path == "/"
    } else {
        path.strip_prefix(href)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    current.then_some("page")
}

/// The path and query of the page being shown.
pub fn use_current_address() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let location = use_location();
    move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let here = use_current_address();
    let path = use_location().pathname.get_untracked();
    let t = move |msg: Msg| msg.text(lang);
    // Plain links: every page is a full page load from the server.
    let nav_link = |href: &'static str, label: Msg| {
        view! { <li><a href=href aria-current=nav_current(href, &path)>{t(label)}</a></li> }
    };
    view! {
        <a class="skip-link" href="#noi-dung">{t(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"HS"</span>
                    <span class="brand-name">{t(Msg::SiteName)}</span>
                </a>
                <nav class="main-nav" aria-label=t(Msg::MainNav)>
                    <ul>
                        {nav_link("/", Msg::NavHome)}
                        {nav_link("/khoa-hoc", Msg::NavCourses)}
                        {nav_link("/bai-viet", Msg::NavArticles)}
                    </ul>
                </nav>
                <UserMenu/>
                <div class="lang-switch" role="group" aria-label=t(Msg::LanguageLabel)>
                    {Lang::ALL
                        .into_iter()
                        .map(|other| {
                            if other == lang {
                                view! {
                                    <span class="lang current" lang=other.code() aria-current="true">
                                        {other.native_name()}
                                    </span>
                                }
                                    .into_any()
                            } else {
                                // A form, not a link: for a signed-in person the
                                // choice is also kept in their profile, and a
                                // GET must not change what is stored.
                                view! {
                                    <form
                                        class="lang-form"
                                        method="post"
                                        action=format!("/ngon-ngu/{}", other.code())
                                    >
                                        <input type="hidden" name="tiep" value=here()/>
                                        <button class="lang" type="submit" lang=other.code()>
                                            {other.native_name()}
                                        </button>
                                    </form>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </header>
    }
}

/// Who is signed in and their entry points, or the sign-in and register links.
#[component]
fn UserMenu() -> impl IntoView {
    let lang = use_lang();
    let viewer = use_viewer();
    // The page cache fills this corner in for signed-in readers with the
    // same function, so both paths give the same HTML.
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let viewer = viewer.await.ok().flatten();
                view! { <div class="user-menu" inner_html=user_menu_html(viewer.as_ref(), lang)></div> }
            })}
        </Suspense>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p>{Msg::FooterAbout.text(lang)}</p>
                <p class="footer-links">
                    <a href="/khoa-hoc">{Msg::AllCourses.text(lang)}</a>
                    " · "
                    <a href="/bai-viet">{Msg::NavArticles.text(lang)}</a>
                </p>
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_navigation_marks_the_section_of_the_page() {
        assert_eq!(nav_current("/", "/"), Some("page"));
        assert_eq!(nav_current("/", "/khoa-hoc"), None);
        assert_eq!(nav_current("/khoa-hoc", "/khoa-hoc"), Some("page"));
        assert_eq!(
            nav_current("/khoa-hoc", "/khoa-hoc/binh-dan-hoc-ai/ai-la-gi"),
            Some("page")
        );
        assert_eq!(nav_current("/bai-viet", "/bai-viet-khac"), None);
        assert_eq!(nav_current("/bai-viet", "/khoa-hoc"), None);
    }

    #[test]
    fn the_return_address_is_encoded() {
        assert_eq!(
            encode_query_value("/bai-viet?trang=2"),
            "/bai-viet%3Ftrang%3D2"
        );
    }
}
