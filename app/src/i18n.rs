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

    /// The language for a request: the one the reader picked (the `lang`
    /// cookie, which the language switch and signing in set), else
    /// Vietnamese. `Accept-Language` is deliberately not read: many phones in
    /// Vietnam are set to English, and their owners still read Vietnamese.
    pub fn chosen(cookie_header: Option<&str>) -> Lang {
        cookie_header
            .and_then(lang_from_cookie_header)
            .unwrap_or_default()
    }

    /// [`Lang::chosen`] on a request's headers (every `Cookie` header).
    #[cfg(feature = "ssr")]
    pub fn from_headers(headers: &http::HeaderMap) -> Lang {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(lang_from_cookie_header)
            .unwrap_or_default()
    }
}

/// The value of cookie `name` in a `Cookie` request header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim())
}

fn lang_from_cookie_header(header: &str) -> Option<Lang> {
    cookie_value(header, LANG_COOKIE).and_then(Lang::from_code)
}

/// The `Set-Cookie` value that remembers `lang` in this browser for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )
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
    LessonList => "Danh sách bài học", "Lessons";
    StartCourse => "Bắt đầu học", "Start the course";
    PreviousLesson => "Bài trước", "Previous lesson";
    NextLesson => "Bài tiếp theo", "Next lesson";
    BackToCourse => "Về trang khóa học", "Back to the course";
    LessonNumber => "Bài", "Lesson";
    LessonNav => "Chuyển bài", "Lesson navigation";
    Breadcrumb => "Bạn đang ở", "You are here";
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
    // accounts
    SignIn => "Đăng nhập", "Sign in";
    SignInIntro => "Đăng nhập để lưu tiến độ học và nhận chứng nhận. Đọc bài học không cần tài khoản.",
        "Sign in to keep your progress and earn certificates. Reading lessons needs no account.";
    Register => "Đăng ký", "Register";
    RegisterIntro => "Tạo tài khoản bằng số điện thoại di động hoặc email.", "Create an account with your mobile number or email.";
    SignOut => "Đăng xuất", "Sign out";
    SignOutIntro => "Bạn có muốn đăng xuất khỏi thiết bị này?", "Do you want to sign out on this device?";
    SignedOutAlready => "Bạn chưa đăng nhập.", "You are not signed in.";
    Account => "Tài khoản", "Account";
    AccountNav => "Tài khoản của bạn", "Your account";
    EditorArea => "Biên tập", "Editing";
    AdminArea => "Quản trị", "Administration";
    FullNameLabel => "Họ và tên", "Full name";
    IdentifierLabel => "Số điện thoại hoặc email", "Mobile number or email";
    IdentifierHint => "Ví dụ: 0905 123 456", "For example: 0905 123 456";
    PasswordLabel => "Mật khẩu", "Password";
    PasswordHint => "Ít nhất 8 ký tự. Một câu dễ nhớ như “cây tre làng tôi xanh” là mật khẩu tốt.",
        "At least 8 characters. A sentence you remember, like “the bamboo in my village”, makes a good password.";
    PasswordConfirmLabel => "Nhập lại mật khẩu", "Repeat the password";
    CurrentPasswordLabel => "Mật khẩu hiện tại", "Current password";
    NewPasswordLabel => "Mật khẩu mới", "New password";
    NoAccountYet => "Chưa có tài khoản?", "No account yet?";
    HaveAccount => "Đã có tài khoản?", "Already have an account?";
    AlreadySignedIn => "Bạn đang đăng nhập với tên", "You are signed in as";
    SignedInAs => "Đang đăng nhập", "Signed in";
    Profile => "Thông tin cá nhân", "Profile";
    ChangeName => "Lưu họ tên", "Save name";
    ChangePassword => "Đổi mật khẩu", "Change password";
    ChangePasswordNote => "Sau khi đổi mật khẩu, mọi thiết bị khác đang đăng nhập sẽ bị đăng xuất.",
        "After the password changes, every other signed-in device is signed out.";
    NameSaved => "Đã lưu họ tên.", "Your name was saved.";
    PasswordChanged => "Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.", "Password changed. Other devices were signed out.";
    ActiveSessions => "Số phiên đăng nhập đang hoạt động", "Active signed-in sessions";
    Roles => "Vai trò", "Roles";
    RoleLearner => "Học viên", "Learner";
    RoleOfficial => "Cán bộ", "Official";
    RoleEditor => "Biên tập viên", "Editor";
    RoleAdmin => "Quản trị viên", "Administrator";
    Grant => "Cấp quyền", "Grant";
    Revoke => "Thu hồi", "Revoke";
    Users => "Người dùng", "Users";
    SearchUsers => "Tìm theo tên, số điện thoại hoặc email", "Search by name, phone or email";
    Search => "Tìm", "Search";
    NoUsersFound => "Không tìm thấy người dùng nào.", "No users found.";
    AdminIntro => "Tìm người dùng và cấp hoặc thu hồi vai trò. Mọi thay đổi đều được ghi vào nhật ký.",
        "Find people and grant or revoke roles. Every change is written to the audit log.";
    ForbiddenTitle => "Bạn không có quyền truy cập", "You do not have access";
    ForbiddenText => "Trang này dành cho người có vai trò khác. Nếu bạn cần quyền truy cập, hãy liên hệ quản trị viên.",
        "This page is for people with another role. If you need access, contact an administrator.";
    FormHasErrors => "Vui lòng sửa các mục được đánh dấu bên dưới.", "Please correct the fields marked below.";
    Sending => "Đang gửi…", "Sending…";
    // problems
    ProblemRequired => "Vui lòng điền mục này.", "Please fill in this field.";
    ProblemNameTooShort => "Họ tên quá ngắn.", "The name is too short.";
    ProblemNameTooLong => "Họ tên không được dài quá 100 ký tự.", "The name may not be longer than 100 characters.";
    ProblemNameInvalid => "Họ tên có ký tự không hợp lệ.", "The name contains characters that are not allowed.";
    ProblemNameInvisible => "Họ tên có ký tự vô hình hoặc ký tự đảo chiều chữ (thường do sao chép từ nơi khác). Hãy gõ lại họ tên.",
        "The name contains an invisible or text-reversing character (usually copied from elsewhere). Please type the name again.";
    ProblemPhoneInvalid => "Số điện thoại không phải số di động Việt Nam hợp lệ (ví dụ: 0905 123 456).",
        "This is not a valid Vietnamese mobile number (for example: 0905 123 456).";
    ProblemEmailInvalid => "Địa chỉ email không hợp lệ.", "This email address is not valid.";
    ProblemPasswordTooShort => "Mật khẩu cần ít nhất 8 ký tự.", "The password needs at least 8 characters.";
    ProblemPasswordTooLong => "Mật khẩu không được dài quá 128 ký tự.", "The password may not be longer than 128 characters.";
    ProblemPasswordCommon => "Mật khẩu này quá phổ biến, kẻ gian dễ đoán ra. Hãy chọn mật khẩu khác.",
        "This password is too common and easy to guess. Please choose another.";
    ProblemPasswordIsPhone => "Không dùng số điện thoại làm mật khẩu.", "Do not use your phone number as the password.";
    ProblemPasswordMismatch => "Hai mật khẩu không khớp nhau.", "The two passwords do not match.";
    ProblemAlreadyRegistered => "Số điện thoại hoặc email này đã được đăng ký. Hãy đăng nhập.",
        "This phone number or email is already registered. Please sign in.";
    ProblemWrongSetupCode => "Mã kích hoạt không đúng, đã dùng hoặc đã hết hạn. Hãy xin người quản lý một mã mới.", "The set-up code is wrong, used or expired. Ask your manager for a new one.";
    ProblemWrongCredentials => "Số điện thoại/email hoặc mật khẩu không đúng.", "The phone number/email or password is wrong.";
    ProblemWrongCurrentPassword => "Mật khẩu hiện tại không đúng.", "The current password is wrong.";
    ProblemUnknownRole => "Vai trò không hợp lệ.", "Unknown role.";
    ProblemUnknownUser => "Không tìm thấy người dùng này.", "This user does not exist.";
    ProblemCannotRevokeOwnAdmin => "Bạn không thể tự thu hồi quyền quản trị của mình.", "You cannot revoke your own administrator role.";
    TooManyAttemptsBefore => "Bạn đã thử quá nhiều lần, vui lòng thử lại sau", "Too many attempts, please try again in";
    FooterAbout => "Học Số là nền tảng học kỹ năng số mã nguồn mở, theo tinh thần phong trào “Bình dân học vụ số”.",
        "Học Số is an open-source digital-skills learning platform in the spirit of the “Bình dân học vụ số” movement.";
    // personal data (Nghị định 13/2023/NĐ-CP)
    PrivacyTitle => "Dữ liệu cá nhân của bạn", "Your personal data";
    PrivacyCollected => "Chúng tôi lưu: họ tên; số điện thoại hoặc email; mật khẩu (chỉ ở dạng mã hóa một chiều, không ai đọc lại được, kể cả chúng tôi); các phiên đăng nhập và thời gian đăng nhập; ngôn ngữ giao diện, nếu bạn chọn; tiến độ học, các lần làm bài kiểm tra (câu trả lời và điểm) và chứng nhận của bạn.",
        "We keep: your full name; your phone number or email; your password (only as a one-way hash that nobody can read back, not even us); your sign-in sessions and their times; the interface language, if you pick one; your learning progress, your quiz attempts (answers and scores) and your certificates.";
    PrivacyPurpose => "Để làm gì: để bạn đăng nhập, để lưu quá trình học của bạn, và để cơ quan, đơn vị theo dõi việc hoàn thành các học phần bắt buộc.",
        "Why: so you can sign in, so your learning is recorded, and so that agencies and units can follow who has completed the required modules.";
    PrivacyRights => "Bạn có thể tải về hoặc xóa dữ liệu của mình bất cứ lúc nào tại trang", "You can download or delete your data at any time on the page";
    PrivacyLaw => "Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.", "Under Decree 13/2023/NĐ-CP on personal data protection.";
    YourData => "Dữ liệu của bạn", "Your data";
    DownloadDataIntro => "Tải về một tệp JSON chứa mọi dữ liệu chúng tôi lưu về bạn: thông tin cá nhân, vai trò, các phiên đăng nhập và nhật ký thay đổi. Tệp không có mật khẩu, vì chúng tôi không lưu mật khẩu gốc.",
        "Download a JSON file with all the data we keep about you: your profile, roles, sign-in sessions and the log of changes. It holds no password, because we never store the password itself.";
    DownloadData => "Tải dữ liệu của tôi", "Download my data";
    DeleteAccount => "Xóa tài khoản", "Delete account";
    DeleteAccountIntro => "Họ tên, số điện thoại hoặc email, mật khẩu, vai trò và mọi phiên đăng nhập của bạn sẽ bị xóa vĩnh viễn, không thể khôi phục, và bạn sẽ được đăng xuất trên mọi thiết bị. Số lượt xem bài học (không gắn với ai) vẫn được giữ. Sau này bạn có thể đăng ký lại bằng cùng số điện thoại hoặc email.",
        "Your name, phone number or email, password, roles and every sign-in session are deleted for good and cannot be recovered, and you are signed out on every device. Lesson view counts (which name nobody) are kept. You can register again later with the same phone number or email.";
    DeleteAccountPasswordLabel => "Nhập mật khẩu hiện tại để xác nhận", "Type your current password to confirm";
    DeleteAccountConfirm => "Tôi hiểu rằng tài khoản và dữ liệu của tôi sẽ bị xóa vĩnh viễn.", "I understand that my account and my data will be deleted for good.";
    DeleteAccountButton => "Xóa vĩnh viễn tài khoản của tôi", "Delete my account for good";
    AccountDeletedTitle => "Đã xóa tài khoản", "Account deleted";
    AccountDeleted => "Tài khoản và dữ liệu cá nhân của bạn đã được xóa. Bạn đã được đăng xuất trên mọi thiết bị.",
        "Your account and personal data have been deleted. You have been signed out on every device.";
    ProblemDeletionNotConfirmed => "Hãy đánh dấu ô này để xác nhận bạn muốn xóa tài khoản.", "Tick this box to confirm that you want to delete your account.";
    // The learner's journey
    CourseOutline => "Nội dung khóa học", "Course outline";
    StepDone => "Đã hoàn thành", "Completed";
    StepLocked => "Chưa mở", "Locked";
    StepOpen => "Chưa hoàn thành", "Not completed yet";
    ContinueLearning => "Tiếp tục học", "Continue learning";
    CourseProgressLabel => "Tiến độ khóa học", "Course progress";
    ProgressComplete => "hoàn thành", "complete";
    StepsDoneOf => "Đã xong", "Done:";
    SequentialNote => "Khóa học này học theo thứ tự: mỗi bước được mở khi bạn hoàn thành bước trước. Mọi bài học vẫn đọc được bất cứ lúc nào.",
        "This course is taken in order: each step opens when you complete the one before. Every lesson can still be read at any time.";
    MarkLessonDone => "Tôi đã học xong", "I have finished this lesson";
    LessonDoneNote => "Bạn đã học xong bài này.", "You have finished this lesson.";
    LessonLockedNote => "Hãy hoàn thành các bước trước của khóa học để đánh dấu bài này đã học xong.",
        "Complete the earlier steps of the course to mark this lesson as finished.";
    SignInToTrack => "Đăng nhập để lưu tiến độ học tập của bạn.", "Sign in to keep track of your progress.";
    QuestionShort => "Viết câu trả lời ngắn", "Type a short answer";
    ShortAnswerLabel => "Câu trả lời của bạn", "Your answer";
    PassMark => "Điểm đạt", "Pass mark";
    AttemptsUsed => "Số lần đã làm", "Attempts used";
    BestScore => "Điểm cao nhất", "Best score";
    WaitBetweenAttempts => "Thời gian chờ giữa hai lần làm", "Wait between attempts";
    QuizPassedNote => "Bạn đã đạt bài kiểm tra này. Bạn vẫn có thể làm lại để ôn tập.", "You have passed this quiz. You can still take it again to practise.";
    QuizLockedNote => "Bài kiểm tra này chưa mở: hãy hoàn thành các bước trước của khóa học.",
        "This quiz is locked: complete the earlier steps of the course first.";
    QuizExhaustedNote => "Bạn đã dùng hết số lần làm bài cho phép.", "You have used every attempt allowed.";
    QuizWaitNote => "Bạn có thể làm lại sau", "You can take it again after";
    QuizAnonymousNote => "Bạn chưa đăng nhập: bài làm vẫn được chấm nhưng không được lưu. Đăng nhập hoặc đăng ký để lưu kết quả và tiến độ.",
        "You are not signed in: your answers are graded but not saved. Sign in or register to keep your results and progress.";
    QuizStaleNote => "Lượt làm bài này không còn hiệu lực (có thể bài kiểm tra vừa được cập nhật). Mời bạn làm lại.",
        "This attempt is no longer valid (the quiz may have just been updated). Please take it again.";
    SubmitQuiz => "Nộp bài", "Submit answers";
    ResultTitle => "Kết quả", "Result";
    Passed => "Đạt", "Passed";
    NotPassed => "Chưa đạt", "Not passed";
    ScoreLabel => "Điểm", "Score";
    CorrectAnswersCount => "Số câu đúng", "Correct answers";
    AnswerRight => "Trả lời đúng", "Right";
    AnswerWrong => "Trả lời sai", "Wrong";
    YourChoice => "bạn chọn", "your choice";
    CorrectOption => "đáp án đúng", "correct answer";
    AcceptedAnswers => "Đáp án được chấp nhận", "Accepted answers";
    Explanation => "Giải thích", "Explanation";
    NoAnswer => "(không trả lời)", "(no answer)";
    AnswersHiddenNote => "Đáp án và lời giải sẽ hiện khi bạn đạt bài kiểm tra.", "The correct answers and explanations are shown once you pass.";
    VisitorScoreOnlyNote => "Khi chưa đăng nhập, bạn chỉ xem được điểm. Đăng nhập để xem từng câu đúng hay sai, đáp án và lời giải.", "When you are not signed in, you see your score only. Sign in to see which answers were right, the correct answers and the explanations.";
    VisitorTriesUsedUpTitle => "Bạn đã làm thử nhiều lần", "You have tried this quiz many times";
    VisitorTriesUsedUp => "Khi chưa đăng nhập, mỗi bài kiểm tra chỉ làm thử được vài lần mỗi giờ. Hãy đăng nhập (hoặc đăng ký) để làm tiếp và lưu kết quả, hoặc thử lại sau", "Without signing in, each quiz can be tried only a few times an hour. Sign in (or register) to go on and keep your results, or try again in";
    TryAgain => "Làm lại", "Try again";
    NotSavedNote => "Kết quả này không được lưu vì bạn chưa đăng nhập.", "This result is not saved because you are not signed in.";
    SignInToSave => "Đăng nhập để lưu kết quả", "Sign in to keep your results";
    RegisterToSave => "Đăng ký tài khoản", "Create an account";
    SubmittedAt => "Nộp lúc", "Submitted";
    CourseCompleted => "Chúc mừng! Bạn đã hoàn thành khóa học.", "Congratulations! You have completed the course.";
    MyLearning => "Học tập của tôi", "My learning";
    InProgress => "Đang học", "In progress";
    CompletedCourses => "Đã hoàn thành", "Completed";
    QuizHistory => "Lịch sử làm bài", "Quiz history";
    NoCoursesStarted => "Bạn chưa bắt đầu khóa học nào. Hãy chọn một khóa học để bắt đầu.", "You have not started a course yet. Pick a course to begin.";
    NoAttempts => "Chưa có lần làm bài nào.", "No quiz attempts yet.";
    ViewCertificate => "Xem chứng nhận", "View certificate";
    CompletedOn => "Hoàn thành ngày", "Completed on";
    ViewAttempt => "Xem bài làm", "View answers";
    Certificate => "Chứng nhận hoàn thành khóa học", "Certificate of course completion";
    CertificateCertifies => "Chứng nhận", "This certifies that";
    CertificateCompletedCourse => "đã hoàn thành khóa học", "has completed the course";
    CertificateIssuedOn => "Ngày cấp", "Issued on";
    CertificateIssuer => "Học Số — Nền tảng học tập kỹ năng số", "Học Số — digital skills learning platform";
    CertificateIssuedBy => "Đơn vị cấp", "Issued by";
    CertificateCode => "Mã xác minh", "Verification code";
    CertificateVerifyAt => "Kiểm tra chứng nhận tại", "Verify this certificate at";
    CertificateValid => "Chứng nhận hợp lệ, do Học Số cấp.", "This certificate is valid and was issued by Học Số.";
    CertificateRevoked => "Chứng nhận này đã bị thu hồi ngày", "This certificate was revoked on";
    RevokeReason => "Lý do", "Reason";
    RevokeCertificate => "Thu hồi chứng nhận", "Revoke certificate";
    RevokeReasonLabel => "Lý do thu hồi (bắt buộc)", "Reason for revoking (required)";
    RevokeReasonMissing => "Hãy nhập lý do thu hồi.", "Enter a reason for revoking.";
    PrintCertificate => "Để in: dùng lệnh In của trình duyệt (Ctrl+P trên máy tính). Chứng nhận vừa một trang A4 khổ ngang.", "To print, use your browser's Print command (Ctrl+P on a computer). The certificate fits one landscape A4 page.";
    CertificateNotFoundTitle => "Mã chứng nhận không hợp lệ", "Certificate code not valid";
    CertificateNotFound => "Không có chứng nhận nào mang mã này. Hãy kiểm tra lại từng ký tự (mã không dùng chữ O, chữ I, số 0 và số 1).",
        "No certificate has this code. Check each character (codes never use the letters O and I or the digits 0 and 1).";
    DataExportNotice => "Dữ liệu cá nhân Học Số lưu về bạn (Nghị định 13/2023/NĐ-CP). Mật khẩu chỉ được lưu ở dạng mã hóa một chiều nên không có trong tệp này. Thời gian theo giờ UTC.",
        "The personal data Học Số keeps about you (Decree 13/2023/NĐ-CP). Your password is kept only as a one-way hash, so it is not in this file. Times are in UTC.";
    // — editors' panel: list and editing —
    PanelTitle => "Bảng biên tập", "Editors' panel";
    PanelIntro => "Viết, xem trước, gửi duyệt, lên lịch và đăng bài học, bài viết. Mỗi lần lưu là một phiên bản; không có gì bị ghi đè mà không báo.",
        "Write, preview, send for review, schedule and publish lessons and articles. Every save is a revision; nothing is overwritten without a word.";
    NewArticle => "Viết bài viết mới", "Write a new article";
    NewLesson => "Viết bài học mới", "Write a new lesson";
    FilterKind => "Loại", "Kind";
    FilterState => "Trạng thái", "State";
    AllKinds => "Mọi loại", "All kinds";
    AllStates => "Mọi trạng thái", "All states";
    SearchTitles => "Tìm theo tiêu đề (gõ có dấu hay không dấu đều được)", "Search titles (with or without accents)";
    Filter => "Lọc", "Filter";
    KindCourse => "Khóa học", "Course";
    KindLesson => "Bài học", "Lesson";
    KindArticle => "Bài viết", "Article";
    KindQuiz => "Bài kiểm tra", "Quiz";
    StateDraft => "Bản nháp", "Draft";
    StateReview => "Chờ duyệt", "In review";
    StateScheduled => "Đã lên lịch", "Scheduled";
    StatePublished => "Đã đăng", "Published";
    StateArchived => "Lưu trữ", "Archived";
    PanelOwned => "Sửa trong bảng biên tập", "Edited in the panel";
    FileOwned => "Theo tệp nội dung", "From the content files";
    ColumnTitle => "Tiêu đề", "Title";
    ColumnEdited => "Sửa lần cuối", "Last edited";
    NothingMatches => "Không có mục nào phù hợp.", "Nothing matches.";
    ItemsFound => "mục", "items";
    FieldTitle => "Tiêu đề", "Title";
    FieldSlug => "Đường dẫn (slug)", "Address (slug)";
    FieldSlugHint => "Chữ thường không dấu, số và dấu gạch ngang, ví dụ nhan-dien-lua-dao. Đổi đường dẫn của bài đã đăng thì địa chỉ cũ tự chuyển sang địa chỉ mới.",
        "Lower-case letters without accents, digits and hyphens, e.g. nhan-dien-lua-dao. Renaming a published item keeps its old address working.";
    FieldSummary => "Tóm tắt", "Summary";
    FieldMinutes => "Thời lượng đọc (phút)", "Reading time (minutes)";
    FieldAuthor => "Tác giả", "Author";
    FieldSeries => "Chuỗi bài", "Series";
    FieldDate => "Ngày đăng", "Date";
    FieldCourse => "Khóa học", "Course";
    FieldBody => "Nội dung (Markdown)", "Text (Markdown)";
    SaveAndPreview => "Lưu và xem trước", "Save and preview";
    CreateDraft => "Tạo bản nháp", "Create the draft";
    PreviewTitle => "Xem trước", "Preview";
    PreviewHint => "Đây là bài đúng như người đọc sẽ thấy. Khi trình duyệt chạy JavaScript, bản xem trước cập nhật trong lúc bạn gõ; nếu không, bấm “Lưu và xem trước”.",
        "This is the text exactly as readers will see it. With JavaScript it updates as you type; without, press “Save and preview”.";
    SavedRevision => "Đã lưu phiên bản", "Saved revision";
    KeptNotice => "Lần lưu vừa rồi chưa được ghi. Nội dung bạn đã gõ vẫn còn nguyên dưới đây; hãy sửa các chỗ được đánh dấu rồi lưu lại.",
        "Your last save was not stored. What you typed is all below; correct the marked fields and save again.";
    ConflictNotice => "Trong lúc bạn sửa, một biên tập viên khác đã lưu phiên bản mới hơn. Nội dung của bạn vẫn còn nguyên dưới đây; hãy xem phiên bản mới trong lịch sử rồi lưu lại.",
        "While you were editing, another editor saved a newer revision. What you typed is all below; look at the new revision in the history, then save again.";
    NewerRevision => "Phiên bản mới hơn", "Newer revision";
    WorkflowTitle => "Quy trình đăng bài", "Publishing";
    CurrentState => "Trạng thái", "State";
    SubmitForReview => "Gửi duyệt", "Send for review";
    ApproveNow => "Duyệt và đăng ngay", "Approve and publish now";
    ScheduleAt => "Hoặc đăng vào lúc (giờ Việt Nam)", "Or publish at (Vietnam time)";
    ApproveScheduled => "Duyệt và lên lịch", "Approve and schedule";
    ReturnToDraft => "Trả về bản nháp", "Send back to draft";
    ArchiveItem => "Lưu trữ (gỡ khỏi trang)", "Archive (take off the site)";
    RevisionHistory => "Lịch sử phiên bản", "Revision history";
    ViewPublicPage => "Xem trang công khai", "See the public page";
    StateChanged => "Đã cập nhật trạng thái", "State updated";
    GoesPublicAt => "Sẽ đăng lúc", "Goes public at";
    ReviewNeedsAnother => "Bài phải được một biên tập viên khác (hoặc quản trị viên) duyệt.", "Another editor (or an admin) must approve it.";
    BackToPanel => "Về bảng biên tập", "Back to the panel";
    RevisionNumber => "Phiên bản", "Revision";
    ImportedText => "bản nhập từ tệp", "the imported text";
    OnlyLessonsAndArticles => "Bảng biên tập hiện viết bài học và bài viết; khóa học và bài kiểm tra được soạn trong thư mục content/.",
        "The panel writes lessons and articles; courses and quizzes are written in the content/ folder for now.";
    // — editors' panel: history and the audit log —
    HistTitle => "Lịch sử phiên bản", "Revision history";
    HistIntro => "Mỗi lần lưu là một phiên bản và đều được giữ lại. So sánh hai phiên bản để xem đã thay đổi gì, hoặc khôi phục một phiên bản cũ thành bản nháp mới.",
        "Every save is a revision, and every revision is kept. Compare two revisions to see what changed, or restore an old one as a new draft.";
    HistBackToEditing => "Về trang sửa bài", "Back to editing";
    HistRevisions => "Các phiên bản", "Revisions";
    HistRevision => "Phiên bản", "Revision";
    HistNewest => "mới nhất", "newest";
    HistImported => "văn bản nhập từ tệp", "the imported text";
    HistUnknownAuthor => "không rõ người lưu", "saved by an unknown person";
    HistNoteSave => "lưu", "saved";
    HistNoteRestoredFrom => "khôi phục từ", "restored from";
    HistNoRevisions => "Mục này chưa có phiên bản nào được lưu trong bảng biên tập.", "Nothing has been saved for this item in the panel yet.";
    HistCompareWithPrevious => "So sánh với bản trước", "Compare with the one before";
    HistRestore => "Khôi phục phiên bản này", "Restore this revision";
    HistRestoreNote => "Khôi phục tạo một phiên bản mới (bản nháp) có nội dung của phiên bản cũ; bài đang đăng không đổi cho đến khi được duyệt lại.",
        "Restoring makes a new revision (a draft) with the old revision's text; the published version stays until the draft is approved.";
    HistCompare => "So sánh hai phiên bản", "Compare two revisions";
    HistFrom => "Từ phiên bản", "From revision";
    HistTo => "Đến phiên bản", "To revision";
    HistShowChanges => "Xem thay đổi", "Show changes";
    HistChangesFrom => "Thay đổi từ", "Changes from";
    HistChangesTo => "đến", "to";
    HistNoChanges => "Hai phiên bản này giống nhau.", "These two revisions are the same.";
    HistFieldsCaption => "Các mục đã đổi", "Changed fields";
    HistField => "Mục", "Field";
    HistBefore => "Trước", "Before";
    HistAfter => "Sau", "After";
    HistEmptyValue => "(trống)", "(empty)";
    HistFieldTitle => "Tiêu đề", "Title";
    HistFieldSlug => "Đường dẫn (slug)", "Address (slug)";
    HistFieldSummary => "Tóm tắt", "Summary";
    HistFieldMinutes => "Thời lượng đọc (phút)", "Reading time (minutes)";
    HistFieldAuthor => "Tác giả", "Author";
    HistFieldSeries => "Chuỗi bài", "Series";
    HistFieldDate => "Ngày đăng", "Date";
    HistBodyCaption => "Nội dung bài", "Text";
    HistBodySame => "Nội dung bài không đổi.", "The text is unchanged.";
    HistLinesAdded => "Dòng thêm (+)", "Lines added (+)";
    HistLinesRemoved => "Dòng bỏ (-)", "Lines removed (-)";
    HistAddedLine => "Dòng thêm:", "Added:";
    HistRemovedLine => "Dòng bỏ:", "Removed:";
    HistUnchangedLines => "dòng không đổi", "unchanged lines";
    AuditTitle => "Nhật ký biên tập", "Editorial audit log";
    AuditIntro => "Mọi thao tác biên tập: ai làm gì, với mục nào, lúc nào (giờ Việt Nam). Mới nhất ở trên.",
        "Every editorial action: who did what, to which item, and when (Vietnam time). Newest first.";
    AuditLink => "Xem nhật ký biên tập", "See the editorial audit log";
    AuditFilter => "Lọc nhật ký", "Filter the log";
    AuditPerson => "Người thực hiện", "Person";
    AuditPersonHint => "Tên, số điện thoại hoặc email", "Name, phone number or email";
    AuditPersonChoose => "Nhiều người khớp với tìm kiếm; hãy chọn một người rồi bấm Lọc.", "Several people match; choose one, then press Filter.";
    AuditPersonChoice => "Chọn người", "Choose the person";
    AuditPersonNone => "Không tìm thấy người dùng nào khớp với tìm kiếm.", "Nobody matches this search.";
    AuditPersonShown => "Chỉ hiện thao tác của", "Showing only the actions of";
    AuditKind => "Loại mục", "Item kind";
    AuditAnyKind => "Mọi loại", "Any kind";
    AuditKindCourse => "Khóa học", "Course";
    AuditKindLesson => "Bài học", "Lesson";
    AuditKindArticle => "Bài viết", "Article";
    AuditKindQuiz => "Bài kiểm tra", "Quiz";
    AuditItemId => "Mã mục", "Item id";
    AuditItemNeedsBoth => "Để lọc theo một mục, hãy chọn loại mục và nhập mã mục.", "To filter by an item, choose its kind and enter its id.";
    AuditFromDate => "Từ ngày", "From";
    AuditToDate => "Đến ngày", "To";
    AuditDateHint => "Dạng YYYY-MM-DD, giờ Việt Nam; cả hai ngày đều được tính.", "As YYYY-MM-DD, Vietnam time; both days are included.";
    AuditDateInvalid => "Ngày không hợp lệ (dạng YYYY-MM-DD), bộ lọc ngày này được bỏ qua.", "Not a valid date (YYYY-MM-DD); this date filter is ignored.";
    AuditApply => "Lọc", "Filter";
    AuditClear => "Bỏ lọc", "Clear the filters";
    AuditCaption => "Thao tác biên tập, mới nhất trước", "Editorial actions, newest first";
    AuditTime => "Thời gian", "Time";
    AuditAction => "Thao tác", "Action";
    AuditItem => "Mục", "Item";
    AuditDetail => "Chi tiết", "Detail";
    AuditSystem => "hệ thống", "system";
    AuditNothing => "Không có thao tác nào khớp với bộ lọc.", "No actions match the filters.";
    AuditLimitNote => "Chỉ hiện 500 thao tác gần nhất; hãy thu hẹp bộ lọc để xem các thao tác cũ hơn.", "Only the 500 most recent actions are shown; narrow the filters to see older ones.";
    AuditActCreate => "tạo", "created";
    AuditActSave => "lưu", "saved";
    AuditActSubmit => "gửi duyệt", "sent for review";
    AuditActPublish => "đăng", "published";
    AuditActSchedule => "lên lịch", "scheduled";
    AuditActArchive => "lưu trữ", "archived";
    AuditActRestore => "khôi phục", "restored";
    AuditActReturn => "trả về bản nháp", "returned to draft";
    AuditActImage => "tải ảnh", "image uploaded";
    // — editors' panel: images —
    ImagesTitle => "Thêm ảnh", "Add an image";
    ImageSaveFirst => "Lưu nội dung trước khi tải ảnh: trang sẽ tải lại sau khi tải ảnh.", "Save your text before uploading: the page reloads after the upload.";
    ImageFile => "Tệp ảnh", "Image file";
    ImageFileHint => "PNG, JPEG hoặc WebP, tối đa 5 MB. Thông tin ẩn trong ảnh (như vị trí GPS) được xóa.", "PNG, JPEG or WebP, up to 5 MB. Hidden data (such as GPS location) is removed.";
    ImageAlt => "Mô tả ảnh", "Image description";
    ImageAltHint => "Bắt buộc: nói ảnh có gì, cho người không xem được ảnh.", "Required: say what the image shows, for people who cannot see it.";
    UploadImage => "Tải ảnh lên", "Upload the image";
    ImageReady => "Đã tải ảnh lên. Chép dòng này vào nội dung bài, ở chỗ muốn đặt ảnh:", "Image uploaded. Copy this line into the text where the image goes:";
    ImageEmpty => "Chưa chọn tệp ảnh, hoặc tệp trống.", "No image file chosen, or the file is empty.";
    ImageTooLarge => "Ảnh quá lớn: tối đa 5 MB.", "The image is too large: 5 MB at most.";
    ImageNotImage => "Chỉ nhận ảnh PNG, JPEG hoặc WebP (nội dung tệp này không phải một trong ba loại đó).", "Only PNG, JPEG or WebP images are accepted (this file's content is none of them).";
    ImageDamaged => "Tệp ảnh bị hỏng, không đọc được.", "The image file is damaged and cannot be read.";
    ImageTooManyPixels => "Ảnh quá lớn: mỗi chiều tối đa 8000 điểm ảnh.", "The image is too large: 8000 pixels a side at most.";
    ImageTooManyPixelsInAll => "Ảnh quá lớn: tối đa 40 triệu điểm ảnh (ví dụ 6000 × 4000). Hãy thu nhỏ ảnh rồi tải lại.", "The image is too large: 40 million pixels at most (for example 6000 × 4000). Shrink it and upload it again.";
    ImageTooManyFrames => "Ảnh động quá dài: tối đa 100 khung hình và 100 triệu điểm ảnh cho mọi khung hình cộng lại.", "The animation is too long: 100 frames at most, and 100 million pixels for all frames together.";
    ImageNeedsAlt => "Vui lòng mô tả ảnh.", "Please describe the image.";
    MarkdownLine => "Dòng", "Line";
    MarkdownTooLarge => "Nội dung quá dài để hiển thị: tối đa", "The text is too long to show: at most";
    MarkdownTooDeep => "danh sách hoặc trích dẫn lồng nhau quá nhiều cấp; số cấp tối đa là", "lists or quotes are nested too deep; the most levels allowed is";
    MarkdownTooComplex => "Nội dung quá phức tạp để hiển thị (quá nhiều đoạn, mục, liên kết hoặc định dạng). Hãy chia nhỏ bài hoặc bớt các danh sách lồng nhau.", "The text is too complex to show (too many paragraphs, items, links or formatting). Split it, or nest fewer lists.";
    MarkdownRawTagBefore => "thẻ", "the tag";
    MarkdownRawTagAfter => "không được dùng trong bài. Thẻ được hiện như chữ thường để phần nội dung phía sau không bị mất; hãy xóa thẻ hoặc đặt nó trong khối mã (```).", "cannot be used in a page. It is shown as plain text so that the text after it is not lost; remove it, or put it in a code block (```).";
    NewQuiz => "Soạn bài kiểm tra mới", "Write a new quiz";
    NewCourse => "Tạo khóa học mới", "Create a new course";
    ExportGift => "Tải về dạng Moodle GIFT", "Download as Moodle GIFT";
    QuizAbout => "Thông tin bài kiểm tra", "About the quiz";
    QuizSettings => "Cài đặt", "Settings";
    MaxAttempts => "Số lần làm tối đa (0: không giới hạn)", "Most attempts (0: unlimited)";
    WaitMinutes => "Số phút chờ giữa hai lần làm", "Minutes to wait between attempts";
    ShuffleOptions => "Xáo trộn thứ tự các lựa chọn", "Shuffle the options";
    ShowAnswersWhen => "Hiện đáp án", "Show the answers";
    ShowAnswersAlways => "Sau mỗi lần làm", "After every attempt";
    ShowAnswersAfterPass => "Chỉ khi đã đạt", "Only once passed";
    MultipleScoring => "Chấm câu nhiều đáp án", "Scoring of multiple-answer questions";
    ScoringAllOrNothing => "Đúng hết mới được điểm", "All right or no mark";
    ScoringPartial => "Tính điểm từng phần", "Partial marks";
    QuestionsTitle => "Các câu hỏi", "Questions";
    AddQuestion => "Thêm câu hỏi", "Add a question";
    SaveDraft => "Lưu bản nháp", "Save the draft";
    QuestionType => "Loại câu hỏi", "Question type";
    QuestionText => "Nội dung câu hỏi", "Question";
    RightAnswer => "đúng", "right";
    OptionLabel => "Lựa chọn", "Option";
    OptionsLegend => "Các lựa chọn (câu chọn đáp án): đánh dấu các lựa chọn đúng", "Options (choice questions): tick the right ones";
    TruthLegend => "Đáp án (câu đúng/sai)", "Answer (true/false questions)";
    TruthTrue => "Đúng", "True";
    TruthFalse => "Sai", "False";
    IgnoreDiacritics => "Chấp nhận câu trả lời gõ không dấu", "Accept answers typed without accents";
    MoveUp => "Lên trên", "Move up";
    MoveDown => "Xuống dưới", "Move down";
    RemoveQuestion => "Xóa câu này", "Remove this question";
    PasteTitle => "Nhập nhanh từ văn bản", "Import from text";
    PasteHint => "Dán đề đã soạn sẵn (kiểu “Câu 1. … A. … Đáp án: 1-A”, Moodle GIFT hoặc Aiken). Bạn sẽ thấy các câu đã hiểu, hoặc dòng bị lỗi, trước khi lưu.", "Paste a quiz written elsewhere (“Câu 1. … A. … Đáp án: 1-A”, Moodle GIFT or Aiken). You will see the questions understood, or the lines that are wrong, before saving.";
    PasteFormat => "Kiểu văn bản", "Format";
    FormatVietnamese => "Đề kiểu Việt Nam (Câu 1. … Đáp án)", "Vietnamese layout (Câu 1. … Đáp án)";
    PasteText => "Văn bản đề", "Quiz text";
    PastePreview => "Xem trước", "Preview";
    PasteImport => "Thêm các câu này và lưu bản nháp", "Add these questions and save the draft";
    PasteProblems => "Chưa đọc được đề này. Hãy sửa các dòng sau:", "This quiz could not be read. Correct these lines:";
    PasteUnderstood => "Số câu đã hiểu:", "Questions understood:";
    LineWord => "Dòng", "Line";
    SequentialSteps => "Học theo thứ tự (xong bước trước mới làm được bước sau)", "In order (a step opens when the earlier ones are done)";
    CourseCover => "Giới thiệu khóa học (markdown)", "Course introduction (markdown)";
    CourseSteps => "Các bước của khóa học", "Course steps";
    StepsAfterCreate => "Tạo khóa học trước, rồi thêm bài học và bài kiểm tra vào đây.", "Create the course first, then add its lessons and quizzes here.";
    StepsHint => "Người học đi qua các bước theo thứ tự dưới đây. Dùng nút Lên/Xuống (hoặc kéo thả) để sắp xếp, rồi lưu.", "Learners take the steps in this order. Use the up/down buttons (or drag) to arrange them, then save.";
    AddStepLabel => "Thêm bài của khóa học vào cuối", "Add one of the course's items at the end";
    AddStep => "Thêm", "Add";
    RemoveStep => "Bỏ ra", "Take out";
    StepsMovedSave => "Đã đổi thứ tự. Bấm “Lưu bản nháp” để lưu.", "Order changed. Press “Save the draft” to keep it.";
    UnitsTitle => "Cây đơn vị", "Organisational units";
    UnitsIntro => "Thành phố, các sở, ngành, phường, xã và đơn vị trực thuộc. Cán bộ thuộc một đơn vị; người quản lý một đơn vị thấy cả các đơn vị cấp dưới.", "The city, its departments, wards and their sub-units. Officials belong to a unit; a unit's manager sees every unit below it too.";
    BackToAdmin => "← Về trang quản trị", "← Back to administration";
    UnitSaved => "Đã lưu thay đổi.", "Change saved.";
    UnitTop => "(Cấp cao nhất)", "(Top level)";
    UnitMembers => "cán bộ", "officials";
    UnitClosed => "Đã đóng", "Closed";
    UnitNewName => "Tên mới", "New name";
    UnitRename => "Đổi tên", "Rename";
    UnitMoveUnder => "Chuyển vào", "Move under";
    UnitMove => "Chuyển", "Move";
    UnitClose => "Đóng đơn vị (giữ lịch sử)", "Close the unit (history kept)";
    UnitCreate => "Tạo đơn vị", "Create a unit";
    UnitCode => "Mã đơn vị", "Unit code";
    UnitCodeHint => "Chữ không dấu, số, gạch ngang; ví dụ DN-HC-01. Dùng trong tệp CSV danh sách cán bộ.", "Letters without accents, digits, hyphens; e.g. DN-HC-01. Used in officials' CSV files.";
    UnitName => "Tên đơn vị", "Unit name";
    UnitParent => "Đơn vị cấp trên", "Parent unit";
    UnitTree => "Các đơn vị", "Units";
    UnitNone => "Chưa có đơn vị nào.", "No units yet.";
    MembersTitle => "Cán bộ của đơn vị (và các đơn vị cấp dưới)", "Officials of the unit (and the units below it)";
    MemberName => "Họ và tên", "Full name";
    MemberPosition => "Chức vụ", "Position";
    MemberSince => "Từ ngày", "Since";
    MemberLeave => "Cho rời đơn vị", "Remove from the unit";
    MemberPlace => "Thêm người vào đơn vị", "Add a person to the unit";
    MemberIdentifier => "Số điện thoại hoặc email của tài khoản", "The account's phone number or email";
    ManagersTitle => "Người quản lý đơn vị", "Unit managers";
    ManagerGrant => "Giao quản lý", "Make manager";
    ManagerRevoke => "Thu hồi quản lý", "Revoke manager";
    OfficialAdd => "Tạo tài khoản cán bộ", "Create an official's account";
    OfficialAddHint => "Tài khoản mới chưa có mật khẩu: bạn nhận một mã kích hoạt để in hoặc đọc cho cán bộ; họ tự đặt mật khẩu tại trang Kích hoạt. Nếu số điện thoại hoặc email đã có tài khoản mà chưa là cán bộ, tài khoản đó được đưa vào đơn vị với một mã kích hoạt mới: mật khẩu cũ hết hiệu lực (ai đó có thể đã đăng ký trước bằng số của cán bộ), cán bộ đặt mật khẩu mới bằng mã.", "A new account has no password: you get a set-up code to print or read out; the official chooses a password on the Activate page. If the phone or e-mail already has an account that is not yet an official's, that account joins the unit with a fresh set-up code: its old password stops working (someone else may have registered the official's number first) and the official chooses a new one with the code.";
    OfficialIdentifier => "Số điện thoại hoặc email", "Phone number or e-mail";
    OfficialCreated => "Đã tạo tài khoản cho", "Account created for";
    SetupCodeHandOut => "Mã kích hoạt (đọc hoặc in cho cán bộ, dùng tại /kich-hoat trong 7 ngày):", "Set-up code (read it out or print it; used at /kich-hoat within 7 days):";
    SetupCodeOnce => "Mã chỉ hiện một lần và chỉ dùng được một lần.", "The code is shown once and works once.";
    ActivateTitle => "Kích hoạt tài khoản", "Activate your account";
    ActivateIntro => "Nhập số điện thoại hoặc email của bạn, mã kích hoạt người quản lý đưa cho bạn, rồi tự đặt mật khẩu.", "Enter your phone number or e-mail, the set-up code your manager gave you, and choose your password.";
    SetupCodeLabel => "Mã kích hoạt", "Set-up code";
    ActivateButton => "Kích hoạt và đăng nhập", "Activate and sign in";
    RosterTitle => "Nhập danh sách cán bộ", "Import a list of officials";
    RosterIntro => "Dán danh sách cán bộ dạng CSV (xuất từ Excel): Họ và tên, Số điện thoại hoặc Email, Mã đơn vị, Chức vụ. Bấm Kiểm tra để xem từng dòng trước khi lưu; danh sách chỉ được nhập khi không còn dòng lỗi. Nhập lại cùng danh sách không thay đổi gì.", "Paste a list of officials as CSV (exported from Excel): full name, phone or e-mail, unit code, position. Check shows every row before anything is saved; the list is imported only when no row is wrong. Importing the same list again changes nothing.";
    RosterText => "Danh sách (CSV, có dòng tiêu đề)", "List (CSV, with a header row)";
    RosterHint => "Ví dụ dòng tiêu đề: Họ và tên;Số điện thoại;Email;Mã đơn vị;Chức vụ — dấu phẩy, chấm phẩy hoặc tab đều được.", "Example header: Họ và tên;Số điện thoại;Email;Mã đơn vị;Chức vụ — commas, semicolons or tabs.";
    RosterCheck => "Kiểm tra (chưa lưu)", "Check (saves nothing)";
    RosterImport => "Nhập danh sách", "Import the list";
    RosterNew => "tạo tài khoản mới", "new account";
    RosterLink => "liên kết tài khoản có sẵn", "existing account linked";
    RosterMove => "chuyển đơn vị/chức vụ", "moved";
    RosterSame => "không đổi", "unchanged";
    RosterError => "lỗi", "wrong";
    RosterApplied => "Đã nhập", "Imported";
    RosterChecked => "Kết quả kiểm tra (chưa lưu gì)", "Checked (nothing saved)";
    RosterFixFirst => "Hãy sửa các dòng lỗi rồi kiểm tra lại: danh sách chỉ được nhập khi không còn lỗi.", "Correct the wrong rows and check again: the list is imported only when no row is wrong.";
    RosterResult => "Kết quả", "Result";
    ResetCodeButton => "Cấp mã đặt lại mật khẩu", "Issue a password reset code";
    ResetNoticeTitle => "Mật khẩu của bạn đã được đặt lại bằng mã", "Your password was reset with a code";
    ResetNoticeBy => "Mã do", "Code issued by";
    ResetNoticeAt => "cấp, dùng lúc", ", used at";
    ResetNoticeHelp => "Nếu không phải bạn làm việc này, hãy đổi mật khẩu ngay và báo người quản lý hoặc quản trị viên.", "If this was not you, change your password now and tell your manager or an administrator.";
    FixMarked => "Chưa lưu được. Hãy sửa những điều sau:", "Not saved yet. Please correct the following:";
    TodoTitle => "Việc cần làm", "My tasks";
    TodoIntro => "Các khóa học bắt buộc được giao cho bạn, hạn hoàn thành và tình trạng.", "The required courses assigned to you, their deadlines and where you stand.";
    TodoNone => "Bạn chưa được giao khóa học bắt buộc nào.", "No required course has been assigned to you.";
    TodoContinue => "Học tiếp", "Continue";
    TodoStart => "Bắt đầu học", "Start";
    TodoReview => "Xem lại", "Review";
    TodoDeadline => "Hạn hoàn thành", "Deadline";
    TodoDoneAt => "Hoàn thành lúc", "Completed at";
    TodoAssignedBy => "Người giao", "Assigned by";
    TodoAuthority => "Cơ quan giao", "Authority";
    TodoDocument => "Văn bản", "Document";
    TodoNote => "Ghi chú", "Note";
    TodoStepsDone => "Đã xong", "Done";
    RemindersTitle => "Nhắc việc", "Reminders";
    RemindersRead => "Đánh dấu đã đọc", "Mark as read";
    ReminderDueSoon => "Sắp đến hạn", "Due soon";
    ReminderOverdue => "Đã quá hạn", "Overdue";
    StatusNotStarted => "Chưa bắt đầu", "Not started";
    StatusInProgress => "Đang học", "In progress";
    StatusDoneOnTime => "Hoàn thành đúng hạn", "Done on time";
    StatusDoneLate => "Hoàn thành trễ hạn", "Done late";
    StatusOverdue => "Quá hạn", "Overdue";
    DashboardTitle => "Theo dõi học tập bắt buộc", "Required learning dashboard";
    DashboardIntro => "Ai phải học gì, hạn đến khi nào, ai giao, kết quả ra sao: “5 rõ” cho từng nhiệm vụ và từng đơn vị.", "Who must learn what, by when, given by whom, with what result: the “5 rõ” for each assignment and unit.";
    DashboardCity => "Toàn thành phố", "Whole city";
    DashboardChoose => "Chọn đơn vị bạn quản lý", "Choose a unit you manage";
    DashboardAssignments => "Nhiệm vụ học tập", "Assignments";
    DashboardNoAssignments => "Chưa có nhiệm vụ học tập nào trong phạm vi này.", "No assignment in this scope yet.";
    DashboardWho => "Ai (đối tượng)", "Who";
    DashboardWhat => "Việc gì (khóa học)", "What (course)";
    DashboardWhen => "Hạn", "By when";
    DashboardAuthority => "Thẩm quyền (người giao, văn bản)", "Authority (by whom, document)";
    DashboardResult => "Kết quả", "Result";
    DashboardPeople => "người", "people";
    DashboardUnits => "Theo đơn vị", "By unit";
    DashboardUnit => "Đơn vị", "Unit";
    DashboardPercent => "Tỷ lệ hoàn thành", "Completed";
    DashboardTotal => "Tổng số", "Total";
    DashboardPersonList => "Danh sách cán bộ", "People";
    DashboardPerson => "Họ và tên", "Name";
    DashboardContact => "Liên hệ", "Contact";
    DashboardStatus => "Tình trạng", "Status";
    DashboardChase => "Cần đôn đốc", "To follow up";
    DashboardChaseNone => "Không ai quá hạn.", "Nobody is overdue.";
    DashboardFilters => "Lọc", "Filter";
    DashboardAll => "Tất cả", "All";
    DashboardApply => "Xem", "Show";
    DashboardSort => "Sắp xếp", "Sort";
    DashboardSortPercent => "Tỷ lệ thấp trước", "Lowest completion first";
    DashboardSortName => "Theo tên", "By name";
    DashboardSortOverdue => "Quá hạn nhiều trước", "Most overdue first";
    DashboardSortDeadline => "Theo hạn", "By deadline";
    DashboardSortStatus => "Theo tình trạng", "By status";
    DashboardExport => "Tải về CSV (mở bằng Excel)", "Download CSV (opens in Excel)";
    DashboardNextPage => "Trang sau", "Next page";
    DashboardPrevPage => "Trang trước", "Previous page";
    DashboardChartUnits => "Tỷ lệ hoàn thành theo đơn vị", "Completion by unit";
    DashboardChartWeeks => "Số lượt hoàn thành theo tuần (12 tuần gần nhất)", "Completions per week (last 12 weeks)";
    DashboardWeekOf => "Tuần từ", "Week of";
    DashboardClosed => "Đã kết thúc", "Closed";
    DashboardClose => "Kết thúc nhiệm vụ", "Close the assignment";
    DashboardAssign => "Giao nhiệm vụ học tập", "Give an assignment";
    DashboardSubunits => "Đơn vị trực thuộc", "Units below";
    AssignTitle => "Giao nhiệm vụ học tập", "Give an assignment";
    AssignIntro => "Chọn khóa học, đối tượng và hạn hoàn thành. Người vào đơn vị sau khi giao cũng được giao, với hạn là ngày muộn hơn giữa hạn chung và 14 ngày sau khi vào.", "Choose the courses, the people and the deadline. People who join the unit later are assigned too, due by the later of the deadline and 14 days after joining.";
    AssignCourses => "Khóa học", "Courses";
    AssignUnit => "Đơn vị", "Unit";
    AssignIncludeSub => "Gồm cả các đơn vị trực thuộc", "Including the units below it";
    AssignPosition => "Chỉ những người giữ chức vụ (để trống: tất cả)", "Only people holding the position (empty: everyone)";
    AssignPeople => "Hoặc chỉ những người này (số điện thoại hoặc email, mỗi dòng một người)", "Or only these people (phone or e-mail, one per line)";
    AssignDeadline => "Hạn hoàn thành (hết 23:59 ngày này, giờ Việt Nam)", "Deadline (until 23:59 that day, Vietnam time)";
    AssignAuthority => "Cơ quan giao (ví dụ UBND phường Hải Châu)", "Authority (e.g. Hải Châu ward People's Committee)";
    AssignDocument => "Theo văn bản (ví dụ Kế hoạch số 12/KH-UBND)", "Under document (e.g. Plan No. 12/KH-UBND)";
    AssignNote => "Ghi chú", "Note";
    AssignSubmit => "Giao nhiệm vụ", "Give the assignment";
    RosterFile => "Hoặc chọn tệp CSV (xuất từ Excel: “CSV UTF-8” hoặc “CSV”)", "Or choose a CSV file (saved from Excel as “CSV UTF-8” or “CSV”)";
    ForgotTitle => "Quên mật khẩu", "Forgot your password";
    ForgotIntro => "Nhập email bạn dùng để đăng nhập. Chúng tôi sẽ gửi một đường dẫn đặt lại mật khẩu (dùng được một lần, trong 7 ngày). Tài khoản đăng nhập bằng số điện thoại: hãy nhờ người quản lý đơn vị hoặc quản trị viên cấp mã đặt lại.", "Enter the e-mail you sign in with. We will send a link to reset your password (it works once, for 7 days). Accounts that sign in with a phone number: ask your unit's manager or an administrator for a reset code.";
    ForgotButton => "Gửi đường dẫn đặt lại", "Send the reset link";
    ForgotSent => "Nếu địa chỉ này có tài khoản, thư đặt lại mật khẩu đang được gửi đến. Hãy xem hộp thư (cả mục thư rác).", "If this address has an account, a reset e-mail is on its way. Check your inbox (and spam folder).";
    ForgotNoMail => "Trang web chưa được cấu hình gửi thư. Hãy nhờ người quản lý đơn vị hoặc quản trị viên cấp mã đặt lại mật khẩu.", "This site cannot send e-mail yet. Ask your unit's manager or an administrator for a reset code.";
    ForgotLink => "Quên mật khẩu?", "Forgot your password?";
    AssignGiven => "Đã giao nhiệm vụ học tập.", "The assignment was given.";
}

