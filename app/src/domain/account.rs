//! Accounts: who someone is (phone or email), what they may do (roles).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Vietnamese mobile number in one stored form, `+84` and nine digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts numbers as people type them: `0905 123 456`, `+84905123456`,
    /// `84-905-123-456`, `(090) 512.3456`. Mobile numbers start with 3, 5, 7, 8
    /// or 9 after the country code or the leading 0.
    pub fn parse(input: &str) -> Option<PhoneNumber> {
        use unicode_normalization::UnicodeNormalization;
        // Compatibility forms mean the same digits: full-width `０９０５`
        // from some keyboards and documents, `＋84`, non-breaking spaces.
        let input: String = input.nfkc().collect();
        let trimmed = input.trim();
        let has_plus = trimmed.starts_with('+');
        let mut digits = String::with_capacity(12);
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '(' | ')' => {}
                '+' if i == 0 => {}
                _ => return None,
            }
        }
        // `+84 0905 …`: the national trunk 0 kept after the country code.
        let international = digits
            .strip_prefix("840")
            .filter(|r| r.len() == 9)
            .or_else(|| digits.strip_prefix("84").filter(|r| r.len() == 9));
        let national = if let Some(rest) = international {
            rest
        } else if !has_plus && digits.len() == 10 && digits.starts_with('0') {
            &digits[1..]
        } else {
            return None;
        };
        if !matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9') {
            return None;
        }
        Some(PhoneNumber(format!("+84{national}")))
    }

    /// The stored form, `+84905123456`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nine digits after the country code.
    pub fn national_digits(&self) -> &str {
        &self.0[3..]
    }

    /// As Vietnamese write it: `0905 123 456`.
    pub fn display(&self) -> String {
        let n = self.national_digits();
        format!("0{} {} {}", &n[..3], &n[3..6], &n[6..])
    }
}

