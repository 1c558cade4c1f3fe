//! `/quan-tri/nhat-ky`: the audit of editorial actions for admins, newest
//! first, narrowed by a plain GET form: who acted, which item, which days.

use super::Loading;
use crate::api::{AuditEntry, editorial_audit, list_users};
use crate::app::use_lang;
use crate::components::{PageMeta, page_or_error};
use crate::domain::{ApiError, Date, ItemKind, Moment, Viewer};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The page's address (the filter form comes back to it).
const PATH: &str = "/quan-tri/nhat-ky";

/// As many entries as the audit function gives at most.
const MOST_ENTRIES: usize = 500;

/// The filters as typed in the form (`?nguoi=&ma=&loai=&muc=&tu=&den=`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Filter {
    /// A name, phone number or email, searched like the admin page does.
    person: String,
    /// The user id picked among several people the search found.
    chosen: i64,
    kind: String,
    item: String,
    from: String,
    to: String,
}

impl Filter {
    fn from_query(query: &leptos_router::params::ParamsMap) -> Filter {
        let text = |name: &str| query.get(name).unwrap_or_default().trim().to_owned();
        Filter {
            person: text("nguoi"),
            chosen: text("ma").parse().unwrap_or(0),
            kind: text("loai"),
            item: text("muc"),
            from: text("tu"),
            to: text("den"),
        }
    }

    /// The item asked for: a kind and an id, both or none.
    fn item(&self) -> Option<(ItemKind, i64)> {
        let kind = ItemKind::from_code(&self.kind)?;
        let id = self.item.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some((kind, id))
    }

    /// Only one of the kind and the id: the item filter is ignored.
    fn item_half_given(&self) -> bool {
        self.item().is_none() && (!self.kind.is_empty() || !self.item.is_empty())
    }

    /// The window of time asked for, Unix seconds from the start of the
    /// first day to the end of the last (Vietnam time; 0: no bound).
    fn window(&self) -> (i64, i64) {
        let since = date(&self.from).map_or(0, start_of_day_vn);
        let until = date(&self.to).map_or(0, |d| start_of_day_vn(d) + 86_400);
        (since, until)
    }
}

/// The date typed, if it is one.
fn date(text: &str) -> Option<Date> {
    Date::parse(text).ok()
}

/// Something typed that is not a date (then that bound is ignored).
fn not_a_date(text: &str) -> bool {
    !text.is_empty() && date(text).is_none()
}

/// The Unix time at which `date` begins in Vietnam (UTC+7).
fn start_of_day_vn(date: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (month, day) = (i64::from(date.month()), i64::from(date.day()));
    let year = i64::from(date.year()) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 - 7 * 3600
}

/// Whom the person filter found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Person {
    Anyone,
    One(Viewer),
    /// Several people match: the admin picks one.
    Several(Vec<Viewer>),
    Nobody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct AuditData {
    person: Person,
    /// `None` until the person filter names one person.
    entries: Option<Vec<AuditEntry>>,
}

async fn load(filter: Filter) -> Result<AuditData, ApiError> {
    let person = if filter.person.is_empty() {
        Person::Anyone
    } else {
        let mut found = list_users(filter.person.clone()).await?;
        if let Some(at) = found.iter().position(|v| v.id == filter.chosen) {
            Person::One(found.swap_remove(at))
        } else if found.len() == 1 {
            Person::One(found.swap_remove(0))
        } else if found.is_empty() {
            Person::Nobody
        } else {
            Person::Several(found)
        }
    };
    let actor = match &person {
        Person::Anyone => 0,
        Person::One(viewer) => viewer.id,
        Person::Several(_) | Person::Nobody => {
            return Ok(AuditData {
                person,
                entries: None,
            });
        }
    };
    let (kind, id) = filter
        .item()
        .map_or((String::new(), 0), |(k, id)| (k.code().to_owned(), id));
    let (since, until) = filter.window();
    let entries = editorial_audit(actor, kind, id, since, until).await?;
    Ok(AuditData {
        person,
        entries: Some(entries),
    })
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let filter = Filter::from_query(&use_query_map().read_untracked());
    let data = Resource::new(|| (), {
        let filter = filter.clone();
        move |()| load(filter.clone())
    });
    view! {
        <Suspense fallback=Loading>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    page_or_error(data.await, move |data| view! {
                        <PageMeta title=t(Msg::AuditTitle) description=t(Msg::AuditIntro)/>
                        <section class="wrap section audit-page">
                            <p class="back-link"><a href="/quan-tri">{t(Msg::AdminArea)}</a></p>
                            <h1>{t(Msg::AuditTitle)}</h1>
                            <p class="lead">{t(Msg::AuditIntro)}</p>
                            {filter_form(&filter, &data.person, lang)}
                            {data.entries.map(|entries| entry_table(entries, lang))}
                        </section>
                    })
                })
            }}
        </Suspense>
    }
}

