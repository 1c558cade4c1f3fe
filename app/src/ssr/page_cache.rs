//! Whole-page cache for readers who are not signed in.
//!
//! A lesson or an article looks the same to every anonymous reader with the
//! same interface language, except for its view count. So the page is rendered
//! once as a [`Template`]: a render in which the count is a [`SENTINEL`] number,
//! cut at every place the sentinel appears (the `data-views` attribute, the
//! phrase "1.302.114 lượt xem", the hydration data). Serving a hit records the view in
//! the [`ViewCounter`] as every other view is recorded (so counts stay exact),
//! fills the holes with the current count and copies bytes: no query, no render.
//! The render's script nonce is a hole too, so every response still carries a
//! nonce of its own.
//!
//! An entry is rebuilt in the background once it is older than [`MAX_AGE`]
//! (readers get the previous one meanwhile), so counts from other app servers
//! and imports made by another process show within about a second. An import
//! through this process ([`super::db::Db::content_changed`]) makes every entry
//! unusable at once. Entries nobody read between two sweeps are dropped.
//!
//! The HTTP side (which requests may use the cache, how a template is
//! rendered) lives in the server's `page_cache` middleware.

use super::gzip_splice::{self, Deflated, Splicer};
use super::views::{Recorded, ViewCounter, ViewTarget};
use crate::i18n::{Counted, Lang};
use axum::body::Bytes;
use http::HeaderMap;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// The view count a template is rendered with. Long and unusual enough never
/// to appear in a page by chance.
pub const SENTINEL: u64 = 987_654_321_987_654_321;

/// Template pieces at least this long are sent as they are, not copied.
const SHARED_PIECE: usize = 1024;

/// How long an entry is served before it is rebuilt in the background.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// Asks a render to produce a template: placed in the request's extensions by
/// the middleware, found by the server function that counts the view, which
/// then reports what it would have counted instead of counting it.
#[derive(Clone, Debug, Default)]
pub struct TemplateRender {
    found: Arc<Mutex<Option<Found>>>,
}

/// What a template render learnt about the page's item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub target: ViewTarget,
    /// The count in the database when rendered.
    pub stored: u64,
    /// This process's counts when rendered.
    pub local: Recorded,
}

impl TemplateRender {
    pub fn new() -> TemplateRender {
        TemplateRender::default()
    }

    /// The template request being rendered, if this render is one.
    pub fn current() -> Option<TemplateRender> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<TemplateRender>().cloned())
    }

    /// Records which item the page shows and its counts when rendered.
    pub fn found(&self, target: ViewTarget, stored: u64, local: Recorded) {
        *self.found.lock().unwrap_or_else(PoisonError::into_inner) = Some(Found {
            target,
            stored,
            local,
        });
    }

    /// What [`TemplateRender::found`] recorded, if the render reached it.
    pub fn take(&self) -> Option<Found> {
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hole {
    /// `1302114`, as in `data-views` and the hydration data.
    Digits,
    /// `1.302.114 lượt xem` (or `1,302,114 views`), as the reader sees it:
    /// the word is part of the hole, since in English it depends on the
    /// number ("1 view").
    Formatted,
    /// The nonce leptos puts on its inline scripts, new for every response.
    Nonce,
    /// The inside of the header's `user-menu`: the sign-in links for
    /// anonymous readers, the person's name and entry points for a signed-in
    /// one ([`crate::components::user_menu_html`]).
    UserMenu,
    /// The inside of a lesson's `<section id="tien-do">`: the sign-in
    /// invitation for anonymous readers, the learner's own state and
    /// "Tôi đã học xong" form for a signed-in one
    /// ([`crate::components::lesson_progress_html`]).
    Progress,
}

/// A rendered page cut at the places of its view count.
#[derive(Debug)]
pub struct Template {
    /// Text before each hole, then the text after the last one.
    pieces: Vec<Bytes>,
    holes: Vec<Hole>,
    lang: Lang,
    /// `pieces`, each compressed once, for gzip responses.
    deflated: Vec<Deflated>,
    /// The account corner as rendered for anonymous readers.
    anonymous_menu: String,
    /// A lesson's progress box as rendered for anonymous readers.
    anonymous_progress: String,
    /// Response headers of the render (content type and so on).
    pub headers: HeaderMap,
}

/// How a filled page is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    /// The template's precompressed pieces spliced with stored blocks for
    /// the holes (see [`super::gzip_splice`]): no compression per response.
    Gzip,
}

