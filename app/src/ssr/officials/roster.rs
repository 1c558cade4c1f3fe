//! A list of officials as an administrator uploads it: a CSV file with a
//! header row (full name, phone or e-mail, unit code, position), read the
//! way Vietnamese offices export it from Excel — UTF-8 with or without a
//! byte-order mark, `,`, `;` or tab between cells, CRLF, headers with or
//! without accents, phone numbers that lost their leading 0 or kept Excel's
//! `'` or `="…"` guard. Each row is checked on its own; nothing is saved
//! here.

use crate::domain::text::{fold, nfc};
use crate::domain::{FullName, Identifier, UnitCode};

/// One row of the list, checked: its line (as a text editor counts), or
/// what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    pub line: usize,
    pub full_name: String,
    /// As typed (for the report).
    pub identifier: String,
    pub unit_code: String,
    pub position: String,
    pub checked: Result<(FullName, Identifier, UnitCode), String>,
}

/// Why the file as a whole cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error(
        "Tệp không phải văn bản UTF-8. Trong Excel, hãy lưu bằng “CSV UTF-8 (Comma delimited)”."
    )]
    NotUtf8,
    #[error("Tệp trống.")]
    Empty,
    #[error(
        "Dòng tiêu đề thiếu cột: {0}. Cần các cột Họ và tên, Số điện thoại hoặc Email, Mã đơn vị (Chức vụ nếu có)."
    )]
    MissingColumns(String),
    #[error("Không đọc được tệp CSV ở dòng {line}: {message}")]
    Unreadable { line: usize, message: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Name,
    Phone,
    Email,
    Identifier,
    Unit,
    Position,
}

fn column_of(header: &str) -> Option<Column> {
    let folded = fold(header.trim());
    let words: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match words.as_str() {
        "ho va ten" | "ho ten" | "ten" | "full name" | "name" | "ho va ten can bo" => {
            Some(Column::Name)
        }
        "so dien thoai" | "dien thoai" | "sdt" | "so dt" | "phone" | "mobile" => {
            Some(Column::Phone)
        }
        "email" | "e mail" | "thu dien tu" => Some(Column::Email),
        "so dien thoai hoac email"
        | "dien thoai hoac email"
        | "sdt hoac email"
        | "phone or email" => Some(Column::Identifier),
        "ma don vi" | "don vi" | "unit" | "unit code" | "ma dv" => Some(Column::Unit),
        "chuc vu" | "vi tri" | "position" => Some(Column::Position),
        _ => None,
    }
}

/// A cell without Excel's guards (`'0905…`, `="0905…"`), trimmed, NFC.
fn clean(cell: &str) -> String {
    let cell = cell.trim();
    let cell = cell
        .strip_prefix("=\"")
        .and_then(|c| c.strip_suffix('"'))
        .unwrap_or(cell);
    let cell = cell.strip_prefix('\'').unwrap_or(cell);
    nfc(cell.trim())
}

/// A phone number as Excel may have left it: digits only and 9 long means
/// the leading 0 was dropped (`905123456`).
fn restore_phone(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0') {
        format!("0{digits}")
    } else {
        phone.to_owned()
    }
}

