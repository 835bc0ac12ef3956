//! Language facts shared by the parser and the checks: CJK detection, language shares, counter-example cue words.

use crate::model::Lang;

/// The main language and every language with a real share of the text.
pub fn detect(text: &str) -> (Lang, Vec<Lang>) {
    let (cjk, latin) = count_scripts(text);
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

/// Count CJK ideographs and Latin letters (ASCII and full-width) in one pass over the bytes: the
/// text is valid UTF-8, so the lead byte gives each character's length and the three-byte
/// characters (where every counted non-ASCII one lives) are decoded in place.
fn count_scripts(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut cjk, mut latin) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            latin += usize::from(b.is_ascii_alphabetic());
            i += 1;
        } else if b < 0xE0 {
            i += 2;
        } else if b < 0xF0 {
            if let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                let cp = (u32::from(b & 0x0F) << 12)
                    | (u32::from(b1 & 0x3F) << 6)
                    | u32::from(b2 & 0x3F);
                match cp {
                    0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => cjk += 1,
                    0xFF21..=0xFF3A | 0xFF41..=0xFF5A => latin += 1,
                    _ => {}
                }
            }
            i += 3;
        } else {
            i += 4;
        }
    }
    (cjk, latin)
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
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
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

    /// The definition `count_scripts` must agree with, one character at a time.
    fn count_chars(text: &str) -> (usize, usize) {
        let cjk = text.chars().filter(|&c| is_cjk(c)).count();
        let latin = text
            .chars()
            .filter(|&c| {
                c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
            })
            .count();
        (cjk, latin)
    }

    #[test]
    fn counts_scripts_at_block_edges() {
        for text in [
            "",
            "您好 hello",
            "\u{3400}\u{4DBF}\u{4DC0}\u{4DFF}\u{4E00}\u{9FFF}\u{A000}",
            "\u{F8FF}\u{F900}\u{FAFF}\u{FB00}",
            "ＡＺａｚ＠［｀｛Ａ",
            "é😀ß中",
        ] {
            assert_eq!(count_scripts(text), count_chars(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn count_scripts_agrees_with_chars(text in any::<String>()) {
            prop_assert_eq!(count_scripts(&text), count_chars(&text));
        }

        #[test]
        fn count_scripts_agrees_on_cjk_mixes(text in "[a-zA-Z 您好\u{3400}-\u{4DBF}\u{F900}-\u{FB10}\u{FF01}-\u{FF60}é😀]{0,40}") {
            prop_assert_eq!(count_scripts(&text), count_chars(&text));
        }
    }
}
