//! The quiz readers against what teachers paste, and worse: any bytes, and
//! random mixes of each format's own syntax. None may panic or take long;
//! whatever they accept keeps the module's promises (text NFC and trimmed,
//! answers that name existing options); GIFT written back reads the same;
//! and Aiken and Vietnamese files made from known questions read as those
//! questions, whatever the spelling of their markers and keys.

use super::{Correct, Format, ImportResult, ImportedKind, ImportedQuestion, gift, read};
use crate::hostile::{config, is_nfc, odd_bytes, odd_text, timed, token_soup, words};
use proptest::prelude::*;

const FORMATS: [Format; 3] = [Format::Gift, Format::Aiken, Format::Vietnamese];

const GIFT_TOKENS: &[&str] = &[
    "{",
    "}",
    "{=",
    "=",
    "~",
    "~%50%",
    "~%-100%",
    "%100%",
    "%0%",
    "#",
    "####",
    "::",
    "::t::",
    "\\",
    "\\n",
    "\\{",
    "\\}",
    "\\~",
    "\\=",
    "\\#",
    "\\:",
    "\\\\",
    "->",
    "{T}",
    "{FALSE}",
    "{}",
    "{#1:2}",
    "[html]",
    "[markdown]",
    "[plain]",
    "//",
    "// x\n",
    "$CATEGORY: a\n",
    "\n\n",
    " ",
    "\t",
    "Hà Nội",
    "câu hỏi",
    "đúng",
    "sai",
];

const AIKEN_TOKENS: &[&str] = &[
    "A. ",
    "B. ",
    "C) ",
    "D.",
    "Z. ",
    "a. ",
    "ANSWER: ",
    "ANSWER:",
    "answer: ",
    "Answer :",
    "ANSWERS",
    "A",
    "B",
    "b.",
    "AB",
    "\n",
    "\n\n",
    " ",
    "câu hỏi",
    "Hà Nội",
    "đáp án",
];

const VN_TOKENS: &[&str] = &[
    "Câu 1. ",
    "Câu 2: ",
    "câu 3) ",
    "CÂU 4 ",
    "Câu 5 (0,5 điểm): ",
    "Câu 6 [1đ]: ",
    "Câu 1.2",
    "Câu 99999999999999999999999. ",
    "Câu (",
    "Câu 7 (",
    "A. ",
    "B. ",
    "C) ",
    "D.",
    "H. ",
    "I. ",
    "*A. ",
    "* B) ",
    "*",
    "Đáp án: ",
    "ĐÁP ÁN",
    "Bảng đáp án",
    "Đáp án đúng: ",
    "ANSWER: ",
    "1-A, 2-B",
    "3-AC",
    "3-A,C",
    "1.A 2.C",
    "1A 2C",
    "4=B",
    "99999999999999999999-A",
    "A, C",
    "a; c.",
    "Lời giải:",
    "Giải thích: ",
    "Hướng dẫn giải",
    "Phần I",
    "PHẦN 2.",
    "Phần trắc nghiệm",
    "I. TRẮC NGHIỆM",
    "A. TRẮC NGHIỆM",
    "-----",
    "--- HẾT ---",
    "\n",
    "\n\n",
    " ",
    "\t",
    "Hà Nội",
    "mật khẩu",
];

/// Reads `bytes` as `format` within the time bound, and checks what any
/// reading must be.
fn read_checked(format: Format, bytes: &[u8]) -> ImportResult {
    let result = timed(format.code(), bytes.len(), || read(format, bytes));
    let lines = bytes
        .iter()
        .filter(|b| **b == b'\n' || **b == b'\r')
        .count()
        + 1;
    match &result {
        Ok(questions) => questions.iter().for_each(well_formed),
        Err(problems) => {
            assert!(!problems.is_empty(), "an error names at least one problem");
            for p in problems {
                assert!(
                    (1..=lines).contains(&p.line),
                    "problem on line {} of {lines}: {p:?}",
                    p.line
                );
                assert!(!p.problem.is_empty());
            }
        }
    }
    result
}

fn clean(text: &str) -> bool {
    text == text.trim() && is_nfc(text)
}

