//! How a quiz paper is issued without writing anything.
//!
//! A quiz *version* is the quiz as learners are given it (questions, options
//! in the author's order, keys, settings); it is named by a hash of its text
//! and kept in `quiz_versions`, so an attempt issued before an edit is graded
//! against what the learner saw.
//!
//! The quiz page hands a signed-in learner an [`AttemptToken`]: their
//! attempt's number (one more than the attempts they have submitted), the
//! version and the time the page was shown, signed with a key every app
//! server shares. The order of the options follows from the learner, the
//! quiz, the number and the version, so reloading the page shows the same
//! paper. The attempt is stored once, when submitted: its number is unique
//! per learner and quiz, so a second submission of the same form is the same
//! attempt.

use super::grading::{MultipleScoring, Paper, PaperQuestion, ShowAnswers};
use crate::domain::{QuestionKind, QuizOption};
use crate::ssr::db::{KeyedQuestion, QuizRecord};
use blake2::Blake2b;
use blake2::Digest;
use blake2::digest::consts::U16;
use serde::{Deserialize, Serialize};

/// A quiz as learners are given it, before their options are shuffled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizVersion {
    pub paper: Paper,
    /// Each learner's options in their own order.
    pub shuffle: bool,
}

impl QuizVersion {
    /// The version of the quiz stored as `quiz` and `rows`.
    pub fn of(quiz: &QuizRecord, rows: &[KeyedQuestion]) -> Result<QuizVersion, serde_json::Error> {
        let mut questions = Vec::with_capacity(rows.len());
        for row in rows {
            questions.push(PaperQuestion {
                kind: QuestionKind::from_code(&row.kind).unwrap_or(QuestionKind::Single),
                key: serde_json::from_str(&row.answer_json)?,
                uid: row.uid.clone(),
                text: row.text.clone(),
                options: serde_json::from_str::<Vec<QuizOption>>(&row.options_json)?,
                explanation: row.explanation.clone(),
            });
        }
        Ok(QuizVersion {
            paper: Paper {
                questions,
                pass_percent: u32::try_from(quiz.pass_percent).unwrap_or(80),
                scoring: MultipleScoring::from_code(&quiz.multiple_scoring).unwrap_or_default(),
                show_answers: ShowAnswers::from_code(&quiz.show_answers).unwrap_or_default(),
            },
            shuffle: quiz.shuffle != 0,
        })
    }

    /// The version's name: 32 hex digits of BLAKE2b over its JSON text.
    pub fn hash(json: &str) -> String {
        hex(&keyed(&[], &[b"quiz version", json.as_bytes()]))
    }

    /// The paper of one attempt: the options in the order `seed` gives them
    /// (when the quiz shuffles), else as the author wrote them.
    pub fn paper(&self, seed: &[u8]) -> Paper {
        let mut paper = self.paper.clone();
        if self.shuffle {
            for question in &mut paper.questions {
                question
                    .options
                    .sort_by_cached_key(|o| keyed(seed, &[o.id.as_bytes()]));
            }
        }
        paper
    }
}

/// What a quiz form carries to name the attempt it submits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptToken {
    /// 1 for the learner's first attempt at the quiz, and so on.
    pub number: i64,
    /// The [`QuizVersion::hash`] the paper was made from.
    pub version: String,
    /// When the page was shown (seconds since the epoch).
    pub started_at: i64,
}

impl AttemptToken {
    /// `number-version-started-signature`, for `user`'s attempt at `quiz`.
    pub fn sign(&self, key: &[u8], user: i64, quiz: i64) -> String {
        format!(
            "{}-{}-{}-{}",
            self.number,
            self.version,
            self.started_at,
            hex(&self.signature(key, user, quiz))
        )
    }

