//! The front matter's body through a YAML parser (saphyr-parser): the grammar's `front_matter`
//! finds the `---` … `---` block, this reads the YAML between — a misspelt key, a bad value or a
//! block that is not YAML becomes a problem with a span (`config/front-matter`).
//!
//! Keys read: `kind` ([`KIND_NAMES`], case-insensitive), `lang` ([`LANG_NAMES`]: `zh`, `zh-CN`,
//! `zh-TW`, `en-US`, …), `script` (`Hans`/`Hant`), `title`, and `disable` (a list, a flow list or a
//! string of ids separated by commas or spaces). Keys of site generators and wikis
//! ([`FOREIGN_KEYS`]: `layout`, `tags`, `description`, …) and any other key that is no near miss of
//! one read here are passed over in silence.

use crate::model::{FrontMatter, FrontProblem, Kind, Lang};
use crate::span::Span;
use saphyr_parser::{Event, Parser};

/// Names of document kinds, in one list (lower case): the first of each kind is its own name.
pub const KIND_NAMES: &[(&str, Kind)] = &[
    ("script", Kind::Script),
    ("sop", Kind::Sop),
    ("dialogue", Kind::Script),
    ("dialog", Kind::Script),
    ("transcript", Kind::Script),
    ("话术", Kind::Script),
    ("脚本", Kind::Script),
    ("对话", Kind::Script),
    ("procedure", Kind::Sop),
    ("process", Kind::Sop),
    ("流程", Kind::Sop),
    ("规范", Kind::Sop),
];

/// Names of languages (lower case, `_` read as `-`) and whether they name traditional characters.
pub const LANG_NAMES: &[(&str, Lang, Option<bool>)] = &[
    ("zh", Lang::Zh, None),
    ("en", Lang::En, None),
    ("zh-cn", Lang::Zh, Some(false)),
    ("zh-sg", Lang::Zh, Some(false)),
    ("zh-hans", Lang::Zh, Some(false)),
    ("zh-hans-cn", Lang::Zh, Some(false)),
    ("zh-tw", Lang::Zh, Some(true)),
    ("zh-hk", Lang::Zh, Some(true)),
    ("zh-mo", Lang::Zh, Some(true)),
    ("zh-hant", Lang::Zh, Some(true)),
    ("zh-hant-tw", Lang::Zh, Some(true)),
    ("zh-hant-hk", Lang::Zh, Some(true)),
    ("chinese", Lang::Zh, None),
    ("中文", Lang::Zh, None),
    ("简体中文", Lang::Zh, Some(false)),
    ("繁體中文", Lang::Zh, Some(true)),
    ("繁体中文", Lang::Zh, Some(true)),
    ("en-us", Lang::En, None),
    ("en-gb", Lang::En, None),
    ("en-au", Lang::En, None),
    ("english", Lang::En, None),
    ("英文", Lang::En, None),
    ("英语", Lang::En, None),
];

/// Keys other tools put in front matter (Jekyll, Hugo, Docusaurus, wikis), passed over.
pub const FOREIGN_KEYS: &[&str] = &[
    "layout",
    "permalink",
    "slug",
    "date",
    "updated",
    "lastmod",
    "created",
    "author",
    "authors",
    "owner",
    "description",
    "summary",
    "category",
    "categories",
    "subcategory",
    "tags",
    "keywords",
    "weight",
    "draft",
    "id",
    "sidebar_label",
    "sidebar_position",
    "toc",
    "aliases",
    "version",
    "status",
    "redirect_from",
    "type",
    "audience",
    "subtitle",
    "banner",
    "cover",
    "image",
    "thumbnail",
    "excerpt",
    "comments",
    "sticky",
    "top",
    "language",
];

/// The key an unknown key is a misspelling of: within two edits of `kind`, `lang`, `script` or
/// `disable` (not `title`, which changes no judgement: `subtitle` is a blog's own key).
fn nearest_key(name: &str) -> Option<&'static str> {
    ["kind", "lang", "script", "disable"]
        .into_iter()
        .map(|k| (crate::ruleset::edit_distance(name, k), k))
        .filter(|(d, _)| (1..=2).contains(d))
        .min()
        .map(|(_, k)| k)
}

const KIND_VALUES: &str = "script, sop, macros";
const LANG_VALUES: &str = "zh, en, zh-CN, zh-TW, zh-HK, en-US";
const SCRIPT_VALUES: &str = "Hans, Hant";

