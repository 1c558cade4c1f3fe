//! Organisational units (a city's departments, wards and their sub-units):
//! their codes, and the tree as the admins' page shows it.

use serde::{Deserialize, Serialize};

/// A unit's code, as officials' CSV files name it: 1–32 of `A–Z`, `0–9`,
/// `-`, `_` and `.`, upper case (`dn`, ` DN ` and `DN` are one code).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(input: &str) -> Option<UnitCode> {
        let code = input.trim().to_ascii_uppercase();
        let fits = (1..=32).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"-_.".contains(&b));
        fits.then_some(UnitCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One unit in the tree, in depth-first order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitNode {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// 0 for a top unit (the city).
    pub depth: u32,
    pub closed: bool,
    /// Officials who belong to it now (not below it).
    pub members: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_upper_case_and_plain() {
        assert_eq!(UnitCode::parse(" dn-hc.01 ").unwrap().as_str(), "DN-HC.01");
        for bad in ["", "Đà Nẵng", "A B", &"X".repeat(33), "a/b"] {
            assert!(UnitCode::parse(bad).is_none(), "{bad}");
        }
    }
}

/// An official who belongs to a unit now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMember {
    pub user_id: i64,
    pub full_name: String,
    pub unit_code: String,
    pub position: String,
    /// Since when (Unix seconds).
    pub since: i64,
}

/// The people of a unit (and of the units below it), and its managers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPeople {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub members: Vec<UnitMember>,
    /// `(user id, full name)`
    pub managers: Vec<(i64, String)>,
    /// The account just made and its set-up code, shown once to the
    /// admin who made it: `(full name, code)`.
    #[serde(default)]
    pub issued: Option<(String, String)>,
}

/// One row of an officials' list, as the import judged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterLine {
    pub line: usize,
    pub full_name: String,
    pub identifier: String,
    pub unit_code: String,
    pub position: String,
    /// `new` (an account to make), `link` (an existing account joins the
    /// unit), `move` (from another unit or position), `same` (nothing to
    /// do) or `error`.
    pub outcome: String,
    /// What is wrong (an error) or what happened, in Vietnamese.
    pub message: String,
    /// A new account's set-up code, once the list is imported.
    pub code: Option<String>,
}

/// What importing (or checking) an officials' list gives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterReport {
    /// Saved (`false`: only checked; nothing is saved while a row is wrong).
    pub applied: bool,
    /// Why the whole file was refused.
    pub refused: Option<String>,
    pub lines: Vec<RosterLine>,
}

impl RosterReport {
    pub fn count(&self, outcome: &str) -> usize {
        self.lines.iter().filter(|l| l.outcome == outcome).count()
    }
}
