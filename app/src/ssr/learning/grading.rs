//! Grading a quiz attempt, on the server only.
//!
//! A [`Paper`] is a quiz as one learner was given it: the questions, their
//! options in the order shown (shuffled per attempt when the quiz asks for
//! it), the answer key and the explanations. It is frozen into the attempt
//! when the attempt is issued, so grading and the result page never depend on
//! later edits. Answers name options by their identities, never by position,
//! so a shuffled paper grades exactly as an unshuffled one.

use crate::domain::text::{fold, nfc};
use crate::domain::{QuestionKind, QuizOption};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How a multiple-choice question with several correct options scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultipleScoring {
    /// Full credit for exactly the correct options, nothing otherwise.
    #[default]
    AllOrNothing,
    /// Each correct option chosen earns 1/k (k correct options), each wrong
    /// option chosen takes 1/k away; never below 0.
    Partial,
}

impl MultipleScoring {
    pub fn code(self) -> &'static str {
        match self {
            MultipleScoring::AllOrNothing => "all_or_nothing",
            MultipleScoring::Partial => "partial",
        }
    }

    pub fn from_code(code: &str) -> Option<MultipleScoring> {
        match code {
            "all_or_nothing" => Some(MultipleScoring::AllOrNothing),
            "partial" => Some(MultipleScoring::Partial),
            _ => None,
        }
    }
}

/// When the result page shows the correct answers and explanations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowAnswers {
    /// After every attempt, failed ones included.
    #[default]
    Always,
    /// Only once the learner has passed.
    AfterPass,
}

impl ShowAnswers {
    pub fn code(self) -> &'static str {
        match self {
            ShowAnswers::Always => "always",
            ShowAnswers::AfterPass => "after_pass",
        }
    }

    pub fn from_code(code: &str) -> Option<ShowAnswers> {
        match code {
            "always" => Some(ShowAnswers::Always),
            "after_pass" => Some(ShowAnswers::AfterPass),
            _ => None,
        }
    }
}

/// The answer key of one question. Stored as the question's `answer_json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerKey {
    /// The ids of the correct options (single and multiple choice).
    Options(Vec<String>),
    /// True/false.
    Truth(bool),
    /// Short answer: the accepted answers as the author typed them.
    Short {
        accepted: Vec<String>,
        #[serde(default)]
        ignore_diacritics: bool,
    },
}

/// One question of a paper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperQuestion {
    pub uid: String,
    pub kind: QuestionKind,
    pub text: String,
    /// In the order this learner was shown them; empty for true/false and short.
    pub options: Vec<QuizOption>,
    pub key: AnswerKey,
    pub explanation: String,
}

/// A quiz as given to one learner, with what grading needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    pub questions: Vec<PaperQuestion>,
    pub pass_percent: u32,
    pub scoring: MultipleScoring,
    pub show_answers: ShowAnswers,
}

/// What a learner answered: the form's values by question uid (several for
/// a multiple-choice question). Unknown fields are ignored.
pub type Answers = HashMap<String, Vec<String>>;

/// Credit is counted in thousandths of a question.
pub const FULL: u32 = 1000;

/// The grade of one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionGrade {
    pub uid: String,
    /// 0..=[`FULL`]
    pub credit: u32,
    pub correct: bool,
}

/// The grade of a whole paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// Sum of the questions' credit, in thousandths.
    pub points: u32,
    /// `points` as a whole percentage of the paper, rounded down.
    pub percent: u32,
    pub passed: bool,
    pub questions: Vec<QuestionGrade>,
}

/// A short answer as it is compared: NFC, trimmed, inner spaces collapsed,
/// case folded; without diacritics (đ → d) when the question allows it.
pub fn short_answer_form(text: &str, ignore_diacritics: bool) -> String {
    let spaced = nfc(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if ignore_diacritics {
        fold(&spaced)
    } else {
        spaced.chars().flat_map(char::to_lowercase).collect()
    }
}

/// The answers given to `question`, keeping only values it can take.
pub fn chosen_options<'a>(question: &PaperQuestion, answers: &'a Answers) -> Vec<&'a str> {
    let mut chosen: Vec<&str> = answers
        .get(&question.uid)
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|id| question.options.iter().any(|o| o.id == *id))
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    chosen
}

