//! Moodle's GIFT format, read and written.
//!
//! Read: questions are separated by blank lines; whole lines starting with
//! `//` are comments and `$CATEGORY:` lines are skipped. A question is an
//! optional title `::Tiêu đề::` (dropped: questions here have no title),
//! an optional format marker (`[html]`, `[moodle]`, `[plain]`,
//! `[markdown]`, removed from the start of the question text, an option or
//! the explanation; the text is kept as written), the text and one answer
//! block `{…}`. Escapes: `\~ \= \# \{ \} \: \\` and `\n` for a newline.
//!
//! - `{=right ~wrong ~wrong}`: single choice (exactly one `=`, no `~` with
//!   a positive weight; weights on wrong options are ignored).
//! - `{~%50%a ~%50%b ~%-100%c}`: multiple answers; the right options are
//!   those with a positive weight and the `=` ones (so `{=a =b ~c}` is
//!   multiple answers too).
//! - `{T}` `{TRUE}` `{F}` `{FALSE}` (any case): true/false.
//! - `{=Hà Nội =Thủ đô Hà Nội}` (only `=`): short answer, the accepted
//!   answers being those without a weight or with `%100%`; `%0%` or
//!   negative ones (kept in Moodle for their feedback) are left out,
//!   partial credit is a problem.
//! - Missing word, `Thủ đô là {=Hà Nội ~Huế} của Việt Nam.`: the text
//!   becomes `Thủ đô là _____ của Việt Nam.` (Moodle's blank).
//! - `#feedback` after an answer is ignored; general feedback `####…` becomes
//!   the explanation.
//!
//! Essay `{}`, numerical `{#…}`, matching `{=a -> b}`, a text without an
//! answer block (Moodle's description) and more than one answer block
//! are problems on the question's line. All text is trimmed, nothing else
//! is collapsed (newlines inside a text stay).
//!
//! Written: one block per question, a blank line between, every special
//! character escaped (a newline as `\n`), the explanation as `####…`,
//! single choice as `=`/`~`, multiple answers as equal shares
//! (`~%33.33333%` ×3) and `~%-100%`, true/false as `{TRUE}`/`{FALSE}`,
//! short answers as `=` lines. A text starting with a format marker, or a
//! question text starting with `//`, gets `[plain]` in front (reading
//! removes one marker); an answer starting with `%` gets an explicit
//! weight. So `read(&write(q)) == Ok(q)` for whatever `read` gives.

use super::{Correct, ImportProblem, ImportResult, ImportedKind, ImportedQuestion};

const NO_CORRECT: &str = "câu hỏi không có đáp án đúng (no correct answer)";
const UNCLOSED: &str = "dấu { chưa được đóng bằng } (unclosed brace)";
const EMPTY_QUESTION: &str = "câu hỏi không có nội dung (empty question)";
const ONE_OPTION: &str = "câu hỏi chỉ có một lựa chọn (a question with only one option)";
const MARKERS: [&str; 4] = ["[html]", "[moodle]", "[plain]", "[markdown]"];
/// What a blank of a missing-word question becomes in the text.
const BLANK: &str = "_____";

/// One character of the file after escapes: `escaped` ones are never
/// syntax.
#[derive(Clone, Copy, Debug)]
struct Tok {
    ch: char,
    escaped: bool,
    line: usize,
}

impl Tok {
    fn is(&self, c: char) -> bool {
        !self.escaped && self.ch == c
    }
}

/// The lines of one question (comments and categories left out) as
/// characters, and the line it starts on.
struct Block {
    line: usize,
    toks: Vec<Tok>,
}

