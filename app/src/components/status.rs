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