/// The first value given for `question`, trimmed; `None` when blank.
pub fn given_text<'a>(question: &PaperQuestion, answers: &'a Answers) -> Option<&'a str> {
    answers
        .get(&question.uid)
        .and_then(|values| values.first())
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
}

pub fn grade_question(
    question: &PaperQuestion,
    answers: &Answers,
    scoring: MultipleScoring,
) -> QuestionGrade {
    let credit = match &question.key {
        AnswerKey::Options(correct) => {
            let chosen = chosen_options(question, answers);
            let right = chosen
                .iter()
                .filter(|c| correct.iter().any(|k| k == *c))
                .count();
            let wrong = chosen.len() - right;
            let exact = wrong == 0 && right == correct.len();
            match (question.kind, scoring) {
                (QuestionKind::Multiple, MultipleScoring::Partial) if !correct.is_empty() => {
                    let per = FULL as usize / correct.len();
                    if exact {
                        FULL
                    } else {
                        (right * per).saturating_sub(wrong * per) as u32
                    }
                }
                _ => {
                    if exact && !chosen.is_empty() {
                        FULL
                    } else {
                        0
                    }
                }
            }
        }
        AnswerKey::Truth(truth) => {
            let given = given_text(question, answers).and_then(|v| match v {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            });
            if given == Some(*truth) { FULL } else { 0 }
        }
        AnswerKey::Short {
            accepted,
            ignore_diacritics,
        } => {
            let given = given_text(question, answers)
                .map(|text| short_answer_form(text, *ignore_diacritics));
            let matches = given.is_some_and(|given| {
                accepted
                    .iter()
                    .any(|a| short_answer_form(a, *ignore_diacritics) == given)
            });
            if matches { FULL } else { 0 }
        }
    };
    QuestionGrade {
        uid: question.uid.clone(),
        credit,
        correct: credit == FULL,
    }
}

/// Grades `answers` against `paper`.
pub fn grade(paper: &Paper, answers: &Answers) -> Grade {
    let questions: Vec<QuestionGrade> = paper
        .questions
        .iter()
        .map(|q| grade_question(q, answers, paper.scoring))
        .collect();
    let points: u32 = questions.iter().map(|q| q.credit).sum();
    let total = u64::from(FULL) * paper.questions.len() as u64;
    let percent = (u64::from(points) * 100).checked_div(total).unwrap_or(0) as u32;
    // Compared exactly, not through the rounded percentage.
    let passed = total > 0 && u64::from(points) * 100 >= u64::from(paper.pass_percent) * total;
    Grade {
        points,
        percent,
        passed,
        questions,
    }
}

/// Parses an `application/x-www-form-urlencoded` body or query into
/// [`Answers`], keeping every value of a repeated field.
pub fn answers_from_form(form: &str) -> Answers {
    let mut answers = Answers::new();
    for pair in form.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(name), Some(value)) = (form_decode(name), form_decode(value)) else {
            continue;
        };
        answers.entry(name).or_default().push(value);
    }
    answers
}

