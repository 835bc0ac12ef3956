//! Byte offsets into a document's text to LSP positions and back, in the negotiated encoding:
//! UTF-8 (bytes) when the client offers it, else UTF-16 code units (the protocol's default).

use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit a position's `character` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (a character outside the BMP, such as most emoji, counts two).
    Utf16,
}

impl Encoding {
    /// The encoding to use given the client's `general.positionEncodings`: UTF-8 when offered.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The kind to announce in the server capabilities.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Line starts of one text, as the protocol counts lines (`\n`, `\r\n` and a lone `\r` end a line).
#[derive(Clone, Debug)]
pub struct LineMap {
    starts: Vec<usize>,
}

impl LineMap {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineMap { starts }
    }

    /// The position of byte `offset` (clamped into the text and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(|c| enc.width(c)).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of the byte span `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(
            self.position(text, start, enc),
            self.position(text, end.max(start), enc),
        )
    }

    /// The byte offset of a position: a line past the end is the end of the text, a character past
    /// the end of its line is the line's end, one inside a character is that character's start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            let w = enc.width(c);
            if units + w > pos.character as usize {
                return start + i;
            }
            units += w;
        }
        start + content.len()
    }

    /// The byte offset where line `line` starts (the text's end past the last line).
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }
}

/// The position of a 1-based line and column counted in Unicode scalar values (as findings'
/// related places are given) in `enc`.
pub fn from_line_column(
    map: &LineMap,
    text: &str,
    line: usize,
    column: usize,
    enc: Encoding,
) -> Position {
    let start = map.line_start(text, line.saturating_sub(1));
    let rest = &text[start..];
    let offset = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i);
    map.position(text, offset, enc)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_cjk_before_a_span_on_the_same_line() {
        let text = "第一行\n客服：😀 您好，我不知道。\n";
        let start = text.find("不知道").expect("in text");
        let end = start + "不知道".len();
        let map = LineMap::new(text);
        // "客服：" 3 + "😀" (2 UTF-16 units, 4 bytes) + " " + "您好，我" 4 = 10 units, 26 bytes.
        assert_eq!(
            map.range(text, start, end, Encoding::Utf16),
            Range::new(Position::new(1, 10), Position::new(1, 13))
        );
        assert_eq!(
            map.range(text, start, end, Encoding::Utf8),
            Range::new(Position::new(1, 26), Position::new(1, 35))
        );
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let r = map.range(text, start, end, enc);
            assert_eq!(map.offset(text, r.start, enc), start);
            assert_eq!(map.offset(text, r.end, enc), end);
        }
    }

    #[test]
    fn line_ends_and_clamping() {
        let text = "a\r\nb\rc\n";
        let map = LineMap::new(text);
        assert_eq!(map.position(text, 3, Encoding::Utf16), Position::new(1, 0));
        assert_eq!(map.position(text, 5, Encoding::Utf16), Position::new(2, 0));
        assert_eq!(map.position(text, 99, Encoding::Utf16), Position::new(3, 0));
        assert_eq!(map.offset(text, Position::new(0, 9), Encoding::Utf16), 1);
        assert_eq!(map.offset(text, Position::new(9, 0), Encoding::Utf16), 7);
        // Inside the surrogate pair of an emoji: that emoji's start.
        let text = "😀x";
        let map = LineMap::new(text);
        assert_eq!(map.offset(text, Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(map.offset(text, Position::new(0, 2), Encoding::Utf16), 4);
        assert_eq!(map.position(text, 2, Encoding::Utf8), Position::new(0, 0));
    }

    #[test]
    fn negotiation_prefers_utf8() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn line_column_in_scalars() {
        let text = "x\n😀好ab\n";
        let map = LineMap::new(text);
        assert_eq!(
            from_line_column(&map, text, 2, 3, Encoding::Utf16),
            Position::new(1, 3)
        );
    }
}
