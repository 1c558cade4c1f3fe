//! Content files → database. See `content/README.md` for the format and the rules.
//!
//! Import is a sync keyed by slug: new files are added, changed files update
//! their item, unchanged files are left alone, and counters (views, later
//! progress) are never touched. By job:
//!
//! - [`walk`]: which files there are, reading them;
//! - [`front_matter`]: splitting `+++` front matter, TOML with line numbers;
//! - [`course`], [`lesson`], [`article`], [`quiz`]: each kind's validation, a
//!   pure function from a file's text to a value ready to store (the editors'
//!   panel and the quiz importer are meant to reuse them);
//! - the writing: `ssr::db` (`db/import.rs`), driven from here.
//!
//! Nothing is unpublished by accident: a file with a mistake is reported and
//! its item keeps its last good version (a lesson also keeps its place, which
//! the course's list decides); an item is hidden, never deleted, only when its
//! file is positively gone from a folder that was read and is not empty; and
//! a file that comes back shows its item again, with its counts.

pub mod article;
pub mod course;
pub mod front_matter;
pub mod lesson;
pub mod quiz;
pub mod walk;

#[cfg(test)]
mod hostile;

pub use article::parse_article;
pub use course::{CourseFile, parse_course};
pub use lesson::parse_lesson;
pub use quiz::{normalise, option_id, parse_quiz, question_uid};
pub use walk::{Folder, ListedLesson, Parsed, ParsedCourse, parse_dir};

use super::db::{Change, Collection, ContentKind, Db};
use std::fmt;
use std::path::{Path, PathBuf};

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 600;

/// A file that could not be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

fn problem(path: &Path, line: Option<usize>, reason: String) -> Problem {
    Problem {
        path: path.to_owned(),
        line,
        reason,
    }
}

/// An item this import stopped showing (its row and counts are kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hidden {
    pub kind: ContentKind,
    /// The item's slug; `course/lesson` for a lesson.
    pub slug: String,
    /// The file (or course folder) that is gone.
    pub path: PathBuf,
    pub why: HiddenBecause,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HiddenBecause {
    /// Its file was deleted.
    FileRemoved,
    /// A lesson that its course's `lessons` list no longer names.
    NoLongerListed,
}

impl fmt::Display for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.why {
            HiddenBecause::FileRemoved => "file removed",
            HiddenBecause::NoLongerListed => "no longer in course.md's lessons",
        };
        write!(
            f,
            "hidden {} {} ({why}): {}",
            self.kind.name(),
            self.slug,
            self.path.display()
        )
    }
}

/// How an import treats items edited in the editors' panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Write every file over its item, even one edited in the panel (which
    /// goes back to being the file's; its revisions stay in its history).
    pub force: bool,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Items edited in the editors' panel, left as they are (`kind slug`).
    pub kept: Vec<String>,
    pub added: usize,
    pub updated: usize,
    /// Hidden items shown again because their file came back.
    pub restored: usize,
    pub unchanged: usize,
    pub hidden: Vec<Hidden>,
    pub problems: Vec<Problem>,
}

impl ImportReport {
    fn count(&mut self, change: Change) {
        match change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Restored => self.restored += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }

