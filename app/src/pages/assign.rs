//! `/theo-doi/giao-viec`: the form that gives an assignment (one per chosen
//! course) to a unit (maybe with its sub-units and one position) or to
//! named people of it, by a deadline. It posts to `POST /theo-doi/giao-viec`
//! (`server::assignments`); a refused form comes back filled in, with why.

use super::Loading;
use crate::api::{AssignOptions, assign_choices};
use crate::app::use_lang;
use crate::components::{PageMeta, page_or_error};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

#[component]
pub fn AssignPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |()| assign_choices());
    view! {
        <PageMeta title=Msg::AssignTitle.text(lang) description=Msg::AssignIntro.text(lang)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(data.await, move |choices| assign_view(choices, lang))
            })}
        </Suspense>
    }
}

fn assign_view(choices: AssignOptions, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let kept = choices.kept.clone();
    let value = move |key: &str| {
        kept.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let chosen: Vec<String> = choices
        .kept
        .iter()
        .filter(|(k, _)| k == "course")
        .map(|(_, v)| v.clone())
        .collect();
    let courses = choices
        .courses
        .iter()
        .map(|(id, title)| {
            let id = id.to_string();
            let checked = chosen.contains(&id);
            let field = format!("khoa-hoc-{id}");
            let label_for = field.clone();
            view! {
                <li><label for=label_for>
                    <input type="checkbox" id=field name="course" value=id checked=checked/>
                    " " {title.clone()}
                </label></li>
            }
        })
        .collect_view();
    let unit_kept = value("unit");
    let units = choices
        .units
        .iter()
        .map(|(id, code, name, depth)| {
            let id = id.to_string();
            let selected = id == unit_kept;
            let indent = "\u{a0}\u{a0}".repeat(*depth as usize);
            view! { <option value=id selected=selected>{format!("{indent}{code} — {name}")}</option> }
        })
        .collect_view();
    let include_sub = value("include_sub") == "1" || choices.kept.is_empty();
    view! {
        <section class="wrap section assign-page">
            <p><a href="/theo-doi">{t(Msg::DashboardTitle)}</a></p>
            <h1>{t(Msg::AssignTitle)}</h1>
            <p class="lead">{t(Msg::AssignIntro)}</p>
            {choices.error.clone().map(|e| view! { <p class="form-alert" role="alert">{e}</p> })}
            <form method="post" action="/theo-doi/giao-viec" class="form">
                <fieldset>
                    <legend>{t(Msg::AssignCourses)}</legend>
                    <ul class="plain-list">{courses}</ul>
                </fieldset>
                <div class="field">
                    <label for="don-vi">{t(Msg::AssignUnit)}</label>
                    <select id="don-vi" name="unit" required=true>{units}</select>
                </div>
                <div class="field">
                    <label for="ca-cap-duoi">
                        <input type="checkbox" id="ca-cap-duoi" name="include_sub" value="1" checked=include_sub/>
                        " " {t(Msg::AssignIncludeSub)}
                    </label>
                </div>
                <div class="field">
                    <label for="chuc-vu">{t(Msg::AssignPosition)}</label>
                    <input type="text" id="chuc-vu" name="position" maxlength="200" value=value("position")/>
                </div>
                <div class="field">
                    <label for="nguoi">{t(Msg::AssignPeople)}</label>
                    <textarea id="nguoi" name="people" rows="3">{value("people")}</textarea>
                </div>
                <div class="field">
                    <label for="han">{t(Msg::AssignDeadline)}</label>
                    <input type="date" id="han" name="deadline" required=true value=value("deadline")/>
                </div>
                <div class="field">
                    <label for="co-quan">{t(Msg::AssignAuthority)}</label>
                    <input type="text" id="co-quan" name="authority" maxlength="200" value=value("authority")/>
                </div>
                <div class="field">
                    <label for="van-ban">{t(Msg::AssignDocument)}</label>
                    <input type="text" id="van-ban" name="document" maxlength="200" value=value("document")/>
                </div>
                <div class="field">
                    <label for="ghi-chu">{t(Msg::AssignNote)}</label>
                    <textarea id="ghi-chu" name="note" rows="2" maxlength="1000">{value("note")}</textarea>
                </div>
                <button type="submit" class="button">{t(Msg::AssignSubmit)}</button>
            </form>
        </section>
    }
}
