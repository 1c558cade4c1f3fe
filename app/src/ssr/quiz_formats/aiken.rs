//! Moodle's Aiken format: a question, its options `A.` or `A)` (letters in
//! order from A), then `ANSWER: B`. Aiken is single-choice only, so the
//! answer is one letter. Blank lines separate questions and are otherwise
//! ignored; a question's text may run over several lines before its first
//! option (joined with a newline). Options must be uppercase letters, as
//! Moodle asks.

use super::{Correct, ImportProblem, ImportResult, ImportedKind, ImportedQuestion};

struct Draft {
    line: usize,
    text: Vec<String>,
    options: Vec<String>,
}

/// Reads the text (see [`super::source_text`]).
pub fn read(text: &str) -> ImportResult {
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    let mut current: Option<Draft> = None;
    let mut count = 0;

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = answer_line(line) {
            let Some(draft) = current.take() else {
                problems.push(ImportProblem::at(
                    line_no,
                    "ANSWER không thuộc câu hỏi nào (ANSWER outside any question)",
                ));
                continue;
            };
            let few = few_options(count, &draft, &mut problems);
            let letter = one_letter(rest);
            match letter {
                None => problems.push(ImportProblem::at(
                    line_no,
                    format!(
                        "câu {count}: ANSWER phải là đúng một chữ cái (ANSWER must be exactly one letter, Aiken is single-choice)"
                    ),
                )),
                Some(l) if (l - b'A') as usize >= draft.options.len() => {
                    if !few {
                        problems.push(ImportProblem::at(
                            line_no,
                            format!(
                                "câu {count}: đáp án {} không có trong các lựa chọn (answer {} is not one of the options)",
                                l as char, l as char
                            ),
                        ));
                    }
                }
                Some(l) => questions.push(ImportedQuestion {
                    kind: ImportedKind::Single,
                    text: draft.text.join("\n"),
                    options: draft.options,
                    correct: Correct::Options(vec![(l - b'A') as usize]),
                    explanation: None,
                }),
            }
            continue;
        }
        if let Some((letter, option)) = option_line(line) {
            let Some(draft) = current.as_mut() else {
                problems.push(ImportProblem::at(
                    line_no,
                    "lựa chọn không thuộc câu hỏi nào (option outside any question)",
                ));
                continue;
            };
            let expected = b'A' + draft.options.len().min(25) as u8;
            if draft.options.len() >= 26 {
                problems.push(ImportProblem::at(
                    line_no,
                    format!("câu {count}: quá 26 lựa chọn (more than 26 options)"),
                ));
            } else if letter != expected {
                problems.push(ImportProblem::at(
                    line_no,
                    format!(
                        "câu {count}: lựa chọn {} sai thứ tự, cần {} (option {} out of order, expected {})",
                        letter as char, expected as char, letter as char, expected as char
                    ),
                ));
            } else if option.is_empty() {
                problems.push(ImportProblem::at(
                    line_no,
                    format!(
                        "câu {count}: lựa chọn {} trống (option {} is empty)",
                        letter as char, letter as char
                    ),
                ));
            }
            draft.options.push(option.to_string());
            continue;
        }
        // Question text: a new question unless the current one has no
        // options yet.
        match current.as_mut() {
            Some(draft) if draft.options.is_empty() => draft.text.push(line.to_string()),
            _ => {
                if let Some(draft) = current.take() {
                    unanswered(count, &draft, &mut problems);
                }
                count += 1;
                current = Some(Draft {
                    line: line_no,
                    text: vec![line.to_string()],
                    options: Vec::new(),
                });
            }
        }
    }
    if let Some(draft) = current.take() {
        unanswered(count, &draft, &mut problems);
    }
    if questions.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::at(
            1,
            "không tìm thấy câu hỏi nào (no questions found)",
        ));
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// A question that ended without `ANSWER:`.
fn unanswered(number: usize, draft: &Draft, problems: &mut Vec<ImportProblem>) {
    few_options(number, draft, problems);
    problems.push(ImportProblem::at(
        draft.line,
        format!("câu {number}: thiếu dòng ANSWER (missing ANSWER line)"),
    ));
}

/// Reports a question with fewer than two options; true if it has.
fn few_options(number: usize, draft: &Draft, problems: &mut Vec<ImportProblem>) -> bool {
    let n = draft.options.len();
    if n < 2 {
        problems.push(ImportProblem::at(
            draft.line,
            format!(
                "câu {number}: cần ít nhất 2 lựa chọn, có {n} (at least 2 options needed, found {n})"
            ),
        ));
    }
    n < 2
}

/// The rest of an `ANSWER:` line (the keyword in any case).
fn answer_line(line: &str) -> Option<&str> {
    let head = line.get(..6)?;
    if !head.eq_ignore_ascii_case("answer") {
        return None;
    }
    line[6..].trim_start().strip_prefix(':').map(str::trim)
}

