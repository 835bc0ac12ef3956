//! What each document is linted with: the nearest `servicelint.toml` (read again when it changes),
//! the rule packs it and the flags name, loaded once per config through the command line's own
//! setup. The language server and `servicelint check` share it (one lookup, ruff-style: each
//! file's config is the nearest one above it). It only reads files.

use crate::config::{self, Settings};
use crate::engine::Engine;
use crate::finding::Level;
use crate::ruleset::RuleSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Rules (with their automaton, built once) and settings of one config.
pub struct Profile {
    /// The config file, if one was found.
    pub config: Option<PathBuf>,
    /// The rule pack: built-in rules and the config's and flags' rule folders.
    pub rules: RuleSet,
    /// Resolved settings.
    pub settings: Settings,
    /// Effective level per rule.
    pub levels: Vec<Level>,
    /// The config file's modification time when it was read.
    stamp: Option<SystemTime>,
}

impl Profile {
    /// The engine of this profile.
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            rules: &self.rules,
            levels: self.levels.clone(),
            ui: self.settings.ui_lang.0,
            time: self.settings.time_settings(),
        }
    }

    /// The folder paths are shown relative to (the config's folder).
    pub fn base(&self) -> Option<&Path> {
        self.config.as_deref().and_then(Path::parent)
    }
}

/// Loads the rules and settings of a config file (None: the defaults), with the `server`
/// command's other flags (`--rules`, `--ui-lang`) applied: the command line's own setup.
pub type Loader =
    Box<dyn Fn(Option<&Path>) -> Result<(RuleSet, Settings), crate::error::Error> + Send>;

/// Which config the `server` command was told to use.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// `--config FILE`: this file for every document.
    pub config: Option<PathBuf>,
    /// `--isolated`: no config file at all.
    pub isolated: bool,
}

/// Profiles by config file, and the server's own flags.
pub struct Workspace {
    flags: Flags,
    loader: Loader,
    profiles: HashMap<Option<PathBuf>, Arc<Profile>>,
}

impl Workspace {
    /// A workspace with the `server` command's flags and loader.
    pub fn new(flags: Flags, loader: Loader) -> Workspace {
        Workspace {
            flags,
            loader,
            profiles: HashMap::new(),
        }
    }

    /// Check the flags once: a bad `--config` or rule folder fails at start, not per document.
    pub fn check_flags(&mut self) -> Result<(), crate::error::Error> {
        self.load(self.flags.config.clone()).map(|_| ())
    }

    /// The profile for a document at `path` (None: not a file), with the problem that made it fall
    /// back to the defaults, if any; an error when not even the built-in rules load.
    pub fn profile_for(
        &mut self,
        path: Option<&Path>,
    ) -> Result<(Arc<Profile>, Option<String>), String> {
        let config = self.config_for(path.and_then(Path::parent));
        match self.load(config.clone()) {
            Ok(profile) => Ok((profile, None)),
            Err(e) => {
                let shown = config.map_or_else(String::new, |c| format!("{}: ", c.display()));
                let problem = format!("{shown}{}", error_text(&e));
                // The defaults (with the flags' rule folders), or built-in rules alone.
                let fallback = self.load(None).or_else(|_| {
                    let rules = RuleSet::builtin().map_err(crate::error::Error::from)?;
                    let settings = Settings::resolve(&config::Loaded::default(), Some(&rules))?;
                    Ok::<_, crate::error::Error>(Arc::new(profile(None, rules, settings)))
                });
                match fallback {
                    Ok(p) => Ok((p, Some(problem))),
                    Err(e) => Err(format!("{problem}; {}", error_text(&e))),
                }
            }
        }
    }

    /// The config that applies in folder `dir` (None: no folder, or no config): `--isolated` none,
    /// `--config FILE` that file, else the nearest `servicelint.toml` from `dir` up.
    pub fn config_for(&self, dir: Option<&Path>) -> Option<PathBuf> {
        if self.flags.isolated {
            None
        } else if let Some(c) = &self.flags.config {
            Some(c.clone())
        } else {
            dir.and_then(config::discover)
        }
    }

