//! Phone numbers, e-mail addresses, sign-in identifiers and names against
//! hostile input (forms, the roster, the command line): no panic, bounded
//! time, and what is accepted is stable: parsing the stored or displayed
//! form gives the same value again; a mobile number typed any of the ways
//! people type it is the same number.

use super::{Email, FullName, Identifier, PhoneNumber};
use crate::hostile::{config, is_nfc, odd_text, timed};
use proptest::prelude::*;

/// A mobile number's nine digits typed with a prefix, separators,
/// full-width digits or non-breaking spaces.
fn typed_phone() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec!['3', '5', '7', '8', '9']),
        "[0-9]{8}",
        0u8..5,
        prop::collection::vec(prop::sample::select(vec!["", " ", ".", "-", "\u{a0}"]), 9),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(first, rest, prefix, seps, wide, paren)| {
            let digits = format!("{first}{rest}");
            let mut typed = String::from(match prefix {
                0 => "0",
                1 => "+84",
                2 => "84",
                3 => "+84 0",
                _ => "＋84",
            });
            for (i, c) in digits.chars().enumerate() {
                if paren && i == 0 {
                    typed.push('(');
                }
                let c = if wide {
                    char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
                } else {
                    c
                };
                typed.push(c);
                if paren && i == 1 {
                    typed.push(')');
                }
                typed.push_str(seps[i]);
            }
            (format!("  {typed} "), digits)
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_text_is_parsed_without_panic_and_what_is_accepted_is_stable(
        text in prop_oneof![odd_text(300), "[0-9 +.()-]{0,20}", "[a-zA-Z0-9.@_+-]{0,40}"],
    ) {
        if let Some(phone) = timed("phone", text.len(), || PhoneNumber::parse(&text)) {
            let stored = phone.as_str();
            prop_assert!(stored.len() == 12 && stored.starts_with("+84"), "{}", stored);
            prop_assert!(stored[3..].bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(matches!(stored.as_bytes()[3], b'3' | b'5' | b'7' | b'8' | b'9'));
            prop_assert_eq!(PhoneNumber::parse(stored), Some(phone.clone()));
            prop_assert_eq!(PhoneNumber::parse(&phone.display()), Some(phone.clone()));
        }
        if let Some(email) = timed("email", text.len(), || Email::parse(&text)) {
            let stored = email.as_str();
            prop_assert_eq!(stored.matches('@').count(), 1, "{}", stored);
            prop_assert!(stored.len() <= 254 && !stored.chars().any(char::is_whitespace));
            prop_assert_eq!(Email::parse(stored), Some(email.clone()));
        }
        if let Ok(id) = timed("identifier", text.len(), || Identifier::parse(&text)) {
            prop_assert_eq!(Identifier::parse(id.key()), Ok(id.clone()));
            prop_assert_eq!(Identifier::parse(&id.display()), Ok(id.clone()));
        }
        if let Ok(name) = timed("name", text.len(), || FullName::parse(&text)) {
            let n = name.as_str();
            prop_assert!(is_nfc(n), "{:?}", n);
            prop_assert!((2..=100).contains(&n.chars().count()));
            prop_assert!(!n.chars().any(char::is_control));
            prop_assert_eq!(n, n.split_whitespace().collect::<Vec<_>>().join(" "));
            prop_assert_eq!(FullName::parse(n), Ok(name.clone()));
        }
    }

    #[test]
    fn a_mobile_number_typed_any_usual_way_is_the_same_number(
        (typed, digits) in typed_phone(),
    ) {
        let phone = PhoneNumber::parse(&typed);
        let expected = format!("+84{digits}");
        prop_assert_eq!(phone.as_ref().map(PhoneNumber::as_str), Some(expected.as_str()), "{:?}", typed);
        let id = Identifier::parse(&typed);
        prop_assert_eq!(id.as_ref().ok().map(Identifier::key), Some(expected.as_str()));
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn huge_input_is_refused_in_bounded_time(
        piece in prop::sample::select(vec!["0", "9", " ", "a", "@", ".", "Nguyễn ", "\u{301}", "＋"]),
        repeat in 1_000usize..100_000,
    ) {
        let text = piece.repeat(repeat);
        timed("phone", text.len(), || PhoneNumber::parse(&text));
        timed("email", text.len(), || Email::parse(&text));
        timed("identifier", text.len(), || Identifier::parse(&text).ok());
        let name = timed("name", text.len(), || FullName::parse(&text));
        prop_assert!(name.is_err(), "a name of {} characters", text.chars().count());
    }
}
