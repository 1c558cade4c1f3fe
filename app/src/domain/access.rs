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
    ("/bien-tap", Access::Role(Role::Editor)),
    ("/api/editor/", Access::Role(Role::Editor)),
    ("/quan-tri", Access::Role(Role::Admin)),
    ("/api/admin/", Access::Role(Role::Admin)),
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

/// A return address that stays on this site: a path, never `//host` or a URL.
pub fn safe_return_path(path: Option<&str>) -> &str {
    match path {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p
        }
        _ => "/",
    }
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
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_return_path(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_return_path(None), "/");
    }
}
