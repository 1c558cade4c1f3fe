//! What every island shares.

use crate::i18n::Lang;
use leptos::prelude::*;

/// The first thing every `#[island]` does. In the browser an island sees
/// none of the application's context, so it gets the interface language as
/// a prop and provides it to the components inside it ([`crate::app::use_lang`]).
/// Once hydrated it marks the page as interactive: `data-hydrated="true"` on
/// `<body>`, which the browser tests wait for. Pages without islands never
/// get the mark.
pub fn island_root(lang: Lang) {
    provide_context(lang);
    // Effects run only in the browser, after hydration.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
