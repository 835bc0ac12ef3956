//! Word documents (.docx): the body's paragraphs as Markdown-shaped text the parser reads, each
//! part mapped back to its paragraph (`{"paragraph": N}`, 1-based, counting every paragraph of
//! the body in order, empty ones and those in table cells included).
//!
//! - Headings from paragraph styles (`Heading 1`…, `标题 1`…, `Title`) or an outline level → `#`.
//! - Numbered list paragraphs (Word numbering, or a `List Number` style) → steps `1.`, nested two
//!   spaces per level; bulleted ones → `- ` bullets.
//! - Tables → pipe tables, the first row as the header; a cell's place is its first paragraph.
//! - A bold run-in label (`**客服：**` where the paragraph opens with bold text ending in a colon)
//!   is kept bold, so a bold speaker label reads as one.
//! - Text boxes, deleted text, field codes, headers, footers and comments are not read.

use super::extract::{Extract, one_line};
use super::ooxml::{Ev, Package, Xml, attr, local};
use super::{Location, SkipReason, Source};
use std::collections::HashMap;

const WHAT: &str = ".docx";

/// Read a .docx file.
pub fn read(bytes: &[u8]) -> Result<Source, SkipReason> {
    let mut package = Package::open(bytes, WHAT)?;
    let Some(document) = package.part("word/document.xml")? else {
        return Err(SkipReason::Unreadable(
            "not a Word document: the zip has no word/document.xml".to_string(),
        ));
    };
    let styles = match package.part("word/styles.xml")? {
        Some(xml) => read_styles(&xml)?,
        None => HashMap::new(),
    };
    let numbering = match package.part("word/numbering.xml")? {
        Some(xml) => read_numbering(&xml)?,
        None => HashMap::new(),
    };
    let source = Body::new(&styles, &numbering).read(&document)?;
    if source.text.trim().is_empty() {
        return Err(SkipReason::Unreadable(
            "the .docx holds no text".to_string(),
        ));
    }
    Ok(source)
}

/// A paragraph style, as far as the reader needs it.
#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u32>,
    num: Option<(String, u32)>,
}

