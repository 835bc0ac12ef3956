//! The block shapes as one table: a row per heading, table, step, underline, bullet, fence and comment style.
//!
//! The line reader tries the rows that can open with a line's first character (after its
//! indentation), in the table's order, which is the order of the grammar's `structured`
//! alternatives (and, within `step_marker`, `bullet_marker` and `cn_heading_marker`, of theirs):
//! the first row whose marker matches decides what the line becomes. The grammar
//! (grammar/document.pest) stays the definition: a property test checks the reader against its
//! `document` rule, and [`tests::STYLES`] holds one line per row.
//!
//! A new step or heading style is one row here, one line in [`tests::STYLES`], and its alternative
//! in the grammar's `step_marker` or `cn_heading_marker`.

use crate::lexicon::{fullwidth_number, zh_digit, zh_integer};

/// One block shape the line reader knows.
pub(super) struct Shape {
    /// The characters a line of this shape opens with, after its indentation (inclusive ranges).
    pub opens: &'static [(char, char)],
    /// The length of the shape's marker at the start of `body` (the line after its indentation
    /// `indent`, without its ending), or `None` where the line is not of this shape.
    pub marker: fn(body: &str, indent: &str) -> Option<usize>,
    /// What a line of this shape becomes.
    pub makes: Makes,
}

/// What a line of a shape becomes.
#[derive(Clone, Copy)]
pub(super) enum Makes {
    /// The grammar's `heading`: an ATX heading, its level the number of `#`.
    Atx,
    /// The grammar's `table_row`.
    TableRow,
    /// The grammar's `step`, numbered as the function reads its marker.
    Step(fn(marker: &str) -> u32),
    /// The grammar's `setext_rule`: the underline of a heading of this level.
    Setext(u8),
    /// The grammar's `bullet`.
    Bullet,
    /// The grammar's `cn_heading`: a Chinese outline heading of this level.
    Heading(u8),
    /// The grammar's `fence_backtick` and `fence_tilde`: the marker opens and closes it.
    Fence,
    /// The grammar's `comment_block`.
    Comment,
}

const DIGITS: &[(char, char)] = &[('0', '9'), ('０', '９')];
/// The grammar's `cn_numeral` characters.
const CN_NUMERALS: &[(char, char)] = &[
    ('一', '一'),
    ('二', '二'),
    ('三', '三'),
    ('四', '四'),
    ('五', '五'),
    ('六', '六'),
    ('七', '七'),
    ('八', '八'),
    ('九', '九'),
    ('十', '十'),
    ('两', '两'),
    ('零', '零'),
    ('〇', '〇'),
];
const DI: &[(char, char)] = &[('第', '第')];

