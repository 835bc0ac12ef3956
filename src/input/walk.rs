//! Which files to read: explicit paths always, folders walked in sorted order with include/exclude globs.

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
        self.exclude.is_match(rel)
            || rel
                .ancestors()
                .any(|a| !a.as_os_str().is_empty() && self.exclude.is_match(a))
    }
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

/// Expand command-line paths into inputs, in a stable order.
pub fn collect(paths: &[String], stdin_name: Option<&str>, filter: &Filter) -> Vec<Input> {
    let mut inputs = Vec::new();
    for raw in paths {
        if raw == "-" {
            inputs.push(Input::Stdin(stdin_name.unwrap_or("<stdin>").to_string()));
            continue;
        }
        let path = PathBuf::from(raw);
        match std::fs::metadata(&path) {
            Err(e) => inputs.push(Input::Missing(raw.clone(), e.to_string())),
            Ok(meta) if meta.is_dir() => walk_dir(&path, filter, &mut inputs),
            Ok(_) => inputs.push(Input::File(path)),
        }
    }
    inputs
}

fn walk_dir(root: &Path, filter: &Filter, inputs: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if entry.file_type().is_dir() {
                !(name.starts_with('.')
                    || SKIPPED_DIRS.contains(&name.as_ref())
                    || filter.excluded(rel))
            } else {
                !filter.excluded(rel)
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                // A symlink to a file is linted like the file (links to folders are not followed,
                // so a link loop cannot trap the walk); a broken link is reported.
                let is_file = entry.file_type().is_file()
                    || (entry.file_type().is_symlink()
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
                if !is_file {
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
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                inputs.push(Input::Missing(path, e.to_string()));
            }
        }
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