/// What the readers promise of every question they give.
fn well_formed(q: &ImportedQuestion) {
    assert!(clean(&q.text), "text not NFC and trimmed: {q:?}");
    assert!(q.options.iter().all(|o| clean(o)), "option: {q:?}");
    if let Some(e) = &q.explanation {
        assert!(clean(e) && !e.is_empty(), "explanation: {q:?}");
    }
    match (&q.kind, &q.correct) {
        (ImportedKind::Single | ImportedKind::Multiple, Correct::Options(picks)) => {
            assert!(q.options.len() >= 2, "fewer than two options: {q:?}");
            assert!(!picks.is_empty(), "no right option: {q:?}");
            assert!(picks.iter().all(|&i| i < q.options.len()), "{q:?}");
            assert!(picks.windows(2).all(|w| w[0] < w[1]), "{q:?}");
            if q.kind == ImportedKind::Single {
                assert_eq!(picks.len(), 1, "{q:?}");
            }
        }
        (ImportedKind::TrueFalse, Correct::Truth(_)) => assert!(q.options.is_empty()),
        (ImportedKind::Short, Correct::Answers(accepted)) => {
            assert!(q.options.is_empty());
            assert!(!accepted.is_empty(), "{q:?}");
            assert!(accepted.iter().all(|a| clean(a) && !a.is_empty()), "{q:?}");
        }
        _ => panic!("kind and answer disagree: {q:?}"),
    }
}

/// GIFT written from what GIFT reading gave reads back the same.
fn gift_round_trip(questions: &[ImportedQuestion]) {
    let written = gift::write(questions);
    let again = timed("gift write/read", written.len(), || {
        read(Format::Gift, written.as_bytes())
    });
    assert_eq!(again.as_deref(), Ok(questions), "written:\n{written}");
}

/// A question the readers could give, its texts from odd characters.
fn question() -> impl Strategy<Value = ImportedQuestion> {
    let text = || {
        odd_text(30).prop_filter_map("not a text the readers give", |t| {
            let t = crate::domain::text::nfc(&t.replace("\r\n", "\n").replace('\r', "\n"));
            let t = t.trim();
            (!t.is_empty() && !t.starts_with('\u{feff}')).then(|| t.to_owned())
        })
    };
    let explanation = || prop::option::of(text());
    prop_oneof![
        (
            text(),
            prop::collection::vec(text(), 2..6),
            any::<prop::sample::Index>(),
            explanation()
        )
            .prop_map(|(text, options, right, explanation)| ImportedQuestion {
                kind: ImportedKind::Single,
                correct: Correct::Options(vec![right.index(options.len())]),
                text,
                options,
                explanation,
            }),
        (
            text(),
            prop::collection::vec((text(), any::<bool>()), 2..6),
            explanation()
        )
            .prop_filter_map("a right option", |(text, options, explanation)| {
                let picks: Vec<usize> = (0..options.len()).filter(|&i| options[i].1).collect();
                (!picks.is_empty()).then(|| ImportedQuestion {
                    kind: ImportedKind::Multiple,
                    correct: Correct::Options(picks),
                    text,
                    options: options.into_iter().map(|(o, _)| o).collect(),
                    explanation,
                })
            }),
        (text(), any::<bool>(), explanation()).prop_map(|(text, truth, explanation)| {
            ImportedQuestion {
                kind: ImportedKind::TrueFalse,
                correct: Correct::Truth(truth),
                text,
                options: vec![],
                explanation,
            }
        }),
        (text(), prop::collection::vec(text(), 1..4), explanation()).prop_map(
            |(text, accepted, explanation)| ImportedQuestion {
                kind: ImportedKind::Short,
                correct: Correct::Answers(accepted),
                text,
                options: vec![],
                explanation,
            }
        ),
    ]
}

/// Plain questions of one or several right options, as Aiken (one only)
/// and the Vietnamese layout can carry them.
fn plain_question(max_right: usize) -> impl Strategy<Value = ImportedQuestion> {
    (
        prop::collection::vec(words(8), 1..3),
        prop::collection::vec(words(5), 2..=8),
        prop::collection::vec(any::<prop::sample::Index>(), 1..=max_right),
        prop::option::of(words(10)),
    )
        .prop_map(|(text, options, right, explanation)| {
            let mut picks: Vec<usize> = right.iter().map(|i| i.index(options.len())).collect();
            picks.sort_unstable();
            picks.dedup();
            ImportedQuestion {
                kind: if picks.len() == 1 {
                    ImportedKind::Single
                } else {
                    ImportedKind::Multiple
                },
                text: text.join("\n"),
                options,
                correct: Correct::Options(picks),
                explanation,
            }
        })
}

