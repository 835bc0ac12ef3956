//! Office Open XML packages (.docx, .pptx): the zip opened within limits, its XML parts read with
//! quick-xml, never with a DTD (so no entity can expand).
//!
//! Limits (README "Office files"): at most [`MAX_ENTRIES`] entries in the zip, at most
//! [`MAX_PART`] bytes unpacked from one part and [`MAX_TOTAL`] from all parts read; past any of
//! them the file is skipped (`io/skipped`) instead of filling memory.

use super::SkipReason;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Most entries a package may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes unpacked from one XML part.
pub const MAX_PART: u64 = 32 * 1024 * 1024;
/// Most bytes unpacked from all the parts read from one file.
pub const MAX_TOTAL: u64 = 64 * 1024 * 1024;

/// An opened package.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    unpacked: u64,
}

/// The compound-file (OLE) signature: legacy .doc/.xls/.ppt, and encrypted OOXML documents.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn unreadable(reason: impl Into<String>) -> SkipReason {
    SkipReason::Unreadable(reason.into())
}

impl<'a> Package<'a> {
    /// Open a package; `what` names the format in reasons (".docx").
    pub fn open(bytes: &'a [u8], what: &str) -> Result<Package<'a>, SkipReason> {
        if bytes.starts_with(OLE_MAGIC) {
            return Err(unreadable(format!(
                "{what} is a password-protected (encrypted) or old binary Office document, which cannot be read; save it unprotected as {what}"
            )));
        }
        if !bytes.starts_with(b"PK") {
            return Err(unreadable(format!(
                "not a {what} file: a {what} is a zip archive, and this is not one"
            )));
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| unreadable(format!("damaged {what} (zip: {e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(unreadable(format!(
                "{what} has {} zip entries, more than the limit of {MAX_ENTRIES}",
                zip.len()
            )));
        }
        Ok(Package { zip, unpacked: 0 })
    }

    /// Check the sizes every entry declares against the limits, for a package a library reads
    /// whole (spreadsheets through calamine; the zip reader never unpacks past a declared size).
    pub fn check_sizes(&mut self, what: &str) -> Result<(), SkipReason> {
        let mut total: u64 = 0;
        for i in 0..self.zip.len() {
            let file = self
                .zip
                .by_index_raw(i)
                .map_err(|e| unreadable(format!("damaged {what} (zip: {e})")))?;
            if file.encrypted() {
                return Err(unreadable(format!(
                    "{what} is encrypted (password-protected)"
                )));
            }
            let size = file.size();
            total = total.saturating_add(size);
            if size > MAX_PART || total > MAX_TOTAL {
                return Err(unreadable(format!(
                    "{what} unpacks to more than the limits ({MAX_PART} bytes per part, {MAX_TOTAL} per file; a zip bomb?)"
                )));
            }
        }
        Ok(())
    }

    /// A part's text, or `None` where the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, SkipReason> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let budget = MAX_PART.min(MAX_TOTAL.saturating_sub(self.unpacked));
        let mut file = self.zip.by_index(index).map_err(|e| {
            if e.to_string().contains("assword") {
                unreadable(format!("{name} is encrypted (password-protected)"))
            } else {
                unreadable(format!("damaged part {name} (zip: {e})"))
            }
        })?;
        if file.size() > budget {
            return Err(unreadable(format!(
                "{name} unpacks to {} bytes, more than the limit of {budget} (limits: {MAX_PART} bytes per part, {MAX_TOTAL} per file; a zip bomb?)",
                file.size()
            )));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(file.size().min(budget)).unwrap_or(0));
        (&mut file)
            .take(budget.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(format!("damaged part {name} ({e})")))?;
        if bytes.len() as u64 > budget {
            return Err(unreadable(format!(
                "{name} unpacks to more than {budget} bytes (limits: {MAX_PART} bytes per part, {MAX_TOTAL} per file; a zip bomb?)"
            )));
        }
        self.unpacked += bytes.len() as u64;
        let text =
            String::from_utf8(bytes).map_err(|_| unreadable(format!("{name} is not UTF-8 XML")))?;
        Ok(Some(text))
    }
}

