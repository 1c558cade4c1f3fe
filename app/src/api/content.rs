use crate::domain::{
    ApiError, ArticleList, ArticlePage, CourseCard, CoursePage, HomePage, LessonPage, StepState,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{current_viewer, fail, internal},
    crate::domain::Slug,
    crate::ssr::learning,
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

/// The signed-in learner's id; `None` for visitors and for page-cache
/// template renders (whose pages every reader shares).
#[cfg(feature = "ssr")]
async fn learner() -> Result<Option<i64>, ApiError> {
    if TemplateRender::current().is_some() {
        return Ok(None);
    }
    Ok(current_viewer().await?.map(|v| v.id))
}

#[server(prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<HomePage, ApiError> {
    let state = AppState::current();
    let mut courses = state
        .db
        .list_courses()
        .await
        .map_err(internal("home courses"))?;
    let mut resume = None;
    let mut tasks = Vec::new();
    let mut oversees = false;
    if TemplateRender::current().is_none()
        && let Some(viewer) = current_viewer().await?
    {
        let list = crate::ssr::assignments::todo(&state.db, &viewer)
            .await
            .map_err(internal("home tasks"))?;
        tasks = list
            .items
            .into_iter()
            .filter(|t| !t.status.is_done())
            .take(3)
            .collect();
        oversees = viewer.has(crate::domain::Role::Admin)
            || !state
                .db
                .managed_units(viewer.id)
                .await
                .map_err(internal("home managed units"))?
                .is_empty();
    }
    if let Some(user) = learner().await? {
        learning::mark_progress(&state.db, user, &mut courses)
            .await
            .map_err(internal("home progress"))?;
        resume = learning::my_learning(&state.db, user)
            .await
            .map_err(internal("home resume"))?
            .in_progress
            .into_iter()
            .find(|c| c.progress.next.is_some());
    }
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
        resume,
        courses,
        latest,
        most_read,
        tasks,
        oversees,
    })
}

#[server(prefix = "/api", endpoint = "courses")]
pub async fn list_courses() -> Result<Vec<CourseCard>, ApiError> {
    let db = &AppState::current().db;
    let mut courses = db.list_courses().await.map_err(internal("list courses"))?;
    if let Some(user) = learner().await? {
        learning::mark_progress(db, user, &mut courses)
            .await
            .map_err(internal("course progress"))?;
    }
    Ok(courses)
}

#[server(prefix = "/api", endpoint = "course")]
pub async fn get_course(course: String) -> Result<CoursePage, ApiError> {
    let course = slug(&course)?;
    let db = &AppState::current().db;
    let record = db
        .course(course.as_str())
        .await
        .map_err(internal("course"))?
        .ok_or_else(|| fail(ApiError::NotFound))?;
    let mut page = record.page;
    let (steps, progress) =
        learning::course_outline(db, record.id, &page.slug, page.sequential, learner().await?)
            .await
            .map_err(internal("course outline"))?;
    page.steps = steps;
    page.progress = progress;
    Ok(page)
}

/// Where the lesson stands for the signed-in reader (`None` for visitors):
/// shown by the lesson page, and by page-cache hits through
/// `components::lesson_progress_html`.
#[server(prefix = "/api", endpoint = "lesson_state")]
pub async fn lesson_state(course: String, lesson: String) -> Result<Option<StepState>, ApiError> {
    let Some(user) = learner().await? else {
        return Ok(None);
    };
    let (course, lesson) = (slug(&course)?, slug(&lesson)?);
    let db = &AppState::current().db;
    let Some((lesson_id, _, _)) = db
        .lesson_learning(course.as_str(), lesson.as_str())
        .await
        .map_err(internal("lesson state"))?
    else {
        return Ok(None);
    };
    learning::lesson_state(db, user, lesson_id)
        .await
        .map(Some)
        .map_err(internal("lesson state"))
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
