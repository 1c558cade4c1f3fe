//! Phone numbers, e-mail addresses, identifiers and names on any text:
//! what is accepted parses again to itself.
#![no_main]

use app::domain::{Email, FullName, Identifier, PhoneNumber};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(phone) = PhoneNumber::parse(text) {
        assert_eq!(PhoneNumber::parse(&phone.display()), Some(phone));
    }
    if let Some(email) = Email::parse(text) {
        assert_eq!(Email::parse(email.as_str()), Some(email));
    }
    if let Ok(id) = Identifier::parse(text) {
        assert_eq!(Identifier::parse(id.key()), Ok(id));
    }
    if let Ok(name) = FullName::parse(text) {
        assert_eq!(FullName::parse(name.as_str()), Ok(name));
    }
});
