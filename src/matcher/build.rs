//! Collecting the rules' phrases and uses, and building the matcher from them.

use super::dense::Dense;
use super::normal::{is_normal, normalize};
use super::{AhoCorasickKind, Matcher, PatternUse, Search, build_automaton, is_word_char};
use std::collections::HashMap;

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
        // Text is searched unfolded where it can be, so the automaton also holds each phrase's raw
        // forms: its punctuation full-width, its apostrophes curly.
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
        // A contiguous NFA builds in about a millisecond, as the dense DFA does for the built-in
        // packs; a DFA of the crate's would take some 15 ms.
        let search = match Dense::build(&searched) {
            Some(dense) => Search::Dense(dense),
            None => Search::Aho(
                build_automaton(&searched, AhoCorasickKind::ContiguousNFA)
                    .expect("phrase automaton: patterns are plain strings within size limits"),
            ),
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
            search,
            info,
            bounds,
            significant,
            #[cfg(test)]
            searched,
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
pub(super) fn raw_forms(phrase: &str) -> Option<Vec<String>> {
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
