//! Front matter and every content reader (lesson, course, article, quiz)
//! on any text.
#![no_main]

use app::domain::Slug;
use app::ssr::import::front_matter::split_front_matter;
use app::ssr::import::{parse_article, parse_course, parse_lesson, parse_quiz};
use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = split_front_matter(Path::new("a.md"), text) {
        assert!(text.ends_with(doc.body));
    }
    let Ok(slug) = Slug::parse("bai") else {
        return;
    };
    let _ = parse_lesson(Path::new("bai.md"), slug.clone(), text);
    let _ = parse_course(Path::new("course.md"), slug, text);
    let _ = parse_article(Path::new("bai.md"), text);
    let _ = parse_quiz(Path::new("bai.toml"), text);
});
