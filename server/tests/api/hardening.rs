//! The HTTP edge seen from outside, as an attacker and an operator would:
//! bounded requests, security headers, redirects, proxies, attempt limits
//! shared between servers, and the second guard layer on its own.

use crate::helpers::{Backend, both_backends, spawn_app, spawn_app_configured, spawn_app_on};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PASSWORD: &str = "cây tre làng tôi xanh";

both_backends!(
    a_declared_huge_body_is_refused_at_once,
    a_streamed_huge_body_is_cut_off_without_growing_memory,
    a_slowloris_client_is_disconnected,
    every_response_carries_the_security_headers,
    hostile_return_targets_stay_on_this_site,
    a_forwarded_address_is_believed_only_from_a_trusted_proxy,
    two_servers_share_one_sign_in_limit,
    a_password_typed_in_nfd_signs_in_to_an_nfc_account,
    successful_sign_ins_never_count_towards_the_failure_limits,
    wrong_current_passwords_on_password_change_are_throttled,
    a_session_whose_security_version_moved_is_signed_out,
    metrics_are_served_to_allowed_addresses_only,
    protected_server_functions_refuse_on_their_own,
);

/// Reads what the server sends until it closes or `limit` passes.
async fn read_reply(stream: &mut TcpStream, limit: Duration) -> String {
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    while let Ok(Ok(n)) = tokio::time::timeout(
        deadline.saturating_duration_since(Instant::now()),
        stream.read(&mut buf),
    )
    .await
    {
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
        if reply.windows(4).any(|w| w == b"\r\n\r\n") && reply.len() > 64 {
            break;
        }
    }
    String::from_utf8_lossy(&reply).into_owned()
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

async fn a_declared_huge_body_is_refused_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut stream = TcpStream::connect(app.addr).await.expect("connect");
    let started = Instant::now();
    let head = format!(
        "POST /api/auth/sign_in HTTP/1.1\r\nhost: {0}\r\norigin: http://{0}\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: {1}\r\n\r\n",
        app.addr,
        10 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.expect("send head");
    let reply = read_reply(&mut stream, Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(reply.contains("quá lớn"), "{reply}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

async fn a_streamed_huge_body_is_cut_off_without_growing_memory(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = resident_kib();
    let stream = TcpStream::connect(app.addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /api/auth/register HTTP/1.1\r\nhost: {0}\r\norigin: http://{0}\r\n\
         content-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n",
        app.addr
    );
    writer.write_all(head.as_bytes()).await.expect("send head");
    let started = Instant::now();
    // 10 MB in 64 KiB chunks, sent while the answer is read
    let sender = tokio::spawn(async move {
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = 0usize;
        while sent < 10 * 1024 * 1024 {
            let frame = format!("{:x}\r\n", chunk.len());
            if writer.write_all(frame.as_bytes()).await.is_err()
                || writer.write_all(&chunk).await.is_err()
                || writer.write_all(b"\r\n").await.is_err()
            {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(10), reader.read(&mut buf)).await
    {
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
    }
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let sent = sender.await.expect("sender");
    assert!(
        sent < 10 * 1024 * 1024,
        "the server stopped reading ({sent} bytes sent)"
    );
    let grown = resident_kib().saturating_sub(before);
    assert!(grown < 5 * 1024, "memory grew by {grown} KiB");
}

async fn a_slowloris_client_is_disconnected(backend: Backend) {
    let app = spawn_app_configured(backend, |settings| {
        settings.edge.header_timeout = Duration::from_secs(2);
    })
    .await;
    let mut stream = TcpStream::connect(app.addr).await.expect("connect");
    let started = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n")
        .await
        .expect("request line");
    let mut closed = false;
    for byte in b"x-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        .iter()
        .cycle()
        .take(30)
    {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 256];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buf)).await
        {
            closed = true;
            break;
        }
    }
    assert!(closed, "the connection stayed open");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "closed only after {:?}",
        started.elapsed()
    );
    // and the server still serves everyone else
    assert_eq!(app.get("/").await.status, 200);
}

/// The nonce the CSP header allows.
fn csp_nonce(csp: &str) -> &str {
    let start = csp.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    &csp[start..start + csp[start..].find('\'').expect("closing quote")]
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let lesson = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";
    let mut nonces = Vec::new();
    for path in [
        "/",
        "/khoa-hoc",
        lesson,
        "/bai-viet",
        "/dang-nhap",
        "/khong-co-trang-nay",
    ] {
        let page = app.get(path).await;
        let header = |name: &str| {
            page.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{path}: no {name}"))
                .to_owned()
        };
        let csp = header("content-security-policy");
        for directive in [
            "'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "style-src 'self'",
            "img-src 'self' data:",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin");
        assert!(page.headers.get("strict-transport-security").is_none());
        let nonce = csp_nonce(&csp).to_owned();
        if page.status == 200 {
            // Reading pages have no script at all (islands mode); a page
            // with scripts gives each of them the CSP's nonce.
            let scripts: Vec<&str> = page
                .body
                .split("<script")
                .skip(1)
                .map(|rest| rest.split('>').next().unwrap_or(""))
                .collect();
            for tag in &scripts {
                assert!(
                    tag.contains(&format!(" nonce=\"{nonce}\"")),
                    "{path}: the page's scripts carry the CSP's nonce: <script{tag}>"
                );
            }
            assert_eq!(
                !scripts.is_empty(),
                path == "/dang-nhap",
                "{path}: scripts only where there are islands"
            );
            assert!(
                !page.body.contains(" style=\""),
                "{path}: inline style attribute"
            );
        }
        nonces.push(nonce);
    }
    // a page-cache hit gets its own nonce in the header
    app.wait_until_cached(lesson, app::i18n::Lang::Vi).await;
    for _ in 0..2 {
        let page = app.get(lesson).await;
        let csp = page.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = csp_nonce(&csp).to_owned();
        assert!(
            !page.body.contains("<script") && !page.body.contains("nonce="),
            "a cached reading page has no script, so no nonce to carry"
        );
        assert!(!nonces.contains(&nonce), "a nonce is never reused");
        nonces.push(nonce);
    }
    // server functions too
    let reply = app.visitor().call("/api/auth/me", &[]).await;
    assert!(reply.headers.contains_key("content-security-policy"));
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    // and HSTS when served over HTTPS
    let secure = spawn_app_configured(backend, |s| s.sessions.secure_cookie = true).await;
    let page = secure.get("/").await;
    assert!(
        page.headers["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}

async fn hostile_return_targets_stay_on_this_site(backend: Backend) {
    let app = spawn_app(backend).await;
    app.visitor()
        .register("Trần Văn Bình", "binh@example.vn", PASSWORD)
        .await;
    for hostile in [
        "//evil.example",
        "///evil.example",
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d%0a/evil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "/%2F%2Fevil.example",
        "/%252F%252Fevil.example",
        "https://evil.example",
        "http:evil.example",
        "%09//evil.example",
        "%20//evil.example",
        "/%E3%80%80/evil.example",
        "javascript:alert(1)",
    ] {
        let reply = app
            .visitor()
            .get(&format!("/ngon-ngu/en?tiep={hostile}"))
            .await;
        assert_eq!(reply.status, 303, "{hostile}");
        let to = reply.location();
        assert!(
            to.starts_with('/')
                && !to.starts_with("//")
                && !to.contains('\\')
                && !to.to_ascii_lowercase().contains("%2f")
                && !to.to_ascii_lowercase().contains("%5c")
                && !to.chars().any(|c| c.is_control() || c.is_whitespace()),
            "{hostile} → {to:?}"
        );
        // the sign-in form's return address goes through the same gate
        let form = app
            .visitor()
            .submit(
                "/dang-nhap",
                "/api/auth/sign_in",
                &[
                    ("identifier", "binh@example.vn"),
                    ("password", PASSWORD),
                    ("next", &urlencoding_decode(hostile)),
                ],
            )
            .await;
        assert!(matches!(form.status, 302 | 303), "{hostile}: {}", form.body);
        let to = form.location();
        assert!(
            to.starts_with('/') && !to.starts_with("//") && !to.contains('\\'),
            "{hostile} → {to:?}"
        );
    }
    let fine = app
        .visitor()
        .get("/ngon-ngu/en?tiep=/bai-viet%3Ftrang%3D2")
        .await;
    assert_eq!(fine.location(), "/bai-viet?trang=2");
}

/// `%XX` escapes decoded, as a form field would arrive.
fn urlencoding_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn a_forwarded_address_is_believed_only_from_a_trusted_proxy(backend: Backend) {
    // Registration allows 10 per address: 12 people behind a trusted proxy,
    // each with their own forwarded address, all get through...
    let behind_proxy = spawn_app_configured(backend, |s| {
        s.edge.trusted_proxies =
            hocso::edge::client::TrustedProxies::parse("127.0.0.1/32, ::1").unwrap();
    })
    .await;
    let register = |app: &crate::helpers::TestApp, i: usize, forwarded: String| {
        let client = reqwest::Client::new();
        let url = app.url("/api/auth/register");
        let origin = format!("http://{}", app.addr);
        async move {
            client
                .post(url)
                .header("origin", origin)
                .header("accept", "application/json")
                .header("x-forwarded-for", forwarded)
                .form(&[
                    ("full_name", "Người Dân"),
                    ("identifier", format!("dan{i}@example.vn").as_str()),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ])
                .send()
                .await
                .expect("POST")
                .status()
                .as_u16()
        }
    };
    for i in 0..12 {
        // the client wrote its own fake entry first; the proxy appended the real one
        let status = register(&behind_proxy, i, format!("198.51.100.1, 203.0.113.{i}")).await;
        assert_eq!(status, 200, "person {i}");
    }
    // ...while without trust the header is ignored and the 11th is refused
    let direct = spawn_app(backend).await;
    let mut statuses = Vec::new();
    for i in 0..11 {
        statuses.push(register(&direct, i, format!("203.0.113.{i}")).await);
    }
    assert_eq!(&statuses[..10], &[200; 10]);
    assert_eq!(statuses[10], 429);
    // IPv6 clients behind the proxy are counted by their /64
    let mut statuses = Vec::new();
    for i in 0..11 {
        statuses.push(register(&behind_proxy, 100 + i, format!("2001:db8:7:7::{i:x}")).await);
    }
    assert_eq!(statuses[10], 429, "{statuses:?}");
}

async fn two_servers_share_one_sign_in_limit(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_app_on(backend, &first).await;
    first
        .visitor()
        .register("Lê Thị Hồng", "0912 000 111", PASSWORD)
        .await;
    let (a, b) = (first.visitor(), second.visitor());
    for attempt in 0..5 {
        let guesser = if attempt % 2 == 0 { &a } else { &b };
        let reply = guesser
            .sign_in("0912000111", &format!("đoán {attempt}"))
            .await;
        assert_eq!(reply.status, 422, "attempt {attempt}");
    }
    assert_eq!(a.sign_in("0912000111", "đoán 5").await.status, 429);
    assert_eq!(b.sign_in("0912000111", "đoán 6").await.status, 429);
}

async fn a_password_typed_in_nfd_signs_in_to_an_nfc_account(backend: Backend) {
    use unicode_normalization::UnicodeNormalization;
    let app = spawn_app(backend).await;
    let composed = "Mật khẩu của tôi";
    let decomposed: String = composed.nfd().collect();
    assert_ne!(composed, decomposed);
    let reply = app
        .visitor()
        .register("Đỗ Văn Hải", "hai@example.vn", composed)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let other_phone = app.visitor();
    assert_eq!(
        other_phone
            .sign_in("hai@example.vn", &decomposed)
            .await
            .status,
        200
    );
    assert_eq!(other_phone.me().await["full_name"], "Đỗ Văn Hải");
}

async fn successful_sign_ins_never_count_towards_the_failure_limits(backend: Backend) {
    // (they take slots of the generous per-address limit of all sign-ins:
    // 30 at once by default; see tests/api/throttles.rs)
    let app = spawn_app(backend).await;
    app.visitor()
        .register("Phan Văn Đức", "0933 111 222", PASSWORD)
        .await;
    let visitor = app.visitor();
    for round in 0..25 {
        assert_eq!(
            visitor.sign_in("0933111222", PASSWORD).await.status,
            200,
            "sign-in {round}"
        );
    }
    for attempt in 0..4 {
        assert_eq!(
            visitor.sign_in("0933111222", "sai rồi").await.status,
            422,
            "failure {attempt}"
        );
    }
    assert_eq!(visitor.sign_in("0933111222", PASSWORD).await.status, 200);
}

async fn wrong_current_passwords_on_password_change_are_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    visitor
        .register("Hồ Thị Mai", "mai@example.vn", PASSWORD)
        .await;
    let mut statuses = Vec::new();
    for attempt in 0..20 {
        let reply = visitor
            .call(
                "/api/account/password",
                &[
                    ("current_password", &format!("đoán {attempt}")),
                    ("password", "một mật khẩu mới dài"),
                    ("password_confirm", "một mật khẩu mới dài"),
                ],
            )
            .await;
        statuses.push(reply.status);
    }
    assert_eq!(&statuses[..5], &[422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // even the right password now waits
    let reply = visitor
        .call(
            "/api/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "một mật khẩu mới dài"),
                ("password_confirm", "một mật khẩu mới dài"),
            ],
        )
        .await;
    assert_eq!(reply.status, 429);
    assert_eq!(
        reply.json(),
        serde_json::json!({"TooManyAttempts": {"minutes": 3}})
    );
}

async fn a_session_whose_security_version_moved_is_signed_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    visitor
        .register("Vũ Văn Nam", "nam@example.vn", PASSWORD)
        .await;
    let id = visitor.me().await["id"].as_i64().expect("signed in");
    // as if a password change happened elsewhere and deleting this session failed
    sqlx::query("UPDATE users SET security_version = security_version + 1 WHERE id = $1")
        .bind(id)
        .execute(app.db.pool())
        .await
        .expect("bump");
    assert_eq!(visitor.me().await, serde_json::Value::Null);
    let page = visitor.get("/tai-khoan").await;
    assert_eq!(page.status, 303);
}

async fn metrics_are_served_to_allowed_addresses_only(backend: Backend) {
    let app = spawn_app_configured(backend, |s| {
        s.edge.trusted_proxies = hocso::edge::client::TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await;
    let lesson = "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp";
    app.get(lesson).await;
    app.wait_until_cached(lesson, app::i18n::Lang::Vi).await;
    app.get(lesson).await;
    let metrics = app.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    for name in [
        "hocso_http_requests_total{route=\"Reading\",status=\"200\"}",
        "hocso_http_request_duration_seconds_bucket",
        "hocso_page_cache_hits_total",
        "hocso_page_cache_misses_total",
        "hocso_views_pending",
        "hocso_db_pool_connections",
        "hocso_password_hashes_waiting",
    ] {
        assert!(metrics.body.contains(name), "{name} in\n{}", metrics.body);
    }
    // a client forwarded by the (trusted) proxy is not the monitoring system
    let outside = app
        .get_with("/metrics", &[("x-forwarded-for", "203.0.113.9")])
        .await;
    assert_eq!(outside.status, 404);
}

/// The second guard layer on its own: every protected server function, called
/// through a router that has sessions but no access-policy middleware, still
/// refuses an anonymous visitor and a learner without the role.
async fn protected_server_functions_refuse_on_their_own(backend: Backend) {
    use app::domain::access::{Access, required_access};
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    let app = spawn_app(backend).await;
    let learner = app.visitor();
    learner
        .register("Học Viên", "hocvien@example.vn", PASSWORD)
        .await;
    let session = learner.session_id().expect("session");

    let state = app.state.clone();
    let store = app::ssr::auth::DbSessionStore::new(app.db.clone());
    let unguarded = axum::Router::new()
        .route(
            "/api/{*name}",
            axum::routing::post(move |request: Request<Body>| {
                let state = state.clone();
                leptos_axum::handle_server_fns_with_context(
                    move || leptos::prelude::provide_context(state.clone()),
                    request,
                )
            }),
        )
        .layer(
            tower_sessions::SessionManagerLayer::new(store)
                .with_name(app::ssr::auth::SESSION_COOKIE),
        );
    // every argument any protected function takes, so that each reaches its guard
    let form = "user_id=1&role=editor&grant=true&q=a&back=%2F&full_name=A+B&current_password=x\
                &password=x&password_confirm=x&confirm=x&identifier=a%40b.vn&id=1\
                &kind=article&action=archive&title=A&slug=a&body=x&base=1&number=1&from=1&to=2\
                &format=vn&text=x&kept=0&changed=false&unit_id=1";
    let mut checked = 0;
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let access = required_access(path);
        if access == Access::Public {
            continue;
        }
        for cookie in [None, Some(&session)] {
            let mut request = Request::post(path)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json");
            if let Some(id) = cookie {
                request =
                    request.header("cookie", format!("{}={id}", app::ssr::auth::SESSION_COOKIE));
            }
            let response = unguarded
                .clone()
                .oneshot(request.body(Body::from(form)).unwrap())
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            let body = String::from_utf8_lossy(&body);
            match (cookie, access) {
                (None, _) => {
                    assert_eq!(status, 401, "{path} anonymous: {body}");
                    assert!(body.contains("Unauthorized"), "{path}: {body}");
                }
                (Some(_), Access::Role(_)) => {
                    assert_eq!(status, 403, "{path} as a learner: {body}");
                    assert!(body.contains("Forbidden"), "{path}: {body}");
                }
                // signed-in functions admit a learner
                (Some(_), _) => continue,
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} refusals checked");
}
