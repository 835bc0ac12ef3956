//! Number words, one table each: Chinese numerals, full-width digits and English number words (used by the time reader and the parser).

/// Whether `c` is one of the Chinese numeral characters the grammar's `number_zh` accepts.
pub(crate) const fn is_zh_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
    )
}

/// The value of one Chinese digit character (零 … 九, 两).
pub(crate) fn zh_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The multiplier of one Chinese place character (十 百 千 万).
fn zh_place(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// Converts a run of Chinese numerals to `(low, high)`; `low == high` except for the
/// colloquial two-digit ranges 一两, 两三, 三四, 三五, 四五 … 八九 ("两三天" = 2–3 days).
/// Returns `None` for runs that are not a number (一一一, 十十, 二十三十).
pub(crate) fn zh_numeral(s: &str) -> Option<(f64, f64)> {
    let mut chars = s.chars();
    if let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next())
        && let (Some(x), Some(y)) = (zh_digit(a), zh_digit(b))
        && x > 0
        && (y == x + 1 || (x == 3 && y == 5))
    {
        return Some((x as f64, y as f64));
    }
    zh_integer(s).map(|n| (n as f64, n as f64))
}

/// Converts a Chinese integer (十五, 一百二十, 一百零五, 两千, 一万五) to its value.
pub(crate) fn zh_integer(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    // The last place used in this section; places must fall (十百 is not a number).
    let mut last_place: u64 = u64::MAX;
    let mut pending: Option<u64> = None;
    let mut zero = false;
    let mut first = true;
    for c in s.chars() {
        if let Some(d) = zh_digit(c) {
            if pending.is_some() {
                return None;
            }
            if d == 0 {
                zero = true;
            } else {
                pending = Some(d);
            }
        } else if let Some(place) = zh_place(c) {
            if place == 10_000 {
                section += pending.take().unwrap_or(0);
                if section == 0 || total != 0 {
                    return None;
                }
                total = section * 10_000;
                section = 0;
                last_place = 10_000;
                zero = false;
            } else {
                if place >= last_place {
                    return None;
                }
                // A leading 十 or 百 stands for 一十 / 一百.
                let n = match pending.take() {
                    Some(n) => n,
                    None if first => 1,
                    None => return None,
                };
                section += n * place;
                last_place = place;
            }
        } else {
            return None;
        }
        first = false;
    }
    if let Some(n) = pending {
        // 一百二 = 120, 两千五 = 2500, 一万五 = 15000: a trailing digit right after a place
        // larger than ten (and no 零 between) counts in the next lower place.
        let scale = if !zero && last_place != u64::MAX && last_place >= 100 {
            last_place / 10
        } else {
            1
        };
        section += n * scale;
    } else if first {
        return None;
    }
    Some(total + section)
}

/// Converts full-width digits (and a full-width or ASCII decimal point) to a value.
pub(crate) fn fullwidth_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            other => other,
        })
        .collect();
    ascii.parse().ok()
}

/// The English number words (one to ninety) and their values.
pub(crate) const ENGLISH_NUMBER_WORDS: [(&str, u32); 28] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fourty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The value of one English number word (any case): [`ENGLISH_NUMBER_WORDS`] as one `match` on
/// the word lower-cased on the stack (none is longer than nine letters).
fn english_word(word: &str) -> Option<u32> {
    let mut buf = [0u8; 9];
    let slot = buf.get_mut(..word.len())?;
    slot.copy_from_slice(word.as_bytes());
    slot.make_ascii_lowercase();
    Some(match &*slot {
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" | b"fourty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        _ => return None,
    })
}

/// [`english_word`] by the table: the reference a test checks it against.
#[cfg(test)]
fn english_word_by_table(word: &str) -> Option<u32> {
    ENGLISH_NUMBER_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, value)| value)
}

/// The value of an English number from one to ninety-nine ("five", "twenty-four",
/// "forty five"), case-insensitive.
pub(crate) fn english_number(s: &str) -> Option<f64> {
    let mut total = 0u32;
    for word in s.split(['-', ' ']).filter(|w| !w.is_empty()) {
        total += english_word(word)?;
    }
    (total > 0).then_some(f64::from(total))
}

