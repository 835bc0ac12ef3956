//! Embeds every rule file under `rules/` into the binary, so the built-in pack can never drift from the data.

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
