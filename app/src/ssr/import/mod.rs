//! Content files → database. See `content/README.md` for the format.
//!
//! Import is a sync keyed by slug: new files are added, changed files update
//! their item, unchanged files are left alone, and counters (views, later
//! progress) are never touched. A malformed file is reported with its path,
//! line and reason, and skipped; everything else is still imported.

use super::db::{Change, Db, NewArticle, NewCourse, NewLesson, NewQuestion, NewQuiz};
use super::markdown;
use crate::domain::text::nfc;
use crate::domain::{Date, QuestionKind, Slug};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

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

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub problems: Vec<Problem>,
}

impl ImportReport {
    fn count(&mut self, change: Change) {
        match change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} unchanged, {} skipped with problems",
            self.added,
            self.updated,
            self.unchanged,
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

/// Everything parsed from a content folder.
#[derive(Debug, Default)]
pub struct Parsed {
    pub courses: Vec<ParsedCourse>,
    pub articles: Vec<NewArticle>,
    pub quizzes: Vec<NewQuiz>,
}

#[derive(Debug)]
pub struct ParsedCourse {
    pub course: NewCourse,
    /// Lessons in course order.
    pub lessons: Vec<NewLesson>,
}

/// Reads `dir` and writes its content into `db`, then marks the content as
/// changed so that cached pages are rendered again (even after a failure part
/// way, which may have written some items).
pub async fn import_dir(db: &Db, dir: &Path) -> Result<ImportReport, ImportError> {
    let result = write_dir(db, dir).await;
    db.content_changed();
    result
}

async fn write_dir(db: &Db, dir: &Path) -> Result<ImportReport, ImportError> {
    let (parsed, problems) = parse_dir(dir)?;
    let mut report = ImportReport {
        problems,
        ..ImportReport::default()
    };
    for ParsedCourse { course, lessons } in &parsed.courses {
        let (course_id, change) = db.upsert_course(course).await?;
        report.count(change);
        for (index, lesson) in lessons.iter().enumerate() {
            let position = i64::try_from(index + 1).unwrap_or(i64::MAX);
            report.count(db.upsert_lesson(course_id, position, lesson).await?);
        }
        let listed: Vec<&str> = lessons.iter().map(|l| l.slug.as_str()).collect();
        db.unlist_lessons_except(course_id, &listed).await?;
    }
    for article in &parsed.articles {
        report.count(db.upsert_article(article).await?);
    }
    for quiz in &parsed.quizzes {
        match db.course_id(quiz.course.as_str()).await? {
            Some(course_id) => report.count(db.upsert_quiz(course_id, quiz).await?),
            None => report.problems.push(Problem {
                path: quiz.path.clone(),
                line: quiz.course_line,
                reason: format!(
                    "khóa học “{}” không tồn tại (course does not exist)",
                    quiz.course
                ),
            }),
        }
    }
    for problem in &report.problems {
        tracing::warn!(file = %problem.path.display(), line = problem.line, reason = %problem.reason, "content file skipped");
    }
    tracing::info!(dir = %dir.display(), %report, "content imported");
    Ok(report)
}

/// Parses every content file under `dir`. Problems are collected, not fatal.
pub fn parse_dir(dir: &Path) -> Result<(Parsed, Vec<Problem>), ImportError> {
    let folder_error = |source| ImportError::Folder {
        path: dir.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(dir).map_err(folder_error)?;
    if !meta.is_dir() {
        return Err(folder_error(std::io::Error::other("not a folder")));
    }
    let mut parsed = Parsed::default();
    let mut problems = Vec::new();

    for course_dir in sorted_entries(&dir.join("courses"), &mut problems)
        .into_iter()
        .filter(|p| p.is_dir())
    {
        if let Some(course) = parse_course_dir(&course_dir, &mut problems) {
            parsed.courses.push(course);
        }
    }
    for path in sorted_entries(&dir.join("articles"), &mut problems) {
        if has_extension(&path, "md") {
            match read(&path).and_then(|text| parse_article(&path, &text)) {
                Ok(article) => parsed.articles.push(article),
                Err(p) => problems.push(p),
            }
        }
    }
    for path in sorted_entries(&dir.join("quizzes"), &mut problems) {
        if has_extension(&path, "toml") {
            match read(&path).and_then(|text| parse_quiz(&path, &text)) {
                Ok(quiz) => parsed.quizzes.push(quiz),
                Err(p) => problems.push(p),
            }
        }
    }
    Ok((parsed, problems))
}

fn sorted_entries(dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            problems.push(Problem {
                path: dir.to_owned(),
                line: None,
                reason: e.to_string(),
            });
            Vec::new()
        }
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e == ext)
}

