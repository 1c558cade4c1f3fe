//! Register, sign in, sign out and the account page. Every form is a plain
//! HTML form that works without JavaScript. The forms that validate or
//! submit in place are islands: the page around them is server HTML, and the
//! island gets what it needs (language, return address, the error of a form
//! posted without JavaScript) as props.

use super::Loading;
use crate::api::{
    ActivateAccount, ChangePassword, DeleteAccount, Register, SignIn, SignOut, UpdateName,
    my_account,
};
use crate::app::{use_lang, use_viewer};
use crate::components::{
    FormAlert, PageMeta, TextField, form_error, island_root, page_or_error, posted_error,
    reload_on_success,
};
use crate::domain::access::safe_return_path;
use crate::domain::{ApiError, Field};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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
    let next = return_path();
    let register_href = if next == "/" {
        "/dang-ky".to_owned()
    } else {
        format!("/dang-ky?tiep={next}")
    };
    view! {
        <PageMeta title=t(Msg::SignIn) description=t(Msg::SignInIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::SignIn)}</h1>
            <p class="lead">{t(Msg::SignInIntro)}</p>
            <AlreadySignedIn/>
            <SignInForm lang next posted={posted_error::<SignIn>()}/>
            <p>{t(Msg::NoAccountYet)} " " <a href=register_href>{t(Msg::Register)}</a></p>
            <p><a href="/quen-mat-khau">{t(Msg::ForgotLink)}</a></p>
        </section>
    }
}

/// The sign-in form; on success the browser loads `next`.
#[island]
fn SignInForm(lang: Lang, next: String, posted: Option<ApiError>) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let action = ServerAction::<SignIn>::new();
    let error = form_error(action, posted);
    reload_on_success(action);
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="next" value=next/>
            <TextField field=Field::Identifier name="identifier" label=Msg::IdentifierLabel hint=Msg::IdentifierHint
                autocomplete="username" error/>
            <TextField field=Field::Password name="password" label=Msg::PasswordLabel kind="password"
                autocomplete="current-password" error/>
            <button class="button" type="submit" disabled=move || action.pending().get()>{t(Msg::SignIn)}</button>
        </ActionForm>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let next = return_path();
    view! {
        <PageMeta title=t(Msg::Register) description=t(Msg::RegisterIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::Register)}</h1>
            <p class="lead">{t(Msg::RegisterIntro)}</p>
            <AlreadySignedIn/>
            <RegisterForm lang next posted={posted_error::<Register>()}/>
            <p>{t(Msg::HaveAccount)} " " <a href="/dang-nhap">{t(Msg::SignIn)}</a></p>
        </section>
    }
}

/// The registration form; on success the browser loads `next`, signed in.
#[island]
fn RegisterForm(lang: Lang, next: String, posted: Option<ApiError>) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let action = ServerAction::<Register>::new();
    let error = form_error(action, posted);
    reload_on_success(action);
    view! {
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
    }
}

/// `/kich-hoat`: the owner of an account made by an administrator sets
/// their password with the one-time set-up code they were given.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let query = use_query_map();
    let identifier = query.read_untracked().get("tk").unwrap_or_default();
    let code = query.read_untracked().get("ma").unwrap_or_default();
    view! {
        <PageMeta title=t(Msg::ActivateTitle) description=t(Msg::ActivateIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::ActivateTitle)}</h1>
            <p class="lead">{t(Msg::ActivateIntro)}</p>
            <ActivateForm lang posted={posted_error::<ActivateAccount>()} identifier code/>
        </section>
    }
}

/// `/quen-mat-khau`: asks for the e-mail to send a reset link to.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let sent = use_query_map().read_untracked().get("da-gui").is_some();
    let action = ServerAction::<crate::api::ForgotPassword>::new();
    let error = Signal::derive({
        let posted = posted_error::<crate::api::ForgotPassword>();
        move || posted.clone()
    });
    view! {
        <PageMeta title=t(Msg::ForgotTitle) description=t(Msg::ForgotIntro)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::ForgotTitle)}</h1>
            <p class="lead">{t(Msg::ForgotIntro)}</p>
            {sent.then(|| view! { <p class="notice" role="status" data-sent="">{t(Msg::ForgotSent)}</p> })}
            <ActionForm action=action attr:class="form">
                <FormAlert error/>
                <TextField field=Field::Identifier name="identifier" label=Msg::IdentifierLabel
                    kind="email" autocomplete="email" error/>
                <button class="button" type="submit">{t(Msg::ForgotButton)}</button>
            </ActionForm>
        </section>
    }
}

