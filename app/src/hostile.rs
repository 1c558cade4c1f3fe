//! What the hostile-input property tests share: their configuration, a
//! clock for each input, and generators of the text people paste (odd
//! Unicode, NUL, CRLF, a byte-order mark, long lines, deep nesting, and
//! random mixes of a format's own tokens). Each parser's properties live
//! beside it, in a `hostile` module (markdown's in `ssr/markdown_hostile.rs`).
//!
//! Case counts are fixed so that the whole set stays within about a minute
//! in a debug build; no failure file is written (a failure prints the
//! smallest input it found: add it to that module as a fixed case).

use proptest::prelude::*;
use proptest::test_runner::Config;
use std::time::{Duration, Instant};

/// How long one input may take to parse in a debug build on a busy
/// two-core machine: generous, since the point is to catch super-linear
/// blowups (which take minutes), not to benchmark.
pub const BOUND: Duration = Duration::from_secs(2);

/// A fixed number of cases, no persistence file, no forking.
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// Runs `f`, fails the case if it took longer than [`BOUND`].
pub fn timed<T>(what: &str, input_len: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took <= BOUND,
        "{what}: {input_len} bytes took {took:?} (bound {BOUND:?})"
    );
    out
}

/// One character people's files contain, hostile ones over-represented.
pub fn odd_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        3 => prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '\0', '\u{feff}', '\u{a0}', '\u{200b}', '\u{202e}',
            '\u{2028}', '\u{fffd}', '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}',
            '\u{302}', '\u{306}', '\u{31b}', 'ă', 'â', 'đ', 'Đ', 'ê', 'ô', 'ơ', 'ư', 'ệ',
            'ữ', 'Ắ', 'ǅ', 'İ', 'ß', 'ﬁ', '０', '９', '＋', '\u{1f600}', '\u{10ffff}',
        ]),
        3 => prop::char::range('a', 'z'),
        1 => prop::char::range('0', '9'),
    ]
}

/// Text of up to `max` characters from [`odd_char`].
pub fn odd_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(odd_char(), 0..=max).prop_map(String::from_iter)
}

/// Any bytes, mostly short, sometimes UTF-8 with a BOM or CRLF ends.
pub fn odd_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..=max),
        odd_text(max).prop_map(String::into_bytes),
        odd_text(max).prop_map(|t| format!("\u{feff}{}", t.replace('\n', "\r\n")).into_bytes()),
    ]
}

/// A document made of up to `parts` pieces, each one of `tokens` (a
/// format's own syntax) or a short piece of odd text, so that most inputs
/// are nearly valid and reach deep into the parser.
pub fn token_soup(tokens: &'static [&'static str], parts: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(tokens).prop_map(str::to_owned),
        2 => odd_text(12),
        1 => Just("\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => (prop::sample::select(tokens), 1usize..200).prop_map(|(t, n)| t.repeat(n)),
    ];
    prop::collection::vec(piece, 0..=parts).prop_map(|p| p.concat())
}

/// A few words of plain Vietnamese, lowercase, that no format reads as
/// syntax: the text of generated questions whose reading is known.
pub fn words(max: usize) -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "mật", "khẩu", "mạnh", "là", "gì", "ngân", "hàng", "điện", "thoại", "tin", "nhắn", "lừa",
        "đảo", "bảo", "vệ", "tài", "khoản", "mã", "otp", "trí", "tuệ", "nhân", "tạo", "người",
        "dùng", "xác", "nhận", "an", "toàn", "mạng", "xã", "hội", "hà", "nội", "huế", "2024",
        "zalo", "1", "ứng", "dụng",
    ];
    prop::collection::vec(prop::sample::select(WORDS), 1..=max).prop_map(|w| w.join(" "))
}

/// `text` in NFC already.
pub fn is_nfc(text: &str) -> bool {
    unicode_normalization::is_nfc(text)
}