fn read(path: &Path) -> Result<String, Problem> {
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

fn problem(path: &Path, line: Option<usize>, reason: String) -> Problem {
    Problem {
        path: path.to_owned(),
        line,
        reason,
    }
}

fn slug_of(path: &Path) -> Result<Slug, Problem> {
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

/// Front matter between two `+++` lines, and what follows.
struct Document<'a> {
    front: &'a str,
    /// Line number (from 1) of the first front-matter line.
    front_line: usize,
    body: &'a str,
}

fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Document<'a>, Problem> {
    let missing = || {
        problem(path, Some(1), "thiếu phần thông tin đầu tệp: dòng đầu tiên phải là +++ (front matter must start with +++)".into())
    };
    let rest = text.strip_prefix("+++").ok_or_else(missing)?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or_else(missing)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Document {
                front: &rest[..offset],
                front_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(problem(
        path,
        Some(1),
        "phần thông tin đầu tệp không có dòng +++ kết thúc (front matter is not closed)".into(),
    ))
}

fn line_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
}

/// The line of `key = …` in a TOML text, for pointing at a bad value.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='))
    })
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Problem> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| first_line + line_at(text, s.start));
        problem(
            path,
            line,
            format!("thông tin không hợp lệ: {}", e.message()),
        )
    })
}

