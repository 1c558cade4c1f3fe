use crate::domain::{
    ApiError, ArticleList, ArticlePage, CourseCard, CoursePage, HomePage, LessonPage, QuizPage,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{fail, internal},
    crate::domain::Slug,
    crate::ssr::{
        AppState,
        page_cache::TemplateRender,
        views::{Reading, ViewTarget},
    },
};

/// A slug from the address; anything malformed cannot name an item.
#[cfg(feature = "ssr")]
fn slug(raw: &str) -> Result<Slug, ApiError> {
    Slug::parse(raw).map_err(|_| fail(ApiError::NotFound))
}

#[server(prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<HomePage, ApiError> {
    let state = AppState::current();
    let courses = state
        .db
        .list_courses()
        .await
        .map_err(internal("home courses"))?;
    let latest = state
        .db
        .newest_articles(4, 0)
        .await
        .map_err(internal("home latest"))?;
    let most_read = state
        .db
        .most_read_articles(4)
        .await
        .map_err(internal("home most read"))?;
    Ok(HomePage {
        courses,
        latest,
        most_read,
    })
}

#[server(prefix = "/api", endpoint = "courses")]
pub async fn list_courses() -> Result<Vec<CourseCard>, ApiError> {
    AppState::current()
        .db
        .list_courses()
        .await
        .map_err(internal("list courses"))
}

#[server(prefix = "/api", endpoint = "course")]
pub async fn get_course(course: String) -> Result<CoursePage, ApiError> {
    let course = slug(&course)?;
    AppState::current()
        .db
        .course(course.as_str())
        .await
        .map_err(internal("course"))?
        .ok_or_else(|| fail(ApiError::NotFound))
}

/// Counts this request as one view of `target`, whose stored count `stored`
/// was read with this server's flush mark `mark` during `reading`, and returns
/// the count to show. A page-cache template render counts nothing and shows
/// the sentinel instead (see `ssr::page_cache`).
#[cfg(feature = "ssr")]
fn count_view(reading: &Reading, target: ViewTarget, stored: u64, mark: u64) -> u64 {
    match TemplateRender::current() {
        Some(template) => {
            template.found(target, stored, reading.snapshot(target, mark));
            crate::ssr::page_cache::SENTINEL
        }
        None => stored + reading.record(target, mark).pending,
    }
}

/// The lesson, counting this request as one view.
#[server(prefix = "/api", endpoint = "lesson")]
pub async fn get_lesson(course: String, lesson: String) -> Result<LessonPage, ApiError> {
    let (course, lesson) = (slug(&course)?, slug(&lesson)?);
    let state = AppState::current();
    let reading = state.views.reading();
    let record = state
        .db
        .lesson(course.as_str(), lesson.as_str(), reading.server_id())
        .await
        .map_err(internal("lesson"))?
        .ok_or_else(|| fail(ApiError::NotFound))?;
    Ok(LessonPage {
        views: count_view(
            &reading,
            ViewTarget::Lesson(record.id),
            record.views,
            record.views_mark,
        ),
        ..record.page
    })
}

#[server(prefix = "/api", endpoint = "articles")]
pub async fn list_articles(page: u32) -> Result<ArticleList, ApiError> {
    let state = AppState::current();
    let (articles, total) = state
        .db
        .articles_page(page, ArticleList::PAGE_SIZE)
        .await
        .map_err(internal("list articles"))?;
    let page_count = total.div_ceil(ArticleList::PAGE_SIZE).max(1);
    if page == 0 || page > page_count {
        return Err(fail(ApiError::NotFound));
    }
    Ok(ArticleList {
        articles,
        page,
        page_count,
    })
}

/// The article, counting this request as one view.
#[server(prefix = "/api", endpoint = "article")]
pub async fn get_article(article: String) -> Result<ArticlePage, ApiError> {
    let article = slug(&article)?;
    let state = AppState::current();
    let reading = state.views.reading();
    let record = state
        .db
        .article(article.as_str(), reading.server_id())
        .await
        .map_err(internal("article"))?
        .ok_or_else(|| fail(ApiError::NotFound))?;
    Ok(ArticlePage {
        views: count_view(
            &reading,
            ViewTarget::Article(record.id),
            record.views,
            record.views_mark,
        ),
        ..record.page
    })
}

#[server(prefix = "/api", endpoint = "quiz")]
pub async fn get_quiz(quiz: String) -> Result<QuizPage, ApiError> {
    let quiz = slug(&quiz)?;
    AppState::current()
        .db
        .quiz(quiz.as_str())
        .await
        .map_err(internal("quiz"))?
        .ok_or_else(|| fail(ApiError::NotFound))
}
