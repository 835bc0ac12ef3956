//! Bytes to text: encoding detection and decoding, and the line index that turns byte offsets into line:column.

use crate::span::Span;

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

/// Decoded text and the name of the encoding it came from.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, always valid UTF-8, without a byte-order mark.
    pub text: String,
    /// Encoding name as users know it: "UTF-8", "UTF-16LE", "GB18030", "Big5", …
    pub encoding: &'static str,
    /// Whether the text came from a legacy (non-Unicode) encoding, worth an `io/encoding` note.
    pub legacy: bool,
    /// Whether decoding replaced malformed sequences with U+FFFD.
    pub lossy: bool,
}

/// Decode a file's bytes: UTF-8 (BOM or not), UTF-16 with BOM, else a detected legacy encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(from_utf8_lossy(rest, "UTF-8"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok(decode_with(encoding_rs::UTF_16LE, bytes, "UTF-16LE", false));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(decode_with(encoding_rs::UTF_16BE, bytes, "UTF-16BE", false));
    }
    if memchr_nul(bytes) {
        return Err(SkipReason::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
            legacy: false,
            lossy: false,
        });
    }
    if mostly_utf8(bytes) {
        return Ok(from_utf8_lossy(bytes, "UTF-8"));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // Chinese SOPs saved by Windows tools are mostly GBK: the "cn" hint tips close calls that way.
    let guessed = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    if guessed == encoding_rs::UTF_8 {
        return Ok(from_utf8_lossy(bytes, "UTF-8"));
    }
    // GBK is a subset of GB18030; decode with the superset so every byte sequence maps.
    let encoding = if guessed == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guessed
    };
    let name = match encoding.name() {
        "gb18030" => "GB18030",
        other => other,
    };
    Ok(decode_with(encoding, bytes, name, true))
}

/// Valid UTF-8 but for a few stray bytes (a damaged UTF-8 file, not a legacy one): legacy double-byte
/// text almost never forms well-formed UTF-8 sequences, so count them against the malformed ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut good = 0usize;
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good >= bad
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

fn from_utf8_lossy(bytes: &[u8], name: &'static str) -> Decoded {
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    Decoded {
        text: text.into_owned(),
        encoding: name,
        legacy: false,
        lossy,
    }
}

fn decode_with(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
    name: &'static str,
    legacy: bool,
) -> Decoded {
    let (text, _, had_errors) = encoding.decode(bytes);
    let mut text = text.into_owned();
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Decoded {
        text,
        encoding: name,
        legacy,
        lossy: had_errors,
    }
}

/// Maps byte offsets to 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; lines end at `\n`, `\r\n` or a lone `\r`.
    starts: Vec<usize>,
}

/// A 1-based position: line, and column in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

impl Default for Position {
    fn default() -> Self {
        Position { line: 1, column: 1 }
    }
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line and column of a byte offset (clamped into the text).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text.get(start..end).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Start and end positions of a span; an empty span ends where it starts.
    pub fn range(&self, text: &str, span: Span) -> (Position, Position) {
        (
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte span of 1-based line `line`, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let next = self.starts.get(line).copied().unwrap_or(text.len());
        let mut end = next;
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(Span::new(start, end))
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are no lines (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gbk_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("您好，请问有什么可以帮您？这是一份客服话术。");
        let decoded = decode(&bytes).expect("text");
        assert_eq!(decoded.text, "您好，请问有什么可以帮您？这是一份客服话术。");
        assert_eq!(decoded.encoding, "GB18030");
        assert!(decoded.legacy);
    }

    #[test]
    fn strips_utf8_bom() {
        let decoded = decode(b"\xEF\xBB\xBFhello").expect("text");
        assert_eq!(decoded.text, "hello");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(!decoded.legacy);
    }

    #[test]
    fn decodes_utf16_le_and_be_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "客服：您好".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le).expect("le").text, "客服：您好");
        assert_eq!(decode(&be).expect("be").text, "客服：您好");
        assert_eq!(decode(&be).expect("be").encoding, "UTF-16BE");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"abc\0def").unwrap_err(), SkipReason::Binary);
    }

    #[test]
    fn lone_utf16_bom_is_empty_text() {
        assert_eq!(decode(&[0xFF, 0xFE]).expect("empty").text, "");
    }

    #[test]
    fn columns_count_scalars_and_crlf_lines() {
        let text = "第一行\r\n客服：你好\r\nlast";
        let index = LineIndex::new(text);
        let offset = text.find("你好").expect("present");
        assert_eq!(
            index.position(text, offset),
            Position { line: 2, column: 4 }
        );
        let last = text.find("last").expect("present");
        assert_eq!(index.position(text, last), Position { line: 3, column: 1 });
        assert_eq!(
            index.line_span(text, 2).map(|s| s.text(text)),
            Some("客服：你好")
        );
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let text = "a\rb\rc";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 4), Position { line: 3, column: 1 });
    }
}
