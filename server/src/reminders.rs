//! Reminders of required courses, run by one app server at a time: every
//! `every`, each server tries to take the `reminders` lease in the database
//! (`UPDATE … WHERE lease_until < now`, on SQLite and PostgreSQL alike);
//! the one that gets it creates the reminders due (each person, assignment
//! and kind once, ever, by a unique key) and queues their e-mails in the
//! same transaction. Every server then sends queued e-mails, each claimed
//! with its own lease and marked sent after the SMTP server took it: at
//! least once, and once when nothing crashes between the two. A failure
//! never stops the e-mails behind it: the failed one waits (one minute,
//! doubled after each failure, at most six hours) and is given up, kept for
//! the record, after twelve attempts (about 20 hours), or at once when it can never be sent
//! (an address the mailer refuses, a 5xx answer).

use app::domain::REMIND_DAYS_BEFORE;
use app::ssr::assignments::reminder_mail;
use app::ssr::db::{Db, EMAIL_MAX_ATTEMPTS, NewReminder, ReminderMail, email_backoff, now_unix};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Where e-mail goes: `HOCSO_SMTP_URL` (`smtps://user:pass@host:465`,
/// `smtp://host:587?tls=required`, or `smtp://127.0.0.1:2525` without TLS
/// for a local relay) and the sender (`HOCSO_MAIL_FROM`).
#[derive(Clone)]
pub struct MailSettings {
    pub smtp_url: String,
    pub from: String,
}

/// Without the SMTP password.
impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp_url", &app::ssr::db::redacted_url(&self.smtp_url))
            .field("from", &self.from)
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct ReminderSettings {
    /// How often each server looks for reminders due and e-mails to send.
    pub every: Duration,
    /// Reminders go out this many days before a deadline.
    pub days_before: i64,
    pub mail: Option<MailSettings>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            every: Duration::from_secs(60),
            days_before: REMIND_DAYS_BEFORE,
            mail: None,
        }
    }
}

/// A sender of queued e-mails.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| {
                anyhow::anyhow!(
                    "HOCSO_SMTP_URL {:?}: {e}",
                    app::ssr::db::redacted_url(&settings.smtp_url)
                )
            })?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = settings
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("HOCSO_MAIL_FROM {:?}: {e}", settings.from))?;
        Ok(Mailer { transport, from })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError> {
        // a message that cannot be built never will be: given up at once
        let message = to
            .parse()
            .map_err(|e| SendError::Permanent(format!("address: {e}")))
            .and_then(|to| {
                Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body.to_owned())
                    .map_err(|e| SendError::Permanent(e.to_string()))
            })?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            // 5xx: the server refuses this message (say, its recipient);
            // a client error: lettre will not send it (a non-ASCII address
            // to a relay without SMTPUTF8), now or later
            Err(e) if e.is_permanent() || e.is_client() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

/// Why one e-mail was not sent.
#[derive(Debug)]
enum SendError {
    /// Not this message's fault (the server is down, busy, slow): tried again.
    Transient(String),
    /// This message cannot be sent (its address): given up at once.
    Permanent(String),
}

/// Transient failures in a row after which a round stops: the SMTP server
/// is probably down, and each further try would wait for its time-out.
const TRANSIENT_FAILURES_PER_ROUND: usize = 3;

/// E-mails sent at most in one round, so that a round ends.
const MAILS_PER_ROUND: usize = 500;

/// Sends the e-mails due, one failure never stopping the next: a failed
/// one is pushed back (exponentially, [`email_backoff`]) and given up
/// after [`EMAIL_MAX_ATTEMPTS`]; one the mailer can never send is given up
/// at once. Only a run of transient failures ends the round early.
pub async fn send_due(db: &Db, mailer: &Mailer, owner: &str) -> anyhow::Result<()> {
    let mut transient_in_a_row = 0;
    for _ in 0..MAILS_PER_ROUND {
        let Some(mail) = db.claim_email(owner, now_unix(), 120).await? else {
            break;
        };
        match mailer.send(&mail.to_addr, &mail.subject, &mail.body).await {
            Ok(()) => {
                transient_in_a_row = 0;
                db.email_done(&mail, None).await?;
            }
            Err(SendError::Permanent(e)) => {
                tracing::warn!(error = %e, mail = mail.id, "an e-mail cannot be sent; given up");
                db.email_done(&mail, Some((&e, true))).await?;
            }
            Err(SendError::Transient(e)) => {
                let retry = mail.attempts < EMAIL_MAX_ATTEMPTS;
                tracing::warn!(
                    error = %e,
                    mail = mail.id,
                    attempts = mail.attempts,
                    retry_in_secs = retry.then(|| email_backoff(mail.attempts)),
                    "sending an e-mail failed"
                );
                db.email_done(&mail, Some((&e, false))).await?;
                transient_in_a_row += 1;
                if transient_in_a_row >= TRANSIENT_FAILURES_PER_ROUND {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// This process's name in leases: host-independent and unique enough.
fn owner() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// One round: reminders (if this server takes the lease), then e-mails.
pub async fn run_once(
    db: &Db,
    settings: &ReminderSettings,
    mailer: Option<&Mailer>,
    owner: &str,
    public_url: &str,
) -> anyhow::Result<()> {
    let now = now_unix();
    let lease = settings.every.as_secs().max(1) as i64;
    if db.claim_job("reminders", owner, lease, now).await? {
        let compose = |r: &NewReminder| {
            reminder_mail(&r.kind, &r.full_name, &r.course_title, r.due_at, public_url)
        };
        let mail: Option<ReminderMail<'_>> = mailer.is_some().then_some(&compose);
        let created = db.create_reminders(now, settings.days_before, mail).await?;
        if created > 0 {
            tracing::info!(reminders = created, "reminders created");
        }
    }
    if let Some(mailer) = mailer {
        send_due(db, mailer, owner).await?;
    }
    Ok(())
}

/// Runs [`run_once`] every `settings.every` until aborted.
pub fn spawn(
    db: Db,
    settings: ReminderSettings,
    public_url: String,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mailer = settings.mail.as_ref().map(Mailer::new).transpose()?;
    Ok(tokio::spawn(async move {
        let owner = owner();
        // the first round one period after start: a restart does not
        // compete with the requests that come back first
        let mut tick =
            tokio::time::interval_at(tokio::time::Instant::now() + settings.every, settings.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = run_once(&db, &settings, mailer.as_ref(), &owner, &public_url).await {
                tracing::warn!(error = %e, "reminders");
            }
        }
    }))
}
