//! Register, sign in, sign out and the account page. Every form is a plain
//! HTML form that works without JavaScript and is enhanced after hydration.

use super::Loading;
use crate::api::{
    ChangePassword, DeleteAccount, Register, SignIn, SignOut, UpdateName, my_account,
};
use crate::app::{use_lang, use_viewer};
use crate::components::{FormAlert, TextField, form_error, page_or_error, reload_on_success};
use crate::domain::access::safe_return_path;
use crate::domain::{ApiError, Field};
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// Where to go after signing in: the `tiep` parameter, when it stays on this site.
fn return_path() -> String {
    let query = use_query_map();
    safe_return_path(query.read_untracked().get("tiep").as_deref()).into_owned()
}

/// Shown instead of a form when someone is already signed in.
#[component]
fn AlreadySignedIn() -> impl IntoView {
    let lang = use_lang();
    let viewer = use_viewer();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                viewer.await.ok().flatten().map(|v| view! {
                    <p class="notice">
                        {Msg::AlreadySignedIn.text(lang)} " " <strong>{v.full_name}</strong> ". "
                        <a href="/tai-khoan">{Msg::AccountNav.text(lang)}</a>
                    </p>
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let action = ServerAction::<SignIn>::new();
    let error = form_error(action);
    reload_on_success(action);
    let next = return_path();
    let register_href = if next == "/" {
        "/dang-ky".to_owned()
    } else {
        format!("/dang-ky?tiep={next}")
    };
    view! {
        <Title text=t(Msg::SignIn)/>
        <Meta name="description" content=t(Msg::SignInIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::SignIn)}</h1>
            <p class="lead">{t(Msg::SignInIntro)}</p>
            <AlreadySignedIn/>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="next" value=next/>
                <TextField field=Field::Identifier name="identifier" label=Msg::IdentifierLabel hint=Msg::IdentifierHint
                    autocomplete="username" error/>
                <TextField field=Field::Password name="password" label=Msg::PasswordLabel kind="password"
                    autocomplete="current-password" error/>
                <button class="button" type="submit" disabled=move || action.pending().get()>{t(Msg::SignIn)}</button>
            </ActionForm>
            <p>{t(Msg::NoAccountYet)} " " <a href=register_href>{t(Msg::Register)}</a></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let action = ServerAction::<Register>::new();
    let error = form_error(action);
    reload_on_success(action);
    let next = return_path();
    view! {
        <Title text=t(Msg::Register)/>
        <Meta name="description" content=t(Msg::RegisterIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::Register)}</h1>
            <p class="lead">{t(Msg::RegisterIntro)}</p>
            <AlreadySignedIn/>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="next" value=next/>
                <TextField field=Field::FullName name="full_name" label=Msg::FullNameLabel autocomplete="name" error/>
                <TextField field=Field::Identifier name="identifier" label=Msg::IdentifierLabel hint=Msg::IdentifierHint
                    autocomplete="username" error/>
                <TextField field=Field::Password name="password" label=Msg::PasswordLabel kind="password"
                    hint=Msg::PasswordHint autocomplete="new-password" error/>
                <TextField field=Field::PasswordConfirm name="password_confirm" label=Msg::PasswordConfirmLabel
                    kind="password" autocomplete="new-password" error/>
                <PrivacyNote/>
                <button class="button" type="submit" disabled=move || action.pending().get()>{t(Msg::Register)}</button>
            </ActionForm>
            <p>{t(Msg::HaveAccount)} " " <a href="/dang-nhap">{t(Msg::SignIn)}</a></p>
        </section>
    }
}

/// What registration collects and why, and where to download or delete it
/// (Nghị định 13/2023/NĐ-CP asks for this before the data is given).
#[component]
fn PrivacyNote() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    view! {
        <section class="privacy-note" aria-labelledby="du-lieu-ca-nhan">
            <h2 id="du-lieu-ca-nhan">{t(Msg::PrivacyTitle)}</h2>
            <ul>
                <li>{t(Msg::PrivacyCollected)}</li>
                <li>{t(Msg::PrivacyPurpose)}</li>
                <li>{t(Msg::PrivacyRights)} " " <a href="/tai-khoan">{t(Msg::AccountNav)}</a> "."</li>
            </ul>
            <p class="privacy-law">{t(Msg::PrivacyLaw)}</p>
        </section>
    }
}

/// The sign-out button: a POST form (never a link a third-party page could trigger).
#[component]
pub fn SignOutButton() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SignOut>::new();
    reload_on_success(action);
    view! {
        <ActionForm action=action attr:class="inline-form">
            <button class="link-button" type="submit">{Msg::SignOut.text(lang)}</button>
        </ActionForm>
    }
}

