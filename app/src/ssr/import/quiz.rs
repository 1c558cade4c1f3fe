//! A quiz: `quizzes/<slug>.toml`, and the identities of its questions and options.
//!
//! Quiz attempts refer to questions and options, so each has an identity
//! that lasts while its text is unchanged, wherever it moves: a question's
//! `uid` is a hash of the quiz's slug and the question's normalised text, an
//! option's `id` a hash of its question's `uid` and the option's normalised
//! text. Editing a question's text makes a new question (and new options);
//! editing an option's text makes a new option; reordering either, or
//! changing an answer, type or explanation, keeps every identity.

use super::front_matter::{line_of_key, parse_toml, required};
use super::walk::slug_of;
use super::{Problem, TITLE_MAX, problem};
use crate::domain::text::nfc;
use crate::domain::{AnswerSource, QuestionKind, QuestionSource, QuizBody, QuizOption, Slug};
use crate::ssr::db::{NewQuestion, NewQuiz, QuizSettings};
use crate::ssr::learning::grading::{AnswerKey, MultipleScoring, ShowAnswers};
use blake2::Blake2b;
use blake2::Digest;
use blake2::digest::consts::U10;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    title: String,
    course: String,
    #[serde(default)]
    summary: String,
    /// Percentage needed to pass, 1–100.
    #[serde(default = "default_pass_mark")]
    pass_mark: i64,
    /// 0 = unlimited.
    #[serde(default)]
    max_attempts: i64,
    /// Minutes a learner waits after an attempt before the next one.
    #[serde(default)]
    wait_minutes: i64,
    #[serde(default)]
    shuffle_options: bool,
    #[serde(default)]
    show_answers: Option<String>,
    #[serde(default)]
    multiple_scoring: Option<String>,
    questions: Vec<QuestionSource>,
}

fn default_pass_mark() -> i64 {
    80
}

impl QuizFile {
    /// The settings and questions, as the panel keeps them.
    fn into_body(self) -> QuizBody {
        QuizBody {
            pass_mark: self.pass_mark,
            max_attempts: self.max_attempts,
            wait_minutes: self.wait_minutes,
            shuffle_options: self.shuffle_options,
            show_answers: self.show_answers,
            multiple_scoring: self.multiple_scoring,
            questions: self.questions,
        }
    }
}

