//! Splitting a `.md` file into its TOML front matter and Markdown body, and
//! parsing TOML with problems that point at the line of the mistake.

use super::{Problem, problem};
use std::path::Path;

/// Front matter between two `+++` lines, and what follows.
pub struct Document<'a> {
    pub front: &'a str,
    /// Line number (from 1) of the first front-matter line.
    pub front_line: usize,
    pub body: &'a str,
}

impl Document<'_> {
    /// The line (from 1) of `key = …` in the front matter.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        line_of_key(self.front, key).map(|l| self.front_line + l)
    }

    /// Checks a required text field of the front matter: present, not
    /// blank, at most `max` characters; returns it trimmed.
    pub fn required(
        &self,
        path: &Path,
        key: &str,
        value: &str,
        max: usize,
    ) -> Result<String, Problem> {
        required(path, self.line_of(key), key, value, max)
    }

    /// The line (from 1) of the file where the body starts.
    pub fn body_line(&self) -> usize {
        self.front_line + line_at(self.front, self.front.len()) + 1
    }

    /// The body as sanitised HTML, or the problem when it is over the
    /// markdown limits (size, nesting), at its line of the file.
    pub fn rendered(&self, path: &Path) -> Result<String, Problem> {
        crate::ssr::markdown::render_checked(self.body, &|_| None)
            .map(|page| page.html)
            .map_err(|e| {
                let line = e.line().map(|l| self.body_line() + l - 1);
                problem(path, line, e.to_string())
            })
    }
}

pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Document<'a>, Problem> {
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

/// How many line breaks precede byte `byte` of `text`.
fn line_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
}

/// The line (from 0) of `key = …` in a TOML text, for pointing at a bad value.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='))
    })
}

/// Parses TOML that starts on line `first_line` of the file at `path`.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
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
pub fn required(
    path: &Path,
    line: Option<usize>,
    key: &str,
    value: &str,
    max: usize,
) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(problem(path, line, format!("“{key}” không được để trống")));
    }
    if value.chars().count() > max {
        return Err(problem(path, line, format!("“{key}” dài quá {max} ký tự")));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.md")
    }

    #[test]
    fn front_matter_and_body_are_split_at_the_closing_line() {
        let doc = split_front_matter(p(), "+++\r\ntitle = \"A\"\n+++  \nBody\n").unwrap();
        assert_eq!(doc.front, "title = \"A\"\n");
        assert_eq!(doc.body, "Body\n");
        assert_eq!(doc.line_of("title"), Some(2));
    }

    #[test]
    fn an_unclosed_front_matter_is_reported_on_line_one() {
        let err = split_front_matter(p(), "+++\ntitle = \"A\"\nBody\n")
            .err()
            .unwrap();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn a_key_is_found_only_before_its_equals_sign() {
        let text = "summary = \"title = x\"\n  title= \"A\"\n";
        assert_eq!(line_of_key(text, "title"), Some(1));
        assert_eq!(line_of_key(text, "author"), None);
    }

    #[test]
    fn a_toml_error_points_at_the_line_in_the_file() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: i64,
        }
        let err = parse_toml::<T>(p(), "\n\na = x\n", 5).unwrap_err();
        assert_eq!(err.line, Some(7), "{err}");
    }

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(required(p(), None, "k", "  a ", 3).unwrap(), "a");
        assert!(required(p(), Some(4), "k", "   ", 3).is_err());
        assert!(required(p(), None, "k", "abcd", 3).is_err());
    }
}