#[component]
pub fn SignOutPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let viewer = use_viewer();
    // where account deletion ends: this page is public, the account page no longer is
    let query = use_query_map();
    if query.read_untracked().get("da-xoa").is_some() {
        return view! {
            <Title text=t(Msg::AccountDeletedTitle)/>
            <Meta name="description" content=t(Msg::AccountDeleted)/>
            <section class="wrap section narrow">
                <h1>{t(Msg::AccountDeletedTitle)}</h1>
                <p class="notice" role="status" data-account-deleted="">{t(Msg::AccountDeleted)}</p>
                <p><a class="button secondary" href="/">{t(Msg::BackHome)}</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <Title text=t(Msg::SignOut)/>
        <Meta name="description" content=t(Msg::SignOutIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::SignOut)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match viewer.await.ok().flatten() {
                        Some(_) => view! { <p>{t(Msg::SignOutIntro)}</p> <div class="big-button"><SignOutButton/></div> }.into_any(),
                        None => view! { <p>{t(Msg::SignedOutAlready)}</p> <p><a class="button" href="/dang-nhap">{t(Msg::SignIn)}</a></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let account = Resource::new(|| (), |()| my_account());
    let rename = ServerAction::<UpdateName>::new();
    let rename_error = form_error(rename);
    reload_on_success(rename);
    let password = ServerAction::<ChangePassword>::new();
    let password_error = form_error(password);
    reload_on_success(password);
    let query = use_query_map();
    let saved = move || match query.read().get("da-luu").as_deref() {
        Some("ten") => Some(t(Msg::NameSaved)),
        Some("mat-khau") => Some(t(Msg::PasswordChanged)),
        _ => None,
    };
    view! {
        <Title text=t(Msg::Account)/>
        <Meta name="description" content=t(Msg::AccountNav)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::AccountNav)}</h1>
            {move || saved().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    page_or_error(account.await, |a| {
                        let roles = std::iter::once(Msg::RoleLearner)
                            .chain(a.viewer.roles.iter().map(|r| Msg::for_role(*r)))
                            .map(|m| m.text(lang))
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <h2>{t(Msg::Profile)}</h2>
                            <dl class="facts">
                                <dt>{t(Msg::FullNameLabel)}</dt><dd>{a.viewer.full_name.clone()}</dd>
                                <dt>{t(Msg::IdentifierLabel)}</dt><dd>{a.viewer.identifier.clone()}</dd>
                                <dt>{t(Msg::Roles)}</dt><dd class="roles">{roles}</dd>
                                <dt>{t(Msg::ActiveSessions)}</dt><dd>{a.active_sessions}</dd>
                            </dl>
                            <ActionForm action=rename attr:class="form" attr:novalidate=true>
                                <FormAlert error=rename_error/>
                                <TextField field=Field::FullName name="full_name" label=Msg::FullNameLabel
                                    autocomplete="name" value=a.viewer.full_name error=rename_error/>
                                <button class="button secondary" type="submit">{t(Msg::ChangeName)}</button>
                            </ActionForm>
                        }
                    })
                })}
            </Suspense>
            <h2>{t(Msg::ChangePassword)}</h2>
            <p>{t(Msg::ChangePasswordNote)}</p>
            <ActionForm action=password attr:class="form" attr:novalidate=true>
                <FormAlert error=password_error/>
                <TextField field=Field::CurrentPassword name="current_password" label=Msg::CurrentPasswordLabel
                    kind="password" autocomplete="current-password" error=password_error/>
                <TextField field=Field::Password name="password" label=Msg::NewPasswordLabel kind="password"
                    hint=Msg::PasswordHint autocomplete="new-password" error=password_error/>
                <TextField field=Field::PasswordConfirm name="password_confirm" label=Msg::PasswordConfirmLabel
                    kind="password" autocomplete="new-password" error=password_error/>
                <button class="button" type="submit" disabled=move || password.pending().get()>{t(Msg::ChangePassword)}</button>
            </ActionForm>
            <YourData/>
        </section>
    }
}

/// Downloading one's data and deleting the account (Nghị định 13/2023/NĐ-CP).
#[component]
fn YourData() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let delete = ServerAction::<DeleteAccount>::new();
    let error = form_error(delete);
    reload_on_success(delete);
    let confirm_problem = move || match error.get() {
        Some(ApiError::Invalid(errors)) => errors.get(Field::DeleteConfirm).map(Msg::for_problem),
        _ => None,
    };
    let confirm_id = Field::DeleteConfirm.id();
    let confirm_error_id = format!("{confirm_id}-loi");
    view! {
        <h2>{t(Msg::YourData)}</h2>
        <p>{t(Msg::DownloadDataIntro)}</p>
        // a plain download: `download` also keeps the client-side router off it
        <p><a class="button secondary" href="/tai-khoan/du-lieu.json" download="hocso-du-lieu.json">{t(Msg::DownloadData)}</a></p>
        // closed until asked for; open when a plain form post came back with errors
        // (with scripts the person opened it to submit, so it stays open)
        <details class="danger-zone" open=error.get_untracked().is_some()>
            <summary>{t(Msg::DeleteAccount)}</summary>
            <p>{t(Msg::DeleteAccountIntro)}</p>
            <ActionForm action=delete attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <TextField field=Field::DeletePassword name="password" label=Msg::DeleteAccountPasswordLabel
                    kind="password" autocomplete="current-password" error/>
                <div class="field checkbox-field" class:has-error=move || confirm_problem().is_some()>
                    {
                        let confirm_error_id = confirm_error_id.clone();
                        move || confirm_problem().map(|p| view! {
                            <p class="field-error" id=confirm_error_id.clone()>{p.text(lang)}</p>
                        })
                    }
                    <input id=confirm_id type="checkbox" name="confirm" value="yes" required=true
                        aria-invalid=move || confirm_problem().map(|_| "true")
                        aria-describedby=move || confirm_problem().map(|_| confirm_error_id.clone())/>
                    <label for=confirm_id>{t(Msg::DeleteAccountConfirm)}</label>
                </div>
                <button class="button danger" type="submit" disabled=move || delete.pending().get()>
                    {t(Msg::DeleteAccountButton)}
                </button>
            </ActionForm>
        </details>
    }
}
