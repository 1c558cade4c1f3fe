//! Assignments of required courses (migration 0013): giving one, the people
//! it covers (newcomers and transferred officials inherit open ones),
//! completion as an event, each official's tasks, and the dashboards'
//! figures, every one scoped in SQL to what the viewer may see (`ROOT`).
//! The rules are in `ssr::assignments`.

use super::{Db, now_unix};
use crate::domain::{NEWCOMER_DAYS, TaskStatus};
use sqlx::{Any, FromRow, Transaction};

/// The unit a dashboard query looks at, as one row `(path)` or none: `$1`
/// is the unit (0 = the whole city, for admins only), `$2` 1 when the
/// viewer is an admin, `$3` the viewer. A manager's unit must lie in a
/// subtree they manage; an id outside it gives no row, so no figure.
const ROOT: &str = "root AS (
    SELECT r.path FROM units r
    WHERE r.id = $1 AND ($2 = 1 OR EXISTS (
        SELECT 1 FROM unit_managers m JOIN units mu ON mu.id = m.unit_id
        WHERE m.user_id = $3 AND substr(r.path, 1, length(mu.path)) = mu.path))
    UNION ALL
    SELECT '/' AS path WHERE $1 = 0 AND $2 = 1)";

/// Whether the viewer may close (or otherwise manage) the assignment whose
/// owner unit is `owner`: an admin (`admin` is 1), or a manager of that unit
/// or of one above it. `admin` and `viewer` are the statement's parameters.
fn may_manage_sql(owner: &str, admin: &str, viewer: &str) -> String {
    format!(
        "({admin} = 1 OR EXISTS (
             SELECT 1 FROM unit_managers m JOIN units mu ON mu.id = m.unit_id
             JOIN units o ON o.id = {owner}
             WHERE m.user_id = {viewer} AND substr(o.path, 1, length(mu.path)) = mu.path))"
    )
}

/// A person's status with an assignment at `$now` (see `TaskStatus::at`).
fn status_sql(now: &str) -> String {
    format!(
        "CASE WHEN ap.completed_at IS NOT NULL AND ap.completed_at <= ap.due_at THEN 'dung-han'
              WHEN ap.completed_at IS NOT NULL THEN 'tre-han'
              WHEN ap.due_at < {now} THEN 'qua-han'
              WHEN ap.started_at IS NOT NULL THEN 'dang-hoc'
              ELSE 'chua-bat-dau' END"
    )
}

/// What an assignment covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The people of a unit (and of its sub-units), maybe only one position.
    Unit {
        unit_id: i64,
        include_sub: bool,
        position: String,
    },
    Person(i64),
}

/// An assignment to give.
#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub course_id: i64,
    pub deadline_at: i64,
    pub authority: String,
    pub document: String,
    pub note: String,
    pub owner_unit_id: i64,
    pub assigned_by: i64,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, FromRow)]
