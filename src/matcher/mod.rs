//! The one phrase matcher: every phrase of every rule in one Aho-Corasick automaton, one pass per text.
//!
//! The automaton is a dense DFA of our own ([`dense`]), not the aho-corasick crate's, for one
//! reason: its byte classes fold ASCII case and its transitions flag the bytes that may need
//! normalising, so a single walk both checks that a segment is already normal and searches it (the
//! crate can search but not check, which cost a second pass over every segment). The crate is the
//! one fallback, for phrase lists too large for a dense table, and the reference the property tests
//! compare with (same overlapping matches, same order, over fully normalised text). Rule files'
//! regular expressions are matched beside it with the `regex` crate.
//!
//! Text and phrases are normalised the same way before matching ([`normal`]): ASCII case folded,
//! full-width Latin letters and digits turned into ASCII, curly apostrophes straightened, white
//! space collapsed, and white space between two CJK characters dropped (slide text: "客 户"). Hits
//! are mapped back to the original bytes. [`build`] collects the rules' phrases and builds it.

mod build;
mod dense;
pub mod family;
mod normal;

pub use build::MatcherBuilder;
pub use normal::normalize;

use crate::model::Lang;
use crate::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use dense::Dense;
use normal::{BYTE_CLASS, CONTROL, LEAD, SPACE, fold, is_cjk_like, normalize_into};

/// What a pattern means to the rule that listed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseRole {
    /// A phrase the check looks for (forbidden, required).
    Phrase,
    /// An allowed longer phrase that cancels a `Phrase` hit inside it.
    Allow,
    /// A trigger that makes the clause apply.
    When,
    /// A longer phrase holding a trigger that does not count ("not broken", "没有坏").
    WhenExcept,
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

/// The compiled phrases of a rule set.
pub struct Matcher {
    /// The automaton over `searched`.
    search: Search,
    /// Per searched string: the pattern it spells and its length in bytes.
    info: Vec<(u32, u32)>,
    /// Per pattern: needs a word boundary at its start / end (it begins / ends with a Latin letter or digit).
    bounds: Vec<(bool, bool)>,
    /// ASCII punctuation of a phrase with too many raw forms: its full-width form must be folded
    /// before matching; other full-width punctuation is matched by the raw forms or by nothing.
    significant: [bool; 128],
    /// What the automaton searches for: the patterns, then their raw forms (the tests build
    /// their reference automaton from it).
    #[cfg(test)]
    searched: Vec<String>,
    patterns: Vec<String>,
    /// Per pattern id: the phrases' uses, then the regular expressions' uses.
    uses: Vec<Vec<PatternUse>>,
    suggestions: Vec<String>,
    /// Rule files' regular expressions; regex `i` has pattern id `patterns.len() + i`.
    regexes: Vec<regex::Regex>,
}

/// The two ways the phrases are searched.
// One per run: the dense DFA's byte classes stay inline, next to its table, rather than boxed.
#[allow(clippy::large_enum_variant)]
enum Search {
    /// The dense DFA: one walk checks and searches a segment.
    Dense(Dense),
    /// aho-corasick's contiguous NFA over the fully normalised text, for phrase lists too large
    /// for a dense table (above [`dense::MAX_TRANSITIONS`]).
    Aho(AhoCorasick),
}

/// Buffers reused across scans.
#[derive(Default)]
pub struct Scratch {
    text: String,
    starts: Vec<u32>,
}

impl Matcher {
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
        match &self.search {
            Search::Dense(dense) => {
                // One pass: the DFA folds ASCII case itself, and the bytes normalising may change
                // arrive flagged, so the text is checked while it is searched. Most segments need
                // no offset map; the few that do are searched again, normalised.
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
                    let (normal, starts) = (scratch.text.as_str(), scratch.starts.as_slice());
                    dense.walk(
                        normal.as_bytes(),
                        false,
                        |_| true,
                        |m, end| {
                            self.push_hit(normal, base, Some((core, starts)), m, end, seg, out);
                        },
                    );
                }
            }
            Search::Aho(aho) => {
                normalize_into(core, &mut scratch.text, &mut scratch.starts);
                let (normal, starts) = (scratch.text.as_str(), scratch.starts.as_slice());
                for m in aho.find_overlapping_iter(normal) {
                    let id = m.pattern().as_u32();
                    self.push_hit(normal, base, Some((core, starts)), id, m.end(), seg, out);
                }
            }
        }
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

    /// Whether the byte at `i` of `text` (one the dense DFA flags: a space, other ASCII white
    /// space, or the first byte of a character that may be white space or folded) means the text
    /// must be fully normalised before it is searched.
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
}

/// aho-corasick over `patterns`: every overlapping match, no prefilter (with hundreds of CJK
/// phrases its candidate bytes are everywhere in Chinese text).
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

#[cfg(test)]
mod tests;