impl Template {
    /// Cuts `html`, rendered with [`SENTINEL`] views in `lang`. `None` when
    /// the sentinel does not appear both as digits and formatted, which
    /// means the page does not show a count the way this cache expects.
    /// `progress` is the anonymous progress box a lesson page must contain.
    pub fn parse(
        html: &str,
        lang: Lang,
        headers: HeaderMap,
        counted: bool,
        progress: Option<&str>,
    ) -> Option<Template> {
        let digits = SENTINEL.to_string();
        let formatted = Counted::Views.phrase(SENTINEL, lang);
        let nonce = nonce_of(html).unwrap_or_default();
        let menu = crate::components::user_menu_html(None, lang);
        let (mut pieces, mut holes) = (Vec::new(), Vec::new());
        let mut rest = html;
        loop {
            let menu_found = holes.contains(&Hole::UserMenu);
            let progress_found = holes.contains(&Hole::Progress);
            let next = [
                (Hole::Digits, digits.as_str()),
                (Hole::Formatted, formatted.as_str()),
                (Hole::Nonce, nonce),
                (Hole::UserMenu, if menu_found { "" } else { menu.as_str() }),
                (
                    Hole::Progress,
                    if progress_found {
                        ""
                    } else {
                        progress.unwrap_or("")
                    },
                ),
            ]
            .into_iter()
            .filter(|(_, text)| !text.is_empty())
            .filter_map(|(hole, text)| rest.find(text).map(|at| (at, hole, text.len())))
            .min_by_key(|(at, _, _)| *at);
            let Some((at, hole, len)) = next else {
                break;
            };
            pieces.push(Bytes::copy_from_slice(&rest.as_bytes()[..at]));
            holes.push(hole);
            rest = &rest[at + len..];
        }
        pieces.push(Bytes::copy_from_slice(rest.as_bytes()));
        let has = |wanted| holes.contains(&wanted);
        if counted != (has(Hole::Digits) && has(Hole::Formatted))
            || !has(Hole::UserMenu)
            || progress.is_some() != has(Hole::Progress)
        {
            return None;
        }
        let deflated = pieces.iter().map(|piece| Deflated::new(piece)).collect();
        Some(Template {
            pieces,
            holes,
            deflated,
            lang,
            anonymous_menu: menu,
            anonymous_progress: progress.unwrap_or_default().to_owned(),
            headers,
        })
    }

    /// The page showing `views`, its scripts carrying `nonce`, in
    /// `encoding`: the template's pieces and the filled-in holes, handed to
    /// the socket without copying the large pieces.
    /// `menu` is the header's account corner for a signed-in reader; `None`
    /// keeps the anonymous one the template was rendered with.
    pub fn fill(
        &self,
        views: u64,
        nonce: &str,
        menu: Option<&str>,
        progress: Option<&str>,
        encoding: Encoding,
    ) -> FilledPage {
        let menu = menu.unwrap_or(&self.anonymous_menu);
        let progress = progress.unwrap_or(&self.anonymous_progress);
        let digits = views.to_string();
        let formatted = Counted::Views.phrase(views, self.lang);
        let hole_text = |hole: &Hole| -> &[u8] {
            match hole {
                Hole::Digits => digits.as_bytes(),
                Hole::Formatted => formatted.as_bytes(),
                Hole::Nonce => nonce.as_bytes(),
                Hole::UserMenu => menu.as_bytes(),
                Hole::Progress => progress.as_bytes(),
            }
        };
        let mut body = Chunks::default();
        match encoding {
            Encoding::Identity => {
                for (piece, hole) in self.pieces.iter().zip(&self.holes) {
                    body.shared(piece);
                    body.copied(hole_text(hole));
                }
                if let Some(last) = self.pieces.last() {
                    body.shared(last);
                }
            }
            Encoding::Gzip => {
                let mut splicer = Splicer::new();
                body.copied(&gzip_splice::HEADER);
                for (piece, hole) in self.deflated.iter().zip(&self.holes) {
                    splicer.piece(piece);
                    body.shared(&piece.blocks);
                    body.copied(&splicer.literal(hole_text(hole)));
                }
                if let Some(last) = self.deflated.last() {
                    splicer.piece(last);
                    body.shared(&last.blocks);
                }
                body.copied(&splicer.finish());
            }
        }
        body.finish()
    }
}

