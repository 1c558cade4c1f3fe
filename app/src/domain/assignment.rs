//! Required modules for officials: an assignment of a course to people by a
//! deadline, where each person stands with it, and the dashboards' figures.
//! Every moment is Unix seconds; dates and deadlines are Vietnam time.

use super::{Date, Moment};
use serde::{Deserialize, Serialize};

/// Days a person who joins a covered unit after the assignment was given
/// has at least: they are due by the later of the deadline and the end of
/// the day this many days after joining.
pub const NEWCOMER_DAYS: i64 = 14;

/// Reminders go out this many days before a deadline (and once when it has passed).
pub const REMIND_DAYS_BEFORE: i64 = 3;

/// 23:59:59 of `date` in Vietnam: a deadline given as a date ends then.
pub fn end_of_day(date: Date) -> i64 {
    date.vn_midnight() + 86_400 - 1
}

/// When a person who joined at `joined_at` is due: the later of the
/// deadline and the end of the day `days` after joining (Vietnam time).
pub fn newcomer_due(deadline_at: i64, joined_at: i64, days: i64) -> i64 {
    deadline_at.max(end_of_day(Moment(joined_at + days * 86_400).date_vn()))
}

/// The Monday (Vietnam time) starting `week`, as counted by the
/// `completion_weeks` table (weeks since Monday 1969-12-29).
pub fn week_start(week: i64) -> Date {
    Moment(week * 604_800 - 284_400).date_vn()
}

/// The week (as `completion_weeks` counts them) holding `at`.
pub fn week_of(at: i64) -> i64 {
    (at + 284_400).div_euclid(604_800)
}

/// Where a person stands with an assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    DoneOnTime,
    DoneLate,
    /// Not done, and the deadline has passed.
    Overdue,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Overdue,
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::DoneOnTime,
        TaskStatus::DoneLate,
    ];

    /// The status at `now` of a person due at `due_at`: completion at
    /// 23:59:59 of the deadline's day is on time, at 00:00 the next day late.
    pub fn at(now: i64, due_at: i64, started_at: Option<i64>, completed_at: Option<i64>) -> Self {
        match completed_at {
            Some(done) if done <= due_at => TaskStatus::DoneOnTime,
            Some(_) => TaskStatus::DoneLate,
            None if due_at < now => TaskStatus::Overdue,
            None if started_at.is_some() => TaskStatus::InProgress,
            None => TaskStatus::NotStarted,
        }
    }

    /// Its code in addresses, CSV files and SQL (`STATUS_SQL`).
    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "chua-bat-dau",
            TaskStatus::InProgress => "dang-hoc",
            TaskStatus::DoneOnTime => "dung-han",
            TaskStatus::DoneLate => "tre-han",
            TaskStatus::Overdue => "qua-han",
        }
    }

    pub fn from_code(code: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_done(self) -> bool {
        matches!(self, TaskStatus::DoneOnTime | TaskStatus::DoneLate)
    }
}

/// How many people of a group stand where; `percent` is of those done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub total: i64,
    pub on_time: i64,
    pub late: i64,
    pub in_progress: i64,
    pub not_started: i64,
    pub overdue: i64,
}

impl Counts {
    /// The counts of one tally row at `now` (see the `assignment_tallies` table).
    pub fn of_tally(
        now: i64,
        due_at: i64,
        total: i64,
        started: i64,
        on_time: i64,
        late: i64,
    ) -> Self {
        let open = total - on_time - late;
        let (in_progress, not_started, overdue) = if due_at < now {
            (0, 0, open)
        } else {
            (started - on_time - late, total - started, 0)
        };
        Counts {
            total,
            on_time,
            late,
            in_progress,
            not_started,
            overdue,
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.total += other.total;
        self.on_time += other.on_time;
        self.late += other.late;
        self.in_progress += other.in_progress;
        self.not_started += other.not_started;
        self.overdue += other.overdue;
    }

    pub fn done(&self) -> i64 {
        self.on_time + self.late
    }

    pub fn get(&self, status: TaskStatus) -> i64 {
        match status {
            TaskStatus::NotStarted => self.not_started,
            TaskStatus::InProgress => self.in_progress,
            TaskStatus::DoneOnTime => self.on_time,
            TaskStatus::DoneLate => self.late,
            TaskStatus::Overdue => self.overdue,
        }
    }

    /// Completed, in whole percent (rounded down, so 100 means everyone).
    pub fn percent(&self) -> i64 {
        if self.total == 0 {
            0
        } else {
            self.done() * 100 / self.total
        }
    }
}

/// One of an official's assignments, on their "Việc cần làm".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoItem {
    pub assignment_id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub due_at: i64,
    pub status: TaskStatus,
    pub completed_at: Option<i64>,
    /// Steps of the course completed, and its steps.
    pub steps_done: i64,
    pub steps: i64,
    pub authority: String,
    pub document: String,
    pub note: String,
    pub assigned_by: String,
}

