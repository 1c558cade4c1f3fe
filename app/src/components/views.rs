use crate::app::use_lang;
use crate::domain::format_count;
use crate::i18n::Msg;
use leptos::prelude::*;

/// "1.302.114 lượt xem", carrying the exact number in `data-views`.
#[component]
pub fn ViewCount(views: u64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="views" data-views=views.to_string()>
            {format!("{} {}", format_count(views, lang), Msg::Views.text(lang))}
        </span>
    }
}

/// "6 phút đọc".
#[component]
pub fn ReadingTime(minutes: u32) -> impl IntoView {
    let lang = use_lang();
    view! { <span class="reading-time">{format!("{minutes} {}", Msg::Minutes.text(lang))}</span> }
}