/// A streaming XML reader over a part, refusing a DTD.
pub struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    name: &'a str,
}

/// One event as the readers use it: names are local (no prefix).
pub enum Ev<'a> {
    /// An opening tag (`empty` for `<x/>`).
    Start { tag: BytesStart<'a>, empty: bool },
    /// A closing tag, by local name.
    End(Vec<u8>),
    /// Character data, entities resolved.
    Text(String),
}

impl<'a> Xml<'a> {
    /// Read `text` (the part named `name`).
    pub fn new(text: &'a str, name: &'a str) -> Xml<'a> {
        let reader = quick_xml::Reader::from_str(text);
        Xml { reader, name }
    }

    /// The next event, `None` at the end.
    pub fn next(&mut self) -> Result<Option<Ev<'a>>, SkipReason> {
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|e| unreadable(format!("damaged XML in {} ({e})", self.name)))?;
            return Ok(Some(match event {
                Event::Start(tag) => Ev::Start { tag, empty: false },
                Event::Empty(tag) => Ev::Start { tag, empty: true },
                Event::End(end) => Ev::End(end.local_name().as_ref().as_bytes().to_vec()),
                Event::Text(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::CData(t) => Ev::Text(t.into_inner().into_owned()),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = r.xml10_content();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(s) => s.to_string(),
                                None => {
                                    return Err(unreadable(format!(
                                        "{} uses an undefined entity &{name};",
                                        self.name
                                    )));
                                }
                            }
                        }
                    };
                    Ev::Text(resolved)
                }
                Event::DocType(_) => {
                    return Err(unreadable(format!(
                        "{} declares a DTD, which Office files never do (entity expansion is refused)",
                        self.name
                    )));
                }
                Event::Eof => return Ok(None),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            }));
        }
    }
}

/// The local name of a tag (`w:p` → `p`).
pub fn local(tag: &BytesStart<'_>) -> Vec<u8> {
    tag.local_name().as_ref().as_bytes().to_vec()
}

/// An attribute's value by local name (`w:val` → `val`).
pub fn attr(tag: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    tag.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref().as_bytes() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// A part's path relative to the package root, from a relationship target relative to the
/// folder of `base` (`ppt/slides/slide1.xml` + `../notesSlides/n1.xml` → `ppt/notesSlides/n1.xml`).
pub fn resolve_target(base: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_targets() {
        assert_eq!(
            resolve_target("ppt/slides/slide1.xml", "../notesSlides/notesSlide1.xml"),
            "ppt/notesSlides/notesSlide1.xml"
        );
        assert_eq!(
            resolve_target("ppt/presentation.xml", "slides/slide2.xml"),
            "ppt/slides/slide2.xml"
        );
        assert_eq!(resolve_target("x/y.xml", "/ppt/a.xml"), "ppt/a.xml");
    }

    #[test]
    fn refuses_a_dtd_and_unknown_entities() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        let mut x = Xml::new(laughs, "word/document.xml");
        let mut failed = false;
        for _ in 0..10 {
            match x.next() {
                Err(SkipReason::Unreadable(r)) => {
                    assert!(r.contains("DTD"), "{r}");
                    failed = true;
                    break;
                }
                Ok(None) => break,
                _ => {}
            }
        }
        assert!(failed);
        let mut x = Xml::new("<a>&lol;</a>", "p.xml");
        assert!(x.next().is_ok());
        assert!(matches!(x.next(), Err(SkipReason::Unreadable(_))));
    }

    #[test]
    fn resolves_predefined_and_character_entities() {
        let mut x = Xml::new("<a>A&amp;B&#x5BA2;&#26381;</a>", "p.xml");
        let mut text = String::new();
        while let Ok(Some(ev)) = x.next() {
            if let Ev::Text(t) = ev {
                text.push_str(&t);
            }
        }
        assert_eq!(text, "A&B客服");
    }
}