/// Decodes one form component: `+` is a space, `%XX` a byte; `None` when
/// the bytes are not UTF-8.
fn form_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(id: &str) -> QuizOption {
        QuizOption {
            id: id.into(),
            text: format!("option {id}"),
        }
    }

    fn question(uid: &str, kind: QuestionKind, options: &[&str], key: AnswerKey) -> PaperQuestion {
        PaperQuestion {
            uid: uid.into(),
            kind,
            text: format!("question {uid}"),
            options: options.iter().map(|id| option(id)).collect(),
            key,
            explanation: String::new(),
        }
    }

    fn short(accepted: &[&str], ignore_diacritics: bool) -> PaperQuestion {
        question(
            "s",
            QuestionKind::Short,
            &[],
            AnswerKey::Short {
                accepted: accepted.iter().map(|a| (*a).into()).collect(),
                ignore_diacritics,
            },
        )
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        let mut answers = Answers::new();
        for (name, value) in pairs {
            answers
                .entry((*name).into())
                .or_default()
                .push((*value).into());
        }
        answers
    }

    fn credit(q: &PaperQuestion, pairs: &[(&str, &str)], scoring: MultipleScoring) -> u32 {
        grade_question(q, &answers(pairs), scoring).credit
    }

    #[test]
    fn single_choice_is_right_only_with_the_correct_option() {
        let q = question(
            "q",
            QuestionKind::Single,
            &["a", "b", "c"],
            AnswerKey::Options(vec!["b".into()]),
        );
        let all = MultipleScoring::AllOrNothing;
        assert_eq!(credit(&q, &[("q", "b")], all), FULL);
        assert_eq!(credit(&q, &[("q", "a")], all), 0);
        assert_eq!(credit(&q, &[], all), 0);
        // a forged second value makes it wrong, not right
        assert_eq!(credit(&q, &[("q", "b"), ("q", "a")], all), 0);
        // an id that is not an option of the question is ignored
        assert_eq!(credit(&q, &[("q", "b"), ("q", "zzz")], all), FULL);
    }

    #[test]
    fn multiple_choice_is_all_or_nothing_by_default() {
        let q = question(
            "m",
            QuestionKind::Multiple,
            &["a", "b", "c", "d"],
            AnswerKey::Options(vec!["a".into(), "c".into()]),
        );
        let all = MultipleScoring::AllOrNothing;
        assert_eq!(credit(&q, &[("m", "c"), ("m", "a")], all), FULL);
        assert_eq!(credit(&q, &[("m", "a")], all), 0);
        assert_eq!(credit(&q, &[("m", "a"), ("m", "c"), ("m", "d")], all), 0);
        // the same option twice counts once
        assert_eq!(credit(&q, &[("m", "a"), ("m", "a"), ("m", "c")], all), FULL);
    }

    #[test]
    fn partial_credit_subtracts_wrong_choices() {
        let q = question(
            "m",
            QuestionKind::Multiple,
            &["a", "b", "c", "d"],
            AnswerKey::Options(vec!["a".into(), "c".into()]),
        );
        let p = MultipleScoring::Partial;
        assert_eq!(credit(&q, &[("m", "a"), ("m", "c")], p), FULL);
        assert_eq!(credit(&q, &[("m", "a")], p), 500);
        assert_eq!(credit(&q, &[("m", "a"), ("m", "b")], p), 0);
        assert_eq!(credit(&q, &[("m", "a"), ("m", "b"), ("m", "c")], p), 500);
        assert_eq!(credit(&q, &[("m", "b"), ("m", "d")], p), 0);
        assert!(!grade_question(&q, &answers(&[("m", "a")]), p).correct);
    }

    #[test]
    fn true_false_needs_the_right_word() {
        let q = question("t", QuestionKind::TrueFalse, &[], AnswerKey::Truth(false));
        let all = MultipleScoring::AllOrNothing;
        assert_eq!(credit(&q, &[("t", "false")], all), FULL);
        assert_eq!(credit(&q, &[("t", "true")], all), 0);
        assert_eq!(credit(&q, &[("t", "no")], all), 0);
        assert_eq!(credit(&q, &[], all), 0);
    }

    #[test]
    fn short_answers_ignore_normalisation_spacing_and_case() {
        let q = short(&["Hà Nội", "Thủ đô Hà Nội"], false);
        let all = MultipleScoring::AllOrNothing;
        for given in [
            "Hà Nội",
            "  hà   nội ",
            "HÀ NỘI",
            "Ha\u{0300} No\u{0323}\u{0302}i", // NFD, as some keyboards type it
            "thủ đô\tHà Nội",
            "THỦ ĐÔ HÀ NỘI",
        ] {
            assert_eq!(credit(&q, &[("s", given)], all), FULL, "{given:?}");
        }
        for given in ["ha noi", "Hanoi", "Hà Nội.", "", "Hà"] {
            assert_eq!(credit(&q, &[("s", given)], all), 0, "{given:?}");
        }
    }

    #[test]
    fn short_answers_may_ignore_diacritics_and_d_folds() {
        let q = short(&["Hà Nội"], true);
        let all = MultipleScoring::AllOrNothing;
        for given in [
            "ha noi",
            "HA NOI",
            "Hà Nội",
            "Há Nọi",
            "Ha\u{0300} No\u{0302}i",
        ] {
            assert_eq!(credit(&q, &[("s", given)], all), FULL, "{given:?}");
        }
        assert_eq!(credit(&q, &[("s", "ha noi oi")], all), 0);
        let city = short(&["Đà Nẵng"], true);
        for given in ["da nang", "DA NANG", "đà nẵng", "Đa Nang"] {
            assert_eq!(credit(&city, &[("s", given)], all), FULL, "{given:?}");
        }
        let strict = short(&["Đà Nẵng"], false);
        assert_eq!(credit(&strict, &[("s", "da nang")], all), 0);
        assert_eq!(credit(&strict, &[("s", "đà nẵng")], all), FULL);
    }

    fn paper(pass_percent: u32) -> Paper {
        Paper {
            questions: vec![
                question(
                    "q1",
                    QuestionKind::Single,
                    &["a", "b"],
                    AnswerKey::Options(vec!["a".into()]),
                ),
                question("q2", QuestionKind::TrueFalse, &[], AnswerKey::Truth(true)),
                short(&["x"], false),
                question(
                    "q4",
                    QuestionKind::Multiple,
                    &["a", "b", "c"],
                    AnswerKey::Options(vec!["b".into(), "c".into()]),
                ),
                question("q5", QuestionKind::TrueFalse, &[], AnswerKey::Truth(false)),
            ],
            pass_percent,
            scoring: MultipleScoring::AllOrNothing,
            show_answers: ShowAnswers::Always,
        }
    }

    #[test]
    fn the_pass_mark_is_compared_exactly() {
        let four_of_five = answers(&[
            ("q1", "a"),
            ("q2", "true"),
            ("s", "x"),
            ("q4", "b"),
            ("q4", "c"),
        ]);
        let grade = grade(&paper(80), &four_of_five);
        assert_eq!(
            (grade.points, grade.percent, grade.passed),
            (4000, 80, true)
        );
        assert!(!super::grade(&paper(81), &four_of_five).passed);
        let none = super::grade(&paper(80), &Answers::new());
        assert_eq!((none.points, none.percent, none.passed), (0, 0, false));
    }

    #[test]
    fn a_shuffled_paper_grades_by_identity_not_position() {
        let mut shuffled = paper(100);
        shuffled.questions.reverse();
        for q in &mut shuffled.questions {
            q.options.reverse();
        }
        let given = answers(&[
            ("q1", "a"),
            ("q2", "true"),
            ("s", "x"),
            ("q4", "c"),
            ("q4", "b"),
            ("q5", "false"),
        ]);
        assert!(grade(&shuffled, &given).passed);
        assert_eq!(grade(&shuffled, &given), {
            let mut g = grade(&paper(100), &given);
            g.questions.reverse();
            g
        });
    }

    #[test]
    fn forms_keep_repeated_fields_and_decode_utf8() {
        let form = answers_from_form("token=abc&q4=b&q4=c&s=H%C3%A0+N%E1%BB%99i&bad=%E1%BB&x");
        assert_eq!(form["q4"], ["b", "c"]);
        assert_eq!(form["s"], ["Hà Nội"]);
        assert_eq!(form["token"], ["abc"]);
        assert_eq!(form["x"], [""]);
        assert!(!form.contains_key("bad"));
        assert_eq!(answers_from_form("a=%zz%4")["a"], ["%zz%4"]);
    }

    #[test]
    fn keys_are_stored_as_json_the_import_writes() {
        let options: AnswerKey = serde_json::from_str(r#"["x","y"]"#).unwrap();
        assert_eq!(options, AnswerKey::Options(vec!["x".into(), "y".into()]));
        let truth: AnswerKey = serde_json::from_str("false").unwrap();
        assert_eq!(truth, AnswerKey::Truth(false));
        let short: AnswerKey =
            serde_json::from_str(r#"{"accepted":["Hà Nội"],"ignore_diacritics":true}"#).unwrap();
        assert_eq!(
            short,
            AnswerKey::Short {
                accepted: vec!["Hà Nội".into()],
                ignore_diacritics: true
            }
        );
    }
}
