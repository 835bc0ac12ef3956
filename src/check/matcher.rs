//! The one phrase matcher: every phrase of every rule in one aho-corasick automaton, one pass per text.
//!
//! Text and phrases are normalised the same way before matching: ASCII case folded, full-width Latin
//! letters and digits turned into ASCII, curly apostrophes straightened, white space collapsed, and white
//! space between two CJK characters dropped (slide text: "客 户"). Hits are mapped back to the original bytes.

use crate::lang::is_cjk;
use crate::model::Lang;
use crate::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// What a pattern means to the rule that listed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseRole {
    /// A phrase the check looks for (forbidden, required).
    Phrase,
    /// An allowed longer phrase that cancels a `Phrase` hit inside it.
    Allow,
    /// A trigger that makes the clause apply.
    When,
    /// A phrase showing step `n` of a sequence.
    Step(u16),
    /// A heading phrase that selects sections.
    Section,
    /// A word naming a customer moment `n`.
    Moment(u16),
    /// A negation cue.
    Negation,
}

/// One use of a pattern by a rule.
#[derive(Clone, Copy, Debug)]
pub struct PatternUse {
    /// Index of the rule in the rule set.
    pub rule: u32,
    /// Index of the clause in the rule's check.
    pub clause: u16,
    /// What the pattern is for.
    pub role: UseRole,
    /// The language of the list the phrase came from.
    pub lang: Lang,
    /// The suggestion for this phrase, if any (index into `Matcher::suggestions`).
    pub suggestion: Option<u32>,
}

/// A match in a document: which pattern, where (original bytes), in which segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Pattern id.
    pub pattern: u32,
    /// Byte span in the document's text.
    pub span: Span,
    /// Index of the segment it was found in.
    pub seg: u32,
}

/// Collects patterns from rules, then builds the automaton.
#[derive(Default)]
pub struct MatcherBuilder {
    ids: HashMap<String, u32>,
    patterns: Vec<String>,
    uses: Vec<Vec<PatternUse>>,
    suggestions: Vec<String>,
}

impl MatcherBuilder {
    /// Add a phrase used by a rule; phrases that normalise to nothing are ignored.
    pub fn add(&mut self, phrase: &str, mut usage: PatternUse, suggestion: Option<&str>) {
        let normal = if is_normal(phrase) {
            phrase.trim().to_string()
        } else {
            normalize(phrase).0.trim().to_string()
        };
        if normal.is_empty() {
            return;
        }
        if let Some(s) = suggestion {
            self.suggestions.push(s.to_string());
            usage.suggestion = Some((self.suggestions.len() - 1) as u32);
        }
        let id = match self.ids.get(&normal) {
            Some(&id) => id,
            None => {
                let id = self.patterns.len() as u32;
                self.ids.insert(normal.clone(), id);
                self.patterns.push(normal);
                self.uses.push(Vec::new());
                id
            }
        };
        self.uses[id as usize].push(usage);
    }

    /// Build the automaton.
    pub fn build(self) -> Matcher {
        // A contiguous NFA builds in about a millisecond, which matters for one file in an editor
        // or a pre-commit hook; `Matcher::prepare_for_many` swaps in a DFA (faster per byte, but
        // some 15 ms to build) for long runs. No prefilter: with hundreds of CJK phrases its
        // candidate bytes are everywhere in Chinese text, and the overlapping search restarted it
        // at each one (a quarter of all CPU time).
        let automaton = build_automaton(&self.patterns, AhoCorasickKind::ContiguousNFA)
            .expect("phrase automaton: patterns are plain strings within size limits");
        let bounds = self
            .patterns
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        let mut significant = [false; 128];
        for b in self.patterns.iter().flat_map(|p| p.bytes()) {
            if b.is_ascii_punctuation() {
                significant[b as usize] = true;
            }
        }
        Matcher {
            automaton,
            dfa: std::sync::OnceLock::new(),
            bounds,
            significant,
            patterns: self.patterns,
            uses: self.uses,
            suggestions: self.suggestions,
        }
    }
}

