//! Language facts shared by the parser and the checks: CJK detection, language shares, counter-example cue words.

use crate::model::Lang;

/// The main language and every language with a real share of the text.
pub fn detect(text: &str) -> (Lang, Vec<Lang>) {
    detect_from(letter_counts(text))
}

/// [`detect`] from the counts of CJK ideographs and Latin letters.
fn detect_from((cjk, latin): (usize, usize)) -> (Lang, Vec<Lang>) {
    if cjk + latin == 0 {
        return (Lang::En, vec![Lang::En]);
    }
    let main = if cjk * 5 >= cjk + latin {
        Lang::Zh
    } else {
        Lang::En
    };
    let mut langs = Vec::new();
    // Any real presence counts: a Chinese script with one English line still gets English phrases.
    if cjk >= 2 {
        langs.push(Lang::Zh);
    }
    if latin >= 8 {
        langs.push(Lang::En);
    }
    (main, langs)
}

/// How many CJK ideographs (`is_cjk`) and Latin letters (ASCII or full-width) a text holds.
///
/// Read from the UTF-8 bytes, every position on its own: in valid UTF-8 a continuation byte
/// (`80`–`BF`) is never a letter nor a lead byte, so looking at each byte with the two after it is
/// the same as decoding each character and testing it. Every position adds at most one to each
/// count, so runs of up to 255 positions are counted in `u8` lanes without branches, which the
/// compiler turns into vector code.
fn letter_counts(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    // Positions with two bytes after them; the last two (at most) are read with zeros past the end.
    let body = bytes.len().saturating_sub(2);
    let mut cjk = 0usize;
    let mut latin = 0usize;
    let mut start = 0;
    while start < body {
        let end = (start + 240).min(body);
        let mut c = 0u8;
        let mut l = 0u8;
        for ((&a, &b), &t) in bytes[start..end]
            .iter()
            .zip(&bytes[start + 1..end + 1])
            .zip(&bytes[start + 2..end + 2])
        {
            let (dc, dl) = classify(a, b, t);
            c += dc;
            l += dl;
        }
        cjk += usize::from(c);
        latin += usize::from(l);
        start = end;
    }
    for i in body..bytes.len() {
        let b = bytes.get(i + 1).copied().unwrap_or(0);
        let t = bytes.get(i + 2).copied().unwrap_or(0);
        let (dc, dl) = classify(bytes[i], b, t);
        cjk += usize::from(dc);
        latin += usize::from(dl);
    }
    (cjk, latin)
}

/// Whether the character starting at byte `a` (followed by `b`, `t`) is a CJK ideograph, and
/// whether it is a Latin letter, as 0 or 1; a continuation byte gives (0, 0). Branch-free.
#[inline(always)]
fn classify(a: u8, b: u8, t: u8) -> (u8, u8) {
    // `E5`–`E9`: U+5000–U+9FFF, all unified ideographs.
    let unified = a.wrapping_sub(0xE5) < 5;
    // U+3400–U+3FFF.
    let ext_a = (a == 0xE3) & (b >= 0x90);
    // U+4000–U+4DBF and U+4E00–U+4FFF, not U+4DC0–U+4DFF.
    let e4 = (a == 0xE4) & (b != 0xB7);
    let ef = a == 0xEF;
    // U+F900–U+FAFF.
    let compat = ef & (b.wrapping_sub(0xA4) < 8);
    // U+FF21–U+FF3A and U+FF41–U+FF5A.
    let wide_upper = ef & (b == 0xBC) & (t.wrapping_sub(0xA1) < 26);
    let wide_lower = ef & (b == 0xBD) & (t.wrapping_sub(0x81) < 26);
    // ASCII letters: setting bit 5 folds `A`–`Z` onto `a`–`z` and nothing else onto them.
    let ascii = (a | 0x20).wrapping_sub(b'a') < 26;
    (
        u8::from(unified | ext_a | e4 | compat),
        u8::from(ascii | wide_upper | wide_lower),
    )
}

/// Whether a character is a CJK ideograph (the unified blocks and extension A).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Headings that introduce counter-examples (matched case-insensitively, as substrings).
pub static SECTION_CUES: Cues = Cues::new(&[
    "禁语",
    "忌语",
    "禁用语",
    "错误示范",
    "错误说法",
    "错误用语",
    "错误话术",
    "反面示例",
    "反面案例",
    "反例",
    "不要说",
    "避免说",
    "避免使用",
    "不当用语",
    "负面用语",
    "消极用语",
    "don't say",
    "dont say",
    "do not say",
    "never say",
    "avoid",
    "instead of",
    "what not to say",
    "bad example",
    "negative language",
    "negative phrase",
    "phrases to avoid",
    "words to avoid",
    "don'ts",
    "do's and don'ts",
    "incorrect",
]);

/// Table headers of counter-example columns.
pub static COLUMN_CUES: Cues = Cues::new(&[
    "instead of",
    "avoid",
    "don't say",
    "dont say",
    "do not say",
    "never say",
    "bad",
    "wrong",
    "negative",
    "incorrect",
    "before",
    "错误",
    "不要说",
    "禁语",
    "忌语",
    "避免",
    "不当",
    "反例",
    "负面",
    "消极",
    "❌",
    "✗",
    "×",
]);

