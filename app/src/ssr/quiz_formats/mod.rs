//! Quizzes written elsewhere, read into questions the platform grades:
//! Moodle's GIFT ([`gift`]), Aiken ([`aiken`]) and the layout Vietnamese
//! teachers type ("Câu 1." … "A." … "Đáp án: 1-A", [`vietnamese`]).
//!
//! Every reader takes the file's text as [`source_text`] gives it (UTF-8
//! with or without BOM, CRLF or LF, NFC or NFD — all become LF and NFC) and
//! gives either the questions, all text NFC and trimmed, or every problem
//! with its 1-based line number as a text editor shows it. Nothing is
//! saved here: `hocso quiz-import` and the quiz editor decide what to do.

pub mod aiken;
pub mod gift;
pub mod vietnamese;

#[cfg(test)]
mod hostile;

use crate::domain::text::nfc;
use crate::domain::{AnswerSource, QuestionSource};
use serde::Serialize;

/// What kind of question, as the JSON of `hocso quiz-import --dry-run`
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportedKind {
    Single,
    Multiple,
    TrueFalse,
    Short,
}

/// The right answer of an imported question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Correct {
    /// 0-based indices into `options`, in file order (single, multiple).
    Options(Vec<usize>),
    /// True/false.
    Truth(bool),
    /// Accepted answers of a short-answer question, NFC and trimmed.
    Answers(Vec<String>),
}

/// One question as a file gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportedQuestion {
    #[serde(rename = "type")]
    pub kind: ImportedKind,
    pub text: String,
    /// In file order; empty for true/false and short answers.
    pub options: Vec<String>,
    pub correct: Correct,
    pub explanation: Option<String>,
}

/// Something wrong in a file, at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub line: usize,
    pub problem: String,
}

impl ImportProblem {
    pub fn at(line: usize, problem: impl Into<String>) -> ImportProblem {
        ImportProblem {
            line,
            problem: problem.into(),
        }
    }
}

/// What reading a file gives.
pub type ImportResult = Result<Vec<ImportedQuestion>, Vec<ImportProblem>>;

/// The formats `hocso quiz-import --format` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gift,
    Aiken,
    Vietnamese,
}

impl Format {
    pub fn from_code(code: &str) -> Option<Format> {
        match code {
            "gift" => Some(Format::Gift),
            "aiken" => Some(Format::Aiken),
            "vn" => Some(Format::Vietnamese),
            _ => None,
        }
    }
}

/// A file's bytes as the readers take them: UTF-8 (else a problem on the
/// first line that is not), without a byte-order mark, LF line ends, NFC.
pub fn source_text(bytes: &[u8]) -> Result<String, ImportProblem> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        ImportProblem::at(line, "tệp không phải UTF-8 (file is not UTF-8)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok(nfc(&text))
}

impl Format {
    /// The code `--format` and the editor's form use.
    pub fn code(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::Vietnamese => "vn",
        }
    }
}

/// Reads `bytes` as `format`.
pub fn read(format: Format, bytes: &[u8]) -> ImportResult {
    let text = source_text(bytes).map_err(|p| vec![p])?;
    match format {
        Format::Gift => gift::read(&text),
        Format::Aiken => aiken::read(&text),
        Format::Vietnamese => vietnamese::read(&text),
    }
}

/// The JSON `hocso quiz-import --dry-run` prints: `{"questions": […]}` or
/// `{"errors": [{"line", "problem"}]}`.
pub fn to_json(result: &ImportResult) -> String {
    let value = match result {
        Ok(questions) => serde_json::json!({ "questions": questions }),
        Err(problems) => serde_json::json!({ "errors": problems }),
    };
    value.to_string()
}

impl ImportedQuestion {
    /// The question as the quiz editor keeps it.
    pub fn into_source(self) -> QuestionSource {
        let (answer, answers) = match self.correct {
            Correct::Options(picks) => (
                Some(AnswerSource::Numbers(
                    picks.iter().map(|&i| i as i64 + 1).collect(),
                )),
                Vec::new(),
            ),
            Correct::Truth(truth) => (Some(AnswerSource::Truth(truth)), Vec::new()),
            Correct::Answers(accepted) => (None, accepted),
        };
        QuestionSource {
            kind: match self.kind {
                ImportedKind::Single => "single",
                ImportedKind::Multiple => "multiple",
                ImportedKind::TrueFalse => "true_false",
                ImportedKind::Short => "short",
            }
            .to_owned(),
            text: self.text,
            options: self.options,
            answer,
            answers,
            ignore_diacritics: false,
            explanation: self.explanation.unwrap_or_default(),
        }
    }

    /// A question of the quiz editor as the formats write it; `None` when
    /// it is not complete (no type, no answer).
    pub fn from_source(q: &QuestionSource) -> Option<ImportedQuestion> {
        let (kind, correct) = match (q.kind.as_str(), &q.answer) {
            ("true_false", Some(AnswerSource::Truth(truth))) => {
                (ImportedKind::TrueFalse, Correct::Truth(*truth))
            }
            ("short", _) => (ImportedKind::Short, Correct::Answers(q.answers.clone())),
            (kind @ ("single" | "multiple"), Some(answer)) => (
                if kind == "single" {
                    ImportedKind::Single
                } else {
                    ImportedKind::Multiple
                },
                Correct::Options(
                    answer
                        .numbers()
                        .into_iter()
                        .filter_map(|n| usize::try_from(n - 1).ok())
                        .collect(),
                ),
            ),
            _ => return None,
        };
        Some(ImportedQuestion {
            kind,
            text: q.text.clone(),
            options: q.options.clone(),
            correct,
            explanation: (!q.explanation.is_empty()).then(|| q.explanation.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_arrives_as_lf_and_nfc_without_a_bom() {
        let bytes = "\u{feff}Câu 1.\r\nHa\u{300} No\u{323}\u{302}i\r\n".as_bytes();
        assert_eq!(source_text(bytes).unwrap(), "Câu 1.\nHà Nội\n");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_problem_on_their_line() {
        let problem = source_text(b"one\ntwo \xff\n").unwrap_err();
        assert_eq!(problem.line, 2);
    }

    #[test]
    fn the_json_follows_the_contract() {
        let questions = vec![ImportedQuestion {
            kind: ImportedKind::TrueFalse,
            text: "Trái đất tròn.".into(),
            options: vec![],
            correct: Correct::Truth(true),
            explanation: None,
        }];
        assert_eq!(
            to_json(&Ok(questions)),
            r#"{"questions":[{"correct":true,"explanation":null,"options":[],"text":"Trái đất tròn.","type":"true_false"}]}"#
        );
        assert_eq!(
            to_json(&Err(vec![ImportProblem::at(3, "x")])),
            r#"{"errors":[{"line":3,"problem":"x"}]}"#
        );
    }
}
