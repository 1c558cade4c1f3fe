//! Accounts of officials made by an administrator: the account (no
//! password yet) placed in its unit, and a one-time set-up code its owner
//! exchanges for a password at `/kich-hoat`. A phone or e-mail that
//! already has an account (someone registered it earlier, perhaps not its
//! owner: registration verifies nothing) is linked only through a fresh
//! set-up code: its password stops working, its sessions end, and the
//! official chooses a new one with the code (see [`claim`]).

pub mod roster;

#[cfg(test)]
mod hostile;

use crate::domain::{Email, FullName, Identifier, PhoneNumber, Role, Viewer};
use crate::ssr::auth::setup_code;
use crate::ssr::db::{CreateUserError, Db, now_unix};
use crate::ssr::units::UnitError;

/// What adding an official did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A new account, with the set-up code to hand to its owner.
    Created { user_id: i64, code: String },
    /// An existing account, now in the unit. One that was no official yet
    /// was claimed (see [`claim`]): its password no longer works and `code`
    /// sets a new one; an official moved from another unit keeps theirs.
    Linked { user_id: i64, code: Option<String> },
}

/// Adds an official to an open unit with a position: a new account with a
/// set-up code, or an existing account linked. Admins only.
pub async fn add_official(
    db: &Db,
    viewer: &Viewer,
    unit_id: i64,
    full_name: &str,
    identifier: &str,
    position: &str,
) -> Result<Added, UnitError> {
    if !viewer.has(Role::Admin) {
        return Err(UnitError::Forbidden);
    }
    let name = FullName::parse(full_name).map_err(|_| UnitError::BadPersonName)?;
    let identifier = Identifier::parse(identifier).map_err(|_| UnitError::NoSuchPerson)?;
    let existing = db.user_by_login(identifier.key()).await?;
    let linked = existing.is_some();
    let user_id = match existing {
        Some(user) => user.id,
        None => {
            let (phone, email): (Option<&PhoneNumber>, Option<&Email>) = match &identifier {
                Identifier::Phone(p) => (Some(p), None),
                Identifier::Email(e) => (None, Some(e)),
            };
            // no password until the set-up code is used
            match db.create_user(&name, phone, email, "").await {
                Ok(id) => id,
                Err(CreateUserError::Duplicate) => return Err(UnitError::NoSuchPerson),
                Err(CreateUserError::Db(e)) => return Err(e.into()),
            }
        }
    };
    let newcomer = !linked || db.current_membership(user_id).await?.is_none();
    super::units::place(db, viewer, unit_id, identifier.key(), position).await?;
    if !linked {
        let code = issue_code(db, viewer.id, user_id, "activate").await?;
        return Ok(Added::Created { user_id, code });
    }
    // an account already an official somewhere was claimed before
    let code = match newcomer {
        true => Some(claim(db, viewer, user_id).await?),
        false => None,
    };
    Ok(Added::Linked { user_id, code })
}

/// An existing account becomes an official's: whoever registered the phone
/// or e-mail (registration verifies neither) loses it. Its password stops
/// working, its sessions and trusted browsers end, and a fresh set-up code
/// (purpose `activate`, audited) lets the real owner choose a password. An
/// administrator linking their own account keeps it (they are signed in).
pub async fn claim(db: &Db, viewer: &Viewer, user_id: i64) -> Result<String, sqlx::Error> {
    if user_id != viewer.id {
        db.retire_password(user_id).await?;
    }
    issue_code(db, viewer.id, user_id, "activate").await
}

/// How long after a reset by code its owner is told at every sign-in.
pub const RESET_NOTICE_SECS: i64 = 30 * 24 * 3600;

/// A code that resets the password of `user`, audited; once used, the
/// account's owner is told at each sign-in for 30 days who issued it and
/// when, so nobody takes over an account quietly.
///
/// Who may reset whom is [`may_reset`]: an administrator anyone; a unit
/// manager only an ordinary official of their own subtree: nobody who holds
/// a staff role (editor, administrator) or manages a unit, since a code is
/// the account's password, and with it the manager would hold those rights.
pub async fn reset_code(db: &Db, viewer: &Viewer, user: i64) -> Result<String, UnitError> {
    if !may_reset(db, viewer, user).await? {
        return Err(UnitError::Forbidden);
    }
    Ok(issue_code(db, viewer.id, user, "reset").await?)
}

/// Whether `viewer` may have a reset code issued for `user`.
pub async fn may_reset(db: &Db, viewer: &Viewer, user: i64) -> Result<bool, sqlx::Error> {
    let Some((_, roles)) = db.user_with_roles(user).await? else {
        return Ok(false);
    };
    if viewer.has(Role::Admin) {
        return Ok(true);
    }
    if user == viewer.id || roles.iter().any(|role| role.is_staff()) {
        return Ok(false);
    }
    if !db.managed_units(user).await?.is_empty() {
        return Ok(false);
    }
    Ok(match db.current_membership(user).await? {
        Some((unit, _)) => db.manages(viewer.id, unit).await?,
        None => false,
    })
}

