//! Markdown rendering on any text: no panic, nothing dangerous out.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = app::ssr::markdown::render(text).to_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<style"), "{html}");
});
