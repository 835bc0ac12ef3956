//! Inputs: which files to read ([`walk`]) and one reader per file type, each turning a file's
//! bytes into a [`Source`]. A new input format is one file here and one line in [`READERS`].

pub mod text;
pub mod walk;

/// A reader: a file's bytes to its text, or why it is skipped.
pub type Reader = fn(&[u8]) -> Result<Source, SkipReason>;

/// Readers by file extension (lower case, without the dot). A file whose extension is not listed
/// (an explicit path, standard input) is read as plain text.
pub const READERS: &[(&[&str], Reader)] = &[(&["md", "markdown", "txt"], text::decode)];

/// The reader for a path, by its extension.
pub fn reader_for(path: &str) -> Reader {
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    ext.and_then(|ext| {
        READERS
            .iter()
            .find(|(exts, _)| exts.contains(&ext.as_str()))
            .map(|&(_, reader)| reader)
    })
    .unwrap_or(text::decode)
}

/// Why a file was not linted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The bytes hold a NUL outside a UTF-16 file: a binary file.
    Binary,
    /// Larger than `max-file-size`.
    TooLarge { size: u64, limit: u64 },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::TooLarge { size, limit } => {
                write!(
                    f,
                    "file is {size} bytes, larger than max-file-size ({limit} bytes)"
                )
            }
        }
    }
}

/// A document's text as a reader made it, and where it came from.
#[derive(Clone, Debug)]
pub struct Source {
    /// The text, always valid UTF-8, without a byte-order mark.
    pub text: String,
    /// Encoding name as users know it: "UTF-8", "UTF-16LE", "GB18030", "Big5", …
    pub encoding: &'static str,
    /// Whether the text came from a legacy (non-Unicode) encoding, worth an `io/encoding` note.
    pub legacy: bool,
    /// Whether decoding replaced malformed sequences with U+FFFD.
    pub lossy: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_gets_a_reader_and_text_is_the_fallback() {
        let text = text::decode as Reader;
        for path in [
            "a.md",
            "b/C.MARKDOWN",
            "notes.txt",
            "data.json",
            "README",
            "-",
        ] {
            assert_eq!(reader_for(path) as usize, text as usize, "{path}");
        }
    }

    #[test]
    fn every_extension_is_claimed_once() {
        let mut seen = std::collections::HashSet::new();
        for (exts, _) in READERS {
            for ext in *exts {
                assert_eq!(ext.to_ascii_lowercase(), *ext, "lower case: {ext}");
                assert!(seen.insert(*ext), "claimed twice: {ext}");
            }
        }
    }
}