/// Whether `word` (any case) is an English number word `english_number` reads on its own.
pub(crate) fn is_english_number_word(word: &str) -> bool {
    // Every number word is three to nine letters long and starts with one of these: the quick
    // test nearly every other word fails.
    let first = word.as_bytes().first().map(|b| b | 0x20);
    (3..=9).contains(&word.len())
        && matches!(first, Some(b'o' | b't' | b'f' | b's' | b'e' | b'n'))
        && english_word(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_word_reads_as_the_table_says() {
        for (word, value) in ENGLISH_NUMBER_WORDS {
            for w in [
                word.to_string(),
                word.to_uppercase(),
                format!("{word}s"),
                word[1..].to_string(),
            ] {
                assert_eq!(english_word(&w), english_word_by_table(&w), "{w}");
            }
            assert_eq!(english_word(word), Some(value), "{word}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, failure_persistence: None, ..Default::default() })]

        /// Any word (letters, or anything at all) reads as the table says.
        #[test]
        fn number_words_read_as_the_table_says(word in "([a-zA-Z]{0,10}|.{0,4}|[OTFSENotfsen][a-z]{2,8})") {
            proptest::prop_assert_eq!(english_word(&word), english_word_by_table(&word), "{:?}", word);
        }
    }

    fn zh(s: &str) -> Option<f64> {
        zh_numeral(s).map(|(low, _)| low)
    }

    #[test]
    fn reads_single_chinese_digits() {
        assert_eq!(zh("一"), Some(1.0));
        assert_eq!(zh("两"), Some(2.0));
        assert_eq!(zh("九"), Some(9.0));
        assert_eq!(zh("零"), Some(0.0));
    }

    #[test]
    fn reads_tens_and_hundreds() {
        assert_eq!(zh("十"), Some(10.0));
        assert_eq!(zh("十五"), Some(15.0));
        assert_eq!(zh("一十五"), Some(15.0));
        assert_eq!(zh("二十"), Some(20.0));
        assert_eq!(zh("三十"), Some(30.0));
        assert_eq!(zh("四十五"), Some(45.0));
        assert_eq!(zh("百"), Some(100.0));
        assert_eq!(zh("一百二十"), Some(120.0));
        assert_eq!(zh("一百零五"), Some(105.0));
        assert_eq!(zh("两百"), Some(200.0));
        assert_eq!(zh("三千"), Some(3000.0));
        assert_eq!(zh("一万"), Some(10_000.0));
    }

    #[test]
    fn reads_colloquial_trailing_digit() {
        assert_eq!(zh("一百二"), Some(120.0));
        assert_eq!(zh("两千五"), Some(2500.0));
        assert_eq!(zh("一万五"), Some(15_000.0));
    }

    #[test]
    fn reads_adjacent_digit_ranges() {
        assert_eq!(zh_numeral("两三"), Some((2.0, 3.0)));
        assert_eq!(zh_numeral("一两"), Some((1.0, 2.0)));
        assert_eq!(zh_numeral("三五"), Some((3.0, 5.0)));
        assert_eq!(zh_numeral("七八"), Some((7.0, 8.0)));
    }

    #[test]
    fn rejects_nonsense_runs() {
        assert_eq!(zh("一一一一一"), None);
        assert_eq!(zh("五五"), None);
        assert_eq!(zh("三二"), None);
        assert_eq!(zh("十十"), None);
        assert_eq!(zh("二十三十"), None);
        assert_eq!(zh("十百"), None);
        assert_eq!(zh("万万"), None);
        assert_eq!(zh(""), None);
        assert_eq!(zh("三天"), None);
    }

    #[test]
    fn reads_fullwidth_digits() {
        assert_eq!(fullwidth_number("１０"), Some(10.0));
        assert_eq!(fullwidth_number("１．５"), Some(1.5));
        assert_eq!(fullwidth_number("３"), Some(3.0));
    }

    #[test]
    fn reads_english_number_words() {
        assert_eq!(english_number("one"), Some(1.0));
        assert_eq!(english_number("Twelve"), Some(12.0));
        assert_eq!(english_number("twenty"), Some(20.0));
        assert_eq!(english_number("twenty-four"), Some(24.0));
        assert_eq!(english_number("forty five"), Some(45.0));
        assert_eq!(english_number("NINETY"), Some(90.0));
        assert_eq!(english_number("dozen"), None);
        assert!(is_english_number_word("Fifteen"));
        assert!(!is_english_number_word("several"));
    }
}
