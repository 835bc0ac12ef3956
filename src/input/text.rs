//! Plain text (Markdown, .txt): bytes to text, with encoding detection (BOM, UTF-16, else chardetng + encoding_rs).

use super::{SkipReason, Source};

/// Decode a file's bytes: UTF-8 (BOM or not), UTF-16 with BOM, else a detected legacy encoding.
pub fn decode(bytes: &[u8]) -> Result<Source, SkipReason> {
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
) -> Result<Source, SkipReason> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(from_utf8_lossy(rest, "UTF-8"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok(decode_with(encoding_rs::UTF_16LE, bytes, "UTF-16LE", false));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(decode_with(encoding_rs::UTF_16BE, bytes, "UTF-16BE", false));
    }
    if let Some(source) = utf16_without_bom(bytes) {
        return Ok(source);
    }
    if memchr_nul(bytes) {
        return Err(SkipReason::Binary);
    }
    if let Some(text) = valid_utf8(bytes) {
        return Ok(Source::plain(text.to_owned(), "UTF-8"));
    }
    if mostly_utf8(bytes) {
        return Ok(from_utf8_lossy(bytes, "UTF-8"));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // Chinese SOPs saved by Windows tools are mostly GBK: the "cn" hint tips close calls that way.
    let mut guessed = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    // The hint must not turn Big5 (Taiwan, Hong Kong) into GBK: where the bytes read as Big5
    // without a hint, or as Big5 cleanly but not as GBK, they are Big5.
    if guessed == encoding_rs::GBK {
        let unhinted = detector.guess(None, chardetng::Utf8Detection::Deny);
        let clean = |e: &'static encoding_rs::Encoding| {
            e.decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
        };
        if unhinted == encoding_rs::BIG5
            || (clean(encoding_rs::BIG5) && !clean(encoding_rs::GB18030))
        {
            guessed = encoding_rs::BIG5;
        }
    }
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

/// UTF-16 without a byte-order mark (Windows tools write it so): an even number of bytes that
/// read as UTF-16 without errors to text nine tenths of which is CJK, CJK punctuation or ASCII.
/// The NULs of ASCII characters fall on one side of each pair (odd bytes little-endian, even
/// big-endian); text with no NUL at all is tried only when it is not UTF-8. Legacy double-byte
/// text (GBK, Big5) read as UTF-16 gives CJK characters well under nine times in ten.
fn utf16_without_bom(bytes: &[u8]) -> Option<Source> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if even + odd == 0 && std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let mut candidates = Vec::with_capacity(2);
    if even * 20 <= pairs && (odd > 0 || even == 0) {
        candidates.push((encoding_rs::UTF_16LE, "UTF-16LE"));
    }
    if odd * 20 <= pairs && (even > 0 || odd == 0) {
        candidates.push((encoding_rs::UTF_16BE, "UTF-16BE"));
    }
    candidates.into_iter().find_map(|(encoding, name)| {
        let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
        let total = text.chars().count();
        let plausible = text
            .chars()
            .filter(|&c| {
                matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
                    || c.is_ascii_graphic()
                    || c.is_ascii_whitespace()
            })
            .count();
        (total > 0 && plausible * 10 >= total * 9).then(|| Source::plain(text.into_owned(), name))
    })
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

fn from_utf8_lossy(bytes: &[u8], name: &'static str) -> Source {
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    Source {
        lossy,
        ..Source::plain(text.into_owned(), name)
    }
}

fn decode_with(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
    name: &'static str,
    legacy: bool,
) -> Source {
    let (text, _, had_errors) = encoding.decode(bytes);
    let mut text = text.into_owned();
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Source {
        legacy,
        lossy: had_errors,
        ..Source::plain(text, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`decode`] as it was, with std's validator: the reference for the `simdutf8` check.
    fn decode_with_std(bytes: &[u8]) -> Result<Source, SkipReason> {
        decode_validated_by(bytes, |b| std::str::from_utf8(b).ok())
    }

    fn same(a: &Result<Source, SkipReason>, b: &Result<Source, SkipReason>) -> bool {
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
    fn decodes_big5_as_big5() {
        let text = "您好，謝謝您的耐心等候。對不起，這個問題我們沒辦法馬上處理，請您稍候。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let decoded = decode(&bytes).expect("text");
        assert_eq!(decoded.encoding, "Big5");
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn decodes_utf16_without_a_bom() {
        for text in [
            "客服：您好，请问有什么可以帮您？\n顾客：我想退货。\n",
            "Agent: Hello, how can I help?\n",
        ] {
            let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            let (l, b) = (decode(&le).expect("le"), decode(&be).expect("be"));
            assert_eq!((l.text.as_str(), l.encoding), (text, "UTF-16LE"));
            assert_eq!((b.text.as_str(), b.encoding), (text, "UTF-16BE"));
        }
        // GBK is not mistaken for it.
        let (gbk, _, _) = encoding_rs::GBK.encode("您好，请问有什么可以帮您？这是一份客服话术。");
        assert_eq!(decode(&gbk).expect("gbk").encoding, "GB18030");
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
}
