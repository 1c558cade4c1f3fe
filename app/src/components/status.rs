use super::PageMeta;
use crate::app::use_lang;
use crate::domain::ApiError;
use crate::i18n::Msg;
use leptos::prelude::*;

/// Renders a page's data, or the right error page for its error.
pub fn page_or_error<T, V: IntoView + 'static>(
    result: Result<T, ApiError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(data) => render(data).into_any(),
        Err(ApiError::NotFound) => view! { <NotFound/> }.into_any(),
        Err(ApiError::Forbidden) => view! { <Forbidden/> }.into_any(),
        Err(ApiError::Unauthorized) => view! { <SignInRedirect/> }.into_any(),
        Err(_) => view! { <ServerError/> }.into_any(),
    }
}

#[cfg(feature = "ssr")]
fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// An error page: its status code (set on the response when rendered on the
/// server), title and explanation, and the way home.
#[component]
pub fn StatusPage(code: u16, title: Msg, text: Msg) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    let lang = use_lang();
    view! {
        <PageMeta title=title.text(lang) description=text.text(lang)/>
        <section class="wrap status-page" role=(code >= 500).then_some("alert")>
            <p class="status-code" aria-hidden="true">{code}</p>
            <h1>{title.text(lang)}</h1>
            <p>{text.text(lang)}</p>
            <p><a class="button" href="/">{Msg::BackHome.text(lang)}</a></p>
        </section>
    }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <StatusPage code=404 title=Msg::NotFoundTitle text=Msg::NotFoundText/> }
}

/// Shown to a signed-in person without the role a page needs; status 403.
#[component]
pub fn Forbidden() -> impl IntoView {
    view! { <StatusPage code=403 title=Msg::ForbiddenTitle text=Msg::ForbiddenText/> }
}

/// Shown when the server failed; the cause is in the server's log.
#[component]
pub fn ServerError() -> impl IntoView {
    view! { <StatusPage code=500 title=Msg::ErrorTitle text=Msg::ErrorText/> }
}

/// A page needing an account, reached without one: off to sign-in and back.
/// (On the server the access policy redirects before the page renders.)
#[component]
fn SignInRedirect() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let target = format!(
        "/dang-nhap?tiep={}",
        crate::components::layout::encode_query_value(&location.pathname.get_untracked())
    );
    // Pages are rendered on the server only (islands mode).
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&target);
    #[cfg(not(feature = "ssr"))]
    let _ = target;
    let lang = use_lang();
    view! { <p class="wrap loading">{Msg::Loading.text(lang)}</p> }
}
