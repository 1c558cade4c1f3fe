//! The layout Vietnamese teachers type (Word → paste, as Azota reads it):
//!
//! - a question starts with `Câu 1.`, `Câu 1:`, `Câu 1)` or
//!   `Câu 1 (0,5 điểm):`; its text follows on the same line or on the next
//!   lines (joined with a newline);
//! - options `A.` to `H.` (or `A)`), uppercase, in order, each on its own
//!   line or several on one line (`A. Hà Nội   B. Huế`), even on the
//!   question's line when at least A and B are there; a line after the
//!   options that is not an option continues the last option;
//! - the right answer by an asterisk before the option (`*B.`), by a line
//!   `Đáp án: B` / `ANSWER: B` / `Đáp án: A, C` inside the question, or by
//!   an answer key `Đáp án:` / `ĐÁP ÁN` followed by `1-A, 2-C`, `1.A 2.C`,
//!   `1A 2C` or `Câu 1: A` on one or more lines (`3-AC`, `3-A,C`: several);
//!   ways that agree may repeat each other, ways that disagree are a
//!   problem;
//! - `Lời giải:` / `Giải thích:` / `Hướng dẫn giải:` after the options, up
//!   to the next question, is the explanation;
//! - section headers `Phần 2.`, `PHẦN I`, `I. TRẮC NGHIỆM`, `A. TRẮC
//!   NGHIỆM` (an option-like line all in capitals outside a question) are
//!   skipped, and so is anything between a section header or the top of the
//!   file and the next question (titles, instructions), and lines made of
//!   dashes or `HẾT`.
//!
//! Keywords are case-insensitive. One right option gives a single-choice
//! question, several a multiple-choice one; two options `Đúng` / `Sai` stay
//! a single-choice question (not true/false), to keep the rule simple.
//! Question numbers must be unique in the file (numbering that restarts in
//! each section is reported as duplicates), since the key names them.

use super::{Correct, ImportProblem, ImportResult, ImportedKind, ImportedQuestion};
use std::collections::HashMap;

/// Where the reader is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Before the first question or after a section header.
    Outside,
    /// In a question, before its options.
    Text,
    /// Among a question's options.
    Options,
    /// After a question's `Đáp án: B` line.
    Answered,
    /// In a question's explanation.
    Explanation,
    /// In the answer key.
    Key,
}

struct Draft {
    number: usize,
    line: usize,
    duplicate: bool,
    text: Vec<String>,
    options: Vec<String>,
    /// Options with an asterisk, and the line of the last one.
    starred: Vec<usize>,
    starred_line: usize,
    /// Answers given by `Đáp án: B` lines or the key: letters (0-based)
    /// and line, in file order.
    answers: Vec<(Vec<usize>, usize)>,
    explanation: Vec<String>,
}