/// The nearest of `names` to `word` (at most two edits, or three for long words).
fn nearest(word: &str, names: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    let limit = if word.chars().count() > 5 { 3 } else { 2 };
    names
        .map(|n| (crate::ruleset::edit_distance(word, n), n))
        .filter(|(d, _)| *d <= limit && *d > 0)
        .min()
        .map(|(_, n)| n)
}

/// A scalar's text and its span in the document (quotes left out).
struct Scalar {
    value: String,
    span: Span,
}

/// A top-level value: a scalar, a list of scalars, or something else (a mapping, nested lists).
enum Value {
    Scalar(Scalar),
    List(Vec<Scalar>),
    Other(Span),
}

/// Read the YAML `body` (starting at byte `at` of the document) into `front`.
pub(super) fn read(body: &str, at: usize, front: &mut FrontMatter) {
    // Character index → byte offset in the document (the parser counts characters).
    let starts: Vec<usize> = body
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(body.len()))
        .collect();
    let byte = |chars: usize| at + starts.get(chars).copied().unwrap_or(body.len());
    let span_of = |start: usize, end: usize| -> Span {
        let (s, e) = (byte(start), byte(end.max(start)));
        // Leave out the quotes of a quoted scalar.
        let text = &body[s - at..e - at];
        if text.len() >= 2
            && (text.starts_with('"') && text.ends_with('"')
                || text.starts_with('\'') && text.ends_with('\''))
        {
            Span::new(s + 1, e - 1)
        } else {
            Span::new(s, e)
        }
    };
    let mut events = Vec::new();
    for event in Parser::new_from_str(body) {
        match event {
            Ok(e) => events.push(e),
            Err(e) => {
                let m = e.marker();
                let s = byte(m.index());
                let end = body[s - at..].find('\n').map_or(at + body.len(), |n| s + n);
                front.problems.push((
                    Span::new(s, end),
                    FrontProblem::Syntax(e.info().to_string()),
                ));
                return;
            }
        }
    }
    // StreamStart, DocumentStart, MappingStart, (key, value)*, MappingEnd, DocumentEnd, StreamEnd.
    let mut i = 0;
    while i < events.len() && !matches!(events[i].0, Event::MappingStart(..)) {
        if let (Event::Scalar(..) | Event::SequenceStart(..), span) = &events[i] {
            // A document that is no mapping.
            front.problems.push((
                span_of(span.start.index(), span.end.index()),
                FrontProblem::Syntax("front matter is not a list of `key: value` lines".into()),
            ));
            return;
        }
        i += 1;
    }
    i += 1;
    let mut entries: Vec<(Scalar, Value)> = Vec::new();
    while i < events.len() {
        let (Event::Scalar(key, ..), kspan) = &events[i] else {
            break;
        };
        let key = Scalar {
            value: key.to_string(),
            span: span_of(kspan.start.index(), kspan.end.index()),
        };
        i += 1;
        let Some((event, vspan)) = events.get(i) else {
            break;
        };
        let value = match event {
            Event::Scalar(v, ..) => {
                i += 1;
                Value::Scalar(Scalar {
                    value: v.to_string(),
                    span: span_of(vspan.start.index(), vspan.end.index()),
                })
            }
            Event::SequenceStart(..) => {
                let start = vspan.start.index();
                let mut items = Vec::new();
                let mut depth = 0;
                let mut flat = true;
                let mut end = start;
                i += 1;
                while let Some((e, sp)) = events.get(i) {
                    i += 1;
                    end = sp.end.index();
                    match e {
                        Event::SequenceEnd | Event::MappingEnd if depth == 0 => break,
                        Event::SequenceEnd | Event::MappingEnd => depth -= 1,
                        Event::SequenceStart(..) | Event::MappingStart(..) => {
                            depth += 1;
                            flat = false;
                        }
                        Event::Scalar(v, ..) if depth == 0 => items.push(Scalar {
                            value: v.to_string(),
                            span: span_of(sp.start.index(), sp.end.index()),
                        }),
                        _ => {}
                    }
                }
                if flat {
                    Value::List(items)
                } else {
                    Value::Other(span_of(start, end))
                }
            }
            Event::MappingStart(..) => {
                let start = vspan.start.index();
                let mut depth = 0;
                let mut end = start;
                i += 1;
                while let Some((e, sp)) = events.get(i) {
                    i += 1;
                    end = sp.end.index();
                    match e {
                        Event::SequenceEnd | Event::MappingEnd if depth == 0 => break,
                        Event::SequenceEnd | Event::MappingEnd => depth -= 1,
                        Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
                        _ => {}
                    }
                }
                Value::Other(span_of(start, end))
            }
            _ => {
                i += 1;
                Value::Other(span_of(vspan.start.index(), vspan.end.index()))
            }
        };
        entries.push((key, value));
    }
    for (key, value) in entries {
        apply(front, key, value);
    }
}

