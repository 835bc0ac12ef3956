//! Inputs: which files to read ([`walk`]) and one reader per file type, each turning a file's
//! bytes into a [`Source`]. A new input format is one file here and one line in [`READERS`].

pub mod chat;
pub mod docx;
pub mod extract;
mod ooxml;
pub mod pptx;
pub mod sheet;
pub mod text;
pub mod transcript;
pub mod walk;

/// A reader: a file's bytes to its text, or why it is skipped.
pub type Reader = fn(&[u8]) -> Result<Source, SkipReason>;

/// Readers by file extension (lower case, without the dot). A file whose extension is not listed
/// (an explicit path, standard input) is read as plain text.
pub const READERS: &[(&[&str], Reader)] = &[
    (&["md", "markdown", "txt"], text::decode),
    (&["docx"], docx::read),
    (&["pptx"], pptx::read),
    (&["xlsx", "xls", "ods"], sheet::read_workbook),
    (&["csv", "tsv"], sheet::read_csv),
    (&["jsonl"], chat::read_jsonl),
    (&["json"], chat::read_json),
];

/// Extensions read when named on the command line but not walked by default: most `.json` files
/// in a tree (package.json, tsconfig.json) are not chat exports.
pub const NOT_WALKED: &[&str] = &["json"];

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
    /// An office file or export that cannot be read: not a zip, damaged, encrypted, over a
    /// limit (the reason says which, in English).
    Unreadable(String),
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
            SkipReason::Unreadable(reason) => write!(f, "{reason}"),
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
    /// For text extracted from a file that is not plain text (.docx, .xlsx, …): where each part
    /// of the text came from, as (byte offset in `text`, place), sorted by offset; the place of
    /// an offset is that of the last entry at or before it. Empty for plain text.
    pub locations: Vec<(usize, Location)>,
    /// The text is a library of lines to say (a 话术 sheet), not one conversation: the whole-call
    /// rules ([`WHOLE_CALL_RULES`]) do not apply to it.
    pub library: bool,
}

/// Rules that judge a whole conversation (its opening and its end), not each line: off for a
/// [`Source::library`].
pub const WHOLE_CALL_RULES: &[&str] = &[
    "greeting/missing",
    "greeting/no-offer",
    "greeting/no-self-id",
    "closing/missing",
    "closing/no-confirmation",
];

impl Source {
    /// Plain text with no locations.
    pub fn plain(text: String, encoding: &'static str) -> Source {
        Source {
            text,
            encoding,
            legacy: false,
            lossy: false,
            locations: Vec::new(),
            library: false,
        }
    }

    /// The place in the original file of a byte offset of the text, if the file had places.
    pub fn location_at(&self, offset: usize) -> Option<&Location> {
        let i = self.locations.partition_point(|(at, _)| *at <= offset);
        self.locations.get(i.checked_sub(1)?).map(|(_, l)| l)
    }
}

pub use crate::finding::Location;

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
            "data.yaml",
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
