//! Certificate codes and their QR codes.
//!
//! A code is 16 characters from an alphabet without 0, O, 1 and I (32
//! symbols, 5 bits each: 80 random bits), printed in groups of four, e.g.
//! `K7QX-3M9P-WD4R-HT2B`, so it can be read aloud over the phone or typed from
//! paper. Lookups accept lower case, spaces and missing hyphens.

use rand::Rng;

const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const LENGTH: usize = 16;

/// A new random code, as printed.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let symbols: Vec<u8> = (0..LENGTH)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())])
        .collect();
    grouped(&symbols)
}

fn grouped(symbols: &[u8]) -> String {
    symbols
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as stored, from what a person typed; `None` when it cannot be one.
pub fn parse_code(input: &str) -> Option<String> {
    let symbols: Vec<u8> = input
        .bytes()
        .filter(|b| !matches!(b, b'-' | b' '))
        .map(|b| b.to_ascii_uppercase())
        .collect();
    (symbols.len() == LENGTH && symbols.iter().all(|b| ALPHABET.contains(b)))
        .then(|| grouped(&symbols))
}

/// The QR code of `url` as an inline SVG element (no XML declaration, no
/// style attribute, so the page's Content-Security-Policy allows it).
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build();
            let start = svg.find("<svg").unwrap_or(0);
            svg[start..].replacen("<svg", "<svg role=\"img\" aria-label=\"QR\"", 1)
        }
        Err(e) => {
            tracing::error!(error = %e, "QR code");
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_80_bits_in_readable_groups() {
        let code = new_code();
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(code.matches('-').count(), 3);
        assert!(!code.contains(['0', 'O', '1', 'I']));
        assert_eq!(parse_code(&code).as_deref(), Some(code.as_str()));
        assert_ne!(new_code(), new_code());
        // 32 symbols = 5 bits each
        assert_eq!(ALPHABET.len().trailing_zeros() as usize * LENGTH, 80);
    }

    #[test]
    fn typed_codes_are_forgiven_case_and_spacing_only() {
        assert_eq!(
            parse_code(" k7qx 3m9p-wd4r-ht2b ").as_deref(),
            Some("K7QX-3M9P-WD4R-HT2B")
        );
        for bad in ["K7QX-3M9P-WD4R-HT2", "K7QX-3M9P-WD4R-HT2O", "", "../../etc"] {
            assert_eq!(parse_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_qr_code_is_plain_svg() {
        let svg = qr_svg("https://hocso.example/chung-nhan/K7QX-3M9P-WD4R-HT2B");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("style="));
        assert!(svg.ends_with("</svg>"));
    }
}