/// Every block shape, in the grammar's order.
pub(super) static SHAPES: [Shape; 20] = [
    // `heading`: `sp3 ~ atx_marker`, "## 投诉处理".
    Shape {
        opens: &[('#', '#')],
        marker: |body, indent| atx_marker(body).filter(|_| is_sp3(indent)),
        makes: Makes::Atx,
    },
    // `table_row`: "| 错误说法 | 规范用语 |".
    Shape {
        opens: &[('|', '|')],
        marker: |_, _| Some(1),
        makes: Makes::TableRow,
    },
    // `step_marker`: `arabic ~ ("." | ")" | "．") ~ !ASCII_DIGIT`, "1." "2)" "１０．".
    Shape {
        opens: DIGITS,
        marker: |body, _| {
            let digits = arabic_len(body);
            let c = body[digits..].chars().next()?;
            let next = body[digits + c.len_utf8()..].chars().next();
            (digits > 0
                && matches!(c, '.' | ')' | '．')
                && !next.is_some_and(|n| n.is_ascii_digit()))
            .then_some(digits + c.len_utf8())
        },
        makes: Makes::Step(arabic_number),
    },
    // `step_marker`: `arabic ~ "、"`, "3、".
    Shape {
        opens: DIGITS,
        marker: |body, _| {
            let digits = arabic_len(body);
            (digits > 0 && body[digits..].starts_with('、')).then_some(digits + '、'.len_utf8())
        },
        makes: Makes::Step(arabic_number),
    },
    // `step_marker`: `("(" | "（") ~ arabic ~ (")" | "）")`, "(4)" "（5）".
    Shape {
        opens: &[('(', '('), ('（', '（')],
        marker: |body, _| {
            let open = body.chars().next()?.len_utf8();
            let digits = arabic_len(&body[open..]);
            let close = body[open + digits..].chars().next()?;
            (digits > 0 && matches!(close, ')' | '）')).then_some(open + digits + close.len_utf8())
        },
        makes: Makes::Step(arabic_number),
    },
    // `step_marker`: `'\u{2460}'..'\u{2473}'`, "⑥".
    Shape {
        opens: &[('\u{2460}', '\u{2473}')],
        marker: |body, _| body.chars().next().map(char::len_utf8),
        makes: Makes::Step(|marker| {
            marker
                .chars()
                .next()
                .map_or(0, |c| c as u32 - '\u{2460}' as u32 + 1)
        }),
    },
    // `step_marker`: `^"step" ~ " "? ~ arabic ~ (":" | "：" | "." | ")" | &ws)`, "Step 7:".
    Shape {
        opens: &[('s', 's'), ('S', 'S')],
        marker: step_word_marker,
        makes: Makes::Step(arabic_number),
    },
    // `step_marker`: `"第" ~ (arabic | cn_numeral) ~ "步" ~ (":" | "：" | "、" | "．")?`, "第九步：".
    Shape {
        opens: DI,
        marker: |body, _| {
            let after = body.strip_prefix('第')?;
            let numeral = match arabic_len(after) {
                0 => cn_numeral_len(after),
                n => n,
            };
            if numeral == 0 || !after[numeral..].starts_with('步') {
                return None;
            }
            let n = '第'.len_utf8() + numeral + '步'.len_utf8();
            let punct = body[n..]
                .chars()
                .next()
                .filter(|c| matches!(c, ':' | '：' | '、' | '．'))
                .map_or(0, char::len_utf8);
            Some(n + punct)
        },
        makes: Makes::Step(|marker| {
            let numeral = marker
                .trim_start_matches('第')
                .split('步')
                .next()
                .unwrap_or("");
            match arabic_len(numeral) {
                0 => zh_integer(numeral).map_or(0, |n| n as u32),
                _ => arabic_number(numeral),
            }
        }),
    },
    // `setext_rule`: `sp3 ~ "="+ ~ ws* ~ nl`, "=====".
    Shape {
        opens: &[('=', '=')],
        marker: |body, indent| setext(body, indent, '='),
        makes: Makes::Setext(1),
    },
    // `setext_rule`: `sp3 ~ "-"+ ~ ws* ~ nl`, "-----".
    Shape {
        opens: &[('-', '-')],
        marker: |body, indent| setext(body, indent, '-'),
        makes: Makes::Setext(2),
    },
    // `bullet_marker`: `("-" | "*" | "+") ~ &ws`, "- ".
    Shape {
        opens: &[('-', '-'), ('*', '+')],
        marker: |body, _| body[1..].starts_with(WS).then_some(1),
        makes: Makes::Bullet,
    },
    // `bullet_marker`: `"•" | "·" | "●" | "▪" | "◆" | "■"` and the Word/WPS glyphs `Ø` `➢` `√` ….
    Shape {
        opens: &[
            ('•', '•'),
            ('·', '·'),
            ('●', '●'),
            ('▪', '▪'),
            ('◆', '◆'),
            ('■', '■'),
            ('Ø', 'Ø'),
            ('➢', '➢'),
            ('➤', '➤'),
            ('►', '►'),
            ('√', '√'),
            ('✓', '✓'),
            ('◇', '◇'),
            ('○', '○'),
            ('□', '□'),
            ('❖', '❖'),
        ],
        marker: |body, _| body.chars().next().map(char::len_utf8),
        makes: Makes::Bullet,
    },
    // `cn_heading_marker`: `cn_numeral ~ ("、" | "．")`, "三、".
    Shape {
        opens: CN_NUMERALS,
        marker: |body, _| {
            let numeral = cn_numeral_len(body);
            let punct = body[numeral..]
                .chars()
                .next()
                .filter(|c| matches!(c, '、' | '．'))?;
            (numeral > 0).then_some(numeral + punct.len_utf8())
        },
        makes: Makes::Heading(2),
    },
    // `cn_heading_marker`: `"第" ~ (cn_numeral | arabic) ~ ("部分" | "章" | "篇")`, "第二章".
    Shape {
        opens: DI,
        marker: |body, _| di_heading_marker(body, &["部分", "章", "篇"]),
        makes: Makes::Heading(1),
    },
    // `cn_heading_marker`: `"第" ~ (cn_numeral | arabic) ~ "节"`, "第五节".
    Shape {
        opens: DI,
        marker: |body, _| di_heading_marker(body, &["节"]),
        makes: Makes::Heading(2),
    },
    // `fence_backtick`: "```".
    Shape {
        opens: &[('`', '`')],
        marker: |body, _| body.starts_with("```").then_some(3),
        makes: Makes::Fence,
    },
    // `fence_tilde`: "~~~".
    Shape {
        opens: &[('~', '~')],
        marker: |body, _| body.starts_with("~~~").then_some(3),
        makes: Makes::Fence,
    },
    // `comment_block`: "<!-- servicelint-disable-next-line phrasing/negative -->".
    Shape {
        opens: &[('<', '<')],
        marker: |body, _| body.starts_with("<!--").then_some(4),
        makes: Makes::Comment,
    },
    // `step_marker`: `arabic ~ ("." ~ ASCII_DIGIT{1, 3})+ ~ (("." | "、" | "．") ~ !ASCII_DIGIT | &ws)`,
    // "2.3.1 ", "1.1、". No other row opens a line with a digit that this one reads.
    Shape {
        opens: DIGITS,
        marker: decimal_marker,
        makes: Makes::Step(|marker| {
            let last = marker
                .trim_end_matches(['.', '、', '．'])
                .rsplit('.')
                .next()
                .unwrap_or("");
            arabic_number(last)
        }),
    },
    // `step_marker`: `"**" ~ ASCII_ALPHA{1, 3} ~ ws* ~ ("–" | "—" | "-") ~ ws* ~ &(… ~ "**")`,
    // "**L – Listen**". No other row reads a line opening with `**` and a letter.
    Shape {
        opens: &[('*', '*')],
        marker: run_in_marker,
        makes: Makes::Step(|_| 0),
    },
];

