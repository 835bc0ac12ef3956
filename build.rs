//! Embeds every rule file under `rules/` into the binary, so the built-in pack can never drift from the data;
//! and writes the table of ideographs that simplification changes (src/hant.rs), from fast2s itself.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Built-in rule files: (id, path relative to the crate, contents).\npub static BUILTIN: &[(&str, &str, &str)] = &[\n",
    );
    for file in files {
        let rel = file.strip_prefix(&rules).expect("file is under rules/");
        let id = rel.with_extension("").to_string_lossy().replace('\\', "/");
        let shown = format!("rules/{}", rel.to_string_lossy().replace('\\', "/"));
        writeln!(
            out,
            "    ({id:?}, {shown:?}, include_str!({:?})),",
            file.to_string_lossy()
        )
        .expect("write to String");
        println!("cargo:rerun-if-changed={}", file.display());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_rules.rs");
    std::fs::write(dest, out).expect("write generated rule list");
    hant_table();
}

/// `CHANGES_ALONE`: one bit per ideograph U+4E00..=U+9FFF, set when fast2s simplifies it between
/// neutral neighbours; every ideograph converted in one call, each between two `0`s.
fn hant_table() {
    const FIRST: u32 = 0x4E00;
    const LAST: u32 = 0x9FFF;
    let mut probe = String::new();
    for c in (FIRST..=LAST).filter_map(char::from_u32) {
        probe.push('0');
        probe.push(c);
    }
    probe.push('0');
    let mut bits = vec![0u64; ((LAST - FIRST) / 64 + 1) as usize];
    for (a, b) in probe.chars().zip(fast2s::convert(&probe).chars()) {
        if a != b && (FIRST..=LAST).contains(&(a as u32)) {
            let i = (a as u32 - FIRST) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    let mut out = format!(
        "/// Whether fast2s simplifies each ideograph U+4E00..=U+9FFF alone (build.rs).\npub static CHANGES_ALONE: [u64; {}] = [\n",
        bits.len()
    );
    for b in &bits {
        writeln!(out, "    {b:#018x},").expect("write to String");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("hant_table.rs");
    std::fs::write(dest, out).expect("write generated hant table");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}
