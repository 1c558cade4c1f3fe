use crate::helpers::{Backend, both_backends, spawn_app};

both_backends!(
    every_page_answers_with_its_vietnamese_content,
    unknown_paths_and_slugs_answer_the_404_page,
    lessons_link_to_their_neighbours_in_course_order,
    articles_are_paginated_newest_first,
    quiz_preview_shows_questions_without_answers,
    server_functions_answer_json,
);

async fn every_page_answers_with_its_vietnamese_content(backend: Backend) {
    let app = spawn_app(backend).await;
    let pages = [
        ("/", "Bình dân học vụ số"),
        ("/", "Bài viết mới nhất"),
        ("/", "Đọc nhiều nhất"),
        ("/khoa-hoc", "Bình dân học AI"),
        ("/khoa-hoc/binh-dan-hoc-vu-so", "Nội dung khóa học"),
        (
            "/khoa-hoc/binh-dan-hoc-vu-so/tai-khoan-dinh-danh-dien-tu-vneid",
            "VNeID",
        ),
        ("/khoa-hoc/binh-dan-hoc-ai/ai-la-gi", "lượt xem"),
        ("/bai-viet", "Bình dân học AI"),
        (
            "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi",
            "Ban biên tập Học Số",
        ),
        ("/kiem-tra/kiem-tra-binh-dan-hoc-vu-so", "Câu 1"),
    ];
    for (path, expected) in pages {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains(expected),
            "{path} should contain {expected:?}"
        );
        assert!(
            page.body.contains(r#"<html lang="vi""#),
            "{path} is Vietnamese"
        );
        assert!(page.body.contains("<title>"), "{path} has a title");
        assert!(
            page.body.contains(r#"<meta name="description""#),
            "{path} has a description"
        );
        assert!(
            !page.body.contains("Không tìm thấy trang"),
            "{path} is not a 404"
        );
    }
    let article = app
        .get("/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi")
        .await;
    assert!(article.body.contains("13/01/2026"), "dates are dd/mm/yyyy");
    assert!(
        article.body.contains("<title>AI là gì"),
        "the title names the article"
    );
}

async fn unknown_paths_and_slugs_answer_the_404_page(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/khong-co-trang-nay",
        "/khoa-hoc/khong-co",
        "/khoa-hoc/binh-dan-hoc-vu-so/khong-co",
        "/khoa-hoc/binh-dan-hoc-ai/tai-khoan-dinh-danh-dien-tu-vneid",
        "/khoa-hoc/KHONG%20HOP%20LE",
        "/bai-viet/khong-co",
        "/bai-viet?trang=99",
        "/bai-viet?trang=abc",
        "/kiem-tra/khong-co",
        "/a/b/c/d",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(
            page.body.contains("Không tìm thấy trang"),
            "{path} shows the Vietnamese 404 page"
        );
    }
}

async fn lessons_link_to_their_neighbours_in_course_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app
        .get("/khoa-hoc/binh-dan-hoc-vu-so/su-dung-dien-thoai-an-toan")
        .await;
    assert!(
        !first.body.contains(r#"rel="prev""#),
        "the first lesson has no previous lesson"
    );
    assert!(
        first
            .body
            .contains(r#"href="/khoa-hoc/binh-dan-hoc-vu-so/tai-khoan-dinh-danh-dien-tu-vneid""#)
    );
    let second = app
        .get("/khoa-hoc/binh-dan-hoc-vu-so/tai-khoan-dinh-danh-dien-tu-vneid")
        .await;
    assert!(
        second.body.contains(
            r#"rel="prev" href="/khoa-hoc/binh-dan-hoc-vu-so/su-dung-dien-thoai-an-toan""#
        )
    );
    assert!(
        second.body.contains(
            r#"rel="next" href="/khoa-hoc/binh-dan-hoc-vu-so/cong-dich-vu-cong-quoc-gia""#
        )
    );
    let last = app
        .get("/khoa-hoc/binh-dan-hoc-vu-so/thanh-toan-khong-dung-tien-mat")
        .await;
    assert!(
        !last.body.contains(r#"rel="next""#),
        "the last lesson has no next lesson"
    );
    let course = app.get("/khoa-hoc/binh-dan-hoc-vu-so").await;
    let positions: Vec<usize> = [
        "su-dung-dien-thoai-an-toan",
        "tai-khoan-dinh-danh-dien-tu-vneid",
        "thanh-toan-khong-dung-tien-mat",
    ]
    .iter()
    .map(|slug| {
        course
            .body
            .find(&format!("/binh-dan-hoc-vu-so/{slug}\""))
            .expect("lesson listed")
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "lessons are listed in course order"
    );
    assert!(course.body.contains("phút đọc"), "reading time is shown");
}

async fn articles_are_paginated_newest_first(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.get("/bai-viet").await;
    let newest = first
        .body
        .find("gia-dinh-cung-hoc-ai-dat-mat-khau-gia-dinh")
        .expect("newest article on page 1");
    let older = first
        .body
        .find("ai-giup-nong-dan-va-tieu-thuong-vi-du-thuc-te")
        .expect("sixth newest on page 1");
    assert!(newest < older, "newest first");
    assert!(
        !first
            .body
            .contains("/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi\""),
        "oldest is on page 2"
    );
    assert!(
        first.body.contains(r#"href="/bai-viet?trang=2""#),
        "link to page 2"
    );
    let second = app.get("/bai-viet?trang=2").await;
    assert_eq!(second.status, 200);
    assert!(
        second
            .body
            .contains("/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi\"")
    );
    assert!(second.body.contains("Trang 2 trên 2"));
}

async fn quiz_preview_shows_questions_without_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let course = app.get("/khoa-hoc/binh-dan-hoc-ai").await;
    assert!(
        course
            .body
            .contains(r#"href="/kiem-tra/kiem-tra-binh-dan-hoc-ai""#),
        "the course links its quiz"
    );
    let quiz = app.get("/kiem-tra/kiem-tra-binh-dan-hoc-ai").await;
    assert_eq!(quiz.status, 200);
    assert!(
        quiz.body.contains("Đúng hay sai?"),
        "true/false questions are labelled"
    );
    assert!(
        quiz.body.contains("Chọn một đáp án"),
        "single choice questions are labelled"
    );
    for secret in ["answer", "explanation", "answer_json"] {
        assert!(!quiz.body.contains(secret), "the page leaks {secret:?}");
    }
}

async fn server_functions_answer_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.visitor();
    let response = visitor
        .call("/api/course", &[("course", "binh-dan-hoc-vu-so")])
        .await;
    assert_eq!(response.status, 200);
    let course = response.json();
    assert_eq!(course["title"], "Bình dân học vụ số");
    assert!(course["steps"].as_array().is_some_and(|l| l.len() >= 7));
    let missing = visitor.call("/api/course", &[("course", "khong-co")]).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json(), serde_json::json!("NotFound"));
}
