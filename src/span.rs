//! Byte ranges into a document's decoded text, and the line index that turns them into line:column.

use serde::Serialize;

/// A half-open byte range `start..end` into the decoded UTF-8 text of one document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (end-exclusive).
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether `other` lies wholly inside this span.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the byte offset lies inside this span.
    pub const fn contains_offset(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether the two spans share at least one byte.
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers in `source`, or "" if it is out of range.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
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
mod line_index_tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: a line starts at 0 and after every `\n`, and after every `\r` that no `\n` follows.
    fn line_starts_by_definition(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        std::iter::once(0)
            .chain(
                (0..b.len())
                    .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
                    .map(|i| i + 1),
            )
            .collect()
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
                        line_starts_by_definition(&text),
                        "{text:?}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn word_line_starts_match_memchr(text in "[a客\r\n]{0,300}") {
            prop_assert_eq!(LineIndex::new(&text).starts, line_starts_by_definition(&text));
        }

        #[test]
        fn word_line_starts_match_memchr_without_cr(text in "[a客\n\x0B\u{10A}\u{A0A}]{0,300}") {
            prop_assert_eq!(LineIndex::new(&text).starts, line_starts_by_definition(&text));
        }
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
