//! The editors' panel's records: items with their workflow, revisions
//! (optimistic locking by revision number), scheduled publication, the
//! content epoch every app server watches, and the audit of editorial
//! actions. The rules these serve are in `ssr::editorial::workflow`.

use super::{Db, now_unix};
use crate::domain::{ItemKind, ItemState};
use sqlx::{Any, FromRow, Transaction};

/// One line of the panel's list.
#[derive(Debug, Clone, FromRow)]
pub struct PanelRow {
    pub kind: String,
    pub id: i64,
    pub slug: String,
    pub course_slug: Option<String>,
    pub title: String,
    pub state: String,
    pub origin: String,
    pub publish_at: Option<i64>,
    pub edited_at: Option<i64>,
    pub editor: Option<String>,
}

/// An item as the panel edits it: its live fields and its workflow.
#[derive(Debug, Clone, FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub slug: String,
    pub course_id: Option<i64>,
    pub title: String,
    pub summary: String,
    pub minutes: i64,
    pub author: String,
    pub series: String,
    pub published_on: String,
    pub body_md: String,
    pub state: String,
    pub origin: String,
    pub publish_at: Option<i64>,
    pub head_revision: i64,
    pub live_revision: i64,
    pub hidden_at: Option<i64>,
    /// Courses: the outline and whether it is followed in order.
    pub steps_json: String,
    pub sequential: i64,
}

/// A saved revision.
#[derive(Debug, Clone, FromRow)]
pub struct RevisionRow {
    pub number: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub created_at: i64,
    pub note: String,
    pub fields_json: String,
    pub body_md: String,
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Stored as this revision number.
    Saved(i64),
    /// Another save took the number first: the newest revision is this one.
    Conflict { newest: i64 },
}

/// How long a refused save is kept for its author (30 days).
pub const CONFLICTS_KEPT_SECS: i64 = 30 * 86_400;

/// The most refused saves kept per author (the newest).
pub const CONFLICTS_KEPT_PER_AUTHOR: i64 = 20;

/// A new revision to store.
#[derive(Debug, Clone)]
pub struct NewRevision<'a> {
    /// `None`: written by a command (`hocso quiz-import`), not a person.
    pub author_id: Option<i64>,
    pub note: &'a str,
    pub fields_json: &'a str,
    pub body_md: &'a str,
}

/// The live fields of an item as a revision sets them at publication.
#[derive(Debug, Clone)]
pub struct LiveFields<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub minutes: i64,
    pub author: &'a str,
    pub series: &'a str,
    pub published_on: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
}

/// A course's live fields as a revision sets them at publication.
#[derive(Debug, Clone)]
pub struct LiveCourse<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub cover_md: &'a str,
    pub cover_html: &'a str,
    /// `[{"lesson": slug} | {"quiz": slug}]`
    pub steps_json: &'a str,
    pub sequential: bool,
}

/// What publishing a revision writes, by kind.
#[derive(Debug, Clone)]
pub enum Published<'a> {
    /// A lesson or an article.
    Page(LiveFields<'a>),
    Course(LiveCourse<'a>),
    /// A quiz: its settings and questions (graded as given), in `course_id`.
    Quiz {
        course_id: i64,
        quiz: &'a super::NewQuiz,
    },
}

/// A lesson or a quiz of a course, as its outline editor lists it.
#[derive(Debug, Clone, FromRow)]
pub struct CourseMemberRow {
    /// `lesson` or `quiz`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub state: String,
    /// As the outline names it: `lesson:<slug>` or `quiz:<slug>`.
    pub code: String,
}

/// One entry of the audit log, as admins read it.
#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub actor: Option<String>,
    pub action: String,
    pub item_kind: Option<String>,
    pub item_id: Option<i64>,
    pub detail: String,
    pub created_at: i64,
}

