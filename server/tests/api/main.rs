//! Integration tests: the real server on a free port, a fresh real database per
//! test, for each backend. PostgreSQL must be reachable at
//! `HOCSO_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! the tests fail, never skip, when it is not. `TEST_LOG=1` shows server logs.

mod helpers;

mod accounts;
mod assignments;
mod authoring;
mod backup;
mod content;
mod demo;
mod editorial;
mod hardening;
mod health;
mod history;
mod i18n;
mod images;
mod import;
mod islands;
mod language;
mod learning;
mod officials;
mod one_process;
mod page_cache;
mod privacy;
mod quiz_import;
mod renders;
mod security;
mod throttles;
mod units;
mod views;
