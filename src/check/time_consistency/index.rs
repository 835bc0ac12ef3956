//! The values every file states per moment, and the judgement of one fact against them.

use super::TimeFact;
use crate::check::Draft;
use crate::model::Lang;
use crate::span::Position;

/// One place that states a value, kept as an example for related locations.
#[derive(Clone, Debug)]
struct Example {
    path: String,
    position: Position,
    text: String,
}

/// Per (rule, moment): each distinct value with up to three example places. Small whatever the
/// number of files, so cross-document checks need not keep every fact's neighbours.
#[derive(Debug, Default)]
pub struct ConsistencyIndex {
    values: std::collections::HashMap<(u32, String), Vec<ValueExamples>>,
}

/// A value (seconds) and a few places that state it.
type ValueExamples = (f64, Vec<Example>);

/// A standard that disagrees with another: what to report, and the other places.
#[derive(Debug)]
pub struct Disagreement {
    /// The finding to be: the standard, its moment and the first other standard.
    pub draft: Draft,
    /// Up to three places that state another value, as related locations.
    pub others: Vec<Other>,
}

/// A place that states another value.
#[derive(Debug)]
pub struct Other {
    /// The file.
    pub path: String,
    /// Where in it.
    pub position: Position,
    /// The related location's message.
    pub message: String,
}

impl ConsistencyIndex {
    /// Add one file's facts (suppressed ones too: they still state a value others disagree with).
    pub fn add(&mut self, path: &str, facts: &[TimeFact]) {
        for fact in facts {
            let values = self
                .values
                .entry((fact.rule, fact.moment.clone()))
                .or_default();
            let example = || Example {
                path: path.to_string(),
                position: fact.start,
                text: fact.text.clone(),
            };
            match values
                .iter_mut()
                .find(|(v, _)| (v - fact.seconds).abs() <= 1e-6)
            {
                Some((_, examples)) if examples.len() < 3 => examples.push(example()),
                Some(_) => {}
                None => values.push((fact.seconds, vec![example()])),
            }
        }
    }

    /// Whether a fact disagrees with another value of its rule and moment; messages in `ui`.
    pub fn judge(&self, mine: &TimeFact, ui: Lang) -> Option<Disagreement> {
        let values = self.values.get(&(mine.rule, mine.moment.clone()))?;
        // Only the first three places are shown: no need to gather every other value's places.
        let mut others = values
            .iter()
            .filter(|(v, _)| (v - mine.seconds).abs() > 1e-6)
            .flat_map(|(_, examples)| examples.iter())
            .take(3)
            .peekable();
        let first = *others.peek()?;
        let others = others
            .map(|e| Other {
                path: e.path.clone(),
                position: e.position,
                message: other_standard(ui, &e.text),
            })
            .collect();
        Some(Disagreement {
            draft: Draft {
                span: mine.span,
                found: mine.text.clone(),
                params: vec![
                    ("moment", mine.moment_name.clone()),
                    ("other", first.text.clone()),
                ],
                ..Draft::default()
            },
            others,
        })
    }
}

/// A related location's message: the other standard's text, quoted.
fn other_standard(ui: Lang, text: &str) -> String {
    let (open, close) = match ui {
        Lang::Zh => ("另一处标准：“", "”"),
        Lang::En => ("the other standard: \"", "\""),
    };
    let mut message = String::with_capacity(open.len() + text.len() + close.len());
    message.push_str(open);
    message.push_str(text);
    message.push_str(close);
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_standard_as_format() {
        for text in ["", "24小时", "a \"b\""] {
            assert_eq!(
                other_standard(Lang::Zh, text),
                format!("另一处标准：“{}”", text)
            );
            assert_eq!(
                other_standard(Lang::En, text),
                format!("the other standard: \"{}\"", text)
            );
        }
    }
}
