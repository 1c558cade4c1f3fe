//! Register, sign in, sign out, and who is signed in.

use crate::domain::{ApiError, Viewer};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        client_key, current_viewer, done, fail, hash_password, internal, refuse, request_cookie,
        session, set_cookie,
    },
    crate::domain::access::safe_return_path,
    crate::domain::{Field, FieldErrors, FullName, Identifier, Problem},
    crate::i18n::{LANG_COOKIE, Lang, lang_cookie},
    crate::ssr::AppState,
    crate::ssr::auth::{self, PasswordRules, Throttle, device},
    crate::ssr::db::CreateUserError,
};

/// Signed-in sessions one person keeps at most: a new sign-in past this
/// ends the session that would expire first.
#[cfg(feature = "ssr")]
pub(crate) const MAX_SESSIONS_PER_USER: i64 = 20;
/// Browsers one person is remembered on at most (the least recently used
/// is forgotten).
#[cfg(feature = "ssr")]
pub(crate) const MAX_DEVICES_PER_USER: i64 = 10;

/// Gives this browser a device cookie for `user_id` (see [`device`]); a
/// person's oldest devices beyond [`MAX_DEVICES_PER_USER`] are forgotten.
#[cfg(feature = "ssr")]
pub(crate) async fn trust_this_device(state: &AppState, user_id: i64) -> Result<(), ApiError> {
    let token = device::new_token();
    let hash = device::token_hash(&token);
    state
        .db
        .trusted_device_add(&hash, user_id)
        .await
        .map_err(internal("remembering a device"))?;
    state
        .db
        .trusted_devices_keep_newest(user_id, &hash, MAX_DEVICES_PER_USER)
        .await
        .map_err(internal("pruning devices"))?;
    set_cookie(&device::cookie(&token, state.auth.sessions.secure_cookie));
    Ok(())
}

/// Gives this browser the interface language `user_id` picked (kept in their
/// profile by the language switch), so it follows them to a new device.
#[cfg(feature = "ssr")]
async fn restore_language(state: &AppState, user_id: i64) -> Result<(), ApiError> {
    let picked = state
        .db
        .user_lang(user_id)
        .await
        .map_err(internal("loading the profile language"))?;
    let here = request_cookie(LANG_COOKIE).and_then(|code| Lang::from_code(&code));
    if let Some(lang) = picked
        && here != Some(lang)
    {
        set_cookie(&lang_cookie(lang));
    }
    Ok(())
}

/// The signed-in person, or `None`.
#[server(prefix = "/api/auth", endpoint = "me")]
pub async fn who_am_i() -> Result<Option<Viewer>, ApiError> {
    current_viewer().await
}

/// Creates an account and signs it in; answers where to go next.
#[server(prefix = "/api/auth", endpoint = "register")]
pub async fn register(
    full_name: String,
    identifier: String,
    password: String,
    password_confirm: String,
    next: Option<String>,
) -> Result<String, ApiError> {
    let state = AppState::current();
    let mut errors = FieldErrors::default();
    let name = FullName::parse(&full_name)
        .map_err(|p| errors.add(Field::FullName, p))
        .ok();
    let identifier = Identifier::parse(&identifier)
        .map_err(|p| errors.add(Field::Identifier, p))
        .ok();
    let phone = match &identifier {
        Some(Identifier::Phone(p)) => Some(p),
        _ => None,
    };
    if let Err(problem) = PasswordRules::check(&password, phone) {
        errors.add(Field::Password, problem);
    } else if password != password_confirm {
        errors.add(Field::PasswordConfirm, Problem::PasswordMismatch);
    }
    let (Some(name), Some(identifier)) = (name, identifier) else {
        return Err(fail(ApiError::Invalid(errors)));
    };
    if !errors.is_empty() {
        return Err(fail(ApiError::Invalid(errors)));
    }
    let address = client_key();
    if let Err(retry) = state
        .auth
        .throttle
        .attempt(&state.db, &[(Throttle::REGISTER_PER_ADDRESS, &address)])
        .await
        .map_err(internal("throttling a registration"))?
    {
        return Err(refuse(retry).await);
    }

    let hash = hash_password(&password).await?;
    let (phone, email) = match &identifier {
        Identifier::Phone(p) => (Some(p), None),
        Identifier::Email(e) => (None, Some(e)),
    };
    let user_id = match state.db.create_user(&name, phone, email, &hash).await {
        Ok(id) => id,
        Err(CreateUserError::Duplicate) => {
            return Err(fail(ApiError::Invalid(FieldErrors::single(
                Field::Identifier,
                Problem::AlreadyRegistered,
            ))));
        }
        Err(CreateUserError::Db(e)) => return Err(internal("creating a user")(e)),
    };
    tracing::info!(user_id, "account registered");
    auth::sign_in(&session().await?, user_id, 0)
        .await
        .map_err(internal("starting a session"))?;
    trust_this_device(&state, user_id).await?;
    done(&safe_return_path(next.as_deref()))
}

