//! The one phrase matcher: every phrase of every rule in one Aho-Corasick automaton, one pass per text.
//!
//! The automaton is a dense DFA of our own (`Dense`), not the aho-corasick crate's, for one reason:
//! its byte classes fold ASCII case and its transitions flag the bytes that may need normalising,
//! so a single walk both checks that a segment is already normal and searches it (the crate can
//! search but not check, which cost a second pass over every segment). The crate stays as the
//! reference the property tests compare with (same overlapping matches, same order) and as the
//! fallback for phrase lists too large for a dense table. Rule files' regular expressions are
//! matched beside it with the `regex` crate.
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
    regexes: Vec<(regex::Regex, Vec<PatternUse>)>,
}

impl MatcherBuilder {
    /// Add a rule file's regular expression (already compiled and checked at load).
    pub fn add_regex(&mut self, regex: regex::Regex, usage: PatternUse) {
        match self
            .regexes
            .iter_mut()
            .find(|(r, _)| r.as_str() == regex.as_str())
        {
            Some((_, uses)) => uses.push(usage),
            None => self.regexes.push((regex, vec![usage])),
        }
    }

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
        // Text is searched unfolded where it can be (`Prep`), so the automaton also holds each
        // phrase's raw forms: its punctuation full-width, its apostrophes curly.
        let mut searched = self.patterns.clone();
        let mut canonical: Vec<u32> = (0..self.patterns.len() as u32).collect();
        let mut significant = [false; 128];
        for (id, p) in self.patterns.iter().enumerate() {
            match raw_forms(p) {
                Some(forms) => {
                    canonical.extend(std::iter::repeat_n(id as u32, forms.len()));
                    searched.extend(forms);
                }
                // Too many forms: text with this punctuation full-width is normalised instead.
                None => {
                    for b in p.bytes().filter(u8::is_ascii_punctuation) {
                        significant[b as usize] = true;
                    }
                }
            }
        }
        let dense = Dense::build(&searched);
        let automaton = if dense.is_some() {
            None
        } else {
            Some(
                build_automaton(&searched, AhoCorasickKind::ContiguousNFA)
                    .expect("phrase automaton: patterns are plain strings within size limits"),
            )
        };
        let info = canonical
            .iter()
            .zip(&searched)
            .map(|(&pattern, s)| (pattern, s.len() as u32))
            .collect();
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
        let mut uses = self.uses;
        let mut regexes = Vec::with_capacity(self.regexes.len());
        for (regex, regex_uses) in self.regexes {
            regexes.push(regex);
            uses.push(regex_uses);
        }
        Matcher {
            dense,
            info,
            automaton,
            dfa: std::sync::OnceLock::new(),
            bounds,
            significant,
            searched,
            canonical,
            patterns: self.patterns,
            uses,
            suggestions: self.suggestions,
            regexes,
        }
    }
}

/// At most this many raw forms per phrase (a phrase with more is matched in normalised text only).
const MAX_RAW_FORMS: usize = 15;

/// The other spellings of a normalised phrase that unfolded text can hold: each ASCII punctuation
/// mark also full-width, each apostrophe also curly. `None` when there are too many.
fn raw_forms(phrase: &str) -> Option<Vec<String>> {
    let mut forms = vec![String::with_capacity(phrase.len() * 2)];
    for c in phrase.chars() {
        let mut alternatives = vec![c];
        if c.is_ascii_punctuation() {
            alternatives.extend(char::from_u32(c as u32 + 0xFEE0));
        }
        if c == '\'' {
            alternatives.extend(['\u{2019}', '\u{2018}']);
        }
        if forms.len() * alternatives.len() > MAX_RAW_FORMS + 1 {
            return None;
        }
        forms = forms
            .iter()
            .flat_map(|f| {
                alternatives.iter().map(move |&a| {
                    let mut next = f.clone();
                    next.push(a);
                    next
                })
            })
            .collect();
    }
    // The first form is the phrase itself.
    forms.remove(0);
    Some(forms)
}

