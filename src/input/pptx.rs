//! PowerPoint decks (.pptx): each slide a section titled by its title placeholder (`# …`), its
//! text boxes and tables in reading order (top to bottom, then left to right), its speaker notes as
//! a section of their own (`## 备注` / `## Notes`). Each part maps back to
//! `{"slide": N, "shape": N, "paragraph": N}`: slides in the deck's order, shapes numbered in
//! reading order on the slide (the title first), paragraphs within the shape (1-based, empty ones
//! counted). The notes' shapes are numbered on after the slide's own (a slide of three shapes has
//! its notes as shape 4).

use super::docx::run_in_label;
use super::extract::{Extract, one_line};
use super::ooxml::{Ev, Package, Xml, attr, local, resolve_target};
use super::{Location, SkipReason, Source};

const WHAT: &str = ".pptx";

/// Read a .pptx file.
pub fn read(bytes: &[u8]) -> Result<Source, SkipReason> {
    let mut package = Package::open(bytes, WHAT)?;
    let Some(presentation) = package.part("ppt/presentation.xml")? else {
        return Err(SkipReason::Unreadable(
            "not a PowerPoint deck: the zip has no ppt/presentation.xml".to_string(),
        ));
    };
    let rels = package
        .part("ppt/_rels/presentation.xml.rels")?
        .unwrap_or_default();
    let rels = relationships(&rels, "ppt/_rels/presentation.xml.rels")?;
    let mut slides = Vec::new();
    let mut xml = Xml::new(&presentation, "ppt/presentation.xml");
    while let Some(ev) = xml.next()? {
        if let Ev::Start { tag, .. } = ev
            && local(&tag) == b"sldId"
            && let Some(id) = attr_rid(&tag)
            && let Some((_, target)) = rels.iter().find(|(rid, _)| *rid == id)
        {
            slides.push(resolve_target("ppt/presentation.xml", target));
        }
    }
    let mut out = Extract::new();
    let mut zh_deck = false;
    for (i, slide_path) in slides.iter().enumerate() {
        let number = i as u32 + 1;
        let Some(slide_xml) = package.part(slide_path)? else {
            continue;
        };
        let mut shapes = read_shapes(&slide_xml, slide_path)?;
        order(&mut shapes);
        let rels_path = rels_of(slide_path);
        let notes = match package.part(&rels_path)? {
            Some(r) => {
                let rels = relationships(&r, &rels_path)?;
                match rels.iter().find(|(_, t)| t.contains("notesSlide")) {
                    Some((_, target)) => {
                        let path = resolve_target(slide_path, target);
                        match package.part(&path)? {
                            Some(x) => read_shapes(&x, &path)?,
                            None => Vec::new(),
                        }
                    }
                    None => Vec::new(),
                }
            }
            None => Vec::new(),
        };
        let all_text: String = shapes
            .iter()
            .chain(&notes)
            .flat_map(|s| {
                s.paras
                    .iter()
                    .flat_map(|p| p.runs.iter().map(|r| r.0.as_str()))
            })
            .collect();
        let zh = all_text
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        zh_deck |= zh;
        write_slide(&mut out, number, &shapes, &notes, zh || zh_deck);
    }
    let source = out.finish("UTF-8");
    if source.text.trim().is_empty() {
        return Err(SkipReason::Unreadable(
            "the .pptx holds no text".to_string(),
        ));
    }
    Ok(source)
}

/// `r:id` of a tag.
fn attr_rid(tag: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    tag.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        key.ends_with(":id")
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The relationships part of a part: `ppt/slides/slide1.xml` → `ppt/slides/_rels/slide1.xml.rels`.
fn rels_of(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{path}.rels"),
    }
}

/// (Id, Target) pairs of a relationships part.
fn relationships(text: &str, name: &str) -> Result<Vec<(String, String)>, SkipReason> {
    let mut rels = Vec::new();
    let mut xml = Xml::new(text, name);
    while let Some(ev) = xml.next()? {
        if let Ev::Start { tag, .. } = ev
            && local(&tag) == b"Relationship"
            && let (Some(id), Some(target)) = (attr(&tag, b"Id"), attr(&tag, b"Target"))
        {
            rels.push((id, target));
        }
    }
    Ok(rels)
}

#[derive(Debug, Default)]
struct Para {
    index: u32,
    level: u32,
    /// `Some(true)` bullet, `Some(false)` numbered, `None` plain.
    list: Option<bool>,
    runs: Vec<(String, bool)>,
}

#[derive(Debug, Default)]
struct Shape {
    title: bool,
    skip: bool,
    x: Option<i64>,
    y: Option<i64>,
    paras: Vec<Para>,
    /// Table rows: cells as (text, first paragraph).
    table: Vec<Vec<(String, u32)>>,
    is_table: bool,
    tree_order: usize,
}

