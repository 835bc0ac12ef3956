//! The layout of src/ as a test: no import cycles between top-level modules, nor between the
//! files of one folder, so the pipeline reads in one direction (DESIGN.md, "Dependency direction").

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("src/ is readable") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The module path of a file under src/: `src/time/quick.rs` is `["time", "quick"]`,
/// `src/time/mod.rs` is `["time"]`, `src/lib.rs` is `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file that ships: the text before its first `#[cfg(test)]` item (test modules
/// may import anything), with line comments removed.
fn shipped_code(text: &str) -> String {
    let cut = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers that follow `prefix` in `code`: `crate::time::scan` gives `time` for
/// `crate::`; `use super::{a, b::c}` gives `a` and `b` for `super::`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// A cycle in a directed graph, if there is one (depth-first search with colours).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut path = Vec::new();
            if let Some(c) = visit(node, graph, &mut state, &mut path) {
                return Some(c);
            }
        }
    }
    None
}

struct Tree {
    /// Module path → its shipped code.
    files: Vec<(Vec<String>, String)>,
}

impl Tree {
    fn read() -> Tree {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files = rust_files(&src)
            .into_iter()
            .filter(|f| {
                let name = f.file_name().map(|n| n.to_string_lossy().to_string());
                // Whole-file test modules (`tests.rs`, `*_tests.rs`) may import anything.
                !name.is_some_and(|n| n == "tests.rs" || n.ends_with("_tests.rs"))
            })
            .map(|f| {
                let text = std::fs::read_to_string(&f).expect("a source file");
                (module_of(&src, &f), shipped_code(&text))
            })
            .collect();
        Tree { files }
    }

    /// The top-level modules each top-level module uses.
    fn top_level_graph(&self) -> BTreeMap<String, BTreeSet<String>> {
        let top: BTreeSet<String> = self
            .files
            .iter()
            .filter_map(|(m, _)| m.first().cloned())
            .collect();
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, code) in &self.files {
            let Some(own) = module.first() else { continue };
            if own == "main" {
                continue;
            }
            let uses = names_after(code, "crate::")
                .into_iter()
                .filter(|n| top.contains(n) && n != own);
            graph.entry(own.clone()).or_default().extend(uses);
        }
        graph
    }

    /// For each folder, the sibling files each file of it uses (`super::x` or `crate::dir::x`).
    fn folder_graphs(&self) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
        let mut folders: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        for (module, _) in &self.files {
            if let Some((last, parent)) = module.split_last() {
                folders
                    .entry(parent.to_vec())
                    .or_default()
                    .insert(last.clone());
            }
        }
        let mut out = BTreeMap::new();
        for (module, code) in &self.files {
            let Some((own, parent)) = module.split_last() else {
                continue;
            };
            let Some(siblings) = folders.get(parent) else {
                continue;
            };
            if parent.is_empty() {
                continue;
            }
            let mut uses = names_after(code, "super::");
            uses.extend(names_after(
                code,
                &format!("crate::{}::", parent.join("::")),
            ));
            let graph: &mut BTreeMap<String, BTreeSet<String>> =
                out.entry(parent.join("/")).or_default();
            graph.entry(own.clone()).or_default().extend(
                uses.into_iter()
                    .filter(|n| siblings.contains(n) && n != own),
            );
        }
        out
    }
}

#[test]
fn top_level_modules_have_no_import_cycle() {
    let graph = Tree::read().top_level_graph();
    assert!(graph.len() > 5, "the test found the modules: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle between modules: {}", cycle.join(" -> "));
    }
}

#[test]
fn files_of_a_folder_have_no_import_cycle() {
    for (folder, graph) in Tree::read().folder_graphs() {
        if let Some(cycle) = find_cycle(&graph) {
            panic!("import cycle in src/{folder}/: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles_and_only_cycles() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])),
        None
    );
    let cycle = find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
    assert_eq!(
        names_after(
            "use super::{build, quick::Reader};\nlet x = super::walk(1);",
            "super::"
        ),
        ["build", "quick", "walk"].map(String::from).into()
    );
    assert_eq!(
        names_after("a::crate::x; crate::time::scan();", "crate::"),
        ["time"].map(String::from).into()
    );
}