/// The compiled phrases of a rule set.
pub struct Matcher {
    automaton: AhoCorasick,
    /// The same automaton as a DFA, once `prepare_for_many` has built it.
    dfa: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Per pattern: needs a word boundary at its start / end (it begins / ends with a Latin letter or digit).
    bounds: Vec<(bool, bool)>,
    /// ASCII punctuation that occurs in some pattern: its full-width form must be folded before
    /// matching; any other full-width punctuation can never be part of a match and is left as it is.
    significant: [bool; 128],
    patterns: Vec<String>,
    uses: Vec<Vec<PatternUse>>,
    suggestions: Vec<String>,
}

/// Buffers reused across scans.
#[derive(Default)]
pub struct Scratch {
    text: String,
    starts: Vec<u32>,
}

impl Matcher {
    /// Build the faster DFA for a run over many files (a list too large for a DFA keeps the NFA).
    pub fn prepare_for_many(&self) {
        self.dfa
            .get_or_init(|| build_automaton(&self.patterns, AhoCorasickKind::DFA).ok());
    }

    /// The uses of a pattern.
    pub fn uses(&self, pattern: u32) -> &[PatternUse] {
        &self.uses[pattern as usize]
    }

    /// A suggestion's text.
    pub fn suggestion(&self, index: u32) -> &str {
        &self.suggestions[index as usize]
    }

    /// The normalised text of a pattern.
    pub fn pattern(&self, pattern: u32) -> &str {
        &self.patterns[pattern as usize]
    }

    /// Number of distinct patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every pattern, normalised (for `servicelint rules --phrases`).
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Find every pattern in `span` of `text` (overlapping matches included), appending hits for segment `seg`.
    pub fn scan(
        &self,
        text: &str,
        span: Span,
        seg: u32,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        let Some(slice) = text.get(span.start..span.end) else {
            return;
        };
        if self.patterns.is_empty() || slice.is_empty() {
            return;
        }
        // Most segments need no offset map: Chinese whose only full-width characters are punctuation
        // no phrase contains, or English that needs at most its ASCII capitals lowered (same length).
        self.search(slice, span.start, self.prep(slice), seg, scratch, out);
    }

    /// Search `slice` (which starts at byte `base` of the document) made ready as `prep` says.
    fn search(
        &self,
        slice: &str,
        base: usize,
        prep: Prep,
        seg: u32,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        let identity = prep != Prep::Full;
        let normal = match prep {
            Prep::AsIs => slice,
            Prep::Lower => {
                scratch.text.clear();
                scratch.text.push_str(slice);
                scratch.text.make_ascii_lowercase();
                scratch.text.as_str()
            }
            Prep::Full => {
                normalize_into(slice, &mut scratch.text, &mut scratch.starts);
                scratch.text.as_str()
            }
        };
        let automaton = self
            .dfa
            .get()
            .and_then(Option::as_ref)
            .unwrap_or(&self.automaton);
        for m in automaton.find_overlapping_iter(normal) {
            let pattern = m.pattern().as_u32();
            let (start_bound, end_bound) = self.bounds[pattern as usize];
            if start_bound
                && normal[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
            {
                continue;
            }
            if end_bound && normal[m.end()..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let (start, end) = if identity {
                (base + m.start(), base + m.end())
            } else {
                let last = scratch.starts[m.end() - 1] as usize;
                let last_len = slice[last..].chars().next().map_or(1, char::len_utf8);
                (
                    base + scratch.starts[m.start()] as usize,
                    base + last + last_len,
                )
            };
            out.push(Hit {
                pattern,
                span: Span::new(start, end),
                seg,
            });
        }
    }
}

impl Matcher {
    /// What `text` needs before matching; `Prep::Full` whenever in doubt.
    fn prep(&self, text: &str) -> Prep {
        let mut lower = false;
        let mut prev: Option<char> = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                let Some(p) = prev else { return Prep::Full };
                match chars.peek() {
                    Some(&n) if !fold(n).is_whitespace() => {
                        if is_cjk_like(p) && is_cjk_like(fold(n)) {
                            return Prep::Full;
                        }
                    }
                    _ => return Prep::Full,
                }
            } else if c.is_ascii_uppercase() {
                lower = true;
            } else if c.is_whitespace() {
                return Prep::Full;
            } else if !c.is_ascii() {
                let f = fold(c);
                // Full-width punctuation that no phrase contains can stay as it is.
                let opaque = f.is_ascii_punctuation() && !self.significant[f as usize];
                if f != c && !opaque {
                    return Prep::Full;
                }
            }
            prev = Some(c);
        }
        if lower { Prep::Lower } else { Prep::AsIs }
    }
}