/// A body being assembled: large shared pieces are kept as they are; small
/// ones and the holes are joined, so the whole answer fits one vectored write.
#[derive(Default)]
struct Chunks {
    chunks: Vec<Bytes>,
    small: Vec<u8>,
}

impl Chunks {
    fn shared(&mut self, chunk: &Bytes) {
        if chunk.len() < SHARED_PIECE {
            self.small.extend_from_slice(chunk);
        } else {
            self.flush_small();
            self.chunks.push(chunk.clone());
        }
    }

    fn copied(&mut self, bytes: &[u8]) {
        self.small.extend_from_slice(bytes);
    }

    fn flush_small(&mut self) {
        if !self.small.is_empty() {
            self.chunks
                .push(Bytes::from(std::mem::take(&mut self.small)));
        }
    }

    fn finish(mut self) -> FilledPage {
        self.flush_small();
        let remaining = self.chunks.iter().map(|c| c.len() as u64).sum();
        self.chunks.reverse();
        FilledPage {
            chunks: self.chunks,
            remaining,
        }
    }
}

/// A page filled in from a [`Template`]: an HTTP body of known length made
/// of the template's shared pieces and the filled-in holes.
#[derive(Debug)]
pub struct FilledPage {
    /// In reverse order, so that the next chunk is popped off the end.
    chunks: Vec<Bytes>,
    remaining: u64,
}

#[cfg(test)]
impl FilledPage {
    /// The whole page in one buffer.
    fn to_bytes(&self) -> Bytes {
        let mut page = Vec::with_capacity(usize::try_from(self.remaining).unwrap_or(0));
        for chunk in self.chunks.iter().rev() {
            page.extend_from_slice(chunk);
        }
        Bytes::from(page)
    }
}

impl http_body::Body for FilledPage {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let chunk = self.chunks.pop();
        if let Some(chunk) = &chunk {
            self.remaining -= chunk.len() as u64;
        }
        std::task::Poll::Ready(chunk.map(|chunk| Ok(http_body::Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.remaining)
    }
}

/// The value of the first `nonce` attribute in `html`.
fn nonce_of(html: &str) -> Option<&str> {
    const ATTRIBUTE: &str = " nonce=\"";
    let start = html.find(ATTRIBUTE)? + ATTRIBUTE.len();
    let value = &html[start..start + html[start..].find('"')?];
    // A real nonce is base64; anything shorter could occur elsewhere by chance.
    (value.len() >= 16).then_some(value)
}

/// What a page is cached under: its path and interface language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub path: String,
    pub lang: Lang,
}

/// One cached page.
#[derive(Debug)]
pub struct Entry {
    template: Template,
    /// The lesson or article whose count the page shows (none for lists).
    target: Option<ViewTarget>,
    /// The count when rendered: stored plus pending on this server.
    base: u64,
    /// Views recorded by this process when rendered. A view served later
    /// shows `base` plus how much this grew since, so views served by the
    /// full render meanwhile (signed-in readers) are shown too.
    recorded_at_render: u64,
    /// Views served from this entry.
    served: AtomicU64,
    /// `served` at the last sweep; an entry whose count did not move is idle.
    swept_at: AtomicU64,
    built: Instant,
    generation: u64,
}

