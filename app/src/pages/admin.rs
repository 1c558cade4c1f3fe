//! Administration: find people and grant or revoke roles.

use super::Loading;
use crate::api::{SetRole, list_users};
use crate::app::use_lang;
use crate::components::{
    FormAlert, PageMeta, form_error, island_root, page_or_error, posted_error, use_current_address,
};
use crate::domain::{ApiError, Role, Viewer};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let q = use_query_map()
        .read_untracked()
        .get("q")
        .unwrap_or_default();
    let users = Resource::new(|| (), {
        let q = q.clone();
        move |()| list_users(q.clone())
    });
    let posted = posted_error::<SetRole>();
    let back = use_current_address()();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (q, posted, back) = (q.clone(), posted.clone(), back.clone());
                Suspend::new(async move {
                    page_or_error(users.await, move |users| view! {
                        <PageMeta title=t(Msg::AdminArea) description=t(Msg::AdminIntro)/>
                        <section class="wrap section">
                            <h1>{t(Msg::AdminArea)}</h1>
                            <p class="lead">{t(Msg::AdminIntro)}</p>
                            <p><a href="/quan-tri/nhat-ky">{t(Msg::AuditLink)}</a></p>
                            <p><a href="/quan-tri/don-vi">{t(Msg::UnitsTitle)}</a></p>
                            <form method="get" action="/quan-tri" class="search-form" role="search">
                                <label for="tim-nguoi-dung">{t(Msg::SearchUsers)}</label>
                                <div class="search-row">
                                    <input id="tim-nguoi-dung" type="search" name="q" value=q.clone()/>
                                    <button class="button" type="submit">{t(Msg::Search)}</button>
                                </div>
                            </form>
                            <UserRoles lang q users back posted/>
                        </section>
                    })
                })
            }}
        </Suspense>
    }
}

/// The people found and a button for each role (an island): a change is
/// made in place, then the list is loaded again from the server. Without
/// JavaScript each button is a plain form post that comes back to `back`.
#[island]
fn UserRoles(
    lang: Lang,
    q: String,
    users: Vec<Viewer>,
    back: String,
    posted: Option<ApiError>,
) -> impl IntoView {
    island_root(lang);
    let t = move |m: Msg| m.text(lang);
    let set_role = ServerAction::<SetRole>::new();
    let error = form_error(set_role, posted);
    let users = RwSignal::new(users);
    // Effects run only in the browser: after a change, the roles as stored.
    Effect::new(move |_| {
        if let Some(Ok(_)) = set_role.value().get() {
            let q = q.clone();
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = list_users(q).await {
                    users.set(fresh);
                }
            });
        }
    });
    view! {
        <FormAlert error/>
        <h2>{t(Msg::Users)}</h2>
        {move || user_list(users.get(), set_role, &back, lang)}
    }
}

fn user_list(
    users: Vec<Viewer>,
    set_role: ServerAction<SetRole>,
    back: &str,
    lang: Lang,
) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    if users.is_empty() {
        return view! { <p>{t(Msg::NoUsersFound)}</p> }.into_any();
    }
    view! {
        <ul class="user-list">
            {users
                .into_iter()
                .map(|user| {
                    let user_id = user.id;
                    let back = back.to_owned();
                    view! {
                        <li class="user" data-user=user.identifier.clone()>
                            <p class="user-name"><strong>{user.full_name.clone()}</strong> " · " {user.identifier.clone()}</p>
                            <ul class="role-list">
                                {Role::GRANTABLE
                                    .into_iter()
                                    .map(|role| {
                                        let has = user.roles.contains(&role);
                                        let back = back.clone();
                                        let label = format!(
                                            "{} {}",
                                            if has { t(Msg::Revoke) } else { t(Msg::Grant) },
                                            Msg::for_role(role).text(lang).to_lowercase()
                                        );
                                        view! {
                                            <li>
                                                <ActionForm action=set_role attr:class="inline-form">
                                                    <input type="hidden" name="user_id" value=user_id.to_string()/>
                                                    <input type="hidden" name="role" value=role.code()/>
                                                    <input type="hidden" name="grant" value=(!has).to_string()/>
                                                    <input type="hidden" name="back" value=back/>
                                                    <span class="role-state" class:granted=has>{Msg::for_role(role).text(lang)}</span>
                                                    <button class="small-button" class:danger=has type="submit">{label}</button>
                                                </ActionForm>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
