use super::auth::Auth;
use super::db::Db;
use super::page_cache::PageCache;
use super::views::ViewCounter;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

/// Everything a request handler or server function needs, cloned cheaply per request.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub views: ViewCounter,
    pub pages: PageCache,
    pub auth: Auth,
    /// The site's public address, without a trailing slash
    /// (`HOCSO_PUBLIC_URL`): absolute links in link previews and the like.
    pub public_url: std::sync::Arc<str>,
    /// An editor may not approve their own revision; admins may
    /// (`HOCSO_REVIEW_BY_OTHER`, on by default).
    pub review_by_other: bool,
    /// E-mail can be sent (`HOCSO_SMTP_URL` is set): password reset links.
    #[from_ref(skip)]
    pub mail_enabled: bool,
}

impl AppState {
    /// The state of the request being served (server functions and SSR).
    ///
    /// # Panics
    /// When called outside a request; the router always provides it.
    pub fn current() -> AppState {
        leptos::prelude::expect_context::<AppState>()
    }
}