    /// The cached profile of `config` (None: the defaults), read again when the file changed.
    pub fn load(&mut self, config: Option<PathBuf>) -> Result<Arc<Profile>, crate::error::Error> {
        let stamp = config.as_deref().and_then(modified);
        if let Some(p) = self.profiles.get(&config)
            && p.stamp == stamp
        {
            return Ok(p.clone());
        }
        let (rules, settings) = (self.loader)(config.as_deref())?;
        let mut p = profile(config.clone(), rules, settings);
        p.stamp = stamp;
        let p = Arc::new(p);
        self.profiles.insert(config, p.clone());
        Ok(p)
    }
}

fn profile(config: Option<PathBuf>, rules: RuleSet, settings: Settings) -> Profile {
    Profile {
        levels: settings.levels_for(&rules),
        config,
        rules,
        settings,
        stamp: None,
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// An operational error as one plain paragraph (miette's report without colour or box drawing).
pub fn error_text(e: &crate::error::Error) -> String {
    let mut text = e.to_string();
    if let crate::error::Error::Rules(r) = e {
        for one in &r.errors {
            text.push_str(&format!("; {}: {}", one.source_code.name(), one.message));
        }
    }
    if let Some(help) = miette::Diagnostic::help(e) {
        text.push_str(&format!(" ({help})"));
    }
    text
}

/// The file path of a `file:` URI (percent-decoded), if it is one.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    // Windows drive paths come as `/C:/...`.
    let path = match path.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => path[1..].to_string(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// The path a document is linted under: relative to the config's folder (where `[[kinds]]`
/// globs are written from), else to the workspace root, else as it is.
pub fn shown_path(path: &Path, base: Option<&Path>, root: Option<&Path>) -> String {
    for b in [base, root].into_iter().flatten() {
        if let Ok(rel) = path.strip_prefix(b) {
            return rel.to_string_lossy().into_owned();
        }
    }
    path.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting(loads: Arc<AtomicUsize>) -> Loader {
        Box::new(move |_config| {
            loads.fetch_add(1, Ordering::SeqCst);
            let rules = RuleSet::builtin().map_err(crate::error::Error::from)?;
            let settings = Settings::resolve(&config::Loaded::default(), Some(&rules))?;
            Ok((rules, settings))
        })
    }

    #[test]
    fn rules_and_automaton_load_once_per_config_until_it_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("servicelint.toml");
        std::fs::write(&config, "").expect("write");
        let doc = dir.path().join("a.md");
        let loads = Arc::new(AtomicUsize::new(0));
        let mut ws = Workspace::new(Flags::default(), counting(loads.clone()));
        let (first, problem) = ws.profile_for(Some(&doc)).expect("profile");
        assert!(problem.is_none());
        assert_eq!(first.config.as_deref(), Some(config.as_path()));
        let (again, _) = ws
            .profile_for(Some(&dir.path().join("b.md")))
            .expect("profile");
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        // A new modification time reloads it.
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&config)
            .and_then(|f| f.set_modified(later))
            .expect("touch");
        let (reloaded, _) = ws.profile_for(Some(&doc)).expect("profile");
        assert!(!Arc::ptr_eq(&first, &reloaded));
        assert_eq!(loads.load(Ordering::SeqCst), 2);
        // --isolated: no config, whatever is near.
        let mut ws = Workspace::new(
            Flags {
                isolated: true,
                ..Flags::default()
            },
            counting(loads.clone()),
        );
        let (iso, _) = ws.profile_for(Some(&doc)).expect("profile");
        assert!(iso.config.is_none());
    }

    #[test]
    fn file_uris_to_paths() {
        assert_eq!(
            uri_to_path("file:///tmp/a%20b/%E5%AE%A2%E6%9C%8D.md"),
            Some(PathBuf::from("/tmp/a b/客服.md"))
        );
        assert_eq!(
            uri_to_path("file://localhost/x.md"),
            Some(PathBuf::from("/x.md"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(
            uri_to_path("file:///bad%zz"),
            Some(PathBuf::from("/bad%zz"))
        );
    }

    #[test]
    fn shown_relative_to_config_then_root() {
        let p = Path::new("/w/docs/a.md");
        assert_eq!(shown_path(p, Some(Path::new("/w/docs")), None), "a.md");
        assert_eq!(
            shown_path(p, Some(Path::new("/x")), Some(Path::new("/w"))),
            "docs/a.md"
        );
        assert_eq!(shown_path(p, None, None), "/w/docs/a.md");
    }
}
