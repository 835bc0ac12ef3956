//! The time-standard facts a streamed run keeps until its last file, compactly.
//!
//! A cross-document check (`time/inconsistent`) can only judge a fact once every file has been
//! read, so a streamed run must keep each fact until the end. Kept as [`TimeFact`]s, with three
//! strings each, they grew the run's memory by ~200 bytes per fact; here a fact is 24 bytes: what
//! it states (rule, moment, its name, the expression and its value) is interned, as these repeat
//! across files; positions are numbers; the file is the caller's index into its own list of
//! inputs; and facts are stored in fixed blocks, so no vector doubling leaves room unused.

use std::collections::HashMap;
use std::sync::Arc;

use super::TimeFact;
use crate::model::Lang;
use crate::span::Position;
use crate::span::Span;

/// Facts of many files, in the order they were added.
#[derive(Default)]
pub struct FactStore {
    ids: HashMap<Arc<str>, u32>,
    strings: Vec<Arc<str>>,
    statement_ids: HashMap<Statement, u32>,
    statements: Vec<Statement>,
    langs: HashMap<u32, Option<Lang>>,
    blocks: Vec<Vec<Compact>>,
    len: usize,
}

/// Facts per storage block.
const BLOCK: usize = 4096;

/// What a fact states: rule, moment, moment name and expression (interned strings) and the
/// value's bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Statement {
    rule: u32,
    moment: u32,
    moment_name: u32,
    text: u32,
    seconds: u64,
}

/// One fact: 24 bytes.
#[derive(Clone, Copy)]
struct Compact {
    file: u32,
    statement: u32,
    start: [u32; 2],
    end: [u32; 2],
}

impl FactStore {
    /// Keep the facts of a file that can still give it a finding (not suppressed); `file` is
    /// the caller's index of the input, and files are added in increasing order.
    pub fn add(&mut self, file: u32, lang: Option<Lang>, facts: &[TimeFact]) {
        for fact in facts.iter().filter(|f| !f.suppressed) {
            self.langs.entry(file).or_insert(lang);
            let statement = Statement {
                rule: fact.rule,
                moment: self.intern(&fact.moment),
                moment_name: self.intern(&fact.moment_name),
                text: self.intern(&fact.text),
                seconds: fact.seconds.to_bits(),
            };
            let compact = Compact {
                file,
                statement: self.statement(statement),
                start: pack(fact.start),
                end: pack(fact.end),
            };
            if self.blocks.last().is_none_or(|b| b.len() == BLOCK) {
                self.blocks.push(Vec::with_capacity(BLOCK));
            }
            if let Some(block) = self.blocks.last_mut() {
                block.push(compact);
            }
            self.len += 1;
        }
    }

    fn statement(&mut self, statement: Statement) -> u32 {
        *self.statement_ids.entry(statement).or_insert_with(|| {
            self.statements.push(statement);
            (self.statements.len() - 1) as u32
        })
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        let shared: Arc<str> = Arc::from(s);
        self.strings.push(shared.clone());
        self.ids.insert(shared, id);
        id
    }

    /// Number of facts kept.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no fact is kept.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each file with kept facts, in order: its index, language and facts.
    pub fn files(&self) -> impl Iterator<Item = (u32, Option<Lang>, Vec<TimeFact>)> + '_ {
        let mut facts = self.blocks.iter().flatten().peekable();
        std::iter::from_fn(move || {
            let first = facts.next()?;
            let lang = self.langs.get(&first.file).copied().flatten();
            let mut kept = vec![self.expand(first)];
            while let Some(next) = facts.next_if(|c| c.file == first.file) {
                kept.push(self.expand(next));
            }
            Some((first.file, lang, kept))
        })
    }

    fn expand(&self, c: &Compact) -> TimeFact {
        let text = |id: u32| self.strings[id as usize].to_string();
        let statement = self.statements[c.statement as usize];
        TimeFact {
            rule: statement.rule,
            moment: text(statement.moment),
            moment_name: text(statement.moment_name),
            seconds: f64::from_bits(statement.seconds),
            text: text(statement.text),
            // Positions are what reporters use; the byte span is of no use without the text.
            span: Span::default(),
            suppressed: false,
            start: unpack(c.start),
            end: unpack(c.end),
        }
    }
}

fn pack(p: Position) -> [u32; 2] {
    [
        u32::try_from(p.line).unwrap_or(u32::MAX),
        u32::try_from(p.column).unwrap_or(u32::MAX),
    ]
}

fn unpack(p: [u32; 2]) -> Position {
    Position {
        line: p[0] as usize,
        column: p[1] as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(moment: &str, seconds: f64, line: usize, suppressed: bool) -> TimeFact {
        TimeFact {
            rule: 3,
            moment: moment.to_string(),
            moment_name: format!("{moment} name"),
            seconds,
            text: format!("{seconds}秒内"),
            span: Span::new(1, 2),
            suppressed,
            start: Position { line, column: 2 },
            end: Position { line, column: 6 },
        }
    }

    #[test]
    fn facts_come_back_per_file_without_suppressed_ones() {
        let mut store = FactStore::default();
        let zh = Some(Lang::Zh);
        store.add(
            0,
            zh,
            &[
                fact("answer", 30.0, 4, false),
                fact("answer", 15.0, 9, true),
            ],
        );
        store.add(1, zh, &[fact("answer", 15.0, 7, true)]);
        store.add(2, None, &[fact("greet", 10.0, 1, false)]);
        assert_eq!(store.len(), 2);
        let back: Vec<(u32, Option<Lang>, Vec<TimeFact>)> = store.files().collect();
        let summary: Vec<(u32, usize, String, f64, usize)> = back
            .iter()
            .flat_map(|(file, _, facts)| {
                facts.iter().map(|f| {
                    (
                        *file,
                        f.start.line,
                        f.moment.clone(),
                        f.seconds,
                        f.end.column,
                    )
                })
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (0, 4, "answer".to_string(), 30.0, 6),
                (2, 1, "greet".to_string(), 10.0, 6),
            ]
        );
        assert_eq!(back[0].2[0].text, "30秒内");
        assert_eq!(back[1].2[0].moment_name, "greet name");
        assert_eq!((back[0].1, back[1].1), (zh, None));
    }

    #[test]
    fn a_fact_is_small() {
        assert!(std::mem::size_of::<Compact>() <= 24);
    }
}
