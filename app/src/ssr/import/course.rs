//! A course: `courses/<slug>/course.md`.

use super::front_matter::{parse_toml, split_front_matter};
use super::{Problem, SUMMARY_MAX, TITLE_MAX, problem};
use crate::domain::Slug;
use crate::ssr::db::NewCourse;
use crate::ssr::markdown;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFront {
    title: String,
    summary: String,
    #[serde(default)]
    order: i64,
    lessons: Vec<String>,
}

/// A valid `course.md`: the course and the order of its lessons.
#[derive(Debug, Clone)]
pub struct CourseFile {
    pub course: NewCourse,
    /// The `lessons` list: reading order, no slug twice.
    pub lesson_order: Vec<Slug>,
    /// Line of `lessons = …`, to point at a lesson the list names wrongly.
    pub lessons_line: Option<usize>,
}

/// Validates the text of the `course.md` of the course `slug`.
pub fn parse_course(path: &Path, slug: Slug, text: &str) -> Result<CourseFile, Problem> {
    let doc = split_front_matter(path, text)?;
    let front: CourseFront = parse_toml(path, doc.front, doc.front_line)?;
    let lessons_line = doc.line_of("lessons");
    let mut lesson_order = Vec::new();
    for raw in &front.lessons {
        let lesson = Slug::parse(raw)
            .map_err(|e| problem(path, lessons_line, format!("tên bài học không hợp lệ: {e}")))?;
        if lesson_order.contains(&lesson) {
            return Err(problem(
                path,
                lessons_line,
                format!("bài học “{lesson}” được liệt kê hai lần"),
            ));
        }
        lesson_order.push(lesson);
    }
    Ok(CourseFile {
        course: NewCourse {
            slug,
            title: doc.required(path, "title", &front.title, TITLE_MAX)?,
            summary: doc.required(path, "summary", &front.summary, SUMMARY_MAX)?,
            position: front.order,
            cover_html: markdown::render(doc.body),
            cover_md: doc.body.trim().to_owned(),
            source: text.to_owned(),
        },
        lesson_order,
        lessons_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<CourseFile, Problem> {
        parse_course(
            Path::new("courses/k/course.md"),
            Slug::parse("k").unwrap(),
            text,
        )
    }

    #[test]
    fn a_course_keeps_its_lesson_order() {
        let course = parse(
            "+++\ntitle = \"K\"\nsummary = \"S\"\norder = 2\nlessons = [\"b\", \"a\"]\n+++\nBìa\n",
        )
        .unwrap();
        let order: Vec<&str> = course.lesson_order.iter().map(Slug::as_str).collect();
        assert_eq!(order, ["b", "a"]);
        assert_eq!(course.course.position, 2);
        assert_eq!(course.lessons_line, Some(5));
    }

    #[test]
    fn a_lesson_listed_twice_is_reported_on_the_list_line() {
        let err = parse("+++\ntitle = \"K\"\nsummary = \"S\"\nlessons = [\"a\", \"a\"]\n+++\n")
            .unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
    }

    #[test]
    fn a_course_without_a_lesson_list_is_rejected() {
        assert!(parse("+++\ntitle = \"K\"\nsummary = \"S\"\n+++\n").is_err());
    }
}
