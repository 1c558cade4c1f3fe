//! The editors' area; the authoring panel fills it in a later version.

use super::Loading;
use crate::api::editor_overview;
use crate::app::use_lang;
use crate::components::{PageMeta, page_or_error};
use crate::i18n::Msg;
use leptos::prelude::*;

#[component]
pub fn EditorPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.text(lang);
    let overview = Resource::new(|| (), |()| editor_overview());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(overview.await, |o| view! {
                    <PageMeta title=t(Msg::EditorArea) description=t(Msg::EditorIntro)/>
                    <section class="wrap section">
                        <h1>{t(Msg::EditorArea)}</h1>
                        <p class="lead">{t(Msg::EditorIntro)}</p>
                        <h2>{t(Msg::ContentTotals)}</h2>
                        <dl class="facts">
                            <dt>{t(Msg::Courses)}</dt><dd>{o.courses}</dd>
                            <dt>{t(Msg::LessonList)}</dt><dd>{o.lessons}</dd>
                            <dt>{t(Msg::Articles)}</dt><dd>{o.articles}</dd>
                            <dt>{t(Msg::Quizzes)}</dt><dd>{o.quizzes}</dd>
                        </dl>
                    </section>
                })
            })}
        </Suspense>
    }
}
