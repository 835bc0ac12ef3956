//! Traditional Chinese (zh-Hant): a document in traditional characters is judged with the same zh
//! phrase lists, by matching a simplified copy of its text (fast2s's traditional → simplified table,
//! MIT). The copy is made character by character with every character keeping its byte length, so
//! every span into the copy is the same span into the original; findings then show the original
//! text. Suggestions stay in simplified characters (fast2s converts one way only).

/// Whether a text reads as traditional Chinese: at least three of its ideographs, and one in
/// twenty, change when simplified.
pub fn is_hant(text: &str) -> bool {
    let (mut cjk, mut changed) = (0usize, 0usize);
    for (c, s) in text.chars().zip(fast2s::convert(text).chars()) {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            cjk += 1;
            changed += usize::from(c != s);
        }
    }
    changed >= 3 && changed * 20 >= cjk
}

/// The text in simplified characters with every character at the same byte offset, or `None`
/// when the conversion would move one (then the text is matched as it is).
pub fn to_hans(text: &str) -> Option<String> {
    let simple = fast2s::convert(text);
    let same = simple.len() == text.len()
        && text
            .char_indices()
            .zip(simple.char_indices())
            .all(|((i, a), (j, b))| i == j && a.len_utf8() == b.len_utf8());
    same.then_some(simple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_is_told_and_simplified_in_place() {
        let t = "客服：您好，很高興為您服務\n顧客：我的包裹還沒到\n客服：沒辦法，請稍等\n";
        assert!(is_hant(t));
        let s = to_hans(t).expect("same offsets");
        assert_eq!(
            s,
            "客服：您好，很高兴为您服务\n顾客：我的包裹还没到\n客服：没办法，请稍等\n"
        );
        assert_eq!(s.len(), t.len());
        assert!(!is_hant(
            "客服：您好，很高兴为您服务\n顾客：我的包裹还没到\n"
        ));
        assert!(!is_hant("Hello 謝謝"));
    }
}