/// Reads the text (see [`super::source_text`]).
pub fn read(text: &str) -> ImportResult {
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    for block in blocks(text) {
        match question(&block) {
            Ok(q) => questions.push(q),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        Err(problems)
    }
}

fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if trimmed.starts_with("//") || trimmed.starts_with("$CATEGORY:") {
            continue;
        }
        let block = current.get_or_insert_with(|| Block {
            line: number,
            toks: Vec::new(),
        });
        if !block.toks.is_empty() {
            block.toks.push(Tok {
                ch: '\n',
                escaped: false,
                line: number,
            });
        }
        let mut chars = line.chars().peekable();
        while let Some(ch) = chars.next() {
            let tok = match (ch, chars.peek().copied()) {
                ('\\', Some(next @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\'))) => {
                    chars.next();
                    Tok {
                        ch: next,
                        escaped: true,
                        line: number,
                    }
                }
                ('\\', Some('n')) => {
                    chars.next();
                    Tok {
                        ch: '\n',
                        escaped: true,
                        line: number,
                    }
                }
                _ => Tok {
                    ch,
                    escaped: false,
                    line: number,
                },
            };
            block.toks.push(tok);
        }
    }
    blocks.extend(current);
    blocks
}

fn skip_space(toks: &[Tok]) -> &[Tok] {
    let start = toks
        .iter()
        .position(|t| t.escaped || !t.ch.is_whitespace())
        .unwrap_or(toks.len());
    &toks[start..]
}

fn starts_with(toks: &[Tok], s: &str) -> bool {
    let mut it = toks.iter();
    s.chars().all(|c| it.next().is_some_and(|t| t.is(c)))
}

/// The text of `toks` without a leading format marker, trimmed.
fn text_of(toks: &[Tok]) -> String {
    collect(strip_marker(toks)).trim().to_string()
}

fn strip_marker(toks: &[Tok]) -> &[Tok] {
    let toks = skip_space(toks);
    for marker in MARKERS {
        if starts_with(toks, marker) {
            return &toks[marker.chars().count()..];
        }
    }
    toks
}

fn collect(toks: &[Tok]) -> String {
    toks.iter().map(|t| t.ch).collect()
}

fn find(toks: &[Tok], c: char) -> Option<usize> {
    toks.iter().position(|t| t.is(c))
}

fn question(block: &Block) -> Result<ImportedQuestion, Vec<ImportProblem>> {
    let line = block.line;
    let one = |at: usize, problem: &str| Err(vec![ImportProblem::at(at, problem)]);
    let mut body = skip_space(&block.toks);
    if starts_with(body, "::") {
        let rest = &body[2..];
        match (0..rest.len()).find(|&i| starts_with(&rest[i..], "::")) {
            Some(end) => body = &rest[end + 2..],
            None => return one(line, "tiêu đề :: chưa được đóng (unclosed title)"),
        }
    }
    let Some(open) = body.iter().position(|t| t.is('{') || t.is('}')) else {
        return one(
            line,
            "câu hỏi không có phần đáp án {…} (no answer block {…})",
        );
    };
    if body[open].ch == '}' {
        return one(body[open].line, "dấu } thừa (unexpected })");
    }
    let close = match body[open + 1..].iter().position(|t| t.is('{') || t.is('}')) {
        Some(i) if body[open + 1 + i].ch == '}' => open + 1 + i,
        _ => return one(body[open].line, UNCLOSED),
    };
    let (before, inner, after) = (&body[..open], &body[open + 1..close], &body[close + 1..]);
    if let Some(extra) = after.iter().find(|t| t.is('{') || t.is('}')) {
        return one(
            extra.line,
            "chỉ được có một phần đáp án {…} mỗi câu (more than one answer block)",
        );
    }
    let mut problems = Vec::new();
    let after_text = collect(after);
    let text = if after_text.trim().is_empty() {
        text_of(before)
    } else {
        format!("{}{BLANK}{after_text}", collect(strip_marker(before)))
            .trim()
            .to_string()
    };
    if text.is_empty() {
        problems.push(ImportProblem::at(line, EMPTY_QUESTION));
    }
    let general = (0..inner.len()).find(|&i| starts_with(&inner[i..], "####"));
    let (answers, explanation) = match general {
        Some(i) => (&inner[..i], Some(text_of(&inner[i + 4..]))),
        None => (inner, None),
    };
    let explanation = explanation.filter(|e| !e.is_empty());
    let answers = skip_space(answers);
    let has_arrow = answers.windows(2).any(|w| w[0].is('-') && w[1].is('>'));
    let head = collect(&answers[..find(answers, '#').unwrap_or(answers.len())]);
    let truth = match head.trim().to_uppercase().as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    };
    let parsed = if collect(answers).trim().is_empty() {
        Err(vec![ImportProblem::at(
            line,
            "câu tự luận {} chưa được hỗ trợ (essay questions are not supported)",
        )])
    } else if answers[0].is('#') {
        Err(vec![ImportProblem::at(
            line,
            "câu trả lời bằng số {#…} chưa được hỗ trợ (numerical questions are not supported)",
        )])
    } else if find(answers, '~').is_some() {
        choice(line, answers)
    } else if find(answers, '=').is_some() && has_arrow {
        Err(vec![ImportProblem::at(
            line,
            "câu ghép đôi -> chưa được hỗ trợ (matching questions are not supported)",
        )])
    } else if let Some(truth) = truth {
        Ok((ImportedKind::TrueFalse, Vec::new(), Correct::Truth(truth)))
    } else {
        short(line, answers)
    };
    match parsed {
        Ok((kind, options, correct)) if problems.is_empty() => Ok(ImportedQuestion {
            kind,
            text,
            options,
            correct,
            explanation,
        }),
        Ok(_) => Err(problems),
        Err(mut more) => {
            problems.append(&mut more);
            Err(problems)
        }
    }
}