/// A reminder shown in the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: i64,
    /// `due_soon` or `overdue`.
    pub kind: String,
    pub course_title: String,
    pub course_slug: String,
    pub due_at: i64,
    pub created_at: i64,
    pub read: bool,
}

/// An official's page of tasks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoList {
    pub items: Vec<TodoItem>,
    pub reminders: Vec<Reminder>,
    pub now: i64,
}

/// A unit as the dashboard names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// One assignment on the dashboard, with the five "rõ": who (`target`,
/// `counts.total`), what (`course_title`), by when (`deadline_at`), by whom
/// (`assigned_by`, `authority`, `document`), and the result (`counts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentLine {
    pub id: i64,
    pub course_title: String,
    pub course_slug: String,
    pub deadline_at: i64,
    pub authority: String,
    pub document: String,
    pub note: String,
    pub assigned_by: String,
    pub target: String,
    pub closed: bool,
    /// Open, and the viewer may close it: an admin, or a manager of the unit
    /// that gave it or of one above (a manager sees assignments given from
    /// above too, without that right).
    pub may_close: bool,
    pub counts: Counts,
}

/// A unit directly below the one looked at, with the counts of its subtree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitLine {
    pub unit: UnitRef,
    pub counts: Counts,
}

/// One person's standing with one assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLine {
    pub user_id: i64,
    pub full_name: String,
    pub contact: String,
    pub unit_name: String,
    pub position: String,
    pub course_title: String,
    pub due_at: i64,
    pub status: TaskStatus,
    pub completed_at: Option<i64>,
}

/// What the dashboard shows: filters as read from its address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DashboardFilter {
    /// The unit looked at; 0 = everything the viewer may see.
    pub unit: i64,
    /// 0 = every assignment.
    pub assignment: i64,
    pub status: Option<TaskStatus>,
    /// Empty = every position.
    pub position: String,
    /// `ten` (name), `han` (deadline) or `trang-thai` (status) for people;
    /// units are sorted by `ty-le` (percent, lowest first) or `ten`.
    pub sort: String,
    /// People's page, from 1.
    pub page: i64,
}

impl DashboardFilter {
    /// The address of this view (`/theo-doi?...`), for links and the CSV.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if self.unit != 0 {
            parts.push(format!("don-vi={}", self.unit));
        }
        if self.assignment != 0 {
            parts.push(format!("nhiem-vu={}", self.assignment));
        }
        if let Some(status) = self.status {
            parts.push(format!("trang-thai={}", status.code()));
        }
        if !self.position.is_empty() {
            parts.push(format!("chuc-vu={}", urlencoding_lite(&self.position)));
        }
        if !self.sort.is_empty() {
            parts.push(format!("sap-xep={}", self.sort));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The same view with the unit changed (and the page reset).
    pub fn at_unit(&self, unit: i64) -> DashboardFilter {
        DashboardFilter {
            unit,
            page: 1,
            ..self.clone()
        }
    }
}

