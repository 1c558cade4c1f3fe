//! Form pieces shared by the account pages: fields with their errors, and the
//! error of a form posted without JavaScript (carried back in the address).
//!
//! The forms are islands. A form posted without JavaScript comes back to its
//! page with the error in the address; the page reads it on the server
//! ([`posted_error`]) and gives it to the island as a prop, because an island
//! in the browser sees neither the router nor the address's query.

use crate::app::use_lang;
use crate::domain::{ApiError, Field};
use crate::i18n::{Counted, Lang, Msg};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_router::hooks::use_query_map;

/// The error of a plain form post of `F` that the server sent back to this
/// page (`__path` and `__err` in the address), read while rendering the page.
pub fn posted_error<F>() -> Option<ApiError>
where
    F: ServerFn<Error = ApiError>,
{
    let query = use_query_map();
    let query = query.read_untracked();
    (query.get("__path").as_deref() == Some(F::PATH))
        .then(|| query.get("__err"))
        .flatten()
        .map(|encoded| ServerFnUrlError::<ApiError>::decode_err(&encoded))
}

/// The error of the last submission of `F`: from the action once scripts
/// have submitted the form, else `posted` (see [`posted_error`]).
pub fn form_error<F>(action: ServerAction<F>, posted: Option<ApiError>) -> Signal<Option<ApiError>>
where
    F: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    F::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(result) => result.err(),
        None => posted.clone(),
    })
}

/// After a successful submission with scripts running, load `target` afresh
/// (the header and every page then show the new signed-in state).
pub fn reload_on_success<F>(action: ServerAction<F>)
where
    F: ServerFn<Output = String, Error = ApiError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            let _ = window().location().set_href(&target);
        }
    });
}

fn field_problem(error: &Option<ApiError>, field: Field) -> Option<Msg> {
    match error {
        Some(ApiError::Invalid(errors)) => errors.get(field).map(Msg::for_problem),
        _ => None,
    }
}

/// The message for the whole form, if any: throttling, a refused sign-in, a server problem.
fn form_message(error: &Option<ApiError>, lang: Lang) -> Option<String> {
    match error {
        None | Some(ApiError::NotFound) => None,
        Some(ApiError::Invalid(errors)) => Some(
            errors
                .get(Field::Form)
                .map_or(Msg::FormHasErrors, Msg::for_problem)
                .text(lang)
                .to_owned(),
        ),
        Some(ApiError::TooManyAttempts { minutes }) => Some(format!(
            "{} {}.",
            Msg::TooManyAttemptsBefore.text(lang),
            Counted::Minutes.phrase(*minutes, lang)
        )),
        Some(ApiError::Unauthorized | ApiError::Forbidden) => {
            Some(Msg::ForbiddenTitle.text(lang).to_owned())
        }
        Some(ApiError::Edit(refusal)) => Some(refusal.message.clone()),
        Some(ApiError::Internal | ApiError::Transport(_)) => {
            Some(Msg::ErrorText.text(lang).to_owned())
        }
    }
}

/// The banner above a form that failed.
#[component]
pub fn FormAlert(error: Signal<Option<ApiError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        form_message(&error.get(), lang).map(|message| {
            view! { <p class="form-alert" role="alert" id=Field::Form.id()>{message}</p> }
        })
    }
}

/// A labelled input with its hint and its error.
#[component]
pub fn TextField(
    field: Field,
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = field.id();
    let error_id = format!("{id}-loi");
    let hint_id = format!("{id}-goi-y");
    let problem = move || field_problem(&error.get(), field);
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || problem().is_some()>
            <label for=id>{label.text(lang)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h.text(lang)}</p> })}
            {
                let error_id = error_id.clone();
                move || problem().map(|p| view! { <p class="field-error" id=error_id.clone()>{p.text(lang)}</p> })
            }
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=value
                required=true
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described_by
            />
        </div>
    }
}