const PANEL_ROWS: &str = "
    SELECT 'course' AS kind, c.id, c.slug, CAST(NULL AS TEXT) AS course_slug, c.title, c.state,
           c.origin, c.publish_at, c.edited_at, u.full_name AS editor
    FROM courses c LEFT JOIN users u ON u.id = c.edited_by
    UNION ALL
    SELECT 'lesson', l.id, l.slug, c.slug, l.title, l.state, l.origin, l.publish_at, l.edited_at,
           u.full_name
    FROM lessons l JOIN courses c ON c.id = l.course_id LEFT JOIN users u ON u.id = l.edited_by
    UNION ALL
    SELECT 'article', a.id, a.slug, CAST(NULL AS TEXT), a.title, a.state, a.origin, a.publish_at,
           a.edited_at, u.full_name
    FROM articles a LEFT JOIN users u ON u.id = a.edited_by
    UNION ALL
    SELECT 'quiz', q.id, q.slug, c.slug, q.title, q.state, q.origin, q.publish_at, q.edited_at,
           u.full_name
    FROM quizzes q JOIN courses c ON c.id = q.course_id LEFT JOIN users u ON u.id = q.edited_by
    ORDER BY 9 DESC, 1, 2";

/// An item's revisions (`$1` kind, `$2` item) with their authors' names.
const REVISION_SELECT: &str = "SELECT r.number, r.author_id, u.full_name AS author_name,
        r.created_at, r.note, r.fields_json, r.body_md
     FROM revisions r LEFT JOIN users u ON u.id = r.author_id
     WHERE r.kind = $1 AND r.item_id = $2";

fn item_select(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Lesson => {
            "SELECT id, slug, course_id, title, summary, minutes, '' AS author, '' AS series,
                    '' AS published_on, body_md, state, origin, publish_at, head_revision,
                    live_revision, hidden_at, '[]' AS steps_json, CAST(0 AS BIGINT) AS sequential
             FROM lessons WHERE id = $1"
        }
        ItemKind::Article => {
            "SELECT id, slug, CAST(NULL AS BIGINT) AS course_id, title, summary,
                    CAST(0 AS BIGINT) AS minutes, author, series, published_on, body_md, state,
                    origin, publish_at, head_revision, live_revision, hidden_at,
                    '[]' AS steps_json, CAST(0 AS BIGINT) AS sequential
             FROM articles WHERE id = $1"
        }
        ItemKind::Course => {
            "SELECT id, slug, CAST(NULL AS BIGINT) AS course_id, title, summary,
                    CAST(0 AS BIGINT) AS minutes, '' AS author, '' AS series,
                    '' AS published_on, cover_md AS body_md, state, origin, publish_at,
                    head_revision, live_revision, hidden_at, steps_json, sequential
             FROM courses WHERE id = $1"
        }
        ItemKind::Quiz => {
            "SELECT id, slug, course_id, title, summary, CAST(0 AS BIGINT) AS minutes,
                    '' AS author, '' AS series, '' AS published_on, source AS body_md, state,
                    origin, publish_at, head_revision, live_revision, hidden_at,
                    '[]' AS steps_json, CAST(0 AS BIGINT) AS sequential
             FROM quizzes WHERE id = $1"
        }
    }
}

fn table(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Course => "courses",
        ItemKind::Lesson => "lessons",
        ItemKind::Article => "articles",
        ItemKind::Quiz => "quizzes",
    }
}

impl Db {
    /// Every item of every kind, newest edit first.
    pub async fn panel_rows(&self) -> Result<Vec<PanelRow>, sqlx::Error> {
        sqlx::query_as(PANEL_ROWS).fetch_all(&self.pool).await
    }

