//! `/viec-can-lam`: an official's required courses ("Việc cần làm"): each
//! with its deadline, status and one link to continue, and the reminders.

use super::Loading;
use crate::api::{RemindersRead, my_tasks};
use crate::app::use_lang;
use crate::components::{PageMeta, page_or_error};
use crate::domain::{Moment, TaskStatus, TodoItem, TodoList};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// The words for a status.
pub fn status_text(status: TaskStatus, lang: Lang) -> &'static str {
    match status {
        TaskStatus::NotStarted => Msg::StatusNotStarted,
        TaskStatus::InProgress => Msg::StatusInProgress,
        TaskStatus::DoneOnTime => Msg::StatusDoneOnTime,
        TaskStatus::DoneLate => Msg::StatusDoneLate,
        TaskStatus::Overdue => Msg::StatusOverdue,
    }
    .text(lang)
}

/// A status as a badge (its code is the class, for the colour).
pub fn status_badge(status: TaskStatus, lang: Lang) -> impl IntoView {
    view! { <span class=format!("status-badge {}", status.code()) data-status=status.code()>{status_text(status, lang)}</span> }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |()| my_tasks());
    view! {
        <PageMeta title=Msg::TodoTitle.text(lang) description=Msg::TodoIntro.text(lang)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                page_or_error(data.await, move |list| tasks_view(list, lang))
            })}
        </Suspense>
    }
}

fn tasks_view(list: TodoList, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let read = ServerAction::<RemindersRead>::new();
    let unread = list.reminders.iter().any(|r| !r.read);
    let reminders = list
        .reminders
        .into_iter()
        .map(|r| {
            let kind = if r.kind == "overdue" {
                t(Msg::ReminderOverdue)
            } else {
                t(Msg::ReminderDueSoon)
            };
            view! {
                <li class:unread=!r.read>
                    <strong>{kind}</strong> ": "
                    <a href=format!("/khoa-hoc/{}", r.course_slug)>{r.course_title}</a>
                    " — " {t(Msg::TodoDeadline)} " " {Moment(r.due_at).display_vn()}
                </li>
            }
        })
        .collect_view();
    let has_reminders = unread;
    let empty = list.items.is_empty();
    view! {
        <section class="wrap section tasks-page">
            <h1>{t(Msg::TodoTitle)}</h1>
            <p class="lead">{t(Msg::TodoIntro)}</p>
            {has_reminders.then(|| view! {
                <section class="reminders" aria-labelledby="nhac-viec">
                    <h2 id="nhac-viec">{t(Msg::RemindersTitle)}</h2>
                    <ul data-reminders="">{reminders}</ul>
                    <ActionForm action=read attr:class="inline-form">
                        <button type="submit" class="small-button">{t(Msg::RemindersRead)}</button>
                    </ActionForm>
                </section>
            })}
            {empty.then(|| view! { <p>{t(Msg::TodoNone)}</p> })}
            <ul class="task-list">
                {list.items.into_iter().map(|item| task_card(item, lang)).collect_view()}
            </ul>
        </section>
    }
}

/// One task, as the tasks page and the home page show it.
pub fn task_card(item: TodoItem, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| m.text(lang);
    let action = if item.status.is_done() {
        t(Msg::TodoReview)
    } else if item.steps_done > 0 {
        t(Msg::TodoContinue)
    } else {
        t(Msg::TodoStart)
    };
    let authority = [item.authority.clone(), item.document.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="task" data-task=item.assignment_id.to_string()>
            <h3><a href=format!("/khoa-hoc/{}", item.course_slug)>{item.course_title.clone()}</a></h3>
            <p>{status_badge(item.status, lang)}</p>
            <dl class="task-facts">
                <dt>{t(Msg::TodoDeadline)}</dt>
                <dd>{Moment(item.due_at).display_vn()}</dd>
                {item.completed_at.map(|at| view! {
                    <dt>{t(Msg::TodoDoneAt)}</dt>
                    <dd>{Moment(at).display_vn()}</dd>
                })}
                <dt>{t(Msg::TodoStepsDone)}</dt>
                <dd>{format!("{}/{}", item.steps_done.min(item.steps), item.steps)}</dd>
                {(!item.assigned_by.is_empty()).then(|| view! {
                    <dt>{t(Msg::TodoAssignedBy)}</dt>
                    <dd>{item.assigned_by.clone()}</dd>
                })}
                {(!authority.is_empty()).then(|| view! {
                    <dt>{t(Msg::TodoAuthority)}</dt>
                    <dd>{authority.clone()}</dd>
                })}
                {(!item.note.is_empty()).then(|| view! {
                    <dt>{t(Msg::TodoNote)}</dt>
                    <dd>{item.note.clone()}</dd>
                })}
            </dl>
            <p><a class="button" href=format!("/khoa-hoc/{}", item.course_slug)>{action}</a></p>
        </li>
    }
}
