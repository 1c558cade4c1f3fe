//! "Học tập của tôi" and the public certificate page.

use super::{Loading, param};
use crate::api::{get_certificate, get_my_learning};
use crate::app::use_lang;
use crate::components::{PageMeta, ProgressBar, StatusPage, page_or_error};
use crate::domain::{ApiError, MyCourse};
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
fn MyCourseItem(course: MyCourse) -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let label = format!("{}: {}", t(Msg::CourseProgressLabel), course.title);
    let next = course.progress.next.clone();
    let certificate = course.progress.certificate.clone();
    view! {
        <li class="card">
            <h3><a href=format!("/khoa-hoc/{}", course.slug)>{course.title}</a></h3>
            <ProgressBar progress=course.progress label/>
            {course.completed_on.map(|on| view! { <p class="meta">{format!("{} {}", t(Msg::CompletedOn), on.display_vn())}</p> })}
            {next.map(|step| view! { <p><a class="button" href=step.href>{t(Msg::ContinueLearning)} ": " {step.title}</a></p> })}
            {certificate.map(|code| view! { <p><a class="button secondary" href=format!("/chung-nhan/{code}")>{t(Msg::ViewCertificate)}</a></p> })}
        </li>
    }
}

/// `/hoc-tap`: the signed-in learner's courses, certificates and quiz history.
#[component]
pub fn MyLearningPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let learning = Resource::new(|| (), |()| get_my_learning());
    view! {
        <PageMeta title=t(Msg::MyLearning) description=t(Msg::MyLearning)/>
        <section class="wrap section my-learning">
            <h1>{t(Msg::MyLearning)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    page_or_error(learning.await, |mine| view! {
                        <h2>{t(Msg::InProgress)}</h2>
                        {if mine.in_progress.is_empty() {
                            view! { <p>{t(Msg::NoCoursesStarted)} " " <a href="/khoa-hoc">{t(Msg::AllCourses)}</a></p> }.into_any()
                        } else {
                            view! { <ul class="cards">{mine.in_progress.into_iter().map(|course| view! { <MyCourseItem course/> }).collect_view()}</ul> }.into_any()
                        }}
                        {(!mine.completed.is_empty()).then(|| view! {
                            <h2>{t(Msg::CompletedCourses)}</h2>
                            <ul class="cards">{mine.completed.into_iter().map(|course| view! { <MyCourseItem course/> }).collect_view()}</ul>
                        })}
                        <h2>{t(Msg::QuizHistory)}</h2>
                        {if mine.attempts.is_empty() {
                            view! { <p>{t(Msg::NoAttempts)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="history">
                                    <thead><tr>
                                        <th scope="col">{t(Msg::Quiz)}</th>
                                        <th scope="col">{t(Msg::ScoreLabel)}</th>
                                        <th scope="col">{t(Msg::ResultTitle)}</th>
                                        <th scope="col">{t(Msg::SubmittedAt)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {mine.attempts.into_iter().map(|a| view! {
                                            <tr>
                                                <td><a href=format!("/hoc-tap/lan-lam/{}", a.id)>{a.quiz_title}</a></td>
                                                <td>{format!("{}%", a.percent)}</td>
                                                <td>{if a.passed { t(Msg::Passed) } else { t(Msg::NotPassed) }}</td>
                                                <td>{a.submitted_at.display_vn()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    })
                })}
            </Suspense>
        </section>
    }
}

/// `/chung-nhan/{code}`: anyone can check a certificate; printable on one
/// A4 landscape page.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |msg: Msg| msg.text(lang);
    let code = param("code");
    let reason_missing = use_query_map().read_untracked().get("loi").as_deref() == Some("ly-do");
    let certificate = Resource::new(code, get_certificate);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match certificate.await {
                    Err(ApiError::NotFound) => view! {
                        <StatusPage code=404 title=Msg::CertificateNotFoundTitle text=Msg::CertificateNotFound/>
                    }.into_any(),
                    other => page_or_error(other, |c| {
                        let revoke = (c.can_revoke && c.revoked.is_none()).then(|| format!("/chung-nhan/{}/thu-hoi", c.code));
                        view! {
                            <PageMeta title=format!("{} · {}", t(Msg::Certificate), c.learner_name) description=c.course_title.clone()/>
                            <article class="wrap section certificate-page">
                                {match &c.revoked {
                                    None => view! { <p class="notice success no-print" data-valid="true">{t(Msg::CertificateValid)}</p> }.into_any(),
                                    Some(r) => view! {
                                        <p class="notice error" role="alert" data-valid="false">
                                            {format!("{} {}. {}: {}", t(Msg::CertificateRevoked), r.on.display_vn(), t(Msg::RevokeReason), r.reason)}
                                        </p>
                                    }.into_any(),
                                }}
                                <div class="certificate" class:revoked=c.revoked.is_some()>
                                    <p class="certificate-issuer">{c.issuer.clone()}</p>
                                    <h1>{t(Msg::Certificate)}</h1>
                                    <p>{t(Msg::CertificateCertifies)}</p>
                                    <p class="certificate-name">{c.learner_name.clone()}</p>
                                    <p>{t(Msg::CertificateCompletedCourse)}</p>
                                    <p class="certificate-course"><a href=format!("/khoa-hoc/{}", c.course_slug)>{c.course_title.clone()}</a></p>
                                    <dl class="certificate-facts">
                                        <dt>{t(Msg::CertificateIssuedOn)}</dt><dd>{c.issued_on.display_vn()}</dd>
                                        <dt>{t(Msg::CertificateIssuedBy)}</dt><dd>{c.issuer.clone()}</dd>
                                        <dt>{t(Msg::CertificateCode)}</dt><dd class="certificate-code">{c.code.clone()}</dd>
                                    </dl>
                                    <div class="certificate-verify">
                                        <div class="qr" inner_html=c.qr_svg.clone()></div>
                                        <p>{t(Msg::CertificateVerifyAt)} <br/> <span class="verify-url">{c.verify_url.clone()}</span></p>
                                    </div>
                                </div>
                                <p class="no-print note">{t(Msg::PrintCertificate)}</p>
                                {revoke.map(|action| view! {
                                    <form class="no-print revoke" method="post" action=action>
                                        <h2>{t(Msg::RevokeCertificate)}</h2>
                                        {reason_missing.then(|| view! { <p class="notice error" role="alert">{t(Msg::RevokeReasonMissing)}</p> })}
                                        <p>
                                            <label for="ly-do">{t(Msg::RevokeReasonLabel)}</label>
                                            <input id="ly-do" name="reason" type="text" required maxlength="300"/>
                                        </p>
                                        <p><button class="button danger" type="submit">{t(Msg::RevokeCertificate)}</button></p>
                                    </form>
                                })}
                            </article>
                        }
                    }),
                }
            })}
        </Suspense>
    }
}