/// The activation form; on success the browser goes home, signed in.
#[island]
fn ActivateForm(
    lang: Lang,
    posted: Option<ApiError>,
    /// From a reset e-mail's link (`?tk=…&ma=…`).
    identifier: String,
    code: String,
) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let action = ServerAction::<ActivateAccount>::new();
    let error = form_error(action, posted);
    reload_on_success(action);
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormAlert error/>
            <TextField field=Field::Identifier name="identifier" label=Msg::IdentifierLabel hint=Msg::IdentifierHint
                autocomplete="username" value=identifier error/>
            <TextField field=Field::SetupCode name="code" label=Msg::SetupCodeLabel autocomplete="one-time-code" value=code error/>
            <TextField field=Field::Password name="password" label=Msg::PasswordLabel kind="password"
                hint=Msg::PasswordHint autocomplete="new-password" error/>
            <TextField field=Field::PasswordConfirm name="password_confirm" label=Msg::PasswordConfirmLabel
                kind="password" autocomplete="new-password" error/>
            <button class="button" type="submit" disabled=move || action.pending().get()>{t(Msg::ActivateButton)}</button>
        </ActionForm>
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

/// The sign-out button: a POST form (never a link a third-party page could
/// trigger). It needs no script, so it is not an island: the server ends the
/// session and sends the browser to the home page.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let lang = use_lang();
    view! {
        <form class="inline-form" method="post" action=SignOut::url()>
            <button class="link-button" type="submit">{Msg::SignOut.text(lang)}</button>
        </form>
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
            <PageMeta title=t(Msg::AccountDeletedTitle) description=t(Msg::AccountDeleted)/>
            <section class="wrap section narrow">
                <h1>{t(Msg::AccountDeletedTitle)}</h1>
                <p class="notice" role="status" data-account-deleted="">{t(Msg::AccountDeleted)}</p>
                <p><a class="button secondary" href="/">{t(Msg::BackHome)}</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <PageMeta title=t(Msg::SignOut) description=t(Msg::SignOutIntro)/>
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
    let query = use_query_map();
    let saved = match query.read_untracked().get("da-luu").as_deref() {
        Some("ten") => Some(t(Msg::NameSaved)),
        Some("mat-khau") => Some(t(Msg::PasswordChanged)),
        _ => None,
    };
    let rename_error = posted_error::<UpdateName>();
    view! {
        <PageMeta title=t(Msg::Account) description=t(Msg::AccountNav)/>
        <section class="wrap section narrow">
            <h1>{t(Msg::AccountNav)}</h1>
            {saved.map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <Suspense fallback=Loading>
                {move || {
                    let rename_error = rename_error.clone();
                    Suspend::new(async move {
                        page_or_error(account.await, |a| {
                            let roles = std::iter::once(Msg::RoleLearner)
                                .chain(a.viewer.roles.iter().map(|r| Msg::for_role(*r)))
                                .map(|m| m.text(lang))
                                .collect::<Vec<_>>()
                                .join(", ");
                            let resets = a.resets.clone();
                            view! {
                                {(!resets.is_empty()).then(|| view! {
                                    <div class="form-alert" role="alert" id="dat-lai" data-reset-notice="">
                                        <p><strong>{t(Msg::ResetNoticeTitle)}</strong></p>
                                        <ul>
                                            {resets.into_iter().map(|(at, by)| view! {
                                                <li>{format!("{} {} {} {}", t(Msg::ResetNoticeBy), by.unwrap_or_default(), t(Msg::ResetNoticeAt), crate::domain::Moment(at).display_vn())}</li>
                                            }).collect_view()}
                                        </ul>
                                        <p>{t(Msg::ResetNoticeHelp)}</p>
                                    </div>
                                })}
                                <h2>{t(Msg::Profile)}</h2>
                                <dl class="facts">
                                    <dt>{t(Msg::FullNameLabel)}</dt><dd>{a.viewer.full_name.clone()}</dd>
                                    <dt>{t(Msg::IdentifierLabel)}</dt><dd>{a.viewer.identifier.clone()}</dd>
                                    <dt>{t(Msg::Roles)}</dt><dd class="roles">{roles}</dd>
                                    <dt>{t(Msg::ActiveSessions)}</dt><dd>{a.active_sessions}</dd>
                                </dl>
                                <RenameForm lang full_name=a.viewer.full_name posted=rename_error/>
                            }
                        })
                    })
                }}
            </Suspense>
            <h2>{t(Msg::ChangePassword)}</h2>
            <p>{t(Msg::ChangePasswordNote)}</p>
            <PasswordForm lang posted={posted_error::<ChangePassword>()}/>
            <YourData/>
        </section>
    }
}

/// Changing one's name; on success the page reloads and says it was saved.
#[island]
fn RenameForm(lang: Lang, full_name: String, posted: Option<ApiError>) -> impl IntoView {
    island_root(lang);
    let action = ServerAction::<UpdateName>::new();
    let error = form_error(action, posted);
    reload_on_success(action);
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormAlert error/>
            <TextField field=Field::FullName name="full_name" label=Msg::FullNameLabel
                autocomplete="name" value=full_name error/>
            <button class="button secondary" type="submit">{Msg::ChangeName.text(lang)}</button>
        </ActionForm>
    }
}

