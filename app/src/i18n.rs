//! The one translation mechanism for interface strings.
//!
//! Every string the interface shows (not the content, which stays in its own
//! language) is a [`Msg`]; [`Msg::text`] gives it in a [`Lang`]. The `messages!`
//! table below makes a missing translation a compile error: each entry must name
//! both the Vietnamese and the English text.

use serde::{Deserialize, Serialize};

/// An interface language. Vietnamese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Name of the cookie that remembers the visitor's choice.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The name of the language, written in that language (for the switch).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }

    /// The language for a request: the cookie if it names one we have, then the
    /// first supported language in `Accept-Language` (by quality), else Vietnamese.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = cookie_header.and_then(lang_from_cookie_header) {
            return lang;
        }
        accept_language
            .and_then(lang_from_accept_language)
            .unwrap_or_default()
    }
}

fn lang_from_cookie_header(header: &str) -> Option<Lang> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_code(value))
}

fn lang_from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(Lang, f32)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let quality = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::from_code(primary)
            && quality > 0.0
            && best.is_none_or(|(_, q)| quality > q)
        {
            best = Some((lang, quality));
        }
    }
    best.map(|(lang, _)| lang)
}

macro_rules! messages {
    ($($name:ident => $vi:literal, $en:literal;)*) => {
        /// An interface string. See the module documentation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::Vi) => $vi, (Msg::$name, Lang::En) => $en,)*
                }
            }
        }

        #[cfg(test)]
        const ALL_MESSAGES: &[Msg] = &[$(Msg::$name),*];
    };
}

messages! {
    SiteName => "Học Số", "Học Số";
    SiteTagline => "Học kỹ năng số cho mọi người dân", "Digital skills for every citizen";
    SiteDescription => "Học Số: bài học ngắn, dễ hiểu về kỹ năng số và trí tuệ nhân tạo cho mọi người dân: dùng điện thoại an toàn, dịch vụ công trực tuyến, phòng chống lừa đảo, Bình dân học AI.",
        "Học Số: short, plain lessons on digital skills and artificial intelligence for every citizen: safe phone use, online public services, avoiding scams, everyday AI.";
    SkipToContent => "Bỏ qua, đến nội dung chính", "Skip to main content";
    NavHome => "Trang chủ", "Home";
    NavCourses => "Khóa học", "Courses";
    NavArticles => "Bài viết", "Articles";
    MainNav => "Điều hướng chính", "Main navigation";
    LanguageLabel => "Ngôn ngữ", "Language";
    Courses => "Khóa học", "Courses";
    AllCourses => "Tất cả khóa học", "All courses";
    CoursesIntro => "Chọn một khóa học và đọc từng bài theo thứ tự. Mỗi bài chỉ mất vài phút.",
        "Pick a course and read its lessons in order. Each lesson takes only a few minutes.";
    LatestArticles => "Bài viết mới nhất", "Latest articles";
    MostRead => "Đọc nhiều nhất", "Most read";
    AllArticles => "Xem tất cả bài viết", "See all articles";
    Articles => "Bài viết", "Articles";
    ArticlesIntro => "Loạt bài “Bình dân học AI”: hiểu và dùng trí tuệ nhân tạo an toàn trong đời sống hằng ngày.",
        "The “Bình dân học AI” series: understanding and using artificial intelligence safely in everyday life.";
    Lessons => "bài học", "lessons";
    LessonList => "Danh sách bài học", "Lessons";
    Minutes => "phút đọc", "min read";
    MinutesTotal => "phút", "minutes";
    StartCourse => "Bắt đầu học", "Start the course";
    PreviousLesson => "Bài trước", "Previous lesson";
    NextLesson => "Bài tiếp theo", "Next lesson";
    BackToCourse => "Về trang khóa học", "Back to the course";
    LessonNumber => "Bài", "Lesson";
    LessonNav => "Chuyển bài", "Lesson navigation";
    Breadcrumb => "Bạn đang ở", "You are here";
    Views => "lượt xem", "views";
    PublishedOn => "Ngày đăng", "Published";
    By => "Tác giả", "By";
    ReadMore => "Đọc tiếp", "Read more";
    Page => "Trang", "Page";
    Of => "trên", "of";
    PreviousPage => "Trang trước", "Previous page";
    NextPage => "Trang sau", "Next page";
    Pagination => "Phân trang", "Pagination";
    NoArticles => "Chưa có bài viết nào.", "No articles yet.";
    NoCourses => "Chưa có khóa học nào.", "No courses yet.";
    Quizzes => "Bài kiểm tra", "Quizzes";
    Quiz => "Bài kiểm tra", "Quiz";
    Questions => "câu hỏi", "questions";
    QuizPreviewNote => "Đây là bản xem trước các câu hỏi. Chức năng làm bài và chấm điểm sẽ có trong phiên bản sau.",
        "This is a preview of the questions. Taking the quiz and getting a score will come in a later version.";
    QuestionSingle => "Chọn một đáp án", "Choose one answer";
    QuestionMultiple => "Chọn một hoặc nhiều đáp án", "Choose one or more answers";
    QuestionTrueFalse => "Đúng hay sai?", "True or false?";
    True => "Đúng", "True";
    False => "Sai", "False";
    QuestionNumber => "Câu", "Question";
    NotFoundTitle => "Không tìm thấy trang", "Page not found";
    NotFoundText => "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ, hoặc quay về trang chủ.",
        "The page you are looking for does not exist or has moved. Check the address, or go back to the home page.";
    BackHome => "Về trang chủ", "Back to the home page";
    ErrorTitle => "Đã có lỗi xảy ra", "Something went wrong";
    ErrorText => "Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.", "The system ran into a problem. Please try again in a few minutes.";
    Loading => "Đang tải…", "Loading…";
    FooterAbout => "Học Số là nền tảng học kỹ năng số mã nguồn mở, theo tinh thần phong trào “Bình dân học vụ số”.",
        "Học Số is an open-source digital-skills learning platform in the spirit of the “Bình dân học vụ số” movement.";
}

impl Msg {
    /// The text in Vietnamese (the default language).
    pub fn vi(self) -> &'static str {
        self.text(Lang::Vi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated_in_both_languages() {
        for msg in ALL_MESSAGES {
            for lang in Lang::ALL {
                assert!(
                    !msg.text(lang).trim().is_empty(),
                    "{msg:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn vietnamese_messages_are_nfc() {
        use unicode_normalization::UnicodeNormalization;
        for msg in ALL_MESSAGES {
            let text = msg.vi();
            assert_eq!(text, text.nfc().collect::<String>(), "{msg:?} is not NFC");
        }
    }

    #[test]
    fn the_cookie_wins_over_accept_language() {
        assert_eq!(Lang::negotiate(Some("a=b; lang=en"), Some("vi")), Lang::En);
        assert_eq!(Lang::negotiate(Some("lang=vi"), Some("en-US")), Lang::Vi);
    }

    #[test]
    fn accept_language_is_read_by_quality() {
        assert_eq!(
            Lang::negotiate(None, Some("fr-FR, en;q=0.8, vi;q=0.9")),
            Lang::Vi
        );
        assert_eq!(Lang::negotiate(None, Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("de, vi;q=0")), Lang::Vi);
    }

    #[test]
    fn unknown_or_missing_preferences_fall_back_to_vietnamese() {
        assert_eq!(Lang::negotiate(None, None), Lang::Vi);
        assert_eq!(Lang::negotiate(Some("lang=xx"), Some("ja")), Lang::Vi);
    }
}
