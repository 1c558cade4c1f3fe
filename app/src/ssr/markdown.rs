//! Markdown to safe HTML, once per content change (the result is stored).

use crate::domain::text::anchor;
use crate::i18n::Msg;
use ammonia::Builder;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

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

/// The largest markdown text rendered, in bytes (256 KiB; the editors' form
/// takes 200,000 bytes). Checked before parsing.
pub const MAX_BYTES: usize = 256 * 1024;

/// The deepest nesting of lists and block quotes taken, as
/// [`nesting_depth`] estimates it before parsing: 20,000 nested list items
/// took seconds of a render thread; a lesson needs a handful.
pub const MAX_DEPTH: usize = 40;

/// How long parsing one text may take before the render gives up.
pub const RENDER_BUDGET: Duration = Duration::from_secs(2);

/// The most elements (paragraphs, list items, links, emphasis…) one text
/// may make. The sanitizer's HTML parsing costs about the same per element
/// and cannot be interrupted, so its time is bounded by bounding this
/// before it runs: 250,000 nested items took 5 s of a debug build, the
/// limit a tenth of a second of a release one. A long lesson makes a few
/// thousand.
pub const MAX_ELEMENTS: usize = 50_000;

/// Elements whose content an HTML parser reads as raw text up to their end
/// tag (or to the end of the text when there is none), and which the
/// sanitizer then drops with everything inside: a stray `<style>` in a
/// lesson would silently remove the rest of the page. Written in markdown,
/// they are shown as text instead, with a warning to the editor.
const RAW_TEXT_TAGS: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
];

/// Why a markdown text is not rendered. The messages are for editors.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MarkdownError {
    #[error("{} {} KB.", Msg::MarkdownTooLarge.vi(), MAX_BYTES / 1024)]
    TooLarge,
    #[error("{} {line}: {} {}.", Msg::MarkdownLine.vi(), Msg::MarkdownTooDeep.vi(), MAX_DEPTH)]
    TooDeep {
        /// The line (from 1) where the nesting goes too deep.
        line: usize,
    },
    /// More than [`MAX_ELEMENTS`] elements, or parsing over [`RENDER_BUDGET`].
    #[error("{}", Msg::MarkdownTooComplex.vi())]
    TooComplex,
}

impl MarkdownError {
    /// The line of the text the problem is on, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            MarkdownError::TooDeep { line } => Some(*line),
            _ => None,
        }
    }
}

/// A raw-text element written in the markdown, shown as text (see
/// [`RAW_TEXT_TAGS`]): its name and line (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawTag {
    pub tag: String,
    pub line: usize,
}

impl RawTag {
    /// The warning shown to the editor, in Vietnamese.
    pub fn warning(&self) -> String {
        format!(
            "{} {}: {} <{}> {}",
            Msg::MarkdownLine.vi(),
            self.line,
            Msg::MarkdownRawTagBefore.vi(),
            self.tag,
            Msg::MarkdownRawTagAfter.vi()
        )
    }
}

/// Sanitised HTML and what the editor should be told about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub raw_tags: Vec<RawTag>,
}

/// Renders markdown with tables, footnotes, strikethrough and heading anchors,
/// then removes anything unsafe (scripts, event handlers, `javascript:` links…).
/// A text over the limits ([`check`]) renders as nothing; imports and saves
/// check first and refuse it with the reason.
pub fn render(markdown: &str) -> String {
    render_with_images(markdown, &|_| None)
}

