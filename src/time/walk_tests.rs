//! The candidate walk of `scan_with` (by [`WALK_CLASS`]) against the byte-by-byte walk it
//! replaced (`scan_with_reference`): the same expressions on any text.

use super::*;
use proptest::prelude::*;

/// Time expressions, near misses and characters that share a lead byte with an anchor.
const FRAGMENTS: &[&str] = &[
    "24小时内",
    "在24小时内",
    "3-5个工作日",
    "1小时30分钟内",
    "一个半小时以内",
    "两三天内",
    "铃响三下",
    "铃响3声内",
    "不超过48小时",
    "最多十五分钟",
    "１０分钟",
    "３－５天",
    "当天",
    "次日",
    "隔天",
    "翌日",
    "第二天",
    "第2天",
    "下个工作日",
    "下一工作日",
    "半小时",
    "半天",
    "xx分钟",
    "××小时",
    "ｘｘ天",
    "ＸＸ天",
    "___分钟",
    "__",
    "某某天",
    "某种",
    "○天",
    "□小时",
    "〇",
    "【时间】",
    "【工单】",
    "[TIME]",
    "[NUMBER] hours",
    "[link](url)",
    "{n}分钟",
    "{{timeframe}}",
    "<br>",
    "<N>",
    "within 3 business days",
    "within 2 hours",
    "in no more than 30 minutes",
    "a day",
    "an hour",
    "half an hour",
    "same day",
    "next business day",
    "end of day",
    "close of business",
    "EOD",
    "COB",
    "between 2 and 3 days",
    "N/A",
    "n minutes",
    "x hours",
    "xxxx days",
    "twenty-four hours",
    "seventeen minutes",
    "Three to five days",
    "the",
    "that",
    "2024-05-01",
    "10:30",
    "v1.2.3",
    "3.5h",
    "10s",
    "90 seconds",
    "é",
    "’",
    "—",
    "、",
    "，",
    "。",
    "😀",
    "\u{3000}",
    "\u{A0}",
    "\n",
    "\r\n",
    " ",
    "\t",
    "-",
    "~",
    "到",
    "至",
    "个",
    "小",
    "时",
    "分",
    "秒",
    "声",
    "a",
    "1",
    "_",
    "[",
    "{",
    "<",
];

/// A fragment, an anchor-like character or an arbitrary string.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        2 => any::<String>(),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z0-9 _\\[\\]{}<>.\\-]{0,8}",
    ]
}

/// Up to a dozen pieces glued together.
fn glued() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 1..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The walk by byte class finds what the byte-by-byte walk finds.
    #[test]
    fn class_walk_finds_what_the_byte_walk_finds(text in glued()) {
        prop_assert_eq!(
            scan_with(&text, Reader::Quick),
            scan_with_reference(&text, Reader::Quick),
            "{:?}",
            text
        );
    }
}

/// Every character, alone and after a digit: the byte class of its first byte lets the walk
/// stop wherever the byte-by-byte walk tested it further.
#[test]
fn byte_class_keeps_every_possible_anchor() {
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let class = WALK_CLASS[usize::from(bytes[0])];
        let old_tests = if c.is_ascii() {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | '<' | '{')
        } else {
            may_anchor_non_ascii(decode_at(bytes, 0).0)
        };
        if old_tests {
            assert!(class > WALK_STEP_MAX, "{c:?} is stepped over");
        } else if class <= WALK_STEP_MAX {
            assert_eq!(usize::from(class), c.len_utf8(), "{c:?} steps wrongly");
        }
    }
}

/// Texts of one character and of a few around every anchor of the BMP.
#[test]
fn class_walk_on_every_anchor() {
    let anchors = (0x80..0x1_0000)
        .filter_map(char::from_u32)
        .filter(|&c| is_non_ascii_anchor(c));
    for c in anchors {
        for text in [
            format!("{c}"),
            format!("{c}天"),
            format!("{c}个工作日"),
            format!("在{c}小时内"),
            format!("1{c}分钟"),
            format!("{c}{c}分钟"),
        ] {
            assert_eq!(
                scan_with(&text, Reader::Quick),
                scan_with_reference(&text, Reader::Quick),
                "{text:?}"
            );
        }
    }
}

/// The bit table of the non-ASCII anchors says what [`is_non_ascii_anchor`] says, for every
/// code point and beyond.
#[test]
fn anchor_bits_match_the_spelled_out_test() {
    for code in 0..0x11_0000 + 64 {
        assert_eq!(
            may_anchor_non_ascii(code),
            char::from_u32(code).is_some_and(|c| !c.is_ascii() && is_non_ascii_anchor(c)),
            "U+{code:04X}"
        );
    }
}

/// The letter run by eight bytes at a time against the byte-by-byte count.
fn letter_run_by_bytes(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(bytes.len())
}

/// Every byte value at every place of a run of letters up to two chunks long: the borders of
/// the letter ranges ('@', 'A', 'Z', '[', '`', 'a', 'z', '{') and the bytes above 0x7F that
/// lower-case or wrap into them (0xC1, 0xE1, 0xDA …) included.
#[test]
fn letter_run_stops_at_every_other_byte() {
    for len in 0..20 {
        for at in 0..=len {
            for b in 0..=255u8 {
                let mut bytes = vec![b'k'; len];
                if at < len {
                    bytes[at] = b;
                }
                bytes.push(b);
                assert_eq!(letter_run(&bytes), letter_run_by_bytes(&bytes), "{bytes:?}");
            }
        }
    }
}

/// The anchor bits read from the three bytes say what they say of the decoded character.
#[test]
fn three_byte_anchor_bits_match_the_decoded_ones() {
    for c in (0x800..0x1_0000).filter_map(char::from_u32) {
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        assert_eq!(
            may_anchor_three_bytes(bytes[0], bytes[1], bytes[2]),
            may_anchor_non_ascii(u32::from(c)),
            "{c:?}"
        );
        assert!(
            WALK_CLASS[usize::from(bytes[0])] > WALK_STEP_MAX || !is_non_ascii_anchor(c),
            "{c:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes: the letter run counts what the byte-by-byte count counts.
    #[test]
    fn letter_run_counts_as_the_bytes_do(
        bytes in proptest::collection::vec(
            prop_oneof![4 => proptest::char::range('a', 'z').prop_map(|c| c as u8),
                        2 => proptest::char::range('A', 'Z').prop_map(|c| c as u8),
                        1 => any::<u8>()],
            0..40,
        )
    ) {
        prop_assert_eq!(letter_run(&bytes), letter_run_by_bytes(&bytes), "{:?}", bytes);
    }

    /// English-heavy texts (long words, runs of letters across chunk borders) through both walks.
    #[test]
    fn class_walk_finds_what_the_byte_walk_finds_in_words(
        text in proptest::collection::vec(
            prop_oneof![
                3 => "[a-zA-Z]{1,20}",
                2 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
                1 => "[ ,.\\-0-9]{1,3}",
            ],
            1..16,
        ).prop_map(|p| p.join(" "))
    ) {
        prop_assert_eq!(
            scan_with(&text, Reader::Quick),
            scan_with_reference(&text, Reader::Quick),
            "{:?}",
            text
        );
    }
}
