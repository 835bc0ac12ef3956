//! Text extracted from a structured file, built as the Markdown-shaped text the parser reads, with
//! the place in the original file of every part of it.

use super::{Location, Source};

/// Builds extracted text and its location map.
#[derive(Debug, Default)]
pub struct Extract {
    text: String,
    locations: Vec<(usize, Location)>,
}

impl Extract {
    /// An empty text.
    pub fn new() -> Extract {
        Extract::default()
    }

    /// From here on the text comes from `location` (until the next call).
    pub fn at(&mut self, location: Location) {
        let offset = self.text.len();
        match self.locations.last_mut() {
            Some((at, last)) if *at == offset => *last = location,
            Some((_, last)) if *last == location => {}
            _ => self.locations.push((offset, location)),
        }
    }

    /// Append text.
    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// End the current block with a blank line (Markdown blocks are apart), unless the text is
    /// empty or already ends so.
    pub fn blank_line(&mut self) {
        if self.text.is_empty() || self.text.ends_with("\n\n") {
            return;
        }
        if !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push('\n');
    }

    /// End the current line.
    pub fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// Bytes so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The finished source.
    pub fn finish(mut self, encoding: &'static str) -> Source {
        while self.text.ends_with("\n\n") {
            self.text.pop();
        }
        let len = self.text.len();
        self.locations.retain(|(at, _)| *at < len.max(1));
        Source {
            locations: self.locations,
            ..Source::plain(self.text, encoding)
        }
    }
}

/// One line of text made safe for the line-based parser: line breaks become spaces, runs of white
/// space one space, trimmed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A spreadsheet column letter for a 0-based index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(mut index: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn locations_follow_the_text() {
        let mut e = Extract::new();
        let p = |n| Location {
            paragraph: Some(n),
            ..Location::default()
        };
        e.at(p(1));
        e.push("one");
        e.blank_line();
        e.at(p(2));
        e.at(p(3));
        e.push("three");
        e.blank_line();
        let s = e.finish("UTF-8");
        assert_eq!(s.text, "one\n\nthree\n");
        assert_eq!(s.location_at(0), Some(&p(1)));
        assert_eq!(s.location_at(5), Some(&p(3)));
        assert_eq!(s.location_at(100), Some(&p(3)));
    }
}