/// One `=…` or `~…` of an answer block.
struct Answer {
    right: bool,
    weight: Option<f64>,
    text: String,
    line: usize,
}

type Parsed = Result<(ImportedKind, Vec<String>, Correct), Vec<ImportProblem>>;

fn split_answers(answers: &[Tok], problems: &mut Vec<ImportProblem>) -> Vec<Answer> {
    let starts: Vec<usize> = (0..answers.len())
        .filter(|&i| answers[i].is('=') || answers[i].is('~'))
        .collect();
    let lead = &answers[..starts.first().copied().unwrap_or(answers.len())];
    if let Some(t) = lead.iter().find(|t| t.escaped || !t.ch.is_whitespace()) {
        problems.push(ImportProblem::at(
            t.line,
            "mỗi đáp án phải bắt đầu bằng = hoặc ~ (an answer must start with = or ~)",
        ));
    }
    let mut result = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(answers.len());
        let mut part = &answers[start + 1..end];
        let weight = weight(part).map(|(w, len)| {
            part = &part[len..];
            w
        });
        let part = &part[..find(part, '#').unwrap_or(part.len())];
        let answer = Answer {
            right: answers[start].ch == '=',
            weight,
            text: text_of(part),
            line: answers[start].line,
        };
        if answer.text.is_empty() {
            problems.push(ImportProblem::at(
                answer.line,
                "đáp án không có nội dung (empty answer)",
            ));
        }
        result.push(answer);
    }
    result
}

/// A weight `%50%` `%-100%` `%33.33333%` right after `=` or `~`, and how
/// many characters it takes.
fn weight(toks: &[Tok]) -> Option<(f64, usize)> {
    if !toks.first()?.is('%') {
        return None;
    }
    let close = 1 + find(&toks[1..], '%')?;
    let number = collect(&toks[1..close]);
    let digits = number.strip_prefix('-').unwrap_or(&number);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit());
    if !valid {
        return None;
    }
    Some((number.parse().ok()?, close + 1))
}