/// An email address, lowercased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Option<Email> {
        let email = input.trim().to_lowercase();
        let (local, domain) = email.split_once('@')?;
        let valid = !local.is_empty()
            && local.len() <= 64
            && email.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && !domain.contains('@')
            && mailable_domain(domain);
        valid.then_some(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A domain the mailer can send to as written: ASCII labels of letters,
/// digits and inner hyphens, 1 to 63 characters each (an internationalised
/// domain is accepted in its `xn--` form only), the last not all digits.
/// Unicode letters are refused: they would be a second spelling of an
/// address (`ｅxample.vn`, a Cyrillic `е`) and lettre refuses them.
fn mailable_domain(domain: &str) -> bool {
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    domain.len() <= 253
        && domain.split('.').all(label_ok)
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `c` may not appear in a name: controls, and characters that
/// change how the text around them is shown while showing nothing
/// themselves (bidi overrides such as U+202E, zero-width spaces and
/// joiners, the byte-order mark, soft hyphens, tags: Unicode's "format"
/// category), unassigned and private-use code points, and blanks that are
/// not spaces (Hangul fillers, the braille blank, variation selectors, the
/// combining grapheme joiner).
fn invisible_in_names(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    matches!(
        c.general_category(),
        G::Control | G::Format | G::Unassigned | G::PrivateUse | G::Surrogate
    ) || matches!(
        c,
        '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{ffa0}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// What a person signs in with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Phone(PhoneNumber),
    Email(Email),
}

impl Identifier {
    /// An email if it has an `@`, otherwise a phone number.
    pub fn parse(input: &str) -> Result<Identifier, Problem> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Problem::Required);
        }
        if input.contains('@') {
            Email::parse(input)
                .map(Identifier::Email)
                .ok_or(Problem::EmailInvalid)
        } else {
            PhoneNumber::parse(input)
                .map(Identifier::Phone)
                .ok_or(Problem::PhoneInvalid)
        }
    }

    /// A key for throttling and lookups: the stored form.
    pub fn key(&self) -> &str {
        match self {
            Identifier::Phone(p) => p.as_str(),
            Identifier::Email(e) => e.as_str(),
        }
    }

    pub fn display(&self) -> String {
        match self {
            Identifier::Phone(p) => p.display(),
            Identifier::Email(e) => e.as_str().to_owned(),
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// A person's full name, NFC, 2 to 100 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullName(String);

impl FullName {
    pub fn parse(input: &str) -> Result<FullName, Problem> {
        let name = super::text::nfc(input.trim());
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        match name.chars().count() {
            0 => Err(Problem::Required),
            1 => Err(Problem::NameTooShort),
            101.. => Err(Problem::NameTooLong),
            _ if name.chars().any(char::is_control) => Err(Problem::NameInvalid),
            _ if name.chars().any(invisible_in_names) => Err(Problem::NameInvisible),
            _ => Ok(FullName(name)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What someone may do beyond reading. Every signed-in person is a learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Learner,
    /// Belongs to an organisational unit (units arrive in a later version).
    Official,
    Editor,
    Admin,
}

impl Role {
    /// Roles that are granted (learner is implicit).
    pub const GRANTABLE: [Role; 3] = [Role::Official, Role::Editor, Role::Admin];

    /// Roles that give rights over other people's work or accounts
    /// (editor, administrator), as opposed to a learner's or an official's.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Official => "official",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "learner" => Some(Role::Learner),
            "official" => Some(Role::Official),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in person, as pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i64,
    pub full_name: String,
    /// Phone (`0905 123 456`) or email, for display.
    pub identifier: String,
    /// Granted roles, without the implicit learner.
    pub roles: Vec<Role>,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        role == Role::Learner || self.roles.contains(&role)
    }
}

/// A form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    FullName,
    Identifier,
    Password,
    PasswordConfirm,
    CurrentPassword,
    Role,
    Form,
    /// The password typed to confirm deleting the account.
    DeletePassword,
    /// The "I understand" box of account deletion.
    DeleteConfirm,
    /// The one-time set-up code of `/kich-hoat`.
    SetupCode,
}

impl Field {
    /// The HTML id of the field's input (its error is `<id>-loi`).
    pub fn id(self) -> &'static str {
        match self {
            Field::FullName => "ho-ten",
            Field::Identifier => "dinh-danh",
            Field::Password => "mat-khau",
            Field::PasswordConfirm => "nhap-lai-mat-khau",
            Field::CurrentPassword => "mat-khau-hien-tai",
            Field::Role => "vai-tro",
            Field::Form => "bieu-mau",
            Field::DeletePassword => "mat-khau-xoa-tai-khoan",
            Field::DeleteConfirm => "xac-nhan-xoa-tai-khoan",
            Field::SetupCode => "ma-kich-hoat",
        }
    }
}

/// Why a field was refused. Shown through the translation table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    NameTooShort,
    NameTooLong,
    NameInvalid,
    /// A name with a character that shows nothing or turns the text around
    /// (U+202E, U+200B, ...), usually pasted from elsewhere.
    NameInvisible,
    PhoneInvalid,
    EmailInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
    PasswordIsPhone,
    PasswordMismatch,
    AlreadyRegistered,
    WrongCredentials,
    WrongCurrentPassword,
    UnknownRole,
    UnknownUser,
    CannotRevokeOwnAdmin,
    DeletionNotConfirmed,
    /// A set-up code that is wrong, used or expired (one message for all).
    WrongSetupCode,
}

/// A refused form: one problem per field.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<(Field, Problem)>);

impl FieldErrors {
    pub fn add(&mut self, field: Field, problem: Problem) {
        if self.get(field).is_none() {
            self.0.push((field, problem));
        }
    }

    pub fn get(&self, field: Field) -> Option<Problem> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, p)| *p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn single(field: Field, problem: Problem) -> FieldErrors {
        FieldErrors(vec![(field, problem)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_typed_every_way_become_one_form() {
        for typed in [
            "0905 123 456",
            "+84905123456",
            "84-905-123-456",
            "(090) 512.3456",
            "+84 905 123 456",
            " 0905123456 ",
            "+84 0905 123 456",
            "840905123456",
            "\u{ff10}\u{ff19}\u{ff10}\u{ff15} \u{ff11}\u{ff12}\u{ff13} \u{ff14}\u{ff15}\u{ff16}",
            "\u{ff0b}84\u{a0}905\u{a0}123\u{a0}456",
        ] {
            assert_eq!(
                PhoneNumber::parse(typed).map(|p| p.as_str().to_owned()),
                Some("+84905123456".into()),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_phone_number_is_shown_the_vietnamese_way() {
        assert_eq!(
            PhoneNumber::parse("+84912345678").unwrap().display(),
            "0912 345 678"
        );
    }

    #[test]
    fn landlines_short_numbers_and_foreign_numbers_are_rejected() {
        for bad in [
            "0236 3822 222",
            "024 3825 1234",
            "090512345",
            "09051234567",
            "+1 905 123 4567",
            "0105123456",
            "09O5123456",
            "",
            "+8409051234567",
            "+84 0105 123 456",
        ] {
            assert!(PhoneNumber::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn every_mobile_prefix_is_accepted() {
        for prefix in ["3", "5", "7", "8", "9"] {
            assert!(
                PhoneNumber::parse(&format!("0{prefix}12345678")).is_some(),
                "{prefix}"
            );
        }
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            Email::parse(" An.Nguyen@Example.VN ").unwrap().as_str(),
            "an.nguyen@example.vn"
        );
        for bad in ["an@", "@x.vn", "an@x", "an @x.vn", "an@x..vn", "an@@x.vn"] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn email_domains_are_ascii_labels_the_mailer_accepts() {
        for good in [
            "an@example.vn",
            "an@mail.so-gd.hue.gov.vn",
            "an@xn--hu-07s.vn",
            "an@a1.b2.vn",
        ] {
            assert!(Email::parse(good).is_some(), "{good}");
        }
        for bad in [
            "an@hu\u{1ebf}.vn",
            "an@\u{435}xample.vn",
            "an@\u{ff45}xample.vn",
            "an@-x.vn",
            "an@x-.vn",
            "an@x_y.vn",
            "an@x.123",
            &format!("an@{}.vn", "a".repeat(64)),
        ] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn names_with_invisible_or_bidi_characters_are_refused() {
        for bad in [
            "Nguy\u{202e}n Văn An",
            "Nguyễn\u{200b} Văn An",
            "Nguyễn Văn\u{200d} An",
            "\u{feff}Nguyễn Văn An",
            "Nguyễn Văn An\u{2066}",
            "Trần\u{00ad}Bình",
            "Lê \u{3164} Hoa",
            "Lê Hoa\u{e0041}",
            "Lê Hoa\u{fe0f}",
        ] {
            assert_eq!(FullName::parse(bad), Err(Problem::NameInvisible), "{bad:?}");
        }
        // Vietnamese, with combining accents (made NFC) or precomposed, and
        // other scripts' letters and marks stay accepted
        for good in [
            "Nguyễn Thị Ánh Tuyết",
            "Nguye\u{302}\u{303}n Va\u{306}n An",
            "H'Hen Niê",
            "Đặng Ngọc-Lan",
            "Ksor Y Ðức",
            "李 小龍",
        ] {
            assert!(FullName::parse(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn an_identifier_is_a_phone_unless_it_has_an_at_sign() {
        assert!(matches!(
            Identifier::parse("0905123456"),
            Ok(Identifier::Phone(_))
        ));
        assert!(matches!(
            Identifier::parse("a@b.vn"),
            Ok(Identifier::Email(_))
        ));
        assert_eq!(Identifier::parse("12345"), Err(Problem::PhoneInvalid));
        assert_eq!(Identifier::parse("a@b"), Err(Problem::EmailInvalid));
        assert_eq!(Identifier::parse("  "), Err(Problem::Required));
    }

    #[test]
    fn a_name_is_trimmed_and_normalised() {
        assert_eq!(
            FullName::parse("  Nguyễn   Văn  An ").unwrap().as_str(),
            "Nguyễn Văn An"
        );
        assert_eq!(FullName::parse(" "), Err(Problem::Required));
        assert_eq!(FullName::parse("A"), Err(Problem::NameTooShort));
        assert_eq!(FullName::parse(&"a".repeat(101)), Err(Problem::NameTooLong));
    }

    #[test]
    fn a_learner_role_is_implicit() {
        let viewer = Viewer {
            id: 1,
            full_name: "An".into(),
            identifier: "x".into(),
            roles: vec![Role::Editor],
        };
        assert!(viewer.has(Role::Learner) && viewer.has(Role::Editor) && !viewer.has(Role::Admin));
    }
}
