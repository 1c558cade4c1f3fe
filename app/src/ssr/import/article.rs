//! An article: `articles/<slug>.md`.

use super::front_matter::{parse_toml, split_front_matter};
use super::walk::slug_of;
use super::{Problem, SUMMARY_MAX, TITLE_MAX, problem};
use crate::domain::Date;
use crate::ssr::db::NewArticle;
use serde::Deserialize;
use std::path::Path;

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

/// Validates the text of an article; its slug is the file name of `path`.
pub fn parse_article(path: &Path, text: &str) -> Result<NewArticle, Problem> {
    let slug = slug_of(path)?;
    let doc = split_front_matter(path, text)?;
    let front: ArticleFront = parse_toml(path, doc.front, doc.front_line)?;
    let date = match (front.date.date, front.date.time) {
        (Some(d), None) => Date::parse(&d.to_string()).ok(),
        _ => None,
    }
    .ok_or_else(|| {
        problem(
            path,
            doc.line_of("date"),
            "“date” phải là ngày dạng YYYY-MM-DD, ví dụ 2026-03-02".into(),
        )
    })?;
    if doc.body.trim().is_empty() {
        return Err(problem(path, None, "bài viết chưa có nội dung".into()));
    }
    Ok(NewArticle {
        slug,
        title: doc.required(path, "title", &front.title, TITLE_MAX)?,
        summary: doc.required(path, "summary", &front.summary, SUMMARY_MAX)?,
        author: doc.required(path, "author", &front.author, TITLE_MAX)?,
        series: front
            .series
            .map(|s| s.trim().to_owned())
            .unwrap_or_default(),
        published_on: date,
        body_html: doc.rendered(path)?,
        body_md: doc.body.trim().to_owned(),
        source: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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

    #[test]
    fn a_file_name_that_is_not_a_slug_is_rejected() {
        let text =
            "+++\ntitle = \"A\"\ndate = 2026-03-02\nauthor = \"X\"\nsummary = \"S\"\n+++\nBody\n";
        assert!(parse_article(Path::new("articles/Bài Viết.md"), text).is_err());
    }
}