pub struct TallyRow {
    pub assignment_id: i64,
    pub unit_id: i64,
    pub path: String,
    pub due_at: i64,
    pub total: i64,
    pub started: i64,
    pub on_time: i64,
    pub late: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct AssignmentRow {
    pub id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub course_slug: String,
    pub deadline_at: i64,
    pub authority: String,
    pub document: String,
    pub note: String,
    pub assigned_by: Option<String>,
    pub owner_unit_id: i64,
    pub closed_at: Option<i64>,
    /// 1 when the viewer may close it (see `may_manage_sql`).
    pub closable: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct TargetRow {
    pub assignment_id: i64,
    pub unit_name: Option<String>,
    pub include_sub: i64,
    pub position: String,
    pub person: Option<String>,
}

/// One person's row with one assignment, as the dashboard and its CSV show it.
#[derive(Debug, Clone, FromRow)]
pub struct PersonRow {
    pub user_id: i64,
    pub full_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub unit_code: String,
    pub unit_name: String,
    pub position: String,
    pub assignment_id: i64,
    pub course_title: String,
    pub deadline_at: i64,
    pub due_at: i64,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub authority: String,
    pub document: String,
    pub assigned_by: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct TodoRow {
    pub assignment_id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub due_at: i64,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub authority: String,
    pub document: String,
    pub note: String,
    pub assigned_by: Option<String>,
    pub steps: i64,
    pub steps_done: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ReminderRow {
    pub id: i64,
    pub kind: String,
    pub course_title: String,
    pub course_slug: String,
    pub due_at: i64,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// A reminder just created, with what its e-mail needs.
#[derive(Debug, Clone, FromRow)]
pub struct NewReminder {
    pub id: i64,
    pub kind: String,
    pub full_name: String,
    pub email: Option<String>,
    pub course_title: String,
    pub course_slug: String,
    pub due_at: i64,
}

/// An e-mail claimed for sending.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// Attempts at sending one e-mail before it is given up (kept, marked
/// failed): with [`email_backoff`], about 20 hours of trying.
pub const EMAIL_MAX_ATTEMPTS: i64 = 12;

/// Seconds to wait after failed attempt number `attempts` (1, 2, …): one
/// minute, doubled each time, at most six hours.
pub fn email_backoff(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 20) - 1;
    (60_i64 << doublings).min(6 * 3600)
}

/// Whether the mailer can take `to` as a recipient: parsed exactly as the
/// sender parses it (lettre's mailbox), and ASCII, since lettre refuses a
/// non-ASCII envelope unless the relay offers SMTPUTF8, which we cannot
/// count on. An address our own check lets through but SMTP cannot carry
/// (a non-ASCII local part, say) is known when it is queued, not when it
/// blocks the queue.
pub fn mailable(to: &str) -> bool {
    to.is_ascii() && to.parse::<lettre::message::Mailbox>().is_ok()
}

/// What the people query and the CSV select, with `{status}` and `{root}`.
const PEOPLE_SELECT: &str =
    "SELECT ap.user_id, us.full_name, us.phone, us.email, u.code AS unit_code,
        u.name AS unit_name, ap.position, ap.assignment_id, c.title AS course_title,
        a.deadline_at, ap.due_at, ap.started_at, ap.completed_at, a.authority, a.document,
        g.full_name AS assigned_by
     FROM root CROSS JOIN units u CROSS JOIN assignees ap
     JOIN assignments a ON a.id = ap.assignment_id
     JOIN courses c ON c.id = a.course_id
     JOIN users us ON us.id = ap.user_id
     LEFT JOIN users g ON g.id = a.assigned_by
     WHERE substr(u.path, 1, length(root.path)) = root.path AND ap.unit_id = u.id
       AND ($4 = 0 OR ap.assignment_id = $4) AND ($5 = '' OR ap.position = $5)
       AND ($6 = '' OR {status} = $6)";

/// The people of a dashboard view: `(unit, admin, viewer)` for `ROOT`,
/// then assignment (0 = all), position ('' = all), status code ('' = all).
#[derive(Debug, Clone)]
pub struct PeopleQuery {
    pub unit: i64,
    /// The unit's path (`/` for the whole city), for the export.
    pub path: String,
    pub admin: bool,
    pub viewer: i64,
    pub assignment: i64,
    pub position: String,
    pub status: Option<TaskStatus>,
    pub now: i64,
}

/// How long a computed dashboard is served again: changes made in this
/// process clear it at once (`Db::assignments_changed`); changes made
/// through another app server show within this time (plus one
/// computation: see `Db::cached_dashboard`).
pub const DASHBOARD_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

type DashboardKey = (i64, crate::domain::DashboardFilter);
/// `(computed at, generation, dashboard, being recomputed)`
type DashboardEntry = (std::time::Instant, u64, crate::domain::Dashboard, bool);
type DashboardMap = std::collections::HashMap<DashboardKey, DashboardEntry>;

/// Composes a reminder's e-mail: `(subject, body)`.
pub type ReminderMail<'a> = &'a (dyn Fn(&NewReminder) -> (String, String) + Sync);

/// Dashboards as computed, per viewer and view, with the generation of the
/// assignments' state they were computed from.
#[derive(Clone, Debug, Default)]
pub(crate) struct DashboardCache {
    generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
    entries: std::sync::Arc<std::sync::Mutex<DashboardMap>>,
}

impl Db {
    /// Something that a dashboard counts changed in this process.
    pub fn assignments_changed(&self) {
        self.dashboards
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The generation to compute a dashboard from (read before computing).
    pub fn dashboard_generation(&self) -> u64 {
        self.dashboards
            .generation
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// A dashboard computed for this viewer and view with nothing changed
    /// since in this process: fresh (younger than `DASHBOARD_FRESH`), or
    /// older while another request recomputes it (the first request to find
    /// it old gets `None` and recomputes; the others are not held up, and
    /// an old one is never older than a minute).
    pub fn cached_dashboard(
        &self,
        viewer: i64,
        filter: &crate::domain::DashboardFilter,
    ) -> Option<crate::domain::Dashboard> {
        let generation = self.dashboard_generation();
        let mut entries = self.dashboards.entries.lock().ok()?;
        let (at, seen, board, refreshing) = entries.get_mut(&(viewer, filter.clone()))?;
        if *seen != generation || at.elapsed() >= std::time::Duration::from_secs(60) {
            return None;
        }
        if at.elapsed() < DASHBOARD_FRESH || *refreshing {
            return Some(board.clone());
        }
        *refreshing = true;
        None
    }

    /// Keeps a dashboard computed from `generation` (at most 512 kept).
    pub fn keep_dashboard(
        &self,
        viewer: i64,
        filter: crate::domain::DashboardFilter,
        generation: u64,
        board: &crate::domain::Dashboard,
    ) {
        if let Ok(mut entries) = self.dashboards.entries.lock() {
            if entries.len() >= 512 {
                entries.retain(|_, (at, _, _, _)| at.elapsed() < DASHBOARD_FRESH);
                if entries.len() >= 512 {
                    entries.clear();
                }
            }
            entries.insert(
                (viewer, filter),
                (std::time::Instant::now(), generation, board.clone(), false),
            );
        }
    }

    /// Gives an assignment and covers the people its targets name now, in
    /// one transaction; returns its id. A person who completed the course
    /// before is recorded as done (on time) with their completion.
    pub async fn create_assignment(&self, new: &NewAssignment) -> Result<i64, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assignments (course_id, deadline_at, newcomer_days, authority, document,
                 note, owner_unit_id, assigned_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(new.course_id)
        .bind(new.deadline_at)
        .bind(NEWCOMER_DAYS)
        .bind(&new.authority)
        .bind(&new.document)
        .bind(&new.note)
        .bind(new.owner_unit_id)
        .bind(new.assigned_by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for target in &new.targets {
            let (unit, include_sub, position, person) = match target {
                Target::Unit {
                    unit_id,
                    include_sub,
                    position,
                } => (
                    Some(*unit_id),
                    i64::from(*include_sub),
                    position.as_str(),
                    None,
                ),
                Target::Person(user) => (None, 0, "", Some(*user)),
            };
            sqlx::query(
                "INSERT INTO assignment_targets (assignment_id, unit_id, include_sub, position, user_id)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(unit)
            .bind(include_sub)
            .bind(position)
            .bind(person)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO assignees (assignment_id, user_id, course_id, unit_id, position, due_at,
                     added_at, started_at, completed_at)
                 SELECT $1, m.user_id, $2, m.unit_id, m.position, $3, $4, p.started_at, p.completed_at
                 FROM unit_memberships m
                 JOIN units u ON u.id = m.unit_id
                 LEFT JOIN course_progress p ON p.user_id = m.user_id AND p.course_id = $2
                 WHERE m.until_at IS NULL AND (
                     m.user_id = $5
                     OR u.id = $6
                     OR ($7 = 1 AND substr(u.path, 1, length((SELECT path FROM units WHERE id = $6)))
                                    = (SELECT path FROM units WHERE id = $6)))
                   AND ($8 = '' OR m.position = $8)
                 ON CONFLICT (assignment_id, user_id) DO NOTHING",
            )
            .bind(id)
            .bind(new.course_id)
            .bind(new.deadline_at)
            .bind(now)
            .bind(person.unwrap_or(0))
            .bind(unit.unwrap_or(0))
            .bind(include_sub)
            .bind(position)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO audit_log (actor_id, action, detail, created_at, item_kind, item_id)
             VALUES ($1, 'assignment_given', $2, $3, 'unit', $4)",
        )
        .bind(new.assigned_by)
        .bind(format!("assignment {id} course {}", new.course_id))
        .bind(now)
        .bind(new.owner_unit_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.assignments_changed();
        Ok(id)
    }

    /// Closes an assignment: it stays on the dashboards with its figures,
    /// and newcomers no longer inherit it. Scoped like the dashboard.
    pub async fn close_assignment(
        &self,
        id: i64,
        admin: bool,
        viewer: i64,
    ) -> Result<bool, sqlx::Error> {
        let _turn = self.write_turn().await;
        let sql = format!(
            "UPDATE assignments SET closed_at = $1
             WHERE id = $2 AND closed_at IS NULL AND {}",
            may_manage_sql("assignments.owner_unit_id", "$3", "$4")
        );
        // built from constants, not input
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now_unix())
            .bind(id)
            .bind(i64::from(admin))
            .bind(viewer)
            .execute(&self.pool)
            .await?;
        self.assignments_changed();
        Ok(done.rows_affected() == 1)
    }

    /// The assignments owned inside a view's subtree, or with people in it
    /// (an assignment given above, to other units only, is not the
    /// viewer's: its note and document stay with those it concerns).
    pub async fn assignments_in(
        &self,
        unit: i64,
        admin: bool,
        viewer: i64,
    ) -> Result<Vec<AssignmentRow>, sqlx::Error> {
        let sql = format!(
            "WITH {ROOT}
             SELECT a.id, a.course_id, c.title AS course_title, c.slug AS course_slug, a.deadline_at,
                    a.authority, a.document, a.note, g.full_name AS assigned_by, a.owner_unit_id,
                    a.closed_at, CAST(CASE WHEN {may_manage} THEN 1 ELSE 0 END AS BIGINT) AS closable
             FROM assignments a
             JOIN courses c ON c.id = a.course_id
             LEFT JOIN users g ON g.id = a.assigned_by
             WHERE EXISTS (SELECT 1 FROM root JOIN units o
                           ON substr(o.path, 1, length(root.path)) = root.path
                           WHERE o.id = a.owner_unit_id)
                OR EXISTS (SELECT 1 FROM root CROSS JOIN assignment_tallies t
                           JOIN units tu ON tu.id = t.unit_id
                           WHERE t.assignment_id = a.id AND t.total > 0
                             AND substr(tu.path, 1, length(root.path)) = root.path)
             ORDER BY a.closed_at IS NOT NULL, a.deadline_at, a.id",
            may_manage = may_manage_sql("a.owner_unit_id", "$2", "$3"),
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(unit)
            .bind(i64::from(admin))
            .bind(viewer)
            .fetch_all(&self.pool)
            .await
    }

    /// The targets of assignments, to say whom each one covers. A person
    /// named is shown to an admin, or to a manager of the unit where that
    /// person has the assignment (or of one above it); to anyone else the
    /// name is `None`.
    pub async fn assignment_targets(
        &self,
        ids: &[i64],
        admin: bool,
        viewer: i64,
    ) -> Result<Vec<TargetRow>, sqlx::Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        // `list` is integers we formatted, not input
        let sql = format!(
            "SELECT t.assignment_id, u.name AS unit_name, t.include_sub, t.position,
                    CASE WHEN $1 = 1 OR EXISTS (
                        SELECT 1 FROM assignees ap JOIN units pu ON pu.id = ap.unit_id
                        JOIN unit_managers m ON m.user_id = $2
                        JOIN units mu ON mu.id = m.unit_id
                        WHERE ap.assignment_id = t.assignment_id AND ap.user_id = t.user_id
                          AND substr(pu.path, 1, length(mu.path)) = mu.path)
                    THEN p.full_name END AS person
             FROM assignment_targets t
             LEFT JOIN units u ON u.id = t.unit_id
             LEFT JOIN users p ON p.id = t.user_id
             WHERE t.assignment_id IN ({list}) ORDER BY t.id"
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(admin))
            .bind(viewer)
            .fetch_all(&self.pool)
            .await
    }

    /// The tallies of a view's subtree, per assignment, unit and due moment.
    pub async fn tallies(
        &self,
        unit: i64,
        admin: bool,
        viewer: i64,
        assignment: i64,
        position: &str,
    ) -> Result<Vec<TallyRow>, sqlx::Error> {
        let sql = format!(
            "WITH {ROOT}
             SELECT t.assignment_id, t.unit_id, u.path, t.due_at,
                    CAST(SUM(t.total) AS BIGINT) AS total, CAST(SUM(t.started) AS BIGINT) AS started,
                    CAST(SUM(t.on_time) AS BIGINT) AS on_time, CAST(SUM(t.late) AS BIGINT) AS late
             FROM root CROSS JOIN units u CROSS JOIN assignment_tallies t
             WHERE substr(u.path, 1, length(root.path)) = root.path AND t.unit_id = u.id
               AND ($4 = 0 OR t.assignment_id = $4) AND ($5 = '' OR t.position = $5) AND t.total > 0
             GROUP BY t.assignment_id, t.unit_id, u.path, t.due_at"
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(unit)
            .bind(i64::from(admin))
            .bind(viewer)
            .bind(assignment)
            .bind(position)
            .fetch_all(&self.pool)
            .await
    }

    /// Completions per week since `from_week` in a view's subtree.
    pub async fn completions_by_week(
        &self,
        unit: i64,
        admin: bool,
        viewer: i64,
        assignment: i64,
        from_week: i64,
    ) -> Result<Vec<(i64, i64)>, sqlx::Error> {
        let sql = format!(
            "WITH {ROOT}
             SELECT w.week, CAST(SUM(w.completions) AS BIGINT) AS n
             FROM root CROSS JOIN units u CROSS JOIN completion_weeks w
             WHERE substr(u.path, 1, length(root.path)) = root.path AND w.unit_id = u.id
               AND ($4 = 0 OR w.assignment_id = $4) AND w.week >= $5
             GROUP BY w.week ORDER BY w.week"
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(unit)
            .bind(i64::from(admin))
            .bind(viewer)
            .bind(assignment)
            .bind(from_week)
            .fetch_all(&self.pool)
            .await
    }

    /// The positions held in a view's subtree (for the filter).
    pub async fn positions_in(
        &self,
        unit: i64,
        admin: bool,
        viewer: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        let sql = format!(
            "WITH {ROOT}
             SELECT DISTINCT t.position FROM root CROSS JOIN units u CROSS JOIN assignment_tallies t
             WHERE substr(u.path, 1, length(root.path)) = root.path AND t.unit_id = u.id
               AND t.position <> '' AND t.total > 0 ORDER BY t.position"
        );
        sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql))
            .bind(unit)
            .bind(i64::from(admin))
            .bind(viewer)
            .fetch_all(&self.pool)
            .await
            .map(|rows| rows.into_iter().map(|(p,)| p).collect())
    }

    /// A page of people of a view, by `order` (a fixed ORDER BY of ours).
    pub async fn people_page(
        &self,
        q: &PeopleQuery,
        order: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<PersonRow>, sqlx::Error> {
        let sql = format!(
            "WITH {ROOT} {} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            PEOPLE_SELECT.replace("{status}", &status_sql("$7"))
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(q.unit)
            .bind(i64::from(q.admin))
            .bind(q.viewer)
            .bind(q.assignment)
            .bind(&q.position)
            .bind(q.status.map(TaskStatus::code).unwrap_or(""))
            .bind(q.now)
            .fetch_all(&self.pool)
            .await
    }

    /// Every person of a view, sent one by one to `out` in the order of the
    /// units' paths, then assignment and person: the order of the indexes
    /// the query walks (`units_by_path`, `assignees_by_unit`), so the
    /// database sorts one unit's rows at a time and nothing is collected:
    /// memory does not grow with the export. Stops when `out` is closed.
    /// The unit is `q.path` (from `scoped_unit`); the viewer's scope is
    /// checked again in the statement.
    pub async fn send_people(
        &self,
        q: &PeopleQuery,
        out: tokio::sync::mpsc::Sender<PersonRow>,
    ) -> Result<(), sqlx::Error> {
        use futures::TryStreamExt;
        let sql = format!(
            "SELECT ap.user_id, us.full_name, us.phone, us.email, u.code AS unit_code,
                    u.name AS unit_name, ap.position, ap.assignment_id, c.title AS course_title,
                    a.deadline_at, ap.due_at, ap.started_at, ap.completed_at, a.authority,
                    a.document, g.full_name AS assigned_by
             FROM units u CROSS JOIN assignees ap CROSS JOIN assignments a
             CROSS JOIN courses c CROSS JOIN users us
             LEFT JOIN users g ON g.id = a.assigned_by
             WHERE substr(u.path, 1, length($1)) = $1 AND ap.unit_id = u.id
               AND a.id = ap.assignment_id AND c.id = a.course_id AND us.id = ap.user_id
               AND ($2 = 1 OR EXISTS (
                   SELECT 1 FROM unit_managers m JOIN units mu ON mu.id = m.unit_id
                   WHERE m.user_id = $3 AND substr($1, 1, length(mu.path)) = mu.path))
               AND ($4 = 0 OR ap.assignment_id = $4) AND ($5 = '' OR ap.position = $5)
               AND ($6 = '' OR {} = $6)
             ORDER BY u.path, ap.assignment_id, ap.user_id",
            status_sql("$7")
        );
        let mut rows = sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql))
            .bind(&q.path)
            .bind(i64::from(q.admin))
            .bind(q.viewer)
            .bind(q.assignment)
            .bind(&q.position)
            .bind(q.status.map(TaskStatus::code).unwrap_or(""))
            .bind(q.now)
            .fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            if out.send(row).await.is_err() {
                break;
            }
        }
        Ok(())
    }

    /// The unit a dashboard looks at, if the viewer may see it.
    pub async fn scoped_unit(
        &self,
        unit: i64,
        admin: bool,
        viewer: i64,
    ) -> Result<Option<(i64, String, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT r.id, r.code, r.name, r.path FROM units r
             WHERE r.id = $1 AND ($2 = 1 OR EXISTS (
                 SELECT 1 FROM unit_managers m JOIN units mu ON mu.id = m.unit_id
                 WHERE m.user_id = $3 AND substr(r.path, 1, length(mu.path)) = mu.path))",
        )
        .bind(unit)
        .bind(i64::from(admin))
        .bind(viewer)
        .fetch_optional(&self.pool)
        .await
    }

    /// The units whose ids are on `path` (`/1/5/12/`), top first.
    pub async fn units_on_path(
        &self,
        path: &str,
    ) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
        let ids: Vec<i64> = path.split('/').filter_map(|p| p.parse().ok()).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql =
            format!("SELECT id, code, name FROM units WHERE id IN ({list}) ORDER BY length(path)");
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
    }

    /// Units directly below `parent` (the top units for 0).
    pub async fn child_units(
        &self,
        parent: i64,
    ) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, code, name, path FROM units
             WHERE (parent_id = $1 OR ($1 = 0 AND parent_id IS NULL)) ORDER BY code",
        )
        .bind(parent)
        .fetch_all(&self.pool)
        .await
    }

    /// The units `viewer` manages, top first.
    pub async fn managed_units(
        &self,
        viewer: i64,
    ) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT u.id, u.code, u.name FROM unit_managers m JOIN units u ON u.id = m.unit_id
             WHERE m.user_id = $1 ORDER BY length(u.path), u.code",
        )
        .bind(viewer)
        .fetch_all(&self.pool)
        .await
    }

