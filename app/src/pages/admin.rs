//! Administration: find people and grant or revoke roles.

use super::Loading;
use crate::api::{SetRole, list_users};
use crate::app::use_lang;
use crate::components::{FormAlert, form_error, page_or_error, use_current_address};
use crate::domain::Role;
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let set_role = ServerAction::<SetRole>::new();
    let error = form_error(set_role);
    // refetch after every role change
    let users = Resource::new(
        move || (q(), set_role.version().get()),
        |(q, _)| list_users(q),
    );
    let back = use_current_address();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(users.await, move |users| view! {
                    <Title text=t(Msg::AdminArea)/>
                    <Meta name="description" content=t(Msg::AdminIntro)/>
                    <section class="wrap section">
                        <h1>{t(Msg::AdminArea)}</h1>
                        <p class="lead">{t(Msg::AdminIntro)}</p>
                        <form method="get" action="/quan-tri" class="search-form" role="search">
                            <label for="tim-nguoi-dung">{t(Msg::SearchUsers)}</label>
                            <div class="search-row">
                                <input id="tim-nguoi-dung" type="search" name="q" value=q/>
                                <button class="button" type="submit">{t(Msg::Search)}</button>
                            </div>
                        </form>
                        <FormAlert error/>
                        <h2>{t(Msg::Users)}</h2>
                        <UserList users set_role back/>
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
fn UserList(
    users: Vec<crate::domain::Viewer>,
    set_role: ServerAction<SetRole>,
    back: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
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
                    view! {
                        <li class="user" data-user=user.identifier.clone()>
                            <p class="user-name"><strong>{user.full_name.clone()}</strong> " · " {user.identifier.clone()}</p>
                            <ul class="role-list">
                                {Role::GRANTABLE
                                    .into_iter()
                                    .map(|role| {
                                        let has = user.roles.contains(&role);
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
