//! Who may reach what. The table is enforced twice: by the HTTP access
//! policy in front of every request, and by each server function's own guard
//! (server-side rendering calls server functions directly, not over HTTP).

use super::{Role, Viewer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    Role(Role),
}

/// Why access was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in (401; pages redirect to sign-in).
    SignInRequired,
    /// Signed in without the role (403).
    Forbidden,
}

/// Pages and server-function prefixes that need more than public access.
pub const PROTECTED: &[(&str, Access)] = &[
    ("/tai-khoan", Access::SignedIn),
    ("/api/account/", Access::SignedIn),
    ("/hoc-tap", Access::SignedIn),
    ("/viec-can-lam", Access::SignedIn),
    // managers and admins; the dashboard is scoped to the viewer's units
    ("/theo-doi", Access::SignedIn),
    ("/api/learner/", Access::SignedIn),
    ("/bien-tap", Access::Role(Role::Editor)),
    ("/api/editor/", Access::Role(Role::Editor)),
    ("/quan-tri", Access::Role(Role::Admin)),
    ("/api/admin/", Access::Role(Role::Admin)),
    // a unit's manager: each function checks the unit is in their scope
    ("/api/manager/", Access::SignedIn),
];

/// The access a path needs: a page and everything under it, or a prefix of server functions.
pub fn required_access(path: &str) -> Access {
    PROTECTED
        .iter()
        .find(|(prefix, _)| {
            if prefix.ends_with('/') {
                path.starts_with(prefix)
            } else {
                path == *prefix
                    || path
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        })
        .map_or(Access::Public, |(_, access)| *access)
}

impl Access {
    pub fn check(self, viewer: Option<&Viewer>) -> Result<(), Denied> {
        match (self, viewer) {
            (Access::Public, _) => Ok(()),
            (_, None) => Err(Denied::SignInRequired),
            (Access::SignedIn, Some(_)) => Ok(()),
            // admins oversee everything editors do
            (Access::Role(Role::Editor), Some(v)) if v.has(Role::Editor) || v.has(Role::Admin) => {
                Ok(())
            }
            (Access::Role(role), Some(v)) if v.has(role) => Ok(()),
            (Access::Role(_), Some(_)) => Err(Denied::Forbidden),
        }
    }
}

/// The one gate for every redirect target taken from a request (the
/// language switch's `?tiep=`, sign-in's return address): a path on this
/// site, or `/`. Refused: anything a browser could turn into another origin
/// (`//host`, `/\host`, `\host`, a scheme), control characters and whitespace
/// raw or percent-encoded (`/%09/host` or `/\t/host` become `//host` in a
/// browser), and encoded slashes and backslashes. Non-ASCII characters are
/// percent-encoded so the answer is always a valid `Location`.
pub fn safe_return_path(path: Option<&str>) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let Some(path) = path else {
        return Cow::Borrowed("/");
    };
    let bytes = path.as_bytes();
    let hostile_byte = |b: u8| b.is_ascii_control() || b == b'\\' || b == b' ';
    let hostile_escape = |at: usize| {
        let hex = |i: usize| {
            bytes
                .get(i)
                .and_then(|b| char::from(*b).to_digit(16))
                .and_then(|d| u8::try_from(d).ok())
        };
        match (hex(at + 1), hex(at + 2)) {
            (Some(high), Some(low)) => {
                let b = high * 16 + low;
                hostile_byte(b) || b == b'/' || b == 0x7f
            }
            // a stray `%` is not a valid escape
            _ => true,
        }
    };
    let safe = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !bytes.iter().any(|b| hostile_byte(*b))
        && !path.chars().any(char::is_whitespace)
        && !bytes
            .iter()
            .enumerate()
            .any(|(at, b)| *b == b'%' && hostile_escape(at));
    if !safe {
        return Cow::Borrowed("/");
    }
    if path.is_ascii() {
        return Cow::Borrowed(path);
    }
    let mut encoded = String::with_capacity(path.len() * 2);
    for c in path.chars() {
        if c.is_ascii() {
            encoded.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Cow::Owned(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(roles: &[Role]) -> Viewer {
        Viewer {
            id: 1,
            full_name: "An".into(),
            identifier: "x".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn pages_and_their_subpages_are_protected() {
        assert_eq!(required_access("/quan-tri"), Access::Role(Role::Admin));
        assert_eq!(
            required_access("/quan-tri/nguoi-dung"),
            Access::Role(Role::Admin)
        );
        assert_eq!(required_access("/quan-tri-vien"), Access::Public);
        assert_eq!(
            required_access("/api/admin/role"),
            Access::Role(Role::Admin)
        );
        assert_eq!(required_access("/tai-khoan"), Access::SignedIn);
        assert_eq!(required_access("/khoa-hoc"), Access::Public);
    }

    #[test]
    fn each_role_gets_exactly_its_access() {
        let editor = Access::Role(Role::Editor);
        let admin = Access::Role(Role::Admin);
        assert_eq!(editor.check(None), Err(Denied::SignInRequired));
        assert_eq!(editor.check(Some(&viewer(&[]))), Err(Denied::Forbidden));
        assert_eq!(editor.check(Some(&viewer(&[Role::Editor]))), Ok(()));
        assert_eq!(editor.check(Some(&viewer(&[Role::Admin]))), Ok(()));
        assert_eq!(
            admin.check(Some(&viewer(&[Role::Editor]))),
            Err(Denied::Forbidden)
        );
        assert_eq!(Access::SignedIn.check(Some(&viewer(&[]))), Ok(()));
    }

    #[test]
    fn return_paths_never_leave_the_site() {
        assert_eq!(safe_return_path(Some("/tai-khoan")), "/tai-khoan");
        assert_eq!(
            safe_return_path(Some("/bai-viet?q=100%25&trang=2#muc")),
            "/bai-viet?q=100%25&trang=2#muc"
        );
        assert_eq!(
            safe_return_path(Some("/tim?q=hà nội".replace(' ', "+").as_str())),
            "/tim?q=h%C3%A0+n%E1%BB%99i"
        );
        for hostile in [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "http:/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "/%5c%5cevil.example",
            "/\u{3000}/evil.example",
            "/%zz",
            "",
        ] {
            assert_eq!(safe_return_path(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_return_path(None), "/");
    }
}