impl Entry {
    /// `template` of the page `found` describes, rendered at content `generation`.
    pub fn new(template: Template, found: Option<Found>, generation: u64) -> Entry {
        Entry {
            template,
            target: found.map(|f| f.target),
            base: found.map_or(0, |f| f.stored + f.local.pending),
            recorded_at_render: found.map_or(0, |f| f.local.recorded),
            served: AtomicU64::new(0),
            swept_at: AtomicU64::new(0),
            built: Instant::now(),
            generation,
        }
    }

    /// Counts one view and returns the page showing it.
    /// The page for one more reader, whose response's scripts carry `nonce`
    /// (the one its `Content-Security-Policy` names).
    /// `menu` is the header's account corner for a signed-in reader, and
    /// `progress` a lesson's progress box for them.
    pub fn serve(
        &self,
        views: &ViewCounter,
        nonce: &str,
        menu: Option<&str>,
        progress: Option<&str>,
        encoding: Encoding,
    ) -> FilledPage {
        let recorded = self
            .target
            .map_or(0, |target| views.record(target).recorded);
        self.served.fetch_add(1, Ordering::Relaxed);
        self.template.fill(
            self.base + recorded.saturating_sub(self.recorded_at_render),
            nonce,
            menu,
            progress,
            encoding,
        )
    }

    /// The lesson or article the page shows.
    pub fn target(&self) -> Option<ViewTarget> {
        self.target
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.template.headers
    }

    /// Whether the entry may still be served at content `generation`.
    pub fn is_current(&self, generation: u64) -> bool {
        self.generation == generation
    }

    /// Whether it is time to build a newer entry.
    pub fn is_old(&self) -> bool {
        self.built.elapsed() > MAX_AGE
    }
}

/// The cache: entries by page, and which pages are being built now.
#[derive(Clone, Debug, Default)]
pub struct PageCache {
    entries: Arc<RwLock<HashMap<PageKey, Arc<Entry>>>>,
    building: Arc<Mutex<HashSet<PageKey>>>,
}

impl PageCache {
    pub fn new() -> PageCache {
        PageCache::default()
    }

    pub fn get(&self, key: &PageKey) -> Option<Arc<Entry>> {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    pub fn insert(&self, key: PageKey, entry: Entry) {
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, Arc::new(entry));
    }

    pub fn remove(&self, key: &PageKey) {
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Claims the building of `key`'s entry; `None` when another task already
    /// builds it. The claim ends when the returned guard is dropped.
    pub fn claim_build(&self, key: &PageKey) -> Option<BuildClaim> {
        let mut building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        building.insert(key.clone()).then(|| BuildClaim {
            cache: self.clone(),
            key: key.clone(),
        })
    }

    /// Drops the entries nobody read since the previous sweep; returns how
    /// many are left.
    pub fn sweep(&self) -> usize {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|_, entry| {
            let served = entry.served.load(Ordering::Relaxed);
            served != entry.swept_at.swap(served, Ordering::Relaxed)
                || entry.built.elapsed() < MAX_AGE * 2
        });
        entries.len()
    }
}

/// The right to build one entry (see [`PageCache::claim_build`]).
#[derive(Debug)]
pub struct BuildClaim {
    cache: PageCache,
    key: PageKey,
}

impl BuildClaim {
    pub fn key(&self) -> &PageKey {
        &self.key
    }
}

impl Drop for BuildClaim {
    fn drop(&mut self) {
        self.cache
            .building
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: Lang) -> String {
        format!(
            r#"{}<span data-views="{SENTINEL}">{}</span><script>x={{"views":{SENTINEL}}}</script>"#,
            menu(lang),
            Counted::Views.phrase(SENTINEL, lang)
        )
    }

    fn menu(lang: Lang) -> String {
        format!(
            r#"<div class="user-menu">{}</div>"#,
            crate::components::user_menu_html(None, lang)
        )
    }

