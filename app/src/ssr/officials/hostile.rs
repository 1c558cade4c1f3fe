//! The roster CSV against hostile files: any bytes, random mixes of CSV
//! syntax and the headers it looks for, huge cells; and rosters made from
//! known rows, spelled the ways Excel and offices export them (`,` `;` or
//! tab, CRLF, a byte-order mark, quoted cells, `'0905…` and `="0905…"`
//! guards, a lost leading 0), which must read as those rows.

use super::roster::{RosterRow, read};
use crate::hostile::{config, odd_bytes, timed, token_soup};
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "'",
    "=\"",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    " ",
    "Họ và tên",
    "Ho ten",
    "Số điện thoại",
    "SĐT",
    "Email",
    "Số điện thoại hoặc Email",
    "Mã đơn vị",
    "Chức vụ",
    "STT",
    "Nguyễn Văn An",
    "0905123456",
    "905123456",
    "+84 905 123 456",
    "a@b.vn",
    "@",
    "DN-HC",
    "dn_lc.1",
    "\0",
    "\u{202e}",
    "=1+1",
    "-",
    "0",
];

/// Reads within the time bound; checks what any reading must be.
fn read_checked(bytes: &[u8]) -> Vec<RosterRow> {
    let Ok(rows) = timed("roster", bytes.len(), || read(bytes)) else {
        return Vec::new();
    };
    let lines = bytes
        .iter()
        .filter(|b| **b == b'\n' || **b == b'\r')
        .count()
        + 1;
    for pair in rows.windows(2) {
        assert!(pair[0].line < pair[1].line, "rows in file order: {rows:?}");
    }
    for row in &rows {
        assert!(
            (2..=lines).contains(&row.line),
            "line {} of {lines}",
            row.line
        );
        if let Ok((name, id, unit)) = &row.checked {
            assert_eq!(
                name.as_str(),
                row.full_name
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            assert!(!id.key().is_empty() && !unit.as_str().is_empty());
        }
    }
    rows
}

/// One official as the list should give them.
#[derive(Clone, Debug)]
struct Official {
    name: String,
    /// The nine digits after +84.
    digits: String,
    unit: String,
    position: String,
}

fn official() -> impl Strategy<Value = Official> {
    const NAMES: &[&str] = &[
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Văn", "Thị", "Ngọc", "An", "Bình", "Cường",
        "Dũng", "Hương", "Lan", "Minh", "Quỳnh", "Đức", "Ánh",
    ];
    const POSITIONS: &[&str] = &[
        "",
        "Công chức",
        "Chủ tịch",
        "Phó chủ tịch; phụ trách VH",
        "Văn thư, lưu trữ",
        "Cán bộ \"một cửa\"",
    ];
    (
        prop::collection::vec(prop::sample::select(NAMES), 2..5),
        prop::sample::select(vec!['3', '5', '7', '8', '9']),
        "[0-9]{8}",
        "[a-zA-Z0-9][a-zA-Z0-9._-]{0,12}",
        prop::sample::select(POSITIONS),
    )
        .prop_map(|(name, first, rest, unit, position)| Official {
            name: name.join(" "),
            digits: format!("{first}{rest}"),
            unit,
            position: position.to_owned(),
        })
}

/// A cell as a spreadsheet writes it: quoted when it must be (or when
/// `quote` says so).
fn cell(value: &str, delimiter: char, quote: bool) -> String {
    if quote || value.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The phone number of `digits` spelled one of the ways offices do.
fn phone(digits: &str, how: u8) -> String {
    match how % 7 {
        0 => format!("0{digits}"),
        1 => format!("'0{digits}"),
        2 => format!("=\"0{digits}\""),
        3 => digits.to_owned(),
        4 => format!("+84 {} {} {}", &digits[..3], &digits[3..6], &digits[6..]),
        5 => format!("0{}.{}.{}", &digits[..3], &digits[3..6], &digits[6..]),
        _ => format!("84-{digits}"),
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_bytes_are_read_without_panic_in_bounded_time(bytes in odd_bytes(2_000)) {
        read_checked(&bytes);
        let mut headed = "Họ và tên;SĐT;Mã đơn vị\n".as_bytes().to_vec();
        headed.extend_from_slice(&bytes);
        read_checked(&headed);
    }

    #[test]
    fn a_mix_of_csv_syntax_and_headers_is_read_in_bounded_time(
        text in token_soup(TOKENS, 400),
    ) {
        read_checked(text.as_bytes());
        read_checked(format!("Họ và tên,Số điện thoại hoặc Email,Mã đơn vị\n{text}").as_bytes());
    }

    #[test]
    fn a_roster_of_known_officials_reads_as_them(
        officials in prop::collection::vec(official(), 1..12),
        delimiter in prop::sample::select(vec![',', ';', '\t']),
        spelling in prop::collection::vec(any::<u8>(), 12),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        numbered in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let d = delimiter.to_string();
        let mut headers = vec!["Họ và tên", "Số điện thoại", "Mã đơn vị", "Chức vụ"];
        if numbered {
            headers.insert(0, "STT");
        }
        let mut text = if bom { "\u{feff}".to_owned() } else { String::new() };
        text.push_str(&headers.join(&d));
        text.push_str(end);
        let mut expected_lines = Vec::new();
        let mut line = 1;
        for (i, o) in officials.iter().enumerate() {
            let s = spelling[i];
            if s % 5 == 0 {
                // an empty row, as Excel leaves them
                text.push_str(&vec![""; headers.len()].join(&d));
                text.push_str(end);
                line += 1;
            }
            let mut cells = vec![
                cell(&o.name, delimiter, s & 8 != 0),
                phone(&o.digits, s / 16),
                cell(&o.unit, delimiter, false),
                cell(&o.position, delimiter, s & 4 != 0),
            ];
            if numbered {
                cells.insert(0, (i + 1).to_string());
            }
            text.push_str(&cells.join(&d));
            text.push_str(end);
            line += 1;
            expected_lines.push(line);
        }
        let rows = read_checked(text.as_bytes());
        prop_assert_eq!(rows.len(), officials.len(), "file:\n{}", text);
        for ((row, o), line) in rows.iter().zip(&officials).zip(expected_lines) {
            let (name, id, unit) = row.checked.clone().map_err(|e| {
                TestCaseError::fail(format!("{e} in row {row:?} of\n{text}"))
            })?;
            prop_assert_eq!(row.line, line);
            prop_assert_eq!(name.as_str(), o.name.as_str());
            prop_assert_eq!(id.key(), format!("+84{}", o.digits));
            prop_assert_eq!(unit.as_str(), o.unit.to_ascii_uppercase());
            prop_assert_eq!(&row.position, &o.position);
        }
    }
}

proptest! {
    #![proptest_config(config(8))]

    /// A huge cell, a very wide header, many rows.
    #[test]
    fn large_rosters_are_read_in_bounded_time(
        token in prop::sample::select(TOKENS),
        repeat in 1_000usize..20_000,
    ) {
        read_checked(format!("Họ và tên,SĐT,Mã đơn vị\n{},0905123456,DN\n", token.repeat(repeat)).as_bytes());
        read_checked(format!("{}\n", format!("Họ và tên,{token}").repeat(repeat.min(3_000))).as_bytes());
        read_checked(format!("Họ và tên,SĐT,Mã đơn vị\n{}", "Nguyễn An,0905123456,DN\n".repeat(repeat)).as_bytes());
    }
}

/// Found by the roster property above: the CSV reader's line count was
/// right only after CRLF line ends; after LF (and a lone CR, as old Mac
/// exports end lines) every row was reported one line too far, or all on
/// one line.
#[test]
fn rows_are_numbered_as_an_editor_counts_lines_whatever_the_line_ends() {
    for end in ["\n", "\r\n", "\r"] {
        let text = [
            "Họ và tên,SĐT,Mã đơn vị",
            "Nguyễn An,0905123456,DN",
            ",,",
            "\"Lê",
            "Bình\",0905123457,DN",
            "X,0905123458,DN",
        ]
        .join(end);
        let rows = read_checked(text.as_bytes());
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6], "line ends {end:?}");
    }
}