/// Words just before a quotation that make it a counter-example.
pub static SENTENCE_CUES: Cues = Cues::new(&[
    "不要说",
    "禁止说",
    "不得说",
    "避免说",
    "忌说",
    "别说",
    "不能说",
    "不说",
    "切忌",
    "禁用",
    "杜绝",
    "不要使用",
    "避免使用",
    "而不是",
    "代替",
    "替代",
    "取代",
    "avoid",
    "don't say",
    "dont say",
    "do not say",
    "never say",
    "instead of",
    "rather than",
    "don't use",
    "do not use",
    "stop saying",
    "replace",
    "not say",
    "we don't say",
    "错误说法",
    "错误示范",
    "禁语",
    "忌语",
    "❌",
    "✗",
    "×",
    // Reporting and listing words: the quote is cited as an example of wording, not spoken.
    "contain",
    "phrase",
    "vague",
    "words like",
    "such as",
    "e.g.",
    "例如",
    "比如",
    "诸如",
    "类似",
]);

/// A list of cue words, searched in one pass (case-insensitive, curly apostrophes as straight).
pub struct Cues {
    words: &'static [&'static str],
    automaton: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl Cues {
    /// A cue list (lower case; the automaton is built on first use).
    pub const fn new(words: &'static [&'static str]) -> Self {
        Cues {
            words,
            automaton: std::sync::OnceLock::new(),
        }
    }

    fn automaton(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                // A cue with an apostrophe matches the curly one too.
                let mut patterns: Vec<String> = self.words.iter().map(|w| w.to_string()).collect();
                patterns.extend(
                    self.words
                        .iter()
                        .filter(|w| w.contains('\''))
                        .map(|w| w.replace('\'', "’")),
                );
                // A contiguous NFA: a short list's DFA (the default) takes longer to build than
                // the short texts it is asked about take to search.
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(&patterns)
                    .ok()
            })
            .as_ref()
    }
}

/// Whether a text holds one of the cues (ASCII case-insensitive, curly apostrophes straightened).
pub fn has_cue(text: &str, cues: &Cues) -> bool {
    match cues.automaton() {
        Some(automaton) => automaton.is_match(text),
        // Unreachable with the built-in lists; kept total.
        None => {
            let lower = text.to_lowercase().replace('’', "'");
            cues.words.iter().any(|cue| lower.contains(cue))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The counts as the characters say: the reference for [`letter_counts`].
    fn letter_counts_by_char(text: &str) -> (usize, usize) {
        let mut cjk = 0;
        let mut latin = 0;
        for c in text.chars() {
            if is_cjk(c) {
                cjk += 1;
            } else if c.is_ascii_alphabetic()
                || ('Ａ'..='Ｚ').contains(&c)
                || ('ａ'..='ｚ').contains(&c)
            {
                latin += 1;
            }
        }
        (cjk, latin)
    }

    #[test]
    fn every_boundary_of_the_counted_blocks() {
        let mut text = String::new();
        for range in [
            0x3300..0x3500,
            0x3F00..0x4100,
            0x4D00..0x4F00,
            0x4FF0..0x5010,
            0x9FF0..0xA010,
            0xF8F0..0xFB10,
            0xFF00..0xFF70,
            0x10000..0x10010,
        ] {
            text.extend(range.filter_map(char::from_u32));
        }
        text.push_str("azAZ@[`{ 0");
        assert_eq!(letter_counts(&text), letter_counts_by_char(&text));
    }

    #[test]
    fn chunk_edges_and_text_ends() {
        // Ideographs, full-width letters and ASCII letters across the 240-position runs and at the
        // last two positions, which are read with zeros past the end.
        for len in [0, 1, 2, 3, 4, 239, 240, 241, 242, 479, 480, 481, 1000] {
            for tail in ["", "a", "中", "Ａ", "ｚ", "䷀", "丁", "ab", "㐀", "豈"] {
                let mut text = "x".repeat(len);
                text.push_str(tail);
                assert_eq!(
                    letter_counts(&text),
                    letter_counts_by_char(&text),
                    "{len} {tail}"
                );
                let text = "中Ａ ".repeat(len / 3) + tail;
                assert_eq!(
                    letter_counts(&text),
                    letter_counts_by_char(&text),
                    "{len} {tail}"
                );
            }
        }
        assert_eq!(letter_counts("中Ａa䷀"), (1, 2));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn byte_counts_match_char_counts(text in "\\PC{0,200}") {
            prop_assert_eq!(letter_counts(&text), letter_counts_by_char(&text));
        }

        #[test]
        fn chunked_counts_match_char_counts_on_long_text(
            chars in prop::collection::vec(
                prop_oneof![0x3000u32..0x5000, 0x4DB0u32..0x4E10, 0x9F00u32..0xA100, 0xF800u32..0xFFFF, 0x20u32..0x80, 0x80u32..0x800, 0x10000u32..0x10100],
                0..900,
            )
        ) {
            let text: String = chars.into_iter().filter_map(char::from_u32).collect();
            prop_assert_eq!(letter_counts(&text), letter_counts_by_char(&text));
            prop_assert_eq!(detect(&text), detect_from(letter_counts_by_char(&text)));
        }

        #[test]
        fn byte_counts_match_char_counts_near_cjk(
            chars in prop::collection::vec(
                prop_oneof![0x3000u32..0x5000, 0x9F00u32..0xA100, 0xF800u32..0xFFFF, 0x20u32..0x80],
                0..64,
            )
        ) {
            let text: String = chars.into_iter().filter_map(char::from_u32).collect();
            prop_assert_eq!(letter_counts(&text), letter_counts_by_char(&text));
        }
    }
}
