//! A course: `courses/<slug>/course.md`.

use super::front_matter::{parse_toml, split_front_matter};
use super::{Problem, SUMMARY_MAX, TITLE_MAX, problem};
use crate::domain::Slug;
use crate::ssr::db::{NewCourse, StepRef};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFront {
    title: String,
    summary: String,
    #[serde(default)]
    order: i64,
    /// The outline: lesson slugs and `quiz:<slug>` entries, in order.
    #[serde(default)]
    steps: Option<Vec<String>>,
    /// The older form of `steps` (lessons only; still accepted).
    #[serde(default)]
    lessons: Option<Vec<String>>,
    /// Whether a step can be completed only after every earlier one.
    #[serde(default)]
    sequential: bool,
}

/// How an outline entry names a quiz: `quiz:<slug>`.
pub const QUIZ_STEP_PREFIX: &str = "quiz:";

/// A valid `course.md`: the course and the order of its lessons.
#[derive(Debug, Clone)]
pub struct CourseFile {
    pub course: NewCourse,
    /// The lessons of the outline, in reading order, no slug twice.
    pub lesson_order: Vec<Slug>,
    /// Line of the outline (`steps = …`), to point at a step it names wrongly.
    pub lessons_line: Option<usize>,
}

/// Validates the text of the `course.md` of the course `slug`.
pub fn parse_course(path: &Path, slug: Slug, text: &str) -> Result<CourseFile, Problem> {
    let doc = split_front_matter(path, text)?;
    let front: CourseFront = parse_toml(path, doc.front, doc.front_line)?;
    let (key, entries) = match (front.steps, front.lessons) {
        (Some(steps), None) => ("steps", steps),
        (None, Some(lessons)) => ("lessons", lessons),
        (Some(_), Some(_)) => {
            return Err(problem(
                path,
                doc.line_of("lessons"),
                "chỉ dùng “steps” (không dùng cả “lessons”)".into(),
            ));
        }
        (None, None) => {
            return Err(problem(
                path,
                Some(doc.front_line),
                "thiếu “steps”: danh sách bài học và bài kiểm tra theo thứ tự".into(),
            ));
        }
    };
    let lessons_line = doc.line_of(key);
    let mut lesson_order = Vec::new();
    let mut steps = Vec::new();
    for raw in &entries {
        let step = match raw.trim().strip_prefix(QUIZ_STEP_PREFIX) {
            Some(quiz) => StepRef::Quiz(Slug::parse(quiz.trim()).map_err(|e| {
                problem(
                    path,
                    lessons_line,
                    format!("tên bài kiểm tra không hợp lệ: {e}"),
                )
            })?),
            None => StepRef::Lesson(Slug::parse(raw).map_err(|e| {
                problem(path, lessons_line, format!("tên bài học không hợp lệ: {e}"))
            })?),
        };
        if steps.contains(&step) {
            return Err(problem(
                path,
                lessons_line,
                format!("“{}” được liệt kê hai lần", raw.trim()),
            ));
        }
        if let StepRef::Lesson(lesson) = &step {
            lesson_order.push(lesson.clone());
        }
        steps.push(step);
    }
    Ok(CourseFile {
        course: NewCourse {
            slug,
            title: doc.required(path, "title", &front.title, TITLE_MAX)?,
            summary: doc.required(path, "summary", &front.summary, SUMMARY_MAX)?,
            position: front.order,
            steps,
            sequential: front.sequential,
            cover_html: doc.rendered(path)?,
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
    fn an_outline_places_quizzes_between_lessons() {
        let course = parse(
            "+++\ntitle = \"K\"\nsummary = \"S\"\nsequential = true\nsteps = [\"a\", \"quiz:giua-khoa\", \"b\"]\n+++\n",
        )
        .unwrap();
        let slug = |s: &str| Slug::parse(s).unwrap();
        assert_eq!(
            course.course.steps,
            [
                StepRef::Lesson(slug("a")),
                StepRef::Quiz(slug("giua-khoa")),
                StepRef::Lesson(slug("b"))
            ]
        );
        assert_eq!(course.lesson_order, [slug("a"), slug("b")]);
        assert!(course.course.sequential);
        assert_eq!(course.lessons_line, Some(5));
        assert!(
            parse("+++\ntitle = \"K\"\nsummary = \"S\"\nsteps = [\"quiz:x\", \"quiz:x\"]\n+++\n")
                .is_err()
        );
        assert!(
            parse("+++\ntitle = \"K\"\nsummary = \"S\"\nsteps = [\"a\"]\nlessons = [\"a\"]\n+++\n")
                .is_err()
        );
    }

    #[test]
    fn a_course_without_a_lesson_list_is_rejected() {
        assert!(parse("+++\ntitle = \"K\"\nsummary = \"S\"\n+++\n").is_err());
    }
}