    pub async fn panel_item(
        &self,
        kind: ItemKind,
        id: i64,
    ) -> Result<Option<ItemRow>, sqlx::Error> {
        sqlx::query_as(item_select(kind))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// The item's revisions, newest first.
    pub async fn revisions_of(
        &self,
        kind: ItemKind,
        id: i64,
    ) -> Result<Vec<RevisionRow>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{REVISION_SELECT} ORDER BY r.number DESC"
        )))
        .bind(kind.code())
        .bind(id)
        .fetch_all(&self.pool)
        .await
    }

    pub async fn revision(
        &self,
        kind: ItemKind,
        id: i64,
        number: i64,
    ) -> Result<Option<RevisionRow>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{REVISION_SELECT} AND r.number = $3"
        )))
        .bind(kind.code())
        .bind(id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await
    }

    /// Creates an item (a lesson or a quiz in `course_id`) as a draft that
    /// readers do not see, with its first revision; its id. A course's
    /// `body_md` is its cover; a quiz's questions come with publication.
    pub async fn create_item(
        &self,
        kind: ItemKind,
        course_id: Option<i64>,
        live: &LiveFields<'_>,
        revision: &NewRevision<'_>,
    ) -> Result<i64, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let id: i64 = match kind {
            ItemKind::Lesson => {
                sqlx::query_scalar(
                    "INSERT INTO lessons (course_id, slug, position, title, summary, minutes,
                        body_md, body_html, source, views, created_at, updated_at, hidden_at,
                        origin, state, head_revision, edited_at, edited_by)
                     VALUES ($1, $2, 0, $3, $4, $5, $6, '', '', 0, $7, $7, $7,
                        'panel', 'draft', 1, $7, $8)
                     RETURNING id",
                )
                .bind(course_id.unwrap_or(0))
                .bind(live.slug)
                .bind(live.title)
                .bind(live.summary)
                .bind(live.minutes)
                .bind(live.body_md)
                .bind(now)
                .bind(revision.author_id)
                .fetch_one(&mut *tx)
                .await?
            }
            ItemKind::Course => {
                sqlx::query_scalar(
                    "INSERT INTO courses (slug, title, summary, position, cover_md, cover_html,
                        source, created_at, updated_at, hidden_at, origin, state, head_revision,
                        edited_at, edited_by, steps_json, sequential)
                     VALUES ($1, $2, $3,
                        (SELECT COALESCE(MAX(position), 0) + 1 FROM courses), $4, '', '', $5, $5,
                        $5, 'panel', 'draft', 1, $5, $6, '[]', 0)
                     RETURNING id",
                )
                .bind(live.slug)
                .bind(live.title)
                .bind(live.summary)
                .bind(live.body_md)
                .bind(now)
                .bind(revision.author_id)
                .fetch_one(&mut *tx)
                .await?
            }
            ItemKind::Quiz => {
                sqlx::query_scalar(
                    "INSERT INTO quizzes (slug, course_id, title, summary, source, created_at,
                        updated_at, hidden_at, origin, state, head_revision, edited_at, edited_by)
                     VALUES ($1, $2, $3, $4, '', $5, $5, $5, 'panel', 'draft', 1, $5, $6)
                     RETURNING id",
                )
                .bind(live.slug)
                .bind(course_id.unwrap_or(0))
                .bind(live.title)
                .bind(live.summary)
                .bind(now)
                .bind(revision.author_id)
                .fetch_one(&mut *tx)
                .await?
            }
            ItemKind::Article => {
                sqlx::query_scalar(
                    "INSERT INTO articles (slug, title, summary, author, series, published_on,
                        body_md, body_html, source, views, created_at, updated_at, hidden_at,
                        origin, state, head_revision, edited_at, edited_by)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', 0, $8, $8, $8,
                        'panel', 'draft', 1, $8, $9)
                     RETURNING id",
                )
                .bind(live.slug)
                .bind(live.title)
                .bind(live.summary)
                .bind(live.author)
                .bind(live.series)
                .bind(live.published_on)
                .bind(live.body_md)
                .bind(now)
                .bind(revision.author_id)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        insert_revision(&mut tx, kind, id, 1, revision, now).await?;
        audit(&mut tx, revision.author_id, "create", kind, id, live.title).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Stores a revision based on revision `base`: it becomes revision
    /// `base + 1` unless another save took that number first (then nothing
    /// is stored). The item becomes the panel's, a draft.
    pub async fn save_revision(
        &self,
        kind: ItemKind,
        id: i64,
        base: i64,
        revision: &NewRevision<'_>,
        action: &str,
    ) -> Result<Saved, sqlx::Error> {
        let now = now_unix();
        let number = base + 1;
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {} SET head_revision = $1, state = 'draft', origin = 'panel',
                edited_at = $2, edited_by = $3
             WHERE id = $4 AND head_revision = $5",
            table(kind)
        )))
        .bind(number)
        .bind(now)
        .bind(revision.author_id)
        .bind(id)
        .bind(base)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 || !insert_revision(&mut tx, kind, id, number, revision, now).await? {
            tx.rollback().await?;
            let newest: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT head_revision FROM {} WHERE id = $1",
                table(kind)
            )))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
            return Ok(Saved::Conflict {
                newest: newest.unwrap_or(0),
            });
        }
        audit(
            &mut tx,
            revision.author_id,
            action,
            kind,
            id,
            &format!("#{number}"),
        )
        .await?;
        tx.commit().await?;
        Ok(Saved::Saved(number))
    }

    /// Keeps a refused save for its author; the kept save's id. Kept saves
    /// are pruned here, so the table never grows without bound: those older
    /// than [`CONFLICTS_KEPT_SECS`] go, and so do an author's beyond their
    /// [`CONFLICTS_KEPT_PER_AUTHOR`] newest.
    pub async fn keep_conflict(
        &self,
        kind: ItemKind,
        id: i64,
        base: i64,
        revision: &NewRevision<'_>,
    ) -> Result<i64, sqlx::Error> {
        let _turn = self.write_turn().await;
        let now = now_unix();
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM save_conflicts WHERE created_at < $1")
            .bind(now - CONFLICTS_KEPT_SECS)
            .execute(&mut *tx)
            .await?;
        let kept: i64 = sqlx::query_scalar(
            "INSERT INTO save_conflicts (kind, item_id, author_id, base_number, fields_json,
                body_md, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(kind.code())
        .bind(id)
        .bind(revision.author_id)
        .bind(base)
        .bind(revision.fields_json)
        .bind(revision.body_md)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(author) = revision.author_id {
            sqlx::query(
                "DELETE FROM save_conflicts WHERE author_id = $1 AND id NOT IN (
                     SELECT id FROM save_conflicts WHERE author_id = $1
                     ORDER BY id DESC LIMIT $2)",
            )
            .bind(author)
            .bind(CONFLICTS_KEPT_PER_AUTHOR)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(kept)
    }

    /// A refused save, to its author only: `(kind, item, base, fields, body)`.
    pub async fn kept_conflict(
        &self,
        author_id: i64,
        conflict_id: i64,
    ) -> Result<Option<(String, i64, i64, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT kind, item_id, base_number, fields_json, body_md FROM save_conflicts
             WHERE id = $1 AND author_id = $2",
        )
        .bind(conflict_id)
        .bind(author_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Moves the item from one of `from` to `to` (with `hidden_at` set when
    /// `hide`); `false` when it was in none of them.
    pub async fn move_state(
        &self,
        kind: ItemKind,
        id: i64,
        from: &[ItemState],
        to: ItemState,
        actor: i64,
        action: &str,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let allowed: Vec<String> = from.iter().map(|s| format!("'{}'", s.code())).collect();
        // archived: no longer shown (a lesson also leaves its course's lists)
        let hide = match (to, kind) {
            (ItemState::Archived, ItemKind::Lesson) => ", hidden_at = $4, position = 0",
            (ItemState::Archived, _) => ", hidden_at = $4",
            _ => "",
        };
        let turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {} SET state = $1, origin = 'panel', edited_at = $4, edited_by = $2 {hide}
             WHERE id = $3 AND state IN ({})",
            table(kind),
            allowed.join(", ")
        )))
        .bind(to.code())
        .bind(actor)
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        audit(&mut tx, Some(actor), action, kind, id, "").await?;
        tx.commit().await?;
        drop(turn);
        if to == ItemState::Archived {
            if kind != ItemKind::Article {
                // it leaves its course's outline too
                self.rebuild_course_steps().await?;
            }
            self.content_changed();
            self.bump_content_epoch().await?;
        }
        Ok(true)
    }

    /// Publishes the item's head revision (in review) with `live`: at once
    /// when `at` has come, else scheduled for `at` (then readers see it from
    /// that time). An item renamed keeps its old address as a redirect
    /// (`old_path`). `false` when the item was not in review at `head`.
    /// A quiz's questions are written as the import writes them: a question
    /// keeps its row while its text is unchanged, and attempts made on an
    /// older version keep the paper they were given.
    #[allow(clippy::too_many_arguments)]
    pub async fn publish_revision(
        &self,
        kind: ItemKind,
        id: i64,
        head: i64,
        live: &Published<'_>,
        at: i64,
        actor: i64,
        old_path: Option<(&str, &str)>,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let due = at <= now;
        let state = if due {
            ItemState::Published
        } else {
            ItemState::Scheduled
        };
        let turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        // shown now: hidden_at cleared; scheduled: hidden until its time.
        let specific = match live {
            Published::Page(_) if kind == ItemKind::Lesson => {
                "slug = $9, title = $10, summary = $11, body_md = $12, body_html = $13,
                 minutes = $14"
            }
            Published::Page(_) => {
                "slug = $9, title = $10, summary = $11, body_md = $12, body_html = $13,
                 author = $14, series = $15, published_on = $16"
            }
            Published::Course(_) => {
                "slug = $9, title = $10, summary = $11, cover_md = $12, cover_html = $13,
                 steps_json = $14, sequential = $15"
            }
            Published::Quiz { .. } => {
                "slug = $9, title = $10, summary = $11, course_id = $12, pass_percent = $13,
                 max_attempts = $14, wait_seconds = $15, shuffle = $16, show_answers = $17,
                 multiple_scoring = $18"
            }
        };
        let sql = format!(
            "UPDATE {} SET live_revision = $1, state = $2,
                publish_at = CASE WHEN hidden_at IS NULL THEN COALESCE(publish_at, $3) ELSE $3 END,
                hidden_at = CASE WHEN $4 = 1 THEN NULL ELSE hidden_at END,
                updated_at = $5, edited_at = $5, edited_by = $6, source = '', {specific}
             WHERE id = $7 AND state = 'review' AND head_revision = $8",
            table(kind)
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(head)
            .bind(state.code())
            .bind(at)
            .bind(i64::from(due))
            .bind(now)
            .bind(actor)
            .bind(id)
            .bind(head);
        let query = match live {
            Published::Page(page) => {
                let query = query
                    .bind(page.slug)
                    .bind(page.title)
                    .bind(page.summary)
                    .bind(page.body_md)
                    .bind(page.body_html);
                if kind == ItemKind::Lesson {
                    query.bind(page.minutes)
                } else {
                    query
                        .bind(page.author)
                        .bind(page.series)
                        .bind(page.published_on)
                }
            }
            Published::Course(course) => query
                .bind(course.slug)
                .bind(course.title)
                .bind(course.summary)
                .bind(course.cover_md)
                .bind(course.cover_html)
                .bind(course.steps_json)
                .bind(i64::from(course.sequential)),
            Published::Quiz { course_id, quiz } => query
                .bind(quiz.slug.as_str())
                .bind(quiz.title.as_str())
                .bind(quiz.summary.as_str())
                .bind(*course_id)
                .bind(i64::from(quiz.settings.pass_percent))
                .bind(i64::from(quiz.settings.max_attempts))
                .bind(quiz.settings.wait_seconds)
                .bind(i64::from(quiz.settings.shuffle))
                .bind(quiz.settings.show_answers.code())
                .bind(quiz.settings.scoring.code()),
        };
        let moved = query.execute(&mut *tx).await?.rows_affected();
        if moved == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Published::Quiz { quiz, .. } = live {
            super::import::write_questions(&mut tx, id, &quiz.questions).await?;
        }
        if let Some((old, new)) = old_path
            && old != new
        {
            sqlx::query(
                "INSERT INTO slug_redirects (old_path, kind, item_id, created_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (old_path) DO UPDATE SET kind = excluded.kind,
                    item_id = excluded.item_id, created_at = excluded.created_at",
            )
            .bind(old)
            .bind(kind.code())
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // the new address is no longer a redirect
            sqlx::query("DELETE FROM slug_redirects WHERE old_path = $1")
                .bind(new)
                .execute(&mut *tx)
                .await?;
        }
        if due && kind == ItemKind::Lesson {
            place_lesson(&mut tx, id).await?;
        }
        let action = if due { "publish" } else { "schedule" };
        audit(
            &mut tx,
            Some(actor),
            action,
            kind,
            id,
            &format!("#{head} @{at}"),
        )
        .await?;
        tx.commit().await?;
        drop(turn);
        if due {
            if kind != ItemKind::Article {
                self.rebuild_course_steps().await?;
            }
            self.content_changed();
            self.bump_content_epoch().await?;
        }
        Ok(true)
    }

    /// Publishes every scheduled item whose time has come, once whichever
    /// app servers run this at the same moment (each row is moved by one
    /// conditional UPDATE); how many were published.
    pub async fn publish_due(&self) -> Result<usize, sqlx::Error> {
        let now = now_unix();
        let mut published = 0;
        for kind in ItemKind::ALL {
            let due: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM {} WHERE state = 'scheduled' AND publish_at <= $1",
                table(kind)
            )))
            .bind(now)
            .fetch_all(&self.pool)
            .await?;
            for id in due {
                let _turn = self.write_turn().await;
                let mut tx = self.pool.begin().await?;
                let moved = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE {} SET state = 'published', hidden_at = NULL
                     WHERE id = $1 AND state = 'scheduled' AND publish_at <= $2",
                    table(kind)
                )))
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved == 0 {
                    tx.rollback().await?;
                    continue;
                }
                if kind == ItemKind::Lesson {
                    place_lesson(&mut tx, id).await?;
                }
                audit(&mut tx, None, "publish", kind, id, "scheduled").await?;
                tx.commit().await?;
                published += 1;
            }
        }
        if published > 0 {
            self.rebuild_course_steps().await?;
            self.content_changed();
            self.bump_content_epoch().await?;
        }
        Ok(published)
    }

    /// The lessons and quizzes of a course (archived ones aside).
    pub async fn course_members(
        &self,
        course_id: i64,
    ) -> Result<Vec<CourseMemberRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT 'lesson' AS kind, id, title, state, 'lesson:' || slug AS code
             FROM lessons WHERE course_id = $1 AND state <> 'archived'
             UNION ALL
             SELECT 'quiz', id, title, state, 'quiz:' || slug
             FROM quizzes WHERE course_id = $1 AND state <> 'archived'
             ORDER BY 1, 2",
        )
        .bind(course_id)
        .fetch_all(&self.pool)
        .await
    }

    /// The lessons of a course published after `since` (Unix seconds), as
    /// the outline names them, in their order in the course.
    pub async fn lessons_published_since(
        &self,
        course_id: i64,
        since: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT 'lesson:' || slug FROM lessons
             WHERE course_id = $1 AND position > 0 AND hidden_at IS NULL AND publish_at >= $2
             ORDER BY position",
        )
        .bind(course_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await
    }

    /// A course's steps as learners see them, in order, named as the
    /// outline names them.
    pub async fn course_step_codes(&self, course_id: i64) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT CASE WHEN s.lesson_id IS NOT NULL THEN 'lesson:' || l.slug
                         ELSE 'quiz:' || q.slug END
             FROM course_steps s
             LEFT JOIN lessons l ON l.id = s.lesson_id
             LEFT JOIN quizzes q ON q.id = s.quiz_id
             WHERE s.course_id = $1 ORDER BY s.position",
        )
        .bind(course_id)
        .fetch_all(&self.pool)
        .await
    }

    pub async fn course_slug(&self, course_id: i64) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT slug FROM courses WHERE id = $1")
            .bind(course_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// The item an old address now leads to: `(kind, item id)`.
    pub async fn slug_redirect(&self, path: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
        sqlx::query_as("SELECT kind, item_id FROM slug_redirects WHERE old_path = $1")
            .bind(path)
            .fetch_optional(&self.pool)
            .await
    }

    /// Tells every app server that readers' content changed.
    pub async fn bump_content_epoch(&self) -> Result<(), sqlx::Error> {
        let _turn = self.write_turn().await;
        sqlx::query("UPDATE content_epoch SET epoch = epoch + 1 WHERE id = 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// The content epoch; see [`Db::bump_content_epoch`].
    pub async fn content_epoch(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT epoch FROM content_epoch WHERE id = 1")
            .fetch_one(&self.pool)
            .await
    }

    /// Audit entries, newest first, narrowed by actor, item and time.
    pub async fn audit_entries(
        &self,
        actor: Option<i64>,
        item: Option<(ItemKind, i64)>,
        since: Option<i64>,
        until: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT a.id, u.full_name AS actor, a.action, a.item_kind, a.item_id, a.detail,
                    a.created_at
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
             WHERE ($1 = 0 OR a.actor_id = $1)
               AND ($2 = '' OR (a.item_kind = $2 AND a.item_id = $3))
               AND a.created_at >= $4 AND a.created_at < $5
             ORDER BY a.created_at DESC, a.id DESC LIMIT $6",
        )
        .bind(actor.unwrap_or(0))
        .bind(item.map_or("", |(k, _)| k.code()))
        .bind(item.map_or(0, |(_, id)| id))
        .bind(since.unwrap_or(0))
        .bind(until.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }
}

/// Inserts revision `number`; `false` when the number is taken.
async fn insert_revision(
    tx: &mut Transaction<'_, Any>,
    kind: ItemKind,
    id: i64,
    number: i64,
    revision: &NewRevision<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let stored = sqlx::query(
        "INSERT INTO revisions (kind, item_id, number, author_id, created_at, note, fields_json, body_md)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kind, item_id, number) DO NOTHING",
    )
    .bind(kind.code())
    .bind(id)
    .bind(number)
    .bind(revision.author_id)
    .bind(now)
    .bind(revision.note)
    .bind(revision.fields_json)
    .bind(revision.body_md)
    .execute(&mut **tx)
    .await?;
    Ok(stored.rows_affected() > 0)
}

/// Records an editorial action (`actor` None: the scheduler or an import).
pub(crate) async fn audit(
    tx: &mut Transaction<'_, Any>,
    actor: Option<i64>,
    action: &str,
    kind: ItemKind,
    id: i64,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, detail, created_at, item_kind, item_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor)
    .bind(format!("content_{action}"))
    .bind(detail)
    .bind(now_unix())
    .bind(kind.code())
    .bind(id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Gives a newly public lesson a place at the end of its course (lists) and
/// of its course's outline (`steps_json`), unless it has them.
async fn place_lesson(tx: &mut Transaction<'_, Any>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE lessons SET position = (SELECT COALESCE(MAX(x.position), 0) + 1 FROM lessons x
                                        WHERE x.course_id = lessons.course_id)
         WHERE id = $1 AND position = 0",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let (course_id, slug, steps_json): (i64, String, String) = sqlx::query_as(
        "SELECT c.id, l.slug, c.steps_json FROM lessons l JOIN courses c ON c.id = l.course_id
         WHERE l.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let mut steps: Vec<serde_json::Value> = serde_json::from_str(&steps_json).unwrap_or_default();
    let entry = serde_json::json!({ "lesson": slug });
    if steps.is_empty() || steps.contains(&entry) {
        // an empty outline lists every lesson in order already
        return Ok(());
    }
    steps.push(entry);
    sqlx::query("UPDATE courses SET steps_json = $1, origin = 'panel' WHERE id = $2")
        .bind(serde_json::Value::Array(steps).to_string())
        .bind(course_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