fn choice(line: usize, answers: &[Tok]) -> Parsed {
    let mut problems = Vec::new();
    let answers = split_answers(answers, &mut problems);
    if answers.len() < 2 {
        problems.push(ImportProblem::at(line, ONE_OPTION));
    }
    let right = |a: &Answer| match (a.right, a.weight) {
        (true, w) => w.is_none_or(|w| w > 0.0),
        (false, w) => w.is_some_and(|w| w > 0.0),
    };
    let correct: Vec<usize> = (0..answers.len()).filter(|&i| right(&answers[i])).collect();
    let full = answers.iter().filter(|a| a.right && right(a)).count();
    let weighted = answers.iter().any(|a| !a.right && right(a));
    if correct.is_empty() {
        problems.push(ImportProblem::at(line, NO_CORRECT));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let kind = if full == 1 && !weighted {
        ImportedKind::Single
    } else {
        ImportedKind::Multiple
    };
    let options = answers.into_iter().map(|a| a.text).collect();
    Ok((kind, options, Correct::Options(correct)))
}

fn short(line: usize, answers: &[Tok]) -> Parsed {
    let mut problems = Vec::new();
    let answers = split_answers(answers, &mut problems);
    let mut accepted = Vec::new();
    for answer in answers {
        match answer.weight {
            None => accepted.push(answer.text),
            Some(w) if w >= 100.0 => accepted.push(answer.text),
            Some(w) if w > 0.0 => problems.push(ImportProblem::at(
                answer.line,
                "điểm từng phần ở câu trả lời ngắn chưa được hỗ trợ \
                 (partial credit in short answers is not supported)",
            )),
            Some(_) => {}
        }
    }
    if accepted.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::at(line, NO_CORRECT));
    }
    if problems.is_empty() {
        Ok((ImportedKind::Short, Vec::new(), Correct::Answers(accepted)))
    } else {
        Err(problems)
    }
}

/// The questions as GIFT (see the module's notes).
pub fn write(questions: &[ImportedQuestion]) -> String {
    let blocks: Vec<String> = questions.iter().map(write_question).collect();
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn write_question(q: &ImportedQuestion) -> String {
    let mut out = escape(&q.text);
    if out.starts_with("//") && !starts_with_marker(&out) {
        out.insert_str(0, "[plain]");
    }
    let explanation = q
        .explanation
        .as_ref()
        .map(|e| format!("####{}", escape(e)))
        .unwrap_or_default();
    match &q.correct {
        Correct::Truth(truth) => {
            let word = if *truth { "TRUE" } else { "FALSE" };
            out.push_str(&format!(" {{{word}{explanation}}}"));
            return out;
        }
        Correct::Answers(answers) => {
            out.push_str(" {");
            for answer in answers {
                out.push_str(&format!(
                    "\n\t={}{}",
                    guard(answer, "%100%"),
                    escape(answer)
                ));
            }
        }
        Correct::Options(correct) => {
            out.push_str(" {");
            let right = format!("%{}%", share(correct.len()));
            for (i, option) in q.options.iter().enumerate() {
                let is_right = correct.contains(&i);
                let prefix = match (q.kind, is_right) {
                    (ImportedKind::Single, true) => format!("={}", guard(option, "%100%")),
                    (ImportedKind::Single, false) => format!("~{}", guard(option, "%0%")),
                    (_, true) => format!("~{right}"),
                    (_, false) => "~%-100%".to_string(),
                };
                out.push_str(&format!("\n\t{prefix}{}", escape(option)));
            }
        }
    }
    if !explanation.is_empty() {
        out.push_str(&format!("\n\t{explanation}"));
    }
    out.push_str("\n}");
    out
}

/// The explicit weight an answer needs when its text starts with `%`, so
/// that the text is not read as a weight.
fn guard<'a>(text: &str, weight: &'a str) -> &'a str {
    if text.starts_with('%') { weight } else { "" }
}