/// Styles by id.
fn read_styles(text: &str) -> Result<HashMap<String, Style>, SkipReason> {
    let mut styles = HashMap::new();
    let mut xml = Xml::new(text, "word/styles.xml");
    let mut current: Option<(String, Style)> = None;
    while let Some(ev) = xml.next()? {
        match ev {
            Ev::Start { tag, empty } => match local(&tag).as_slice() {
                b"style" if !empty => {
                    let id = attr(&tag, b"styleId").unwrap_or_default();
                    current = Some((id, Style::default()));
                }
                b"name" => {
                    if let Some((_, s)) = &mut current {
                        s.name = attr(&tag, b"val").unwrap_or_default();
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = &mut current {
                        s.based_on = attr(&tag, b"val");
                    }
                }
                b"outlineLvl" => {
                    if let Some((_, s)) = &mut current {
                        s.outline = attr(&tag, b"val").and_then(|v| v.parse().ok());
                    }
                }
                b"numId" => {
                    if let Some((_, s)) = &mut current {
                        let id = attr(&tag, b"val").unwrap_or_default();
                        let level = s.num.as_ref().map_or(0, |n| n.1);
                        s.num = Some((id, level));
                    }
                }
                b"ilvl" => {
                    if let Some((_, s)) = &mut current {
                        let level = attr(&tag, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let id = s.num.take().map(|n| n.0).unwrap_or_default();
                        s.num = Some((id, level));
                    }
                }
                _ => {}
            },
            Ev::End(name) if name == b"style" => {
                if let Some((id, s)) = current.take() {
                    styles.insert(id, s);
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// Number formats by numbering id and level (`bullet`, `decimal`, `chineseCounting`, …).
fn read_numbering(text: &str) -> Result<HashMap<String, HashMap<u32, String>>, SkipReason> {
    let mut abstracts: HashMap<String, HashMap<u32, String>> = HashMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let mut xml = Xml::new(text, "word/numbering.xml");
    let mut abstract_id: Option<String> = None;
    let mut level: u32 = 0;
    let mut num_id: Option<String> = None;
    while let Some(ev) = xml.next()? {
        match ev {
            Ev::Start { tag, .. } => match local(&tag).as_slice() {
                b"abstractNum" => abstract_id = attr(&tag, b"abstractNumId"),
                b"lvl" => {
                    level = attr(&tag, b"ilvl")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0)
                }
                b"numFmt" => {
                    if let (Some(id), Some(fmt)) = (&abstract_id, attr(&tag, b"val")) {
                        abstracts
                            .entry(id.clone())
                            .or_default()
                            .entry(level)
                            .or_insert(fmt);
                    }
                }
                b"num" => num_id = attr(&tag, b"numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (&num_id, attr(&tag, b"val")) {
                        nums.push((n.clone(), a));
                    }
                }
                _ => {}
            },
            Ev::End(name) if name == b"abstractNum" => abstract_id = None,
            Ev::End(name) if name == b"num" => num_id = None,
            _ => {}
        }
    }
    Ok(nums
        .into_iter()
        .filter_map(|(n, a)| abstracts.get(&a).map(|levels| (n, levels.clone())))
        .collect())
}

/// The heading level a style name means: `heading 2` / `Heading2` / `标题 2` → 2, `Title` → 1.
fn heading_level(name: &str) -> Option<u32> {
    let squashed: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if squashed == "title" || squashed == "标题" {
        return Some(1);
    }
    let digits = squashed
        .strip_prefix("heading")
        .or_else(|| squashed.strip_prefix("标题"))?;
    digits.parse().ok().filter(|n| (1..=9).contains(n))
}

/// What a list style's name says when the paragraph has no numbering of its own.
fn list_style(name: &str) -> Option<bool> {
    let n = name.to_lowercase();
    if n.starts_with("list bullet") {
        Some(true)
    } else if n.starts_with("list number") {
        Some(false)
    } else {
        None
    }
}

#[derive(Debug, Default)]
struct Para {
    index: u32,
    style: Option<String>,
    num: Option<(Option<String>, u32)>,
    outline: Option<u32>,
    /// Runs: text and whether it is bold.
    runs: Vec<(String, bool)>,
}

#[derive(Debug, Default)]
struct Cell {
    text: String,
    paragraph: u32,
}

struct Body<'s> {
    styles: &'s HashMap<String, Style>,
    numbering: &'s HashMap<String, HashMap<u32, String>>,
    out: Extract,
    counters: HashMap<String, Vec<u32>>,
}

impl<'s> Body<'s> {
    fn new(
        styles: &'s HashMap<String, Style>,
        numbering: &'s HashMap<String, HashMap<u32, String>>,
    ) -> Body<'s> {
        Body {
            styles,
            numbering,
            out: Extract::new(),
            counters: HashMap::new(),
        }
    }

    fn read(mut self, document: &str) -> Result<Source, SkipReason> {
        let mut xml = Xml::new(document, "word/document.xml");
        let mut count: u32 = 0;
        let mut para: Option<Para> = None;
        let (mut in_ppr, mut in_rpr, mut in_run, mut in_text) = (false, false, false, false);
        let mut skip: u32 = 0;
        let mut table_depth: u32 = 0;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        while let Some(ev) = xml.next()? {
            match ev {
                Ev::Start { tag, empty } => {
                    let name = local(&tag);
                    if matches!(name.as_slice(), b"txbxContent" | b"Fallback") {
                        skip += u32::from(!empty);
                        continue;
                    }
                    if skip > 0 {
                        continue;
                    }
                    match name.as_slice() {
                        b"p" => {
                            count += 1;
                            if para.is_none() {
                                para = Some(Para {
                                    index: count,
                                    ..Para::default()
                                });
                            }
                            if empty {
                                self.end_paragraph(para.take(), table_depth, &mut rows);
                            }
                        }
                        b"pPr" if !empty => in_ppr = true,
                        b"rPr" if !empty => in_rpr = true,
                        b"pStyle" if in_ppr => {
                            if let Some(p) = &mut para {
                                p.style = attr(&tag, b"val");
                            }
                        }
                        b"outlineLvl" if in_ppr => {
                            if let Some(p) = &mut para {
                                p.outline = attr(&tag, b"val").and_then(|v| v.parse().ok());
                            }
                        }
                        b"ilvl" if in_ppr => {
                            if let Some(p) = &mut para {
                                let level =
                                    attr(&tag, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                                let id = p.num.take().and_then(|n| n.0);
                                p.num = Some((id, level));
                            }
                        }
                        b"numId" if in_ppr => {
                            if let Some(p) = &mut para {
                                let level = p.num.as_ref().map_or(0, |n| n.1);
                                p.num = Some((attr(&tag, b"val"), level));
                            }
                        }
                        b"r" if !empty && !in_ppr => {
                            in_run = true;
                            if let Some(p) = &mut para {
                                p.runs.push((String::new(), false));
                            }
                        }
                        b"b" if in_rpr && in_run => {
                            let on = !matches!(
                                attr(&tag, b"val").as_deref(),
                                Some("0" | "false" | "off")
                            );
                            if let Some(run) = para.as_mut().and_then(|p| p.runs.last_mut()) {
                                run.1 = on;
                            }
                        }
                        b"t" if in_run && !empty => in_text = true,
                        b"tab" if in_run => push_run(&mut para, " "),
                        b"br" | b"cr" if in_run => push_run(&mut para, "\n"),
                        b"tbl" if !empty => {
                            table_depth += 1;
                            if table_depth == 1 {
                                rows.clear();
                            }
                        }
                        b"tr" if table_depth == 1 && !empty => rows.push(Vec::new()),
                        b"tc" if table_depth == 1 => {
                            if let Some(row) = rows.last_mut() {
                                row.push(Cell::default());
                            }
                        }
                        _ => {}
                    }
                }
                Ev::End(name) => {
                    if matches!(name.as_slice(), b"txbxContent" | b"Fallback") {
                        skip = skip.saturating_sub(1);
                        continue;
                    }
                    if skip > 0 {
                        continue;
                    }
                    match name.as_slice() {
                        b"p" => self.end_paragraph(para.take(), table_depth, &mut rows),
                        b"pPr" => in_ppr = false,
                        b"rPr" => in_rpr = false,
                        b"r" => in_run = false,
                        b"t" => in_text = false,
                        b"tbl" => {
                            table_depth = table_depth.saturating_sub(1);
                            if table_depth == 0 {
                                self.table(std::mem::take(&mut rows));
                            }
                        }
                        _ => {}
                    }
                }
                Ev::Text(text) => {
                    if in_text && skip == 0 {
                        push_run(&mut para, &text);
                    }
                }
            }
        }
        Ok(self.out.finish("UTF-8"))
    }

    /// A paragraph ends: into the current table cell, or written out.
    fn end_paragraph(&mut self, para: Option<Para>, table_depth: u32, rows: &mut [Vec<Cell>]) {
        let Some(para) = para else { return };
        if table_depth > 0 {
            if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                let text: String = para.runs.iter().map(|r| r.0.as_str()).collect();
                let text = one_line(&text);
                if cell.paragraph == 0 || (cell.text.is_empty() && !text.is_empty()) {
                    cell.paragraph = para.index;
                }
                if !text.is_empty() {
                    if !cell.text.is_empty() {
                        cell.text.push(' ');
                    }
                    cell.text.push_str(&text);
                }
            }
            return;
        }
        self.paragraph(para);
    }

    /// The style chain of a paragraph, nearest first (at most 10 deep).
    fn chain(&self, style: Option<&str>) -> Vec<&'s Style> {
        let mut chain = Vec::new();
        let mut id = style.map(str::to_string);
        while let Some(s) = id.and_then(|i| self.styles.get(&i)) {
            chain.push(s);
            if chain.len() >= 10 {
                break;
            }
            id = s.based_on.clone();
        }
        chain
    }

    fn paragraph(&mut self, para: Para) {
        let text: String = para.runs.iter().map(|r| r.0.as_str()).collect();
        if text.trim().is_empty() {
            return;
        }
        let chain = self.chain(para.style.as_deref());
        let heading = chain
            .iter()
            .find_map(|s| heading_level(&s.name))
            .or_else(|| para.style.as_deref().and_then(heading_level))
            .or_else(|| {
                para.outline
                    .or_else(|| chain.iter().find_map(|s| s.outline))
                    .filter(|l| *l < 9)
                    .map(|l| l + 1)
            });
        self.out.at(Location {
            paragraph: Some(para.index),
            ..Location::default()
        });
        if let Some(level) = heading {
            let level = level.min(6) as usize;
            self.out.push(&"#".repeat(level));
            self.out.push(" ");
            self.out.push(&one_line(&text));
            self.out.blank_line();
            return;
        }
        // Numbering: the paragraph's own, else its style's; numId 0 switches it off.
        let num = match &para.num {
            Some((Some(id), level)) => Some((id.clone(), *level)),
            Some((None, level)) => chain
                .iter()
                .find_map(|s| s.num.clone())
                .map(|(id, _)| (id, *level)),
            None => chain.iter().find_map(|s| s.num.clone()),
        }
        .filter(|(id, _)| id != "0");
        let list = match &num {
            Some((id, level)) => {
                let fmt = self
                    .numbering
                    .get(id)
                    .and_then(|levels| levels.get(level))
                    .map_or("decimal", String::as_str);
                match fmt {
                    "none" => None,
                    "bullet" => Some((true, id.clone(), *level)),
                    _ => Some((false, id.clone(), *level)),
                }
            }
            None => chain
                .iter()
                .find_map(|s| list_style(&s.name))
                .map(|bullet| (bullet, String::from("style"), 0)),
        };
        let mut indent = String::new();
        if let Some((bullet, id, level)) = list {
            let level = level.min(8);
            indent = "  ".repeat(level as usize);
            self.out.push(&indent);
            if bullet {
                self.out.push("- ");
            } else {
                let counters = self.counters.entry(id).or_default();
                counters.resize(level as usize + 1, 0);
                counters[level as usize] += 1;
                let n = counters[level as usize];
                self.out.push(&format!("{n}. "));
            }
            indent.push_str("   ");
        }
        let body = run_in_label(&para.runs);
        if indent.is_empty() {
            self.out.push(&body);
        } else {
            self.out.push(&body.replace('\n', &format!("\n{indent}")));
        }
        self.out.blank_line();
    }

    /// A table as pipe rows, the first row as the header.
    fn table(&mut self, rows: Vec<Vec<Cell>>) {
        let rows: Vec<Vec<Cell>> = rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.text.is_empty()))
            .collect();
        if rows.is_empty() {
            return;
        }
        self.out.blank_line();
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                self.out.at(Location {
                    paragraph: Some(cell.paragraph),
                    ..Location::default()
                });
                self.out.push(if j == 0 { "| " } else { " | " });
                self.out.push(&cell.text.replace('|', "\\|"));
            }
            self.out.push(" |\n");
            if i == 0 {
                self.out.push("|");
                self.out.push(&" --- |".repeat(row.len().max(1)));
                self.out.push("\n");
            }
        }
        self.out.blank_line();
    }
}

