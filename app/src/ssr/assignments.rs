//! The rules of required modules: who may give an assignment to whom (an
//! admin anywhere, a unit's manager inside the units they manage), what a
//! valid one is, and how the dashboard and an official's tasks are put
//! together from the data layer (`ssr::db::assignments`), which scopes
//! every query in SQL.

use crate::domain::text::nfc;
use crate::domain::{
    AssignmentLine, Counts, Dashboard, DashboardFilter, Date, Identifier, Moment, PersonLine,
    PhoneNumber, Reminder, Role, TaskStatus, TodoItem, TodoList, UnitLine, UnitRef, Viewer,
    end_of_day, week_of, week_start,
};
use crate::ssr::db::{Db, NewAssignment, PeopleQuery, PersonRow, Target, now_unix};
use std::collections::BTreeMap;

/// People shown per page of a dashboard.
pub const PEOPLE_PER_PAGE: i64 = 50;
/// Weeks the completions chart covers.
pub const CHART_WEEKS: i64 = 12;
/// Overdue people listed to chase ("cần đôn đốc") on a dashboard.
pub const CHASE_MAX: i64 = 20;

/// Why an assignment or a dashboard was refused; the message is for the person.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    #[error("Chỉ quản trị viên và người quản lý đơn vị được xem và giao nhiệm vụ học tập.")]
    Forbidden,
    #[error("Không tìm thấy đơn vị này trong phạm vi bạn quản lý.")]
    OutOfScope,
    #[error("Hãy chọn ít nhất một khóa học.")]
    NoCourse,
    #[error("Không tìm thấy khóa học đã chọn.")]
    UnknownCourse,
    #[error("Hạn hoàn thành cần là một ngày (ví dụ 31/12/2026).")]
    BadDeadline,
    #[error("Hạn hoàn thành đã qua; hãy chọn hôm nay hoặc một ngày sau.")]
    PastDeadline,
    #[error(
        "Không có ai trong phạm vi đã chọn: đơn vị chưa có cán bộ, hoặc không ai giữ chức vụ này."
    )]
    Nobody,
    #[error(
        "Dòng {0}: “{1}” không phải số điện thoại hay email của cán bộ nào trong đơn vị đã chọn."
    )]
    UnknownPerson(usize, String),
    #[error(
        "Cơ quan giao, số văn bản và chức vụ mỗi mục tối đa 200 ký tự; ghi chú tối đa 1000 ký tự."
    )]
    TooLong,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An assignment as its form gives it.
#[derive(Debug, Clone, Default)]
pub struct AssignForm {
    pub course_ids: Vec<i64>,
    pub unit_id: i64,
    pub include_sub: bool,
    pub position: String,
    /// Phones or e-mails, one per line; empty = everyone the unit covers.
    pub people: String,
    /// `YYYY-MM-DD` (a date input) or `dd/mm/yyyy`.
    pub deadline: String,
    pub authority: String,
    pub document: String,
    pub note: String,
}

/// A date as people type it: `YYYY-MM-DD` or `dd/mm/yyyy` (also with `-` or `.`).
pub fn parse_date(input: &str) -> Option<Date> {
    let input = input.trim();
    if let Ok(date) = Date::parse(input) {
        return Some(date);
    }
    let parts: Vec<&str> = input.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    Date::parse(&format!("{y:04}-{m:02}-{d:02}")).ok()
}

fn text(input: &str, max: usize) -> Result<String, AssignError> {
    let text = nfc(input.trim());
    if text.chars().count() > max {
        return Err(AssignError::TooLong);
    }
    Ok(text)
}

/// Whether the viewer sees dashboards at all: an admin, or a manager.
async fn overseer(db: &Db, viewer: &Viewer) -> Result<bool, AssignError> {
    let admin = viewer.has(Role::Admin);
    if !admin && db.managed_units(viewer.id).await?.is_empty() {
        return Err(AssignError::Forbidden);
    }
    Ok(admin)
}