/// A word that follows a number ("6 phút đọc", "1 view"). Vietnamese
/// nouns have one form for every count; English ones a singular for exactly
/// one. A count in the interface is always written with [`Counted::phrase`],
/// never as a number beside a [`Msg`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Views,
    Lessons,
    /// A length of time: "3 phút", "1 minute".
    Minutes,
    /// A reading time: "6 phút đọc", "6 min read".
    MinutesRead,
    Questions,
    /// Steps of a course (lessons and quizzes).
    Steps,
}

impl Counted {
    #[cfg(test)]
    const ALL: [Counted; 6] = [
        Counted::Views,
        Counted::Lessons,
        Counted::Minutes,
        Counted::MinutesRead,
        Counted::Questions,
        Counted::Steps,
    ];

    /// Vietnamese, English singular, English plural.
    fn forms(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Counted::Views => ("lượt xem", "view", "views"),
            Counted::Lessons => ("bài học", "lesson", "lessons"),
            Counted::Minutes => ("phút", "minute", "minutes"),
            Counted::MinutesRead => ("phút đọc", "min read", "min read"),
            Counted::Questions => ("câu hỏi", "question", "questions"),
            Counted::Steps => ("bước", "step", "steps"),
        }
    }

    /// The word for `n` of them in `lang`.
    pub fn word(self, n: u64, lang: Lang) -> &'static str {
        let (vi, one, many) = self.forms();
        match lang {
            Lang::Vi => vi,
            Lang::En => plural(n, one, many),
        }
    }

    /// The number, grouped as readers of `lang` expect, and its word:
    /// "1.302.114 lượt xem", "1,302,114 views", "1 view".
    pub fn phrase(self, n: impl Into<u64>, lang: Lang) -> String {
        let n = n.into();
        format!(
            "{} {}",
            crate::domain::format_count(n, lang),
            self.word(n, lang)
        )
    }
}

