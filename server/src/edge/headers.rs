//! Security headers on every response, and the one script nonce of each
//! response: made here, in the outermost layer, put in the request for the
//! render (and the page cache) to write into the page, and named in the
//! `Content-Security-Policy` of that same response.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
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

/// What varies between deployments.
#[derive(Clone, Debug, Default)]
pub struct HeaderPolicy {
    /// Send `Strict-Transport-Security` (the site is served over HTTPS).
    pub hsts: bool,
    /// Image sources allowed besides this site and `data:` (e.g. a CDN).
    pub extra_img_src: Vec<String>,
}

impl HeaderPolicy {
    /// The policy for a response whose scripts carry `nonce`: scripts only
    /// from this site or with the nonce (no `unsafe-inline`), wasm allowed to
    /// compile, styles only from this site (no inline `style=`), nothing
    /// framed, no plugins, no `<base>`, forms only to this site.
    pub fn content_security_policy(&self, nonce: &str) -> String {
        let mut img = String::from("'self' data:");
        for source in &self.extra_img_src {
            img.push(' ');
            img.push_str(source);
        }
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src {img}; font-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
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
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_forbids_inline_code() {
        let csp = HeaderPolicy::default().content_security_policy("abc");
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
        let policy = HeaderPolicy {
            hsts: true,
            extra_img_src: vec!["https://anh.hocso.vn".into()],
        };
        assert!(
            policy
                .content_security_policy("n")
                .contains("img-src 'self' data: https://anh.hocso.vn;")
        );
    }
}
