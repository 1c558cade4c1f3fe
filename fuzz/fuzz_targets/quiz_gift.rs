//! The GIFT quiz reader on any bytes; what it accepts, written back as GIFT, reads the same.
#![no_main]

use app::ssr::quiz_formats::{Correct, Format, read};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(questions) = read(Format::Gift, data) {
        for q in &questions {
            assert_eq!(q.text, q.text.trim());
            if let Correct::Options(picks) = &q.correct {
                assert!(picks.iter().all(|&i| i < q.options.len()));
            }
        }
        let written = app::ssr::quiz_formats::gift::write(&questions);
        assert_eq!(
            read(Format::Gift, written.as_bytes()),
            Ok(questions),
            "{written}"
        );
    }
});