fn picks(q: &ImportedQuestion) -> &[usize] {
    match &q.correct {
        Correct::Options(p) => p,
        _ => unreachable!("plain questions are choices"),
    }
}

fn letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

/// How a file's lines end and whether it starts with a byte-order mark.
fn spelled(lines: &[String], crlf: bool, bom: bool) -> Vec<u8> {
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = if bom {
        "\u{feff}".to_owned()
    } else {
        String::new()
    };
    for line in lines {
        text.push_str(line);
        text.push_str(end);
    }
    text.into_bytes()
}

/// An Aiken file of `questions`, markers and keyword spelled by `style`.
fn aiken_file(questions: &[ImportedQuestion], style: &[u8]) -> Vec<String> {
    let mut lines = Vec::new();
    for (n, q) in questions.iter().enumerate() {
        let s = style.get(n).copied().unwrap_or(0);
        lines.extend(q.text.lines().map(str::to_owned));
        for (i, o) in q.options.iter().enumerate() {
            let dot = if s & 1 == 0 { '.' } else { ')' };
            lines.push(format!("{}{dot} {o}", letter(i)));
        }
        let keyword = if s & 2 == 0 { "ANSWER:" } else { "answer :" };
        lines.push(format!("{keyword} {}", letter(picks(q)[0])));
        if s & 4 == 0 {
            lines.push(String::new());
        }
    }
    lines
}

