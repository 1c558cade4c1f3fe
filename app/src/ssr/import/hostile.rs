//! The content files' front matter and readers (lessons, courses,
//! articles, quizzes) against hostile text: anything at all, mixes of
//! TOML and front-matter syntax, and the shipped files with random edits.
//! None may panic or take long, a problem points at a line of the file,
//! and a title written as a TOML string comes back as written (trimmed).

use super::front_matter::split_front_matter;
use super::{Problem, parse_article, parse_course, parse_lesson, parse_quiz};
use crate::domain::Slug;
use crate::hostile::{config, odd_text, timed, token_soup};
use proptest::prelude::*;
use std::path::Path;

const LESSON: &str = include_str!("../../../../content/courses/binh-dan-hoc-ai/ai-la-gi.md");
const COURSE: &str = include_str!("../../../../content/courses/binh-dan-hoc-ai/course.md");
const ARTICLE: &str =
    include_str!("../../../../content/articles/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi.md");
const QUIZ: &str = include_str!("../../../../content/quizzes/kiem-tra-binh-dan-hoc-ai.toml");

const TOKENS: &[&str] = &[
    "+++",
    "+++\n",
    "\n+++\n",
    "+++\r\n",
    "\n",
    "\r\n",
    "=",
    " = ",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "\\",
    "\\u",
    "\\U0010FFFF",
    "\\uD800",
    "[",
    "]",
    "[[",
    "]]",
    "[[questions]]\n",
    "{",
    "}",
    ",",
    "#",
    ".",
    "title",
    "summary",
    "minutes",
    "date",
    "author",
    "series",
    "steps",
    "lessons",
    "order",
    "sequential",
    "course",
    "questions",
    "type",
    "text",
    "options",
    "answer",
    "answers",
    "explanation",
    "pass_mark",
    "\"single\"",
    "\"short\"",
    "\"quiz:x\"",
    "true",
    "false",
    "0",
    "-1",
    "1e400",
    "9223372036854775808",
    "2026-01-13",
    "2026-13-45T25:61:61Z",
    "inf",
    "nan",
    "## Một",
    "> ",
    "- ",
    "```",
    "<script>",
    "Hà Nội",
];

fn path(name: &str) -> &Path {
    Path::new(name)
}

fn slug() -> Slug {
    Slug::parse("bai").expect("a slug")
}

/// Every reader on `text`, each in bounded time; their problems point at
/// a line of the file.
fn read_all(text: &str) {
    let lines = text.split(['\n', '\r']).count() + 1;
    let check = |what: &str, result: Result<(), Problem>| {
        if let Err(p) = result {
            assert!(!p.reason.is_empty(), "{what}: a problem says what");
            if let Some(line) = p.line {
                assert!(
                    (1..=lines).contains(&line),
                    "{what}: line {line} of {lines}: {p}"
                );
            }
        }
    };
    let n = text.len();
    if let Ok(doc) = timed("front matter", n, || split_front_matter(path("a.md"), text)) {
        assert!(text.starts_with("+++"), "front matter starts the file");
        assert!(text.ends_with(doc.body), "the body ends the file");
        assert!(text[3..].contains(doc.front), "front within the file");
        assert_eq!(doc.front_line, 2);
    }
    check(
        "lesson",
        timed("lesson", n, || {
            parse_lesson(path("bai.md"), slug(), text).map(drop)
        }),
    );
    check(
        "course",
        timed("course", n, || {
            parse_course(path("course.md"), slug(), text).map(drop)
        }),
    );
    check(
        "article",
        timed("article", n, || {
            parse_article(path("bai.md"), text).map(drop)
        }),
    );
    check(
        "quiz",
        timed("quiz", n, || parse_quiz(path("bai.toml"), text).map(drop)),
    );
}

/// One edit of a file: at a (relative) place, insert a token or odd text,
/// delete or duplicate a stretch.
#[derive(Clone, Debug)]
enum Edit {
    Insert(prop::sample::Index, String),
    Delete(prop::sample::Index, usize),
    Duplicate(prop::sample::Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop_oneof![
        prop::sample::select(TOKENS).prop_map(str::to_owned),
        odd_text(8),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), token).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<prop::sample::Index>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<prop::sample::Index>(), 1usize..80).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

/// `text` with `edits` applied, each at a character boundary.
fn edited(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    let boundary = |text: &str, at: &prop::sample::Index| {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        bounds[at.index(bounds.len())]
    };
    let end_after = |text: &str, start: usize, chars: usize| {
        text[start..]
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| start + i)
    };
    for e in edits {
        match e {
            Edit::Insert(at, t) => {
                let at = boundary(&text, at);
                text.insert_str(at, t);
            }
            Edit::Delete(at, n) => {
                let at = boundary(&text, at);
                let end = end_after(&text, at, *n);
                text.replace_range(at..end, "");
            }
            Edit::Duplicate(at, n) => {
                let at = boundary(&text, at);
                let end = end_after(&text, at, *n);
                let copy = text[at..end].to_owned();
                text.insert_str(end, &copy);
            }
        }
    }
    text
}

/// A TOML basic string of `value`: quotes, backslashes and control
/// characters escaped.
fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_text_is_read_without_panic_in_bounded_time(text in odd_text(2_000)) {
        read_all(&text);
        read_all(&format!("+++\n{text}\n+++\n{text}"));
    }

    #[test]
    fn a_mix_of_toml_and_front_matter_syntax_is_read_in_bounded_time(
        text in token_soup(TOKENS, 400),
    ) {
        read_all(&text);
    }

    #[test]
    fn the_shipped_files_with_random_edits_are_read_in_bounded_time(
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        for file in [LESSON, COURSE, ARTICLE, QUIZ] {
            read_all(&edited(file, &edits));
        }
    }

    #[test]
    fn a_title_written_as_a_toml_string_is_read_back_trimmed(
        title in odd_text(60),
        crlf in any::<bool>(),
    ) {
        let text = format!(
            "+++\ntitle = {}\nsummary = \"Tóm tắt\"\nminutes = 5\n+++\n## Một\n",
            toml_string(&title)
        );
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        let got = timed("lesson", text.len(), || parse_lesson(path("bai.md"), slug(), &text));
        match got {
            Ok(lesson) => prop_assert_eq!(lesson.title, title.trim()),
            Err(problem) => {
                prop_assert!(title.trim().is_empty(), "{problem}");
                prop_assert_eq!(problem.line, Some(2));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(8))]

    /// Long lines, many lines, deep TOML arrays and tables.
    #[test]
    fn large_and_deep_front_matter_is_read_in_bounded_time(
        token in prop::sample::select(TOKENS),
        repeat in 1_000usize..20_000,
    ) {
        read_all(&format!("+++\n{}\n+++\nThân bài\n", token.repeat(repeat)));
        read_all(&format!("+++\ntitle = {}\n+++\n", "[".repeat(repeat.min(2_000))));
        read_all(&format!("+++\n{}+++\n", format!("{token}\n").repeat(repeat)));
    }
}

#[test]
fn the_shipped_files_are_read() {
    parse_lesson(path("ai-la-gi.md"), slug(), LESSON).expect("the lesson");
    parse_course(path("course.md"), slug(), COURSE).expect("the course");
    parse_article(path("ai-la-gi.md"), ARTICLE).expect("the article");
    parse_quiz(path("kiem-tra-binh-dan-hoc-ai.toml"), QUIZ).expect("the quiz");
}
