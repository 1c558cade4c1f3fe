//! Học Số: the leptos application shared by the server (feature `ssr`) and the
//! browser bundle (feature `hydrate`).
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, shell};

/// The wasm entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
