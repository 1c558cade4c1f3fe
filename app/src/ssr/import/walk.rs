//! Walking the content folder: which files there are, reading them, and
//! handing each to the validation of its kind.
//!
//! Besides what parsed, the walk records which items have a file at all
//! (valid or not), folder by folder, so that the import hides only items
//! whose file is positively gone from a folder it could read.

use super::course::{CourseFile, parse_course};
use super::lesson::parse_lesson;
use super::{ImportError, Problem, parse_article, parse_quiz, problem};
use crate::domain::Slug;
use crate::domain::text::nfc;
use crate::ssr::db::{NewArticle, NewCourse, NewLesson, NewQuiz};
use std::path::{Path, PathBuf};

/// Everything parsed from a content folder.
#[derive(Debug)]
pub struct Parsed {
    pub courses: Vec<ParsedCourse>,
    pub articles: Vec<NewArticle>,
    pub quizzes: Vec<NewQuiz>,
    /// Course folders in `courses/`, whether their `course.md` is valid or not.
    pub course_files: Folder,
    /// Files in `articles/`, valid or not.
    pub article_files: Folder,
    /// Files in `quizzes/`, valid or not.
    pub quiz_files: Folder,
}

/// What the walk could tell about one folder of a kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Folder {
    /// The folder exists but could not be read (reported as a problem).
    Unreadable,
    /// The slugs that have a file there; empty when the folder is missing.
    Listed(Vec<Slug>),
}

impl Folder {
    /// Whether `slug` is positively absent: the folder was read, holds at
    /// least one item, and not this one.
    pub fn lacks(&self, slug: &str) -> bool {
        match self {
            Folder::Unreadable => false,
            Folder::Listed(slugs) => !slugs.is_empty() && !slugs.iter().any(|s| s.as_str() == slug),
        }
    }
}

#[derive(Debug)]
pub struct ParsedCourse {
    pub course: NewCourse,
    /// The course's folder.
    pub dir: PathBuf,
    /// Every lesson of the course's `lessons` list, in that order.
    pub lessons: Vec<ListedLesson>,
}

/// A lesson named by a course's list, and what its file held.
#[derive(Debug)]
pub enum ListedLesson {
    Valid(NewLesson),
    /// The file is there but has a mistake (reported): the stored version stays.
    Invalid(Slug),
    /// The course folder has no such file (reported).
    Missing {
        slug: Slug,
        path: PathBuf,
    },
}

impl ListedLesson {
    pub fn slug(&self) -> &Slug {
        match self {
            ListedLesson::Valid(lesson) => &lesson.slug,
            ListedLesson::Invalid(slug) | ListedLesson::Missing { slug, .. } => slug,
        }
    }
}