/// `one` for exactly one, `many` otherwise (English: "0 views", "1 view").
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

impl Msg {
    /// The message explaining a refused field.
    pub fn for_problem(problem: crate::domain::Problem) -> Msg {
        use crate::domain::Problem as P;
        match problem {
            P::Required => Msg::ProblemRequired,
            P::NameTooShort => Msg::ProblemNameTooShort,
            P::NameTooLong => Msg::ProblemNameTooLong,
            P::NameInvalid => Msg::ProblemNameInvalid,
            P::NameInvisible => Msg::ProblemNameInvisible,
            P::PhoneInvalid => Msg::ProblemPhoneInvalid,
            P::EmailInvalid => Msg::ProblemEmailInvalid,
            P::PasswordTooShort => Msg::ProblemPasswordTooShort,
            P::PasswordTooLong => Msg::ProblemPasswordTooLong,
            P::PasswordCommon => Msg::ProblemPasswordCommon,
            P::PasswordIsPhone => Msg::ProblemPasswordIsPhone,
            P::PasswordMismatch => Msg::ProblemPasswordMismatch,
            P::AlreadyRegistered => Msg::ProblemAlreadyRegistered,
            P::WrongCredentials => Msg::ProblemWrongCredentials,
            P::WrongCurrentPassword => Msg::ProblemWrongCurrentPassword,
            P::UnknownRole => Msg::ProblemUnknownRole,
            P::UnknownUser => Msg::ProblemUnknownUser,
            P::CannotRevokeOwnAdmin => Msg::ProblemCannotRevokeOwnAdmin,
            P::DeletionNotConfirmed => Msg::ProblemDeletionNotConfirmed,
            P::WrongSetupCode => Msg::ProblemWrongSetupCode,
        }
    }

