//! The rules of the unit tree: only admins change it; a code is unique and
//! plain (`UnitCode`), a name is 1–200 characters (NFC); a unit never moves
//! under itself or a closed unit; closing a unit closes what is below it.
//! SQL is in `ssr::db::units`.

use crate::domain::text::nfc;
use crate::domain::{Identifier, Role, UnitCode, UnitMember, UnitNode, UnitPeople, Viewer};
use crate::ssr::db::{Db, MemberRow, UnitMove, UnitRow};

const NAME_MAX: usize = 200;

/// Why a change of the tree was refused; the message is for the admin.
#[derive(Debug, thiserror::Error)]
pub enum UnitError {
    #[error("Chỉ quản trị viên được sửa cây đơn vị.")]
    Forbidden,
    #[error("Không tìm thấy đơn vị này.")]
    NotFound,
    #[error(
        "Mã đơn vị gồm 1–32 ký tự: chữ cái không dấu, số, dấu gạch ngang, gạch dưới hoặc dấu chấm (ví dụ DN-HC-01)."
    )]
    BadCode,
    #[error("Tên đơn vị cần từ 1 đến 200 ký tự.")]
    BadName,
    #[error("Mã đơn vị này đã có đơn vị khác dùng.")]
    CodeTaken,
    #[error("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")]
    IntoItself,
    #[error("Đơn vị cấp trên đã đóng; hãy chọn một đơn vị đang hoạt động.")]
    ParentClosed,
    #[error("Đơn vị này đã đóng.")]
    AlreadyClosed,
    #[error("Không có tài khoản nào với số điện thoại hoặc email này.")]
    NoSuchPerson,
    #[error("Chức vụ dài quá 120 ký tự.")]
    BadPosition,
    #[error("Họ và tên cần từ 2 đến 100 ký tự.")]
    BadPersonName,
    #[error(
        "Tài khoản này chưa là cán bộ của đơn vị nào. Hãy dùng “Tạo tài khoản cán bộ”: người đó sẽ nhận mã kích hoạt mới."
    )]
    NotAnOfficial,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn admin(viewer: &Viewer) -> Result<i64, UnitError> {
    if viewer.has(Role::Admin) {
        Ok(viewer.id)
    } else {
        Err(UnitError::Forbidden)
    }
}

fn name(input: &str) -> Result<String, UnitError> {
    let name = nfc(input.trim());
    let fits = !name.is_empty() && name.chars().count() <= NAME_MAX;
    fits.then_some(name).ok_or(UnitError::BadName)
}