/// The length of the decimal `step_marker` at the start of `s`.
fn decimal_marker(s: &str, _: &str) -> Option<usize> {
    let mut n = arabic_len(s);
    if n == 0 {
        return None;
    }
    let b = s.as_bytes();
    let mut parts = 0;
    while b.get(n) == Some(&b'.') {
        let d = b[n + 1..]
            .iter()
            .take(3)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if d == 0 {
            break;
        }
        n += 1 + d;
        parts += 1;
    }
    if parts == 0 {
        return None;
    }
    let rest = &s[n..];
    let c = rest.chars().next()?;
    if matches!(c, '.' | '、' | '．') {
        let after = &rest[c.len_utf8()..];
        (!after.starts_with(|d: char| d.is_ascii_digit())).then_some(n + c.len_utf8())
    } else {
        WS.contains(&c).then_some(n)
    }
}

/// The length of the run-in `step_marker` at the start of `s`.
fn run_in_marker(s: &str, _: &str) -> Option<usize> {
    let after = s.strip_prefix("**")?;
    let letters = after
        .bytes()
        .take(3)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 {
        return None;
    }
    let mut n = 2 + letters;
    n += ws_len(&s[n..]);
    let dash = s[n..]
        .chars()
        .next()
        .filter(|c| matches!(c, '–' | '—' | '-'))?;
    n += dash.len_utf8();
    n += ws_len(&s[n..]);
    // `&((!("**" | "\r" | "\n") ~ ANY)+ ~ "**")`: the bold closes later on the line.
    let close = s[n..].find("**")?;
    (close > 0).then_some(n)
}

/// The rows of [`SHAPES`] that can open with `c`, as bits (bit `i` for row `i`).
pub(super) fn opening(c: char) -> u32 {
    let block = c as usize >> 6;
    // Most lines open with a letter or an ideograph in a block of 64 code points that opens no shape.
    let rows = BLOCK_OPENING.get(block).copied().unwrap_or(0);
    if rows == 0 || c.is_ascii() {
        return if c.is_ascii() {
            ASCII_OPENING[c as usize]
        } else {
            0
        };
    }
    let mut exact = 0;
    for (i, shape) in SHAPES.iter().enumerate() {
        if rows & 1 << i != 0 && shape.opens.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) {
            exact |= 1 << i;
        }
    }
    exact
}

