//! The header's account corner as HTML: who is signed in and their entry
//! points (account, editing, administration, sign out), or the sign-in and
//! register links. One function makes it for the full render and for the
//! page cache, which serves signed-in readers the cached page with this
//! part filled in for them.

use crate::api::SignOut;
use crate::domain::{Role, Viewer};
use crate::i18n::{Lang, Msg};
use leptos::server_fn::ServerFn;

/// The inside of `<div class="user-menu">` for `viewer` (or nobody).
pub fn user_menu_html(viewer: Option<&Viewer>, lang: Lang) -> String {
    let t = |msg: Msg| html_escape::encode_text(msg.text(lang)).into_owned();
    match viewer {
        None => format!(
            r#"<a href="/dang-nhap">{}</a><a href="/dang-ky">{}</a>"#,
            t(Msg::SignIn),
            t(Msg::Register)
        ),
        Some(viewer) => {
            let mut html = format!(
                r#"<span class="signed-in" data-signed-in="true"><span class="visually-hidden">{}: </span><a href="/tai-khoan" class="user-name">{}</a></span>"#,
                t(Msg::SignedInAs),
                html_escape::encode_text(&viewer.full_name)
            );
            html.push_str(&format!(
                r#"<a href="/hoc-tap" class="entry">{}</a>"#,
                t(Msg::MyLearning)
            ));
            if viewer.has(Role::Editor) || viewer.has(Role::Admin) {
                html.push_str(&format!(
                    r#"<a href="/bien-tap" class="entry">{}</a>"#,
                    t(Msg::EditorArea)
                ));
            }
            if viewer.has(Role::Admin) {
                html.push_str(&format!(
                    r#"<a href="/quan-tri" class="entry">{}</a>"#,
                    t(Msg::AdminArea)
                ));
            }
            html.push_str(&format!(
                r#"<form class="inline-form" method="post" action="{}"><button class="link-button" type="submit">{}</button></form>"#,
                SignOut::PATH,
                t(Msg::SignOut)
            ));
            html
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(name: &str, roles: Vec<Role>) -> Viewer {
        Viewer {
            id: 7,
            full_name: name.into(),
            identifier: "0905 123 456".into(),
            roles,
        }
    }

    #[test]
    fn nobody_gets_the_sign_in_and_register_links() {
        let html = user_menu_html(None, Lang::Vi);
        assert!(
            html.contains(r#"href="/dang-nhap">Đăng nhập</a>"#),
            "{html}"
        );
        assert!(!html.contains("data-signed-in"));
    }

    #[test]
    fn a_name_is_escaped_and_entries_follow_roles() {
        let html = user_menu_html(Some(&viewer("An <b>&", vec![])), Lang::Vi);
        assert!(html.contains("An &lt;b&gt;&amp;"), "{html}");
        assert!(!html.contains("/bien-tap"));
        assert!(html.contains(r#"action="/api/auth/sign_out""#), "{html}");
        let admin = user_menu_html(Some(&viewer("Quản Trị", vec![Role::Admin])), Lang::En);
        assert!(
            admin.contains("/bien-tap") && admin.contains("/quan-tri"),
            "{admin}"
        );
    }
}