/// Reads the text (see [`super::source_text`]).
pub fn read(text: &str) -> ImportResult {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut problems = Vec::new();
    let mut numbers: HashMap<usize, usize> = HashMap::new();
    let mut key: Vec<(usize, Vec<usize>, usize)> = Vec::new();
    let mut mode = Mode::Outside;

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if mode == Mode::Key
            && let Some((number, rest)) = header(line)
            && let Some(given) = letters(rest)
        {
            key.push((number, given, line_no));
            continue;
        }
        if let Some((number, rest)) = header(line) {
            let duplicate = numbers.contains_key(&number);
            if let Some(first) = numbers.get(&number) {
                problems.push(ImportProblem::at(
                    line_no,
                    format!(
                        "câu {number} bị trùng số, đã có ở dòng {} (duplicate question number {number}, first at line {})",
                        drafts[*first].line, drafts[*first].line
                    ),
                ));
            } else {
                numbers.insert(number, drafts.len());
            }
            let mut draft = Draft {
                number,
                line: line_no,
                duplicate,
                text: Vec::new(),
                options: Vec::new(),
                starred: Vec::new(),
                starred_line: 0,
                answers: Vec::new(),
                explanation: Vec::new(),
            };
            mode = Mode::Text;
            // Options on the question's own line: " A. … B. …".
            let (question, options) = match inline_options(rest) {
                Some(at) => (&rest[..at], Some(&rest[at..])),
                None => (rest, None),
            };
            if !question.trim().is_empty() {
                draft.text.push(question.trim().to_string());
            }
            if let Some(options) = options {
                add_options(&mut draft, options, line_no, &mut problems);
                mode = Mode::Options;
            }
            drafts.push(draft);
            continue;
        }
        if let Some(answer) = answer_line(line) {
            match answer {
                Answer::Key(entries) => {
                    mode = Mode::Key;
                    match entries.map(key_entries) {
                        None => {}
                        Some(Some(entries)) => {
                            key.extend(entries.into_iter().map(|(n, l)| (n, l, line_no)))
                        }
                        Some(None) => problems.push(unreadable_key(line_no)),
                    }
                }
                Answer::Letters(letters) => match drafts.last_mut() {
                    Some(draft) if mode != Mode::Outside && mode != Mode::Key => {
                        draft.answers.push((letters, line_no));
                        if mode != Mode::Explanation {
                            mode = Mode::Answered;
                        }
                    }
                    _ => problems.push(ImportProblem::at(
                        line_no,
                        "đáp án không thuộc câu hỏi nào (answer outside any question)",
                    )),
                },
            }
            continue;
        }
        if mode == Mode::Key {
            if let Some(entries) = key_entries(line) {
                key.extend(entries.into_iter().map(|(n, l)| (n, l, line_no)));
            } else if section(line) {
                mode = Mode::Outside;
            } else if !decoration(line) {
                problems.push(unreadable_key(line_no));
            }
            continue;
        }
        if matches!(mode, Mode::Options | Mode::Answered | Mode::Explanation)
            && let Some(rest) = explanation_line(line)
        {
            let draft = drafts.last_mut().expect("a question");
            if !rest.is_empty() {
                draft.explanation.push(rest.to_string());
            }
            mode = Mode::Explanation;
            continue;
        }
        if section(line) || decoration(line) {
            if !decoration(line) {
                mode = Mode::Outside;
            }
            continue;
        }
        if mode == Mode::Explanation {
            drafts
                .last_mut()
                .expect("a question")
                .explanation
                .push(line.to_string());
            continue;
        }
        let marker = marker_at(line);
        match (mode, marker) {
            (Mode::Outside, Some(_)) if capitals(line) => {}
            (Mode::Outside, Some(_)) => problems.push(ImportProblem::at(
                line_no,
                "lựa chọn không thuộc câu hỏi nào (option outside any question)",
            )),
            (Mode::Outside, None) => {}
            (Mode::Text | Mode::Options, Some((_, letter, _))) => {
                let draft = drafts.last_mut().expect("a question");
                let expected = draft.options.len();
                if letter != expected && capitals(line) {
                    mode = Mode::Outside;
                    continue;
                }
                add_options(draft, line, line_no, &mut problems);
                mode = Mode::Options;
            }
            (Mode::Text, None) => drafts
                .last_mut()
                .expect("a question")
                .text
                .push(line.to_string()),
            (Mode::Options, None) => {
                let draft = drafts.last_mut().expect("a question");
                let last = draft.options.last_mut().expect("an option");
                if !last.is_empty() {
                    last.push('\n');
                }
                last.push_str(line);
            }
            (Mode::Answered, _) => {
                let number = drafts.last().expect("a question").number;
                problems.push(ImportProblem::at(
                    line_no,
                    format!(
                        "câu {number}: dòng này không phải câu hỏi, lựa chọn hay lời giải (line after the answer is not a question, an option or an explanation)"
                    ),
                ));
            }
            (Mode::Explanation | Mode::Key, _) => unreachable!("handled above"),
        }
    }

    if drafts.is_empty() {
        problems.push(ImportProblem::at(
            1,
            "không tìm thấy câu hỏi nào, mỗi câu bắt đầu bằng \"Câu 1.\" (no questions found; each starts with \"Câu 1.\")",
        ));
    }
    for (number, letters, line) in key {
        match numbers.get(&number) {
            Some(&i) => drafts[i].answers.push((letters, line)),
            None => problems.push(ImportProblem::at(
                line,
                format!(
                    "đáp án: không có câu {number} (answer key names question {number}, which does not exist)"
                ),
            )),
        }
    }

    let mut questions = Vec::new();
    for draft in drafts {
        if let Some(question) = finish(draft, &mut problems) {
            questions.push(question);
        }
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// A question's right answer out of its asterisks, answer lines and key
/// entries, or its problems.
fn finish(mut draft: Draft, problems: &mut Vec<ImportProblem>) -> Option<ImportedQuestion> {
    let n = draft.number;
    let before = problems.len();
    if draft.text.is_empty() {
        problems.push(ImportProblem::at(
            draft.line,
            format!("câu {n}: thiếu nội dung câu hỏi (question has no text)"),
        ));
    }
    let count = draft.options.len();
    if count < 2 {
        problems.push(ImportProblem::at(
            draft.line,
            format!(
                "câu {n}: cần ít nhất 2 lựa chọn, có {count} (at least 2 options needed, found {count})"
            ),
        ));
    }
    let mut given: Vec<(Vec<usize>, usize)> = Vec::new();
    if !draft.starred.is_empty() {
        given.push((draft.starred.clone(), draft.starred_line));
    }
    draft.answers.sort_by_key(|(_, line)| *line);
    given.append(&mut draft.answers);
    let mut correct: Option<Vec<usize>> = None;
    for (letters, line) in given {
        if let Some(&missing) = letters.iter().find(|&&l| l >= count) {
            if count >= 2 {
                let l = letter(missing);
                problems.push(ImportProblem::at(
                    line,
                    format!(
                        "câu {n}: đáp án {l} không có trong các lựa chọn (answer {l} is not one of the options)"
                    ),
                ));
            }
            continue;
        }
        match &correct {
            None => correct = Some(letters),
            Some(first) if *first == letters => {}
            Some(first) => {
                let (a, b) = (names(first), names(&letters));
                problems.push(ImportProblem::at(
                    line,
                    format!(
                        "câu {n}: đáp án mâu thuẫn, {a} và {b} (conflicting answers: {a} and {b})"
                    ),
                ));
            }
        }
    }
    let Some(correct) = correct else {
        if !draft.duplicate && problems.len() == before {
            problems.push(ImportProblem::at(
                draft.line,
                format!("câu {n}: không có đáp án đúng (no correct answer)"),
            ));
        }
        return None;
    };
    (problems.len() == before).then(|| ImportedQuestion {
        kind: if correct.len() == 1 {
            ImportedKind::Single
        } else {
            ImportedKind::Multiple
        },
        text: draft.text.join("\n"),
        options: draft.options,
        correct: Correct::Options(correct),
        explanation: (!draft.explanation.is_empty()).then(|| draft.explanation.join("\n")),
    })
}

fn letter(index: usize) -> char {
    char::from_u32(u32::from(b'A') + index.min(25) as u32).unwrap_or('?')
}

fn names(letters: &[usize]) -> String {
    letters.iter().map(|&l| letter(l)).collect()
}

fn unreadable_key(line: usize) -> ImportProblem {
    ImportProblem::at(
        line,
        "dòng trong bảng đáp án không đọc được (unreadable answer-key line)",
    )
}

/// Adds the options of `s`, which starts with a marker, to `draft`.
fn add_options(draft: &mut Draft, s: &str, line: usize, problems: &mut Vec<ImportProblem>) {
    let n = draft.number;
    let mut rest = s;
    while let Some((starred, got, len)) = marker_at(rest) {
        let expected = draft.options.len();
        let after = &rest[len..];
        let end = next_marker(after, got + 1).unwrap_or(after.len());
        let text = after[..end].trim();
        if expected >= 8 {
            problems.push(ImportProblem::at(
                line,
                format!("câu {n}: quá 8 lựa chọn, từ A đến H (more than 8 options, A to H)"),
            ));
        } else if got != expected {
            let (g, e) = (letter(got), letter(expected));
            problems.push(ImportProblem::at(
                line,
                format!("câu {n}: lựa chọn {g} sai thứ tự, cần {e} (option {g} out of order, expected {e})"),
            ));
        } else if text.is_empty() {
            let g = letter(got);
            problems.push(ImportProblem::at(
                line,
                format!("câu {n}: lựa chọn {g} trống (option {g} is empty)"),
            ));
        }
        if starred {
            draft.starred.push(draft.options.len());
            draft.starred_line = line;
        }
        draft.options.push(text.to_string());
        rest = &after[end..];
    }
}

/// An option marker at the start of `s`: `A.`, `A)`, `*A.`, `* A)`; whether
/// starred, the 0-based letter and the marker's length. The marker ends the
/// text or is followed by a space, a capital or a digit.
fn marker_at(s: &str) -> Option<(bool, usize, usize)> {
    let (starred, body) = match s.strip_prefix('*') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let bytes = body.as_bytes();
    let l = *bytes.first()?;
    if !(b'A'..=b'H').contains(&l) || !matches!(bytes.get(1), Some(b'.' | b')')) {
        return None;
    }
    let after = &body[2..];
    match after.chars().next() {
        None => {}
        Some(c) if c.is_whitespace() || c.is_uppercase() || c.is_ascii_digit() => {}
        Some(_) => return None,
    }
    Some((starred, (l - b'A') as usize, s.len() - after.len()))
}

/// Where in `s` the marker of option `letter` starts, after a space.
fn next_marker(s: &str, letter: usize) -> Option<usize> {
    s.char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .find(|&i| matches!(marker_at(&s[i..]), Some((_, l, _)) if l == letter))
}

/// Options A and B on a question's line: where A's marker starts.
fn inline_options(rest: &str) -> Option<usize> {
    let a = next_marker(rest, 0)?;
    let (_, _, len) = marker_at(&rest[a..])?;
    next_marker(&rest[a + len..], 1)?;
    Some(a)
}

/// Text whose letters are all capitals (a section title such as
/// `A. TRẮC NGHIỆM`).
fn capitals(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// `words` (lowercase, one space between) at the start of `s` in any case,
/// as whole words; the rest.
fn keyword<'a>(s: &'a str, words: &str) -> Option<&'a str> {
    let mut rest = s;
    for (i, word) in words.split(' ').enumerate() {
        if i > 0 {
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return None;
            }
            rest = trimmed;
        }
        for w in word.chars() {
            let c = rest.chars().next()?;
            if !c.to_lowercase().eq(std::iter::once(w)) {
                return None;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    match rest.chars().next() {
        Some(c) if c.is_alphabetic() => None,
        _ => Some(rest),
    }
}

/// `Câu 12.`, `Câu 12:`, `Câu 12)`, `Câu 12 (0,5 điểm):`, `Câu 12` alone:
/// the number and the rest of the line.
fn header(line: &str) -> Option<(usize, &str)> {
    let rest = keyword(line, "câu")?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let mut rest = rest[digits..].trim_start();
    let mut marked = false;
    while let Some(close) = match rest.chars().next() {
        Some('(') => Some(')'),
        Some('[') => Some(']'),
        _ => None,
    } {
        let end = rest.find(close)?;
        rest = rest[end + 1..].trim_start();
        marked = true;
    }
    if let Some(after) = rest.strip_prefix(['.', ':', ')', '-', '–']) {
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some((number, after.trim()));
    }
    (marked || rest.is_empty()).then_some((number, rest))
}

enum Answer<'a> {
    /// The answer key starts, maybe with entries on the same line.
    Key(Option<&'a str>),
    /// A question's own answer.
    Letters(Vec<usize>),
}

/// `Đáp án: B`, `ANSWER: A, C`, `Đáp án:`, `ĐÁP ÁN`, `Đáp án: 1-A 2-B`.
fn answer_line(line: &str) -> Option<Answer<'_>> {
    let rest = keyword(line, "bảng đáp án")
        .or_else(|| keyword(line, "đáp án đúng"))
        .or_else(|| keyword(line, "đáp án"))
        .or_else(|| keyword(line, "answer").filter(|r| r.trim_start().starts_with(':')))?;
    let rest = rest.trim_start().trim_start_matches([':', '.']).trim();
    if rest.is_empty() {
        return Some(Answer::Key(None));
    }
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return key_entries(rest).map(|_| Answer::Key(Some(rest)));
    }
    if let Some(letters) = letters(rest) {
        return Some(Answer::Letters(letters));
    }
    // `Đáp án: B. Hà Nội`
    marker_at(rest).map(|(_, l, _)| Answer::Letters(vec![l]))
}

