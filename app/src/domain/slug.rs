use serde::{Deserialize, Serialize};
use std::fmt;

/// The address-safe name of a course, lesson, article or quiz:
/// lowercase ASCII letters and digits in groups joined by single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("slug is empty")]
    Empty,
    #[error("slug is longer than {max} characters", max = Slug::MAX_LEN)]
    TooLong,
    #[error("slug may only contain a-z, 0-9 and single hyphens between them: {0:?}")]
    Invalid(String),
}

impl Slug {
    pub const MAX_LEN: usize = 120;

    pub fn parse(input: &str) -> Result<Slug, SlugError> {
        if input.is_empty() {
            return Err(SlugError::Empty);
        }
        if input.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let well_formed = input.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !well_formed {
            return Err(SlugError::Invalid(input.to_owned()));
        }
        Ok(Slug(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lowercase_hyphenated_name_is_accepted() {
        assert_eq!(
            Slug::parse("binh-dan-hoc-ai").unwrap().as_str(),
            "binh-dan-hoc-ai"
        );
        assert!(Slug::parse("bai-1").is_ok());
    }

    #[test]
    fn an_empty_slug_is_rejected() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
    }

    #[test]
    fn diacritics_uppercase_and_stray_hyphens_are_rejected() {
        for bad in [
            "bình-dân",
            "Bai-1",
            "-bai",
            "bai-",
            "bai--1",
            "bai 1",
            "../etc",
        ] {
            assert!(
                matches!(Slug::parse(bad), Err(SlugError::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_overlong_slug_is_rejected() {
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
    }
}
