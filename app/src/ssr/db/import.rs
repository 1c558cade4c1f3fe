//! Writing imported content. Upserts are keyed by slug and never touch the
//! counters (`views`), so re-importing keeps what readers have done. Items
//! are hidden (`hidden_at`), never deleted, and shown again by an upsert.

use super::{Db, now_unix};
use crate::domain::{Date, QuestionKind, QuizOption, Slug};
use std::path::PathBuf;

/// What an upsert did to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    /// A hidden item shown again (its file came back).
    Restored,
    Unchanged,
}

/// The kinds of imported item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentKind {
    Course,
    Lesson,
    Article,
    Quiz,
}

/// The kinds whose items are known by slug alone, each in its own folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    Courses,
    Articles,
    Quizzes,
}

impl Collection {
    pub fn kind(self) -> ContentKind {
        match self {
            Collection::Courses => ContentKind::Course,
            Collection::Articles => ContentKind::Article,
            Collection::Quizzes => ContentKind::Quiz,
        }
    }
}

impl ContentKind {
    /// The table of the kind's items.
    pub fn table(self) -> &'static str {
        match self {
            ContentKind::Course => "courses",
            ContentKind::Lesson => "lessons",
            ContentKind::Article => "articles",
            ContentKind::Quiz => "quizzes",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ContentKind::Course => "course",
            ContentKind::Lesson => "lesson",
            ContentKind::Article => "article",
            ContentKind::Quiz => "quiz",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewCourse {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub position: i64,
    /// The outline, as the file lists it.
    pub steps: Vec<StepRef>,
    pub sequential: bool,
    pub cover_md: String,
    pub cover_html: String,
    /// The whole source file: an item changes when its source does.
    pub source: String,
}

/// One entry of a course's outline; stored as `{"lesson": slug}` or `{"quiz": slug}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepRef {
    Lesson(Slug),
    Quiz(Slug),
}

#[derive(Debug, Clone)]
pub struct NewLesson {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub minutes: i64,
    pub body_md: String,
    pub body_html: String,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct NewArticle {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub series: String,
    pub published_on: Date,
    pub body_md: String,
    pub body_html: String,
    pub source: String,
}

/// A question; `uid` is its identity (see `ssr::import::quiz`).
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub uid: String,
    pub kind: QuestionKind,
    pub text: String,
    /// Stored as JSON objects `{"id", "text"}`, the form the quiz page reads.
    pub options: Vec<QuizOption>,
    pub key: crate::ssr::learning::grading::AnswerKey,
    pub explanation: String,
}

#[derive(Debug, Clone)]
pub struct NewQuiz {
    pub slug: Slug,
    pub course: Slug,
    pub course_line: Option<usize>,
    pub path: PathBuf,
    pub title: String,
    pub summary: String,
    pub settings: QuizSettings,
    pub questions: Vec<NewQuestion>,
    pub source: String,
}

/// A quiz's settings (documented in content/README.md).
#[derive(Debug, Clone, PartialEq)]
pub struct QuizSettings {
    pub pass_percent: u32,
    /// 0 = unlimited.
    pub max_attempts: u32,
    pub wait_seconds: i64,
    pub shuffle: bool,
    pub show_answers: crate::ssr::learning::grading::ShowAnswers,
    pub scoring: crate::ssr::learning::grading::MultipleScoring,
}

/// A question row as stored; `position` is negative once retired.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredQuestion {
    pub id: i64,
    pub uid: String,
    pub position: i64,
    pub text: String,
    /// `[{"id": …, "text": …}, …]`
    pub options_json: String,
    /// The ids of the correct options, or `true`/`false`.
    pub answer_json: String,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

impl Db {
    /// Whether the item was created or edited in the editors' panel, so
    /// that a file no longer overwrites it; `course_id` only for a lesson.
    pub async fn panel_owned(
        &self,
        kind: ContentKind,
        slug: &str,
        course_id: Option<i64>,
    ) -> Result<bool, sqlx::Error> {
        let origin: Option<String> = match kind {
            ContentKind::Lesson => {
                sqlx::query_scalar("SELECT origin FROM lessons WHERE course_id = $1 AND slug = $2")
                    .bind(course_id.unwrap_or(0))
                    .bind(slug)
                    .fetch_optional(&self.pool)
                    .await?
            }
            _ => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT origin FROM {} WHERE slug = $1",
                    kind.table()
                )))
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?
            }
        };
        Ok(origin.as_deref() == Some("panel"))
    }

    /// Gives an item back to its file (`--force`, or "re-attach" in the
    /// panel): the next import writes the file's version over it and
    /// publishes it. Its panel revisions stay in its history.
    pub async fn reattach(
        &self,
        kind: ContentKind,
        slug: &str,
        course_id: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        let set = "SET origin = 'file', source = '', state = 'published',
                   publish_at = COALESCE(publish_at, created_at)";
        match kind {
            ContentKind::Lesson => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE lessons {set} WHERE course_id = $1 AND slug = $2"
                )))
                .bind(course_id.unwrap_or(0))
                .bind(slug)
                .execute(&self.pool)
                .await?
            }
            _ => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE {} {set} WHERE slug = $1",
                    kind.table()
                )))
                .bind(slug)
                .execute(&self.pool)
                .await?
            }
        };
        Ok(())
    }

    pub async fn course_id(&self, slug: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM courses WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
    }

    /// Adds, updates or shows again a course; returns its id.
    pub async fn upsert_course(&self, c: &NewCourse) -> Result<(i64, Change), sqlx::Error> {
        let existing: Option<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, source, hidden_at FROM courses WHERE slug = $1")
                .bind(c.slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
        if let Some((id, source, hidden_at)) = &existing
            && *source == c.source
        {
            if hidden_at.is_none() {
                return Ok((*id, Change::Unchanged));
            }
            sqlx::query("UPDATE courses SET hidden_at = NULL WHERE id = $1")
                .bind(id)
                .execute(&self.pool)
                .await?;
            return Ok((*id, Change::Restored));
        }
        let now = now_unix();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO courses (slug, title, summary, position, cover_md, cover_html, source, created_at, updated_at, steps_json, sequential)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)
             ON CONFLICT (slug) DO UPDATE SET
                title = excluded.title, summary = excluded.summary, position = excluded.position,
                steps_json = excluded.steps_json, sequential = excluded.sequential,
                cover_md = excluded.cover_md, cover_html = excluded.cover_html,
                source = excluded.source, updated_at = excluded.updated_at, hidden_at = NULL
             RETURNING id",
        )
        .bind(c.slug.as_str())
        .bind(&c.title)
        .bind(&c.summary)
        .bind(c.position)
        .bind(&c.cover_md)
        .bind(&c.cover_html)
        .bind(&c.source)
        .bind(now)
        .bind(json(&c.steps)?)
        .bind(i64::from(c.sequential))
        .fetch_one(&self.pool)
        .await?;
        Ok((id, written(existing.map(|(_, _, hidden_at)| hidden_at))))
    }

    /// Adds, updates or shows again a lesson at `position` (from 1) in its course.
    pub async fn upsert_lesson(
        &self,
        course_id: i64,
        position: i64,
        l: &NewLesson,
    ) -> Result<Change, sqlx::Error> {
        let existing: Option<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT source, position, hidden_at FROM lessons WHERE course_id = $1 AND slug = $2",
        )
        .bind(course_id)
        .bind(l.slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        if let Some((source, old_position, hidden_at)) = &existing
            && *source == l.source
        {
            if *old_position == position && hidden_at.is_none() {
                return Ok(Change::Unchanged);
            }
            sqlx::query(
                "UPDATE lessons SET position = $1, hidden_at = NULL WHERE course_id = $2 AND slug = $3",
            )
            .bind(position)
            .bind(course_id)
            .bind(l.slug.as_str())
            .execute(&self.pool)
            .await?;
            return Ok(if hidden_at.is_some() {
                Change::Restored
            } else {
                Change::Updated
            });
        }
        let now = now_unix();
        sqlx::query(
            "INSERT INTO lessons (course_id, slug, position, title, summary, minutes, body_md, body_html, source, views, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10)
             ON CONFLICT (course_id, slug) DO UPDATE SET
                position = excluded.position, title = excluded.title, summary = excluded.summary,
                minutes = excluded.minutes, body_md = excluded.body_md, body_html = excluded.body_html,
                source = excluded.source, updated_at = excluded.updated_at, hidden_at = NULL",
        )
        .bind(course_id)
        .bind(l.slug.as_str())
        .bind(position)
        .bind(&l.title)
        .bind(&l.summary)
        .bind(l.minutes)
        .bind(&l.body_md)
        .bind(&l.body_html)
        .bind(&l.source)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(written(existing.map(|(_, _, hidden_at)| hidden_at)))
    }

    /// Moves a shown lesson, as stored, to `position` (its file has a
    /// mistake: the last good version stays). Whether it is shown.
    pub async fn keep_lesson_at(
        &self,
        course_id: i64,
        slug: &str,
        position: i64,
    ) -> Result<bool, sqlx::Error> {
        let stored: Option<i64> =
            sqlx::query_scalar("SELECT position FROM lessons WHERE course_id = $1 AND slug = $2")
                .bind(course_id)
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        match stored {
            Some(old) if old > 0 => {
                if old != position {
                    sqlx::query(
                        "UPDATE lessons SET position = $1 WHERE course_id = $2 AND slug = $3",
                    )
                    .bind(position)
                    .bind(course_id)
                    .bind(slug)
                    .execute(&self.pool)
                    .await?;
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Hides a shown lesson whose file is gone; whether it was shown.
    /// A hidden lesson always has position 0, so lists need no other test.
    pub async fn hide_lesson(&self, course_id: i64, slug: &str) -> Result<bool, sqlx::Error> {
        let hidden = sqlx::query(
            "UPDATE lessons SET position = 0, hidden_at = $1
             WHERE course_id = $2 AND slug = $3 AND position > 0 AND origin = 'file'",
        )
        .bind(now_unix())
        .bind(course_id)
        .bind(slug)
        .execute(&self.pool)
        .await?;
        Ok(hidden.rows_affected() > 0)
    }

    /// Hides (position 0) the lessons of a course that its list no longer names,
    /// and returns their slugs. They are kept, with their counts, in case they come back.
    pub async fn unlist_lessons_except(
        &self,
        course_id: i64,
        listed: &[&str],
    ) -> Result<Vec<String>, sqlx::Error> {
        let stored: Vec<(String, i64)> = sqlx::query_as(
            "SELECT slug, position FROM lessons WHERE course_id = $1 AND origin = 'file'",
        )
        .bind(course_id)
        .fetch_all(&self.pool)
        .await?;
        let mut unlisted = Vec::new();
        for (slug, position) in stored {
            if position != 0 && !listed.contains(&slug.as_str()) {
                sqlx::query("UPDATE lessons SET position = 0 WHERE course_id = $1 AND slug = $2")
                    .bind(course_id)
                    .bind(&slug)
                    .execute(&self.pool)
                    .await?;
                unlisted.push(slug);
            }
        }
        Ok(unlisted)
    }

    /// The slugs of the items of `collection` that are shown.
    pub async fn shown_slugs(&self, collection: Collection) -> Result<Vec<String>, sqlx::Error> {
        let sql = match collection {
            Collection::Courses => {
                "SELECT slug FROM courses WHERE hidden_at IS NULL AND origin = 'file' ORDER BY slug"
            }
            Collection::Articles => {
                "SELECT slug FROM articles WHERE hidden_at IS NULL AND origin = 'file' ORDER BY slug"
            }
            Collection::Quizzes => {
                "SELECT slug FROM quizzes WHERE hidden_at IS NULL AND origin = 'file' ORDER BY slug"
            }
        };
        sqlx::query_scalar(sql).fetch_all(&self.pool).await
    }

    /// Hides a shown item (its file is gone); whether it was shown. The row,
    /// with its counts, stays for when the file comes back.
    pub async fn hide(&self, collection: Collection, slug: &str) -> Result<bool, sqlx::Error> {
        let sql = match collection {
            Collection::Courses => {
                "UPDATE courses SET hidden_at = $1 WHERE slug = $2 AND hidden_at IS NULL AND origin = 'file'"
            }
            Collection::Articles => {
                "UPDATE articles SET hidden_at = $1 WHERE slug = $2 AND hidden_at IS NULL AND origin = 'file'"
            }
            Collection::Quizzes => {
                "UPDATE quizzes SET hidden_at = $1 WHERE slug = $2 AND hidden_at IS NULL AND origin = 'file'"
            }
        };
        let hidden = sqlx::query(sql)
            .bind(now_unix())
            .bind(slug)
            .execute(&self.pool)
            .await?;
        Ok(hidden.rows_affected() > 0)
    }

    /// Adds, updates or shows again an article.
    pub async fn upsert_article(&self, a: &NewArticle) -> Result<Change, sqlx::Error> {
        let existing = match self
            .stored_file(SlugTable::Articles, a.slug.as_str(), &a.source)
            .await?
        {
            Stored::Same(change) => return Ok(change),
            Stored::Differs(existing) => existing,
        };
        let now = now_unix();
        let goes_public = a.published_on.vn_midnight();
        let future = goes_public > now;
        sqlx::query(
            "INSERT INTO articles (slug, title, summary, author, series, published_on, body_md, body_html,
                source, views, created_at, updated_at, state, publish_at, hidden_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10, $11, $12, $13)
             ON CONFLICT (slug) DO UPDATE SET
                title = excluded.title, summary = excluded.summary, author = excluded.author,
                series = excluded.series, published_on = excluded.published_on,
                body_md = excluded.body_md, body_html = excluded.body_html,
                source = excluded.source, updated_at = excluded.updated_at,
                state = excluded.state, publish_at = excluded.publish_at,
                hidden_at = excluded.hidden_at",
        )
        .bind(a.slug.as_str())
        .bind(&a.title)
        .bind(&a.summary)
        .bind(&a.author)
        .bind(&a.series)
        .bind(a.published_on.iso())
        .bind(&a.body_md)
        .bind(&a.body_html)
        .bind(&a.source)
        .bind(now)
        // dated in the future: scheduled for 00:00 of that day, Vietnam time
        .bind(if future { "scheduled" } else { "published" })
        .bind(goes_public)
        .bind(future.then_some(now))
        .execute(&self.pool)
        .await?;
        Ok(written(existing))
    }

    /// Adds, updates or shows again a quiz and its questions, in one
    /// transaction. A question whose `uid` is stored keeps its row (and id),
    /// whatever its new position; a new `uid` is a new row; a stored question
    /// that the file no longer has is retired, not deleted (position = −id),
    /// because attempts may refer to it, and comes back if its text does.
    pub async fn upsert_quiz(&self, course_id: i64, q: &NewQuiz) -> Result<Change, sqlx::Error> {
        let existing = match self
            .stored_file(SlugTable::Quizzes, q.slug.as_str(), &q.source)
            .await?
        {
            Stored::Same(change) => return Ok(change),
            Stored::Differs(existing) => existing,
        };
        let now = now_unix();
        let mut tx = self.pool.begin().await?;
        let quiz_id: i64 = sqlx::query_scalar(
            "INSERT INTO quizzes (slug, course_id, title, summary, source, created_at, updated_at,
                pass_percent, max_attempts, wait_seconds, shuffle, show_answers, multiple_scoring)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (slug) DO UPDATE SET
                course_id = excluded.course_id, title = excluded.title, summary = excluded.summary,
                source = excluded.source, updated_at = excluded.updated_at, hidden_at = NULL,
                pass_percent = excluded.pass_percent, max_attempts = excluded.max_attempts,
                wait_seconds = excluded.wait_seconds, shuffle = excluded.shuffle,
                show_answers = excluded.show_answers, multiple_scoring = excluded.multiple_scoring
             RETURNING id",
        )
        .bind(q.slug.as_str())
        .bind(course_id)
        .bind(&q.title)
        .bind(&q.summary)
        .bind(&q.source)
        .bind(now)
        .bind(i64::from(q.settings.pass_percent))
        .bind(i64::from(q.settings.max_attempts))
        .bind(q.settings.wait_seconds)
        .bind(i64::from(q.settings.shuffle))
        .bind(q.settings.show_answers.code())
        .bind(q.settings.scoring.code())
        .fetch_one(&mut *tx)
        .await?;
        write_questions(&mut tx, quiz_id, &q.questions).await?;
        tx.commit().await?;
        Ok(written(existing))
    }

    /// Rewrites `course_steps` from every course's outline (`steps_json`)
    /// over the lessons and quizzes that are shown. A course's quizzes that its
    /// outline does not name follow its listed steps, by slug (so course files
    /// written before outlines existed keep their quizzes, at the end).
    /// A course whose steps are already right is not written. Returns the
    /// `(course, quiz)` slugs of outline entries naming no quiz of that
    /// course (hidden ones aside), for the import to report.
    pub async fn rebuild_course_steps(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        let courses: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, slug, steps_json FROM courses WHERE hidden_at IS NULL")
                .fetch_all(&self.pool)
                .await?;
        let all_quizzes: Vec<(i64, String)> = sqlx::query_as("SELECT course_id, slug FROM quizzes")
            .fetch_all(&self.pool)
            .await?;
        let mut unknown = Vec::new();
        let lessons: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT id, course_id, slug FROM lessons WHERE position > 0")
                .fetch_all(&self.pool)
                .await?;
        let quizzes: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, course_id, slug FROM quizzes WHERE hidden_at IS NULL ORDER BY slug",
        )
        .fetch_all(&self.pool)
        .await?;
        for (course_id, course_slug, steps_json) in courses {
            let outline: Vec<StepRef> = serde_json::from_str(&steps_json).unwrap_or_default();
            let mut wanted: Vec<(Option<i64>, Option<i64>)> = Vec::new();
            for step in &outline {
                let found = match step {
                    StepRef::Lesson(slug) => lessons
                        .iter()
                        .find(|(_, c, s)| *c == course_id && s == slug.as_str())
                        .map(|(id, _, _)| (Some(*id), None)),
                    StepRef::Quiz(slug) => {
                        let found = quizzes
                            .iter()
                            .find(|(_, c, s)| *c == course_id && s == slug.as_str())
                            .map(|(id, _, _)| (None, Some(*id)));
                        if found.is_none()
                            && !all_quizzes
                                .iter()
                                .any(|(c, s)| *c == course_id && s == slug.as_str())
                        {
                            unknown.push((course_slug.clone(), slug.to_string()));
                        }
                        found
                    }
                };
                wanted.extend(found);
            }
            for (id, _, _) in quizzes.iter().filter(|(_, c, _)| *c == course_id) {
                if !wanted.contains(&(None, Some(*id))) {
                    wanted.push((None, Some(*id)));
                }
            }
            let stored: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT lesson_id, quiz_id FROM course_steps WHERE course_id = $1 ORDER BY position",
            )
            .bind(course_id)
            .fetch_all(&self.pool)
            .await?;
            if stored == wanted {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            sqlx::query("DELETE FROM course_steps WHERE course_id = $1")
                .bind(course_id)
                .execute(&mut *tx)
                .await?;
            for (index, (lesson_id, quiz_id)) in wanted.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO course_steps (course_id, position, lesson_id, quiz_id) VALUES ($1, $2, $3, $4)",
                )
                .bind(course_id)
                .bind(i64::try_from(index + 1).unwrap_or(i64::MAX))
                .bind(lesson_id)
                .bind(quiz_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        Ok(unknown)
    }

    /// The stored questions of a quiz, shown or retired, by id (for tests and tools).
    pub async fn stored_questions(
        &self,
        quiz_slug: &str,
    ) -> Result<Vec<StoredQuestion>, sqlx::Error> {
        sqlx::query_as(
            "SELECT qq.id, qq.uid, qq.position, qq.text, qq.options_json, qq.answer_json
             FROM quiz_questions qq JOIN quizzes q ON q.id = qq.quiz_id
             WHERE q.slug = $1 ORDER BY qq.id",
        )
        .bind(quiz_slug)
        .fetch_all(&self.pool)
        .await
    }
}

/// Writes a quiz's questions in their order: a question whose `uid` is
/// stored keeps its row (and id), whatever its new position; a new `uid` is
/// a new row; a stored question no longer given is retired, not deleted
/// (position = −id), because attempts may refer to it, and comes back if
/// its text does.
pub(crate) async fn write_questions(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    quiz_id: i64,
    questions: &[NewQuestion],
) -> Result<(), sqlx::Error> {
    let stored: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, uid FROM quiz_questions WHERE quiz_id = $1")
            .bind(quiz_id)
            .fetch_all(&mut **tx)
            .await?;
    // Every row out of the way first (negative positions are unique, as
    // ids are), so that setting the new positions never collides.
    sqlx::query("UPDATE quiz_questions SET position = -id WHERE quiz_id = $1")
        .bind(quiz_id)
        .execute(&mut **tx)
        .await?;
    for (index, question) in questions.iter().enumerate() {
        let position = i64::try_from(index + 1).unwrap_or(i64::MAX);
        let answer_json = json(&question.key)?;
        let options_json = json(&question.options)?;
        match stored.iter().find(|(_, uid)| *uid == question.uid) {
            Some((id, _)) => {
                sqlx::query(
                    "UPDATE quiz_questions SET position = $1, kind = $2, text = $3,
                        options_json = $4, answer_json = $5, explanation = $6
                     WHERE id = $7",
                )
                .bind(position)
                .bind(question.kind.code())
                .bind(&question.text)
                .bind(options_json)
                .bind(answer_json)
                .bind(&question.explanation)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO quiz_questions (quiz_id, uid, position, kind, text, options_json, answer_json, explanation)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(quiz_id)
                .bind(&question.uid)
                .bind(position)
                .bind(question.kind.code())
                .bind(&question.text)
                .bind(options_json)
                .bind(answer_json)
                .bind(&question.explanation)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// What writing an item did, from whether it was stored (and hidden) before.
/// Kinds stored by slug with their file's source and a hidden mark.
#[derive(Clone, Copy)]
enum SlugTable {
    Articles,
    Quizzes,
}

impl SlugTable {
    fn name(self) -> &'static str {
        match self {
            SlugTable::Articles => "articles",
            SlugTable::Quizzes => "quizzes",
        }
    }
}

/// What is stored for a file being imported.
enum Stored {
    /// The same source: nothing to write (shown again if it was hidden).
    Same(Change),
    /// Another source, or nothing: `None` when absent, else its `hidden_at`.
    Differs(Option<Option<i64>>),
}

impl Db {
    /// Compares the stored source of `slug` in `table` with `source`; an
    /// unchanged item that was hidden (its file had gone) is shown again.
    async fn stored_file(
        &self,
        table: SlugTable,
        slug: &str,
        source: &str,
    ) -> Result<Stored, sqlx::Error> {
        let name = table.name();
        // `name` is one of two constants, never input
        let select = format!("SELECT source, hidden_at FROM {name} WHERE slug = $1");
        let existing: Option<(String, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(select))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        match existing {
            Some((stored, None)) if stored == source => Ok(Stored::Same(Change::Unchanged)),
            Some((stored, Some(_))) if stored == source => {
                // (an article waiting for its date stays hidden)
                let show = format!(
                    "UPDATE {name} SET hidden_at = NULL WHERE slug = $1 AND state <> 'scheduled'"
                );
                sqlx::query(sqlx::AssertSqlSafe(show))
                    .bind(slug)
                    .execute(&self.pool)
                    .await?;
                Ok(Stored::Same(Change::Restored))
            }
            other => Ok(Stored::Differs(other.map(|(_, hidden_at)| hidden_at))),
        }
    }
}

fn written(stored_hidden_at: Option<Option<i64>>) -> Change {
    match stored_hidden_at {
        None => Change::Added,
        Some(None) => Change::Updated,
        Some(Some(_)) => Change::Restored,
    }
}