/// A Vietnamese-layout file of `questions`: each question's header, text,
/// options and answer spelled one of several ways that `style` picks, and
/// those answered by the key listed in an `ĐÁP ÁN` block at the end.
fn vietnamese_file(questions: &[ImportedQuestion], style: &[u8]) -> Vec<String> {
    let mut lines = vec!["ĐỀ KIỂM TRA".to_owned(), "Thời gian: 15 phút".to_owned()];
    let mut key = Vec::new();
    for (index, q) in questions.iter().enumerate() {
        let n = index + 1;
        let s = style.get(index).copied().unwrap_or(0);
        let header = match s % 4 {
            0 => format!("Câu {n}."),
            1 => format!("Câu {n}:"),
            2 => format!("câu {n})"),
            _ => format!("Câu {n} (0,5 điểm):"),
        };
        let picks = picks(q);
        let star = (s / 4) % 3 == 0;
        let option = |i: usize, o: &str| {
            let mark = if star && picks.contains(&i) { "*" } else { "" };
            let dot = if (s / 16) % 2 == 0 { '.' } else { ')' };
            format!("{mark}{}{dot} {o}", letter(i))
        };
        let options: Vec<String> = q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| option(i, o))
            .collect();
        let mut text = q.text.lines();
        let first = text.next().unwrap_or_default();
        let inline = (s / 32) % 3;
        if inline == 1 && !q.text.contains('\n') {
            // `Câu 1. text A. x   B. y`
            lines.push(format!("{header} {first} {}", options.join("   ")));
        } else {
            if s % 2 == 0 {
                lines.push(format!("{header} {first}"));
            } else {
                lines.push(header);
                lines.push(first.to_owned());
            }
            lines.extend(text.map(str::to_owned));
            if inline == 2 {
                lines.push(options.join("    "));
            } else {
                lines.extend(options);
            }
        }
        let names: String = picks.iter().map(|&i| letter(i)).collect();
        match (s / 4) % 3 {
            0 => {}
            1 => {
                let list: Vec<String> = picks.iter().map(|&i| letter(i).to_string()).collect();
                lines.push(format!("Đáp án: {}", list.join(", ")));
            }
            _ => key.push((n, names)),
        }
        if let Some(e) = &q.explanation {
            lines.push(format!("Giải thích: {e}"));
        }
        lines.push(String::new());
    }
    if !key.is_empty() {
        lines.push("ĐÁP ÁN".to_owned());
        for (i, chunk) in key.chunks(3).enumerate() {
            let entries: Vec<String> = chunk
                .iter()
                .map(|(n, l)| match i % 3 {
                    0 => format!("{n}-{l}"),
                    1 => format!("{n}.{l}"),
                    _ => format!("{n}{l}"),
                })
                .collect();
            lines.push(entries.join(if i % 2 == 0 { ", " } else { " " }));
        }
    }
    lines
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn any_bytes_are_read_without_panic_in_bounded_time(bytes in odd_bytes(2_000)) {
        for format in FORMATS {
            let _ = read_checked(format, &bytes);
        }
    }

    #[test]
    fn a_mix_of_each_formats_own_syntax_is_read_in_bounded_time(
        gift in token_soup(GIFT_TOKENS, 300),
        aiken in token_soup(AIKEN_TOKENS, 300),
        vn in token_soup(VN_TOKENS, 300),
    ) {
        for (format, text) in [(Format::Gift, &gift), (Format::Aiken, &aiken), (Format::Vietnamese, &vn)] {
            if let (Format::Gift, Ok(questions)) = (format, read_checked(format, text.as_bytes())) {
                gift_round_trip(&questions);
            }
        }
    }

    #[test]
    fn gift_written_from_any_question_reads_back_as_that_question(
        questions in prop::collection::vec(question(), 1..6),
    ) {
        let written = gift::write(&questions);
        let again = read_checked(Format::Gift, written.as_bytes());
        prop_assert_eq!(again.as_deref(), Ok(&questions[..]), "written:\n{}", written);
    }

    #[test]
    fn an_aiken_file_of_known_questions_reads_as_them(
        questions in prop::collection::vec(plain_question(1), 1..8),
        style in prop::collection::vec(any::<u8>(), 8),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let expected: Vec<ImportedQuestion> = questions
            .into_iter()
            .map(|q| ImportedQuestion { explanation: None, ..q })
            .collect();
        let bytes = spelled(&aiken_file(&expected, &style), crlf, bom);
        let got = read_checked(Format::Aiken, &bytes);
        prop_assert_eq!(got, Ok(expected), "file:\n{}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn a_vietnamese_file_of_known_questions_reads_as_them(
        questions in prop::collection::vec(plain_question(3), 1..10),
        style in prop::collection::vec(any::<u8>(), 10),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let bytes = spelled(&vietnamese_file(&questions, &style), crlf, bom);
        let got = read_checked(Format::Vietnamese, &bytes);
        prop_assert_eq!(got, Ok(questions), "file:\n{}", String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// Long lines, deep braces and thousands of questions: still linear.
    #[test]
    fn large_and_deep_documents_are_read_in_bounded_time(
        token in prop::sample::select([GIFT_TOKENS, AIKEN_TOKENS, VN_TOKENS].concat()),
        repeat in 1_000usize..20_000,
        format in prop::sample::select(FORMATS.to_vec()),
    ) {
        let long_line = token.repeat(repeat);
        let _ = read_checked(format, long_line.as_bytes());
        let many_lines = format!("{token}\n").repeat(repeat);
        let _ = read_checked(format, many_lines.as_bytes());
    }
}

/// Found by the round trip above: a newline written as `\n` before a
/// combining mark, or `=` before a text starting with one, became one
/// character once the reader made the file NFC (`\ǹ`, `≠`).
#[test]
fn gift_keeps_combining_marks_after_newlines_and_at_the_start_of_texts() {
    let questions = vec![
        ImportedQuestion {
            kind: ImportedKind::Multiple,
            text: "!".into(),
            options: vec!["¡\n\u{300}".into(), "!".into()],
            correct: Correct::Options(vec![1]),
            explanation: None,
        },
        ImportedQuestion {
            kind: ImportedKind::Single,
            text: "\u{301}Câu\n\u{323}hỏi".into(),
            options: vec!["\u{338}x".into(), "y".into()],
            correct: Correct::Options(vec![0]),
            explanation: Some("\u{301}giải\n\u{300}".into()),
        },
        ImportedQuestion {
            kind: ImportedKind::Short,
            text: "a".into(),
            options: vec![],
            correct: Correct::Answers(vec!["\u{338}".into(), "n\n\u{303}".into()]),
            explanation: None,
        },
    ];
    gift_round_trip(&questions);
}