/// Like [`render`], and every image whose URL `size_of` knows (as written in
/// the markdown, e.g. `/anh/<hex>.webp`) gets its `width` and `height`, so the
/// page does not jump while it loads, and is loaded lazily. The editors'
/// preview and the public page both call this, so they cannot differ.
pub fn render_with_images(markdown: &str, size_of: &dyn Fn(&str) -> Option<(u32, u32)>) -> String {
    render_checked(markdown, size_of)
        .map(|rendered| rendered.html)
        .unwrap_or_default()
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// The limits, cheapest first: size and nesting depth before any parsing,
/// then the elements the text makes (a parse without rendering, within
/// [`RENDER_BUDGET`]). Saves and imports call this, so a text that would not
/// render is refused with its reason instead of published empty.
pub fn check(markdown: &str) -> Result<(), MarkdownError> {
    if markdown.len() > MAX_BYTES {
        return Err(MarkdownError::TooLarge);
    }
    if let Some((depth, line)) = nesting_depth(markdown)
        && depth > MAX_DEPTH
    {
        return Err(MarkdownError::TooDeep { line });
    }
    let started = Instant::now();
    let mut elements = 0;
    for (n, event) in Parser::new_ext(markdown, OPTIONS).enumerate() {
        if n % 1024 == 0 && started.elapsed() > RENDER_BUDGET {
            return Err(MarkdownError::TooComplex);
        }
        if matches!(
            event,
            Event::Start(_) | Event::Html(_) | Event::InlineHtml(_)
        ) {
            elements += 1;
            if elements > MAX_ELEMENTS {
                return Err(MarkdownError::TooComplex);
            }
        }
    }
    Ok(())
}

/// [`render_with_images`] with its limits and warnings: refused over
/// [`MAX_BYTES`] or [`MAX_DEPTH`] (before parsing), over [`MAX_ELEMENTS`]
/// (before sanitizing) or when parsing takes longer than [`RENDER_BUDGET`];
/// raw-text elements shown as text and named.
pub fn render_checked(
    markdown: &str,
    size_of: &dyn Fn(&str) -> Option<(u32, u32)>,
) -> Result<Rendered, MarkdownError> {
    check(markdown)?;
    let started = Instant::now();
    let (markdown, raw_tags) = raw_tags_as_text(markdown, started)?;
    let mut events: Vec<Event<'_>> = Vec::new();
    for (n, event) in Parser::new_ext(&markdown, OPTIONS).enumerate() {
        if n % 1024 == 0 && started.elapsed() > RENDER_BUDGET {
            return Err(MarkdownError::TooComplex);
        }
        events.push(event);
    }
    // anchors first: they read the alt text of images inside headings
    let events = with_heading_anchors(events);
    let events = with_image_sizes(events, size_of);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    Ok(Rendered {
        html: SANITIZER.clean(&unsafe_html).to_string(),
        raw_tags,
    })
}

/// The deepest nesting of block quotes and list items a line opens, with
/// its line (from 1), estimated without parsing: the container markers
/// (`>`, `-`, `*`, `+`, `1.`, `1)`) at the start of a line, plus the
/// indentation before them in steps of two columns. Fenced code is skipped; a line that
/// is only dashes, stars or underscores is a rule, not a list.
pub fn nesting_depth(markdown: &str) -> Option<(usize, usize)> {
    let mut deepest: Option<(usize, usize)> = None;
    let mut fence: Option<(u8, usize)> = None;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let fence_of = |text: &str| {
            let ch = *text.as_bytes().first()?;
            let run = text.bytes().take_while(|&b| b == ch).count();
            (matches!(ch, b'`' | b'~') && run >= 3).then_some((ch, run))
        };
        if let Some((ch, run)) = fence {
            if fence_of(trimmed).is_some_and(|(c, r)| c == ch && r >= run) {
                fence = None;
            }
            continue;
        }
        let depth = line_depth(line);
        if deepest.is_none_or(|(d, _)| depth > d) {
            deepest = Some((depth, index + 1));
        }
        if depth > MAX_DEPTH {
            break;
        }
        fence = fence_of(trimmed);
    }
    deepest
}

