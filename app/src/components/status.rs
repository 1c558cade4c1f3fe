use crate::app::use_lang;
use crate::domain::ApiError;
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

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

/// The 404 page; answers with status 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(http::StatusCode::NOT_FOUND);
    let lang = use_lang();
    view! {
        <Title text=Msg::NotFoundTitle.text(lang)/>
        <Meta name="description" content=Msg::NotFoundText.text(lang)/>
        <section class="wrap status-page">
            <p class="status-code" aria-hidden="true">"404"</p>
            <h1>{Msg::NotFoundTitle.text(lang)}</h1>
            <p>{Msg::NotFoundText.text(lang)}</p>
            <p><a class="button" href="/">{Msg::BackHome.text(lang)}</a></p>
        </section>
    }
}

/// Shown when the server failed; the cause is in the server's log.
#[component]
pub fn ServerError() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    let lang = use_lang();
    view! {
        <Title text=Msg::ErrorTitle.text(lang)/>
        <section class="wrap status-page" role="alert">
            <h1>{Msg::ErrorTitle.text(lang)}</h1>
            <p>{Msg::ErrorText.text(lang)}</p>
            <p><a class="button" href="/">{Msg::BackHome.text(lang)}</a></p>
        </section>
    }
}

/// Shown to a signed-in person without the role a page needs; status 403.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(http::StatusCode::FORBIDDEN);
    let lang = use_lang();
    view! {
        <Title text=Msg::ForbiddenTitle.text(lang)/>
        <Meta name="description" content=Msg::ForbiddenText.text(lang)/>
        <section class="wrap status-page">
            <p class="status-code" aria-hidden="true">"403"</p>
            <h1>{Msg::ForbiddenTitle.text(lang)}</h1>
            <p>{Msg::ForbiddenText.text(lang)}</p>
            <p><a class="button" href="/">{Msg::BackHome.text(lang)}</a></p>
        </section>
    }
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
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&target);
    #[cfg(not(feature = "ssr"))]
    {
        let navigate = leptos_router::hooks::use_navigate();
        request_animation_frame(move || navigate(&target, Default::default()));
    }
    let lang = use_lang();
    view! { <p class="wrap loading">{Msg::Loading.text(lang)}</p> }
}