/// Parses every content file under `dir`. Problems are collected, not
/// fatal; only a content folder that is missing or unreadable is an error.
pub fn parse_dir(dir: &Path) -> Result<(Parsed, Vec<Problem>), ImportError> {
    let folder_error = |source| ImportError::Folder {
        path: dir.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(dir).map_err(folder_error)?;
    if !meta.is_dir() {
        return Err(folder_error(std::io::Error::other("not a folder")));
    }
    // Reading the folder itself proves it is readable (and not, say, a mount
    // point whose device is gone).
    std::fs::read_dir(dir).map_err(folder_error)?;
    let mut problems = Vec::new();

    let mut courses = Vec::new();
    let course_entries = sorted_entries(&dir.join("courses"), &mut problems);
    for course_dir in course_entries.iter().flatten().filter(|p| p.is_dir()) {
        if let Some(course) = parse_course_dir(course_dir, &mut problems) {
            courses.push(course);
        }
    }
    let course_files = folder(course_entries.as_deref(), |p| {
        p.file_name().and_then(|n| n.to_str())
    });

    let mut articles = Vec::new();
    let article_entries = sorted_entries(&dir.join("articles"), &mut problems);
    for path in files_with_extension(article_entries.as_deref(), "md") {
        match read(path).and_then(|text| parse_article(path, &text)) {
            Ok(article) => articles.push(article),
            Err(p) => problems.push(p),
        }
    }
    let article_files = folder(article_entries.as_deref(), |p| stem_with(p, "md"));

    let mut quizzes = Vec::new();
    let quiz_entries = sorted_entries(&dir.join("quizzes"), &mut problems);
    for path in files_with_extension(quiz_entries.as_deref(), "toml") {
        match read(path).and_then(|text| parse_quiz(path, &text)) {
            Ok(quiz) => quizzes.push(quiz),
            Err(p) => problems.push(p),
        }
    }
    let quiz_files = folder(quiz_entries.as_deref(), |p| stem_with(p, "toml"));

    Ok((
        Parsed {
            courses,
            articles,
            quizzes,
            course_files,
            article_files,
            quiz_files,
        },
        problems,
    ))
}

/// The slugs named by a folder's entries (`name` picks the slug out of a path).
fn folder(entries: Option<&[PathBuf]>, name: impl Fn(&Path) -> Option<&str>) -> Folder {
    match entries {
        None => Folder::Unreadable,
        Some(paths) => Folder::Listed(
            paths
                .iter()
                .filter_map(|p| name(p))
                .filter_map(|n| Slug::parse(n).ok())
                .collect(),
        ),
    }
}

fn stem_with<'a>(path: &'a Path, ext: &str) -> Option<&'a str> {
    path.extension()
        .is_some_and(|e| e == ext)
        .then(|| path.file_stem().and_then(|s| s.to_str()))
        .flatten()
}

/// Entries named `*.ext`. Whether each is a readable file is left to
/// [`read`], so that a file that cannot be read is reported, not ignored.
fn files_with_extension<'a>(
    entries: Option<&'a [PathBuf]>,
    ext: &'a str,
) -> impl Iterator<Item = &'a PathBuf> {
    entries
        .unwrap_or_default()
        .iter()
        .filter(move |p| p.extension().is_some_and(|e| e == ext) && !p.is_dir())
}

/// The entries of `dir`, sorted; empty when it does not exist, `None` (and a
/// problem) when it cannot be read.
fn sorted_entries(dir: &Path, problems: &mut Vec<Problem>) -> Option<Vec<PathBuf>> {
    let listing = std::fs::read_dir(dir).and_then(|entries| {
        entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
    });
    match listing {
        Ok(mut paths) => {
            paths.sort();
            Some(paths)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Vec::new()),
        Err(e) => {
            problems.push(problem(
                dir,
                None,
                format!("không đọc được thư mục (folder cannot be read): {e}"),
            ));
            None
        }
    }
}

/// A content file's text, in NFC without a byte-order mark.
pub fn read(path: &Path) -> Result<String, Problem> {
    let bytes =
        std::fs::read(path).map_err(|e| problem(path, None, format!("không đọc được tệp: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        problem(
            path,
            None,
            "tệp không phải văn bản UTF-8 (file is not UTF-8)".into(),
        )
    })?;
    // One spelling of every Vietnamese letter, whatever keyboard the author used.
    Ok(nfc(text.trim_start_matches('\u{feff}')))
}

/// The slug named by a file or folder name (without its extension).
pub fn slug_of(path: &Path) -> Result<Slug, Problem> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    Slug::parse(stem).map_err(|e| {
        problem(
            path,
            None,
            format!("tên tệp phải là chữ thường không dấu, số và dấu gạch ngang: {e}"),
        )
    })
}

