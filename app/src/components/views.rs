use crate::app::use_lang;
use crate::i18n::Counted;
use leptos::prelude::*;

/// "1.302.114 lượt xem", carrying the exact number in `data-views`. The
/// page cache fills in the whole phrase, word included (the English word
/// depends on the number).
#[component]
pub fn ViewCount(views: u64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="views" data-views=views.to_string()>
            {Counted::Views.phrase(views, lang)}
        </span>
    }
}

/// "6 phút đọc".
#[component]
pub fn ReadingTime(minutes: u32) -> impl IntoView {
    let lang = use_lang();
    view! { <span class="reading-time">{Counted::MinutesRead.phrase(minutes, lang)}</span> }
}
