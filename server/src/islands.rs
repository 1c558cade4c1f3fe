//! The server side of leptos' islands mode: a page without islands carries no
//! script at all.
//!
//! leptos appends the render's serialized data to every page, after
//! `</html>`: inline `<script>`s such as `__RESOLVED_RESOURCES=[…]`, which
//! only islands read in the browser. A page without islands
//! ([`app::app::page_is_interactive`]) loads no bundle to read them with, so
//! they are cut off here. Reading pages (and the page cache's templates,
//! which are rendered through this layer) are then HTML and CSS alone.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// More than any page we render; past it the page is refused, not cut.
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Removes the serialized data from HTML pages that have no islands, and
/// the bundle's preload links from pages that have some.
pub async fn drop_hydration_data(request: Request, next: Next) -> Response {
    let interactive = app::app::page_is_interactive(request.uri().path());
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let page = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(page) => page,
        Err(e) => {
            tracing::error!(error = %e, "page body unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let kept = if interactive {
        axum::body::Bytes::from(without_bundle_preloads(&page))
    } else {
        page.slice(..document_end(&page))
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(kept.len()));
    Response::from_parts(parts, Body::from(kept))
}

/// `page` without `<link rel="modulepreload">` and `<link rel="preload" …
/// as="fetch">` (the bundle's JS and wasm). Islands hydrate when the browser
/// is idle anyway; preloaded, the ~180 KB of wasm competes with the
/// stylesheet on a slow network and delays the first paint (Lighthouse's
/// LCP on the sign-in page went from 1.95 s to 0.90 s). The forms work without
/// it meanwhile.
fn without_bundle_preloads(page: &[u8]) -> Vec<u8> {
    const PRELOADS: [&[u8]; 2] = [b"<link rel=\"modulepreload\"", b"<link rel=\"preload\""];
    let mut out = Vec::with_capacity(page.len());
    let mut rest = page;
    loop {
        let next = PRELOADS
            .iter()
            .filter_map(|p| rest.windows(p.len()).position(|w| w == *p))
            .min();
        let Some(at) = next else { break };
        let Some(end) = rest[at..].iter().position(|b| *b == b'>') else {
            break;
        };
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at + end + 1..];
    }
    out.extend_from_slice(rest);
    out
}

/// Where the document ends when only scripts follow its `</html>`; else
/// the whole length.
fn document_end(page: &[u8]) -> usize {
    const END: &[u8] = b"</html>";
    page.windows(END.len())
        .rposition(|window| window == END)
        .map(|at| at + END.len())
        .filter(|&end| only_scripts_and_markers(&page[end..]))
        .unwrap_or(page.len())
}

/// Whether `rest` holds nothing but `<script>…</script>` blocks, hydration
/// markers (`<!>`, comments) and white space, as leptos leaves after a page.
fn only_scripts_and_markers(mut rest: &[u8]) -> bool {
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() {
            return true;
        }
        let skip = if rest.starts_with(b"<script") {
            rest.windows(9)
                .position(|w| w == b"</script>")
                .map(|at| at + 9)
        } else if rest.starts_with(b"<!") {
            rest.iter().position(|b| *b == b'>').map(|at| at + 1)
        } else {
            None
        };
        match skip {
            Some(n) => rest = &rest[n..],
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{document_end, without_bundle_preloads};

    #[test]
    fn the_bundle_is_not_preloaded() {
        let page = br#"<head><link rel="stylesheet" href="/pkg/a.css"><link rel="modulepreload" href="/pkg/a.js" crossorigin="n"><link rel="preload" href="/pkg/a.wasm" as="fetch" type="application/wasm" crossorigin="n"><script type="module" nonce="n">x</script></head>"#;
        assert_eq!(
            without_bundle_preloads(page),
            br#"<head><link rel="stylesheet" href="/pkg/a.css"><script type="module" nonce="n">x</script></head>"#
        );
    }

    #[test]
    fn only_the_scripts_after_the_document_are_cut() {
        let page = b"<html><body><p>x</p></body></html><script nonce=\"n\">__RESOLVED_RESOURCES=[];</script><script>__INCOMPLETE_CHUNKS=[];</script>";
        assert_eq!(
            &page[..document_end(page)],
            b"<html><body><p>x</p></body></html>"
        );
        let marked = b"<html><body></body><!></html><!><script nonce=\"n\">x</script><!>";
        assert_eq!(
            &marked[..document_end(marked)],
            b"<html><body></body><!></html>"
        );
        for whole in [
            &b"<html><body></body></html>"[..],
            b"<html></html>\n<p>after</p>",
            b"no document",
        ] {
            assert_eq!(document_end(whole), whole.len());
        }
    }
}
