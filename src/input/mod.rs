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
