//! Which files to read: explicit paths (excluded only with `--force-exclude`), glob patterns the shell
//! left alone, folders walked in sorted order like ripgrep (ignore files, hidden files) with
//! include/exclude globs.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk: its path, and the path as shown (as given, relative stays relative).
    File(PathBuf),
    /// Standard input, shown under this name.
    Stdin(String),
    /// A path that cannot be linted: it does not exist, or a folder could not be read.
    Missing(String, String),
}

/// Folder names never walked into.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Compiled include and exclude globs.
#[derive(Clone)]
pub struct Filter {
    include: GlobSet,
    exclude: GlobSet,
}

impl Filter {
    /// Compile globs; invalid ones were rejected when the config was read.
    pub fn new(include: &[String], exclude: &[String]) -> Filter {
        Filter {
            include: build(include),
            exclude: build(exclude),
        }
    }

    fn excluded(&self, rel: &Path) -> bool {
        excluded(&self.exclude, rel)
    }

    /// Whether a walked file at `rel` (below the config's folder) is included and not excluded.
    pub fn admits(&self, rel: &Path) -> bool {
        self.include.is_match(rel) && !self.excluded(rel)
    }
}

/// Whether `path` or one of its folders matches `exclude`.
fn excluded(exclude: &GlobSet, path: &Path) -> bool {
    exclude.is_match(path)
        || path
            .ancestors()
            .any(|a| !a.as_os_str().is_empty() && exclude.is_match(a))
}

fn build(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = Glob::new(g) {
            builder.add(glob);
        }
        // "drafts/**" should also skip the folder "drafts" itself.
        if let Some(dir) = g.strip_suffix("/**")
            && let Ok(glob) = Glob::new(dir)
        {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// How paths are walked.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Do not read `.gitignore`, `.ignore` and `.git/info/exclude` (`--no-ignore`).
    pub no_ignore: bool,
    /// Apply `exclude` to paths named on the command line too (`--force-exclude`, for pre-commit).
    pub force_exclude: bool,
}

/// Expand command-line paths into inputs, in a stable order.
pub fn collect(paths: &[String], stdin_name: Option<&str>, filter: &Filter) -> Vec<Input> {
    collect_with(paths, stdin_name, filter, Options::default())
}

/// Whether a path names a glob pattern (`*`, `?`, `[`, `{`), for shells that did not expand it.
fn is_pattern(raw: &str) -> bool {
    raw.contains(['*', '?', '[', '{'])
}

/// [`collect`] with walking options: folders are walked like ripgrep walks them (`.gitignore`,
/// `.ignore` and hidden files skipped, `target/` and `node_modules/` too); a path that does not
/// exist but is a glob pattern is expanded here, as Windows shells do not; explicit files are
/// linted unless `force_exclude` and `exclude` matches them.
pub fn collect_with(
    paths: &[String],
    stdin_name: Option<&str>,
    filter: &Filter,
    options: Options,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    for raw in paths {
        if raw == "-" {
            inputs.push(Input::Stdin(stdin_name.unwrap_or("<stdin>").to_string()));
            continue;
        }
        let path = PathBuf::from(raw);
        match std::fs::metadata(&path) {
            Err(_) if is_pattern(raw) => expand(raw, filter, options, &mut inputs),
            Err(e) => inputs.push(Input::Missing(raw.clone(), e.to_string())),
            Ok(meta) if meta.is_dir() => walk_dir(&path, filter, options, &mut inputs),
            Ok(_) => {
                let shown = crate::finding::normalise_path(raw);
                if !(options.force_exclude && filter.excluded(Path::new(&shown))) {
                    inputs.push(Input::File(path));
                }
            }
        }
    }
    inputs
}

/// Expand a glob pattern: walk the folder before its first wildcard and keep the files it matches.
fn expand(raw: &str, filter: &Filter, options: Options, inputs: &mut Vec<Input>) {
    let pattern = raw.replace('\\', "/");
    let glob = match globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .build()
    {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            inputs.push(Input::Missing(
                raw.to_string(),
                format!("invalid glob pattern: {e}"),
            ));
            return;
        }
    };
    let base: PathBuf = Path::new(&pattern)
        .components()
        .take_while(|c| !is_pattern(&c.as_os_str().to_string_lossy()))
        .collect();
    let root = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    if !root.is_dir() {
        inputs.push(Input::Missing(
            raw.to_string(),
            "no file matches this pattern".to_string(),
        ));
        return;
    }
    let mut walked = Vec::new();
    // Every file under the base, not only those `include` names: the pattern says which.
    let everything = Filter {
        include: build(&["**".to_string()]),
        exclude: filter.exclude.clone(),
    };
    walk_dir(&root, &everything, options, &mut walked);
    let before = inputs.len();
    for input in walked {
        match &input {
            Input::File(path) => {
                let shown = crate::finding::normalise_path(&path.display().to_string());
                if glob.is_match(&shown) || glob.is_match(path) {
                    inputs.push(input);
                }
            }
            _ => inputs.push(input),
        }
    }
    if inputs.len() == before {
        inputs.push(Input::Missing(
            raw.to_string(),
            "no file matches this pattern".to_string(),
        ));
    }
}

