//! What changed between two revisions of an item, line by line, for an
//! editor reviewing a draft.

use crate::domain::text::nfc;
use crate::domain::{DiffLine, TextDiff};
use similar::ChangeTag;

/// Unchanged lines shown before and after each change.
const CONTEXT: usize = 3;

/// The lines that differ between `old` and `new`, each change with three
/// unchanged lines around it and longer unchanged runs hidden as
/// [`DiffLine::Skipped`] (a run of one is shown instead: its marker would take
/// as much room). Line endings (CRLF or LF), the Unicode form of accents
/// (composed or combining, as different keyboards type Vietnamese) and a
/// missing final newline are not changes.
pub fn line_diff(old: &str, new: &str) -> TextDiff {
    let old = comparable(old);
    let new = comparable(new);
    let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|change| {
            let line = change.value();
            (change.tag(), line.strip_suffix('\n').unwrap_or(line))
        })
        .collect();
    let count = |tag| changes.iter().filter(|(t, _)| *t == tag).count() as u32;
    let (added, removed) = (count(ChangeTag::Insert), count(ChangeTag::Delete));
    if added == 0 && removed == 0 {
        return TextDiff {
            lines: Vec::new(),
            added,
            removed,
        };
    }
    let shown = near_a_change(&changes);
    let mut lines = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        if shown[i] {
            let (tag, line) = changes[i];
            lines.push(match tag {
                ChangeTag::Equal => DiffLine::Same(line.to_owned()),
                ChangeTag::Insert => DiffLine::Added(line.to_owned()),
                ChangeTag::Delete => DiffLine::Removed(line.to_owned()),
            });
            i += 1;
            continue;
        }
        let hidden = shown[i..].iter().take_while(|s| !**s).count();
        if hidden == 1 {
            lines.push(DiffLine::Same(changes[i].1.to_owned()));
        } else {
            lines.push(DiffLine::Skipped(hidden as u32));
        }
        i += hidden;
    }
    TextDiff {
        lines,
        added,
        removed,
    }
}

/// The text as compared: NFC, LF line endings, ending in a newline unless empty.
fn comparable(text: &str) -> String {
    let mut text = nfc(&text.replace("\r\n", "\n").replace('\r', "\n"));
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// For each line, whether it is a change or within [`CONTEXT`] lines of one.
fn near_a_change(changes: &[(ChangeTag, &str)]) -> Vec<bool> {
    let changed: Vec<usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, (tag, _))| *tag != ChangeTag::Equal)
        .map(|(i, _)| i)
        .collect();
    let mut shown = vec![false; changes.len()];
    for i in changed {
        let from = i.saturating_sub(CONTEXT);
        let to = (i + CONTEXT).min(changes.len() - 1);
        shown[from..=to].iter_mut().for_each(|s| *s = true);
    }
    shown
}