/// Per block of 64 code points below U+10000, the rows of [`SHAPES`] that a character in it may
/// open, from the table.
static BLOCK_OPENING: [u32; 1024] = {
    let mut table = [0u32; 1024];
    let mut i = 0;
    while i < SHAPES.len() {
        let mut r = 0;
        while r < SHAPES[i].opens.len() {
            let (lo, hi) = SHAPES[i].opens[r];
            let mut b = lo as usize >> 6;
            while b <= hi as usize >> 6 && b < 1024 {
                table[b] |= 1 << i;
                b += 1;
            }
            r += 1;
        }
        i += 1;
    }
    table
};

/// The first row of [`SHAPES`] (indented by `indent`) that `body` has the shape of, with the
/// length of its marker.
pub(super) fn find(body: &str, indent: &str) -> Option<(Makes, usize)> {
    let mut rows = opening(body.chars().next()?);
    while rows != 0 {
        let shape = &SHAPES[rows.trailing_zeros() as usize];
        rows &= rows - 1;
        if let Some(n) = (shape.marker)(body, indent) {
            return Some((shape.makes, n));
        }
    }
    None
}

/// [`opening`] for the ASCII characters, from the table.
static ASCII_OPENING: [u32; 128] = {
    let mut table = [0u32; 128];
    let mut i = 0;
    while i < SHAPES.len() {
        let mut r = 0;
        while r < SHAPES[i].opens.len() {
            let (lo, hi) = SHAPES[i].opens[r];
            let mut c = lo as u32;
            while c <= hi as u32 && c < 128 {
                table[c as usize] |= 1 << i;
                c += 1;
            }
            r += 1;
        }
        i += 1;
    }
    table
};

/// The grammar's `ws`.
const WS: [char; 3] = [' ', '\t', '\u{3000}'];

/// Whether an indentation is the grammar's `sp3`: up to three spaces and nothing else.
fn is_sp3(indent: &str) -> bool {
    indent.len() <= 3 && indent.bytes().all(|b| b == b' ')
}

/// The length of the grammar's `atx_marker` at the start of `s`: one to six `#` followed by white
/// space or the end of the line.
fn atx_marker(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(|&b| b == b'#').count();
    let after = &s[n..];
    ((1..=6).contains(&n) && (after.is_empty() || after.starts_with(WS))).then_some(n)
}

/// The grammar's `setext_rule` of `c`: the whole line, when it is `sp3`, the marker characters
/// and white space.
fn setext(body: &str, indent: &str, c: char) -> Option<usize> {
    (is_sp3(indent) && body.trim_start_matches(c).trim_start_matches(WS).is_empty())
        .then_some(body.len())
}

/// The length of the `step_marker` `^"step" ~ " "? ~ arabic ~ (":" | "：" | "." | ")" | &ws)` at
/// the start of `s`.
fn step_word_marker(s: &str, _: &str) -> Option<usize> {
    if !s.as_bytes().get(..4)?.eq_ignore_ascii_case(b"step") {
        return None;
    }
    let mut n = 4;
    if s[n..].starts_with(' ') {
        n += 1;
    }
    let digits = arabic_len(&s[n..]);
    if digits == 0 {
        return None;
    }
    n += digits;
    match s[n..].chars().next()? {
        c @ (':' | '：' | '.' | ')') => Some(n + c.len_utf8()),
        ' ' | '\t' | '\u{3000}' => Some(n),
        _ => None,
    }
}

/// The length of the `cn_heading_marker` `"第" ~ (cn_numeral | arabic) ~ word` at the start of
/// `s`, for one of `words`.
fn di_heading_marker(s: &str, words: &[&str]) -> Option<usize> {
    let after = s.strip_prefix('第')?;
    let numeral = match cn_numeral_len(after) {
        0 => arabic_len(after),
        n => n,
    };
    if numeral == 0 {
        return None;
    }
    let word = words.iter().find(|w| after[numeral..].starts_with(**w))?;
    Some('第'.len_utf8() + numeral + word.len())
}

/// The length of the grammar's `arabic` at the start of `s`: up to three ASCII or full-width digits.
pub(super) fn arabic_len(s: &str) -> usize {
    s.chars()
        .take(3)
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(char::len_utf8)
        .sum()
}

