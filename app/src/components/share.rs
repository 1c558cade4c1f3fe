//! What a page says about itself to search engines and to the apps a link is
//! shared in (Zalo, Facebook, Messenger): the `<title>`, the description
//! and the Open Graph tags those apps build their preview card from.
//!
//! A cached page is shared by every reader of the page in one language,
//! which suits these tags: they are the same for everyone.

use crate::app::use_lang;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The preview image of every page, served by the server at this path.
pub const SHARE_IMAGE_PATH: &str = "/og-image.png";
/// Its size: what Facebook and Zalo show in full width.
pub const SHARE_IMAGE_SIZE: (u32, u32) = (1200, 630);

/// The site's public address (`HOCSO_PUBLIC_URL`, no trailing slash), which
/// the Open Graph tags need absolute URLs from. Empty outside the server.
pub fn public_url() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::ssr::AppState>()
            .map(|state| state.public_url.to_string())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The path of the page being rendered (server only).
fn page_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_else(|| "/".to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/".to_owned()
    }
}

/// `og:locale` of an interface language.
pub fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi_VN",
        Lang::En => "en_US",
    }
}

/// The tags that are the same on every page: site name, image, address,
/// locale and the large-image card. Rendered once, by `App`.
#[component]
pub fn SiteMeta() -> impl IntoView {
    let lang = use_lang();
    let base = public_url();
    let (width, height) = SHARE_IMAGE_SIZE;
    let image_alt = format!(
        "{} — {}",
        Msg::SiteName.text(lang),
        Msg::SiteTagline.text(lang)
    );
    view! {
        <Meta property="og:site_name" content=Msg::SiteName.text(lang)/>
        <Meta property="og:url" content=format!("{base}{}", page_path())/>
        <Meta property="og:locale" content=og_locale(lang)/>
        <Meta property="og:image" content=format!("{base}{SHARE_IMAGE_PATH}")/>
        <Meta property="og:image:type" content="image/png"/>
        <Meta property="og:image:width" content=width.to_string()/>
        <Meta property="og:image:height" content=height.to_string()/>
        <Meta property="og:image:alt" content=image_alt/>
        <Meta name="twitter:card" content="summary_large_image"/>
    }
}

/// A page's title and summary, for the browser tab, search engines and
/// link previews. An empty `title` is the home page's (the site name); an
/// empty `description` falls back to the site's tagline. `article` marks a
/// lesson or an article (`og:type` article; every other page is a website).
#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(optional)] article: bool,
) -> impl IntoView {
    let lang = use_lang();
    let og_title = if title.trim().is_empty() {
        Msg::SiteName.text(lang).to_owned()
    } else {
        title.clone()
    };
    let description = if description.trim().is_empty() {
        Msg::SiteTagline.text(lang).to_owned()
    } else {
        description
    };
    view! {
        <Title text=title/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:type" content=if article { "article" } else { "website" }/>
        <Meta property="og:title" content=og_title/>
        <Meta property="og:description" content=description/>
    }
}
