//! Normalisation for matching (case, full-width forms, apostrophes, white space) and the offset map back to the original bytes.

use crate::lang::is_cjk;

/// A byte's class for the check that a text is already normal: nothing to see.
pub(super) const PLAIN: u8 = 0;
/// An ASCII space.
pub(super) const SPACE: u8 = 1;
/// An ASCII capital.
pub(super) const CAPITAL: u8 = 2;
/// ASCII white space other than a space.
pub(super) const CONTROL: u8 = 3;
/// The first byte of a character that may be white space or folded: `C2`, `E1`, `E2`, `E3` or
/// `EF`, where every non-ASCII white space and every character [`fold`] changes lives.
pub(super) const LEAD: u8 = 4;

/// The class of every byte (see [`PLAIN`] and the others).
pub(super) static BYTE_CLASS: [u8; 256] = {
    let mut table = [PLAIN; 256];
    table[b' ' as usize] = SPACE;
    let mut b = b'A';
    while b <= b'Z' {
        table[b as usize] = CAPITAL;
        b += 1;
    }
    table[b'\t' as usize] = CONTROL;
    table[b'\n' as usize] = CONTROL;
    table[0x0B] = CONTROL;
    table[0x0C] = CONTROL;
    table[b'\r' as usize] = CONTROL;
    table[0xC2] = LEAD;
    table[0xE1] = LEAD;
    table[0xE2] = LEAD;
    table[0xE3] = LEAD;
    table[0xEF] = LEAD;
    table
};

/// Normalise a text for matching; returns the text and, per normalised byte, its original byte offset.
pub fn normalize(text: &str) -> (String, Vec<u32>) {
    let mut out = String::new();
    let mut starts = Vec::new();
    normalize_into(text, &mut out, &mut starts);
    (out, starts)
}

/// `starts[k]` is the original offset of the character that normalised byte `k` came from (for a
/// collapsed run of white space, its first character); the end follows from that character's length.
pub(super) fn normalize_into(text: &str, out: &mut String, starts: &mut Vec<u32>) {
    out.clear();
    starts.clear();
    out.reserve(text.len());
    starts.reserve(text.len());
    let mut pending_space: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let c = fold(c);
        if c.is_whitespace() {
            if pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(s) = pending_space.take() {
            let between_cjk = prev.is_some_and(is_cjk_like) && is_cjk_like(c);
            if !between_cjk && prev.is_some() {
                out.push(' ');
                starts.push(s as u32);
            }
        }
        out.push(c);
        starts.resize(out.len(), i as u32);
        prev = Some(c);
    }
}

/// Whether `normalize` would return `text` unchanged: nothing to fold, and white space only as
/// single ASCII spaces inside the text and not between two CJK characters.
pub(super) fn is_normal(text: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let Some(p) = prev else { return false };
            match chars.peek() {
                Some(&n) if !fold(n).is_whitespace() => {
                    if is_cjk_like(p) && is_cjk_like(fold(n)) {
                        return false;
                    }
                }
                _ => return false,
            }
        } else if fold(c) != c || c.is_whitespace() {
            return false;
        }
        prev = Some(c);
    }
    true
}

/// CJK ideographs and CJK punctuation: white space between two of them is a slide-extraction artefact.
pub(super) fn is_cjk_like(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}')
}

/// Fold one character: ASCII lower case, full-width ASCII to ASCII, curly apostrophes straight.
pub(super) fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            ascii.to_ascii_lowercase()
        }
        '\u{3000}' => ' ',
        '’' | '‘' => '\'',
        _ => c,
    }
}
