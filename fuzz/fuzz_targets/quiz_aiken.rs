//! The Aiken quiz reader on any bytes; what it accepts is well formed.
#![no_main]

use app::ssr::quiz_formats::{Correct, Format, read};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(questions) = read(Format::Aiken, data) {
        for q in &questions {
            assert_eq!(q.text, q.text.trim());
            if let Correct::Options(picks) = &q.correct {
                assert!(picks.iter().all(|&i| i < q.options.len()));
            }
        }
    }
});
