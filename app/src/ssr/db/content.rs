//! Reading courses, lessons, articles and quizzes for the pages.

use super::Db;
use crate::domain::{ArticleCard, ArticlePage, CourseCard, CoursePage, Date, LessonLink};
use sqlx::FromRow;

/// A lesson as stored, with the ids the view counter needs.
#[derive(Debug, Clone)]
pub struct LessonRecord {
    pub id: i64,
    pub views: u64,
    /// The reading server's `view_flush_marks.seq` in the same snapshot as
    /// `views` (0 when it has none); see `ssr::views`.
    pub views_mark: u64,
    pub page: crate::domain::LessonPage,
}

#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub id: i64,
    pub views: u64,
    /// As [`LessonRecord::views_mark`].
    pub views_mark: u64,
    pub page: ArticlePage,
}

#[derive(FromRow)]
struct CourseCardRow {
    slug: String,
    title: String,
    summary: String,
    lesson_count: i64,
    total_minutes: i64,
}

#[derive(FromRow)]
struct CourseRow {
    id: i64,
    slug: String,
    title: String,
    summary: String,
    cover_html: String,
    sequential: i64,
}

/// A course as stored: its id and its page (outline not filled in).
#[derive(Debug, Clone)]
pub struct CourseRecord {
    pub id: i64,
    pub page: CoursePage,
}

#[derive(FromRow)]
struct LessonRow {
    id: i64,
    course_slug: String,
    course_title: String,
    slug: String,
    title: String,
    summary: String,
    minutes: i64,
    position: i64,
    body_html: String,
    views: i64,
    views_mark: Option<i64>,
    previous_slug: Option<String>,
    previous_title: Option<String>,
    next_slug: Option<String>,
    next_title: Option<String>,
    lesson_count: i64,
}

#[derive(FromRow)]
struct ArticleCardRow {
    slug: String,
    title: String,
    summary: String,
    author: String,
    published_on: String,
    views: i64,
}

