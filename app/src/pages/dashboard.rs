//! `/theo-doi`: the managers' dashboard of required learning. For the unit
//! looked at (the whole city for admins), each assignment with its five
//! "rõ" (who, what, by when, by whom, result), the units directly below
//! with their completion (a table and an SVG chart drawn here, on the
//! server), completions per week, the overdue people to follow up, and the
//! named people of a unit; filters in the address (a plain GET form), and
//! the same view as CSV (`/theo-doi/xuat.csv`).

use super::Loading;
use super::tasks::{status_badge, status_text};
use crate::api::{CloseAssignment, dashboard_view};
use crate::app::use_lang;
use crate::components::{PageMeta, page_or_error};
use crate::domain::{Counts, Dashboard, Moment, PersonLine, TaskStatus, UnitLine};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let number = move |key: &str| get(key).trim().parse::<i64>().unwrap_or(0);
    let (unit, assignment, status, position, sort, page) = (
        number("don-vi"),
        number("nhiem-vu"),
        get("trang-thai"),
        get("chuc-vu"),
        get("sap-xep"),
        number("trang"),
    );
    let data = Resource::new(
        || (),
        move |()| {
            dashboard_view(
                unit,
                assignment,
                status.clone(),
                position.clone(),
                sort.clone(),
                page,
            )
        },
    );
    view! {
        <PageMeta title=Msg::DashboardTitle.text(lang) description=Msg::DashboardIntro.text(lang)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(data.await, move |board| board_view(board, lang))
            })}
        </Suspense>
    }
}

fn counts_cells(counts: Counts) -> impl IntoView {
    view! {
        <td class="number">{counts.total}</td>
        <td class="number"><strong>{format!("{}%", counts.percent())}</strong></td>
        <td class="number">{counts.on_time}</td>
        <td class="number">{counts.late}</td>
        <td class="number">{counts.in_progress}</td>
        <td class="number">{counts.not_started}</td>
        <td class="number overdue">{counts.overdue}</td>
    }
}

fn counts_heads(lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    view! {
        <th scope="col">{t(Msg::DashboardTotal)}</th>
        <th scope="col">{t(Msg::DashboardPercent)}</th>
        <th scope="col">{t(Msg::StatusDoneOnTime)}</th>
        <th scope="col">{t(Msg::StatusDoneLate)}</th>
        <th scope="col">{t(Msg::StatusInProgress)}</th>
        <th scope="col">{t(Msg::StatusNotStarted)}</th>
        <th scope="col">{t(Msg::StatusOverdue)}</th>
    }
}