fn walk_dir(root: &Path, filter: &Filter, options: Options, inputs: &mut Vec<Input>) {
    let exclude = filter.exclude.clone();
    let base = root.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .ignore(!options.no_ignore)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(false)
        .parents(!options.no_ignore)
        // .gitignore counts outside a git repository too (a copied folder, a CI workspace).
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            // Exclude globs match the path below the walked folder, or the path as shown
            // (`sops/drafts/**` skips `sops/drafts` whether `.` or `sops` is walked).
            let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
            let shown = crate::finding::normalise_path(&entry.path().display().to_string());
            let excluded = excluded(&exclude, rel) || excluded(&exclude, Path::new(&shown));
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let name = entry.file_name().to_string_lossy();
            !(excluded || (is_dir && SKIPPED_DIRS.contains(&name.as_ref())))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                // A symlink to a file is linted like the file (links to folders are not followed,
                // so a link loop cannot trap the walk); a broken link is reported.
                let is_file = file_type.is_file()
                    || (file_type.is_symlink()
                        && match std::fs::metadata(entry.path()) {
                            Ok(meta) => meta.is_file(),
                            Err(e) => {
                                inputs.push(Input::Missing(
                                    entry.path().display().to_string(),
                                    e.to_string(),
                                ));
                                false
                            }
                        });
                if !is_file || entry.depth() == 0 {
                    continue;
                }
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                if filter.include.is_match(rel) || filter.include.is_match(entry.path()) {
                    // Walking "." yields "./a.md"; show it as "a.md", the way the user would write it.
                    let path = entry.path();
                    let shown = if root == Path::new(".") {
                        path.strip_prefix(".").unwrap_or(path)
                    } else {
                        path
                    };
                    inputs.push(Input::File(shown.to_path_buf()));
                }
            }
            // Only a folder that cannot be read is a failure; a bad line in an ignore file is not.
            Err(e) => {
                if let Some(io) = e.io_error() {
                    inputs.push(Input::Missing(error_path(&e, root), io.to_string()));
                }
            }
        }
    }
}

/// The path an ignore error is about, else the walk's root.
fn error_path(e: &ignore::Error, root: &Path) -> String {
    match e {
        ignore::Error::WithPath { path, .. } => path.display().to_string(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err, root)
        }
        _ => root.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_globs_match_nested_and_top_level_files() {
        let f = Filter::new(&["**/*.md".into()], &["drafts/**".into()]);
        assert!(f.include.is_match(Path::new("a.md")));
        assert!(f.include.is_match(Path::new("zh/a.md")));
        assert!(f.excluded(Path::new("drafts/x.md")));
        assert!(f.excluded(Path::new("drafts")));
        assert!(!f.excluded(Path::new("sops/x.md")));
    }
}