/// Changing one's password (which signs out every other session).
#[island]
fn PasswordForm(lang: Lang, posted: Option<ApiError>) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let action = ServerAction::<ChangePassword>::new();
    let error = form_error(action, posted);
    reload_on_success(action);
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormAlert error/>
            <TextField field=Field::CurrentPassword name="current_password" label=Msg::CurrentPasswordLabel
                kind="password" autocomplete="current-password" error/>
            <TextField field=Field::Password name="password" label=Msg::NewPasswordLabel kind="password"
                hint=Msg::PasswordHint autocomplete="new-password" error/>
            <TextField field=Field::PasswordConfirm name="password_confirm" label=Msg::PasswordConfirmLabel
                kind="password" autocomplete="new-password" error/>
            <button class="button" type="submit" disabled=move || action.pending().get()>{t(Msg::ChangePassword)}</button>
        </ActionForm>
    }
}

/// Downloading one's data and deleting the account (Nghị định 13/2023/NĐ-CP).
#[component]
fn YourData() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let posted = posted_error::<DeleteAccount>();
    let open = posted.is_some();
    view! {
        <h2>{t(Msg::YourData)}</h2>
        <p>{t(Msg::DownloadDataIntro)}</p>
        <p><a class="button secondary" href="/tai-khoan/du-lieu.json" download="hocso-du-lieu.json">{t(Msg::DownloadData)}</a></p>
        // closed until asked for; open when a plain form post came back with errors
        // (with scripts the person opened it to submit, so it stays open)
        <details class="danger-zone" open=open>
            <summary>{t(Msg::DeleteAccount)}</summary>
            <p>{t(Msg::DeleteAccountIntro)}</p>
            <DeleteAccountForm lang posted/>
        </details>
    }
}

/// The account deletion form: the current password and a ticked box.
#[island]
fn DeleteAccountForm(lang: Lang, posted: Option<ApiError>) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let delete = ServerAction::<DeleteAccount>::new();
    let error = form_error(delete, posted);
    reload_on_success(delete);
    let confirm_problem = move || match error.get() {
        Some(ApiError::Invalid(errors)) => errors.get(Field::DeleteConfirm).map(Msg::for_problem),
        _ => None,
    };
    let confirm_id = Field::DeleteConfirm.id();
    let confirm_error_id = format!("{confirm_id}-loi");
    view! {
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
    }
}