    #[test]
    fn a_list_page_has_no_count_and_a_signed_in_reader_gets_their_menu() {
        let html = format!("<h1>Khoá học</h1>{}<p>…</p>", menu(Lang::Vi));
        assert!(Template::parse(&html, Lang::Vi, HeaderMap::new(), true, None).is_none());
        let template = Template::parse(&html, Lang::Vi, HeaderMap::new(), false, None).unwrap();
        let anonymous = template
            .fill(0, "n", None, None, Encoding::Identity)
            .to_bytes();
        assert_eq!(anonymous, html.as_bytes());
        let signed_in = template
            .fill(
                0,
                "n",
                Some("<span>Chị Lan</span>"),
                None,
                Encoding::Identity,
            )
            .to_bytes();
        assert_eq!(
            std::str::from_utf8(&signed_in).unwrap(),
            r#"<h1>Khoá học</h1><div class="user-menu"><span>Chị Lan</span></div><p>…</p>"#
        );
        assert!(
            Template::parse("<h1>no menu</h1>", Lang::Vi, HeaderMap::new(), false, None).is_none()
        );
    }

    #[test]
    fn every_filled_page_has_a_new_nonce() {
        let nonce = "OydBD_K-_5n0MjeflQrcCg";
        let html = format!(
            r#"<link crossorigin="{nonce}"><script nonce="{nonce}"></script>{}"#,
            page(Lang::Vi)
        );
        let template = Template::parse(&html, Lang::Vi, HeaderMap::new(), true, None).unwrap();
        let (first, second) = (
            template
                .fill(
                    1,
                    &leptos::nonce::Nonce::new(),
                    None,
                    None,
                    Encoding::Identity,
                )
                .to_bytes(),
            template
                .fill(
                    2,
                    &leptos::nonce::Nonce::new(),
                    None,
                    None,
                    Encoding::Identity,
                )
                .to_bytes(),
        );
        let (first, second) = (
            std::str::from_utf8(&first).unwrap(),
            std::str::from_utf8(&second).unwrap(),
        );
        assert!(!first.contains(nonce));
        let new = nonce_of(first).unwrap();
        assert_ne!(new, nonce_of(second).unwrap());
        assert_eq!(first.matches(new).count(), 2, "{first}");
    }

    #[test]
    fn a_template_shows_the_count_in_every_place() {
        let template =
            Template::parse(&page(Lang::Vi), Lang::Vi, HeaderMap::new(), true, None).unwrap();
        let filled = template
            .fill(1_302_114, "n", None, None, Encoding::Identity)
            .to_bytes();
        assert_eq!(
            std::str::from_utf8(&filled).unwrap(),
            format!(
                r#"{}<span data-views="1302114">1.302.114 lượt xem</span><script>x={{"views":1302114}}</script>"#,
                menu(Lang::Vi)
            )
        );
        let english =
            Template::parse(&page(Lang::En), Lang::En, HeaderMap::new(), true, None).unwrap();
        assert!(
            std::str::from_utf8(
                &english
                    .fill(1_302_114, "n", None, None, Encoding::Identity)
                    .to_bytes()
            )
            .unwrap()
            .contains(">1,302,114 views<")
        );
    }

    #[test]
    fn an_english_page_says_1_view_and_2_views() {
        let english =
            Template::parse(&page(Lang::En), Lang::En, HeaderMap::new(), true, None).unwrap();
        let shows = |views| {
            String::from_utf8(
                english
                    .fill(views, "n", None, None, Encoding::Identity)
                    .to_bytes()
                    .to_vec(),
            )
            .unwrap()
        };
        assert!(
            shows(1).contains(r#"data-views="1">1 view<"#),
            "{}",
            shows(1)
        );
        assert!(
            shows(2).contains(r#"data-views="2">2 views<"#),
            "{}",
            shows(2)
        );
        let vietnamese =
            Template::parse(&page(Lang::Vi), Lang::Vi, HeaderMap::new(), true, None).unwrap();
        let one = vietnamese
            .fill(1, "n", None, None, Encoding::Gzip)
            .to_bytes();
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&one[..]), &mut unpacked)
            .expect("valid gzip");
        assert!(unpacked.contains(">1 lượt xem<"), "{unpacked}");
    }

