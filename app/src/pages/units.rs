//! `/quan-tri/don-vi`: the admins' page of the organisational unit tree
//! (city → departments and wards → sub-units): create, rename, move and
//! close units. Plain forms to the `change_unit` server function, so it
//! works without JavaScript; a refusal comes back with its reason.

use super::Loading;
use crate::api::{ChangeUnit, unit_tree};
use crate::app::use_lang;
use crate::components::{FormAlert, PageMeta, page_or_error, posted_error};
use crate::domain::UnitNode;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/quan-tri/don-vi`.
#[component]
pub fn UnitsPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let done = use_query_map()
        .read_untracked()
        .get("xong")
        .unwrap_or_default();
    let posted = posted_error::<ChangeUnit>();
    let tree = Resource::new(|| (), |()| unit_tree());
    view! {
        <PageMeta title=t(Msg::UnitsTitle) description=t(Msg::UnitsIntro)/>
        <section class="wrap section units-page">
            <p><a href="/quan-tri">{t(Msg::BackToAdmin)}</a> " · " <a href="/quan-tri/can-bo">{t(Msg::RosterTitle)}</a></p>
            <h1>{t(Msg::UnitsTitle)}</h1>
            <p class="lead">{t(Msg::UnitsIntro)}</p>
            {(!done.is_empty()).then(|| view! { <p class="form-notice" role="status">{t(Msg::UnitSaved)}</p> })}
            <FormAlert error=Signal::derive(move || posted.clone())/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    page_or_error(tree.await, move |units| units_view(units, lang))
                })}
            </Suspense>
        </section>
    }
}

fn parent_options(
    units: &[UnitNode],
    except: Option<&UnitNode>,
    lang: Lang,
) -> impl IntoView + use<> {
    // a unit cannot go under itself or below itself: those are left out
    let options: Vec<(i64, String)> = units
        .iter()
        .filter(|u| !u.closed)
        .filter(|u| {
            except.is_none_or(|moved| {
                let start = units.iter().position(|x| x.id == moved.id).unwrap_or(0);
                let inside = units[start..]
                    .iter()
                    .take_while(|x| x.id == moved.id || x.depth > moved.depth)
                    .any(|x| x.id == u.id);
                !inside
            })
        })
        .map(|u| {
            (
                u.id,
                format!("{}{} — {}", "· ".repeat(u.depth as usize), u.code, u.name),
            )
        })
        .collect();
    view! {
        <option value="0">{Msg::UnitTop.text(lang)}</option>
        {options.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
    }
}

fn units_view(units: Vec<UnitNode>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let create = ServerAction::<ChangeUnit>::new();
    let top_options = parent_options(&units, None, lang).into_any();
    let empty = units.is_empty();
    let rows = units
        .iter()
        .map(|unit| {
            let act = ServerAction::<ChangeUnit>::new();
            let unit_id = unit.id;
            let hidden = move |action: &'static str| view! {
                <input type="hidden" name="action" value=action/>
                <input type="hidden" name="id" value=unit_id.to_string()/>
            };
            let options = parent_options(&units, Some(unit), lang).into_any();
            let name = unit.name.clone();
            let anchor = format!("don-vi-{}", unit.id);
            let rename_id = format!("ten-{}", unit.id);
            let move_id = format!("cha-{}", unit.id);
            view! {
                <li id=anchor class="unit" class:closed=unit.closed style=format!("--depth: {}", unit.depth) data-code=unit.code.clone()>
                    <p class="unit-head">
                        <a href=format!("/quan-tri/don-vi/{}", unit.id)><strong>{unit.code.clone()}</strong> " — " {unit.name.clone()}</a>
                        {format!(" · {} {}", unit.members, t(Msg::UnitMembers))}
                        {unit.closed.then(|| view! { " " <span class="badge">{t(Msg::UnitClosed)}</span> })}
                    </p>
                    {if unit.closed { None } else { Some(view! {
                        <div class="unit-actions">
                            <ActionForm action=act attr:class="inline-form">
                                {hidden("rename")}
                                <label for=rename_id.clone()>{t(Msg::UnitNewName)}</label>
                                <input id=rename_id type="text" name="name" value=name required=true maxlength="200"/>
                                <button type="submit" class="small-button">{t(Msg::UnitRename)}</button>
                            </ActionForm>
                            <ActionForm action=act attr:class="inline-form">
                                {hidden("move")}
                                <label for=move_id.clone()>{t(Msg::UnitMoveUnder)}</label>
                                <select id=move_id name="parent">{options}</select>
                                <button type="submit" class="small-button">{t(Msg::UnitMove)}</button>
                            </ActionForm>
                            <ActionForm action=act attr:class="inline-form">
                                {hidden("close")}
                                <button type="submit" class="small-button danger">{t(Msg::UnitClose)}</button>
                            </ActionForm>
                        </div>
                    }) }}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="unit-create" aria-labelledby="tao-don-vi">
            <h2 id="tao-don-vi">{t(Msg::UnitCreate)}</h2>
            <ActionForm action=create attr:class="form">
                <input type="hidden" name="action" value="create"/>
                <div class="field">
                    <label for="ma-don-vi">{t(Msg::UnitCode)}</label>
                    <p class="hint">{t(Msg::UnitCodeHint)}</p>
                    <input id="ma-don-vi" type="text" name="code" required=true maxlength="32"/>
                </div>
                <div class="field">
                    <label for="ten-don-vi">{t(Msg::UnitName)}</label>
                    <input id="ten-don-vi" type="text" name="name" required=true maxlength="200"/>
                </div>
                <div class="field">
                    <label for="cap-tren">{t(Msg::UnitParent)}</label>
                    <select id="cap-tren" name="parent">{top_options}</select>
                </div>
                <button type="submit" class="button">{t(Msg::UnitCreate)}</button>
            </ActionForm>
        </section>
        <h2>{t(Msg::UnitTree)}</h2>
        {if empty {
            view! { <p>{t(Msg::UnitNone)}</p> }.into_any()
        } else {
            view! { <ul class="unit-tree">{rows}</ul> }.into_any()
        }}
    }
}