/// The compiled phrases of a rule set.
pub struct Matcher {
    /// The phrases as a dense DFA of our own (`None` when the list is too large for one).
    dense: Option<Dense>,
    /// Per searched string: the pattern it spells and its length in bytes.
    info: Vec<(u32, u32)>,
    /// The aho-corasick NFA, used when there is no dense DFA.
    automaton: Option<AhoCorasick>,
    /// The same automaton as a DFA, once `prepare_for_many` has built it.
    dfa: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Per pattern: needs a word boundary at its start / end (it begins / ends with a Latin letter or digit).
    bounds: Vec<(bool, bool)>,
    /// ASCII punctuation of a phrase with too many raw forms: its full-width form must be folded
    /// before matching; other full-width punctuation is matched by the raw forms or by nothing.
    significant: [bool; 128],
    /// What the automaton searches for: the patterns, then their raw forms.
    searched: Vec<String>,
    /// Per searched string, the pattern it spells.
    canonical: Vec<u32>,
    patterns: Vec<String>,
    /// Per pattern id: the phrases' uses, then the regular expressions' uses.
    uses: Vec<Vec<PatternUse>>,
    suggestions: Vec<String>,
    /// Rule files' regular expressions; regex `i` has pattern id `patterns.len() + i`.
    regexes: Vec<regex::Regex>,
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
        // The dense DFA is built with the matcher (a few milliseconds at most); only the
        // aho-corasick fallback for very large lists swaps its NFA for a DFA.
        if self.dense.is_none() {
            self.dfa
                .get_or_init(|| build_automaton(&self.searched, AhoCorasickKind::DFA).ok());
        }
    }

    /// The uses of a pattern.
    pub fn uses(&self, pattern: u32) -> &[PatternUse] {
        &self.uses[pattern as usize]
    }

    /// A suggestion's text.
    pub fn suggestion(&self, index: u32) -> &str {
        &self.suggestions[index as usize]
    }

    /// The normalised text of a pattern, or the source of a regular expression.
    pub fn pattern(&self, pattern: u32) -> &str {
        let p = pattern as usize;
        match self.patterns.get(p) {
            Some(text) => text,
            None => self.regexes[p - self.patterns.len()].as_str(),
        }
    }

    /// Number of distinct patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every phrase pattern, normalised (for `servicelint rules --phrases`); regular expressions are
    /// not phrases and are not listed.
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
        if !self.regexes.is_empty() {
            self.scan_regexes(slice, span.start, seg, out);
        }
        if self.patterns.is_empty() || slice.is_empty() {
            return;
        }
        // White space at either end never takes part in a match (phrases are trimmed), and
        // normalising drops it anyway.
        let core = slice.trim_start();
        let base = span.start + (slice.len() - core.len());
        let core = core.trim_end();
        if let Some(dense) = &self.dense {
            // One pass: the DFA folds ASCII case itself, and the bytes `prep` would look at
            // closely arrive flagged, so the text is checked while it is searched. Most segments
            // need no offset map; the few that do are searched again, normalised.
            let before = out.len();
            let clean = dense.walk(
                core.as_bytes(),
                true,
                |i| !self.needs_full_at(core, i),
                |m, end| self.push_hit(core, base, None, m, end, seg, out),
            );
            if !clean {
                out.truncate(before);
                normalize_into(core, &mut scratch.text, &mut scratch.starts);
                let normal = scratch.text.as_str();
                let starts = scratch.starts.as_slice();
                dense.walk(
                    normal.as_bytes(),
                    false,
                    |_| true,
                    |m, end| {
                        self.push_hit(normal, base, Some((core, starts)), m, end, seg, out);
                    },
                );
            }
            return;
        }
        // Most segments need no offset map: Chinese with full-width punctuation (the raw forms
        // match it), or English that needs at most its ASCII capitals lowered (same length).
        let automaton = self
            .dfa
            .get()
            .and_then(Option::as_ref)
            .or(self.automaton.as_ref());
        self.search(automaton, core, base, self.prep(core), seg, scratch, out);
    }

    /// Add the hit of searched string `m` ending at byte `end` of `normal` (the searched text),
    /// unless a word boundary it needs is missing. `mapped` holds the original slice and the
    /// offset map when `normal` is a normalised copy.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn push_hit(
        &self,
        normal: &str,
        base: usize,
        mapped: Option<(&str, &[u32])>,
        m: u32,
        end: usize,
        seg: u32,
        out: &mut Vec<Hit>,
    ) {
        let (pattern, len) = self.info[m as usize];
        let start = end - len as usize;
        let (start_bound, end_bound) = self.bounds[pattern as usize];
        // A word character is ASCII, so the neighbouring byte decides.
        let bytes = normal.as_bytes();
        if start_bound && start > 0 && is_word_byte(bytes[start - 1]) {
            return;
        }
        if end_bound && bytes.get(end).is_some_and(|&b| is_word_byte(b)) {
            return;
        }
        let (start, end) = match mapped {
            None => (base + start, base + end),
            Some((slice, starts)) => {
                let last = starts[end - 1] as usize;
                let last_len = slice[last..].chars().next().map_or(1, char::len_utf8);
                (base + starts[start] as usize, base + last + last_len)
            }
        };
        out.push(Hit {
            pattern,
            span: Span::new(start, end),
            seg,
        });
    }

    /// Match every regular expression over the original text of a segment (no normalising: a
    /// pattern says itself what it allows). Empty matches are never hits.
    fn scan_regexes(&self, slice: &str, base: usize, seg: u32, out: &mut Vec<Hit>) {
        for (i, regex) in self.regexes.iter().enumerate() {
            let pattern = (self.patterns.len() + i) as u32;
            for m in regex.find_iter(slice).filter(|m| !m.is_empty()) {
                out.push(Hit {
                    pattern,
                    span: Span::new(base + m.start(), base + m.end()),
                    seg,
                });
            }
        }
    }

    /// Search `slice` (which starts at byte `base` of the document) made ready as `prep` says.
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        automaton: Option<&AhoCorasick>,
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
        let Some(automaton) = automaton else {
            if let Some(dense) = &self.dense {
                let mapped = (!identity).then_some((slice, scratch.starts.as_slice()));
                dense.walk(
                    normal.as_bytes(),
                    false,
                    |_| true,
                    |m, end| self.push_hit(normal, base, mapped, m, end, seg, out),
                );
            }
            return;
        };
        for m in automaton.find_overlapping_iter(normal) {
            let pattern = self.canonical[m.pattern().as_usize()];
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
    ///
    /// A loop over bytes: only a space, an ASCII capital or control, and characters whose first
    /// byte is `C2`, `E1`, `E2`, `E3` or `EF` (where every non-ASCII white space and every character
    /// `fold` changes lives) need a closer look; ideographs and other text pass at a byte each.
    fn prep(&self, text: &str) -> Prep {
        let mut lower = false;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            match BYTE_CLASS[usize::from(b)] {
                PLAIN => {}
                CAPITAL => lower = true,
                _ => {
                    if self.needs_full_at(text, i) {
                        return Prep::Full;
                    }
                }
            }
        }
        if lower { Prep::Lower } else { Prep::AsIs }
    }

    /// Whether the byte at `i` of `text` (a space, other ASCII white space, or the first byte of a
    /// character that may be white space or folded: `BYTE_CLASS` says `SPACE`, `CONTROL` or
    /// `LEAD`) means the text must be fully normalised.
    fn needs_full_at(&self, text: &str, i: usize) -> bool {
        match BYTE_CLASS[usize::from(text.as_bytes()[i])] {
            SPACE => {
                let bytes = text.as_bytes();
                if let (Some(&p), Some(&n)) = (bytes.get(i.wrapping_sub(1)), bytes.get(i + 1))
                    && p.is_ascii()
                    && n.is_ascii()
                {
                    // Neither is CJK, and folding keeps an ASCII character white space or not.
                    return n.is_ascii_whitespace() || n == 0x0B;
                }
                let (Some(p), Some(n)) =
                    (text[..i].chars().next_back(), text[i + 1..].chars().next())
                else {
                    return true;
                };
                let n = fold(n);
                n.is_whitespace() || (is_cjk_like(p) && is_cjk_like(n))
            }
            CONTROL => true,
            LEAD => {
                let bytes = text.as_bytes();
                match bytes[i] {
                    // U+3000..U+3FFF: only the ideographic space is white space or folded.
                    0xE3 => return bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80,
                    // U+F000..U+FFFF: no white space; only the full-width forms FF01..FF5E fold.
                    0xEF => {
                        let c =
                            (u32::from(bytes[i + 1] & 0x3F) << 6) | u32::from(bytes[i + 2] & 0x3F);
                        let c = 0xF000 | c;
                        if !(0xFF01..=0xFF5E).contains(&c) {
                            return false;
                        }
                        let f = (c - 0xFEE0) as u8;
                        let f = f.to_ascii_lowercase();
                        // Full-width punctuation is matched by the raw forms.
                        return !f.is_ascii_punctuation() || self.significant[usize::from(f)];
                    }
                    _ => {}
                }
                let Some(c) = text[i..].chars().next() else {
                    return true;
                };
                if c.is_whitespace() {
                    return true;
                }
                let f = fold(c);
                // Full-width punctuation and curly apostrophes are matched by the raw forms.
                let raw = f.is_ascii_punctuation() && !self.significant[f as usize];
                f != c && !raw
            }
            _ => false,
        }
    }

    /// `prep` one character at a time: the reference the byte loop is tested against.
    #[cfg(test)]
    fn prep_by_char(&self, text: &str) -> Prep {
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

/// `prep`'s view of a byte: nothing to see.
const PLAIN: u8 = 0;
/// An ASCII space.
const SPACE: u8 = 1;
/// An ASCII capital.
const CAPITAL: u8 = 2;
/// ASCII white space other than a space.
const CONTROL: u8 = 3;
/// The first byte of a character that may be white space or folded.
const LEAD: u8 = 4;

/// The class of every byte for `prep`.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    table[b' ' as usize] = SPACE;
    let mut b = b'A';
    while b <= b'Z' {
        table[b as usize] = CAPITAL;
        b += 1;
    }
    table[b'\t' as usize] = CONTROL;
    table[b'\n' as usize] = CONTROL;
    table[0x0B] = CONTROL;
    table[0x0C] = CONTROL;
    table[b'\r' as usize] = CONTROL;
    table[0xC2] = LEAD;
    table[0xE1] = LEAD;
    table[0xE2] = LEAD;
    table[0xE3] = LEAD;
    table[0xEF] = LEAD;
    table
};

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

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Transition flag: the byte just read is one `prep` looks at closely (`SPACE`, `CONTROL`, `LEAD`).
const LOOK: u32 = 1 << 31;
/// Transition flag: the state entered reports matches.
const MATCH: u32 = 1 << 30;
/// Largest dense table, in transitions (64 MiB); a larger phrase list keeps aho-corasick's NFA.
const MAX_TRANSITIONS: usize = 1 << 24;