/// Gives one assignment per chosen course; returns their ids.
pub async fn give(db: &Db, viewer: &Viewer, form: &AssignForm) -> Result<Vec<i64>, AssignError> {
    let admin = overseer(db, viewer).await?;
    db.scoped_unit(form.unit_id, admin, viewer.id)
        .await?
        .ok_or(AssignError::OutOfScope)?;
    if form.course_ids.is_empty() {
        return Err(AssignError::NoCourse);
    }
    let courses = db.course_choices().await?;
    if form
        .course_ids
        .iter()
        .any(|id| !courses.iter().any(|(c, _, _)| c == id))
    {
        return Err(AssignError::UnknownCourse);
    }
    let date = parse_date(&form.deadline).ok_or(AssignError::BadDeadline)?;
    let deadline_at = end_of_day(date);
    if deadline_at < now_unix() {
        return Err(AssignError::PastDeadline);
    }
    let authority = text(&form.authority, 200)?;
    let document = text(&form.document, 200)?;
    let note = text(&form.note, 1000)?;
    let position = text(&form.position, 200)?;
    let mut targets = Vec::new();
    let named: Vec<&str> = form
        .people
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (i, line) in named.iter().enumerate() {
        let person = match Identifier::parse(line) {
            Ok(identifier) => db.member_in_subtree(identifier.key(), form.unit_id).await?,
            Err(_) => None,
        };
        let person = person.ok_or_else(|| AssignError::UnknownPerson(i + 1, (*line).to_owned()))?;
        targets.push(Target::Person(person));
    }
    if named.is_empty() {
        targets.push(Target::Unit {
            unit_id: form.unit_id,
            include_sub: form.include_sub,
            position: position.clone(),
        });
        if db
            .covered_count(form.unit_id, form.include_sub, &position)
            .await?
            == 0
        {
            return Err(AssignError::Nobody);
        }
    }
    let mut ids = Vec::new();
    for course_id in &form.course_ids {
        let id = db
            .create_assignment(&NewAssignment {
                course_id: *course_id,
                deadline_at,
                authority: authority.clone(),
                document: document.clone(),
                note: note.clone(),
                owner_unit_id: form.unit_id,
                assigned_by: viewer.id,
                targets: targets.clone(),
            })
            .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Closes an assignment the viewer owns (through the units they manage).
pub async fn close(db: &Db, viewer: &Viewer, id: i64) -> Result<(), AssignError> {
    let admin = overseer(db, viewer).await?;
    if db.close_assignment(id, admin, viewer.id).await? {
        Ok(())
    } else {
        Err(AssignError::OutOfScope)
    }
}

fn unit_ref((id, code, name): (i64, String, String)) -> UnitRef {
    UnitRef { id, code, name }
}

/// The id of the unit directly below the unit at `root_path` on `path`.
fn child_on_path(root_path: &str, path: &str) -> Option<i64> {
    path.strip_prefix(root_path)?
        .split('/')
        .find(|p| !p.is_empty())?
        .parse()
        .ok()
}

/// Everything `/theo-doi` shows for `filter`, as the viewer may see it.
pub async fn dashboard(
    db: &Db,
    viewer: &Viewer,
    mut filter: DashboardFilter,
) -> Result<Dashboard, AssignError> {
    let admin = overseer(db, viewer).await?;
    // the same view for the same person, computed a moment ago with nothing
    // changed since (see `Db::cached_dashboard`)
    if let Some(board) = db.cached_dashboard(viewer.id, &filter) {
        return Ok(board);
    }
    let generation = db.dashboard_generation();
    let asked = filter.clone();
    let now = now_unix();
    let mut board = Dashboard {
        now,
        may_assign: true,
        whole_city: admin,
        ..Default::default()
    };
    if filter.unit == 0 && !admin {
        let managed = db.managed_units(viewer.id).await?;
        if managed.len() == 1 {
            filter.unit = managed[0].0;
        } else {
            board.choices = managed.into_iter().map(unit_ref).collect();
            board.filter = filter;
            return Ok(board);
        }
    }
    let root_path = if filter.unit == 0 {
        "/".to_owned()
    } else {
        let (id, code, name, path) = db
            .scoped_unit(filter.unit, admin, viewer.id)
            .await?
            .ok_or(AssignError::OutOfScope)?;
        board.unit = Some(UnitRef { id, code, name });
        // the crumbs stop at the top of what the viewer may see
        let mut crumbs = Vec::new();
        for (cid, ccode, cname) in db.units_on_path(&path).await? {
            if cid == id {
                break;
            }
            if admin || db.scoped_unit(cid, false, viewer.id).await?.is_some() {
                crumbs.push(UnitRef {
                    id: cid,
                    code: ccode,
                    name: cname,
                });
            }
        }
        board.crumbs = crumbs;
        path
    };
    let (unit, a) = (filter.unit, filter.assignment);
    let rows = db.assignments_in(unit, admin, viewer.id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let targets = db.assignment_targets(&ids, admin, viewer.id).await?;
    let tallies = db
        .tallies(unit, admin, viewer.id, 0, &filter.position)
        .await?;
    let children = db
        .child_units(board.unit.as_ref().map_or(0, |u| u.id))
        .await?;
    let mut per_assignment: BTreeMap<i64, Counts> = BTreeMap::new();
    let mut per_child: BTreeMap<i64, Counts> = BTreeMap::new();
    for t in &tallies {
        let counts = Counts::of_tally(now, t.due_at, t.total, t.started, t.on_time, t.late);
        per_assignment
            .entry(t.assignment_id)
            .or_default()
            .add(counts);
        if a != 0 && t.assignment_id != a {
            continue;
        }
        board.counts.add(counts);
        let child = if root_path == "/" {
            t.path
                .split('/')
                .find(|p| !p.is_empty())
                .and_then(|p| p.parse().ok())
        } else {
            child_on_path(&root_path, &t.path)
        };
        if let Some(child) = child {
            per_child.entry(child).or_default().add(counts);
        }
    }
    board.assignments = rows
        .into_iter()
        .map(|r| {
            let target = targets
                .iter()
                .filter(|t| t.assignment_id == r.id)
                .map(|t| match (&t.unit_name, &t.person) {
                    (_, Some(person)) => person.clone(),
                    (Some(unit), None) => {
                        let mut who = unit.clone();
                        if t.include_sub == 1 {
                            who.push_str(" (cả đơn vị trực thuộc)");
                        }
                        if !t.position.is_empty() {
                            who = format!("{}: {who}", t.position);
                        }
                        who
                    }
                    // a person outside the viewer's units: not named
                    (None, None) => String::new(),
                })
                .filter(|who| !who.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            AssignmentLine {
                id: r.id,
                course_title: r.course_title,
                course_slug: r.course_slug,
                deadline_at: r.deadline_at,
                authority: r.authority,
                document: r.document,
                note: r.note,
                assigned_by: r.assigned_by.unwrap_or_default(),
                target,
                closed: r.closed_at.is_some(),
                may_close: r.closed_at.is_none() && r.closable == 1,
                counts: per_assignment.get(&r.id).copied().unwrap_or_default(),
            }
        })
        .collect();
    board.units = children
        .into_iter()
        .filter_map(|(id, code, name, _)| {
            let counts = per_child.get(&id).copied()?;
            Some(UnitLine {
                unit: UnitRef { id, code, name },
                counts,
            })
        })
        .collect();
    match filter.sort.as_str() {
        "ten" => board.units.sort_by(|x, y| x.unit.code.cmp(&y.unit.code)),
        "qua-han" => board
            .units
            .sort_by_key(|u| std::cmp::Reverse(u.counts.overdue)),
        _ => board
            .units
            .sort_by_key(|u| (u.counts.percent(), u.unit.code.clone())),
    }
    let this_week = week_of(now);
    let weeks: BTreeMap<i64, i64> = db
        .completions_by_week(unit, admin, viewer.id, a, this_week - CHART_WEEKS + 1)
        .await?
        .into_iter()
        .collect();
    board.weeks = (this_week - CHART_WEEKS + 1..=this_week)
        .map(|w| (week_start(w), weeks.get(&w).copied().unwrap_or(0)))
        .collect();
    board.positions = db.positions_in(unit, admin, viewer.id).await?;
    let query = PeopleQuery {
        unit,
        path: root_path.clone(),
        admin,
        viewer: viewer.id,
        assignment: a,
        position: filter.position.clone(),
        status: filter.status,
        now,
    };
    // named people once the view is one unit (the city is its units' sum;
    // its people are in the CSV export)
    if unit != 0 {
        let order = match filter.sort.as_str() {
            "han" => "ap.due_at, us.full_name, ap.user_id, ap.assignment_id",
            "trang-thai" => "ap.completed_at IS NOT NULL, ap.due_at, us.full_name, ap.user_id",
            _ => "us.full_name, ap.user_id, ap.assignment_id",
        };
        let page = filter.page.max(1);
        let mut people = db
            .people_page(
                &query,
                order,
                PEOPLE_PER_PAGE + 1,
                (page - 1) * PEOPLE_PER_PAGE,
            )
            .await?;
        board.more_people = people.len() as i64 > PEOPLE_PER_PAGE;
        people.truncate(PEOPLE_PER_PAGE as usize);
        board.people = people.into_iter().map(|p| person_line(p, now)).collect();
    }
    // the overdue people of a unit to follow up; for the whole city, the
    // units table (sortable by overdue) says where to follow up
    if unit != 0 {
        let chase = PeopleQuery {
            status: Some(TaskStatus::Overdue),
            ..query
        };
        board.chase = db
            .people_page(&chase, "ap.due_at, us.full_name, ap.user_id", CHASE_MAX, 0)
            .await?
            .into_iter()
            .map(|p| person_line(p, now))
            .collect();
    }
    board.filter = filter;
    db.keep_dashboard(viewer.id, asked, generation, &board);
    Ok(board)
}

/// A person's row as the dashboard shows it (contact: phone, else e-mail).
pub fn person_line(p: PersonRow, now: i64) -> PersonLine {
    PersonLine {
        user_id: p.user_id,
        status: TaskStatus::at(now, p.due_at, p.started_at, p.completed_at),
        full_name: p.full_name,
        contact: p
            .phone
            .as_deref()
            .and_then(PhoneNumber::parse)
            .map(|n| n.display())
            .or(p.email)
            .unwrap_or_default(),
        unit_name: p.unit_name,
        position: p.position,
        course_title: p.course_title,
        due_at: p.due_at,
        completed_at: p.completed_at,
    }
}

/// The CSV export's query for a view, once the viewer may see it.
pub async fn export_query(
    db: &Db,
    viewer: &Viewer,
    filter: &DashboardFilter,
) -> Result<PeopleQuery, AssignError> {
    let admin = overseer(db, viewer).await?;
    if filter.unit == 0 && !admin {
        return Err(AssignError::OutOfScope);
    }
    let path = if filter.unit == 0 {
        "/".to_owned()
    } else {
        db.scoped_unit(filter.unit, admin, viewer.id)
            .await?
            .ok_or(AssignError::OutOfScope)?
            .3
    };
    Ok(PeopleQuery {
        unit: filter.unit,
        path,
        admin,
        viewer: viewer.id,
        assignment: filter.assignment,
        position: filter.position.clone(),
        status: filter.status,
        now: now_unix(),
    })
}

/// An official's tasks and reminders.
pub async fn todo(db: &Db, viewer: &Viewer) -> Result<TodoList, sqlx::Error> {
    let now = now_unix();
    let items = db
        .todo_of(viewer.id)
        .await?
        .into_iter()
        .map(|r| TodoItem {
            assignment_id: r.assignment_id,
            status: TaskStatus::at(now, r.due_at, r.started_at, r.completed_at),
            course_slug: r.course_slug,
            course_title: r.course_title,
            due_at: r.due_at,
            completed_at: r.completed_at,
            steps_done: r.steps_done,
            steps: r.steps,
            authority: r.authority,
            document: r.document,
            note: r.note,
            assigned_by: r.assigned_by.unwrap_or_default(),
        })
        .collect();
    let reminders = db
        .reminders_of(viewer.id)
        .await?
        .into_iter()
        .map(|r| Reminder {
            id: r.id,
            kind: r.kind,
            course_title: r.course_title,
            course_slug: r.course_slug,
            due_at: r.due_at,
            created_at: r.created_at,
            read: r.read_at.is_some(),
        })
        .collect();
    Ok(TodoList {
        items,
        reminders,
        now,
    })
}

/// The subject and text of a reminder's e-mail.
pub fn reminder_mail(
    kind: &str,
    full_name: &str,
    course_title: &str,
    due_at: i64,
    public_url: &str,
) -> (String, String) {
    let due = Moment(due_at).display_vn();
    let subject = if kind == "overdue" {
        format!("Đã quá hạn: khóa học “{course_title}”")
    } else {
        format!("Sắp đến hạn: khóa học “{course_title}” (hạn {due})")
    };
    let body = format!(
        "Kính gửi {full_name},\n\n{}\n\nXem các việc cần làm và học tiếp tại:\n{public_url}/viec-can-lam\n\nHọc Số",
        if kind == "overdue" {
            format!(
                "Khóa học bắt buộc “{course_title}” đã quá hạn hoàn thành ({due}). Xin hoàn thành sớm nhất có thể."
            )
        } else {
            format!("Khóa học bắt buộc “{course_title}” cần hoàn thành trước {due}.")
        }
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        for input in [
            "2026-12-31",
            "31/12/2026",
            "31-12-2026",
            "31.12.2026",
            " 31/12/2026 ",
        ] {
            assert_eq!(parse_date(input).unwrap().iso(), "2026-12-31", "{input}");
        }
        for bad in ["31/02/2026", "12/31/2026", "hôm nay", ""] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_child_on_a_path_is_the_next_id() {
        assert_eq!(child_on_path("/1/", "/1/5/12/"), Some(5));
        assert_eq!(child_on_path("/1/5/", "/1/5/12/"), Some(12));
        assert_eq!(child_on_path("/1/5/", "/1/5/"), None);
        assert_eq!(child_on_path("/2/", "/1/5/"), None);
    }
}