fn line_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let rule = {
        let marks: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        marks.len() >= 3 && marks.iter().all(|&b| b == marks[0]) && b"-*_".contains(&marks[0])
    };
    if rule {
        return 0;
    }
    let space_or_end = |at: usize| bytes.get(at).is_none_or(|b| *b == b' ' || *b == b'\t');
    let (mut at, mut markers, mut columns) = (0, 0, 0);
    loop {
        // the indentation before the first marker; the spaces after a
        // marker are part of it
        while let Some(&b) = bytes.get(at) {
            let width = match b {
                b' ' => 1,
                b'\t' => 4,
                _ => break,
            };
            if markers == 0 {
                columns += width;
            }
            at += 1;
        }
        match bytes.get(at) {
            Some(b'>') => {
                markers += 1;
                at += 1;
            }
            Some(b'-' | b'*' | b'+') if space_or_end(at + 1) => {
                markers += 1;
                at += 1;
            }
            Some(b'0'..=b'9') => {
                let digits = bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let after = at + digits;
                if digits <= 9
                    && matches!(bytes.get(after), Some(b'.' | b')'))
                    && space_or_end(after + 1)
                {
                    markers += 1;
                    at = after + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    markers + columns / 2
}

/// `markdown` with the `<` of every raw-text element's start and end tag
/// written as `&lt;` (so the tag is shown as text, and nothing after it is
/// swallowed), and the start tags found. Only what the parser reads as HTML
/// is touched: code spans and blocks are text already.
fn raw_tags_as_text(
    markdown: &str,
    started: Instant,
) -> Result<(std::borrow::Cow<'_, str>, Vec<RawTag>), MarkdownError> {
    let lower_has_any = {
        let lower = markdown.to_ascii_lowercase();
        RAW_TEXT_TAGS
            .iter()
            .any(|tag| lower.contains(&format!("<{tag}")) || lower.contains(&format!("</{tag}")))
    };
    if !lower_has_any {
        return Ok((std::borrow::Cow::Borrowed(markdown), Vec::new()));
    }
    let mut text = markdown.to_owned();
    let mut found = Vec::new();
    // escaping one tag can make the parser read what follows differently:
    // look again until nothing is left (a few rounds at most)
    for _ in 0..4 {
        let mut at: Vec<(usize, Option<String>)> = Vec::new();
        for (n, (event, range)) in Parser::new_ext(&text, OPTIONS)
            .into_offset_iter()
            .enumerate()
        {
            if n % 1024 == 0 && started.elapsed() > RENDER_BUDGET {
                return Err(MarkdownError::TooComplex);
            }
            if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
                continue;
            }
            let source = &text[range.clone()];
            let lower = source.to_ascii_lowercase();
            let mut from = 0;
            while let Some(offset) = lower[from..].find('<') {
                let open = from + offset;
                from = open + 1;
                let rest = &lower[open + 1..];
                let (closing, name_from) = match rest.strip_prefix('/') {
                    Some(after) => (true, after),
                    None => (false, rest),
                };
                let Some(tag) = RAW_TEXT_TAGS.iter().find(|tag| {
                    name_from.starts_with(*tag)
                        && name_from[tag.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
                }) else {
                    continue;
                };
                let position = range.start + open;
                if !at.iter().any(|(p, _)| *p == position) {
                    at.push((position, (!closing).then(|| (*tag).to_owned())));
                }
            }
        }
        if at.is_empty() {
            break;
        }
        at.sort_by_key(|(position, _)| *position);
        for (position, tag) in &at {
            if let Some(tag) = tag {
                let line = text[..*position].matches('\n').count() + 1;
                found.push(RawTag {
                    tag: tag.clone(),
                    line,
                });
            }
        }
        // from the end, so earlier positions stay valid
        for (position, _) in at.iter().rev() {
            text.replace_range(*position..*position + 1, "&lt;");
        }
    }
    found.sort_by_key(|raw| raw.line);
    Ok((std::borrow::Cow::Owned(text), found))
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
    fn an_unclosed_style_keeps_the_text_after_it_and_is_named() {
        let page = render_checked(
            "Trước.\n\n<style>\nbody { display: none }\n\nSau đó **đậm**.\n",
            &|_| None,
        )
        .unwrap();
        assert!(
            page.html.contains("Sau đó <strong>đậm</strong>."),
            "{}",
            page.html
        );
        assert!(page.html.contains("&lt;style&gt;"), "{}", page.html);
        assert_eq!(
            page.raw_tags,
            [RawTag {
                tag: "style".into(),
                line: 3
            }]
        );
        assert!(
            page.raw_tags[0]
                .warning()
                .starts_with("Dòng 3: thẻ <style> không được dùng")
        );
        assert_hostile_neutralised(&page.html).unwrap();
    }

    #[test]
    fn raw_text_tags_inline_or_closed_are_shown_as_text_and_named() {
        let page =
            render_checked("Một <script>alert(1) hai\n\nba <TEXTAREA>bốn\n", &|_| None).unwrap();
        assert!(
            page.html.contains("hai") && page.html.contains("bốn"),
            "{}",
            page.html
        );
        let tags: Vec<(&str, usize)> = page
            .raw_tags
            .iter()
            .map(|r| (r.tag.as_str(), r.line))
            .collect();
        assert_eq!(tags, [("script", 1), ("textarea", 3)]);
        assert_hostile_neutralised(&page.html).unwrap();
        let closed = render_checked("<style>p{}</style>\n\nSau.\n", &|_| None).unwrap();
        assert!(closed.html.contains("Sau."), "{}", closed.html);
        assert_eq!(closed.raw_tags.len(), 1);
    }

    #[test]
    fn raw_tags_in_code_are_code_not_warnings() {
        let page = render_checked(
            "Mã `<style>` và\n\n```html\n<script>x</script>\n```\n",
            &|_| None,
        )
        .unwrap();
        assert!(page.raw_tags.is_empty(), "{:?}", page.raw_tags);
        assert!(
            page.html.contains("<code>&lt;style&gt;</code>"),
            "{}",
            page.html
        );
        // other HTML is untouched by the rewrite
        assert_eq!(
            render("<em>a</em>"),
            render_checked("<em>a</em>", &|_| None).unwrap().html
        );
    }

    #[test]
    fn deep_nesting_and_huge_texts_are_refused_before_parsing() {
        let started = Instant::now();
        let chain = format!("{}x\n", "- ".repeat(20_000));
        assert_eq!(
            render_checked(&chain, &|_| None),
            Err(MarkdownError::TooDeep { line: 1 })
        );
        let quotes = format!("a\n\n{}x\n", "> ".repeat(100));
        assert_eq!(check(&quotes), Err(MarkdownError::TooDeep { line: 3 }));
        let stairs: String = (0..200)
            .map(|i| format!("{}- mục {i}\n", "  ".repeat(i)))
            .collect();
        assert!(matches!(check(&stairs), Err(MarkdownError::TooDeep { .. })));
        assert_eq!(
            check(&"a".repeat(MAX_BYTES + 1)),
            Err(MarkdownError::TooLarge)
        );
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(render(&chain), "", "refused texts render as nothing");
        assert!(
            MarkdownError::TooDeep { line: 7 }
                .to_string()
                .starts_with("Dòng 7: danh sách hoặc trích dẫn lồng nhau")
        );
    }

    #[test]
    fn ordinary_nesting_rules_and_indented_code_pass() {
        let text = "- a\n  - b\n    - c\n      > d\n\n- - -\n\n***\n\n```\n".to_owned()
            + &" ".repeat(200)
            + "mã thụt sâu\n```\n";
        assert_eq!(check(&text), Ok(()));
        assert!(render(&text).contains("<hr"));
    }

    /// The worst text the limits let through: as many 40-deep lists as
    /// the element limit allows, then plain paragraphs up to the size limit.
    fn worst_allowed() -> String {
        let line = format!("{}x\n\n", "- ".repeat(MAX_DEPTH));
        // each line makes at most a list and an item per level and a
        // paragraph; room is left for the paragraphs after
        let mut text = line.repeat(MAX_ELEMENTS / (2 * MAX_DEPTH + 2) - 10);
        let paragraph = format!("{}\n\n", "chữ ".repeat(200));
        while text.len() + paragraph.len() < MAX_BYTES {
            text.push_str(&paragraph);
        }
        text
    }

    #[test]
    fn the_worst_allowed_text_renders_within_its_budget() {
        let text = worst_allowed();
        let started = Instant::now();
        let page = render_checked(&text, &|_| None).expect("within the limits");
        assert!(!page.html.is_empty());
        assert!(
            started.elapsed() < RENDER_BUDGET * 2,
            "{:?}",
            started.elapsed()
        );
        // a few more elements are refused, before the sanitizer runs
        let over = "*a* ".repeat(MAX_ELEMENTS + 1);
        assert_eq!(
            render_checked(&over, &|_| None),
            Err(MarkdownError::TooComplex)
        );
    }

    /// What the limits save: the unchecked pipeline against the checked one
    /// on the issue's 20,000 nested list items, and the largest text the
    /// limits allow. Run by hand:
    /// `app-<hash> --ignored --nocapture markdown_costs`.
    #[test]
    #[ignore = "a measurement, printed; not a check"]
    fn markdown_costs() {
        let unchecked = |text: &str| {
            let started = Instant::now();
            let mut html = String::new();
            html::push_html(&mut html, Parser::new_ext(text, OPTIONS));
            let _ = SANITIZER.clean(&html).to_string();
            started.elapsed()
        };
        for n in [5_000, 20_000] {
            let text = format!("{}x\n", "- ".repeat(n));
            let started = Instant::now();
            let refused = render_checked(&text, &|_| None).is_err();
            let checked = started.elapsed();
            eprintln!(
                "{n} nested items: unchecked {:?}, checked {checked:?} (refused: {refused})",
                unchecked(&text)
            );
        }
        let line = format!("{}x\n\n", "- ".repeat(MAX_DEPTH));
        let deepest = line.repeat(MAX_BYTES / line.len());
        eprintln!(
            "256 KB of 40-deep lists: unchecked {:?} (now refused: {})",
            unchecked(&deepest),
            render_checked(&deepest, &|_| None).is_err()
        );
        let text = worst_allowed();
        let started = Instant::now();
        let ok = render_checked(&text, &|_| None).is_ok();
        eprintln!(
            "worst allowed ({} KB, depth {MAX_DEPTH}, {MAX_ELEMENTS} elements): {:?} (rendered: {ok})",
            text.len() / 1024,
            started.elapsed()
        );
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