/// The length of the grammar's `cn_numeral` at the start of `s`: up to three of 零〇一二两三四五六七八九十.
fn cn_numeral_len(s: &str) -> usize {
    s.chars()
        .take(3)
        .take_while(|&c| zh_digit(c).is_some() || c == '十')
        .map(char::len_utf8)
        .sum()
}

/// The number the ASCII and full-width digits of a marker spell ("（１２）" → 12).
fn arabic_number(marker: &str) -> u32 {
    let digits: String = marker
        .chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    fullwidth_number(&digits).map_or(0, |n| n as u32)
}

/// The ordinal of the step whose line, from its marker on, is `body` (the grammar's `step_marker`
/// read by pest): its row's number, 0 where no step row matches.
pub(super) fn step_ordinal(body: &str) -> u32 {
    match find(body, "") {
        Some((Makes::Step(number), n)) => number(&body[..n]),
        _ => 0,
    }
}

/// The level of the Chinese outline heading whose line, from its marker on, is `body`.
pub(super) fn cn_heading_level(body: &str) -> u8 {
    match find(body, "") {
        Some((Makes::Heading(level), _)) => level,
        _ => 2,
    }
}

/// The markers of the steps after step `n` written on the same line as it (`1. 倾听 2. 复述 3. 道歉`):
/// `n + 1`, `n + 2`, … in the style of the first marker (`2.`, `2、`, `(2)`, `（2）`), each after white
/// space or a sentence mark and, for `.`, before no digit. Empty unless the next step is there.
pub(super) fn inline_steps(
    text: &str,
    marker: crate::span::Span,
    content: crate::span::Span,
    n: u32,
) -> Vec<crate::span::Span> {
    let first = marker.text(text);
    let style = |k: u32| -> Option<String> {
        if first.starts_with('(') {
            Some(format!("({k})"))
        } else if first.starts_with('（') {
            Some(format!("（{k}）"))
        } else {
            let last = first.chars().last()?;
            let digits = first[..first.len() - last.len_utf8()]
                .bytes()
                .all(|b| b.is_ascii_digit());
            (digits && matches!(last, '.' | '、' | ')')).then(|| format!("{k}{last}"))
        }
    };
    let mut found = Vec::new();
    let mut from = content.start;
    let mut k = n + 1;
    while let Some(needle) = style(k) {
        let hay = &text[from..content.end];
        let hit = hay.match_indices(needle.as_str()).find(|&(i, _)| {
            let at = from + i;
            let before = text[..at].chars().next_back();
            let after = text[at + needle.len()..content.end].chars().next();
            at > content.start
                && before.is_some_and(|c| c.is_whitespace() || "。；;，,！!？?".contains(c))
                && !(needle.ends_with('.') && after.is_some_and(|c| c.is_ascii_digit()))
                && after.is_some()
        });
        let Some((i, _)) = hit else { break };
        let at = from + i;
        found.push(crate::span::Span::new(at, at + needle.len()));
        from = at + needle.len();
        k += 1;
    }
    found
}

/// Info strings of a fence that may hold prose (a copy-paste box of 话术): none, or a text one.
const PROSE_INFO: &[&str] = &["", "text", "txt", "plain", "plaintext", "markdown", "md"];

/// Whether the opening line of a fence (its marker and info string) may open a chat export's
/// columns: an info string that [`prose_fence`] takes, or `tsv`.
pub(super) fn transcript_info(first: &str) -> bool {
    let first = first.trim_matches(WS);
    let info = first
        .strip_prefix("```")
        .or_else(|| first.strip_prefix("~~~"))
        .unwrap_or(first)
        .trim_matches(WS);
    info.eq_ignore_ascii_case("tsv") || PROSE_INFO.iter().any(|p| p.eq_ignore_ascii_case(info))
}

