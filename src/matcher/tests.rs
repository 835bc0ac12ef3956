//! The matcher against aho-corasick over fully normalised text, and its normalisation.

use super::build::raw_forms;
use super::normal::is_normal;
use super::*;

#[test]
fn is_normal_agrees_with_normalize() {
    for text in [
        "您好",
        "hello world",
        "Hello",
        "a  b",
        " a",
        "a ",
        "您 好",
        "a 好",
        "好 a",
        "ＡＢ",
        "it’s",
        "a\tb",
        "a\u{3000}b",
        "\u{A0}x",
        "x\u{2003}y",
        "",
        "1 2 3",
        "。 好",
    ] {
        let (normal, _) = normalize(text);
        assert_eq!(is_normal(text), normal == text, "{text:?}");
    }
}

fn matcher(phrases: &[&str]) -> Matcher {
    let mut b = MatcherBuilder::default();
    for p in phrases {
        b.add(
            p,
            PatternUse {
                rule: 0,
                clause: 0,
                role: UseRole::Phrase,
                lang: Lang::En,
                suggestion: None,
            },
            None,
        );
    }
    b.build()
}

fn find(m: &Matcher, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    m.scan(
        text,
        Span::new(0, text.len()),
        0,
        &mut Scratch::default(),
        &mut out,
    );
    out.iter().map(|h| h.span.text(text).to_string()).collect()
}

/// Every phrase of the built-in packs, plus a few with ASCII punctuation.
fn builtin_matcher() -> &'static Matcher {
    static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    MATCHER.get_or_init(build_builtin_matcher)
}

fn build_builtin_matcher() -> Matcher {
    let rules = crate::ruleset::RuleSet::builtin().expect("built-in packs load");
    let mut b = MatcherBuilder::default();
    for p in
        rules
            .matcher
            .patterns()
            .iter()
            .map(String::as_str)
            .chain(["a, b", "ok!", "q.r.s.t.u.v"])
    {
        b.add(
            p,
            PatternUse {
                rule: 0,
                clause: 0,
                role: UseRole::Phrase,
                lang: Lang::Zh,
                suggestion: None,
            },
            None,
        );
    }
    b.build()
}

#[test]
fn raw_forms_cover_fullwidth_and_curly_punctuation() {
    assert_eq!(raw_forms("a,b").unwrap(), vec!["a\u{FF0C}b"]);
    assert_eq!(raw_forms("i'll").unwrap().len(), 3);
    assert_eq!(raw_forms("您好").unwrap(), Vec::<String>::new());
    assert!(raw_forms("q.r.s.t.u.v").is_none());
    let m = builtin_matcher();
    assert!(
        m.significant[b'.' as usize],
        "the six-dot phrase falls back to folding"
    );
    assert!(
        !m.significant[b',' as usize],
        "commas are matched through raw forms"
    );
}

/// The built-in phrases in aho-corasick's NFA: the reference automaton.
fn builtin_reference() -> &'static AhoCorasick {
    static AHO: std::sync::OnceLock<AhoCorasick> = std::sync::OnceLock::new();
    AHO.get_or_init(|| {
        build_automaton(&builtin_matcher().searched, AhoCorasickKind::ContiguousNFA).unwrap()
    })
}

/// What a scan means: aho-corasick's overlapping matches over the whole text fully normalised,
/// each kept when the word boundaries its pattern needs are there, mapped back to the text.
fn reference_hits(m: &Matcher, aho: &AhoCorasick, text: &str) -> Vec<Hit> {
    let (normal, starts) = normalize(text);
    aho.find_overlapping_iter(&normal)
        .filter_map(|h| {
            let (pattern, _) = m.info[h.pattern().as_usize()];
            let (start_bound, end_bound) = m.bounds[pattern as usize];
            let before = normal[..h.start()].chars().next_back();
            let after = normal[h.end()..].chars().next();
            if (start_bound && before.is_some_and(is_word_char))
                || (end_bound && after.is_some_and(is_word_char))
            {
                return None;
            }
            let last = starts[h.end() - 1] as usize;
            let end = last + text[last..].chars().next().map_or(1, char::len_utf8);
            Some(Hit {
                pattern,
                span: Span::new(starts[h.start()] as usize, end),
                seg: 0,
            })
        })
        .collect()
}

fn dense_hits(m: &Matcher, text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let span = Span::new(0, text.len());
    m.scan(text, span, 0, &mut Scratch::default(), &mut out);
    out
}

