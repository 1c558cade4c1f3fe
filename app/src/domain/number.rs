use crate::i18n::Lang;

/// A count written the way readers of `lang` expect:
/// `1.302.114` in Vietnamese, `1,302,114` in English.
pub fn format_count(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_groups_thousands_with_dots() {
        assert_eq!(format_count(1_302_114, Lang::Vi), "1.302.114");
        assert_eq!(format_count(1000, Lang::Vi), "1.000");
    }

    #[test]
    fn english_groups_thousands_with_commas() {
        assert_eq!(format_count(1_302_114, Lang::En), "1,302,114");
    }

    #[test]
    fn small_numbers_have_no_separator() {
        assert_eq!(format_count(0, Lang::Vi), "0");
        assert_eq!(format_count(999, Lang::Vi), "999");
    }
}