    pub fn for_role(role: crate::domain::Role) -> Msg {
        use crate::domain::Role;
        match role {
            Role::Learner => Msg::RoleLearner,
            Role::Official => Msg::RoleOfficial,
            Role::Editor => Msg::RoleEditor,
            Role::Admin => Msg::RoleAdmin,
        }
    }

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
    fn the_language_is_the_one_picked_in_the_cookie() {
        assert_eq!(Lang::chosen(Some("a=b; lang=en")), Lang::En);
        assert_eq!(Lang::chosen(Some("lang=vi; a=b")), Lang::Vi);
    }

    #[test]
    fn unknown_or_missing_choices_fall_back_to_vietnamese() {
        assert_eq!(Lang::chosen(None), Lang::Vi);
        assert_eq!(Lang::chosen(Some("lang=xx")), Lang::Vi);
        assert_eq!(Lang::chosen(Some("a=b")), Lang::Vi);
    }

    #[cfg(feature = "ssr")]
    fn headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    http::header::HeaderName::from_static(k),
                    http::HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_phone_set_to_english_still_gets_vietnamese() {
        let english_phone = headers(&[("accept-language", "en-US,en;q=0.9")]);
        assert_eq!(Lang::from_headers(&english_phone), Lang::Vi);
        assert_eq!(
            Lang::from_headers(&headers(&[("accept-language", "en")])),
            Lang::Vi
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn only_the_cookie_picks_english() {
        let picked = headers(&[("accept-language", "vi"), ("cookie", "x=1; lang=en")]);
        assert_eq!(Lang::from_headers(&picked), Lang::En);
        let mut split = headers(&[("cookie", "x=1")]);
        split.append(
            http::header::COOKIE,
            http::HeaderValue::from_static("lang=en"),
        );
        assert_eq!(
            Lang::from_headers(&split),
            Lang::En,
            "HTTP/2 splits cookies"
        );
        assert_eq!(
            Lang::from_headers(&headers(&[("cookie", "lang=vi")])),
            Lang::Vi
        );
    }

    #[test]
    fn the_cookie_is_remembered_for_a_year_on_the_whole_site() {
        assert_eq!(
            lang_cookie(Lang::En),
            "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"
        );
    }

    #[test]
    fn english_counts_are_singular_for_one_only() {
        assert_eq!(Counted::Views.phrase(1u64, Lang::En), "1 view");
        assert_eq!(Counted::Views.phrase(2u64, Lang::En), "2 views");
        assert_eq!(Counted::Views.phrase(0u64, Lang::En), "0 views");
        assert_eq!(Counted::Views.phrase(1_001u64, Lang::En), "1,001 views");
        assert_eq!(Counted::Lessons.phrase(1u32, Lang::En), "1 lesson");
        assert_eq!(Counted::Lessons.phrase(6u32, Lang::En), "6 lessons");
        assert_eq!(Counted::Minutes.phrase(1u32, Lang::En), "1 minute");
        assert_eq!(Counted::Minutes.phrase(15u32, Lang::En), "15 minutes");
        assert_eq!(Counted::MinutesRead.phrase(1u32, Lang::En), "1 min read");
        assert_eq!(Counted::Questions.phrase(1u32, Lang::En), "1 question");
        assert_eq!(Counted::Questions.phrase(10u32, Lang::En), "10 questions");
        assert_eq!(plural(1, "page", "pages"), "page");
        assert_eq!(plural(3, "page", "pages"), "pages");
    }

    #[test]
    fn vietnamese_counts_have_one_form() {
        assert_eq!(Counted::Views.phrase(1u64, Lang::Vi), "1 lượt xem");
        assert_eq!(
            Counted::Views.phrase(1_302_114u64, Lang::Vi),
            "1.302.114 lượt xem"
        );
        assert_eq!(Counted::Lessons.phrase(1u32, Lang::Vi), "1 bài học");
        assert_eq!(Counted::Lessons.phrase(6u32, Lang::Vi), "6 bài học");
        assert_eq!(Counted::MinutesRead.phrase(6u32, Lang::Vi), "6 phút đọc");
        for counted in Counted::ALL {
            let word = counted.word(1, Lang::Vi);
            assert_eq!(word, counted.word(2, Lang::Vi));
            use unicode_normalization::UnicodeNormalization;
            assert_eq!(
                word,
                word.nfc().collect::<String>(),
                "{counted:?} is not NFC"
            );
        }
    }
}
