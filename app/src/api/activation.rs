//! `/kich-hoat`: the owner of an account made by an administrator (or whose
//! password was reset) exchanges the one-time set-up code for a password of
//! their own. Throttled like sign-in: per address and per account, where
//! the per-account limit refuses only wrong codes, never a valid one.

use crate::domain::ApiError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{client_key, done, fail, hash_password, internal, refuse, session},
    crate::domain::{Field, FieldErrors, Identifier, Problem},
    crate::ssr::AppState,
    crate::ssr::auth::{self, PasswordRules, Throttle, setup_code},
};

/// Sets the password of the account `identifier` names with its set-up
/// `code`, signs its owner in and goes home. One answer for an unknown
/// account and a wrong, used or expired code.
#[server(prefix = "/api/auth", endpoint = "activate")]
pub async fn activate_account(
    identifier: String,
    code: String,
    password: String,
    password_confirm: String,
) -> Result<String, ApiError> {
    let state = AppState::current();
    let mut errors = FieldErrors::default();
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
    let normal = setup_code::normalise(&code);
    if normal.is_none() {
        errors.add(Field::SetupCode, Problem::WrongSetupCode);
    }
    let (Some(identifier), Some(_), true) = (identifier, normal, errors.is_empty()) else {
        return Err(fail(ApiError::Invalid(errors)));
    };
    let address = client_key();
    let account = identifier.key();
    let throttle = &state.auth.throttle;
    let limits = [
        (throttle.sign_in_per_address, address.as_str()),
        (Throttle::SIGN_IN_PER_ACCOUNT, account),
    ];
    // The address's limit refuses unevaluated. The account's limit refuses
    // only a wrong code: a valid one always gets through, so guesses made
    // elsewhere never lock its owner out (a code has about 50 bits and
    // lasts a week: the address limits keep guessing hopeless).
    if let Err(retry) = throttle
        .check(&state.db, &limits[..1])
        .await
        .map_err(internal("throttling an activation"))?
    {
        return Err(refuse(retry).await);
    }
    let per_account = throttle
        .check(&state.db, &limits[1..])
        .await
        .map_err(internal("throttling an activation"))?;
    let user = state
        .db
        .user_by_login(account)
        .await
        .map_err(internal("finding a user"))?;
    let code_hash = setup_code::code_hash(&code);
    let valid = match &user {
        Some(user) => state
            .db
            .setup_code_valid(user.id, &code_hash)
            .await
            .map_err(internal("checking a set-up code"))?,
        None => false,
    };
    let redeemed = match (&user, valid) {
        (Some(user), true) => {
            // hashing the new password takes a slot of the address
            if let Err(retry) = throttle
                .take(&state.db, throttle.sign_ins_per_address, &address)
                .await
                .map_err(internal("throttling an activation"))?
            {
                return Err(refuse(retry).await);
            }
            let turn = state.auth.hash_turns.wait(&address).await;
            let hash = hash_password(&password).await?;
            drop(turn);
            state
                .db
                .redeem_setup_code(user.id, &code_hash, &hash)
                .await
                .map_err(internal("redeeming a set-up code"))?
        }
        _ => None,
    };
    let (Some(user), Some(purpose)) = (user, redeemed) else {
        throttle
            .charge(&state.db, &limits)
            .await
            .map_err(internal("counting a failed activation"))?;
        tracing::info!("activation refused");
        if let Err(retry) = per_account {
            return Err(refuse(retry).await);
        }
        return Err(fail(ApiError::Invalid(FieldErrors::single(
            Field::SetupCode,
            Problem::WrongSetupCode,
        ))));
    };
    let security_version = state
        .db
        .user_by_id(user.id)
        .await
        .map_err(internal("reloading a user"))?
        .map_or(0, |u| u.security_version);
    auth::sign_in(&session().await?, user.id, security_version)
        .await
        .map_err(internal("starting a session"))?;
    // this browser now belongs to the account, as after a sign-in (the
    // redeemed code forgot every earlier one)
    super::auth::trust_this_device(&state, user.id).await?;
    tracing::info!(user_id = user.id, purpose, "set-up code used");
    done("/")
}

/// `/quen-mat-khau`: e-mails the owner of the account with this e-mail a
/// link to `/kich-hoat` with a reset code (the same one-time code a manager
/// can issue: 7 days, once, audited, shown at the next sign-ins). One
/// answer whether or not the address has an account; every request
/// counted per address and per account, under keys of their own (asking
/// never uses up anyone's sign-in limits). Needs SMTP (`HOCSO_SMTP_URL`).
#[server(prefix = "/api/auth", endpoint = "forgot_password")]
pub async fn forgot_password(identifier: String) -> Result<String, ApiError> {
    let state = AppState::current();
    let refused = |message: &str| {
        fail(ApiError::Edit(crate::domain::EditRefusal {
            code: "invalid".into(),
            message: message.to_owned(),
            ..Default::default()
        }))
    };
    if !state.mail_enabled {
        return Err(refused(
            crate::i18n::Msg::ForgotNoMail.text(crate::i18n::Lang::Vi),
        ));
    }
    let email = match Identifier::parse(&identifier) {
        Ok(Identifier::Email(email)) => email,
        Ok(Identifier::Phone(_)) => {
            return Err(refused(
                "Đường dẫn chỉ gửi được đến email. Tài khoản đăng nhập bằng số điện thoại: hãy nhờ người quản lý đơn vị hoặc quản trị viên cấp mã đặt lại mật khẩu.",
            ));
        }
        Err(_) => {
            return Err(fail(ApiError::Invalid(FieldErrors::single(
                Field::Identifier,
                Problem::EmailInvalid,
            ))));
        }
    };
    let address = client_key();
    let throttle = &state.auth.throttle;
    let limits = [
        (Throttle::FORGOT_PER_ADDRESS, address.as_str()),
        (Throttle::FORGOT_PER_ACCOUNT, email.as_str()),
    ];
    if let Err(retry) = throttle
        .attempt(&state.db, &limits)
        .await
        .map_err(internal("throttling a reset request"))?
    {
        return Err(refuse(retry).await);
    }
    if let Some(user) = state
        .db
        .user_by_login(email.as_str())
        .await
        .map_err(internal("finding a user"))?
    {
        let code = crate::ssr::officials::issue_code(&state.db, user.id, user.id, "reset")
            .await
            .map_err(internal("issuing a reset code"))?;
        let link = format!(
            "{}/kich-hoat?tk={}&ma={code}",
            state.public_url,
            email.as_str().replace('%', "%25").replace('+', "%2B")
        );
        let body = format!(
            "Kính gửi {},\n\nCó người (có lẽ là bạn) vừa yêu cầu đặt lại mật khẩu Học Số cho {}.\n\nMở đường dẫn sau để đặt mật khẩu mới (dùng được một lần, trong 7 ngày):\n{link}\n\nHoặc nhập mã {code} tại {}/kich-hoat.\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn dùng được.\n\nHọc Số",
            user.full_name,
            email.as_str(),
            state.public_url,
        );
        state
            .db
            .enqueue_email(
                &format!("reset:{}", setup_code::code_hash(&code)),
                email.as_str(),
                "Đặt lại mật khẩu Học Số",
                &body,
            )
            .await
            .map_err(internal("queueing a reset e-mail"))?;
        tracing::info!(user = user.id, "password reset e-mail queued");
    }
    done("/quen-mat-khau?da-gui=1")
}
