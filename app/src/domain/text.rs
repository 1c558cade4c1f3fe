//! Vietnamese text helpers.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text in Unicode normalisation form C: Vietnamese typed on different
/// keyboards (precomposed or combining accents) compares equal afterwards.
pub fn nfc(input: &str) -> String {
    input.nfc().collect()
}

/// Lowercase text with the accents removed (`Đà Nẵng` → `da nang`), for
/// heading anchors and, later, accent-insensitive search.
pub fn fold(input: &str) -> String {
    input
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// An anchor id for a heading: folded, with runs of anything but a-z0-9 as one hyphen.
pub fn anchor(input: &str) -> String {
    let folded = fold(input);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_becomes_precomposed() {
        let decomposed = "Vie\u{0302}\u{0323}t Nam";
        assert_eq!(nfc(decomposed), "Việt Nam");
    }

    #[test]
    fn folding_removes_tones_and_the_d_stroke() {
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("Bình dân học vụ số"), "binh dan hoc vu so");
        assert_eq!(fold("NGƯỜI DÂN"), "nguoi dan");
    }

    #[test]
    fn an_anchor_is_a_clean_ascii_slug() {
        assert_eq!(
            anchor("Bước 1: Mở ứng dụng VNeID!"),
            "buoc-1-mo-ung-dung-vneid"
        );
        assert_eq!(anchor("  ?? "), "");
    }
}