/// A course folder: its `course.md`, then each lesson its list names. A
/// course whose folder or `course.md` cannot be read or is invalid is
/// reported and left out: its stored version and its lessons stay as they are.
fn parse_course_dir(dir: &Path, problems: &mut Vec<Problem>) -> Option<ParsedCourse> {
    let course_path = dir.join("course.md");
    let entries = sorted_entries(dir, problems)?;
    let course: CourseFile = match slug_of(dir)
        .and_then(|slug| read(&course_path).map(|text| (slug, text)))
        .and_then(|(slug, text)| parse_course(&course_path, slug, &text))
    {
        Ok(course) => course,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let mut files: Vec<&PathBuf> = files_with_extension(Some(&entries), "md")
        .filter(|p| p.file_name().is_some_and(|n| n != "course.md"))
        .collect();
    let mut lessons = Vec::new();
    for (index, slug) in course.lesson_order.iter().enumerate() {
        let Some(at) = files
            .iter()
            .position(|p| p.file_stem().is_some_and(|s| s == slug.as_str()))
        else {
            problems.push(problem(
                &course_path,
                course.lessons_line,
                format!("bài học thứ {} “{slug}” không có tệp {slug}.md", index + 1),
            ));
            lessons.push(ListedLesson::Missing {
                slug: slug.clone(),
                path: dir.join(format!("{slug}.md")),
            });
            continue;
        };
        let path = files.remove(at);
        lessons.push(
            match read(path).and_then(|text| parse_lesson(path, slug.clone(), &text)) {
                Ok(lesson) => ListedLesson::Valid(lesson),
                Err(p) => {
                    problems.push(p);
                    ListedLesson::Invalid(slug.clone())
                }
            },
        );
    }
    for path in files {
        problems.push(problem(
            path,
            None,
            "bài học chưa được liệt kê trong “steps” của course.md nên chưa được hiển thị".into(),
        ));
    }
    Some(ParsedCourse {
        course: course.course,
        dir: dir.to_owned(),
        lessons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder removed at the end of the test.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!(
                "hocso-walk-{name}-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn write(&self, path: &str, text: &str) {
            let path = self.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const LESSON: &str = "+++\ntitle = \"Bài\"\nsummary = \"S\"\nminutes = 5\n+++\nNội dung\n";

    #[test]
    fn every_listed_lesson_keeps_its_place_whatever_its_file_holds() {
        let dir = Scratch::new("lessons");
        dir.write(
            "courses/k/course.md",
            "+++\ntitle = \"K\"\nsummary = \"S\"\nlessons = [\"a\", \"b\", \"c\"]\n+++\n",
        );
        dir.write("courses/k/a.md", LESSON);
        dir.write(
            "courses/k/b.md",
            "+++\ntitle = \"Bài\"\n+++\nthiếu summary\n",
        );
        let (parsed, problems) = parse_dir(&dir.0).unwrap();
        let lessons = &parsed.courses[0].lessons;
        assert!(matches!(&lessons[0], ListedLesson::Valid(l) if l.slug.as_str() == "a"));
        assert!(matches!(&lessons[1], ListedLesson::Invalid(s) if s.as_str() == "b"));
        assert!(matches!(&lessons[2], ListedLesson::Missing { slug, .. } if slug.as_str() == "c"));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn a_broken_file_still_counts_as_present() {
        let dir = Scratch::new("present");
        dir.write("articles/hong.md", "không có phần đầu\n");
        dir.write("quizzes/hong.toml", "title = \n");
        let (parsed, problems) = parse_dir(&dir.0).unwrap();
        assert!(parsed.articles.is_empty() && parsed.quizzes.is_empty());
        assert_eq!(problems.len(), 2);
        assert!(!parsed.article_files.lacks("hong"));
        assert!(parsed.article_files.lacks("khac"));
        assert!(!parsed.quiz_files.lacks("hong"));
    }

    #[test]
    fn a_missing_or_empty_folder_lacks_nothing() {
        let dir = Scratch::new("empty");
        std::fs::create_dir_all(dir.0.join("articles")).unwrap();
        let (parsed, problems) = parse_dir(&dir.0).unwrap();
        assert!(problems.is_empty());
        assert!(!parsed.article_files.lacks("bai"), "empty folder");
        assert!(!parsed.course_files.lacks("khoa"), "missing folder");
        assert!(!Folder::Unreadable.lacks("bai"));
    }

    #[test]
    fn a_missing_content_folder_is_an_error() {
        let dir = Scratch::new("gone");
        assert!(matches!(
            parse_dir(&dir.0.join("khong-co")),
            Err(ImportError::Folder { .. })
        ));
    }
}