    /// The courses an assignment may name: `(id, slug, title)`.
    pub async fn course_choices(&self) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, slug, title FROM courses WHERE hidden_at IS NULL ORDER BY position, slug",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// The units the viewer may give assignments to (admins: every open
    /// unit), depth first: `(id, code, name, path)`.
    pub async fn units_in_scope(
        &self,
        admin: bool,
        viewer: i64,
    ) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT u.id, u.code, u.name, u.path FROM units u
             WHERE u.closed_at IS NULL AND ($1 = 1 OR EXISTS (
                 SELECT 1 FROM unit_managers m JOIN units mu ON mu.id = m.unit_id
                 WHERE m.user_id = $2 AND substr(u.path, 1, length(mu.path)) = mu.path))
             ORDER BY u.path",
        )
        .bind(i64::from(admin))
        .bind(viewer)
        .fetch_all(&self.pool)
        .await
    }

    /// The account with login `key` if it belongs now to `unit` or a unit below it.
    pub async fn member_in_subtree(
        &self,
        key: &str,
        unit: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT p.id FROM users p
             JOIN unit_memberships m ON m.user_id = p.id AND m.until_at IS NULL
             JOIN units u ON u.id = m.unit_id
             JOIN units r ON r.id = $2
             WHERE (p.phone = $1 OR p.email = $1) AND substr(u.path, 1, length(r.path)) = r.path",
        )
        .bind(key)
        .bind(unit)
        .fetch_optional(&self.pool)
        .await
    }

    /// How many people a unit target covers now.
    pub async fn covered_count(
        &self,
        unit: i64,
        include_sub: bool,
        position: &str,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM unit_memberships m
             JOIN units u ON u.id = m.unit_id
             JOIN units r ON r.id = $1
             WHERE m.until_at IS NULL AND ($3 = '' OR m.position = $3)
               AND (u.id = r.id OR ($2 = 1 AND substr(u.path, 1, length(r.path)) = r.path))",
        )
        .bind(unit)
        .bind(i64::from(include_sub))
        .bind(position)
        .fetch_one(&self.pool)
        .await
    }

    /// An official's assignments, soonest deadline first, open before done.
    pub async fn todo_of(&self, user: i64) -> Result<Vec<TodoRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT ap.assignment_id, ap.course_id, c.slug AS course_slug, c.title AS course_title,
                    ap.due_at, ap.started_at, ap.completed_at, a.authority, a.document, a.note,
                    g.full_name AS assigned_by,
                    (SELECT CAST(COUNT(*) AS BIGINT) FROM course_steps s WHERE s.course_id = ap.course_id) AS steps,
                    (SELECT CAST(COUNT(*) AS BIGINT) FROM course_steps s
                     LEFT JOIN lesson_completions lc ON lc.lesson_id = s.lesson_id AND lc.user_id = $1
                     LEFT JOIN quiz_standings qs ON qs.quiz_id = s.quiz_id AND qs.user_id = $1
                     WHERE s.course_id = ap.course_id
                       AND (lc.user_id IS NOT NULL OR qs.passed_at IS NOT NULL)) AS steps_done
             FROM assignees ap
             JOIN assignments a ON a.id = ap.assignment_id
             JOIN courses c ON c.id = ap.course_id
             LEFT JOIN users g ON g.id = a.assigned_by
             WHERE ap.user_id = $1
             ORDER BY ap.completed_at IS NOT NULL, ap.due_at, ap.assignment_id",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await
    }

    /// Whether `user` has any assignment (the home page shows their tasks).
    pub async fn has_assignments(&self, user: i64) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM assignees WHERE user_id = $1 LIMIT 1")
            .bind(user)
            .fetch_optional(&self.pool)
            .await
            .map(|row| row.is_some())
    }

    /// An official's reminders, newest first.
    pub async fn reminders_of(&self, user: i64) -> Result<Vec<ReminderRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT n.id, n.kind, c.title AS course_title, c.slug AS course_slug, ap.due_at,
                    n.created_at, n.read_at
             FROM notifications n
             JOIN assignees ap ON ap.assignment_id = n.assignment_id AND ap.user_id = n.user_id
             JOIN courses c ON c.id = ap.course_id
             WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT 50",
        )
        .bind(user)
        .fetch_all(&self.pool)
        .await
    }

    /// Marks an official's reminders read; returns how many were unread.
    pub async fn mark_reminders_read(&self, user: i64) -> Result<u64, sqlx::Error> {
        let _turn = self.write_turn().await;
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now_unix())
            .bind(user)
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
    }

    /// Records that `user` completed `course` at `at` for their open
    /// assignments of it (what completing the course's last step does in
    /// its transaction; for generated data and tests of the deadline).
    pub async fn complete_assignments_at(
        &self,
        user: i64,
        course: i64,
        at: i64,
    ) -> Result<(), sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        assignments_completed(&mut tx, user, course, at).await?;
        tx.commit().await?;
        self.assignments_changed();
        Ok(())
    }

    /// Takes the lease of job `name` for `secs` if nobody holds it: `true`
    /// when this server (`owner`) may run the job now.
    pub async fn claim_job(
        &self,
        name: &str,
        owner: &str,
        secs: i64,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        let _turn = self.write_turn().await;
        let done = sqlx::query(
            "UPDATE job_leases SET owner = $1, lease_until = $2, last_run_at = $3
             WHERE name = $4 AND lease_until < $3",
        )
        .bind(owner)
        .bind(now + secs)
        .bind(now)
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Creates the reminders due at `now` (each person, assignment and kind
    /// once, ever: the unique key makes a repeat a no-op); returns how many.
    /// `due_soon`: not done, due within `days_before` days; `overdue`: not
    /// done, past due. `mail` turns each new reminder of a person with an
    /// e-mail into an e-mail queued in the same transaction. Works in
    /// batches of `REMINDER_BATCH`, each its own short transaction, so a
    /// city's first run does not hold the writer for long.
    pub async fn create_reminders(
        &self,
        now: i64,
        days_before: i64,
        mail: Option<ReminderMail<'_>>,
    ) -> Result<usize, sqlx::Error> {
        const REMINDER_BATCH: usize = 500;
        let mut created = 0;
        for (kind, marker, condition) in [
            (
                "due_soon",
                "soon_reminded_at",
                "ap.due_at >= $1 AND ap.due_at < $2",
            ),
            // (both statements bind `$2`; named here so each uses it)
            (
                "overdue",
                "overdue_reminded_at",
                "ap.due_at < $1 AND $2 > $1",
            ),
        ] {
            // the rows still to remind (a partial index holds just those)
            let pending = format!(
                "SELECT ap.assignment_id, ap.user_id, CASE WHEN a.closed_at IS NULL THEN 1 ELSE 0 END
                 FROM assignees ap JOIN assignments a ON a.id = ap.assignment_id
                 WHERE ap.completed_at IS NULL AND ap.{marker} IS NULL AND {condition}
                 ORDER BY ap.due_at LIMIT {REMINDER_BATCH}"
            );
            loop {
                let _turn = self.write_turn().await;
                let mut tx = self.pool.begin().await?;
                let rows: Vec<(i64, i64, i64)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(pending.clone()))
                        .bind(now)
                        .bind(now + days_before * 86_400)
                        .fetch_all(&mut *tx)
                        .await?;
                if rows.is_empty() {
                    break;
                }
                // integers read from the database, not input
                let pairs = rows
                    .iter()
                    .map(|(a, u, _)| format!("({a}, {u})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE assignees SET {marker} = $1
                     WHERE (assignment_id, user_id) IN (VALUES {pairs})"
                )))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let open: Vec<String> = rows
                    .iter()
                    .filter(|(_, _, open)| *open == 1)
                    .map(|(a, u, _)| format!("({u}, {a}, '{kind}', {now})"))
                    .collect();
                let mut ids: Vec<i64> = Vec::new();
                if !open.is_empty() {
                    ids = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "INSERT INTO notifications (user_id, assignment_id, kind, created_at)
                         VALUES {}
                         ON CONFLICT (user_id, assignment_id, kind) DO NOTHING RETURNING id",
                        open.join(", ")
                    )))
                    .fetch_all(&mut *tx)
                    .await?;
                }
                if let (Some(compose), false) = (mail, ids.is_empty()) {
                    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                    let rows: Vec<NewReminder> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT n.id, n.kind, u.full_name, u.email, c.title AS course_title,
                                c.slug AS course_slug, ap.due_at
                         FROM notifications n
                         JOIN users u ON u.id = n.user_id
                         JOIN assignees ap ON ap.assignment_id = n.assignment_id AND ap.user_id = n.user_id
                         JOIN courses c ON c.id = ap.course_id
                         WHERE n.id IN ({list}) AND u.email IS NOT NULL"
                    )))
                    .fetch_all(&mut *tx)
                    .await?;
                    for row in rows {
                        let (subject, body) = compose(&row);
                        let to = row.email.as_deref().unwrap_or_default();
                        enqueue_email(
                            &mut tx,
                            &format!("reminder:{}", row.id),
                            to,
                            &subject,
                            &body,
                            now,
                        )
                        .await?;
                    }
                }
                tx.commit().await?;
                created += ids.len();
            }
        }
        Ok(created)
    }

    /// Queues an e-mail once per `key` (a repeat is a no-op).
    pub async fn enqueue_email(
        &self,
        key: &str,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        enqueue_email(&mut tx, key, to, subject, body, now_unix()).await?;
        tx.commit().await
    }

    /// Claims the unsent e-mail that has waited longest for its turn (its
    /// next attempt due, nobody holding it, not given up), for `secs`.
    pub async fn claim_email(
        &self,
        owner: &str,
        now: i64,
        secs: i64,
    ) -> Result<Option<OutboxRow>, sqlx::Error> {
        let _turn = self.write_turn().await;
        sqlx::query_as(
            "UPDATE email_outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
             WHERE id = (SELECT id FROM email_outbox
                         WHERE sent_at IS NULL AND failed_at IS NULL
                           AND lease_until < $3 AND next_attempt_at <= $3
                         ORDER BY next_attempt_at, id LIMIT 1)
               AND sent_at IS NULL AND failed_at IS NULL AND lease_until < $3
             RETURNING id, to_addr, subject, body, attempts",
        )
        .bind(owner)
        .bind(now + secs)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
    }

    /// Records how sending e-mail `mail` went: sent, or the error. After an
    /// error it is tried again after [`email_backoff`] of its attempts, and
    /// given up (kept, never claimed again) after [`EMAIL_MAX_ATTEMPTS`] or
    /// at once when `permanent` (an address the mailer cannot take).
    pub async fn email_done(
        &self,
        mail: &OutboxRow,
        error: Option<(&str, bool)>,
    ) -> Result<(), sqlx::Error> {
        let _turn = self.write_turn().await;
        let now = now_unix();
        let query = match error {
            None => sqlx::query("UPDATE email_outbox SET sent_at = $1 WHERE id = $2").bind(now),
            Some((error, permanent)) => {
                let given_up = permanent || mail.attempts >= EMAIL_MAX_ATTEMPTS;
                sqlx::query(
                    "UPDATE email_outbox SET last_error = $1, lease_until = 0,
                        failed_at = $2, next_attempt_at = $3
                     WHERE id = $4",
                )
                .bind(error.chars().take(500).collect::<String>())
                .bind(given_up.then_some(now))
                .bind(now + email_backoff(mail.attempts))
            }
        };
        query.bind(mail.id).execute(&self.pool).await.map(|_| ())
    }

    /// `(to, state)` of every queued e-mail, in order: `sent`, `failed`
    /// (given up), or `queued` (for tests and the admin).
    pub async fn outbox_states(&self) -> Result<Vec<(String, &'static str, i64)>, sqlx::Error> {
        sqlx::query_as::<_, (String, Option<i64>, Option<i64>, i64)>(
            "SELECT to_addr, sent_at, failed_at, attempts FROM email_outbox ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map(|rows| {
            rows.into_iter()
                .map(|(to, sent, failed, attempts)| {
                    let state = match (sent, failed) {
                        (Some(_), _) => "sent",
                        (None, Some(_)) => "failed",
                        (None, None) => "queued",
                    };
                    (to, state, attempts)
                })
                .collect()
        })
    }

    /// `(to, subject, sent)` of every queued e-mail (for tests and the admin).
    pub async fn outbox(&self) -> Result<Vec<(String, String, bool)>, sqlx::Error> {
        sqlx::query_as::<_, (String, String, Option<i64>)>(
            "SELECT to_addr, subject, sent_at FROM email_outbox ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map(|rows| {
            rows.into_iter()
                .map(|(t, s, sent)| (t, s, sent.is_some()))
                .collect()
        })
    }
}

