//! Quick fixes and hover over a document's last findings: a suggestion replaces the exact span it
//! is about; a directive above the line silences one rule there; hover shows the rule's standard.

use super::positions::Encoding;
use super::{Doc, Linted};
use crate::finding::Finding;
use crate::model::Lang;
use crate::ruleset::doc::explanation;
use lsp_types::{
    CodeAction, CodeActionKind, Hover, HoverContents, MarkupContent, MarkupKind, Position, Range,
    TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;

/// Whether two ranges share a place (touching counts, so a cursor at a finding's end finds it).
fn touches(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The code actions for `range`: per finding there, its suggestion as a replacement (not
/// preferred: it changes what is said) and a `disable-next-line` directive above its line.
pub fn code_actions(doc: &Doc, linted: &Linted, range: Range, enc: Encoding) -> Vec<CodeAction> {
    let mut out = Vec::new();
    let mut directives: Vec<(u32, &str)> = Vec::new();
    for f in &linted.findings {
        let at = linted.range(f.span, enc);
        if !touches(at, range) {
            continue;
        }
        let diagnostic = super::diagnostic(doc, linted, f, enc, &[]);
        if let Some(s) = f.suggestion.as_deref().filter(|s| !s.is_empty()) {
            let found = f.span.text(&linted.report.text);
            let title = match linted.ui {
                Lang::Zh => format!("把“{found}”改为“{s}”"),
                Lang::En => format!("Replace “{found}” with “{s}”"),
            };
            out.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(doc, at, s.to_string())),
                is_preferred: Some(false),
                ..CodeAction::default()
            });
        }
        if !directives.contains(&(at.start.line, f.rule.as_str())) {
            directives.push((at.start.line, f.rule.as_str()));
            out.push(disable_next_line(doc, linted, f, at.start.line, diagnostic));
        }
    }
    out
}

fn edit(doc: &Doc, range: Range, new_text: String) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(
            doc.uri.clone(),
            vec![TextEdit { range, new_text }],
        )])),
        ..WorkspaceEdit::default()
    }
}

/// `<!-- servicelint-disable-next-line RULE -->` on its own line above `line`, indented like it.
fn disable_next_line(
    doc: &Doc,
    linted: &Linted,
    f: &Finding,
    line: u32,
    diagnostic: lsp_types::Diagnostic,
) -> CodeAction {
    let text = &linted.report.text;
    let start = linted.map.line_start(text, line as usize);
    let indent: String = text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let insert = format!(
        "{indent}<!-- servicelint-disable-next-line {} -->{newline}",
        f.rule
    );
    let title = match linted.ui {
        Lang::Zh => format!("在上一行关闭 {}", f.rule),
        Lang::En => format!("Disable {} for this line", f.rule),
    };
    let at = Position::new(line, 0);
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(edit(doc, Range::new(at, at), insert)),
        is_preferred: Some(false),
        ..CodeAction::default()
    }
}

/// Hover on a finding: its message, then the rule's explain page (summary, what it checks, why,
/// an example that fires and one that passes) in the message language, without the config section.
pub fn hover(doc: &Doc, linted: &Linted, pos: Position, enc: Encoding) -> Option<Hover> {
    let here = Range::new(pos, pos);
    let mut parts = Vec::new();
    let mut range = None;
    for f in &linted.findings {
        let at = linted.range(f.span, enc);
        if !touches(at, here) {
            continue;
        }
        range.get_or_insert(at);
        let Some(rule) = doc.profile.rules.get(&f.rule) else {
            continue;
        };
        let mut page = explanation(rule, linted.ui);
        // The last section is "Configure or disable": the quick fix offers the directive instead.
        if let Some(cut) = page.rfind("\n## ") {
            page.truncate(cut + 1);
        }
        parts.push(format!(
            "**{}**: {}\n\n{}",
            f.rule,
            f.message,
            page.trim_end()
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}