/// Whether a fence (its whole text, from the opening marker's line to the closing one or the end
/// of the text) holds prose to lint rather than code: its info string is empty or a text one
/// ([`PROSE_INFO`]), it is closed, its lines hold no tab (data columns) and no code syntax, at least
/// 60 % of its visible characters are letters or ideographs, and it has a sentence (an ideograph, or
/// a letter before `.`, `!` or `?` and a space or the line's end).
pub(super) fn prose_fence(raw: &str) -> bool {
    // Lines as the grammar's `nl` ends them (a CRLF gives an empty line between, which is blank).
    let mut lines = raw.split(['\n', '\r']);
    let Some(first) = lines.next() else {
        return false;
    };
    let first = first.trim_start_matches(WS);
    let marker = if first.starts_with("```") {
        "```"
    } else {
        "~~~"
    };
    let info = first[marker.len()..].trim_matches(WS);
    if !PROSE_INFO.iter().any(|p| p.eq_ignore_ascii_case(info)) {
        return false;
    }
    let (mut letters, mut visible, mut sentence, mut closed) = (0usize, 0usize, false, false);
    for line in lines {
        let body = line.trim_matches(WS);
        if body.starts_with(marker) {
            closed = true;
            break;
        }
        if line.contains('\t') || looks_like_code(body) {
            return false;
        }
        let mut prev = ' ';
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_whitespace() {
                prev = c;
                continue;
            }
            visible += 1;
            if c.is_alphabetic() {
                letters += 1;
            }
            if ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || (matches!(c, '.' | '!' | '?')
                    && prev.is_alphabetic()
                    && chars.peek().is_none_or(|n| n.is_whitespace()))
            {
                sentence = true;
            }
            prev = c;
        }
    }
    closed && sentence && visible > 0 && letters * 10 >= visible * 6
}