/// Checks a required text field: present, not blank, not too long.
fn required(
    path: &Path,
    front: &str,
    first_line: usize,
    key: &str,
    value: &str,
    max: usize,
) -> Result<String, Problem> {
    let line = line_of_key(front, key).map(|l| first_line + l);
    let value = value.trim();
    if value.is_empty() {
        return Err(problem(path, line, format!("“{key}” không được để trống")));
    }
    if value.chars().count() > max {
        return Err(problem(path, line, format!("“{key}” dài quá {max} ký tự")));
    }
    Ok(value.to_owned())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFront {
    title: String,
    summary: String,
    #[serde(default)]
    order: i64,
    lessons: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFront {
    title: String,
    summary: String,
    minutes: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleFront {
    title: String,
    date: toml::value::Datetime,
    author: String,
    summary: String,
    #[serde(default)]
    series: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    title: String,
    course: String,
    #[serde(default)]
    summary: String,
    questions: Vec<QuestionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    #[serde(rename = "type")]
    kind: String,
    text: String,
    #[serde(default)]
    options: Vec<String>,
    answer: toml::Value,
    #[serde(default)]
    explanation: String,
}

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 600;

fn parse_course_dir(dir: &Path, problems: &mut Vec<Problem>) -> Option<ParsedCourse> {
    let course_path = dir.join("course.md");
    let course = match slug_of(dir)
        .and_then(|slug| read(&course_path).map(|text| (slug, text)))
        .and_then(|(slug, text)| parse_course(&course_path, slug, &text))
    {
        Ok(course) => course,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let mut files: Vec<PathBuf> = sorted_entries(dir, problems)
        .into_iter()
        .filter(|p| has_extension(p, "md") && p.file_name().is_some_and(|n| n != "course.md"))
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
            continue;
        };
        let path = files.remove(at);
        match read(&path).and_then(|text| parse_lesson(&path, slug.clone(), &text)) {
            Ok(lesson) => lessons.push(lesson),
            Err(p) => problems.push(p),
        }
    }
    for path in files {
        problems.push(problem(
            &path,
            None,
            "bài học chưa được liệt kê trong “lessons” của course.md nên chưa được hiển thị".into(),
        ));
    }
    Some(ParsedCourse {
        course: course.course,
        lessons,
    })
}

struct CourseFile {
    course: NewCourse,
    lesson_order: Vec<Slug>,
    lessons_line: Option<usize>,
}

fn parse_course(path: &Path, slug: Slug, text: &str) -> Result<CourseFile, Problem> {
    let doc = split_front_matter(path, text)?;
    let front: CourseFront = parse_toml(path, doc.front, doc.front_line)?;
    let at = |key| line_of_key(doc.front, key).map(|l| doc.front_line + l);
    let mut lesson_order = Vec::new();
    for raw in &front.lessons {
        let lesson = Slug::parse(raw).map_err(|e| {
            problem(
                path,
                at("lessons"),
                format!("tên bài học không hợp lệ: {e}"),
            )
        })?;
        if lesson_order.contains(&lesson) {
            return Err(problem(
                path,
                at("lessons"),
                format!("bài học “{lesson}” được liệt kê hai lần"),
            ));
        }
        lesson_order.push(lesson);
    }
    Ok(CourseFile {
        course: NewCourse {
            slug,
            title: required(
                path,
                doc.front,
                doc.front_line,
                "title",
                &front.title,
                TITLE_MAX,
            )?,
            summary: required(
                path,
                doc.front,
                doc.front_line,
                "summary",
                &front.summary,
                SUMMARY_MAX,
            )?,
            position: front.order,
            cover_html: markdown::render(doc.body),
            cover_md: doc.body.trim().to_owned(),
            source: text.to_owned(),
        },
        lesson_order,
        lessons_line: at("lessons"),
    })
}

fn parse_lesson(path: &Path, slug: Slug, text: &str) -> Result<NewLesson, Problem> {
    let doc = split_front_matter(path, text)?;
    let front: LessonFront = parse_toml(path, doc.front, doc.front_line)?;
    if !(1..=240).contains(&front.minutes) {
        let line = line_of_key(doc.front, "minutes").map(|l| doc.front_line + l);
        return Err(problem(
            path,
            line,
            "“minutes” phải là số phút từ 1 đến 240".into(),
        ));
    }
    if doc.body.trim().is_empty() {
        return Err(problem(path, None, "bài học chưa có nội dung".into()));
    }
    Ok(NewLesson {
        slug,
        title: required(
            path,
            doc.front,
            doc.front_line,
            "title",
            &front.title,
            TITLE_MAX,
        )?,
        summary: required(
            path,
            doc.front,
            doc.front_line,
            "summary",
            &front.summary,
            SUMMARY_MAX,
        )?,
        minutes: front.minutes,
        body_html: markdown::render(doc.body),
        body_md: doc.body.trim().to_owned(),
        source: text.to_owned(),
    })
}

pub fn parse_article(path: &Path, text: &str) -> Result<NewArticle, Problem> {
    let slug = slug_of(path)?;
    let doc = split_front_matter(path, text)?;
    let front: ArticleFront = parse_toml(path, doc.front, doc.front_line)?;
    let date_line = line_of_key(doc.front, "date").map(|l| doc.front_line + l);
    let date = match (front.date.date, front.date.time) {
        (Some(d), None) => Date::parse(&d.to_string()).ok(),
        _ => None,
    }
    .ok_or_else(|| {
        problem(
            path,
            date_line,
            "“date” phải là ngày dạng YYYY-MM-DD, ví dụ 2026-03-02".into(),
        )
    })?;
    if doc.body.trim().is_empty() {
        return Err(problem(path, None, "bài viết chưa có nội dung".into()));
    }
    Ok(NewArticle {
        slug,
        title: required(
            path,
            doc.front,
            doc.front_line,
            "title",
            &front.title,
            TITLE_MAX,
        )?,
        summary: required(
            path,
            doc.front,
            doc.front_line,
            "summary",
            &front.summary,
            SUMMARY_MAX,
        )?,
        author: required(
            path,
            doc.front,
            doc.front_line,
            "author",
            &front.author,
            TITLE_MAX,
        )?,
        series: front
            .series
            .map(|s| s.trim().to_owned())
            .unwrap_or_default(),
        published_on: date,
        body_html: markdown::render(doc.body),
        body_md: doc.body.trim().to_owned(),
        source: text.to_owned(),
    })
}

pub fn parse_quiz(path: &Path, text: &str) -> Result<NewQuiz, Problem> {
    let slug = slug_of(path)?;
    let file: QuizFile = parse_toml(path, text, 1)?;
    let course_line = line_of_key(text, "course").map(|l| l + 1);
    let course = Slug::parse(file.course.trim())
        .map_err(|e| problem(path, course_line, format!("“course” không hợp lệ: {e}")))?;
    if file.questions.is_empty() {
        return Err(problem(
            path,
            None,
            "bài kiểm tra chưa có câu hỏi nào ([[questions]])".into(),
        ));
    }
    // Line of each `[[questions]]` header, to point at the faulty question.
    let question_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[questions]]")
        .map(|(i, _)| i + 1)
        .collect();
    let questions = file
        .questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            parse_question(q).map_err(|reason| {
                problem(
                    path,
                    question_lines.get(i).copied(),
                    format!("câu {}: {reason}", i + 1),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(NewQuiz {
        slug,
        course,
        course_line,
        path: path.to_owned(),
        title: required(path, text, 1, "title", &file.title, TITLE_MAX)?,
        summary: file.summary.trim().to_owned(),
        questions,
        source: text.to_owned(),
    })
}

fn parse_question(q: QuestionFile) -> Result<NewQuestion, String> {
    let kind = QuestionKind::from_code(q.kind.trim()).ok_or_else(|| {
        format!(
            "“type” phải là single, multiple hoặc true_false (không phải “{}”)",
            q.kind
        )
    })?;
    let text = q.text.trim().to_owned();
    if text.is_empty() {
        return Err("“text” không được để trống".into());
    }
    let options: Vec<String> = q.options.iter().map(|o| o.trim().to_owned()).collect();
    let answer = match kind {
        QuestionKind::TrueFalse => {
            if !options.is_empty() {
                return Err("câu đúng/sai không có “options”".into());
            }
            match q.answer {
                toml::Value::Boolean(b) => vec![u32::from(b)],
                _ => return Err("“answer” của câu đúng/sai phải là true hoặc false".into()),
            }
        }
        QuestionKind::Single | QuestionKind::Multiple => {
            if options.len() < 2 || options.iter().any(String::is_empty) {
                return Err("cần ít nhất 2 lựa chọn “options”, không lựa chọn nào để trống".into());
            }
            let picks: Vec<u32> = match &q.answer {
                toml::Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_integer().and_then(|n| u32::try_from(n).ok()))
                    .collect::<Option<Vec<u32>>>()
                    .ok_or("“answer” phải là danh sách số thứ tự lựa chọn, ví dụ [2]")?,
                toml::Value::Integer(n) => {
                    vec![u32::try_from(*n).map_err(|_| "“answer” không hợp lệ")?]
                }
                _ => return Err("“answer” phải là danh sách số thứ tự lựa chọn, ví dụ [2]".into()),
            };
            let count = options.len() as u32;
            if picks.is_empty() || picks.iter().any(|&p| p == 0 || p > count) {
                return Err(format!("“answer” phải gồm các số từ 1 đến {count}"));
            }
            let mut sorted = picks.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != picks.len() {
                return Err("“answer” có số bị lặp".into());
            }
            if kind == QuestionKind::Single && sorted.len() != 1 {
                return Err("câu chọn một (single) phải có đúng một đáp án".into());
            }
            sorted
        }
    };
    Ok(NewQuestion {
        kind,
        text,
        options,
        answer,
        explanation: q.explanation.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> PathBuf {
        PathBuf::from("content/articles/thu.md")
    }

    #[test]
    fn a_well_formed_article_is_parsed() {
        let text = "+++\ntitle = \"AI là gì?\"\ndate = 2026-03-02\nauthor = \"Ban biên tập\"\nsummary = \"Tóm tắt\"\nseries = \"Bình dân học AI\"\n+++\n## Mở đầu\n\nNội dung.\n";
        let article = parse_article(&p(), text).unwrap();
        assert_eq!(article.slug.as_str(), "thu");
        assert_eq!(article.published_on.display_vn(), "02/03/2026");
        assert!(article.body_html.contains(r#"<h2 id="mo-dau">"#));
    }

    #[test]
    fn a_toml_error_is_reported_on_its_line() {
        let text =
            "+++\ntitle = \"A\"\ndate = 2026-03-02\nauthor = Ban\nsummary = \"S\"\n+++\nBody\n";
        let err = parse_article(&p(), text).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(
            err.to_string().starts_with("content/articles/thu.md:4: "),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_key_is_reported() {
        let text = "+++\ntitle = \"A\"\ntitel = \"B\"\ndate = 2026-03-02\nauthor = \"X\"\nsummary = \"S\"\n+++\nBody\n";
        let err = parse_article(&p(), text).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.reason.contains("titel"), "{err}");
    }

    #[test]
    fn a_missing_front_matter_is_reported_on_line_one() {
        let err = parse_article(&p(), "# Chỉ có nội dung\n").unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn an_impossible_date_is_reported_on_its_line() {
        let text =
            "+++\ntitle = \"A\"\nauthor = \"X\"\nsummary = \"S\"\ndate = \"hôm qua\"\n+++\nBody\n";
        let err = parse_article(&p(), text).unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
    }

    #[test]
    fn a_blank_title_is_rejected() {
        let text =
            "+++\ntitle = \"  \"\ndate = 2026-03-02\nauthor = \"X\"\nsummary = \"S\"\n+++\nBody\n";
        let err = parse_article(&p(), text).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
    }

    const QUIZ: &str = r#"title = "Kiểm tra"
course = "binh-dan-hoc-ai"

[[questions]]
type = "single"
text = "Câu một?"
options = ["A", "B", "C"]
answer = [2]
explanation = "Vì B."

[[questions]]
type = "true_false"
text = "Câu hai."
answer = false
"#;

    #[test]
    fn a_well_formed_quiz_is_parsed() {
        let quiz = parse_quiz(Path::new("content/quizzes/kiem-tra.toml"), QUIZ).unwrap();
        assert_eq!(quiz.questions.len(), 2);
        assert_eq!(quiz.questions[0].answer, vec![2]);
        assert_eq!(quiz.questions[1].kind, QuestionKind::TrueFalse);
        assert_eq!(quiz.questions[1].answer, vec![0]);
    }

    #[test]
    fn an_answer_outside_the_options_points_at_its_question() {
        let text = QUIZ.replace("answer = [2]", "answer = [4]");
        let err = parse_quiz(Path::new("content/quizzes/kiem-tra.toml"), &text).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.reason.starts_with("câu 1:"), "{err}");
    }

    #[test]
    fn a_single_choice_question_needs_exactly_one_answer() {
        let text = QUIZ.replace("answer = [2]", "answer = [1, 2]");
        assert!(parse_quiz(Path::new("content/quizzes/kiem-tra.toml"), &text).is_err());
    }
}