#[derive(FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    title: String,
    summary: String,
    author: String,
    series: String,
    published_on: String,
    body_html: String,
    views: i64,
    views_mark: Option<i64>,
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn views(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn date(raw: &str) -> Result<Date, sqlx::Error> {
    Date::parse(raw).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl TryFrom<ArticleCardRow> for ArticleCard {
    type Error = sqlx::Error;
    fn try_from(row: ArticleCardRow) -> Result<Self, sqlx::Error> {
        Ok(ArticleCard {
            published_on: date(&row.published_on)?,
            slug: row.slug,
            title: row.title,
            summary: row.summary,
            author: row.author,
            views: views(row.views),
        })
    }
}

impl Db {
    /// Courses in their configured order, counting only the lessons they list.
    pub async fn list_courses(&self) -> Result<Vec<CourseCard>, sqlx::Error> {
        let rows: Vec<CourseCardRow> = sqlx::query_as(
            "SELECT c.slug, c.title, c.summary,
                    CAST(COUNT(l.id) AS BIGINT) AS lesson_count,
                    CAST(COALESCE(SUM(l.minutes), 0) AS BIGINT) AS total_minutes
             FROM courses c
             LEFT JOIN lessons l ON l.course_id = c.id AND l.position > 0
             WHERE c.hidden_at IS NULL
             GROUP BY c.id, c.slug, c.title, c.summary, c.position
             ORDER BY c.position, c.slug",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| CourseCard {
                slug: r.slug,
                title: r.title,
                summary: r.summary,
                lesson_count: count(r.lesson_count),
                total_minutes: count(r.total_minutes),
                progress: None,
            })
            .collect())
    }

    /// A shown course without its outline (see `ssr::learning::course_outline`).
    pub async fn course(&self, slug: &str) -> Result<Option<CourseRecord>, sqlx::Error> {
        let Some(course): Option<CourseRow> = sqlx::query_as(
            "SELECT id, slug, title, summary, cover_html, sequential FROM courses
             WHERE slug = $1 AND hidden_at IS NULL",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(CourseRecord {
            id: course.id,
            page: CoursePage {
                slug: course.slug,
                title: course.title,
                summary: course.summary,
                cover_html: course.cover_html,
                sequential: course.sequential != 0,
                steps: Vec::new(),
                progress: None,
            },
        }))
    }

    /// A listed lesson of a course, with its neighbours in the course order,
    /// and the view flush mark of app server `server_id` read with its count.
    /// One statement: the lesson page is the most read page of the site.
    pub async fn lesson(
        &self,
        course_slug: &str,
        lesson_slug: &str,
        server_id: i64,
    ) -> Result<Option<LessonRecord>, sqlx::Error> {
        let row: Option<LessonRow> = sqlx::query_as(
            "SELECT l.id, c.slug AS course_slug, c.title AS course_title,
                    l.slug, l.title, l.summary, l.minutes, l.position, l.body_html, l.views,
                    (SELECT m.seq FROM view_flush_marks m WHERE m.server_id = $3) AS views_mark,
                    p.slug AS previous_slug, p.title AS previous_title,
                    n.slug AS next_slug, n.title AS next_title,
                    (SELECT CAST(COUNT(*) AS BIGINT) FROM lessons k
                     WHERE k.course_id = l.course_id AND k.position > 0) AS lesson_count
             FROM lessons l
             JOIN courses c ON c.id = l.course_id
             LEFT JOIN lessons p ON p.id = (
                 SELECT x.id FROM lessons x
                 WHERE x.course_id = l.course_id AND x.position > 0 AND x.position < l.position
                 ORDER BY x.position DESC LIMIT 1)
             LEFT JOIN lessons n ON n.id = (
                 SELECT y.id FROM lessons y
                 WHERE y.course_id = l.course_id AND y.position > l.position
                 ORDER BY y.position LIMIT 1)
             WHERE c.slug = $1 AND l.slug = $2 AND l.position > 0 AND c.hidden_at IS NULL",
        )
        .bind(course_slug)
        .bind(lesson_slug)
        .bind(server_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| {
            let link = |slug: Option<String>, title: Option<String>| {
                slug.zip(title)
                    .map(|(slug, title)| LessonLink { slug, title })
            };
            LessonRecord {
                id: row.id,
                views: views(row.views),
                views_mark: row.views_mark.map_or(0, views),
                page: crate::domain::LessonPage {
                    course_slug: row.course_slug,
                    course_title: row.course_title,
                    slug: row.slug,
                    title: row.title,
                    summary: row.summary,
                    minutes: count(row.minutes),
                    number: count(row.position),
                    lesson_count: count(row.lesson_count),
                    body_html: row.body_html,
                    views: views(row.views),
                    previous: link(row.previous_slug, row.previous_title),
                    next: link(row.next_slug, row.next_title),
                },
            }
        }))
    }

    /// One page of articles (from 1), newest first, and how many articles there are.
    pub async fn articles_page(
        &self,
        page: u32,
        page_size: u32,
    ) -> Result<(Vec<ArticleCard>, u32), sqlx::Error> {
        let total: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM articles WHERE hidden_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        let offset = i64::from(page.saturating_sub(1)) * i64::from(page_size);
        Ok((self.newest_articles(page_size, offset).await?, count(total)))
    }

    /// Articles newest first, skipping `offset`.
    pub async fn newest_articles(
        &self,
        limit: u32,
        offset: i64,
    ) -> Result<Vec<ArticleCard>, sqlx::Error> {
        let rows: Vec<ArticleCardRow> = sqlx::query_as(
            "SELECT slug, title, summary, author, published_on, views FROM articles
             WHERE hidden_at IS NULL ORDER BY published_on DESC, slug LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(limit))
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    pub async fn most_read_articles(&self, limit: u32) -> Result<Vec<ArticleCard>, sqlx::Error> {
        let rows: Vec<ArticleCardRow> = sqlx::query_as(
            "SELECT slug, title, summary, author, published_on, views FROM articles
             WHERE hidden_at IS NULL ORDER BY views DESC, published_on DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// An article, and the view flush mark of app server `server_id` read
    /// with its count.
    pub async fn article(
        &self,
        slug: &str,
        server_id: i64,
    ) -> Result<Option<ArticleRecord>, sqlx::Error> {
        let Some(row): Option<ArticleRow> = sqlx::query_as(
            "SELECT id, slug, title, summary, author, series, published_on, body_html, views,
                    (SELECT m.seq FROM view_flush_marks m WHERE m.server_id = $2) AS views_mark
             FROM articles WHERE slug = $1 AND hidden_at IS NULL",
        )
        .bind(slug)
        .bind(server_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(ArticleRecord {
            id: row.id,
            views: views(row.views),
            views_mark: row.views_mark.map_or(0, views),
            page: ArticlePage {
                published_on: date(&row.published_on)?,
                slug: row.slug,
                title: row.title,
                summary: row.summary,
                author: row.author,
                series: row.series,
                body_html: row.body_html,
                views: views(row.views),
            },
        }))
    }

    /// The stored view count of an article (for tests and tools).
    pub async fn article_views(&self, slug: &str) -> Result<Option<u64>, sqlx::Error> {
        let v: Option<i64> = sqlx::query_scalar("SELECT views FROM articles WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(v.map(views))
    }
}