/// How a text is made ready for the automaton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prep {
    /// Searched as it is.
    AsIs,
    /// ASCII capitals lowered; byte offsets unchanged.
    Lower,
    /// Fully normalised, with an offset map.
    Full,
}

fn build_automaton(
    patterns: &[String],
    kind: AhoCorasickKind,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .prefilter(false)
        .build(patterns)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Normalise a text for matching; returns the text and, per normalised byte, its original byte offset.
pub fn normalize(text: &str) -> (String, Vec<u32>) {
    let mut out = String::new();
    let mut starts = Vec::new();
    normalize_into(text, &mut out, &mut starts);
    (out, starts)
}

/// `starts[k]` is the original offset of the character that normalised byte `k` came from (for a
/// collapsed run of white space, its first character); the end follows from that character's length.
fn normalize_into(text: &str, out: &mut String, starts: &mut Vec<u32>) {
    out.clear();
    starts.clear();
    out.reserve(text.len());
    starts.reserve(text.len());
    let mut pending_space: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let c = fold(c);
        if c.is_whitespace() {
            if pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(s) = pending_space.take() {
            let between_cjk = prev.is_some_and(is_cjk_like) && is_cjk_like(c);
            if !between_cjk && prev.is_some() {
                out.push(' ');
                starts.push(s as u32);
            }
        }
        out.push(c);
        starts.resize(out.len(), i as u32);
        prev = Some(c);
    }
}

/// Whether `normalize` would return `text` unchanged: nothing to fold, and white space only as
/// single ASCII spaces inside the text and not between two CJK characters.
fn is_normal(text: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let Some(p) = prev else { return false };
            match chars.peek() {
                Some(&n) if !fold(n).is_whitespace() => {
                    if is_cjk_like(p) && is_cjk_like(fold(n)) {
                        return false;
                    }
                }
                _ => return false,
            }
        } else if fold(c) != c || c.is_whitespace() {
            return false;
        }
        prev = Some(c);
    }
    true
}

/// CJK ideographs and CJK punctuation: white space between two of them is a slide-extraction artefact.
fn is_cjk_like(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}')
}

