//! The learner's server functions: quizzes to take, graded attempts,
//! "Học tập của tôi" and certificates. Submissions and completions are plain
//! form posts answered by the server's `learning` routes (they redirect, so
//! they work without JavaScript); the logic is in `ssr::learning`.

use crate::domain::{ApiError, AttemptReport, CertificateView, MyLearning, QuizSheet};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{cached_viewer, client_key, current_viewer, fail, internal, refuse, require},
    crate::domain::Role,
    crate::domain::access::Access,
    crate::ssr::AppState,
    crate::ssr::learning::{self, LearnError, grading},
};

#[cfg(feature = "ssr")]
fn learn_error(context: &'static str) -> impl FnOnce(LearnError) -> ApiError {
    move |e| match e {
        LearnError::NotFound | LearnError::UnknownAttempt => fail(ApiError::NotFound),
        LearnError::Db(e) => internal(context)(e),
        other => {
            tracing::warn!(error = %other, context, "learning action refused");
            fail(ApiError::Forbidden)
        }
    }
}

/// The quiz to take: questions only (the answers stay on the server). A
/// signed-in learner who may submit gets an attempt token with it.
#[server(prefix = "/api", endpoint = "quiz")]
pub async fn get_quiz_sheet(quiz: String) -> Result<QuizSheet, ApiError> {
    let viewer = cached_viewer().await?;
    learning::quiz_sheet(&AppState::current().db, &quiz, viewer.map(|v| v.id))
        .await
        .map_err(learn_error("quiz sheet"))
}

/// A visitor's try: `answers` is the form as a query string. Graded, not
/// stored, shown as a score only; limited per quiz and client address
/// ([`learning::VISITOR_TRIES`]), after which the page invites the visitor
/// to sign in.
#[server(prefix = "/api", endpoint = "quiz_try")]
pub async fn try_quiz(quiz: String, answers: String) -> Result<AttemptReport, ApiError> {
    let state = AppState::current();
    let throttle = &state.auth.throttle;
    let subject = format!("{quiz}:{}", client_key());
    let limits = [(learning::VISITOR_TRIES, subject.as_str())];
    if let Err(wait) = throttle
        .check(&state.db, &limits)
        .await
        .map_err(internal("checking a visitor's tries"))?
    {
        return Err(refuse(wait).await);
    }
    let answers = grading::answers_from_form(&answers);
    // a quiz that does not exist is not counted (nor stored as a key)
    let report = learning::try_quiz(&state.db, &quiz, &answers)
        .await
        .map_err(learn_error("quiz try"))?;
    throttle
        .charge(&state.db, &limits)
        .await
        .map_err(internal("counting a visitor's try"))?;
    Ok(report)
}

/// One of the signed-in learner's own submitted attempts.
#[server(prefix = "/api", endpoint = "learner/attempt")]
pub async fn get_attempt_report(id: i64) -> Result<AttemptReport, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    learning::attempt_report(&AppState::current().db, viewer.id, id)
        .await
        .map_err(learn_error("attempt report"))
}

/// "Học tập của tôi".
#[server(prefix = "/api", endpoint = "learner/mine")]
pub async fn get_my_learning() -> Result<MyLearning, ApiError> {
    let viewer = require(Access::SignedIn).await?;
    learning::my_learning(&AppState::current().db, viewer.id)
        .await
        .map_err(internal("my learning"))
}

/// A certificate's public verification page.
#[server(prefix = "/api", endpoint = "certificate")]
pub async fn get_certificate(code: String) -> Result<CertificateView, ApiError> {
    let state = AppState::current();
    let can_revoke = current_viewer().await?.is_some_and(|v| v.has(Role::Admin));
    let issuer = crate::i18n::Msg::CertificateIssuer.vi();
    learning::verify(&state.db, &code, &state.public_url, issuer, can_revoke)
        .await
        .map_err(internal("certificate"))?
        .ok_or_else(|| fail(ApiError::NotFound))
}