async fn enqueue_email(
    tx: &mut Transaction<'_, Any>,
    key: &str,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    // an address the mailer refuses is kept for the record, given up at once
    let refused = (!mailable(to)).then_some(now);
    if refused.is_some() {
        tracing::warn!("an e-mail to an address the mailer cannot take was kept as failed");
    }
    sqlx::query(
        "INSERT INTO email_outbox (key, to_addr, subject, body, created_at, failed_at, last_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .bind(refused)
    .bind(refused.map(|_| "the address cannot be sent to".to_owned()))
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// In the transaction that records a learner's step: their assignments of
/// the course are started now (once).
pub(super) async fn assignments_started(
    tx: &mut Transaction<'_, Any>,
    user: i64,
    course: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE assignees SET started_at = $3
         WHERE user_id = $1 AND course_id = $2 AND started_at IS NULL",
    )
    .bind(user)
    .bind(course)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map(|done| done.rows_affected() > 0)
}

/// In the transaction that completes a course: the completion event of
/// each of the learner's assignments of it, recorded once (on time or late
/// is read against each one's due moment).
pub(super) async fn assignments_completed(
    tx: &mut Transaction<'_, Any>,
    user: i64,
    course: i64,
    at: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE assignees SET completed_at = $3, started_at = COALESCE(started_at, $3)
         WHERE user_id = $1 AND course_id = $2 AND completed_at IS NULL",
    )
    .bind(user)
    .bind(course)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map(|done| done.rows_affected() > 0)
}