/// Text as its identity sees it: NFC, trimmed, every run of white space
/// one space. Case and punctuation count.
pub fn normalise(text: &str) -> String {
    nfc(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 20 hex digits (80 bits) of BLAKE2b over the parts, each ended by a NUL.
fn digest(parts: &[&str]) -> String {
    let mut hash = Blake2b::<U10>::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The identity of the question `text` in the quiz `quiz`.
pub fn question_uid(quiz: &Slug, text: &str) -> String {
    digest(&["question", quiz.as_str(), &normalise(text)])
}

/// The identity of the option `text` of the question `question_uid`.
pub fn option_id(question_uid: &str, text: &str) -> String {
    digest(&["option", question_uid, &normalise(text)])
}

/// Validates a quiz file; its slug is the file name of `path`.
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
    let title = file.title.clone();
    let summary = file.summary.trim().to_owned();
    let body = file.into_body();
    // Line of each `[[questions]]` header, to point at the faulty question.
    let question_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[questions]]")
        .map(|(i, _)| i + 1)
        .collect();
    let (settings, questions) = checked_body(&slug, &body).map_err(|p| match p {
        BodyProblem::Setting { key, message } => {
            problem(path, line_of_key(text, key).map(|l| l + 1), message)
        }
        BodyProblem::Question { index, message } => problem(
            path,
            question_lines.get(index).copied(),
            format!("câu {}: {message}", index + 1),
        ),
    })?;
    Ok(NewQuiz {
        settings,
        title: required(
            path,
            line_of_key(text, "title").map(|l| l + 1),
            "title",
            &title,
            TITLE_MAX,
        )?,
        slug,
        course,
        course_line,
        path: path.to_owned(),
        summary,
        questions,
        source: text.to_owned(),
    })
}

/// What is wrong with a quiz's settings or questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyProblem {
    /// A setting (its key in the file) out of its range.
    Setting { key: &'static str, message: String },
    /// Question `index` (0-based).
    Question { index: usize, message: String },
}

impl BodyProblem {
    /// The problem as the editor reads it: "câu 2: …" for a question.
    pub fn message(&self) -> String {
        match self {
            BodyProblem::Setting { message, .. } => message.clone(),
            BodyProblem::Question { index, message } => format!("Câu {}: {message}", index + 1),
        }
    }
}

/// Checks a quiz's settings and questions (the quiz `slug` names their
/// identities) and gives them as the platform grades them.
pub fn checked_body(
    slug: &Slug,
    body: &QuizBody,
) -> Result<(QuizSettings, Vec<NewQuestion>), BodyProblem> {
    let settings = settings(body)?;
    if body.questions.is_empty() {
        return Err(BodyProblem::Setting {
            key: "questions",
            message: "bài kiểm tra chưa có câu hỏi nào ([[questions]])".into(),
        });
    }
    let mut questions: Vec<NewQuestion> = Vec::with_capacity(body.questions.len());
    for (index, q) in body.questions.iter().enumerate() {
        let at = |message: String| BodyProblem::Question { index, message };
        let question = parse_question(slug, q).map_err(at)?;
        if let Some(same) = questions.iter().position(|q| q.uid == question.uid) {
            return Err(at(format!(
                "trùng nội dung với câu {} (two questions have the same text)",
                same + 1
            )));
        }
        questions.push(question);
    }
    Ok((settings, questions))
}

/// The quiz's settings, each checked against its documented range.
fn settings(body: &QuizBody) -> Result<QuizSettings, BodyProblem> {
    let at = |key: &'static str, message: String| BodyProblem::Setting { key, message };
    if !(1..=100).contains(&body.pass_mark) {
        return Err(at(
            "pass_mark",
            "“pass_mark” phải từ 1 đến 100 (phần trăm)".into(),
        ));
    }
    if !(0..=1000).contains(&body.max_attempts) {
        return Err(at(
            "max_attempts",
            "“max_attempts” phải từ 0 (không giới hạn) đến 1000".into(),
        ));
    }
    if !(0..=60 * 24 * 30).contains(&body.wait_minutes) {
        return Err(at(
            "wait_minutes",
            "“wait_minutes” phải từ 0 đến 43200 (30 ngày)".into(),
        ));
    }
    let show_answers = match body.show_answers.as_deref().map(str::trim) {
        None => ShowAnswers::default(),
        Some(code) => ShowAnswers::from_code(code).ok_or_else(|| {
            at(
                "show_answers",
                format!("“show_answers” phải là always hoặc after_pass (không phải “{code}”)"),
            )
        })?,
    };
    let scoring = match body.multiple_scoring.as_deref().map(str::trim) {
        None => MultipleScoring::default(),
        Some(code) => MultipleScoring::from_code(code).ok_or_else(|| {
            at(
                "multiple_scoring",
                format!(
                    "“multiple_scoring” phải là all_or_nothing hoặc partial (không phải “{code}”)"
                ),
            )
        })?,
    };
    Ok(QuizSettings {
        pass_percent: body.pass_mark as u32,
        max_attempts: body.max_attempts as u32,
        wait_seconds: body.wait_minutes * 60,
        shuffle: body.shuffle_options,
        show_answers,
        scoring,
    })
}

fn parse_question(quiz: &Slug, q: &QuestionSource) -> Result<NewQuestion, String> {
    let kind = QuestionKind::from_code(q.kind.trim()).ok_or_else(|| {
        format!(
            "“type” phải là single, multiple, true_false hoặc short (không phải “{}”)",
            q.kind
        )
    })?;
    let text = nfc(q.text.trim());
    if text.is_empty() {
        return Err("câu hỏi chưa có nội dung (“text” để trống)".into());
    }
    let uid = question_uid(quiz, &text);
    let mut options: Vec<QuizOption> = Vec::with_capacity(q.options.len());
    for raw in &q.options {
        let option = QuizOption {
            id: option_id(&uid, raw),
            text: nfc(raw.trim()),
        };
        if options.iter().any(|o| o.id == option.id) {
            return Err(format!(
                "lựa chọn “{}” bị lặp (two options have the same text)",
                option.text
            ));
        }
        options.push(option);
    }
    if kind != QuestionKind::Short && (!q.answers.is_empty() || q.ignore_diacritics) {
        return Err(
            "“answers” và “ignore_diacritics” chỉ dùng cho câu trả lời ngắn (short)".into(),
        );
    }
    let key = match kind {
        QuestionKind::TrueFalse => {
            if !options.is_empty() {
                return Err("câu đúng/sai không có “options”".into());
            }
            match &q.answer {
                Some(AnswerSource::Truth(b)) => AnswerKey::Truth(*b),
                _ => {
                    return Err(
                        "chưa chọn đáp án Đúng hay Sai (“answer” phải là true hoặc false)".into(),
                    );
                }
            }
        }
        QuestionKind::Short => {
            if !options.is_empty() || q.answer.is_some() {
                return Err(
                    "câu trả lời ngắn dùng “answers” (các đáp án được chấp nhận), không dùng “options” hay “answer”"
                        .into(),
                );
            }
            let accepted: Vec<String> = q.answers.iter().map(|a| nfc(a.trim())).collect();
            if accepted.is_empty() || accepted.iter().any(String::is_empty) {
                return Err(
                    "câu trả lời ngắn cần ít nhất một đáp án được chấp nhận (“answers”), không đáp án nào để trống"
                        .into(),
                );
            }
            AnswerKey::Short {
                accepted,
                ignore_diacritics: q.ignore_diacritics,
            }
        }
        QuestionKind::Single | QuestionKind::Multiple => {
            if options.len() < 2 || options.iter().any(|o| o.text.is_empty()) {
                return Err(
                    "cần ít nhất 2 lựa chọn (“options”), không lựa chọn nào để trống".into(),
                );
            }
            let picks: Vec<u32> = match &q.answer {
                Some(answer @ (AnswerSource::Numbers(_) | AnswerSource::Number(_))) => answer
                    .numbers()
                    .into_iter()
                    .map(|n| u32::try_from(n).unwrap_or(0))
                    .collect(),
                _ => return Err("“answer” phải là danh sách số thứ tự lựa chọn, ví dụ [2]".into()),
            };
            let count = options.len() as u32;
            if picks.is_empty() {
                return Err("chưa đánh dấu đáp án đúng (“answer”)".into());
            }
            if picks.iter().any(|&p| p == 0 || p > count) {
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
            // The ids of the correct options, so a key never depends on order.
            AnswerKey::Options(
                sorted
                    .iter()
                    .map(|n| options[*n as usize - 1].id.clone())
                    .collect(),
            )
        }
    };
    Ok(NewQuestion {
        uid,
        kind,
        text,
        options,
        key,
        explanation: nfc(q.explanation.trim()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn parse(text: &str) -> Result<NewQuiz, Problem> {
        parse_quiz(Path::new("content/quizzes/kiem-tra.toml"), text)
    }

    #[test]
    fn a_well_formed_quiz_is_parsed() {
        let quiz = parse(QUIZ).unwrap();
        assert_eq!(quiz.questions.len(), 2);
        let b = quiz.questions[0].options[1].id.clone();
        assert_eq!(quiz.questions[0].key, AnswerKey::Options(vec![b]));
        assert_eq!(quiz.questions[1].kind, QuestionKind::TrueFalse);
        assert_eq!(quiz.questions[1].key, AnswerKey::Truth(false));
        assert_eq!(quiz.settings.pass_percent, 80);
        assert_eq!(quiz.settings.max_attempts, 0);
        assert!(!quiz.settings.shuffle);
        assert_eq!(quiz.questions[0].options[1].text, "B");
    }

    #[test]
    fn an_answer_outside_the_options_points_at_its_question() {
        let text = QUIZ.replace("answer = [2]", "answer = [4]");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.reason.starts_with("câu 1:"), "{err}");
    }

    #[test]
    fn a_single_choice_question_needs_exactly_one_answer() {
        let text = QUIZ.replace("answer = [2]", "answer = [1, 2]");
        assert!(parse(&text).is_err());
    }

    #[test]
    fn normalising_ignores_spacing_and_keyboard_but_not_wording() {
        let decomposed = "  Vie\u{0302}\u{0323}t \t Nam\n";
        assert_eq!(normalise(decomposed), "Việt Nam");
        let quiz = Slug::parse("q").unwrap();
        assert_eq!(
            question_uid(&quiz, "Việt  Nam?"),
            question_uid(&quiz, " Vie\u{0302}\u{0323}t Nam?")
        );
        assert_ne!(
            question_uid(&quiz, "Việt Nam?"),
            question_uid(&quiz, "Viet Nam?")
        );
        assert_ne!(
            question_uid(&quiz, "Việt Nam?"),
            question_uid(&Slug::parse("r").unwrap(), "Việt Nam?")
        );
    }

    #[test]
    fn identities_survive_reordering_and_answer_changes() {
        let before = parse(QUIZ).unwrap();
        let reordered = r#"title = "Kiểm tra"
course = "binh-dan-hoc-ai"

[[questions]]
type = "true_false"
text = "Câu   hai."
answer = true

[[questions]]
type = "multiple"
text = "Câu một?"
options = ["C", "A", "B"]
answer = [1, 3]
"#;
        let after = parse(reordered).unwrap();
        assert_eq!(after.questions[0].uid, before.questions[1].uid);
        assert_eq!(after.questions[1].uid, before.questions[0].uid);
        let ids = |q: &NewQuestion| {
            let mut ids: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&after.questions[1]), ids(&before.questions[0]));
        assert_eq!(
            after.questions[1].options[0].id,
            before.questions[0].options[2].id
        );
    }

    #[test]
    fn an_edited_text_is_a_new_identity() {
        let before = parse(QUIZ).unwrap();
        let after = parse(
            &QUIZ
                .replace("\"B\"", "\"Bê\"")
                .replace("Câu hai.", "Câu 2."),
        )
        .unwrap();
        assert_eq!(after.questions[0].uid, before.questions[0].uid);
        assert_eq!(
            after.questions[0].options[0].id,
            before.questions[0].options[0].id
        );
        assert_ne!(
            after.questions[0].options[1].id,
            before.questions[0].options[1].id
        );
        assert_ne!(after.questions[1].uid, before.questions[1].uid);
    }

    #[test]
    fn two_questions_with_the_same_text_are_rejected() {
        let text = QUIZ.replace("Câu hai.", " Câu  một? ");
        let err = parse(&text).unwrap_err();
        assert!(err.reason.starts_with("câu 2:"), "{err}");
        assert_eq!(err.line, Some(11), "{err}");
    }

    #[test]
    fn short_answers_and_settings_are_read() {
        let text = QUIZ.replace(
            "course = \"binh-dan-hoc-ai\"\n",
            "course = \"binh-dan-hoc-ai\"\npass_mark = 60\nmax_attempts = 3\nwait_minutes = 5\nshuffle_options = true\nshow_answers = \"after_pass\"\nmultiple_scoring = \"partial\"\n",
        ) + "\n[[questions]]\ntype = \"short\"\ntext = \"Thủ đô?\"\nanswers = [\" Hà Nội \", \"Thủ đô Hà Nội\"]\nignore_diacritics = true\n";
        let quiz = parse(&text).unwrap();
        let s = &quiz.settings;
        assert_eq!(
            (s.pass_percent, s.max_attempts, s.wait_seconds),
            (60, 3, 300)
        );
        assert!(s.shuffle);
        assert_eq!(s.show_answers, ShowAnswers::AfterPass);
        assert_eq!(s.scoring, MultipleScoring::Partial);
        assert_eq!(
            quiz.questions[2].key,
            AnswerKey::Short {
                accepted: vec!["Hà Nội".into(), "Thủ đô Hà Nội".into()],
                ignore_diacritics: true
            }
        );
        assert!(quiz.questions[2].options.is_empty());
    }

    #[test]
    fn bad_settings_and_short_answers_are_reported() {
        for (from, to) in [
            (
                "course = \"binh-dan-hoc-ai\"",
                "course = \"binh-dan-hoc-ai\"\npass_mark = 0",
            ),
            (
                "course = \"binh-dan-hoc-ai\"",
                "course = \"binh-dan-hoc-ai\"\nshow_answers = \"never\"",
            ),
            ("type = \"single\"", "type = \"short\""),
            ("answer = false", "answer = false\nanswers = [\"x\"]"),
        ] {
            assert!(parse(&QUIZ.replace(from, to)).is_err(), "{to}");
        }
        let empty = QUIZ
            .replace("type = \"true_false\"", "type = \"short\"")
            .replace("answer = false", "answers = [\" \"]");
        assert!(parse(&empty).unwrap_err().reason.contains("answers"));
    }

    #[test]
    fn two_options_with_the_same_text_are_rejected() {
        let text = QUIZ.replace("[\"A\", \"B\", \"C\"]", "[\"A\", \"B\", \" A\"]");
        assert!(parse(&text).unwrap_err().reason.contains("bị lặp"));
    }
}