/// Whether a line of a fence (trimmed) reads as code: it ends with `;`, `{` or `}`, opens like a
/// statement, a shell prompt, a comment or a tag, or holds an operator.
fn looks_like_code(line: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "$ ",
        "#include",
        "#!",
        "//",
        "/*",
        "<?",
        "import ",
        "from ",
        "def ",
        "class ",
        "function ",
        "fn ",
        "const ",
        "let ",
        "var ",
        "pub ",
        "return ",
        "if (",
        "for (",
        "SELECT ",
        "select ",
        "{\"",
        "[{",
        ">>> ",
    ];
    const INSIDE: &[&str] = &[
        "=>", "==", "!=", ":=", "();", "</", "/>", "->", "&&", "||", "::",
    ];
    line.ends_with([';', '{', '}'])
        || OPENINGS.iter().any(|o| line.starts_with(o))
        || INSIDE.iter().any(|i| line.contains(i))
        || (line.starts_with('<') && line[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// The length of the leading white space of the grammar's `indent` and `ws`: spaces, tabs, U+3000.
pub(super) fn ws_len(s: &str) -> usize {
    indent(s).0
}

/// The length of the leading white space of `s` (as [`ws_len`]) and its width in columns (as
/// [`Builder::indent_at`]: a tab counts 4, U+3000 2), read a byte at a time.
pub(super) fn indent(s: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    let (mut len, mut width) = (0, 0);
    loop {
        match bytes.get(len) {
            Some(b' ') => (len, width) = (len + 1, width + 1),
            Some(b'\t') => (len, width) = (len + 1, width + 4),
            // U+3000 is E3 80 80.
            Some(0xE3) if bytes.get(len + 1..len + 3) == Some(&[0x80, 0x80]) => {
                (len, width) = (len + 3, width + 2)
            }
            _ => return (len, width),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::{ParseOptions, parse, parse_with_grammar};
    use super::*;
    use crate::model::BlockKind;

    /// One line per row of [`SHAPES`], in its order: the text, the row its first line is read
    /// by, the block its last block is (`None`: an underline alone makes no block) and that
    /// block's marker.
    pub(in crate::parse) const STYLES: &[(&str, usize, Option<BlockKind>, &str)] = &[
        (
            "## 投诉处理",
            0,
            Some(BlockKind::Heading { level: 2 }),
            "##",
        ),
        (
            "| a | b |",
            1,
            Some(BlockKind::TableRow { table: 0, row: 0 }),
            "",
        ),
        ("12. 问候", 2, Some(BlockKind::Step { ordinal: 12 }), "12."),
        (
            "１０．问候",
            2,
            Some(BlockKind::Step { ordinal: 10 }),
            "１０．",
        ),
        ("2) 问候", 2, Some(BlockKind::Step { ordinal: 2 }), "2)"),
        ("3、问候", 3, Some(BlockKind::Step { ordinal: 3 }), "3、"),
        ("(4) 问候", 4, Some(BlockKind::Step { ordinal: 4 }), "(4)"),
        (
            "（５）问候",
            4,
            Some(BlockKind::Step { ordinal: 5 }),
            "（５）",
        ),
        ("⑥ 问候", 5, Some(BlockKind::Step { ordinal: 6 }), "⑥"),
        ("⑳问候", 5, Some(BlockKind::Step { ordinal: 20 }), "⑳"),
        (
            "Step 7: greet",
            6,
            Some(BlockKind::Step { ordinal: 7 }),
            "Step 7:",
        ),
        (
            "step8 greet",
            6,
            Some(BlockKind::Step { ordinal: 8 }),
            "step8",
        ),
        (
            "第8步 问候",
            7,
            Some(BlockKind::Step { ordinal: 8 }),
            "第8步",
        ),
        (
            "第十二步：问候",
            7,
            Some(BlockKind::Step { ordinal: 12 }),
            "第十二步：",
        ),
        ("=====", 8, None, ""),
        ("-----", 9, None, ""),
        ("- 问候", 10, Some(BlockKind::Bullet), "-"),
        ("+ 问候", 10, Some(BlockKind::Bullet), "+"),
        ("• 问候", 11, Some(BlockKind::Bullet), "•"),
        (
            "三、时间标准",
            12,
            Some(BlockKind::Heading { level: 2 }),
            "三、",
        ),
        (
            "第二章 投诉",
            13,
            Some(BlockKind::Heading { level: 1 }),
            "第二章",
        ),
        (
            "第3部分 投诉",
            13,
            Some(BlockKind::Heading { level: 1 }),
            "第3部分",
        ),
        (
            "第五节 投诉",
            14,
            Some(BlockKind::Heading { level: 2 }),
            "第五节",
        ),
        ("```sh\n客服：不知道\n```", 15, Some(BlockKind::Fence), ""),
        ("~~~\ncode\n~~~", 16, Some(BlockKind::Fence), ""),
        ("<!-- note -->", 17, Some(BlockKind::Comment), ""),
        (
            "1.1 倾听顾客",
            18,
            Some(BlockKind::Step { ordinal: 1 }),
            "1.1",
        ),
        (
            "2.3.4、道歉",
            18,
            Some(BlockKind::Step { ordinal: 4 }),
            "2.3.4、",
        ),
        (
            "**L – Listen** to the guest",
            19,
            Some(BlockKind::Step { ordinal: 0 }),
            "**L – ",
        ),
        ("Ø 问候", 11, Some(BlockKind::Bullet), "Ø"),
        ("➢问候", 11, Some(BlockKind::Bullet), "➢"),
        ("√ 问候", 11, Some(BlockKind::Bullet), "√"),
    ];

    #[test]
    fn every_style_reads_as_its_row_and_as_the_grammar() {
        for &(text, row, kind, marker) in STYLES {
            let first = text.lines().next().unwrap_or("");
            let rows = opening(first.chars().next().unwrap_or(' '));
            let read_by = (0..SHAPES.len())
                .filter(|&i| rows & 1 << i != 0)
                .find(|&i| (SHAPES[i].marker)(first, "").is_some());
            assert_eq!(read_by, Some(row), "{text:?}");
            let options = ParseOptions::default();
            let doc = parse(text.to_string(), &options);
            let block = doc.blocks.last();
            assert_eq!(block.map(|b| b.kind), kind, "{text:?}");
            if let Some(block) = block {
                assert_eq!(doc.slice(block.marker), marker, "{text:?}");
            }
            let grammar = parse_with_grammar(text.to_string(), &options);
            assert_eq!(format!("{doc:#?}"), format!("{grammar:#?}"), "{text:?}");
        }
    }

    #[test]
    fn every_row_has_a_style_line() {
        for row in 0..SHAPES.len() {
            assert!(
                STYLES.iter().any(|s| s.1 == row),
                "row {row} of SHAPES has no line in STYLES"
            );
        }
    }

    #[test]
    fn opening_is_the_rows_first_characters() {
        for c in ('\0'..='\u{FFFF}').chain('\u{10000}'..='\u{10FFF}') {
            let expected = (0..SHAPES.len())
                .filter(|&i| {
                    SHAPES[i]
                        .opens
                        .iter()
                        .any(|&(lo, hi)| (lo..=hi).contains(&c))
                })
                .fold(0, |rows, i| rows | 1 << i);
            assert_eq!(opening(c), expected, "{c:?}");
        }
    }
}