/// In the transaction that places `user` in `unit` with `position` at
/// `now`: their open assignments follow them (they are counted where they
/// work now; done ones stay where they were done), and they inherit the
/// open assignments that cover their new place, due by the later of the
/// deadline and the end of the day `newcomer_days` after joining.
pub(super) async fn inherit_assignments(
    tx: &mut Transaction<'_, Any>,
    user: i64,
    unit: i64,
    position: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assignees SET unit_id = $2, position = $3
         WHERE user_id = $1 AND completed_at IS NULL",
    )
    .bind(user)
    .bind(unit)
    .bind(position)
    .execute(&mut **tx)
    .await?;
    // end of the Vietnam day `newcomer_days` after now: Vietnam midnight
    // after it, minus one second (Unix seconds are positive here)
    sqlx::query(
        "INSERT INTO assignees (assignment_id, user_id, course_id, unit_id, position, due_at,
             added_at, started_at, completed_at)
         SELECT a.id, $1, a.course_id, $2, $3,
                CASE WHEN a.deadline_at > ((($4 + a.newcomer_days * 86400 + 25200) / 86400) + 1) * 86400 - 25200 - 1
                     THEN a.deadline_at
                     ELSE ((($4 + a.newcomer_days * 86400 + 25200) / 86400) + 1) * 86400 - 25200 - 1 END,
                $4, p.started_at, p.completed_at
         FROM assignments a
         LEFT JOIN course_progress p ON p.user_id = $1 AND p.course_id = a.course_id
         WHERE a.closed_at IS NULL AND EXISTS (
             SELECT 1 FROM assignment_targets t
             JOIN units tu ON tu.id = t.unit_id
             JOIN units u ON u.id = $2
             WHERE t.assignment_id = a.id
               AND (tu.id = u.id OR (t.include_sub = 1 AND substr(u.path, 1, length(tu.path)) = tu.path))
               AND (t.position = '' OR t.position = $3))
         ON CONFLICT (assignment_id, user_id) DO NOTHING",
    )
    .bind(user)
    .bind(unit)
    .bind(position)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

#[cfg(test)]
mod mail_tests {
    use super::{EMAIL_MAX_ATTEMPTS, email_backoff, mailable};

    #[test]
    fn a_failed_e_mail_waits_longer_each_time_up_to_six_hours() {
        assert_eq!(email_backoff(1), 60);
        assert_eq!(email_backoff(2), 120);
        assert_eq!(email_backoff(3), 240);
        assert_eq!(email_backoff(EMAIL_MAX_ATTEMPTS), 6 * 3600);
        assert_eq!(email_backoff(i64::MAX), 6 * 3600);
        let total: i64 = (1..EMAIL_MAX_ATTEMPTS).map(email_backoff).sum();
        assert!((18 * 3600..2 * 86_400).contains(&total), "{total}");
    }

    #[test]
    fn addresses_are_checked_the_way_the_mailer_reads_them() {
        assert!(mailable("an.nguyen@haichau.example.vn"));
        assert!(!mailable("nguyễn@haichau.example.vn"));
        assert!(!mailable("an nguyen@example.vn"));
        assert!(!mailable(""));
    }
}