/// `A. text` or `A) text`: the letter and the text.
fn option_line(line: &str) -> Option<(u8, &str)> {
    let bytes = line.as_bytes();
    let letter = *bytes.first()?;
    if !letter.is_ascii_uppercase() || !matches!(bytes.get(1), Some(b'.' | b')')) {
        return None;
    }
    let rest = &line[2..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((letter, rest.trim()))
}

/// One uppercase or lowercase letter, as an uppercase byte.
fn one_letter(rest: &str) -> Option<u8> {
    let rest = rest.trim_end_matches('.').trim();
    let mut chars = rest.chars();
    let c = chars.next()?;
    if chars.next().is_some() || !c.is_ascii_alphabetic() {
        return None;
    }
    Some(c.to_ascii_uppercase() as u8)
}

#[cfg(test)]
mod tests {
    use super::super::{Format, read as read_bytes, source_text, to_json};
    use super::*;

    const BASIC: &str = include_str!("fixtures/aiken/basic.txt");
    const MALFORMED: &str = include_str!("fixtures/aiken/malformed.txt");

    fn q(text: &str, options: &[&str], correct: usize) -> ImportedQuestion {
        ImportedQuestion {
            kind: ImportedKind::Single,
            text: text.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: Correct::Options(vec![correct]),
            explanation: None,
        }
    }

    fn basic_expected() -> Vec<ImportedQuestion> {
        vec![
            q(
                "Mã OTP ngân hàng gửi qua tin nhắn dùng để làm gì?",
                &[
                    "Xác nhận giao dịch của chính bạn",
                    "Gửi cho nhân viên ngân hàng khi họ gọi điện hỏi",
                    "Đăng lên mạng xã hội",
                    "Đổi lấy quà tặng",
                ],
                0,
            ),
            q(
                "Mật khẩu nào sau đây mạnh nhất?",
                &["123456", "ngaysinh1990", "T@o-Lao!Bien#27", "matkhau"],
                2,
            ),
            q(
                "Có người gọi tự xưng là công an, yêu cầu chuyển tiền vào \"tài khoản tạm giữ\".\nBạn nên làm gì?",
                &[
                    "Chuyển tiền ngay để tránh rắc rối",
                    "Cúp máy, gọi lại số đường dây nóng chính thức",
                ],
                1,
            ),
        ]
    }

    #[test]
    fn aiken_basic_fixture_reads() {
        assert_eq!(read(BASIC), Ok(basic_expected()));
    }

    #[test]
    fn aiken_malformed_fixture_reports_every_problem() {
        assert_eq!(
            to_json(&read(MALFORMED)),
            to_json(&Err(vec![
                ImportProblem::at(1, "câu 1: thiếu dòng ANSWER (missing ANSWER line)"),
                ImportProblem::at(
                    10,
                    "câu 2: đáp án E không có trong các lựa chọn (answer E is not one of the options)"
                ),
                ImportProblem::at(
                    14,
                    "câu 3: lựa chọn C sai thứ tự, cần B (option C out of order, expected B)"
                ),
                ImportProblem::at(
                    17,
                    "câu 4: cần ít nhất 2 lựa chọn, có 1 (at least 2 options needed, found 1)"
                ),
                ImportProblem::at(
                    24,
                    "câu 5: ANSWER phải là đúng một chữ cái (ANSWER must be exactly one letter, Aiken is single-choice)"
                ),
            ]))
        );
    }

    #[test]
    fn aiken_nfd_crlf_and_bom_read_the_same() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = BASIC.nfd().collect();
        assert_ne!(nfd, BASIC);
        let crlf = BASIC.replace('\n', "\r\n");
        let bom = format!("\u{feff}{BASIC}");
        for variant in [nfd, crlf, bom] {
            assert_eq!(source_text(variant.as_bytes()).unwrap(), BASIC);
            assert_eq!(
                read_bytes(Format::Aiken, variant.as_bytes()),
                Ok(basic_expected())
            );
        }
    }

    #[test]
    fn aiken_more_than_26_options_is_a_problem_not_a_panic() {
        let options: String = (0..300u32)
            .map(|i| format!("{}. x\n", char::from_u32(65 + i % 26).unwrap()))
            .collect();
        let Err(found) = read(&format!("Nhiều?\n{options}ANSWER: A\n")) else {
            panic!("more than 26 options read");
        };
        assert_eq!(
            found[0],
            ImportProblem::at(28, "câu 1: quá 26 lựa chọn (more than 26 options)")
        );
    }

    #[test]
    fn aiken_accepts_parentheses_and_lowercase_answer_keyword() {
        let text = "Thủ đô của Việt Nam?\nA) Huế\nB) Hà Nội\nanswer: b\n";
        assert_eq!(
            read(text),
            Ok(vec![q("Thủ đô của Việt Nam?", &["Huế", "Hà Nội"], 1)])
        );
    }

    #[test]
    fn aiken_question_without_blank_line_after_answer_and_empty_file() {
        let text = "Một?\nA. x\nB. y\nANSWER: A\nHai?\nA. z\nB. w\nANSWER: B";
        assert_eq!(
            read(text),
            Ok(vec![q("Một?", &["x", "y"], 0), q("Hai?", &["z", "w"], 1)])
        );
        assert_eq!(
            read("\n\n"),
            Err(vec![ImportProblem::at(
                1,
                "không tìm thấy câu hỏi nào (no questions found)"
            )])
        );
    }
}
