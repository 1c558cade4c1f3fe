//! `/quan-tri/can-bo`: an administrator imports a list of officials (CSV as
//! exported from Excel: full name, phone or e-mail, unit code, position).
//! "Kiểm tra" judges every row and saves nothing; "Nhập" saves the list
//! when no row is wrong, and gives the new accounts' set-up codes once.

use super::Loading;
use super::editor::escape_text;
use crate::api::{ImportRoster, last_roster_report};
use crate::app::use_lang;
use crate::components::{FormAlert, PageMeta, page_or_error, posted_error};
use crate::domain::RosterReport;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

#[component]
pub fn RosterPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let posted = posted_error::<ImportRoster>();
    let last = Resource::new(|| (), |()| last_roster_report());
    view! {
        <PageMeta title=t(Msg::RosterTitle) description=t(Msg::RosterIntro)/>
        <section class="wrap section roster-page">
            <p><a href="/quan-tri/don-vi">{t(Msg::UnitsTitle)}</a></p>
            <h1>{t(Msg::RosterTitle)}</h1>
            <p class="lead">{t(Msg::RosterIntro)}</p>
            <FormAlert error=Signal::derive(move || posted.clone())/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    page_or_error(last.await, move |(report, text)| roster_view(report, text, lang))
                })}
            </Suspense>
        </section>
    }
}

fn roster_view(report: Option<RosterReport>, text: String, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let act = ServerAction::<ImportRoster>::new();
    view! {
        {report.map(|r| report_view(r, lang))}
        <ActionForm action=act attr:class="form">
            <div class="field">
                <label for="danh-sach">{t(Msg::RosterText)}</label>
                <p class="hint" id="danh-sach-goi-y">{t(Msg::RosterHint)}</p>
                <textarea id="danh-sach" name="text" rows="12" required=true aria-describedby="danh-sach-goi-y"
                    inner_html=escape_text(&text)></textarea>
            </div>
            <button type="submit" name="apply" value="false" class="button secondary">{t(Msg::RosterCheck)}</button>
            " "
            <button type="submit" name="apply" value="true" class="button">{t(Msg::RosterImport)}</button>
        </ActionForm>
        <form method="post" action="/quan-tri/can-bo/tep" enctype="multipart/form-data" class="form">
            <div class="field">
                <label for="tep-danh-sach">{t(Msg::RosterFile)}</label>
                <input type="file" id="tep-danh-sach" name="file" accept=".csv,text/csv,text/plain" required=true/>
            </div>
            <button type="submit" name="apply" value="false" class="button secondary">{t(Msg::RosterCheck)}</button>
            " "
            <button type="submit" name="apply" value="true" class="button">{t(Msg::RosterImport)}</button>
        </form>
    }
}

fn outcome_label(outcome: &str) -> Msg {
    match outcome {
        "new" => Msg::RosterNew,
        "link" => Msg::RosterLink,
        "move" => Msg::RosterMove,
        "same" => Msg::RosterSame,
        _ => Msg::RosterError,
    }
}

fn report_view(report: RosterReport, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    if let Some(refused) = report.refused {
        return view! { <p class="form-alert" role="alert">{refused}</p> }.into_any();
    }
    let errors = report.count("error");
    let summary = format!(
        "{}: {} {}, {} {}, {} {}, {} {}, {} {}.",
        if report.applied {
            t(Msg::RosterApplied)
        } else {
            t(Msg::RosterChecked)
        },
        report.count("new"),
        t(Msg::RosterNew),
        report.count("link"),
        t(Msg::RosterLink),
        report.count("move"),
        t(Msg::RosterMove),
        report.count("same"),
        t(Msg::RosterSame),
        errors,
        t(Msg::RosterError),
    );
    let box_class = if errors > 0 {
        "form-alert"
    } else {
        "form-notice"
    };
    let rows = report
        .lines
        .into_iter()
        .map(|l| {
            view! {
                <tr data-outcome=l.outcome.clone() class:row-error=l.outcome == "error">
                    <td>{l.line}</td>
                    <td>{l.full_name}</td>
                    <td>{l.identifier}</td>
                    <td>{l.unit_code}</td>
                    <td>{t(outcome_label(&l.outcome))}{(!l.message.is_empty()).then(|| format!(": {}", l.message))}</td>
                    <td class="code">{l.code}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div role="status" class=box_class>
            <p data-roster-summary="">{summary}</p>
            {(errors > 0).then(|| view! { <p>{t(Msg::RosterFixFirst)}</p> })}
            {report.applied.then(|| view! { <p>{t(Msg::SetupCodeOnce)}</p> })}
        </div>
        <div class="table-scroll">
            <table class="roster">
                <thead><tr>
                    <th scope="col">{t(Msg::LineWord)}</th>
                    <th scope="col">{t(Msg::MemberName)}</th>
                    <th scope="col">{t(Msg::OfficialIdentifier)}</th>
                    <th scope="col">{t(Msg::UnitCode)}</th>
                    <th scope="col">{t(Msg::RosterResult)}</th>
                    <th scope="col">{t(Msg::SetupCodeLabel)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
