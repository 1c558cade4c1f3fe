//! Writing imported content. Upserts are keyed by slug and never touch the
//! counters (`views`), so re-importing keeps what readers have done.

use super::{Db, now_unix};
use crate::domain::{Date, QuestionKind, Slug};
use std::path::PathBuf;

/// What an upsert did to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct NewCourse {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub position: i64,
    pub cover_md: String,
    pub cover_html: String,
    /// The whole source file: an item changes when its source does.
    pub source: String,
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

#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub kind: QuestionKind,
    pub text: String,
    pub options: Vec<String>,
    /// 1-based numbers of the correct options; for true/false `[1]` or `[0]`.
    pub answer: Vec<u32>,
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
    pub questions: Vec<NewQuestion>,
    pub source: String,
}

#[derive(sqlx::FromRow)]
struct Existing {
    source: String,
}

impl Db {
    pub async fn course_id(&self, slug: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM courses WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn upsert_course(&self, c: &NewCourse) -> Result<(i64, Change), sqlx::Error> {
        let existing: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT id, source, position FROM courses WHERE slug = $1")
                .bind(c.slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
        if let Some((id, source, _)) = &existing
            && *source == c.source
        {
            return Ok((*id, Change::Unchanged));
        }
        let now = now_unix();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO courses (slug, title, summary, position, cover_md, cover_html, source, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (slug) DO UPDATE SET
                title = excluded.title, summary = excluded.summary, position = excluded.position,
                cover_md = excluded.cover_md, cover_html = excluded.cover_html,
                source = excluded.source, updated_at = excluded.updated_at
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
        .fetch_one(&self.pool)
        .await?;
        Ok((
            id,
            if existing.is_some() {
                Change::Updated
            } else {
                Change::Added
            },
        ))
    }

    /// Adds or updates a lesson at `position` (from 1) in its course.
    pub async fn upsert_lesson(
        &self,
        course_id: i64,
        position: i64,
        l: &NewLesson,
    ) -> Result<Change, sqlx::Error> {
        let existing: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, source, position FROM lessons WHERE course_id = $1 AND slug = $2",
        )
        .bind(course_id)
        .bind(l.slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        if let Some((_, source, old_position)) = &existing
            && *source == l.source
        {
            if *old_position == position {
                return Ok(Change::Unchanged);
            }
            sqlx::query("UPDATE lessons SET position = $1 WHERE course_id = $2 AND slug = $3")
                .bind(position)
                .bind(course_id)
                .bind(l.slug.as_str())
                .execute(&self.pool)
                .await?;
            return Ok(Change::Updated);
        }
        let now = now_unix();
        sqlx::query(
            "INSERT INTO lessons (course_id, slug, position, title, summary, minutes, body_md, body_html, source, views, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10)
             ON CONFLICT (course_id, slug) DO UPDATE SET
                position = excluded.position, title = excluded.title, summary = excluded.summary,
                minutes = excluded.minutes, body_md = excluded.body_md, body_html = excluded.body_html,
                source = excluded.source, updated_at = excluded.updated_at",
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
        Ok(if existing.is_some() {
            Change::Updated
        } else {
            Change::Added
        })
    }

    /// Hides (position 0) the lessons of a course that its list no longer names.
    /// They are kept, with their counts, in case they come back.
    pub async fn unlist_lessons_except(
        &self,
        course_id: i64,
        listed: &[&str],
    ) -> Result<(), sqlx::Error> {
        let stored: Vec<(String, i64)> =
            sqlx::query_as("SELECT slug, position FROM lessons WHERE course_id = $1")
                .bind(course_id)
                .fetch_all(&self.pool)
                .await?;
        for (slug, position) in stored {
            if position != 0 && !listed.contains(&slug.as_str()) {
                sqlx::query("UPDATE lessons SET position = 0 WHERE course_id = $1 AND slug = $2")
                    .bind(course_id)
                    .bind(&slug)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    pub async fn upsert_article(&self, a: &NewArticle) -> Result<Change, sqlx::Error> {
        let existing: Option<Existing> =
            sqlx::query_as("SELECT source FROM articles WHERE slug = $1")
                .bind(a.slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
        if existing.as_ref().is_some_and(|e| e.source == a.source) {
            return Ok(Change::Unchanged);
        }
        let now = now_unix();
        sqlx::query(
            "INSERT INTO articles (slug, title, summary, author, series, published_on, body_md, body_html, source, views, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10)
             ON CONFLICT (slug) DO UPDATE SET
                title = excluded.title, summary = excluded.summary, author = excluded.author,
                series = excluded.series, published_on = excluded.published_on,
                body_md = excluded.body_md, body_html = excluded.body_html,
                source = excluded.source, updated_at = excluded.updated_at",
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
        .execute(&self.pool)
        .await?;
        Ok(if existing.is_some() {
            Change::Updated
        } else {
            Change::Added
        })
    }

    /// Adds or replaces a quiz and its questions in one transaction.
    pub async fn upsert_quiz(&self, course_id: i64, q: &NewQuiz) -> Result<Change, sqlx::Error> {
        let existing: Option<Existing> =
            sqlx::query_as("SELECT source FROM quizzes WHERE slug = $1")
                .bind(q.slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
        if existing.as_ref().is_some_and(|e| e.source == q.source) {
            return Ok(Change::Unchanged);
        }
        let now = now_unix();
        let mut tx = self.pool.begin().await?;
        let quiz_id: i64 = sqlx::query_scalar(
            "INSERT INTO quizzes (slug, course_id, title, summary, source, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (slug) DO UPDATE SET
                course_id = excluded.course_id, title = excluded.title, summary = excluded.summary,
                source = excluded.source, updated_at = excluded.updated_at
             RETURNING id",
        )
        .bind(q.slug.as_str())
        .bind(course_id)
        .bind(&q.title)
        .bind(&q.summary)
        .bind(&q.source)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM quiz_questions WHERE quiz_id = $1")
            .bind(quiz_id)
            .execute(&mut *tx)
            .await?;
        for (index, question) in q.questions.iter().enumerate() {
            let answer_json = match question.kind {
                QuestionKind::TrueFalse => (question.answer.first() == Some(&1)).to_string(),
                _ => serde_json::to_string(&question.answer)
                    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
            };
            let options_json = serde_json::to_string(&question.options)
                .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            sqlx::query(
                "INSERT INTO quiz_questions (quiz_id, position, kind, text, options_json, answer_json, explanation)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(quiz_id)
            .bind(i64::try_from(index + 1).unwrap_or(i64::MAX))
            .bind(question.kind.code())
            .bind(&question.text)
            .bind(options_json)
            .bind(answer_json)
            .bind(&question.explanation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(if existing.is_some() {
            Change::Updated
        } else {
            Change::Added
        })
    }
}
