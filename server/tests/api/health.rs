use crate::helpers::{Backend, both_backends, spawn_app};

both_backends!(
    health_check_answers_when_the_database_does,
    html_is_compressed_for_browsers_that_ask
);

async fn health_check_answers_when_the_database_does(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/healthz").await;
    assert_eq!(page.status, 200);
    app.db.close().await;
    assert_eq!(
        app.get("/healthz").await.status,
        503,
        "a closed database is reported"
    );
}

async fn html_is_compressed_for_browsers_that_ask(backend: Backend) {
    let app = spawn_app(backend).await;
    for encoding in ["br", "gzip"] {
        let page = app
            .get_with("/khoa-hoc", &[("accept-encoding", encoding)])
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.headers
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some(encoding)
        );
    }
}