/// `A`, `A, C`, `AC`, `a; c.`: 0-based letters, sorted, without repeats.
fn letters(s: &str) -> Option<Vec<usize>> {
    let s = s.trim().trim_end_matches('.');
    let mut out = Vec::new();
    for c in s.chars() {
        match c {
            'A'..='H' | 'a'..='h' => out.push((c.to_ascii_uppercase() as u8 - b'A') as usize),
            ' ' | '\t' | ',' | ';' | '/' | '&' | '+' => {}
            _ => return None,
        }
    }
    if out.is_empty() {
        return None;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// `1-A, 2-C`, `1.A 2.C`, `1A 2C`, `3-AC`, `3-A,C`: numbers and letters.
fn key_entries(s: &str) -> Option<Vec<(usize, Vec<usize>)>> {
    let chars: Vec<char> = s.chars().collect();
    let is_sep = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|');
    let is_letter = |c: char| matches!(c, 'A'..='H' | 'a'..='h');
    let mut i = 0;
    let mut out = Vec::new();
    loop {
        while i < chars.len() && is_sep(chars[i]) {
            i += 1;
        }
        if i == chars.len() {
            break;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let number: usize = chars[start..i].iter().collect::<String>().parse().ok()?;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && matches!(chars[i], '-' | '.' | ':' | ')' | '–' | '=') {
            i += 1;
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut letters = Vec::new();
        loop {
            if i < chars.len() && is_letter(chars[i]) {
                letters.push((chars[i].to_ascii_uppercase() as u8 - b'A') as usize);
                i += 1;
                continue;
            }
            // `3-A,C` or `3-A, C`: another letter after a separator that is
            // not followed by a digit.
            let mut j = i;
            while j < chars.len() && (is_sep(chars[j]) || chars[j] == '+') {
                j += 1;
            }
            if j > i
                && j < chars.len()
                && is_letter(chars[j])
                && !chars.get(j + 1).is_some_and(|c| c.is_alphanumeric())
                && !letters.is_empty()
            {
                i = j;
                continue;
            }
            break;
        }
        if letters.is_empty()
            || (i < chars.len() && !is_sep(chars[i]) && !chars[i].is_ascii_digit())
        {
            return None;
        }
        letters.sort_unstable();
        letters.dedup();
        out.push((number, letters));
    }
    (!out.is_empty()).then_some(out)
}

/// `Lời giải:`, `Giải thích:`, `Hướng dẫn giải:` (or the word alone): the
/// rest.
fn explanation_line(line: &str) -> Option<&str> {
    let rest = keyword(line, "lời giải")
        .or_else(|| keyword(line, "giải thích"))
        .or_else(|| keyword(line, "hướng dẫn giải"))
        .or_else(|| keyword(line, "giải"))?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix([':', '.']).map(str::trim)
}

/// `Phần 2.`, `PHẦN I`, `Phần II: Trắc nghiệm`, `Phần trắc nghiệm`,
/// `I. TRẮC NGHIỆM`.
fn section(line: &str) -> bool {
    if let Some(rest) = keyword(line, "phần") {
        let rest = rest.trim_start();
        let numeral = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'))
                .len();
        if numeral > 0 {
            return !rest[numeral..].starts_with(char::is_alphanumeric);
        }
        return keyword(rest, "trắc nghiệm").is_some() || keyword(rest, "tự luận").is_some();
    }
    let numeral = line.len() - line.trim_start_matches(['I', 'V', 'X']).len();
    numeral > 0
        && line[numeral..].starts_with(['.', ')', ':'])
        && line[numeral + 1..].starts_with(char::is_whitespace)
}

/// `-----`, `=====`, `--- HẾT ---`: nothing to read.
fn decoration(line: &str) -> bool {
    let rest = line.trim_matches(|c: char| matches!(c, '-' | '=' | '_' | '*' | '–' | '—' | ' '));
    rest.is_empty() && !line.is_empty() || keyword(rest, "hết").is_some_and(str::is_empty)
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read as read_bytes, to_json};
    use super::*;

    fn q(
        text: &str,
        options: &[&str],
        correct: &[usize],
        explanation: Option<&str>,
    ) -> ImportedQuestion {
        ImportedQuestion {
            kind: if correct.len() == 1 {
                ImportedKind::Single
            } else {
                ImportedKind::Multiple
            },
            text: text.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: Correct::Options(correct.to_vec()),
            explanation: explanation.map(str::to_string),
        }
    }

    fn problems(list: &[(usize, &str)]) -> ImportResult {
        Err(list
            .iter()
            .map(|(l, p)| ImportProblem::at(*l, *p))
            .collect())
    }

    fn same(text: &str, expected: ImportResult) {
        assert_eq!(to_json(&read(text)), to_json(&expected));
    }

    fn key_block_expected() -> ImportResult {
        Ok(vec![
            q(
                "Mã OTP là gì?",
                &[
                    "Mật khẩu dùng một lần để xác nhận giao dịch",
                    "Tên đăng nhập ngân hàng",
                    "Số tài khoản",
                    "Mã bưu chính",
                ],
                &[0],
                None,
            ),
            q(
                "Khi có người gọi điện xưng là nhân viên ngân hàng và hỏi mã OTP, bạn nên làm gì?",
                &[
                    "Đọc mã OTP cho họ",
                    "Không cung cấp, gọi lại tổng đài chính thức của ngân hàng",
                    "Gửi mã qua Zalo cho họ",
                    "Đăng mã lên Facebook",
                ],
                &[1],
                None,
            ),
            q(
                "Những việc nào giúp bảo vệ tài khoản?\n(Chọn tất cả đáp án đúng)",
                &[
                    "Bật xác thực hai lớp",
                    "Dùng một mật khẩu cho mọi trang",
                    "Dùng mật khẩu dài, khó đoán",
                    "Cho bạn bè mượn mật khẩu",
                ],
                &[0, 2],
                None,
            ),
            q(
                "Tin nhắn \"Bạn trúng thưởng iPhone, bấm vào đường link để nhận\" thường là gì?",
                &["Quà tặng thật từ nhà mạng", "Lừa đảo để đánh cắp thông tin"],
                &[1],
                None,
            ),
        ])
    }

    #[test]
    fn vn_key_block() {
        same(
            include_str!("fixtures/vn/key-block.txt"),
            key_block_expected(),
        );
    }

    #[test]
    fn vn_asterisk() {
        same(
            include_str!("fixtures/vn/asterisk.txt"),
            Ok(vec![
                q(
                    "Mật khẩu nào an toàn nhất?",
                    &["12345678", "matkhau", "Hoa-Sen!No#2024", "ngaysinh"],
                    &[2],
                    None,
                ),
                q(
                    "Dấu hiệu nào cho thấy một trang web có thể là giả mạo?",
                    &[
                        "Địa chỉ viết sai chính tả, ví dụ vietcornbank.com",
                        "Có biểu tượng ổ khóa và địa chỉ đúng",
                        "Yêu cầu nhập mã OTP để \"nhận quà\"",
                        "Trang của cơ quan nhà nước có đuôi .gov.vn",
                    ],
                    &[0, 2],
                    None,
                ),
                q(
                    "Dùng chung một mật khẩu cho email và tài khoản ngân hàng là an toàn.",
                    &["Đúng", "Sai"],
                    &[1],
                    None,
                ),
            ]),
        );
    }

    #[test]
    fn vn_per_question() {
        same(
            include_str!("fixtures/vn/per-question.txt"),
            Ok(vec![
                q(
                    "Bạn nhận được email báo tài khoản bị khóa, kèm đường link yêu cầu đăng nhập lại. Bạn nên làm gì?",
                    &[
                        "Bấm link và đăng nhập ngay",
                        "Trả lời email, gửi kèm mật khẩu",
                        "Tự vào trang chính thức hoặc gọi tổng đài để kiểm tra",
                        "Chuyển tiếp email cho bạn bè",
                    ],
                    &[2],
                    None,
                ),
                q(
                    "Những thông tin nào KHÔNG được chia sẻ với người lạ?",
                    &[
                        "Mã OTP",
                        "Mật khẩu",
                        "Thời tiết hôm nay",
                        "Số căn cước công dân",
                    ],
                    &[0, 1, 3],
                    None,
                ),
                q(
                    "Ứng dụng nên được tải từ đâu?",
                    &["Đường link lạ gửi qua tin nhắn", "CH Play hoặc App Store"],
                    &[1],
                    None,
                ),
            ]),
        );
    }

    #[test]
    fn vn_one_line_options() {
        same(
            include_str!("fixtures/vn/one-line-options.txt"),
            Ok(vec![
                q(
                    "Thủ đô của Việt Nam là",
                    &["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ"],
                    &[0],
                    None,
                ),
                q(
                    "Để tạo mật khẩu mạnh, nên dùng:",
                    &[
                        "Chỉ chữ số",
                        "Ngày sinh",
                        "Chữ hoa, chữ thường, số và ký hiệu",
                        "Tên của mình",
                    ],
                    &[2],
                    None,
                ),
                q(
                    "Số điện thoại khẩn cấp của công an là?",
                    &["113", "114", "115", "111"],
                    &[0],
                    None,
                ),
                q(
                    "Khi nghi ngờ bị lừa đảo qua mạng, có thể báo cho ai?",
                    &["Người lạ trên mạng", "Cơ quan công an", "Không ai cả"],
                    &[1],
                    None,
                ),
            ]),
        );
    }

    #[test]
    fn vn_sections_and_explanations() {
        same(
            include_str!("fixtures/vn/with-sections-and-explanations.txt"),
            Ok(vec![
                q(
                    "OTP là viết tắt của cụm từ nào?",
                    &[
                        "One Time Password",
                        "Online Transfer Payment",
                        "Open The Phone",
                    ],
                    &[0],
                    Some("OTP là mật khẩu dùng một lần,\nchỉ có hiệu lực trong thời gian ngắn."),
                ),
                q(
                    "Khi mua hàng online, dấu hiệu nào đáng ngờ?",
                    &[
                        "Người bán yêu cầu chuyển khoản đặt cọc gấp, giá rẻ bất thường",
                        "Cho phép thanh toán khi nhận hàng",
                    ],
                    &[0],
                    Some(
                        "Kẻ lừa đảo thường tạo áp lực thời gian và giá rẻ để nạn nhân chuyển tiền trước.",
                    ),
                ),
                q(
                    "Nên bật xác thực hai yếu tố cho tài khoản mạng xã hội.",
                    &["Đúng", "Sai"],
                    &[0],
                    Some("Xác thực hai yếu tố giúp tài khoản an toàn hơn khi lộ mật khẩu."),
                ),
            ]),
        );
    }

    #[test]
    fn vn_missing_option() {
        same(
            include_str!("fixtures/vn/missing-option.txt"),
            problems(&[
                (
                    12,
                    "đáp án: không có câu 3 (answer key names question 3, which does not exist)",
                ),
                (
                    12,
                    "câu 2: đáp án D không có trong các lựa chọn (answer D is not one of the options)",
                ),
            ]),
        );
    }

    #[test]
    fn vn_duplicate_number() {
        same(
            include_str!("fixtures/vn/duplicate-number.txt"),
            problems(&[(
                9,
                "câu 2 bị trùng số, đã có ở dòng 5 (duplicate question number 2, first at line 5)",
            )]),
        );
    }

    #[test]
    fn vn_no_answer() {
        same(
            include_str!("fixtures/vn/no-answer.txt"),
            problems(&[(5, "câu 2: không có đáp án đúng (no correct answer)")]),
        );
    }

    #[test]
    fn vn_nfd_crlf_and_bom_read_the_same() {
        use unicode_normalization::UnicodeNormalization;
        let text = include_str!("fixtures/vn/key-block.txt");
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text);
        let crlf = text.replace('\n', "\r\n");
        let bom = format!("\u{feff}{text}");
        let all = format!("\u{feff}{}", nfd.replace('\n', "\r\n"));
        for variant in [nfd, crlf, bom, all] {
            assert_eq!(
                to_json(&read_bytes(Format::Vietnamese, variant.as_bytes())),
                to_json(&key_block_expected())
            );
        }
    }

    #[test]
    fn vn_conflicting_answers_are_a_problem_agreeing_ones_are_not() {
        let text = "Câu 1. OTP?\n*A. Mật khẩu một lần\nB. Tên\nĐáp án: B\n\nĐáp án: 1-A\n";
        same(
            text,
            problems(&[(
                4,
                "câu 1: đáp án mâu thuẫn, A và B (conflicting answers: A and B)",
            )]),
        );
        let text = "Câu 1. OTP?\n*A. Mật khẩu một lần\nB. Tên\nĐáp án: A\n\nĐáp án: 1-A\n";
        same(
            text,
            Ok(vec![q("OTP?", &["Mật khẩu một lần", "Tên"], &[0], None)]),
        );
    }

    #[test]
    fn vn_too_few_options_out_of_order_and_unreadable_key() {
        let text = "Câu 1. Chỉ một lựa chọn?\nA. Một\nĐáp án: A\nCâu 2. Thứ tự?\nA. Một\nC. Ba\n\nĐÁP ÁN\n2-A\nkhông rõ\n";
        same(
            text,
            problems(&[
                (
                    1,
                    "câu 1: cần ít nhất 2 lựa chọn, có 1 (at least 2 options needed, found 1)",
                ),
                (
                    6,
                    "câu 2: lựa chọn C sai thứ tự, cần B (option C out of order, expected B)",
                ),
                (
                    10,
                    "dòng trong bảng đáp án không đọc được (unreadable answer-key line)",
                ),
            ]),
        );
    }

    #[test]
    fn vn_more_than_eight_options_is_a_problem_not_a_panic() {
        let options: String = (0..300)
            .map(|i| format!("{}. x\n", letter(i % 8)))
            .collect();
        let text = format!("Câu 1. Nhiều?\n{options}Đáp án: A\n");
        let Err(found) = read(&text) else {
            panic!("more than 8 options read");
        };
        assert_eq!(
            found[0],
            ImportProblem::at(
                10,
                "câu 1: quá 8 lựa chọn, từ A đến H (more than 8 options, A to H)"
            )
        );
    }

    #[test]
    fn vn_header_and_key_variants() {
        let text = "CÂU 1 [NB]: Mạng xã hội nào của Việt Nam?\nA)Zalo\nB) Facebook\nCâu 2 - Chọn hai mật khẩu mạnh\nA. 123\nB. Xanh!Lá#9\nC. Mèo-Con@77\nđáp án: 1.a 2-B,C\n";
        same(
            text,
            Ok(vec![
                q(
                    "Mạng xã hội nào của Việt Nam?",
                    &["Zalo", "Facebook"],
                    &[0],
                    None,
                ),
                q(
                    "Chọn hai mật khẩu mạnh",
                    &["123", "Xanh!Lá#9", "Mèo-Con@77"],
                    &[1, 2],
                    None,
                ),
            ]),
        );
        same(
            "Tiêu đề\n\n",
            problems(&[(
                1,
                "không tìm thấy câu hỏi nào, mỗi câu bắt đầu bằng \"Câu 1.\" (no questions found; each starts with \"Câu 1.\")",
            )]),
        );
    }
}
