//! Markdown to safe HTML, once per content change (the result is stored).

use crate::domain::text::anchor;
use ammonia::Builder;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    for tag in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(tag, ["id"]);
    }
    // footnotes as pulldown-cmark writes them
    builder
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("li", ["id"])
        .add_tags(["section"])
        .add_tag_attributes("section", ["class"]);
    builder
});

/// Renders markdown with tables, footnotes, strikethrough and heading anchors,
/// then removes anything unsafe (scripts, event handlers, `javascript:` links…).
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let events = with_heading_anchors(events);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Gives every heading without an explicit `{#id}` an id made from its text,
/// unique within the document.
fn with_heading_anchors(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = HashSet::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            id: None, level, ..
        }) = &events[i]
        {
            let level: HeadingLevel = *level;
            let mut text = String::new();
            for event in &events[i + 1..] {
                match event {
                    Event::End(TagEnd::Heading(l)) if *l == level => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = match anchor(&text) {
                a if a.is_empty() => "muc".to_owned(),
                a => a,
            };
            let mut candidate = base.clone();
            while used.contains(&candidate) {
                let n = counts.entry(base.clone()).or_insert(1);
                *n += 1;
                candidate = format!("{base}-{n}");
            }
            used.insert(candidate.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(candidate.into());
            }
        }
        i += 1;
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_accent_free_anchors() {
        let html = render("## Bước 1: Mở ứng dụng\n\n## Bước 1: Mở ứng dụng\n");
        assert!(html.contains(r#"<h2 id="buoc-1-mo-ung-dung">"#), "{html}");
        assert!(html.contains(r#"<h2 id="buoc-1-mo-ung-dung-2">"#), "{html}");
    }

    #[test]
    fn tables_footnotes_and_strikethrough_are_rendered() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nChữ ~~gạch~~ và chú thích[^1].\n\n[^1]: Nguồn.\n",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gạch</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn scripts_and_javascript_links_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n[bấm](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn links_get_safe_rel() {
        let html = render("[Cổng DVC](https://dichvucong.gov.vn)");
        assert!(
            html.contains(r#"href="https://dichvucong.gov.vn""#),
            "{html}"
        );
        assert!(html.contains("noopener"), "{html}");
    }
}