/// A new set-up code for `user` (earlier ones stop working).
pub async fn issue_code(db: &Db, by: i64, user: i64, purpose: &str) -> Result<String, sqlx::Error> {
    let code = setup_code::new_code();
    db.issue_setup_code(
        user,
        purpose,
        &setup_code::code_hash(&code),
        now_unix() + setup_code::LIFETIME_SECS,
        Some(by),
    )
    .await?;
    Ok(code)
}

/// Checks an officials' list (`roster::read`) against the accounts and
/// units, and with `apply` saves it — only when no row is wrong, so a list
/// is imported whole or not at all. A second import of the same list
/// changes nothing (every row `same`) and issues no code. New accounts and
/// linked ones (see [`claim`]) get set-up codes, given once in the report.
pub async fn import_roster(
    db: &Db,
    viewer: &Viewer,
    bytes: &[u8],
    apply: bool,
) -> Result<crate::domain::RosterReport, UnitError> {
    use crate::domain::{RosterLine, RosterReport};
    use std::collections::HashMap;
    if !viewer.has(Role::Admin) {
        return Err(UnitError::Forbidden);
    }
    let rows = match roster::read(bytes) {
        Ok(rows) => rows,
        Err(e) => {
            return Ok(RosterReport {
                refused: Some(e.to_string()),
                ..RosterReport::default()
            });
        }
    };
    let units: HashMap<String, (i64, bool)> = db
        .units()
        .await?
        .into_iter()
        .map(|u| (u.code, (u.id, u.closed_at.is_some())))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut lines = Vec::with_capacity(rows.len());
    let mut plans = Vec::with_capacity(rows.len());
    for row in rows {
        let mut line = RosterLine {
            line: row.line,
            full_name: row.full_name.clone(),
            identifier: row.identifier.clone(),
            unit_code: row.unit_code.clone(),
            position: row.position.clone(),
            outcome: "error".into(),
            message: String::new(),
            code: None,
        };
        let plan = match &row.checked {
            Err(message) => Err(message.clone()),
            Ok((name, identifier, code)) => {
                let key = identifier.key().to_owned();
                if let Some(first) = seen.insert(key.clone(), row.line) {
                    Err(format!("trùng số điện thoại/email với dòng {first}"))
                } else {
                    match units.get(code.as_str()) {
                        None => Err(format!("không có đơn vị mã {code}")),
                        Some((_, true)) => Err(format!("đơn vị {code} đã đóng")),
                        Some((unit, false)) => {
                            let user = db.user_by_login(&key).await?;
                            let current = match &user {
                                Some(u) => db.current_membership(u.id).await?,
                                None => None,
                            };
                            let outcome = match (&user, current) {
                                (None, _) => "new",
                                (Some(_), None) => "link",
                                (Some(_), Some((at, held)))
                                    if at == *unit && held == row.position =>
                                {
                                    "same"
                                }
                                (Some(_), Some(_)) => "move",
                            };
                            Ok((outcome, name.clone(), identifier.clone(), *unit))
                        }
                    }
                }
            }
        };
        match &plan {
            Err(message) => line.message = message.clone(),
            Ok((outcome, ..)) => line.outcome = (*outcome).to_owned(),
        }
        lines.push(line);
        plans.push(plan.ok());
    }
    let wrong = lines.iter().any(|l| l.outcome == "error");
    if !apply || wrong {
        return Ok(RosterReport {
            applied: false,
            refused: None,
            lines,
        });
    }
    for (line, plan) in lines.iter_mut().zip(plans) {
        let Some((outcome, name, identifier, unit)) = plan else {
            continue;
        };
        match outcome {
            "same" => line.message = "không đổi".into(),
            "new" => {
                let (phone, email): (Option<&PhoneNumber>, Option<&Email>) = match &identifier {
                    Identifier::Phone(p) => (Some(p), None),
                    Identifier::Email(e) => (None, Some(e)),
                };
                let user_id = match db.create_user(&name, phone, email, "").await {
                    Ok(id) => id,
                    Err(CreateUserError::Duplicate) => {
                        line.outcome = "error".into();
                        line.message = "tài khoản vừa được tạo ở nơi khác; hãy nhập lại".into();
                        continue;
                    }
                    Err(CreateUserError::Db(e)) => return Err(e.into()),
                };
                db.place_member(user_id, unit, &line.position, Some(viewer.id))
                    .await?;
                line.code = Some(issue_code(db, viewer.id, user_id, "activate").await?);
                line.message = "đã tạo tài khoản".into();
            }
            _ => {
                let user = db.user_by_login(identifier.key()).await?;
                if let Some(user) = user {
                    db.place_member(user.id, unit, &line.position, Some(viewer.id))
                        .await?;
                    if outcome == "link" {
                        line.code = Some(claim(db, viewer, user.id).await?);
                    }
                }
                line.message = if outcome == "link" {
                    "tài khoản đã có, được đưa vào đơn vị; mật khẩu cũ hết hiệu lực, cán bộ đặt mật khẩu mới bằng mã kích hoạt".into()
                } else {
                    "chuyển đơn vị hoặc chức vụ".into()
                };
            }
        }
    }
    Ok(RosterReport {
        applied: true,
        refused: None,
        lines,
    })
}