fn board_view(board: Dashboard, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let filter = board.filter.clone();
    let here = board
        .unit
        .as_ref()
        .map_or_else(|| t(Msg::DashboardCity).to_owned(), |u| u.name.clone());
    let title = format!("{} — {here}", t(Msg::DashboardTitle));
    if !board.choices.is_empty() {
        let choices = board
            .choices
            .iter()
            .map(|u| {
                let href = format!("/theo-doi{}", filter.at_unit(u.id).query());
                view! { <li><a href=href>{format!("{} — {}", u.code, u.name)}</a></li> }
            })
            .collect_view();
        return view! {
            <PageMeta title=title description=t(Msg::DashboardIntro)/>
            <section class="wrap section dashboard">
                <h1>{t(Msg::DashboardTitle)}</h1>
                <h2>{t(Msg::DashboardChoose)}</h2>
                <ul>{choices}</ul>
            </section>
        }
        .into_any();
    }
    let crumbs = board
        .crumbs
        .iter()
        .map(|u| {
            let href = format!("/theo-doi{}", filter.at_unit(u.id).query());
            view! { <li><a href=href>{u.name.clone()}</a></li> }
        })
        .collect_view();
    let city = (board.whole_city && board.unit.is_some()).then(|| {
        let href = format!("/theo-doi{}", filter.at_unit(0).query());
        view! { <li><a href=href>{t(Msg::DashboardCity)}</a></li> }
    });
    let export = format!("/theo-doi/xuat.csv{}", filter.query());
    let assignment_options = board
        .assignments
        .iter()
        .map(|a| {
            let selected = a.id == filter.assignment;
            view! { <option value=a.id.to_string() selected=selected>{format!("{} ({})", a.course_title, Moment(a.deadline_at).date_vn().display_vn())}</option> }
        })
        .collect_view();
    let status_options = TaskStatus::ALL
        .into_iter()
        .map(|s| {
            let selected = filter.status == Some(s);
            view! { <option value=s.code() selected=selected>{status_text(s, lang)}</option> }
        })
        .collect_view();
    let position_options = board
        .positions
        .iter()
        .map(|p| {
            let selected = *p == filter.position;
            view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
        })
        .collect_view();
    let sort = filter.sort.clone();
    let sort_option = move |value: &'static str, label: Msg| {
        let selected = sort == value;
        view! { <option value=value selected=selected>{t(label)}</option> }
    };
    let sorts = view! {
        {sort_option("", Msg::DashboardSortPercent)}
        {sort_option("ten", Msg::DashboardSortName)}
        {sort_option("qua-han", Msg::DashboardSortOverdue)}
        {sort_option("han", Msg::DashboardSortDeadline)}
        {sort_option("trang-thai", Msg::DashboardSortStatus)}
    };
    let unit_value = filter.unit.to_string();
    let counts = board.counts;
    let close = ServerAction::<CloseAssignment>::new();
    let assignments_empty = board.assignments.is_empty();
    let assignment_rows = board
        .assignments
        .iter()
        .map(|a| {
            let href = format!(
                "/theo-doi{}",
                crate::domain::DashboardFilter {
                    assignment: a.id,
                    page: 1,
                    ..filter.clone()
                }
                .query()
            );
            let authority = [a.assigned_by.clone(), a.authority.clone(), a.document.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let (closed, may_close) = (a.closed, a.may_close);
            let id = a.id.to_string();
            view! {
                <tr data-assignment=a.id.to_string()>
                    <td>{a.target.clone()}<br/><small>{format!("{} {}", a.counts.total, t(Msg::DashboardPeople))}</small></td>
                    <td><a href=href>{a.course_title.clone()}</a>
                        {closed.then(|| view! { <br/><small>{t(Msg::DashboardClosed)}</small> })}
                        {(!a.note.is_empty()).then(|| view! { <br/><small>{a.note.clone()}</small> })}
                    </td>
                    <td>{Moment(a.deadline_at).display_vn()}</td>
                    <td>{authority}</td>
                    {counts_cells(a.counts)}
                    <td>{may_close.then(|| view! {
                        <ActionForm action=close attr:class="inline-form">
                            <input type="hidden" name="id" value=id.clone()/>
                            <button type="submit" class="small-button">{t(Msg::DashboardClose)}</button>
                        </ActionForm>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    let unit_rows = board
        .units
        .iter()
        .map(|u| {
            let href = format!("/theo-doi{}", filter.at_unit(u.unit.id).query());
            view! {
                <tr data-unit=u.unit.id.to_string()>
                    <th scope="row"><a href=href>{u.unit.name.clone()}</a> " " <small>{u.unit.code.clone()}</small></th>
                    {counts_cells(u.counts)}
                </tr>
            }
        })
        .collect_view();
    let has_units = !board.units.is_empty();
    let units_chart = units_chart(&board.units, lang);
    let weeks_chart = weeks_chart(&board.weeks, lang);
    let chase_empty = board.chase.is_empty();
    let chase = board
        .chase
        .into_iter()
        .map(|p| person_row(p, lang))
        .collect_view();
    let is_unit = board.unit.is_some();
    let people_rows = board
        .people
        .into_iter()
        .map(|p| person_row(p, lang))
        .collect_view();
    let page = filter.page.max(1);
    let page_link = move |to: i64| {
        let mut f = filter.clone();
        f.page = to;
        format!(
            "/theo-doi{}{}trang={to}",
            f.query(),
            if f.query().is_empty() { "?" } else { "&" }
        )
    };
    let prev = (page > 1).then(|| page_link(page - 1));
    let next = board.more_people.then(|| page_link(page + 1));
    view! {
        <PageMeta title=title description=t(Msg::DashboardIntro)/>
        <section class="wrap section dashboard">
            <nav aria-label="breadcrumb" class="crumbs">
                <ol>{city}{crumbs}</ol>
            </nav>
            <h1>{here.clone()}</h1>
            <p class="lead">{t(Msg::DashboardIntro)}</p>
            <p>
                <a class="button" href="/theo-doi/giao-viec">{t(Msg::DashboardAssign)}</a>
                " "
                <a class="button secondary" href=export data-export="">{t(Msg::DashboardExport)}</a>
            </p>
            <form method="get" action="/theo-doi" class="filters">
                <input type="hidden" name="don-vi" value=unit_value/>
                <div class="field">
                    <label for="nhiem-vu">{t(Msg::DashboardAssignments)}</label>
                    <select id="nhiem-vu" name="nhiem-vu">
                        <option value="0">{t(Msg::DashboardAll)}</option>
                        {assignment_options}
                    </select>
                </div>
                <div class="field">
                    <label for="trang-thai">{t(Msg::DashboardStatus)}</label>
                    <select id="trang-thai" name="trang-thai">
                        <option value="">{t(Msg::DashboardAll)}</option>
                        {status_options}
                    </select>
                </div>
                <div class="field">
                    <label for="chuc-vu">{t(Msg::AssignPosition)}</label>
                    <select id="chuc-vu" name="chuc-vu">
                        <option value="">{t(Msg::DashboardAll)}</option>
                        {position_options}
                    </select>
                </div>
                <div class="field">
                    <label for="sap-xep">{t(Msg::DashboardSort)}</label>
                    <select id="sap-xep" name="sap-xep">{sorts}</select>
                </div>
                <button type="submit" class="button">{t(Msg::DashboardApply)}</button>
            </form>
            <div class="summary" data-summary="">
                <p class="big-percent"><strong data-percent=counts.percent().to_string()>{format!("{}%", counts.percent())}</strong> " " {t(Msg::DashboardPercent)}</p>
                <ul class="summary-counts">
                    <li>{t(Msg::DashboardTotal)} ": " {counts.total}</li>
                    <li>{t(Msg::StatusDoneOnTime)} ": " {counts.on_time}</li>
                    <li>{t(Msg::StatusDoneLate)} ": " {counts.late}</li>
                    <li>{t(Msg::StatusInProgress)} ": " {counts.in_progress}</li>
                    <li>{t(Msg::StatusNotStarted)} ": " {counts.not_started}</li>
                    <li>{t(Msg::StatusOverdue)} ": " {counts.overdue}</li>
                </ul>
            </div>
            <h2>{t(Msg::DashboardAssignments)}</h2>
            {assignments_empty.then(|| view! { <p>{t(Msg::DashboardNoAssignments)}</p> })}
            <div class="table-scroll">
                <table class="dashboard-table" data-assignments="">
                    <thead><tr>
                        <th scope="col">{t(Msg::DashboardWho)}</th>
                        <th scope="col">{t(Msg::DashboardWhat)}</th>
                        <th scope="col">{t(Msg::DashboardWhen)}</th>
                        <th scope="col">{t(Msg::DashboardAuthority)}</th>
                        {counts_heads(lang)}
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{assignment_rows}</tbody>
                </table>
            </div>
            {has_units.then(|| view! {
                <h2>{t(Msg::DashboardUnits)}</h2>
                {units_chart}
                <div class="table-scroll">
                    <table class="dashboard-table" data-units="">
                        <thead><tr>
                            <th scope="col">{t(Msg::DashboardUnit)}</th>
                            {counts_heads(lang)}
                        </tr></thead>
                        <tbody>{unit_rows}</tbody>
                    </table>
                </div>
            })}
            <h2>{t(Msg::DashboardChartWeeks)}</h2>
            {weeks_chart}
            {is_unit.then(|| view! {
                <h2 id="can-don-doc">{t(Msg::DashboardChase)}</h2>
                {chase_empty.then(|| view! { <p>{t(Msg::DashboardChaseNone)}</p> })}
                {(!chase_empty).then(|| view! {
                    <div class="table-scroll">
                        <table class="people" data-chase="">
                            {people_head(lang)}
                            <tbody>{chase}</tbody>
                        </table>
                    </div>
                })}
            })}
            {is_unit.then(|| view! {
                <h2 id="danh-sach">{t(Msg::DashboardPersonList)}</h2>
                <div class="table-scroll">
                    <table class="people" data-people="">
                        {people_head(lang)}
                        <tbody>{people_rows}</tbody>
                    </table>
                </div>
                <nav class="pager" aria-label=t(Msg::DashboardPersonList)>
                    {prev.map(|href| view! { <a href=href rel="prev">{t(Msg::DashboardPrevPage)}</a> })}
                    " "
                    {next.map(|href| view! { <a href=href rel="next">{t(Msg::DashboardNextPage)}</a> })}
                </nav>
            })}
        </section>
    }
    .into_any()
}

fn people_head(lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    view! {
        <thead><tr>
            <th scope="col">{t(Msg::DashboardPerson)}</th>
            <th scope="col">{t(Msg::DashboardContact)}</th>
            <th scope="col">{t(Msg::DashboardUnit)}</th>
            <th scope="col">{t(Msg::AssignCourses)}</th>
            <th scope="col">{t(Msg::TodoDeadline)}</th>
            <th scope="col">{t(Msg::DashboardStatus)}</th>
            <th scope="col">{t(Msg::TodoDoneAt)}</th>
        </tr></thead>
    }
}

fn person_row(p: PersonLine, lang: Lang) -> impl IntoView {
    let unit = if p.position.is_empty() {
        p.unit_name
    } else {
        format!("{} ({})", p.unit_name, p.position)
    };
    view! {
        <tr data-person=p.user_id.to_string()>
            <td>{p.full_name}</td>
            <td>{p.contact}</td>
            <td>{unit}</td>
            <td>{p.course_title}</td>
            <td>{Moment(p.due_at).display_vn()}</td>
            <td>{status_badge(p.status, lang)}</td>
            <td>{p.completed_at.map(|at| Moment(at).display_vn())}</td>
        </tr>
    }
}

/// Completion by unit as horizontal bars: one row per unit (the 30 first
/// in the table's order), its name, a bar as long as its percentage and
/// the figure; the table below holds the same numbers.
fn units_chart(units: &[UnitLine], lang: Lang) -> impl IntoView {
    const ROW: i64 = 26;
    const LABEL: i64 = 220;
    const BAR: i64 = 300;
    let shown: Vec<&UnitLine> = units.iter().take(30).collect();
    let height = ROW * shown.len() as i64 + 8;
    let summary = shown
        .iter()
        .map(|u| format!("{}: {}%", u.unit.name, u.counts.percent()))
        .collect::<Vec<_>>()
        .join("; ");
    let bars = shown
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let y = i as i64 * ROW + 4;
            let width = BAR * u.counts.percent() / 100;
            let name: String = u.unit.name.chars().take(30).collect();
            view! {
                <g>
                    <title>{format!("{}: {}%", u.unit.name, u.counts.percent())}</title>
                    <text x=(LABEL - 8).to_string() y=(y + 17).to_string() text-anchor="end" class="chart-label">{name}</text>
                    <rect x=LABEL.to_string() y=(y + 3).to_string() width=BAR.to_string() height="18" class="chart-track"/>
                    <rect x=LABEL.to_string() y=(y + 3).to_string() width=width.to_string() height="18" class="chart-bar"/>
                    <text x=(LABEL + BAR + 6).to_string() y=(y + 17).to_string() class="chart-value">{format!("{}%", u.counts.percent())}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" tabindex="0">
            <svg role="img" aria-labelledby="bieu-do-don-vi" viewBox=format!("0 0 {} {height}", LABEL + BAR + 56) width="100%" data-chart="units">
                <title id="bieu-do-don-vi">{format!("{}. {summary}", Msg::DashboardChartUnits.text(lang))}</title>
                {bars}
            </svg>
            <figcaption>{Msg::DashboardChartUnits.text(lang)}</figcaption>
        </figure>
    }
}

/// Completions per week as vertical bars, oldest week first.
fn weeks_chart(weeks: &[(crate::domain::Date, i64)], lang: Lang) -> impl IntoView {
    const COLUMN: i64 = 48;
    const HEIGHT: i64 = 140;
    let most = weeks.iter().map(|w| w.1).max().unwrap_or(0).max(1);
    let width = COLUMN * weeks.len() as i64 + 10;
    let summary = weeks
        .iter()
        .map(|(d, n)| {
            format!(
                "{} {}: {n}",
                Msg::DashboardWeekOf.text(lang),
                d.display_vn()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(i, (monday, n))| {
            let x = i as i64 * COLUMN + 10;
            let h = HEIGHT * n / most;
            let label = format!("{:02}/{:02}", monday.day(), monday.month());
            view! {
                <g>
                    <title>{format!("{} {}: {n}", Msg::DashboardWeekOf.text(lang), monday.display_vn())}</title>
                    <rect x=(x + 6).to_string() y=(HEIGHT - h + 20).to_string() width=(COLUMN - 12).to_string() height=h.to_string() class="chart-bar"/>
                    <text x=(x + COLUMN / 2).to_string() y=(HEIGHT - h + 14).to_string() text-anchor="middle" class="chart-value">{n.to_string()}</text>
                    <text x=(x + COLUMN / 2).to_string() y=(HEIGHT + 36).to_string() text-anchor="middle" class="chart-label">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" tabindex="0">
            <svg role="img" aria-labelledby="bieu-do-tuan" viewBox=format!("0 0 {width} {}", HEIGHT + 44) width="100%" data-chart="weeks">
                <title id="bieu-do-tuan">{format!("{}. {summary}", Msg::DashboardChartWeeks.text(lang))}</title>
                {bars}
            </svg>
        </figure>
    }
}
