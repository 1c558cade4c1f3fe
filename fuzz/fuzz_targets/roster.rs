//! The roster CSV on any bytes: rows in file order.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = app::ssr::officials::roster::read(data) {
        assert!(rows.windows(2).all(|w| w[0].line < w[1].line));
    }
});
