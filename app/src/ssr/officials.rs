//! Accounts of officials made by an administrator: the account (no
//! password yet) placed in its unit, and a one-time set-up code its owner
//! exchanges for a password at `/kich-hoat`. A phone or e-mail that
//! already has an account (a citizen who registered earlier) links that
//! account to the unit without touching its password.

use crate::domain::{Email, FullName, Identifier, PhoneNumber, Role, Viewer};
use crate::ssr::auth::setup_code;
use crate::ssr::db::{CreateUserError, Db, now_unix};
use crate::ssr::units::UnitError;

/// What adding an official did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A new account, with the set-up code to hand to its owner.
    Created { user_id: i64, code: String },
    /// An existing account, now in the unit; its password is untouched.
    Linked { user_id: i64 },
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
    super::units::place(db, viewer, unit_id, identifier.key(), position).await?;
    if linked {
        return Ok(Added::Linked { user_id });
    }
    let code = issue_code(db, viewer.id, user_id, "activate").await?;
    Ok(Added::Created { user_id, code })
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