/// `100 / n` as a GIFT weight: `50`, `33.33333`.
fn share(n: usize) -> String {
    let share = format!("{:.5}", 100.0 / n.max(1) as f64);
    share
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

fn starts_with_marker(text: &str) -> bool {
    MARKERS.iter().any(|m| text.starts_with(m))
}

/// The text with GIFT's special characters escaped; a text starting with
/// a format marker gets one more, as reading removes one.
///
/// A combining mark must not follow what the writing adds, or the reader's
/// NFC would join them (`\n` + U+0301 is `\ń`, `=` + U+0338 is `≠`): a
/// newline before one is written as a real line break (the mark starts a
/// line, which a block keeps), and a text starting with one gets a space
/// in front (reading trims it).
fn escape(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' if chars.peek().copied().is_some_and(is_combining_mark) => out.push('\n'),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    if starts_with_marker(&out) {
        out.insert_str(0, "[plain]");
    }
    if text.starts_with(is_combining_mark) {
        out.insert(0, ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{source_text, to_json};
    use super::*;

    const EVERY_TYPE: &str = include_str!("fixtures/gift/every-type.gift");
    const NO_CORRECT_ANSWER: &str = include_str!("fixtures/gift/no-correct-answer.gift");
    const UNCLOSED_BRACE: &str = include_str!("fixtures/gift/unclosed-brace.gift");

    fn single(text: &str, options: &[&str], right: usize) -> ImportedQuestion {
        ImportedQuestion {
            kind: ImportedKind::Single,
            text: text.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: Correct::Options(vec![right]),
            explanation: None,
        }
    }

    fn lines(result: &ImportResult) -> Vec<(usize, String)> {
        result
            .as_ref()
            .unwrap_err()
            .iter()
            .map(|p| (p.line, p.problem.clone()))
            .collect()
    }

    #[test]
    fn every_type_reads_as_expected() {
        let json: serde_json::Value = serde_json::from_str(&to_json(&read(EVERY_TYPE))).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(include_str!("fixtures/gift/every-type.json")).unwrap();
        assert_eq!(json, expected);
    }

    /// The fixture as bytes: NFD, CRLF, with a BOM, each read like the
    /// original.
    #[test]
    fn nfd_crlf_and_bom_variants_read_the_same() {
        use unicode_normalization::UnicodeNormalization;
        let expected = read(EVERY_TYPE);
        assert!(expected.is_ok());
        let nfd: String = EVERY_TYPE.nfd().collect();
        assert_ne!(nfd, EVERY_TYPE);
        let crlf = EVERY_TYPE.replace('\n', "\r\n");
        let bom = format!("\u{feff}{EVERY_TYPE}");
        let all = format!("\u{feff}{}", nfd.replace('\n', "\r\n"));
        for variant in [nfd, crlf, bom, all] {
            let text = source_text(variant.as_bytes()).unwrap();
            assert_eq!(read(&text), expected);
        }
    }

    #[test]
    fn a_question_in_nfd_equals_the_nfc_one() {
        let nfc = "Thủ đô của Việt Nam? {=Hà Nội ~Huế}";
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
        assert_ne!(nfc, nfd);
        let from_nfd = read(&source_text(nfd.as_bytes()).unwrap());
        assert_eq!(from_nfd, read(nfc));
        assert_eq!(
            from_nfd,
            Ok(vec![single("Thủ đô của Việt Nam?", &["Hà Nội", "Huế"], 0)])
        );
    }

    #[test]
    fn every_type_round_trips() {
        let questions = read(EVERY_TYPE).unwrap();
        assert_eq!(read(&write(&questions)), Ok(questions));
    }

    #[test]
    fn questions_without_a_right_answer_or_with_one_option_are_problems() {
        assert_eq!(
            lines(&read(NO_CORRECT_ANSWER)),
            vec![
                (4, NO_CORRECT.to_string()),
                (11, ONE_OPTION.to_string()),
                (13, NO_CORRECT.to_string()),
            ]
        );
    }

    #[test]
    fn an_unclosed_brace_is_a_problem_on_its_line() {
        assert_eq!(
            lines(&read(UNCLOSED_BRACE)),
            vec![(4, UNCLOSED.to_string()), (11, EMPTY_QUESTION.to_string())]
        );
    }

    #[test]
    fn unsupported_types_are_problems_on_their_line() {
        let text = "// các loại chưa hỗ trợ\nViết một đoạn văn. {}\n\nNăm Việt Nam thống nhất? {#1975}\n\n\
                    Ghép đôi {\n=Hà Nội -> miền Bắc\n=Huế -> miền Trung\n}\n\nChỉ có mô tả\n\n\
                    Hai {=a ~b} khối {=c ~d}\n\nDấu } thừa {=a ~b}\n\n::Tiêu đề chưa đóng {=a ~b}";
        let found: Vec<usize> = read(text).unwrap_err().iter().map(|p| p.line).collect();
        assert_eq!(found, vec![2, 4, 6, 11, 13, 15, 17]);
    }

    #[test]
    fn empty_options_and_text_before_answers_are_problems() {
        let found = lines(&read("Câu? {=a ~}\n\nCâu? {x =a ~b}\n\nCâu? {=%50%a}"));
        let at: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(at, vec![1, 3, 5]);
        assert!(found[1].1.contains("= or ~"));
        assert!(found[2].1.contains("partial credit"));
    }

    #[test]
    fn writes_gift_as_moodle_reads_it() {
        let questions = vec![
            ImportedQuestion {
                explanation: Some("Vì #1.".into()),
                ..single("1 + 1 = ?", &["2", "{3}"], 0)
            },
            ImportedQuestion {
                kind: ImportedKind::Multiple,
                text: "Chọn ba".into(),
                options: vec!["a".into(), "b".into(), "c".into(), "d".into()],
                correct: Correct::Options(vec![0, 2, 3]),
                explanation: None,
            },
            ImportedQuestion {
                kind: ImportedKind::TrueFalse,
                text: "Đúng: không?".into(),
                options: vec![],
                correct: Correct::Truth(false),
                explanation: Some("Dòng 1\nDòng 2".into()),
            },
            ImportedQuestion {
                kind: ImportedKind::Short,
                text: "Thủ đô?".into(),
                options: vec![],
                correct: Correct::Answers(vec!["Hà Nội".into(), "HN".into()]),
                explanation: None,
            },
        ];
        let written = write(&questions);
        assert_eq!(
            written,
            "1 + 1 \\= ? {\n\t=2\n\t~\\{3\\}\n\t####Vì \\#1.\n}\n\n\
             Chọn ba {\n\t~%33.33333%a\n\t~%-100%b\n\t~%33.33333%c\n\t~%33.33333%d\n}\n\n\
             Đúng\\: không? {FALSE####Dòng 1\\nDòng 2}\n\n\
             Thủ đô? {\n\t=Hà Nội\n\t=HN\n}\n"
        );
        assert_eq!(read(&written), Ok(questions));
    }

    #[test]
    fn awkward_texts_round_trip() {
        let multiple = |text: &str, options: &[&str], correct: Vec<usize>| ImportedQuestion {
            kind: ImportedKind::Multiple,
            text: text.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: Correct::Options(correct),
            explanation: None,
        };
        let questions = vec![
            single("// không phải chú thích", &["%50% giảm giá", "%-1%"], 1),
            single("[html]<b>đậm</b>", &["[plain]x", "C:\\new\\n"], 0),
            single("::không phải tiêu đề::", &["a -> b", "T"], 0),
            single("$CATEGORY: không phải danh mục", &["=", "~"], 1),
            single("Dòng 1\nDòng 2\n\nDòng 4", &["####", "#"], 0),
            single("Thủ đô là _____ của Việt Nam.", &["Hà Nội", "Huế"], 0),
            multiple("Một đáp án đúng", &["a", "b"], vec![1]),
            multiple(
                "Tất cả đúng",
                &["a", "b", "c", "d", "e", "f", "g"],
                (0..7).collect(),
            ),
            ImportedQuestion {
                kind: ImportedKind::Short,
                text: "Ngắn".into(),
                options: vec![],
                correct: Correct::Answers(vec!["T".into(), "%100%".into(), "[html]".into()]),
                explanation: Some("[markdown]**x**".into()),
            },
            ImportedQuestion {
                kind: ImportedKind::TrueFalse,
                text: "{T}".into(),
                options: vec![],
                correct: Correct::Truth(true),
                explanation: None,
            },
        ];
        assert_eq!(read(&write(&questions)), Ok(questions));
    }

    #[test]
    fn weights_are_equal_shares() {
        assert_eq!(share(1), "100");
        assert_eq!(share(2), "50");
        assert_eq!(share(3), "33.33333");
        assert_eq!(share(6), "16.66667");
        assert_eq!(share(8), "12.5");
    }
}