fn kind_label(kind: ItemKind) -> Msg {
    match kind {
        ItemKind::Course => Msg::AuditKindCourse,
        ItemKind::Lesson => Msg::AuditKindLesson,
        ItemKind::Article => Msg::AuditKindArticle,
        ItemKind::Quiz => Msg::AuditKindQuiz,
    }
}

/// An action as admins read it; actions outside the panel's as stored.
fn action_label(action: &str, lang: Lang) -> String {
    let msg = match action {
        "content_create" => Msg::AuditActCreate,
        "content_save" => Msg::AuditActSave,
        "content_submit" => Msg::AuditActSubmit,
        "content_publish" => Msg::AuditActPublish,
        "content_schedule" => Msg::AuditActSchedule,
        "content_archive" => Msg::AuditActArchive,
        "content_restore" => Msg::AuditActRestore,
        "content_return" => Msg::AuditActReturn,
        "content_image" => Msg::AuditActImage,
        other => return other.to_owned(),
    };
    msg.text(lang).to_owned()
}

/// The detail as stored, with a publication time (`#2 @1773077400`) shown
/// in Vietnam time.
fn detail_text(detail: &str) -> String {
    match detail.rsplit_once(" @") {
        Some((before, at)) if !at.is_empty() && at.bytes().all(|b| b.is_ascii_digit()) => {
            match at.parse::<i64>() {
                Ok(at) => format!("{before} · {}", Moment(at).display_vn()),
                Err(_) => detail.to_owned(),
            }
        }
        _ => detail.to_owned(),
    }
}