/// The separator the header line uses most: `,`, `;` or tab.
fn delimiter(header: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// Where each line of a text starts, to tell the line (from 1, as a text
/// editor counts: after `\n`, `\r\n` or a lone `\r`, as old Mac exports
/// end lines) of a record from its byte offset. The CSV reader's own line
/// count is not used: it counts only `\n`, and a record after a CRLF
/// starts on that `\n`.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let starts = (0..bytes.len())
            .filter(|&i| {
                bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .map(|i| i + 1)
            .collect();
        Lines(starts)
    }

    fn at(&self, text: &str, byte: u64) -> usize {
        let bytes = text.as_bytes();
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.0.partition_point(|&s| s <= start) + 1
    }
}

/// Reads and checks every row of `bytes`.
pub fn read(bytes: &[u8]) -> Result<Vec<RosterRow>, RosterError> {
    let text = std::str::from_utf8(bytes).map_err(|_| RosterError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(RosterError::Empty);
    }
    let header_line = text.lines().next().unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(header_line))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| RosterError::Unreadable {
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let columns: Vec<Option<Column>> = headers.iter().map(column_of).collect();
    let has = |c: Column| columns.contains(&Some(c));
    let mut missing = Vec::new();
    if !has(Column::Name) {
        missing.push("Họ và tên");
    }
    if !(has(Column::Phone) || has(Column::Email) || has(Column::Identifier)) {
        missing.push("Số điện thoại hoặc Email");
    }
    if !has(Column::Unit) {
        missing.push("Mã đơn vị");
    }
    if !missing.is_empty() {
        return Err(RosterError::MissingColumns(missing.join(", ")));
    }
    let lines = Lines::of(text);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RosterError::Unreadable {
            line: e.position().map_or(0, |p| lines.at(text, p.byte())),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| lines.at(text, p.byte()));
        let cell = |c: Column| {
            columns
                .iter()
                .position(|x| *x == Some(c))
                .and_then(|i| record.get(i))
                .map(clean)
                .unwrap_or_default()
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let phone = restore_phone(&cell(Column::Phone));
        let identifier = [cell(Column::Identifier), phone, cell(Column::Email)]
            .into_iter()
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        let full_name = cell(Column::Name);
        let unit_code = cell(Column::Unit);
        let position = cell(Column::Position);
        let checked = (|| {
            let name = FullName::parse(&full_name)
                .map_err(|_| "họ và tên cần từ 2 đến 100 ký tự".to_owned())?;
            let id = Identifier::parse(&identifier).map_err(|_| {
                format!("“{identifier}” không phải số điện thoại di động Việt Nam hay email")
            })?;
            let unit = UnitCode::parse(&unit_code)
                .ok_or_else(|| format!("mã đơn vị “{unit_code}” không hợp lệ"))?;
            if position.chars().count() > 120 {
                return Err("chức vụ dài quá 120 ký tự".to_owned());
            }
            Ok((name, id, unit))
        })();
        rows.push(RosterRow {
            line,
            full_name,
            identifier,
            unit_code,
            position,
            checked,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excel_export_with_semicolons_and_a_bom_is_read() {
        let text = "\u{feff}STT;Họ và tên;Số điện thoại;Email;Mã đơn vị;Chức vụ\r\n\
                    1;Nguyễn Văn An;'0905123456;;dn-hc;Công chức\r\n\
                    2;Trần Thị Bình;905 111 222;;DN-HC;\"Phó chủ tịch; phụ trách VH\"\r\n\
                    ;;;;;\r\n\
                    3;Lê Văn Cường;;cuong@danang.gov.vn;DN-LC;\r\n\
                    4;X;=\"0905000000\";;DN-LC;\r\n";
        let rows = read(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 4, "the empty row is skipped");
        assert_eq!(rows[0].line, 2);
        let (_, id, unit) = rows[0].checked.clone().unwrap();
        assert_eq!(id.key(), "+84905123456");
        assert_eq!(unit.as_str(), "DN-HC");
        let (_, id, _) = rows[1].checked.clone().unwrap();
        assert_eq!(id.key(), "+84905111222", "the lost leading 0 comes back");
        assert_eq!(rows[1].position, "Phó chủ tịch; phụ trách VH");
        let (_, id, _) = rows[2].checked.clone().unwrap();
        assert_eq!(id.key(), "cuong@danang.gov.vn");
        assert_eq!(rows[2].line, 5);
        assert!(rows[3].checked.as_ref().unwrap_err().contains("họ và tên"));
    }

    #[test]
    fn headers_are_matched_without_accents_and_missing_ones_named() {
        let text = "ho ten,so dien thoai hoac email,ma don vi\nNguyễn An,0905123456,DN\n";
        assert_eq!(read(text.as_bytes()).unwrap().len(), 1);
        let err = read("Họ và tên,Chức vụ\nA B,x\n".as_bytes()).unwrap_err();
        assert_eq!(
            err,
            RosterError::MissingColumns("Số điện thoại hoặc Email, Mã đơn vị".into())
        );
        assert_eq!(read(b"\xff\xfeH").unwrap_err(), RosterError::NotUtf8);
        assert_eq!(
            read("\u{feff}\r\n".as_bytes()).unwrap_err(),
            RosterError::Empty
        );
    }

    #[test]
    fn decomposed_text_is_composed() {
        let text = "Ho\u{323} va\u{300} te\u{302}n,Email,Ma\u{303} đơn vị\nNguye\u{302}\u{303}n An,a@b.vn,DN\n";
        let rows = read(text.as_bytes()).unwrap();
        assert_eq!(rows[0].full_name, "Nguyễn An");
    }
}