    #[test]
    fn small_pieces_and_holes_are_joined_large_ones_shared() {
        let body = "x".repeat(5000);
        let html = format!("<p>{body}</p>{}<p>{body}</p>", page(Lang::Vi));
        let template = Template::parse(&html, Lang::Vi, HeaderMap::new(), true, None).unwrap();
        let filled = template.fill(7, "n", None, None, Encoding::Identity);
        assert_eq!(
            filled.chunks.len(),
            3,
            "big piece, the small ones joined, big piece"
        );
        assert_eq!(filled.to_bytes().len() as u64, filled.remaining);
        assert!(filled.to_bytes().starts_with(b"<p>xxx"));
    }

    #[test]
    fn a_gzip_fill_is_the_identity_fill_compressed() {
        use std::io::Read;
        let body = "<p>Bài học về mật khẩu mạnh và mã OTP</p>".repeat(200);
        let html = format!(
            r#"<script nonce="OydBD_K-_5n0MjeflQrcCg"></script>{body}{}{body}"#,
            page(Lang::Vi)
        );
        let template = Template::parse(&html, Lang::Vi, HeaderMap::new(), true, None).unwrap();
        let plain = template
            .fill(1_302_114, "NONCE", None, None, Encoding::Identity)
            .to_bytes();
        let gzip = template.fill(1_302_114, "NONCE", None, None, Encoding::Gzip);
        assert_eq!(gzip.to_bytes().len() as u64, gzip.remaining);
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gzip.to_bytes()[..])
            .read_to_end(&mut unpacked)
            .expect("valid gzip");
        assert_eq!(unpacked, plain);
        assert!(
            gzip.remaining * 10 < plain.len() as u64,
            "{} of {}",
            gzip.remaining,
            plain.len()
        );
    }

    #[test]
    fn a_page_without_both_forms_of_the_count_is_not_a_template() {
        let only_digits = format!(r#"<span data-views="{SENTINEL}"></span>"#);
        assert!(Template::parse(&only_digits, Lang::Vi, HeaderMap::new(), true, None).is_none());
        assert!(
            Template::parse("<p>no count</p>", Lang::Vi, HeaderMap::new(), true, None).is_none()
        );
    }

    #[test]
    fn serving_counts_every_view_and_shows_it() {
        let template =
            Template::parse(&page(Lang::Vi), Lang::Vi, HeaderMap::new(), true, None).unwrap();
        let target = ViewTarget::Lesson(3);
        let views = ViewCounter::new();
        views.record(target);
        let found = Found {
            target,
            stored: 40,
            local: views.snapshot(target),
        };
        let entry = Entry::new(template, Some(found), 0);
        let shows = |page: FilledPage| {
            let page = String::from_utf8(page.to_bytes().to_vec()).unwrap();
            let at = page.find("data-views=\"").unwrap() + 12;
            page[at..]
                .split('"')
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        };
        assert_eq!(
            shows(entry.serve(&views, "n", None, None, Encoding::Identity)),
            42
        );
        // A view served by the full render meanwhile is shown by the next hit.
        views.record(target);
        assert_eq!(
            shows(entry.serve(&views, "n", None, None, Encoding::Identity)),
            44
        );
        assert_eq!(views.pending(target), 4);
        assert!(entry.is_current(0) && !entry.is_current(1));
    }

    #[test]
    fn one_build_at_a_time_per_page() {
        let cache = PageCache::new();
        let key = PageKey {
            path: "/bai-viet/a".into(),
            lang: Lang::Vi,
        };
        let claim = cache.claim_build(&key).expect("first claim");
        assert!(cache.claim_build(&key).is_none());
        drop(claim);
        assert!(cache.claim_build(&key).is_some());
    }
}