fn filter_form(filter: &Filter, person: &Person, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    let person_note = match person {
        Person::Anyone => None,
        Person::One(v) => Some(
            view! {
                <p class="notice" data-person=v.id.to_string()>
                    {t(Msg::AuditPersonShown)} ": " <strong>{v.full_name.clone()}</strong> " · " {v.identifier.clone()}
                </p>
            }
            .into_any(),
        ),
        Person::Several(found) => Some(
            view! {
                <div class="field">
                    <p class="field-error" id="loc-ma-loi">{t(Msg::AuditPersonChoose)}</p>
                    <label for="loc-ma">{t(Msg::AuditPersonChoice)}</label>
                    <select id="loc-ma" name="ma" aria-describedby="loc-ma-loi">
                        {found
                            .iter()
                            .map(|v| view! {
                                <option value=v.id.to_string()>{format!("{} · {}", v.full_name, v.identifier)}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
            }
            .into_any(),
        ),
        Person::Nobody => {
            Some(view! { <p class="field-error">{t(Msg::AuditPersonNone)}</p> }.into_any())
        }
    };
    let date_field = |id: &'static str, name: &'static str, label: Msg, value: &str| {
        let invalid = not_a_date(value);
        let error_id = format!("{id}-loi");
        let described = if invalid {
            format!("loc-ngay-goi-y {error_id}")
        } else {
            "loc-ngay-goi-y".to_owned()
        };
        view! {
            <div class="field" class:has-error=invalid>
                <label for=id>{t(label)}</label>
                {invalid.then(|| view! { <p class="field-error" id=error_id.clone()>{t(Msg::AuditDateInvalid)}</p> })}
                <input id=id type="date" name=name value=value.to_owned() aria-describedby=described aria-invalid=invalid.then_some("true")/>
            </div>
        }
    };
    view! {
        <form method="get" action=PATH class="audit-filter">
            <fieldset>
                <legend>{t(Msg::AuditFilter)}</legend>
                <div class="filter-grid">
                    <div class="field">
                        <label for="loc-nguoi">{t(Msg::AuditPerson)}</label>
                        <p class="hint" id="loc-nguoi-goi-y">{t(Msg::AuditPersonHint)}</p>
                        <input id="loc-nguoi" type="search" name="nguoi" value=filter.person.clone() aria-describedby="loc-nguoi-goi-y"/>
                    </div>
                    {person_note}
                    <div class="field">
                        <label for="loc-loai">{t(Msg::AuditKind)}</label>
                        <select id="loc-loai" name="loai">
                            <option value="" selected=filter.kind.is_empty()>{t(Msg::AuditAnyKind)}</option>
                            {ItemKind::ALL
                                .into_iter()
                                .map(|k| view! {
                                    <option value=k.code() selected=filter.kind == k.code()>{t(kind_label(k))}</option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="loc-muc">{t(Msg::AuditItemId)}</label>
                        <input id="loc-muc" type="number" inputmode="numeric" min="1" name="muc" value=filter.item.clone()/>
                    </div>
                    {filter.item_half_given().then(|| view! { <p class="field-error">{t(Msg::AuditItemNeedsBoth)}</p> })}
                    <p class="hint filter-wide" id="loc-ngay-goi-y">{t(Msg::AuditDateHint)}</p>
                    {date_field("loc-tu", "tu", Msg::AuditFromDate, &filter.from)}
                    {date_field("loc-den", "den", Msg::AuditToDate, &filter.to)}
                </div>
                <p class="filter-actions">
                    <button class="button" type="submit">{t(Msg::AuditApply)}</button>
                    " "
                    <a href=PATH>{t(Msg::AuditClear)}</a>
                </p>
            </fieldset>
        </form>
    }
    .into_any()
}

fn entry_table(entries: Vec<AuditEntry>, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    if entries.is_empty() {
        return view! { <p class="notice">{t(Msg::AuditNothing)}</p> }.into_any();
    }
    let capped = entries.len() >= MOST_ENTRIES;
    view! {
        {capped.then(|| view! { <p class="notice">{t(Msg::AuditLimitNote)}</p> })}
        <div class="table-scroll" role="region" aria-labelledby="nhat-ky-bang" tabindex="0">
            <table class="audit-table">
                <caption id="nhat-ky-bang">{t(Msg::AuditCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::AuditTime)}</th>
                        <th scope="col">{t(Msg::AuditPerson)}</th>
                        <th scope="col">{t(Msg::AuditAction)}</th>
                        <th scope="col">{t(Msg::AuditItem)}</th>
                        <th scope="col">{t(Msg::AuditDetail)}</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|e| entry_row(e, lang)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn entry_row(entry: AuditEntry, lang: Lang) -> AnyView {
    let t = move |m: Msg| m.text(lang);
    let item = match (entry.item_kind.as_deref(), entry.item_id) {
        (Some(code), Some(id)) => {
            let name = ItemKind::from_code(code)
                .map_or_else(|| code.to_owned(), |k| t(kind_label(k)).to_owned());
            view! { <a href=format!("/bien-tap/{code}/{id}")>{format!("{name} #{id}")}</a> }
                .into_any()
        }
        _ => "—".into_any(),
    };
    view! {
        <tr data-action=entry.action.clone()>
            <td class="audit-time">{Moment(entry.at).display_vn()}</td>
            <td>{entry.actor.unwrap_or_else(|| t(Msg::AuditSystem).to_owned())}</td>
            <td class="audit-action">{action_label(&entry.action, lang)}</td>
            <td>{item}</td>
            <td class="audit-detail">{detail_text(&entry.detail)}</td>
        </tr>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn a_day_begins_at_midnight_in_vietnam() {
        // 2026-03-10 00:00 in Hà Nội is 2026-03-09 17:00 UTC
        assert_eq!(start_of_day_vn(day("2026-03-10")), 1_773_075_600);
        assert_eq!(start_of_day_vn(day("1970-01-01")), -7 * 3600);
        for text in ["2000-02-29", "2024-12-31", "2026-01-01", "2026-11-29"] {
            let start = start_of_day_vn(day(text));
            assert_eq!(Moment(start).date_vn(), day(text), "{text}");
            assert_ne!(Moment(start - 1).date_vn(), day(text), "{text}");
        }
    }

    #[test]
    fn the_window_includes_both_days() {
        let filter = Filter {
            from: "2026-03-10".into(),
            to: "2026-03-10".into(),
            ..Filter::default()
        };
        assert_eq!(filter.window(), (1_773_075_600, 1_773_075_600 + 86_400));
        let unbounded = Filter {
            from: "10/03/2026".into(),
            ..Filter::default()
        };
        assert_eq!(unbounded.window(), (0, 0));
    }

    #[test]
    fn an_item_needs_its_kind_and_its_id() {
        let both = Filter {
            kind: "article".into(),
            item: "7".into(),
            ..Filter::default()
        };
        assert_eq!(both.item(), Some((ItemKind::Article, 7)));
        let half = Filter {
            kind: "article".into(),
            ..Filter::default()
        };
        assert_eq!(half.item(), None);
        assert!(half.item_half_given());
        assert!(!Filter::default().item_half_given());
    }

    #[test]
    fn panel_actions_are_named_in_vietnamese() {
        assert_eq!(action_label("content_create", Lang::Vi), "tạo");
        assert_eq!(action_label("content_submit", Lang::Vi), "gửi duyệt");
        assert_eq!(action_label("content_return", Lang::Vi), "trả về bản nháp");
        assert_eq!(action_label("role_grant", Lang::Vi), "role_grant");
    }

    #[test]
    fn a_publication_time_is_shown_in_vietnam_time() {
        assert_eq!(detail_text("#2 @1773077400"), "#2 · 10/03/2026 00:30");
        assert_eq!(detail_text("#2"), "#2");
        assert_eq!(detail_text("scheduled"), "scheduled");
    }
}