fn push_run(para: &mut Option<Para>, text: &str) {
    if let Some(p) = para {
        match p.runs.last_mut() {
            Some(run) => run.0.push_str(text),
            None => p.runs.push((text.to_string(), false)),
        }
    }
}

/// The paragraph's text, lines trimmed, with a leading bold label ending in a colon kept bold
/// (`**客服：**您好`).
pub(super) fn run_in_label(runs: &[(String, bool)]) -> String {
    let mut bold = String::new();
    let mut rest = String::new();
    let mut leading = true;
    for (text, is_bold) in runs {
        if leading && (*is_bold || (text.trim().is_empty() && !bold.is_empty())) && !text.is_empty()
        {
            bold.push_str(text);
        } else if leading && text.is_empty() {
        } else {
            leading = false;
            rest.push_str(text);
        }
    }
    let label = bold.trim();
    let colon = |c: char| c == ':' || c == '：';
    let text = if !label.is_empty()
        && !rest.trim().is_empty()
        && !label.contains('\n')
        && (label.ends_with(colon) || rest.trim_start().starts_with(colon))
    {
        format!("**{label}**{}", rest.trim_start_matches([' ', '\t']))
    } else {
        format!("{bold}{rest}")
    };
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_from_style_names() {
        assert_eq!(heading_level("heading 1"), Some(1));
        assert_eq!(heading_level("Heading2"), Some(2));
        assert_eq!(heading_level("标题 3"), Some(3));
        assert_eq!(heading_level("Title"), Some(1));
        assert_eq!(heading_level("Normal"), None);
        assert_eq!(heading_level("heading 10"), None);
    }

    #[test]
    fn bold_run_in_labels() {
        let runs = |v: &[(&str, bool)]| {
            v.iter()
                .map(|(t, b)| (t.to_string(), *b))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run_in_label(&runs(&[("客服：", true), ("您好", false)])),
            "**客服：**您好"
        );
        assert_eq!(
            run_in_label(&runs(&[("Agent", true), (": Hello", false)])),
            "**Agent**: Hello"
        );
        assert_eq!(
            run_in_label(&runs(&[("重要", true), ("的事", false)])),
            "重要的事"
        );
        assert_eq!(run_in_label(&runs(&[("全部加粗：", true)])), "全部加粗：");
    }
}