fn bad(
    front: &mut FrontMatter,
    span: Span,
    key: &'static str,
    takes: &'static str,
    s: Option<&'static str>,
) {
    front.problems.push((
        span,
        FrontProblem::BadValue {
            key,
            takes,
            suggestion: s,
        },
    ));
}

fn apply(front: &mut FrontMatter, key: Scalar, value: Value) {
    let name = key.value.trim().to_lowercase();
    match name.as_str() {
        "kind" => match value {
            Value::Scalar(v) => {
                let word = v.value.trim().to_lowercase();
                // `kind: macros` (phrases, templates, collection, 话术): a collection of model
                // lines; its kind is then the one named, or detected as usual.
                front.collection = super::collection::COLLECTION_KINDS.contains(&word.as_str());
                match KIND_NAMES.iter().find(|(n, _)| *n == word) {
                    Some((_, kind)) => front.kind = Some(*kind),
                    None if front.collection => {}
                    None => {
                        let s = nearest(&word, KIND_NAMES.iter().map(|(n, _)| *n));
                        bad(front, v.span, "kind", KIND_VALUES, s);
                    }
                }
            }
            Value::List(_) | Value::Other(_) => {
                let span = value_span(&value);
                bad(front, span, "kind", KIND_VALUES, None);
            }
        },
        "lang" => match value {
            Value::Scalar(v) => {
                let word = v.value.trim().to_lowercase().replace('_', "-");
                match LANG_NAMES.iter().find(|(n, ..)| *n == word) {
                    Some((_, lang, hant)) => {
                        front.lang = Some(*lang);
                        if hant.is_some() {
                            front.hant = *hant;
                        }
                    }
                    None => {
                        let s = nearest(&word, LANG_NAMES.iter().map(|(n, ..)| *n));
                        bad(front, v.span, "lang", LANG_VALUES, s);
                    }
                }
            }
            _ => {
                let span = value_span(&value);
                bad(front, span, "lang", LANG_VALUES, None);
            }
        },
        "script" => match value {
            Value::Scalar(v) => match v.value.trim().to_lowercase().as_str() {
                "hant" | "traditional" | "繁體" | "繁体" => front.hant = Some(true),
                "hans" | "simplified" | "简体" => front.hant = Some(false),
                word => {
                    let s = nearest(word, ["hans", "hant"].into_iter())
                        .map(|n| if n == "hans" { "Hans" } else { "Hant" });
                    bad(front, v.span, "script", SCRIPT_VALUES, s);
                }
            },
            _ => {
                let span = value_span(&value);
                bad(front, span, "script", SCRIPT_VALUES, None);
            }
        },
        "title" => match value {
            Value::Scalar(v) => front.title = Some(v.span),
            _ => {
                let span = value_span(&value);
                bad(front, span, "title", "one line of text", None);
            }
        },
        "disable" => match value {
            Value::Scalar(v) => {
                // `disable: phrasing/negative, time` or one id.
                let text = v.value.as_str();
                let mut pos = 0;
                for piece in text.split([',', ' ', '\t']) {
                    if !piece.is_empty() {
                        let start = v.span.start + pos;
                        front.disable.push(Span::new(start, start + piece.len()));
                    }
                    pos += piece.len() + 1;
                }
            }
            Value::List(items) => front.disable.extend(items.iter().map(|s| s.span)),
            Value::Other(span) => bad(front, span, "disable", "a list of rule ids", None),
        },
        _ if FOREIGN_KEYS.contains(&name.as_str()) => {}
        // Front matter is shared with site generators and blogs, whose keys are many (`subtitle`,
        // `banner`, `cover`): only a near miss of a key that changes how the document is judged
        // (`lnag`, `knid`, `disabel`) is reported; any other key is another tool's.
        _ => {
            if let Some(s) = nearest_key(&name) {
                front
                    .problems
                    .push((key.span, FrontProblem::UnknownKey(Some(s))));
            }
        }
    }
}

fn value_span(value: &Value) -> Span {
    match value {
        Value::Scalar(s) => s.span,
        Value::List(items) => match (items.first(), items.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::new(0, 0),
        },
        Value::Other(span) => *span,
    }
}