    /// The token a form sent, if this server signed it for `user` and `quiz`.
    pub fn verify(token: &str, key: &[u8], user: i64, quiz: i64) -> Option<AttemptToken> {
        let mut parts = token.trim().split('-');
        let number = parts.next()?.parse().ok().filter(|n| *n > 0)?;
        let version = parts.next()?.to_owned();
        let started_at = parts.next()?.parse().ok()?;
        let signature = parts.next()?;
        if parts.next().is_some()
            || version.len() != 32
            || !version.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return None;
        }
        let token = AttemptToken {
            number,
            version,
            started_at,
        };
        same(
            signature.as_bytes(),
            hex(&token.signature(key, user, quiz)).as_bytes(),
        )
        .then_some(token)
    }

    fn signature(&self, key: &[u8], user: i64, quiz: i64) -> [u8; 16] {
        keyed(
            key,
            &[
                b"attempt token",
                user.to_string().as_bytes(),
                quiz.to_string().as_bytes(),
                self.number.to_string().as_bytes(),
                self.version.as_bytes(),
                self.started_at.to_string().as_bytes(),
            ],
        )
    }

    /// The seed of the attempt's option order: the same for every page shown
    /// for this attempt, unguessable without the key.
    pub fn seed(&self, key: &[u8], user: i64, quiz: i64) -> [u8; 16] {
        keyed(
            key,
            &[
                b"paper order",
                user.to_string().as_bytes(),
                quiz.to_string().as_bytes(),
                self.number.to_string().as_bytes(),
                self.version.as_bytes(),
            ],
        )
    }
}

/// BLAKE2b-128 of the key and the parts, each ended by a NUL. BLAKE2 is safe
/// as a MAC this way (no length extension).
fn keyed(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    let mut hash = Blake2b::<U16>::new();
    hash.update((key.len() as u64).to_le_bytes());
    hash.update(key);
    for part in parts {
        hash.update(part);
        hash.update([0]);
    }
    hash.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in time independent of where the texts differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::learning::grading::AnswerKey;

    fn version(shuffle: bool) -> QuizVersion {
        let options = (1..=6)
            .map(|n| QuizOption {
                id: format!("o{n}"),
                text: format!("Lựa chọn {n}"),
            })
            .collect();
        QuizVersion {
            paper: Paper {
                questions: vec![PaperQuestion {
                    uid: "q1".into(),
                    kind: QuestionKind::Single,
                    text: "Câu hỏi".into(),
                    options,
                    key: AnswerKey::Options(vec!["o2".into()]),
                    explanation: String::new(),
                }],
                pass_percent: 80,
                scoring: MultipleScoring::default(),
                show_answers: ShowAnswers::default(),
            },
            shuffle,
        }
    }

    fn token() -> AttemptToken {
        AttemptToken {
            number: 3,
            version: QuizVersion::hash("{}"),
            started_at: 1_800_000_000,
        }
    }

    #[test]
    fn a_signed_token_verifies_for_its_learner_and_quiz_only() {
        let key = b"a key of the servers";
        let signed = token().sign(key, 7, 11);
        assert_eq!(AttemptToken::verify(&signed, key, 7, 11), Some(token()));
        assert_eq!(AttemptToken::verify(&signed, key, 8, 11), None);
        assert_eq!(AttemptToken::verify(&signed, key, 7, 12), None);
        assert_eq!(AttemptToken::verify(&signed, b"another key", 7, 11), None);
    }

    #[test]
    fn a_changed_token_is_refused() {
        let key = b"k";
        let signed = token().sign(key, 1, 1);
        let forged_number = signed.replacen('3', "4", 1);
        assert_eq!(AttemptToken::verify(&forged_number, key, 1, 1), None);
        let mut parts: Vec<&str> = signed.split('-').collect();
        parts[2] = "1";
        assert_eq!(AttemptToken::verify(&parts.join("-"), key, 1, 1), None);
        for bad in ["", "3", "x-y-z-w", &format!("{signed}-0"), "0-00-0-00"] {
            assert_eq!(AttemptToken::verify(bad, key, 1, 1), None, "{bad}");
        }
    }

    #[test]
    fn one_attempt_always_gets_the_same_order_and_others_another() {
        let key = b"k";
        let shuffled = version(true);
        let first = token();
        let again = AttemptToken {
            started_at: first.started_at + 60,
            ..first.clone()
        };
        let order = |t: &AttemptToken, user| {
            shuffled.paper(&t.seed(key, user, 1)).questions[0]
                .options
                .iter()
                .map(|o| o.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(&first, 1), order(&again, 1));
        let orders: std::collections::HashSet<_> =
            (1..20).map(|user| order(&first, user)).collect();
        assert!(orders.len() > 10, "{orders:?}");
        // unshuffled quizzes keep the author's order
        let kept = version(false).paper(&first.seed(key, 1, 1));
        assert_eq!(kept, version(false).paper);
    }
}