/// The built-in matcher with the fallback search in place of the dense DFA.
fn fallback_matcher() -> &'static Matcher {
    static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    MATCHER.get_or_init(|| {
        let mut m = build_builtin_matcher();
        m.search =
            Search::Aho(build_automaton(&m.searched, AhoCorasickKind::ContiguousNFA).unwrap());
        m
    })
}

/// Pieces of text that hit built-in phrases, their raw forms and their word boundaries.
fn phrase_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let patterns: Vec<String> = builtin_matcher().searched.clone();
    let piece = prop_oneof![
        proptest::sample::select(patterns.clone()),
        proptest::sample::select(patterns).prop_map(|p| p.to_ascii_uppercase()),
        "[ a-zA-Z0-9,.!'’，。！　\t\n您好的了Ｏｋ]{0,3}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Text full of what normalising changes: spaces between CJK and Latin, full-width forms,
/// curly apostrophes, every kind of white space.
const NORMALISED_TEXT: &str = "([您好请稍等不知道没办法投诉抱歉对不起，。！？：；、（）“”,.!?:; ]|Sorry|I CAN'T|can’t|I‘ll refund|i'll refund|Ｏｋ|ok|a|b|\\t|\n|\u{3000}|\u{A0}|\u{85}|\u{2003}|\u{202F}|\u{1C}|\u{B}|calm down|Calm Down|ok！|Ｏｋ！|ＡＺａｚ０９|a， b|a，b|抱歉，但是|抱歉,但是|喂！|Sorry， but|q.r.s.t.u.v|q．r.s．t.u.v|ｑ|é){0,30}";

proptest::proptest! {
    /// The dense DFA scan finds the hits, in the order, that the definition finds.
    #[test]
    fn dense_scan_agrees_with_aho_corasick(text in phrase_text()) {
        let m = builtin_matcher();
        proptest::prop_assert_eq!(dense_hits(m, &text), reference_hits(m, builtin_reference(), &text));
    }

    /// ... on text that needs normalising.
    #[test]
    fn dense_scan_agrees_on_normalised_text(text in NORMALISED_TEXT) {
        let m = builtin_matcher();
        proptest::prop_assert_eq!(dense_hits(m, &text), reference_hits(m, builtin_reference(), &text));
    }

    /// ... on any text.
    #[test]
    fn dense_scan_agrees_on_any_text(text in proptest::prelude::any::<String>()) {
        let m = builtin_matcher();
        proptest::prop_assert_eq!(dense_hits(m, &text), reference_hits(m, builtin_reference(), &text));
    }

    /// The fallback for very large lists finds what the dense DFA finds.
    #[test]
    fn fallback_agrees_with_the_dense_scan(text in NORMALISED_TEXT) {
        proptest::prop_assert_eq!(dense_hits(fallback_matcher(), &text), dense_hits(builtin_matcher(), &text));
    }

    /// The raw walk reports aho-corasick's overlapping matches, in its order.
    #[test]
    fn dense_walk_agrees_with_find_overlapping(text in phrase_text()) {
        let m = builtin_matcher();
        let Search::Dense(dense) = &m.search else { panic!("the built-in packs fit a dense table") };
        let lower = text.to_ascii_lowercase();
        let mut walked = Vec::new();
        dense.walk(lower.as_bytes(), false, |_| true, |id, end| walked.push((id, end)));
        let found: Vec<(u32, usize)> = builtin_reference()
            .find_overlapping_iter(&lower)
            .map(|h| (h.pattern().as_u32(), h.end()))
            .collect();
        proptest::prop_assert_eq!(walked, found);
    }

    /// The NFA walk (short runs) and the table walk (long ones) agree, flags and stops included.
    #[test]
    fn nfa_walk_agrees_with_the_table_walk(text in phrase_text(), normal in NORMALISED_TEXT) {
        let m = builtin_matcher();
        let Search::Dense(dense) = &m.search else { panic!("the built-in packs fit a dense table") };
        for t in [text.as_bytes(), normal.as_bytes(), text.to_ascii_lowercase().as_bytes()] {
            for look in [false, true] {
                proptest::prop_assert_eq!(dense.walk_as(false, t, look), dense.walk_as(true, t, look));
            }
        }
    }

    /// ... on small lists overlapping one another.
    #[test]
    fn nfa_walk_agrees_on_small_lists(
        phrases in proptest::collection::vec("[ab好 '!，]{1,4}", 1..8),
        text in "[abAB好 '’!！，,\t]{0,24}",
    ) {
        let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
        let m = matcher(&refs);
        let Search::Dense(dense) = &m.search else { panic!("small lists fit a dense table") };
        for look in [false, true] {
            proptest::prop_assert_eq!(
                dense.walk_as(false, text.as_bytes(), look),
                dense.walk_as(true, text.as_bytes(), look)
            );
        }
    }

    /// Small phrase lists, overlapping one another, against aho-corasick.
    #[test]
    fn dense_agrees_on_small_lists(
        phrases in proptest::collection::vec("[ab好 '!，]{1,4}", 1..8),
        text in "[abAB好 '’!！，,\t]{0,24}",
    ) {
        let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
        let m = matcher(&refs);
        proptest::prop_assert!(matches!(m.search, Search::Dense(_)));
        let aho = build_automaton(&m.searched, AhoCorasickKind::ContiguousNFA).unwrap();
        proptest::prop_assert_eq!(dense_hits(&m, &text), reference_hits(&m, &aho, &text));
    }
}

#[test]
fn dense_edge_cases() {
    let m = builtin_matcher();
    for text in [
        "",
        " ",
        "Sorry, but I CAN'T",
        "i can’t",
        "I Can't Believe it's not my fault",
        "我也没办法，这是规定。",
        "抱歉，但是 不知道",
        "不 知 道",
        "ｏｋ！ sorry， but",
        "a\u{3000}b 您　好",
        "q.r.s.t.u.v q．r.s．t.u.v",
        "x\tcalm down",
        "calm  down",
    ] {
        assert_eq!(
            dense_hits(m, text),
            reference_hits(m, builtin_reference(), text),
            "{text:?}"
        );
        assert_eq!(
            dense_hits(fallback_matcher(), text),
            dense_hits(m, text),
            "{text:?}"
        );
    }
    // The walk restarts normalised when the text needs it.
    assert_eq!(find(&matcher(&["不知道"]), "我 不 知 道"), vec!["不 知 道"]);
}

#[test]
fn dense_falls_back_on_unexpected_strings() {
    assert!(Dense::build(&["".to_string()]).is_none());
    assert!(Dense::build(&["A".to_string()]).is_none());
    assert!(Dense::build(&["a".to_string(), "a".to_string()]).is_none());
    let dense = Dense::build(&["ab".to_string(), "b".to_string()]).unwrap();
    let mut hits = Vec::new();
    dense.walk(b"xAB", false, |_| true, |m, end| hits.push((m, end)));
    assert_eq!(hits, vec![(0, 3), (1, 3)]);
    assert_eq!(dense.walk_as(false, b"xAB", false).0, hits);
    assert_eq!(dense.walk_as(true, b"xAB", false).0, hits);
}

#[test]
fn english_matches_whole_words_case_insensitively() {
    let m = matcher(&["i can't", "calm down"]);
    assert_eq!(
        find(&m, "Well, I CAN'T say. Please Calm Down."),
        vec!["I CAN'T", "Calm Down"]
    );
    assert!(find(&m, "Hi can'tx").is_empty());
    assert!(find(&m, "becalm downhill").is_empty());
}

#[test]
fn curly_apostrophe_matches_straight() {
    let m = matcher(&["i don't know"]);
    assert_eq!(find(&m, "Sorry, I don’t know."), vec!["I don’t know"]);
}

#[test]
fn chinese_ignores_spaces_between_ideographs_and_maps_span_back() {
    let m = matcher(&["诚恳致歉"]);
    let text = "请 诚 恳 致 歉。";
    assert_eq!(find(&m, text), vec!["诚 恳 致 歉"]);
}

#[test]
fn fullwidth_latin_and_digits_match_ascii() {
    let m = matcher(&["ok", "3声"]);
    assert_eq!(find(&m, "ＯＫ，铃响３声"), vec!["ＯＫ", "３声"]);
}

#[test]
fn fullwidth_punctuation_matches_ascii_punctuation() {
    let m = matcher(&["喂!"]);
    assert_eq!(find(&m, "喂！什么事"), vec!["喂！"]);
}

#[test]
fn overlapping_hits_are_all_reported() {
    let m = matcher(&["不能让您久等", "不能"]);
    assert_eq!(find(&m, "不能让您久等"), vec!["不能", "不能让您久等"]);
}

#[test]
fn spaces_between_latin_words_collapse() {
    let m = matcher(&["thank you"]);
    assert_eq!(find(&m, "Thank \n  you"), vec!["Thank \n  you"]);
}