/// Signs in with a phone number or email and a password.
#[server(prefix = "/api/auth", endpoint = "sign_in")]
pub async fn sign_in(
    identifier: String,
    password: String,
    next: Option<String>,
) -> Result<String, ApiError> {
    let state = AppState::current();
    // One message for an unknown account and a wrong password: nothing tells
    // an attacker which accounts exist.
    let wrong = || {
        fail(ApiError::Invalid(FieldErrors::single(
            Field::Form,
            Problem::WrongCredentials,
        )))
    };
    let identifier = match Identifier::parse(&identifier) {
        Ok(identifier) => identifier,
        Err(problem) => {
            return Err(fail(ApiError::Invalid(FieldErrors::single(
                Field::Identifier,
                problem,
            ))));
        }
    };
    if password.is_empty() {
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::Password,
            Problem::Required,
        ))));
    }
    if password.chars().count() > PasswordRules::MAX_CHARS {
        return Err(wrong());
    }
    let user = state
        .db
        .user_by_login(identifier.key())
        .await
        .map_err(internal("finding a user"))?;
    // Failures count per address, per account and address, and per account
    // (see `Throttle` for the rule): the first two refuse unevaluated; the
    // per-account one never refuses a correct password, so a guesser
    // elsewhere cannot lock the real person out.
    let address = client_key();
    let account = identifier.key();
    let account_and_address = format!("{account}|{address}");
    let device_token = request_cookie(device::DEVICE_COOKIE);
    let trusted_device = match (&device_token, &user) {
        (Some(token), Some(user)) => state
            .db
            .trusted_device_of(&device::token_hash(token), user.id)
            .await
            .map_err(internal("checking a device"))?,
        _ => false,
    };
    let throttle = &state.auth.throttle;
    let mut limits = vec![
        (throttle.sign_in_per_address, address.as_str()),
        (
            Throttle::SIGN_IN_PER_ACCOUNT_AND_ADDRESS,
            account_and_address.as_str(),
        ),
    ];
    if let Err(retry) = throttle
        .check(&state.db, &limits)
        .await
        .map_err(internal("throttling a sign-in"))?
    {
        return Err(refuse(retry).await);
    }
    // The account's own count grows even for a trusted browser, which is
    // never refused by it; past it, the second budget counts instead.
    let mut per_account = (Throttle::SIGN_IN_PER_ACCOUNT, account);
    let mut past_limit = None;
    if !trusted_device {
        let verdict = throttle
            .check(&state.db, &[per_account])
            .await
            .map_err(internal("throttling a sign-in"))?;
        if let Err(retry) = verdict {
            // past the account's limit a guess is still evaluated, within a
            // second budget; past both, refused unevaluated
            let past = (Throttle::SIGN_IN_PER_ACCOUNT_PAST_LIMIT, account);
            if let Err(longer) = throttle
                .check(&state.db, &[past])
                .await
                .map_err(internal("throttling a sign-in"))?
            {
                return Err(refuse(longer).await);
            }
            per_account = past;
            past_limit = Some(retry);
        }
    }
    limits.push(per_account);
    // every evaluated sign-in, right or wrong, takes a slot of its address
    if let Err(retry) = throttle
        .take(&state.db, throttle.sign_ins_per_address, &address)
        .await
        .map_err(internal("throttling a sign-in"))?
    {
        return Err(refuse(retry).await);
    }
    // and waits behind the address's other sign-ins for the hashing pool
    let turn = state.auth.hash_turns.wait(&address).await;
    let matches = state
        .auth
        .passwords
        .verify(&password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await
        .map_err(internal("verifying a password"))?;
    drop(turn);
    let Some(user) = user.filter(|_| matches) else {
        throttle
            .charge(&state.db, &limits)
            .await
            .map_err(internal("counting a failed sign-in"))?;
        tracing::info!("sign-in refused");
        if let Some(retry) = past_limit {
            return Err(refuse(retry).await);
        }
        return Err(wrong());
    };
    // a user's sessions and trusted browsers are bounded: the oldest go
    state
        .db
        .sessions_keep_newest(user.id, MAX_SESSIONS_PER_USER - 1)
        .await
        .map_err(internal("pruning sessions"))?;
    auth::sign_in(&session().await?, user.id, user.security_version)
        .await
        .map_err(internal("starting a session"))?;
    match device_token.filter(|_| trusted_device) {
        // seen again: kept among the newest
        Some(token) => state
            .db
            .trusted_device_add(&device::token_hash(&token), user.id)
            .await
            .map_err(internal("remembering a device"))?,
        None => trust_this_device(&state, user.id).await?,
    }
    restore_language(&state, user.id).await?;
    tracing::info!(user_id = user.id, "signed in");
    // a password reset by code in the last 30 days is shown first, so its
    // owner learns of it even if someone else used the code
    let since = crate::ssr::db::now_unix() - crate::ssr::officials::RESET_NOTICE_SECS;
    let reset = !state
        .db
        .resets_of(user.id, since)
        .await
        .map_err(internal("password resets"))?
        .is_empty();
    if reset {
        return done("/tai-khoan#dat-lai");
    }
    done(&safe_return_path(next.as_deref()))
}

/// Ends this session on the server.
#[server(prefix = "/api/auth", endpoint = "sign_out")]
pub async fn sign_out() -> Result<String, ApiError> {
    let session = session().await?;
    if let Some(id) = session.id() {
        AppState::current().auth.viewers.forget(&id.to_string());
    }
    auth::sign_out(&session)
        .await
        .map_err(internal("ending a session"))?;
    done("/")
}