/// The form fields whose value differs between two revisions, as
/// (name, old value, new value): in the old revision's order, then fields
/// only the new one has. A field missing on one side counts as empty there.
/// Values compare like [`line_diff`] compares text.
pub fn fields_diff(
    old: &[(String, String)],
    new: &[(String, String)],
) -> Vec<(String, String, String)> {
    let value = |fields: &[(String, String)], name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in old.iter().chain(new) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let (before, after) = (value(old, name), value(new, name));
            (comparable(&before) != comparable(&after)).then(|| (name.to_owned(), before, after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// "dòng 1\ndòng 2\n…" up to `n`.
    fn numbered(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("dòng {i}")).collect()
    }

    fn same(lines: &[&str]) -> Vec<DiffLine> {
        lines
            .iter()
            .map(|l| DiffLine::Same((*l).to_owned()))
            .collect()
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn identical_texts_have_no_lines() {
        let text = numbered(12).join("\n");
        let diff = line_diff(&text, &text);
        assert_eq!(
            diff,
            TextDiff {
                lines: vec![],
                added: 0,
                removed: 0
            }
        );
        assert_eq!(line_diff("", "").lines, vec![]);
    }

    #[test]
    fn one_changed_line_shows_three_lines_around_it_and_hides_the_rest() {
        let old = numbered(20);
        let mut new = old.clone();
        new[9] = "dòng mười, đã sửa".to_owned();
        let diff = line_diff(&old.join("\n"), &new.join("\n"));
        let mut expected = vec![DiffLine::Skipped(6)];
        expected.extend(same(&["dòng 7", "dòng 8", "dòng 9"]));
        expected.push(DiffLine::Removed("dòng 10".to_owned()));
        expected.push(DiffLine::Added("dòng mười, đã sửa".to_owned()));
        expected.extend(same(&["dòng 11", "dòng 12", "dòng 13"]));
        expected.push(DiffLine::Skipped(7));
        assert_eq!(diff.lines, expected);
        assert_eq!((diff.added, diff.removed), (1, 1));
    }

    #[test]
    fn lines_added_at_the_end() {
        let old = numbered(10);
        let mut new = old.clone();
        new.push("dòng mới 1".to_owned());
        new.push("dòng mới 2".to_owned());
        let diff = line_diff(&old.join("\n"), &(new.join("\n") + "\n"));
        let mut expected = vec![DiffLine::Skipped(7)];
        expected.extend(same(&["dòng 8", "dòng 9", "dòng 10"]));
        expected.push(DiffLine::Added("dòng mới 1".to_owned()));
        expected.push(DiffLine::Added("dòng mới 2".to_owned()));
        assert_eq!(diff.lines, expected);
        assert_eq!((diff.added, diff.removed), (2, 0));
    }

    #[test]
    fn lines_removed_at_the_start() {
        let old = numbered(10);
        let diff = line_diff(&old.join("\n"), &old[2..].join("\n"));
        let mut expected = vec![
            DiffLine::Removed("dòng 1".to_owned()),
            DiffLine::Removed("dòng 2".to_owned()),
        ];
        expected.extend(same(&["dòng 3", "dòng 4", "dòng 5"]));
        expected.push(DiffLine::Skipped(5));
        assert_eq!(diff.lines, expected);
        assert_eq!((diff.added, diff.removed), (0, 2));
    }

    #[test]
    fn changes_close_together_share_their_context() {
        let old = numbered(12);
        let mut new = old.clone();
        new[2] = "ba".to_owned();
        new[9] = "mười".to_owned();
        let diff = line_diff(&old.join("\n"), &new.join("\n"));
        // between the changes: 6 unchanged lines, all context; after: 2 of 2
        let mut expected = same(&["dòng 1", "dòng 2"]);
        expected.push(DiffLine::Removed("dòng 3".to_owned()));
        expected.push(DiffLine::Added("ba".to_owned()));
        expected.extend(same(&[
            "dòng 4", "dòng 5", "dòng 6", "dòng 7", "dòng 8", "dòng 9",
        ]));
        expected.push(DiffLine::Removed("dòng 10".to_owned()));
        expected.push(DiffLine::Added("mười".to_owned()));
        expected.extend(same(&["dòng 11", "dòng 12"]));
        assert_eq!(diff.lines, expected);
    }

    #[test]
    fn a_single_hidden_line_is_shown_instead_of_a_marker() {
        let old = numbered(11);
        let mut new = old.clone();
        new[0] = "một".to_owned();
        new[8] = "chín".to_owned();
        let diff = line_diff(&old.join("\n"), &new.join("\n"));
        assert!(!diff.lines.contains(&DiffLine::Skipped(1)), "{diff:?}");
        assert!(diff.lines.contains(&DiffLine::Same("dòng 5".to_owned())));
        assert_eq!(diff.lines.len(), 11 + 2);
    }

    #[test]
    fn crlf_lf_and_a_missing_final_newline_are_not_changes() {
        let diff = line_diff("# Tiêu đề\r\n\r\nĐoạn một.\r\n", "# Tiêu đề\n\nĐoạn một.");
        assert_eq!(diff.lines, vec![]);
        assert_eq!((diff.added, diff.removed), (0, 0));
    }

    #[test]
    fn composed_and_combining_accents_are_not_changes() {
        let composed = "Nộp hồ sơ trực tuyến\nở Đà Nẵng\n";
        let combining: String = composed.nfd().collect();
        assert_ne!(composed, combining);
        assert_eq!(line_diff(composed, &combining).lines, vec![]);
    }

    #[test]
    fn vietnamese_lines_are_shown_whole() {
        let old = "Bước 1: Mở ứng dụng VNeID.\nBước 2: Chọn “Thủ tục hành chính”.\n";
        let new =
            "Bước 1: Mở ứng dụng VNeID trên điện thoại.\nBước 2: Chọn “Thủ tục hành chính”.\n";
        let diff = line_diff(old, new);
        assert_eq!(
            diff.lines,
            vec![
                DiffLine::Removed("Bước 1: Mở ứng dụng VNeID.".to_owned()),
                DiffLine::Added("Bước 1: Mở ứng dụng VNeID trên điện thoại.".to_owned()),
                DiffLine::Same("Bước 2: Chọn “Thủ tục hành chính”.".to_owned()),
            ]
        );
    }

    #[test]
    fn only_changed_fields_are_listed() {
        let old = fields(&[
            ("title", "Đăng ký tạm trú"),
            ("minutes", "10"),
            ("slug", "tam-tru"),
        ]);
        let new = fields(&[
            ("title", "Đăng ký tạm trú trực tuyến"),
            ("minutes", "10"),
            ("slug", "tam-tru"),
        ]);
        assert_eq!(
            fields_diff(&old, &new),
            vec![(
                "title".to_owned(),
                "Đăng ký tạm trú".to_owned(),
                "Đăng ký tạm trú trực tuyến".to_owned()
            )]
        );
    }

    #[test]
    fn fields_on_one_side_only_compare_with_empty() {
        let old = fields(&[("title", "A"), ("summary", "Tóm tắt")]);
        let new = fields(&[("title", "A"), ("cover", "/anh/x.png")]);
        assert_eq!(
            fields_diff(&old, &new),
            vec![
                ("summary".to_owned(), "Tóm tắt".to_owned(), String::new()),
                ("cover".to_owned(), String::new(), "/anh/x.png".to_owned()),
            ]
        );
    }

    #[test]
    fn fields_equal_once_normalised_are_not_listed() {
        let old = fields(&[("title", "Hộ chiếu")]);
        let new = vec![("title".to_owned(), "Hộ chiếu".nfd().collect::<String>())];
        assert_eq!(fields_diff(&old, &new), vec![]);
    }
}