    fn hidden_because(&self, why: HiddenBecause) -> usize {
        self.hidden.iter().filter(|h| h.why == why).count()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} restored, {} unchanged, {} hidden (file removed), ",
            self.added,
            self.updated,
            self.restored,
            self.unchanged,
            self.hidden_because(HiddenBecause::FileRemoved),
        )?;
        let unlisted = self.hidden_because(HiddenBecause::NoLongerListed);
        if unlisted > 0 {
            write!(f, "{unlisted} hidden (no longer listed), ")?;
        }
        if !self.kept.is_empty() {
            write!(
                f,
                "{} kept (edited in the panel: use --force to overwrite), ",
                self.kept.len()
            )?;
        }
        write!(
            f,
            "{} with problems (left as they were)",
            self.problems.len()
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("content folder {path} cannot be read: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("database error during import: {0}")]
    Db(#[from] sqlx::Error),
}

/// Reads `dir` and writes its content into `db`, then marks the content as
/// changed so that cached pages are rendered again (even after a failure part
/// way, which may have written some items). Items edited in the editors'
/// panel are left as they are (see [`import_dir_with`]).
pub async fn import_dir(db: &Db, dir: &Path) -> Result<ImportReport, ImportError> {
    import_dir_with(db, dir, ImportOptions::default()).await
}

/// [`import_dir`], forced or not.
pub async fn import_dir_with(
    db: &Db,
    dir: &Path,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    let result = write_dir(db, dir, options).await;
    db.content_changed();
    if let Err(e) = db.bump_content_epoch().await {
        tracing::warn!(error = %e, "content epoch not bumped");
    }
    result
}

/// Whether the item may be written from its file: not edited in the panel,
/// or given back to its file by `--force`. A kept item is reported.
async fn file_may_write(
    db: &Db,
    kind: ContentKind,
    slug: &str,
    course_id: Option<i64>,
    options: ImportOptions,
    report: &mut ImportReport,
) -> Result<bool, sqlx::Error> {
    if !db.panel_owned(kind, slug, course_id).await? {
        return Ok(true);
    }
    if options.force {
        db.reattach(kind, slug, course_id).await?;
        return Ok(true);
    }
    report.kept.push(format!("{} {slug}", kind.name()));
    Ok(false)
}

async fn write_dir(
    db: &Db,
    dir: &Path,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    let (parsed, problems) = parse_dir(dir)?;
    let mut report = ImportReport {
        problems,
        ..ImportReport::default()
    };
    for course in &parsed.courses {
        write_course(db, course, options, &mut report).await?;
    }
    hide_removed(
        db,
        Collection::Courses,
        &parsed.course_files,
        &dir.join("courses"),
        |slug| dir.join("courses").join(slug),
        &mut report,
    )
    .await?;
    for article in &parsed.articles {
        let slug = article.slug.as_str();
        if file_may_write(db, ContentKind::Article, slug, None, options, &mut report).await? {
            report.count(db.upsert_article(article).await?);
        }
    }
    hide_removed(
        db,
        Collection::Articles,
        &parsed.article_files,
        &dir.join("articles"),
        |slug| dir.join("articles").join(format!("{slug}.md")),
        &mut report,
    )
    .await?;
    for quiz in &parsed.quizzes {
        let slug = quiz.slug.as_str();
        if !file_may_write(db, ContentKind::Quiz, slug, None, options, &mut report).await? {
            continue;
        }
        match db.course_id(quiz.course.as_str()).await? {
            Some(course_id) => report.count(db.upsert_quiz(course_id, quiz).await?),
            None => report.problems.push(problem(
                &quiz.path,
                quiz.course_line,
                format!(
                    "khóa học “{}” không tồn tại (course does not exist)",
                    quiz.course
                ),
            )),
        }
    }
    hide_removed(
        db,
        Collection::Quizzes,
        &parsed.quiz_files,
        &dir.join("quizzes"),
        |slug| dir.join("quizzes").join(format!("{slug}.toml")),
        &mut report,
    )
    .await?;
    for (course, quiz) in db.rebuild_course_steps().await? {
        report.problems.push(problem(
            &dir.join("courses").join(&course).join("course.md"),
            None,
            format!(
                "“quiz:{quiz}” không phải bài kiểm tra nào của khóa học này (no quiz {quiz} in this course)"
            ),
        ));
    }
    for problem in &report.problems {
        tracing::warn!(file = %problem.path.display(), line = problem.line, reason = %problem.reason, "content file skipped");
    }
    for hidden in &report.hidden {
        tracing::warn!(%hidden, "content hidden");
    }
    tracing::info!(dir = %dir.display(), %report, "content imported");
    Ok(report)
}

/// A course, then its lessons at the places its list gives them. Places are
/// counted over the lessons that will be shown, so they run 1, 2, 3… in
/// list order: a listed lesson whose file has a mistake keeps its stored
/// version and takes its place; one whose file is gone is hidden.
async fn write_course(
    db: &Db,
    parsed: &ParsedCourse,
    options: ImportOptions,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    let course = parsed.course.slug.as_str();
    let course_id =
        match file_may_write(db, ContentKind::Course, course, None, options, report).await? {
            true => {
                let (course_id, change) = db.upsert_course(&parsed.course).await?;
                report.count(change);
                course_id
            }
            false => match db.course_id(course).await? {
                Some(id) => id,
                None => return Ok(()),
            },
        };
    let mut position = 0;
    for lesson in &parsed.lessons {
        match lesson {
            ListedLesson::Valid(lesson) => {
                let slug = lesson.slug.as_str();
                let kind = ContentKind::Lesson;
                if file_may_write(db, kind, slug, Some(course_id), options, report).await? {
                    position += 1;
                    report.count(db.upsert_lesson(course_id, position, lesson).await?);
                } else if db.keep_lesson_at(course_id, slug, position + 1).await? {
                    position += 1;
                }
            }
            ListedLesson::Invalid(slug) => {
                if db
                    .keep_lesson_at(course_id, slug.as_str(), position + 1)
                    .await?
                {
                    position += 1;
                }
            }
            ListedLesson::Missing { slug, path } => {
                if db.hide_lesson(course_id, slug.as_str()).await? {
                    report.hidden.push(Hidden {
                        kind: ContentKind::Lesson,
                        slug: format!("{course}/{slug}"),
                        path: path.clone(),
                        why: HiddenBecause::FileRemoved,
                    });
                }
            }
        }
    }
    let listed: Vec<&str> = parsed.lessons.iter().map(|l| l.slug().as_str()).collect();
    for slug in db.unlist_lessons_except(course_id, &listed).await? {
        report.hidden.push(Hidden {
            kind: ContentKind::Lesson,
            path: parsed.dir.join(format!("{slug}.md")),
            slug: format!("{course}/{slug}"),
            why: HiddenBecause::NoLongerListed,
        });
    }
    Ok(())
}

/// Hides the shown items of `kind` whose file is positively gone from
/// `folder`. An unreadable folder (already reported) hides nothing; nor does
/// a missing or empty one, which is far likelier an accident (an unmounted
/// disk, a checkout half done) than the end of every item: it is reported.
async fn hide_removed(
    db: &Db,
    collection: Collection,
    folder: &Folder,
    folder_path: &Path,
    file_of: impl Fn(&str) -> PathBuf,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    if *folder == Folder::Unreadable {
        return Ok(());
    }
    let shown = db.shown_slugs(collection).await?;
    if shown.is_empty() {
        return Ok(());
    }
    if *folder == Folder::Listed(Vec::new()) {
        report.problems.push(problem(
            folder_path,
            None,
            format!(
                "thư mục trống hoặc không có: {} mục đã đăng vẫn được giữ nguyên, không ẩn mục nào \
                 (folder empty or missing: nothing hidden)",
                shown.len()
            ),
        ));
        return Ok(());
    }
    for slug in shown {
        if folder.lacks(&slug) && db.hide(collection, &slug).await? {
            report.hidden.push(Hidden {
                kind: collection.kind(),
                path: file_of(&slug),
                slug,
                why: HiddenBecause::FileRemoved,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_says_what_was_hidden_and_why() {
        let mut report = ImportReport {
            added: 1,
            unchanged: 3,
            ..ImportReport::default()
        };
        report.hidden.push(Hidden {
            kind: ContentKind::Article,
            slug: "bai".into(),
            path: PathBuf::from("content/articles/bai.md"),
            why: HiddenBecause::FileRemoved,
        });
        assert_eq!(
            report.to_string(),
            "1 added, 0 updated, 0 restored, 3 unchanged, 1 hidden (file removed), \
             0 with problems (left as they were)"
        );
        assert_eq!(
            report.hidden[0].to_string(),
            "hidden article bai (file removed): content/articles/bai.md"
        );
    }
}
