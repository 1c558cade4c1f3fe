//! Học Số: the leptos application shared by the server (feature `ssr`) and the
//! browser bundle (feature `hydrate`). Pages are rendered on the server in
//! leptos' islands mode: only `#[island]` components (the forms) are compiled
//! into the browser bundle and hydrated, and only pages that contain one load
//! it (see [`app::page_is_interactive`]).
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
#[cfg(test)]
mod hostile;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, shell};

/// The wasm entry point, run by leptos' island loader before it hydrates
/// each `#[island]` on the page; the rest of the page stays server HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
