//! Phrase families: one rule-file phrase that stands for several, expanded when the rules load.
//!
//! `{a|b|c}` is one of the alternatives, and an empty alternative makes the group optional:
//! `{你|您}{|也}{不|不太}知道` stands for 你不知道, 你也不太知道, 您不太知道 … (eight phrases). Every
//! form goes into the one automaton as a plain phrase, so matching stays one pass over the text.
//! A phrase without `{` is itself, exactly as before (so `a|b` alone is literal).

/// At most this many phrases from one family.
pub const MAX_FORMS: usize = 256;

/// The phrases a family stands for, in order (the first alternative of each group first); a
/// phrase without braces gives itself. The error says what is wrong with the syntax.
pub fn expand(phrase: &str) -> Result<Vec<String>, String> {
    // Only a phrase with a group is a family: `|` or `}` alone stay literal, as they always were.
    if !phrase.contains('{') {
        return Ok(vec![phrase.to_string()]);
    }
    let mut forms = vec![String::new()];
    let mut rest = phrase;
    while !rest.is_empty() {
        let next = rest.find(['{', '}', '|']).unwrap_or(rest.len());
        let (literal, tail) = rest.split_at(next);
        for f in &mut forms {
            f.push_str(literal);
        }
        let Some(c) = tail.chars().next() else {
            break;
        };
        if c != '{' {
            return Err(format!(
                "`{c}` outside a group in phrase `{phrase}`: write alternatives as `{{a|b}}`"
            ));
        }
        let body_end = tail[1..]
            .find(['{', '}'])
            .filter(|&i| tail.as_bytes()[1 + i] == b'}')
            .ok_or_else(|| {
                format!(
                    "unclosed or nested `{{` in phrase `{phrase}`: groups are `{{a|b}}`, one level"
                )
            })?;
        let body = &tail[1..1 + body_end];
        if !body.contains('|') {
            return Err(format!(
                "group `{{{body}}}` in phrase `{phrase}` has one alternative: write `{{{body}|}}` to make it optional"
            ));
        }
        let alternatives: Vec<&str> = body.split('|').collect();
        if forms.len() * alternatives.len() > MAX_FORMS {
            return Err(format!(
                "phrase `{phrase}` stands for more than {MAX_FORMS} phrases: split it"
            ));
        }
        forms = forms
            .iter()
            .flat_map(|f| alternatives.iter().map(move |a| format!("{f}{a}")))
            .collect();
        rest = &tail[1 + body_end + 1..];
    }
    // "{你|您} {|really }" may leave double or trailing spaces; the matcher normalises them, but
    // an empty form is an error, as an empty phrase is.
    if forms.iter().any(|f| f.trim().is_empty()) {
        return Err(format!("phrase `{phrase}` can stand for an empty phrase"));
    }
    let mut seen = std::collections::HashSet::new();
    forms.retain(|f| seen.insert(f.split_whitespace().collect::<Vec<_>>().join(" ")));
    Ok(forms)
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn a_plain_phrase_is_itself() {
        assert_eq!(expand("不知道").unwrap(), ["不知道"]);
        assert_eq!(expand("you have to").unwrap(), ["you have to"]);
        assert_eq!(expand("a|b").unwrap(), ["a|b"]);
    }

    #[test]
    fn groups_multiply_and_an_empty_alternative_is_optional() {
        assert_eq!(
            expand("{你|您}{|也}不知道").unwrap(),
            ["你不知道", "你也不知道", "您不知道", "您也不知道"]
        );
        assert_eq!(
            expand("you{'ll| will| would} have to").unwrap(),
            ["you'll have to", "you will have to", "you would have to"]
        );
        // Spaces around an optional word collapse to one form each.
        assert_eq!(
            expand("we are {|really }unable").unwrap(),
            ["we are unable", "we are really unable"]
        );
    }

    #[test]
    fn bad_syntax_is_an_error() {
        for bad in [
            "{你|您",
            "{你|您}|x",
            "{你|您}}",
            "{{a|b}|c}",
            "{您}",
            "{|}",
            "{a|b}{c|d}{e|f}{g|h}{i|j}{k|l}{m|n}{o|p}{q|r}",
        ] {
            assert!(expand(bad).is_err(), "{bad}");
        }
    }
}
