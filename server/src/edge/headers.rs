//! Security headers on every response, and the one script nonce of each
//! response: made here, in the outermost layer, put in the request for the
//! render (and the page cache) to write into the page, and named in the
//! `Content-Security-Policy` of that same response.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// This response's script nonce, as a request extension.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    fn new() -> CspNonce {
        CspNonce(leptos::nonce::Nonce::new().as_inner().clone())
    }
}

/// What varies between deployments, and the policy text around the nonce
/// (made once: it is the same for every response).
#[derive(Clone, Debug)]
pub struct HeaderPolicy {
    /// Send `Strict-Transport-Security` (the site is served over HTTPS).
    hsts: bool,
    before_nonce: String,
    after_nonce: String,
}

impl HeaderPolicy {
    /// `hsts`: the site is served over HTTPS. `extra_img_src`: image sources
    /// allowed besides this site and `data:` (e.g. a CDN).
    pub fn new(hsts: bool, extra_img_src: &[String]) -> HeaderPolicy {
        let mut img = String::from("'self' data:");
        for source in extra_img_src {
            img.push(' ');
            img.push_str(source);
        }
        HeaderPolicy {
            hsts,
            before_nonce: "default-src 'self'; script-src 'self' 'nonce-".to_owned(),
            after_nonce: format!(
                "' 'wasm-unsafe-eval'; style-src 'self'; img-src {img}; font-src 'self'; \
                 connect-src 'self'; object-src 'none'; base-uri 'none'; \
                 frame-ancestors 'none'; form-action 'self'"
            ),
        }
    }

    /// The policy for a response whose scripts carry `nonce`: scripts only
    /// from this site or with the nonce (no `unsafe-inline`), wasm allowed to
    /// compile, styles only from this site (no inline `style=`), nothing
    /// framed, no plugins, no `<base>`, forms only to this site.
    pub fn content_security_policy(&self, nonce: &str) -> String {
        let mut csp =
            String::with_capacity(self.before_nonce.len() + nonce.len() + self.after_nonce.len());
        csp.push_str(&self.before_nonce);
        csp.push_str(nonce);
        csp.push_str(&self.after_nonce);
        csp
    }
}

/// Gives the request its nonce and the response its security headers.
pub async fn security_headers(
    State(policy): State<Arc<HeaderPolicy>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::new();
    request.extensions_mut().insert(nonce.clone());
    let signed_in = carries_session(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    private_to_its_reader(headers, signed_in);
    if let Ok(csp) = HeaderValue::from_str(&policy.content_security_policy(&nonce.0)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Whether the request carries a session cookie (well-formed or not).
fn carries_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookie| app::i18n::cookie_value(cookie, app::ssr::auth::SESSION_COOKIE).is_some())
}

/// A response to a request with a session may be made for that person (a
/// signed-in lesson, `/tai-khoan`, `/hoc-tap`, `/`): no shared cache nor the
/// browser's disk keeps it, unless the handler said how it may be kept
/// (hashed static files and images are the same for everyone). Pages depend
/// on the cookies too (the language, the session), which `Vary` says.
fn private_to_its_reader(headers: &mut HeaderMap, signed_in: bool) {
    if signed_in && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        headers.append(header::VARY, HeaderValue::from_static("cookie"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_to_a_session_are_private() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        private_to_its_reader(&mut headers, true);
        assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
        let vary: Vec<_> = headers.get_all(header::VARY).iter().collect();
        assert_eq!(vary, ["accept-encoding", "cookie"]);
        let mut image = HeaderMap::new();
        image.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        private_to_its_reader(&mut image, true);
        assert_eq!(
            image[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert!(!image.contains_key(header::VARY));
        let mut anonymous = HeaderMap::new();
        private_to_its_reader(&mut anonymous, false);
        assert!(!anonymous.contains_key(header::CACHE_CONTROL));
    }

    #[test]
    fn the_policy_names_the_nonce_and_forbids_inline_code() {
        let csp = HeaderPolicy::new(false, &[]).content_security_policy("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "style-src 'self';",
            "img-src 'self' data:;",
        ] {
            assert!(csp.contains(directive), "{directive}");
        }
        let policy = HeaderPolicy::new(true, &["https://anh.hocso.vn".to_owned()]);
        assert!(
            policy
                .content_security_policy("n")
                .contains("img-src 'self' data: https://anh.hocso.vn;")
        );
    }
}
