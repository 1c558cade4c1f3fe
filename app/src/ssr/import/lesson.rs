//! A lesson: `courses/<course>/<slug>.md`.

use super::front_matter::{parse_toml, split_front_matter};
use super::{Problem, SUMMARY_MAX, TITLE_MAX, problem};
use crate::domain::Slug;
use crate::ssr::db::NewLesson;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFront {
    title: String,
    summary: String,
    minutes: i64,
}

/// Validates the text of the lesson `slug`.
pub fn parse_lesson(path: &Path, slug: Slug, text: &str) -> Result<NewLesson, Problem> {
    let doc = split_front_matter(path, text)?;
    let front: LessonFront = parse_toml(path, doc.front, doc.front_line)?;
    if !(1..=240).contains(&front.minutes) {
        return Err(problem(
            path,
            doc.line_of("minutes"),
            "“minutes” phải là số phút từ 1 đến 240".into(),
        ));
    }
    if doc.body.trim().is_empty() {
        return Err(problem(path, None, "bài học chưa có nội dung".into()));
    }
    Ok(NewLesson {
        slug,
        title: doc.required(path, "title", &front.title, TITLE_MAX)?,
        summary: doc.required(path, "summary", &front.summary, SUMMARY_MAX)?,
        minutes: front.minutes,
        body_html: doc.rendered(path)?,
        body_md: doc.body.trim().to_owned(),
        source: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<NewLesson, Problem> {
        parse_lesson(Path::new("bai.md"), Slug::parse("bai").unwrap(), text)
    }

    #[test]
    fn a_well_formed_lesson_is_rendered() {
        let lesson =
            parse("+++\ntitle = \"Bài\"\nsummary = \"S\"\nminutes = 5\n+++\n## Một\n").unwrap();
        assert_eq!(lesson.title, "Bài");
        assert!(lesson.body_html.contains(r#"<h2 id="mot">"#));
    }

    #[test]
    fn a_missing_field_is_reported() {
        let err = parse("+++\ntitle = \"Bài\"\nminutes = 5\n+++\nNội dung\n").unwrap_err();
        assert!(err.reason.contains("summary"), "{err}");
    }

    #[test]
    fn an_unreasonable_reading_time_is_reported_on_its_line() {
        let err = parse("+++\ntitle = \"Bài\"\nsummary = \"S\"\nminutes = 0\n+++\nNội dung\n")
            .unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
    }

    #[test]
    fn an_empty_lesson_is_rejected() {
        assert!(parse("+++\ntitle = \"Bài\"\nsummary = \"S\"\nminutes = 5\n+++\n \n").is_err());
    }
}