/// An Aho-Corasick DFA over byte classes, built for `Matcher::scan`: ASCII capitals share their
/// lower-case letter's class (patterns are normalised, so lower case), and every transition on
/// a byte `prep` must look at carries `LOOK`, so checking the text costs nothing on other bytes.
/// Transitions hold the target's row offset (state times `stride`) and the flags.
struct Dense {
    classes: [u16; 256],
    stride: usize,
    trans: Vec<u32>,
    /// Per state, its matches: a range of `matches` (the state's own string, then those of its
    /// failure states, longest first: the order aho-corasick reports them in).
    ranges: Vec<(u32, u32)>,
    matches: Vec<u32>,
}

impl Dense {
    /// Build the DFA for `searched` (non-empty, distinct, without ASCII capitals); `None` when
    /// the table would be too large or the strings are not as expected.
    fn build(searched: &[String]) -> Option<Dense> {
        let mut classes = [0u16; 256];
        let mut used = [false; 256];
        for p in searched {
            if p.is_empty() {
                return None;
            }
            for b in p.bytes() {
                if b.is_ascii_uppercase() {
                    return None;
                }
                used[usize::from(b)] = true;
            }
        }
        // Class 0: bytes no string holds; then one class per byte a string holds; then one
        // shared class for the looked-at bytes no string holds.
        let mut n: u16 = 1;
        for b in 0..256 {
            if used[b] {
                classes[b] = n;
                n += 1;
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let mut look_other = None;
        for b in 0..256 {
            if !matches!(BYTE_CLASS[b], PLAIN | CAPITAL) && classes[b] == 0 {
                classes[b] = *look_other.get_or_insert_with(|| {
                    n += 1;
                    n - 1
                });
            }
        }
        let stride = usize::from(n);
        // The trie, as first-child / next-sibling lists; 0 is the root.
        const NONE: u32 = u32::MAX;
        let mut first: Vec<u32> = vec![NONE];
        let mut sibling: Vec<u32> = vec![NONE];
        let mut label: Vec<u16> = vec![0];
        let mut own: Vec<u32> = vec![NONE];
        for (id, p) in searched.iter().enumerate() {
            let mut s = 0usize;
            for b in p.bytes() {
                let c = classes[usize::from(b)];
                let mut k = first[s];
                while k != NONE && label[k as usize] != c {
                    k = sibling[k as usize];
                }
                if k == NONE {
                    k = own.len() as u32;
                    first.push(NONE);
                    sibling.push(first[s]);
                    label.push(c);
                    own.push(NONE);
                    first[s] = k;
                }
                s = k as usize;
            }
            if own[s] != NONE {
                return None;
            }
            own[s] = id as u32;
        }
        let states = own.len();
        if states.saturating_mul(stride) > MAX_TRANSITIONS {
            return None;
        }
        let mut look = vec![0u32; stride];
        for b in 0..256 {
            if !matches!(BYTE_CLASS[b], PLAIN | CAPITAL) {
                look[usize::from(classes[b])] = LOOK;
            }
        }
        // Breadth first, each state's row is its failure state's (complete: it is shallower)
        // with the state's own children written over it; a child's failure state is where the
        // failure state's row leads on the child's byte.
        let mut trans = vec![0u32; states * stride];
        trans[..stride].copy_from_slice(&look);
        let mut is_match = vec![false; states];
        let mut fail = vec![0u32; states];
        let mut ranges = vec![(0u32, 0u32); states];
        let mut matches = Vec::new();
        let mut order: Vec<u32> = Vec::with_capacity(states);
        order.push(0);
        let mut head = 0;
        while head < order.len() {
            let s = order[head] as usize;
            head += 1;
            let f = fail[s] as usize;
            if s != 0 {
                let start = matches.len();
                if own[s] != NONE {
                    matches.push(own[s]);
                }
                let (fs, fe) = ranges[f];
                matches.extend_from_within(fs as usize..fe as usize);
                ranges[s] = (start as u32, matches.len() as u32);
                trans.copy_within(f * stride..(f + 1) * stride, s * stride);
            }
            let mut k = first[s];
            while k != NONE {
                let t = k as usize;
                let at = s * stride + usize::from(label[t]);
                // From the root, a child's failure state is the root.
                let ft = if s == 0 {
                    0
                } else {
                    ((trans[at] & !(LOOK | MATCH)) as usize) / stride
                };
                fail[t] = ft as u32;
                is_match[t] = own[t] != NONE || is_match[ft];
                trans[at] = (t * stride) as u32
                    | look[usize::from(label[t])]
                    | if is_match[t] { MATCH } else { 0 };
                order.push(k);
                k = sibling[t];
            }
        }
        Some(Dense {
            classes,
            stride,
            trans,
            ranges,
            matches,
        })
    }

    /// Run over `text`, calling `on_match(searched id, end)` for every match, overlapping ones
    /// included, in aho-corasick's order. With `look`, `on_look(i)` is asked about every byte
    /// `prep` looks at closely; the walk stops and returns false at the first it refuses.
    #[inline]
    fn walk(
        &self,
        text: &[u8],
        look: bool,
        mut on_look: impl FnMut(usize) -> bool,
        mut on_match: impl FnMut(u32, usize),
    ) -> bool {
        let trans = self.trans.as_slice();
        let mut sid = 0usize;
        for (i, &b) in text.iter().enumerate() {
            let t = trans[sid + usize::from(self.classes[usize::from(b)])];
            if t < MATCH {
                sid = t as usize;
                continue;
            }
            if t & LOOK != 0 && look && !on_look(i) {
                return false;
            }
            let next = (t & !(LOOK | MATCH)) as usize;
            if t & MATCH != 0 {
                let (s, e) = self.ranges[next / self.stride];
                for &m in &self.matches[s as usize..e as usize] {
                    on_match(m, i + 1);
                }
            }
            sid = next;
        }
        true
    }
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
        for p in rules.matcher.patterns().iter().map(String::as_str).chain([
            "a, b",
            "ok!",
            "q.r.s.t.u.v",
        ]) {
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

    /// Hits as `scan` finds them (trimmed, prepared) and as full normalisation of the whole text finds them.
    fn quick_and_full(m: &Matcher, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut quick = Vec::new();
        let span = Span::new(0, text.len());
        m.scan(text, span, 0, &mut Scratch::default(), &mut quick);
        let mut full = Vec::new();
        m.search(
            None,
            text,
            0,
            Prep::Full,
            0,
            &mut Scratch::default(),
            &mut full,
        );
        (quick, full)
    }

    #[test]
    fn raw_forms_cover_fullwidth_and_curly_punctuation() {
        assert_eq!(raw_forms("a,b").unwrap(), vec!["a\u{FF0C}b"]);
        assert_eq!(raw_forms("i'll").unwrap().len(), 3);
        assert_eq!(raw_forms("您好").unwrap(), Vec::<String>::new());
        assert!(raw_forms("q.r.s.t.u.v").is_none());
        let m = builtin_matcher();
        assert!(
            m.significant[b'.' as usize],
            "the six-dot phrase falls back to folding"
        );
        assert!(
            !m.significant[b',' as usize],
            "commas are matched through raw forms"
        );
    }

    proptest::proptest! {
        /// The byte loop decides as the character loop does, on any text.
        #[test]
        fn prep_bytes_agree_with_chars(text in proptest::prelude::any::<String>()) {
            let m = builtin_matcher();
            proptest::prop_assert_eq!(m.prep(&text), m.prep_by_char(&text));
        }

        /// ... and on text full of the characters it looks at closely.
        #[test]
        fn prep_bytes_agree_on_spaces_and_fullwidth(
            text in "[a-zA-Z 您好，。！’‘＇ＡＺａｚ０９\u{3000}\u{A0}\u{85}\u{1680}\u{2000}-\u{200B}\u{2028}\u{2029}\u{202F}\u{205F}\u{FF01}-\u{FF60}\t\n\r\u{B}\u{C}\u{1C}-\u{1F}é]{0,12}"
        ) {
            let m = builtin_matcher();
            proptest::prop_assert_eq!(m.prep(&text), m.prep_by_char(&text));
        }

        /// Searching trimmed, as-is or lowered where `prep` allows it, finds exactly what full
        /// normalisation of the whole text finds.
        #[test]
        fn prep_shortcuts_agree_with_full_normalisation(
            text in "([您好请稍等不知道没办法投诉抱歉对不起，。！？：；、（）“”,.!?:; ]|Sorry|I CAN'T|can’t|I‘ll refund|i'll refund|Ｏｋ|ok|a|b|\\t|\n|\u{3000}|calm down|Calm Down|ok！|Ｏｋ！|a， b|a，b|抱歉，但是|抱歉,但是|喂！|Sorry， but|q.r.s.t.u.v|q．r.s．t.u.v|ｑ){0,30}"
        ) {
            let m = builtin_matcher();
            let (quick, full) = quick_and_full(m, &text);
            proptest::prop_assert_eq!(quick, full);
        }
    }

    /// The built-in phrases as the first matcher searched them: aho-corasick's NFA.
    fn builtin_reference() -> &'static AhoCorasick {
        static AHO: std::sync::OnceLock<AhoCorasick> = std::sync::OnceLock::new();
        AHO.get_or_init(|| {
            build_automaton(&builtin_matcher().searched, AhoCorasickKind::ContiguousNFA).unwrap()
        })
    }

    /// Hits as the first matcher found them: trimmed, `prep`, then aho-corasick's overlapping
    /// search on the prepared text.
    fn reference_hits(m: &Matcher, aho: &AhoCorasick, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        let core = text.trim_start();
        let base = text.len() - core.len();
        let core = core.trim_end();
        if !core.is_empty() {
            let prep = m.prep(core);
            m.search(
                Some(aho),
                core,
                base,
                prep,
                0,
                &mut Scratch::default(),
                &mut out,
            );
        }
        out
    }

    fn dense_hits(m: &Matcher, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        let span = Span::new(0, text.len());
        m.scan(text, span, 0, &mut Scratch::default(), &mut out);
        out
    }

    /// Pieces of text that hit built-in phrases, their raw forms and their word boundaries.
    fn phrase_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let patterns: Vec<String> = builtin_matcher().searched.clone();
        let piece = prop_oneof![
            proptest::sample::select(patterns.clone()),
            proptest::sample::select(patterns).prop_map(|p| p.to_ascii_uppercase()),
            "[ a-zA-Z0-9,.!'’，。！　\t\n您好的了Ｏｋ]{0,3}",
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        /// The dense DFA scan finds the hits, in the order, the aho-corasick scan found.
        #[test]
        fn dense_scan_agrees_with_aho_corasick(text in phrase_text()) {
            let m = builtin_matcher();
            proptest::prop_assert_eq!(dense_hits(m, &text), reference_hits(m, builtin_reference(), &text));
        }

        /// ... on any text.
        #[test]
        fn dense_scan_agrees_on_any_text(text in proptest::prelude::any::<String>()) {
            let m = builtin_matcher();
            proptest::prop_assert_eq!(dense_hits(m, &text), reference_hits(m, builtin_reference(), &text));
        }

        /// The raw walk reports aho-corasick's overlapping matches, in its order.
        #[test]
        fn dense_walk_agrees_with_find_overlapping(text in phrase_text()) {
            let m = builtin_matcher();
            let dense = m.dense.as_ref().unwrap();
            let lower = text.to_ascii_lowercase();
            let mut walked = Vec::new();
            dense.walk(lower.as_bytes(), false, |_| true, |id, end| walked.push((id, end)));
            let found: Vec<(u32, usize)> = builtin_reference()
                .find_overlapping_iter(&lower)
                .map(|h| (h.pattern().as_u32(), h.end()))
                .collect();
            proptest::prop_assert_eq!(walked, found);
        }

        /// Small phrase lists, overlapping one another, against aho-corasick.
        #[test]
        fn dense_agrees_on_small_lists(
            phrases in proptest::collection::vec("[ab好 '!，]{1,4}", 1..8),
            text in "[abAB好 '’!！，,\t]{0,24}",
        ) {
            let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
            let m = matcher(&refs);
            proptest::prop_assert!(m.dense.is_some());
            let aho = build_automaton(&m.searched, AhoCorasickKind::ContiguousNFA).unwrap();
            proptest::prop_assert_eq!(dense_hits(&m, &text), reference_hits(&m, &aho, &text));
        }
    }

    #[test]
    fn dense_edge_cases() {
        let m = builtin_matcher();
        for text in [
            "",
            " ",
            "Sorry, but I CAN'T",
            "i can’t",
            "I Can't Believe it's not my fault",
            "我也没办法，这是规定。",
            "抱歉，但是 不知道",
            "不 知 道",
            "ｏｋ！ sorry， but",
            "a\u{3000}b 您　好",
            "q.r.s.t.u.v q．r.s．t.u.v",
            "x\tcalm down",
            "calm  down",
        ] {
            assert_eq!(
                dense_hits(m, text),
                reference_hits(m, builtin_reference(), text),
                "{text:?}"
            );
        }
        // The walk restarts normalised when the text needs it.
        assert_eq!(find(&matcher(&["不知道"]), "我 不 知 道"), vec!["不 知 道"]);
    }

    /// The byte shortcuts for `E3` and `EF` characters decide as the character rule does, for
    /// every character they cover.
    #[test]
    fn lead_shortcuts_agree_with_the_character_rule() {
        let m = builtin_matcher();
        for c in (0x3000..0x4000)
            .chain(0xF000..0x10000)
            .filter_map(char::from_u32)
        {
            let f = fold(c);
            let raw = f.is_ascii_punctuation() && !m.significant[f as usize];
            let expected = c.is_whitespace() || (f != c && !raw);
            let text = format!("{c}x");
            assert_eq!(m.needs_full_at(&text, 0), expected, "{c:?}");
        }
    }

    #[test]
    fn dense_falls_back_on_unexpected_strings() {
        assert!(Dense::build(&["".to_string()]).is_none());
        assert!(Dense::build(&["A".to_string()]).is_none());
        assert!(Dense::build(&["a".to_string(), "a".to_string()]).is_none());
        let dense = Dense::build(&["ab".to_string(), "b".to_string()]).unwrap();
        let mut hits = Vec::new();
        dense.walk(b"xAB", false, |_| true, |m, end| hits.push((m, end)));
        assert_eq!(hits, vec![(0, 3), (1, 3)]);
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