/// Percent-encodes everything but unreserved ASCII.
fn urlencoding_lite(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Everything `/theo-doi` shows for one view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub filter: DashboardFilter,
    /// The unit looked at, `None` for the whole city (admins).
    pub unit: Option<UnitRef>,
    /// From the top of what the viewer may see down to `unit`'s parent.
    pub crumbs: Vec<UnitRef>,
    /// The units a manager manages, when they manage several and have not
    /// picked one.
    pub choices: Vec<UnitRef>,
    pub assignments: Vec<AssignmentLine>,
    /// Totals of the selected assignment(s) over the unit looked at.
    pub counts: Counts,
    pub units: Vec<UnitLine>,
    /// `(Monday of the week, completions)`, oldest first.
    pub weeks: Vec<(Date, i64)>,
    pub positions: Vec<String>,
    pub people: Vec<PersonLine>,
    pub more_people: bool,
    /// People overdue in this view ("cần đôn đốc").
    pub chase: Vec<PersonLine>,
    pub may_assign: bool,
    /// The viewer may look at the whole city (an admin).
    pub whole_city: bool,
    pub now: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_date_ends_at_23_59_59_in_vietnam() {
        let date = Date::parse("2026-12-31").unwrap();
        // 2026-12-31 23:59:59 +07 = 16:59:59 UTC
        assert_eq!(Moment(end_of_day(date)).display_vn(), "31/12/2026 23:59");
        assert_eq!(
            end_of_day(date) + 1,
            Date::parse("2027-01-01").unwrap().vn_midnight()
        );
    }

    #[test]
    fn status_at_the_deadline_boundary() {
        let due = end_of_day(Date::parse("2026-12-31").unwrap());
        let at = TaskStatus::at;
        assert_eq!(at(due + 10, due, None, Some(due)), TaskStatus::DoneOnTime);
        assert_eq!(at(due + 10, due, None, Some(due + 1)), TaskStatus::DoneLate);
        assert_eq!(at(due, due, Some(1), None), TaskStatus::InProgress);
        assert_eq!(at(due + 1, due, Some(1), None), TaskStatus::Overdue);
        assert_eq!(at(due - 5, due, None, None), TaskStatus::NotStarted);
    }

    #[test]
    fn newcomers_get_the_later_of_the_deadline_and_their_days() {
        let deadline = end_of_day(Date::parse("2026-12-31").unwrap());
        let early = Date::parse("2026-11-01").unwrap().vn_midnight() + 3600;
        assert_eq!(newcomer_due(deadline, early, NEWCOMER_DAYS), deadline);
        let late = Date::parse("2026-12-25").unwrap().vn_midnight() + 3600;
        assert_eq!(
            Moment(newcomer_due(deadline, late, NEWCOMER_DAYS)).display_vn(),
            "08/01/2027 23:59"
        );
    }

    #[test]
    fn weeks_start_on_monday_in_vietnam() {
        // Monday 30/11/2026 00:00 in Vietnam is Sunday 17:00 UTC
        let monday = Date::parse("2026-11-30").unwrap().vn_midnight();
        assert_eq!(week_of(monday), week_of(monday + 6 * 86_400 + 86_399));
        assert_eq!(week_of(monday - 1) + 1, week_of(monday));
        assert_eq!(week_start(week_of(monday + 3 * 86_400)).iso(), "2026-11-30");
    }

    #[test]
    fn tallies_count_overdue_only_after_the_deadline() {
        let before = Counts::of_tally(100, 200, 10, 6, 2, 1);
        assert_eq!(
            (before.in_progress, before.not_started, before.overdue),
            (3, 4, 0)
        );
        let after = Counts::of_tally(300, 200, 10, 6, 2, 1);
        assert_eq!(
            (after.in_progress, after.not_started, after.overdue),
            (0, 0, 7)
        );
        assert_eq!(after.percent(), 30);
    }

    #[test]
    fn a_view_keeps_its_filters_in_its_address() {
        let filter = DashboardFilter {
            unit: 5,
            status: Some(TaskStatus::Overdue),
            position: "Chuyên viên".into(),
            ..Default::default()
        };
        assert_eq!(
            filter.query(),
            "?don-vi=5&trang-thai=qua-han&chuc-vu=Chuy%C3%AAn%20vi%C3%AAn"
        );
    }
}
