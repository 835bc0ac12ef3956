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
    decode_validated_by(bytes, valid_utf8)
}

/// The bytes as text if they are valid UTF-8. `simdutf8` (the usual vector validator) checks the
/// same definition as `std::str::from_utf8` several times faster on CJK text; it only answers yes
/// or no, which is all [`decode`] asks (invalid text takes the slower paths below anyway).
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// [`decode`] with the whole-text UTF-8 check given.
fn decode_validated_by(
    bytes: &[u8],
    valid_utf8: fn(&[u8]) -> Option<&str>,
) -> Result<Decoded, SkipReason> {
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
    if let Some(text) = valid_utf8(bytes) {
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
    memchr::memchr(0, bytes).is_some()
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

/// The high bit of every zero byte of `v`, exactly: `(b & 0x7F) + 0x7F` carries into the high bit
/// (and never past it) unless the low seven bits are zero, and `| v` adds the byte's own high bit.
fn zero_bytes(v: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((v & LOW7) + LOW7) | v) & !LOW7
}

/// Line starts where `\r` may occur: after each `\n`, and after each `\r` not followed by `\n`.
fn line_starts_with_cr(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
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
    ///
    /// Lines are short (some thirty bytes in the bench corpus), so a search call per line end costs
    /// more than it saves. Text without `\r` (nearly all) is read eight bytes at a time, each word
    /// turned into a mask of its `\n` bytes; text with `\r` takes the `memchr2` walk.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        if memchr::memchr(b'\r', bytes).is_some() {
            return LineIndex {
                starts: line_starts_with_cr(bytes),
            };
        }
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        let (words, rest) = bytes.as_chunks::<8>();
        for (w, word) in words.iter().enumerate() {
            let mut mask = zero_bytes(u64::from_le_bytes(*word) ^ u64::from_ne_bytes([b'\n'; 8]));
            while mask != 0 {
                starts.push(w * 8 + (mask.trailing_zeros() / 8) as usize + 1);
                mask &= mask - 1;
            }
        }
        let base = words.len() * 8;
        for (j, &b) in rest.iter().enumerate() {
            if b == b'\n' {
                starts.push(base + j + 1);
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
    use proptest::prelude::*;

    /// [`decode`] as it was, with std's validator: the reference for the `simdutf8` check.
    fn decode_with_std(bytes: &[u8]) -> Result<Decoded, SkipReason> {
        decode_validated_by(bytes, |b| std::str::from_utf8(b).ok())
    }

    fn same(a: &Result<Decoded, SkipReason>, b: &Result<Decoded, SkipReason>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => {
                a.text == b.text
                    && a.encoding == b.encoding
                    && a.legacy == b.legacy
                    && a.lossy == b.lossy
            }
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }

    /// [`LineIndex::new`] as it was (now its path for text with `\r`): the reference for the words.
    fn line_starts_by_memchr(text: &str) -> Vec<usize> {
        line_starts_with_cr(text.as_bytes())
    }

    #[test]
    fn zero_bytes_exactly() {
        for b in 0..=255u8 {
            for other in [0u8, 1, 0x7F, 0x80, 0xFF] {
                let v = u64::from_le_bytes([other, b, other, other, b, other, other, b]);
                let want = u64::from_le_bytes(
                    [other, b, other, other, b, other, other, b]
                        .map(|x| if x == 0 { 0x80 } else { 0 }),
                );
                assert_eq!(zero_bytes(v), want, "{b} {other}");
            }
        }
    }

    #[test]
    fn line_starts_at_word_edges() {
        for len in [0, 1, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100] {
            for end in ["", "\n", "\r", "\r\n", "\n\r", "\r\r\n", "客\r\n"] {
                for pad in ["x", "客"] {
                    let text = pad.repeat(len) + end + &"y".repeat(len % 7) + end;
                    assert_eq!(
                        LineIndex::new(&text).starts,
                        line_starts_by_memchr(&text),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn validators_agree_on_edge_cases() {
        let long_cjk = "客服：您好，请问有什么可以帮您？".repeat(40);
        let mut cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"plain ascii".to_vec(),
            long_cjk.as_bytes().to_vec(),
            // Overlong, surrogate, past U+10FFFF, truncated, stray continuation bytes.
            b"\xC0\xAF".to_vec(),
            b"\xED\xA0\x80".to_vec(),
            b"\xF4\x90\x80\x80".to_vec(),
            b"\xE4\xBD".to_vec(),
            b"ab\x80cd".to_vec(),
            "😀".as_bytes().to_vec(),
        ];
        // One bad byte at every offset of a long CJK text (the vector paths work in 32- and
        // 64-byte blocks).
        for at in [0, 1, 31, 32, 33, 63, 64, 65, long_cjk.len() - 1] {
            let mut bytes = long_cjk.as_bytes().to_vec();
            bytes[at] = 0xFF;
            cases.push(bytes.clone());
            bytes.truncate(at + 1);
            cases.push(bytes);
        }
        for bytes in &cases {
            let (fast, slow) = (decode(bytes), decode_with_std(bytes));
            assert!(same(&fast, &slow), "{bytes:?}");
            assert_eq!(
                valid_utf8(bytes).is_some(),
                std::str::from_utf8(bytes).is_ok(),
                "{bytes:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn word_line_starts_match_memchr(text in "[a客\r\n]{0,300}") {
            prop_assert_eq!(LineIndex::new(&text).starts, line_starts_by_memchr(&text));
        }

        #[test]
        fn word_line_starts_match_memchr_without_cr(text in "[a客\n\x0B\u{10A}\u{A0A}]{0,300}") {
            prop_assert_eq!(LineIndex::new(&text).starts, line_starts_by_memchr(&text));
        }

        #[test]
        fn simdutf8_decode_matches_std_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(valid_utf8(&bytes).is_some(), std::str::from_utf8(&bytes).is_ok());
            prop_assert!(same(&decode(&bytes), &decode_with_std(&bytes)));
        }

        #[test]
        fn simdutf8_decode_matches_std_on_damaged_text(
            text in "[a-z 客服您好，。😀é]{0,200}",
            damage in prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xFF), 0..3),
        ) {
            let mut bytes = text.into_bytes();
            for (at, byte) in damage {
                if !bytes.is_empty() {
                    let i = at.index(bytes.len());
                    bytes[i] = byte;
                }
            }
            prop_assert_eq!(valid_utf8(&bytes).is_some(), std::str::from_utf8(&bytes).is_ok());
            prop_assert!(same(&decode(&bytes), &decode_with_std(&bytes)));
        }
    }

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