fn read_shapes(text: &str, name: &str) -> Result<Vec<Shape>, SkipReason> {
    let mut xml = Xml::new(text, name);
    let mut shapes = Vec::new();
    let mut shape: Option<Shape> = None;
    let mut depth: u32 = 0;
    let mut skip: u32 = 0;
    let mut para_count: u32 = 0;
    let mut para: Option<Para> = None;
    let (mut in_run, mut in_text, mut in_rpr_ok) = (false, false, false);
    while let Some(ev) = xml.next()? {
        match ev {
            Ev::Start { tag, empty } => {
                let n = local(&tag);
                if n == b"Fallback" {
                    skip += u32::from(!empty);
                    continue;
                }
                if skip > 0 {
                    continue;
                }
                match n.as_slice() {
                    b"sp" | b"graphicFrame" if !empty => {
                        if shape.is_none() {
                            shape = Some(Shape {
                                tree_order: shapes.len(),
                                ..Shape::default()
                            });
                            para_count = 0;
                            depth = 0;
                        }
                        depth += 1;
                    }
                    b"ph" => {
                        if let Some(s) = &mut shape {
                            let kind = attr(&tag, b"type").unwrap_or_default();
                            s.title |= matches!(kind.as_str(), "title" | "ctrTitle");
                            s.skip |=
                                matches!(kind.as_str(), "sldNum" | "dt" | "ftr" | "hdr" | "sldImg");
                        }
                    }
                    b"off" => {
                        if let Some(s) = &mut shape
                            && s.y.is_none()
                        {
                            s.x = attr(&tag, b"x").and_then(|v| v.parse().ok());
                            s.y = attr(&tag, b"y").and_then(|v| v.parse().ok());
                        }
                    }
                    b"tbl" => {
                        if let Some(s) = &mut shape {
                            s.is_table = true;
                        }
                    }
                    b"tr" => {
                        if let Some(s) = &mut shape {
                            s.table.push(Vec::new());
                        }
                    }
                    b"tc" => {
                        if let Some(row) = shape.as_mut().and_then(|s| s.table.last_mut()) {
                            row.push((String::new(), 0));
                        }
                    }
                    b"p" if shape.is_some() => {
                        para_count += 1;
                        para = Some(Para {
                            index: para_count,
                            ..Para::default()
                        });
                        if empty {
                            end_para(&mut shape, para.take());
                        }
                    }
                    b"pPr" => {
                        if let Some(p) = &mut para {
                            p.level = attr(&tag, b"lvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        }
                    }
                    b"buAutoNum" => {
                        if let Some(p) = &mut para {
                            p.list = Some(false);
                        }
                    }
                    b"buChar" | b"buBlip" => {
                        if let Some(p) = &mut para {
                            p.list = Some(true);
                        }
                    }
                    b"buNone" => {
                        if let Some(p) = &mut para {
                            p.list = None;
                        }
                    }
                    b"r" | b"fld" if !empty => {
                        in_run = true;
                        in_rpr_ok = true;
                        if let Some(p) = &mut para {
                            p.runs.push((String::new(), false));
                        }
                    }
                    b"rPr" if in_run && in_rpr_ok => {
                        in_rpr_ok = false;
                        let bold = matches!(attr(&tag, b"b").as_deref(), Some("1" | "true"));
                        if let Some(run) = para.as_mut().and_then(|p| p.runs.last_mut()) {
                            run.1 = bold;
                        }
                    }
                    b"t" if in_run && !empty => in_text = true,
                    b"br" => {
                        if let Some(p) = &mut para {
                            p.runs.push(("\n".to_string(), false));
                        }
                    }
                    _ => {}
                }
            }
            Ev::End(n) => {
                if n == b"Fallback" {
                    skip = skip.saturating_sub(1);
                    continue;
                }
                if skip > 0 {
                    continue;
                }
                match n.as_slice() {
                    b"sp" | b"graphicFrame" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0
                            && let Some(s) = shape.take()
                        {
                            shapes.push(s);
                        }
                    }
                    b"p" => end_para(&mut shape, para.take()),
                    b"r" | b"fld" => in_run = false,
                    b"t" => in_text = false,
                    _ => {}
                }
            }
            Ev::Text(t) => {
                if in_text && let Some(run) = para.as_mut().and_then(|p| p.runs.last_mut()) {
                    run.0.push_str(&t);
                }
            }
        }
    }
    Ok(shapes
        .into_iter()
        .filter(|s| {
            !s.skip
                && (s
                    .paras
                    .iter()
                    .any(|p| p.runs.iter().any(|r| !r.0.trim().is_empty()))
                    || s.table.iter().flatten().any(|c| !c.0.is_empty()))
        })
        .collect())
}

fn end_para(shape: &mut Option<Shape>, para: Option<Para>) {
    let (Some(s), Some(p)) = (shape.as_mut(), para) else {
        return;
    };
    if s.is_table {
        if let Some(cell) = s.table.last_mut().and_then(|r| r.last_mut()) {
            let text: String = p.runs.iter().map(|r| r.0.as_str()).collect();
            let text = one_line(&text);
            if cell.1 == 0 || (cell.0.is_empty() && !text.is_empty()) {
                cell.1 = p.index;
            }
            if !text.is_empty() {
                if !cell.0.is_empty() {
                    cell.0.push(' ');
                }
                cell.0.push_str(&text);
            }
        }
    } else {
        s.paras.push(p);
    }
}

/// Reading order: the title first, then top to bottom and left to right; a shape without a
/// position of its own (a placeholder placed by its layout) keeps its place in the slide's tree.
fn order(shapes: &mut [Shape]) {
    shapes.sort_by_key(|s| {
        (
            !s.title,
            s.y.unwrap_or(i64::MIN),
            s.x.unwrap_or(i64::MIN),
            s.tree_order,
        )
    });
}

fn write_slide(out: &mut Extract, slide: u32, shapes: &[Shape], notes: &[Shape], zh: bool) {
    let place = |shape: u32, paragraph: u32| Location {
        slide: Some(slide),
        shape: Some(shape),
        paragraph: Some(paragraph),
        ..Location::default()
    };
    let title = shapes.first().filter(|s| s.title);
    match title {
        Some(t) => {
            let p = t.paras.first().map_or(1, |p| p.index);
            out.at(place(1, p));
            let text: String = t
                .paras
                .iter()
                .map(|p| p.runs.iter().map(|r| r.0.as_str()).collect::<String>())
                .collect::<Vec<_>>()
                .join(" ");
            out.push("# ");
            out.push(&one_line(&text));
        }
        None => {
            out.at(Location {
                slide: Some(slide),
                ..Location::default()
            });
            out.push(&if zh {
                format!("# 幻灯片 {slide}")
            } else {
                format!("# Slide {slide}")
            });
        }
    }
    out.blank_line();
    let body = if title.is_some() {
        &shapes[1..]
    } else {
        shapes
    };
    let first = if title.is_some() { 2 } else { 1 };
    for (i, shape) in body.iter().enumerate() {
        write_shape(out, shape, &|p| place(first + i as u32, p));
    }
    if !notes.is_empty() {
        let next = shapes.len() as u32 + 1;
        out.at(Location {
            slide: Some(slide),
            ..Location::default()
        });
        out.push(if zh { "## 备注" } else { "## Notes" });
        out.blank_line();
        for (i, shape) in notes.iter().enumerate() {
            write_shape(out, shape, &|p| place(next + i as u32, p));
        }
    }
}

fn write_shape(out: &mut Extract, shape: &Shape, place: &dyn Fn(u32) -> Location) {
    if shape.is_table {
        let rows: Vec<&Vec<(String, u32)>> = shape
            .table
            .iter()
            .filter(|r| r.iter().any(|c| !c.0.is_empty()))
            .collect();
        out.blank_line();
        for (i, row) in rows.iter().enumerate() {
            for (j, (text, p)) in row.iter().enumerate() {
                out.at(place(*p));
                out.push(if j == 0 { "| " } else { " | " });
                out.push(&text.replace('|', "\\|"));
            }
            out.push(" |\n");
            if i == 0 {
                out.push("|");
                out.push(&" --- |".repeat(row.len().max(1)));
                out.push("\n");
            }
        }
        out.blank_line();
        return;
    }
    let mut counters: Vec<u32> = Vec::new();
    for para in &shape.paras {
        let body = run_in_label(&para.runs);
        if body.is_empty() {
            continue;
        }
        out.at(place(para.index));
        let level = para.level.min(8) as usize;
        let mut indent = "  ".repeat(level);
        out.push(&indent);
        match para.list {
            Some(true) => out.push("- "),
            Some(false) => {
                counters.resize(level + 1, 0);
                counters[level] += 1;
                out.push(&format!("{}. ", counters[level]));
            }
            None => {}
        }
        if para.list.is_some() {
            indent.push_str("   ");
        }
        out.push(&body.replace('\n', &format!("\n{indent}")));
        out.blank_line();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rels_paths() {
        assert_eq!(
            rels_of("ppt/slides/slide3.xml"),
            "ppt/slides/_rels/slide3.xml.rels"
        );
    }
}