/// The whole tree in depth-first order, children by code.
pub fn tree(rows: Vec<UnitRow>) -> Vec<UnitNode> {
    fn visit(rows: &[UnitRow], parent: Option<i64>, depth: u32, out: &mut Vec<UnitNode>) {
        let mut children: Vec<&UnitRow> = rows.iter().filter(|r| r.parent_id == parent).collect();
        children.sort_by(|a, b| a.code.cmp(&b.code));
        for row in children {
            out.push(UnitNode {
                id: row.id,
                code: row.code.clone(),
                name: row.name.clone(),
                parent_id: row.parent_id,
                depth,
                closed: row.closed_at.is_some(),
                members: u32::try_from(row.members).unwrap_or(u32::MAX),
            });
            visit(rows, Some(row.id), depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    visit(&rows, None, 0, &mut out);
    out
}

/// Creates a unit under `parent` (`None`: a top unit); its id.
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    code: &str,
    unit_name: &str,
    parent: Option<i64>,
) -> Result<i64, UnitError> {
    let actor = admin(viewer)?;
    let code = UnitCode::parse(code).ok_or(UnitError::BadCode)?;
    let unit_name = name(unit_name)?;
    let parent = match parent {
        None => None,
        Some(id) => {
            let row = db.unit(id).await?.ok_or(UnitError::NotFound)?;
            if row.closed_at.is_some() {
                return Err(UnitError::ParentClosed);
            }
            Some(row)
        }
    };
    let parent = parent.as_ref().map(|p| (p.id, p.path.as_str()));
    match db
        .create_unit(code.as_str(), &unit_name, parent, Some(actor))
        .await
    {
        Ok(id) => Ok(id),
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            Err(UnitError::CodeTaken)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn rename(db: &Db, viewer: &Viewer, id: i64, unit_name: &str) -> Result<(), UnitError> {
    let actor = admin(viewer)?;
    let unit_name = name(unit_name)?;
    match db.rename_unit(id, &unit_name, Some(actor)).await? {
        true => Ok(()),
        false => Err(UnitError::NotFound),
    }
}

/// Moves a unit (with everything below it) under `parent`, or to the top.
pub async fn move_to(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    parent: Option<i64>,
) -> Result<(), UnitError> {
    let actor = admin(viewer)?;
    match db.move_unit(id, parent, Some(actor)).await? {
        UnitMove::Moved => Ok(()),
        UnitMove::NotFound => Err(UnitError::NotFound),
        UnitMove::IntoItself => Err(UnitError::IntoItself),
        UnitMove::ParentClosed => Err(UnitError::ParentClosed),
    }
}

/// Closes a unit and the units below it; how many were closed.
pub async fn close(db: &Db, viewer: &Viewer, id: i64) -> Result<u64, UnitError> {
    let actor = admin(viewer)?;
    let row = db.unit(id).await?.ok_or(UnitError::NotFound)?;
    if row.closed_at.is_some() {
        return Err(UnitError::AlreadyClosed);
    }
    Ok(db.close_unit(id, Some(actor)).await?)
}

fn member(row: MemberRow) -> UnitMember {
    UnitMember {
        user_id: row.user_id,
        full_name: row.full_name,
        unit_code: row.unit_code,
        position: row.position,
        since: row.from_at,
    }
}

/// The account a phone number or an email names.
async fn person(db: &Db, identifier: &str) -> Result<i64, UnitError> {
    let identifier = Identifier::parse(identifier).map_err(|_| UnitError::NoSuchPerson)?;
    let user = db.user_by_login(identifier.key()).await?;
    user.map(|u| u.id).ok_or(UnitError::NoSuchPerson)
}

/// The people of a unit and below it, for an admin (any unit) or a manager
/// of that unit or a unit above it (anyone else: `Forbidden`, the same
/// answer whether or not the unit exists).
pub async fn people(db: &Db, viewer: &Viewer, unit_id: i64) -> Result<UnitPeople, UnitError> {
    let members = if viewer.has(Role::Admin) {
        db.members_under(unit_id).await?
    } else {
        db.members_managed(viewer.id, unit_id)
            .await?
            .ok_or(UnitError::Forbidden)?
    };
    let unit = db.unit(unit_id).await?.ok_or(UnitError::NotFound)?;
    let managers = db
        .unit_managers(unit_id)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.full_name))
        .collect();
    Ok(UnitPeople {
        unit_id,
        code: unit.code,
        name: unit.name,
        members: members.into_iter().map(member).collect(),
        managers,
        issued: None,
    })
}

/// Places the person `identifier` names in an open unit with a position
/// (a transfer when they were elsewhere); `false` when already so.
pub async fn place(
    db: &Db,
    viewer: &Viewer,
    unit_id: i64,
    identifier: &str,
    position: &str,
) -> Result<bool, UnitError> {
    let actor = admin(viewer)?;
    let user = person(db, identifier).await?;
    place_user(db, actor, unit_id, user, position).await
}

/// [`place`] once the admin and the account are known.
async fn place_user(
    db: &Db,
    actor: i64,
    unit_id: i64,
    user: i64,
    position: &str,
) -> Result<bool, UnitError> {
    let position = nfc(position.trim());
    if position.chars().count() > 120 {
        return Err(UnitError::BadPosition);
    }
    let unit = db.unit(unit_id).await?.ok_or(UnitError::NotFound)?;
    if unit.closed_at.is_some() {
        return Err(UnitError::AlreadyClosed);
    }
    Ok(db
        .place_member(user, unit_id, &position, Some(actor))
        .await?)
}

/// Moves an official to `unit_id` (or gives them another position there).
/// Only someone who is an official now may be moved this way: an account
/// that is not (a citizen who registered with the phone or e-mail; nothing
/// verified it) becomes an official's only through `officials::add_official`,
/// which claims it with a fresh set-up code, so a squatter's password never
/// survives into an official's account.
pub async fn transfer(
    db: &Db,
    viewer: &Viewer,
    unit_id: i64,
    identifier: &str,
    position: &str,
) -> Result<bool, UnitError> {
    let actor = admin(viewer)?;
    let user = person(db, identifier).await?;
    if db.current_membership(user).await?.is_none() {
        return Err(UnitError::NotAnOfficial);
    }
    place_user(db, actor, unit_id, user, position).await
}

/// Ends a person's membership (they left the unit).
pub async fn leave(db: &Db, viewer: &Viewer, user: i64) -> Result<bool, UnitError> {
    let actor = admin(viewer)?;
    Ok(db.end_membership(user, Some(actor)).await?)
}

/// Grants or revokes the management of a unit (and everything below it).
pub async fn set_manager(
    db: &Db,
    viewer: &Viewer,
    unit_id: i64,
    identifier: &str,
    grant: bool,
) -> Result<bool, UnitError> {
    let actor = admin(viewer)?;
    db.unit(unit_id).await?.ok_or(UnitError::NotFound)?;
    let user = person(db, identifier).await?;
    Ok(db
        .set_unit_manager(user, unit_id, grant, Some(actor))
        .await?)
}
