//! `/quan-tri/don-vi/{id}`: the people of a unit (and of the units below
//! it) and its managers, for admins: place a person in the unit with a
//! position (a transfer when they were elsewhere), let someone leave, grant
//! or revoke the unit's management. Plain forms to `change_member`.

use super::{Loading, param};
use crate::api::{AddOfficial, ChangeMember, ResetPasswordCode, people_of_unit};
use crate::app::use_lang;
use crate::components::{FormAlert, PageMeta, page_or_error, posted_error};
use crate::domain::{ApiError, Moment, UnitPeople};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

#[component]
pub fn UnitPeoplePage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id")();
    let posted = posted_error::<ChangeMember>()
        .or_else(posted_error::<AddOfficial>)
        .or_else(posted_error::<ResetPasswordCode>);
    let data = Resource::new(
        || (),
        move |()| {
            let id = id.clone();
            async move {
                let id = id.parse().map_err(|_| ApiError::NotFound)?;
                people_of_unit(id).await
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || {
                let posted = posted.clone();
                Suspend::new(async move {
                    page_or_error(data.await, move |people| people_view(people, lang, posted.clone()))
                })
            }}
        </Suspense>
    }
}

fn people_view(people: UnitPeople, lang: Lang, posted: Option<ApiError>) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let unit_id = people.unit_id;
    let act = ServerAction::<ChangeMember>::new();
    let add = ServerAction::<AddOfficial>::new();
    let reset = ServerAction::<ResetPasswordCode>::new();
    let issued = people.issued.clone();
    let title = format!("{} — {}", people.code, people.name);
    let hidden = move |action: &'static str| {
        view! {
            <input type="hidden" name="action" value=action/>
            <input type="hidden" name="unit_id" value=unit_id.to_string()/>
        }
    };
    let members = people
        .members
        .into_iter()
        .map(|m| {
            let user = m.user_id.to_string();
            let reset_user = user.clone();
            view! {
                <tr>
                    <td>{m.full_name}</td>
                    <td>{m.unit_code}</td>
                    <td>{m.position}</td>
                    <td>{Moment(m.since).display_vn()}</td>
                    <td>
                        <ActionForm action=act attr:class="inline-form">
                            {hidden("leave")}
                            <input type="hidden" name="user_id" value=user/>
                            <button type="submit" class="small-button danger">{t(Msg::MemberLeave)}</button>
                        </ActionForm>
                        <ActionForm action=reset attr:class="inline-form">
                            <input type="hidden" name="user_id" value=reset_user/>
                            <input type="hidden" name="unit_id" value=unit_id.to_string()/>
                            <button type="submit" class="small-button">{t(Msg::ResetCodeButton)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let managers = people
        .managers
        .into_iter()
        .map(|(_, name)| view! { <li>{name}</li> })
        .collect_view();
    view! {
        <PageMeta title=title.clone() description=t(Msg::UnitsIntro)/>
        <section class="wrap section units-page">
            <p><a href="/quan-tri/don-vi">{t(Msg::UnitsTitle)}</a></p>
            <h1>{title}</h1>
            <FormAlert error=Signal::derive(move || posted.clone())/>
            {issued.map(|(name, code)| view! {
                <div class="setup-code" role="status">
                    <p>{format!("{} {name}. {}", t(Msg::OfficialCreated), t(Msg::SetupCodeHandOut))}</p>
                    <p class="code" data-setup-code="">{code}</p>
                    <p class="hint">{t(Msg::SetupCodeOnce)}</p>
                </div>
            })}
            <h2>{t(Msg::MembersTitle)}</h2>
            <div class="table-scroll">
                <table class="people">
                    <thead><tr>
                        <th scope="col">{t(Msg::MemberName)}</th>
                        <th scope="col">{t(Msg::UnitCode)}</th>
                        <th scope="col">{t(Msg::MemberPosition)}</th>
                        <th scope="col">{t(Msg::MemberSince)}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{members}</tbody>
                </table>
            </div>
            <h2>{t(Msg::MemberPlace)}</h2>
            <ActionForm action=act attr:class="form">
                {hidden("place")}
                <div class="field">
                    <label for="nguoi">{t(Msg::MemberIdentifier)}</label>
                    <input id="nguoi" type="text" name="identifier" required=true/>
                </div>
                <div class="field">
                    <label for="chuc-vu">{t(Msg::MemberPosition)}</label>
                    <input id="chuc-vu" type="text" name="position" maxlength="120"/>
                </div>
                <button type="submit" class="button">{t(Msg::MemberPlace)}</button>
            </ActionForm>
            <h2>{t(Msg::OfficialAdd)}</h2>
            <p class="hint">{t(Msg::OfficialAddHint)}</p>
            <ActionForm action=add attr:class="form">
                <input type="hidden" name="unit_id" value=unit_id.to_string()/>
                <div class="field">
                    <label for="ho-ten-can-bo">{t(Msg::MemberName)}</label>
                    <input id="ho-ten-can-bo" type="text" name="full_name" required=true maxlength="100"/>
                </div>
                <div class="field">
                    <label for="dinh-danh-can-bo">{t(Msg::OfficialIdentifier)}</label>
                    <input id="dinh-danh-can-bo" type="text" name="identifier" required=true/>
                </div>
                <div class="field">
                    <label for="chuc-vu-can-bo">{t(Msg::MemberPosition)}</label>
                    <input id="chuc-vu-can-bo" type="text" name="position" maxlength="120"/>
                </div>
                <button type="submit" class="button">{t(Msg::OfficialAdd)}</button>
            </ActionForm>
            <h2>{t(Msg::ManagersTitle)}</h2>
            <ul>{managers}</ul>
            <ActionForm action=act attr:class="form">
                <input type="hidden" name="unit_id" value=unit_id.to_string()/>
                <div class="field">
                    <label for="quan-ly">{t(Msg::MemberIdentifier)}</label>
                    <input id="quan-ly" type="text" name="identifier" required=true/>
                </div>
                <button type="submit" name="action" value="manage" class="button">{t(Msg::ManagerGrant)}</button>
                " "
                <button type="submit" name="action" value="unmanage" class="button secondary">{t(Msg::ManagerRevoke)}</button>
            </ActionForm>
        </section>
    }
}