/// Fold one character: ASCII lower case, full-width ASCII to ASCII, curly apostrophes straight.
fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            ascii.to_ascii_lowercase()
        }
        '\u{3000}' => ' ',
        '’' | '‘' => '\'',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_normal_agrees_with_normalize() {
        for text in [
            "您好",
            "hello world",
            "Hello",
            "a  b",
            " a",
            "a ",
            "您 好",
            "a 好",
            "好 a",
            "ＡＢ",
            "it’s",
            "a\tb",
            "a\u{3000}b",
            "\u{A0}x",
            "x\u{2003}y",
            "",
            "1 2 3",
            "。 好",
        ] {
            let (normal, _) = normalize(text);
            assert_eq!(is_normal(text), normal == text, "{text:?}");
        }
    }

    fn matcher(phrases: &[&str]) -> Matcher {
        let mut b = MatcherBuilder::default();
        for p in phrases {
            b.add(
                p,
                PatternUse {
                    rule: 0,
                    clause: 0,
                    role: UseRole::Phrase,
                    lang: Lang::En,
                    suggestion: None,
                },
                None,
            );
        }
        b.build()
    }

    fn find(m: &Matcher, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        m.scan(
            text,
            Span::new(0, text.len()),
            0,
            &mut Scratch::default(),
            &mut out,
        );
        out.iter().map(|h| h.span.text(text).to_string()).collect()
    }

    /// Every phrase of the built-in packs, plus a few with ASCII punctuation.
    fn builtin_matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(build_builtin_matcher)
    }

    fn build_builtin_matcher() -> Matcher {
        let rules = crate::ruleset::RuleSet::builtin().expect("built-in packs load");
        let mut b = MatcherBuilder::default();
        for p in rules
            .matcher
            .patterns()
            .iter()
            .map(String::as_str)
            .chain(["a, b", "ok!"])
        {
            b.add(
                p,
                PatternUse {
                    rule: 0,
                    clause: 0,
                    role: UseRole::Phrase,
                    lang: Lang::Zh,
                    suggestion: None,
                },
                None,
            );
        }
        b.build()
    }

    fn hits(m: &Matcher, text: &str, prep: Option<Prep>) -> Vec<Hit> {
        let mut out = Vec::new();
        let prep = prep.unwrap_or_else(|| m.prep(text));
        m.search(text, 0, prep, 0, &mut Scratch::default(), &mut out);
        out
    }

    proptest::proptest! {
        /// Searching as-is or lowered only where `prep` allows it finds exactly what full
        /// normalisation finds.
        #[test]
        fn prep_shortcuts_agree_with_full_normalisation(
            text in "([您好请稍等不知道没办法投诉抱歉对不起，。！？：；、（）“”,.!?:; ]|Sorry|I CAN'T|can’t|Ｏｋ|ok|a|b|\\t|\u{3000}|calm down|Calm Down|ok！|Ｏｋ！|a， b|a，b){0,30}"
        ) {
            let m = builtin_matcher();
            let quick = hits(m, &text, None);
            let full = hits(m, &text, Some(Prep::Full));
            proptest::prop_assert_eq!(quick, full);
        }
    }

    #[test]
    fn english_matches_whole_words_case_insensitively() {
        let m = matcher(&["i can't", "calm down"]);
        assert_eq!(
            find(&m, "Well, I CAN'T say. Please Calm Down."),
            vec!["I CAN'T", "Calm Down"]
        );
        assert!(find(&m, "Hi can'tx").is_empty());
        assert!(find(&m, "becalm downhill").is_empty());
    }

    #[test]
    fn curly_apostrophe_matches_straight() {
        let m = matcher(&["i don't know"]);
        assert_eq!(find(&m, "Sorry, I don’t know."), vec!["I don’t know"]);
    }

    #[test]
    fn chinese_ignores_spaces_between_ideographs_and_maps_span_back() {
        let m = matcher(&["诚恳致歉"]);
        let text = "请 诚 恳 致 歉。";
        assert_eq!(find(&m, text), vec!["诚 恳 致 歉"]);
    }

    #[test]
    fn fullwidth_latin_and_digits_match_ascii() {
        let m = matcher(&["ok", "3声"]);
        assert_eq!(find(&m, "ＯＫ，铃响３声"), vec!["ＯＫ", "３声"]);
    }

    #[test]
    fn fullwidth_punctuation_matches_ascii_punctuation() {
        let m = matcher(&["喂!"]);
        assert_eq!(find(&m, "喂！什么事"), vec!["喂！"]);
    }

    #[test]
    fn overlapping_hits_are_all_reported() {
        let m = matcher(&["不能让您久等", "不能"]);
        assert_eq!(find(&m, "不能让您久等"), vec!["不能", "不能让您久等"]);
    }

    #[test]
    fn spaces_between_latin_words_collapse() {
        let m = matcher(&["thank you"]);
        assert_eq!(find(&m, "Thank \n  you"), vec!["Thank \n  you"]);
    }
}
