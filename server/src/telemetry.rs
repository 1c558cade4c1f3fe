use tracing_subscriber::EnvFilter;

/// Logs to stderr, filtered by `RUST_LOG` (default: `info`, quieter for dependencies).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn,leptos_axum=warn"));
    // Ignore a second initialisation (tests start several servers in one process).
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
