//! Builds a [`TimeExpr`] from a parsed `time_expr`, applying the context checks a grammar cannot see.

use pest::iterators::Pair;

use super::grammar::Rule;
use super::unit::{Pre, UnitKind};
use super::{Bound, TimeExpr, TimeUnit, is_fullwidth_digit, is_inline_ws, quick};
use crate::span::Span;

/// How the number of a part was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AmountKind {
    Ascii,
    FullWidth,
    Zh,
    En,
    Article,
    Half,
    PlusHalf,
    /// x, X, N, n, ×: a one-letter-ish placeholder that must sit right before its unit.
    PlaceholderLetter,
    /// 某: only with short units or a bound.
    PlaceholderMou,
    /// __, ○○, [NUMBER], {n}, <N>, 【数字】.
    PlaceholderOther,
}

impl AmountKind {
    fn is_placeholder(self) -> bool {
        matches!(
            self,
            Self::PlaceholderLetter | Self::PlaceholderMou | Self::PlaceholderOther
        )
    }

    fn is_digits(self) -> bool {
        matches!(self, Self::Ascii | Self::FullWidth)
    }
}

#[derive(Clone, Copy, Debug)]
struct Amount {
    span: Span,
    kind: AmountKind,
    /// `(low, high)`; `None` for a placeholder.
    value: Option<(f64, f64)>,
}

#[derive(Clone, Copy, Debug)]
struct UnitRef {
    kind: UnitKind,
    span: Span,
    text_is_s: bool,
    text_is_h: bool,
    is_ascii: bool,
}

#[derive(Clone, Copy, Debug)]
struct Part {
    amount: Amount,
    unit: UnitRef,
    half: bool,
    end: usize,
}

/// The parts of a compound: the lead and any after it, kept without an allocation for the one
/// part nearly every expression has.
struct Parts {
    lead: Part,
    more: Vec<Part>,
}

impl Parts {
    fn first(&self) -> Option<&Part> {
        Some(&self.lead)
    }

    fn last(&self) -> Option<&Part> {
        Some(self.more.last().unwrap_or(&self.lead))
    }

    fn len(&self) -> usize {
        1 + self.more.len()
    }

    fn iter(&self) -> impl Iterator<Item = &Part> {
        std::iter::once(&self.lead).chain(&self.more)
    }
}

enum Shape {
    /// One part, or a compound in falling units ("1小时30分钟").
    Parts(Parts),
    Range {
        /// Where the range starts ("between" included).
        start: usize,
        first: Amount,
        first_unit: Option<UnitRef>,
        second: Amount,
        unit: UnitRef,
        half: bool,
        end: usize,
    },
    /// "[TIME]", "【时间】": a placeholder for the whole duration.
    PlaceholderTime(Span),
}

impl Shape {
    fn start(&self) -> usize {
        match self {
            Shape::Parts(parts) => parts.first().map_or(0, |p| p.amount.span.start),
            Shape::Range { start, .. } => *start,
            Shape::PlaceholderTime(span) => span.start,
        }
    }

    fn end(&self) -> usize {
        match self {
            Shape::Parts(parts) => parts.last().map_or(0, |p| p.end),
            Shape::Range { end, .. } => *end,
            Shape::PlaceholderTime(span) => span.end,
        }
    }
}

/// The text being scanned and the offset of the parsed slice in it.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'t> {
    pub(super) text: &'t str,
    pub(super) base: usize,
}

impl Ctx<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    fn prev_char(&self, pos: usize) -> Option<char> {
        self.text.get(..pos)?.chars().next_back()
    }

    /// The character before `pos`, skipping inline white space.
    fn prev_non_ws(&self, pos: usize) -> Option<char> {
        self.text
            .get(..pos)?
            .chars()
            .rev()
            .find(|c| !is_inline_ws(*c))
    }

    fn next_char(&self, pos: usize) -> Option<char> {
        self.text.get(pos..)?.chars().next()
    }

    fn next_non_ws(&self, pos: usize) -> Option<char> {
        self.text.get(pos..)?.chars().find(|c| !is_inline_ws(*c))
    }

    /// The character two places before `pos`.
    fn prev_prev_char(&self, pos: usize) -> Option<char> {
        let mut it = self.text.get(..pos)?.chars().rev();
        it.next();
        it.next()
    }

    /// Up to `n` characters before `pos`.
    fn before(&self, pos: usize, n: usize) -> &str {
        let head = self.text.get(..pos).unwrap_or("");
        let start = head
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        &head[start..]
    }

    /// Up to `n` characters after `pos`.
    fn after(&self, pos: usize, n: usize) -> &str {
        let tail = self.text.get(pos..).unwrap_or("");
        let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
        &tail[..end]
    }

    /// The English word before `pos` (skipping white space), lower-cased.
    fn prev_word(&self, pos: usize) -> String {
        let head = self.text.get(..pos).unwrap_or("").trim_end();
        let word_start = head
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphabetic())
            .last()
            .map_or(head.len(), |(i, _)| i);
        head[word_start..].to_ascii_lowercase()
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_digit_any(c: char) -> bool {
    c.is_ascii_digit() || is_fullwidth_digit(c)
}

/// Builds the expression parsed from `ctx.base` (a `time_expr`, `bounded_expr` or `plain_expr`).
pub(super) fn build(ctx: Ctx<'_>, pair: Pair<'_, Rule>) -> Option<TimeExpr> {
    let pair = if pair.as_rule() == Rule::time_expr {
        pair.into_inner().next()?
    } else {
        pair
    };
    let mut pre = None;
    let mut post = None;
    let mut body = None;
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::quantity | Rule::same_day => body = Some(child),
            // `pre_bound` and `post_bound` are silent: their alternatives are the children.
            rule => {
                if let Some(p) = pre_of(rule) {
                    pre = Some((p, ctx.span(&child)));
                } else if let Some(b) = post_of(rule) {
                    post = Some((b, ctx.span(&child)));
                }
            }
        }
    }
    let body = body?;
    if body.as_rule() == Rule::same_day {
        return build_same_day(ctx, pre, post, body);
    }
    if matches!(pre, Some((Pre::By, _))) {
        // "by 24 hours" is no shape we read.
        return None;
    }
    build_duration(ctx, pre, post, body)
}

/// The bound a `pre_bound` alternative or `pre_by` gives.
fn pre_of(rule: Rule) -> Option<Pre> {
    Some(match rule {
        Rule::pre_by => Pre::By,
        Rule::pre_lower => Pre::Lower,
        Rule::pre_within => Pre::Bound(Bound::Within),
        Rule::pre_at_most => Pre::Bound(Bound::AtMost),
        Rule::pre_less => Pre::Bound(Bound::LessThan),
        Rule::pre_zai => Pre::Zai,
        _ => return None,
    })
}

/// The bound a `post_bound` alternative gives.
fn post_of(rule: Rule) -> Option<Bound> {
    Some(match rule {
        Rule::post_within => Bound::Within,
        Rule::post_at_most => Bound::AtMost,
        _ => return None,
    })
}

/// Resolves the bound, the span start, and whether the post bound stays in the span.
fn resolve_bounds(
    pre: Option<(Pre, Span)>,
    post: Option<(Bound, Span)>,
    quantity_start: usize,
) -> (Option<Bound>, usize, bool) {
    match pre {
        Some((Pre::Bound(b), span)) => (Some(b), span.start, true),
        Some((Pre::By, span)) => (Some(Bound::Within), span.start, true),
        Some((Pre::Zai, span)) => match post {
            Some((b, _)) => (Some(b), span.start, true),
            None => (None, quantity_start, false),
        },
        Some((Pre::Lower, _)) => (None, quantity_start, false),
        None => (post.map(|(b, _)| b), quantity_start, true),
    }
}

fn build_duration(
    ctx: Ctx<'_>,
    pre: Option<(Pre, Span)>,
    post: Option<(Bound, Span)>,
    quantity: Pair<'_, Rule>,
) -> Option<TimeExpr> {
    let (shape, truncated) = read_quantity(ctx, quantity, true)?;
    duration_of_shape(ctx, pre, post, shape, truncated)
}

/// Builds the expression the quick reader of `quick.rs` read at `ctx.base`: the same steps as
/// for the grammar's `bounded_expr` or `plain_expr` with one digit number and its unit.
pub(super) fn build_quick(ctx: Ctx<'_>, read: &quick::Reading) -> Option<TimeExpr> {
    let at = |span: Span| Span::new(ctx.base + span.start, ctx.base + span.end);
    let number = at(read.number);
    let number_text = ctx.text.get(number.start..number.end)?;
    let (kind, (low, high)) = number_value(Rule::number_ascii, number_text)?;
    let (unit_kind, unit_span) = read.unit;
    let unit_span = at(unit_span);
    let unit_text = ctx.text.get(unit_span.start..unit_span.end)?;
    let lead = Part {
        amount: Amount {
            span: number,
            kind,
            value: Some((low, high)),
        },
        unit: unit_ref(unit_kind, unit_span, unit_text),
        half: false,
        end: unit_span.end,
    };
    let (parts, truncated) = read_compound(ctx, lead, std::iter::empty::<Pair<'_, Rule>>(), true)?;
    let pre = read.pre.map(|(p, span)| (p, at(span)));
    let post = read.post.map(|(b, span)| (b, at(span)));
    duration_of_shape(ctx, pre, post, Shape::Parts(parts), truncated)
}

/// The checks and values of a duration read from the text, with its bounds.
fn duration_of_shape(
    ctx: Ctx<'_>,
    pre: Option<(Pre, Span)>,
    mut post: Option<(Bound, Span)>,
    shape: Shape,
    truncated: bool,
) -> Option<TimeExpr> {
    if truncated {
        // The post bound sat after parts we dropped.
        post = None;
    }
    let (bound, start, keep_post) = resolve_bounds(pre, post, shape.start());
    let end = match post {
        Some((_, span)) if keep_post => span.end,
        _ => shape.end(),
    };
    if !shape_fits_context(ctx, &shape, bound) || is_rate(ctx, shape.end()) {
        return None;
    }
    finish(shape, bound, Span::new(start, end))
}

/// Reads a `quantity` pair; the flag says whether a compound was cut short. With `in_text`
/// false (config values) spacing is free and a misfit is an error instead of a cut.
fn read_quantity(ctx: Ctx<'_>, pair: Pair<'_, Rule>, in_text: bool) -> Option<(Shape, bool)> {
    let quantity_span = ctx.span(&pair);
    let mut children = pair.into_inner();
    let first = children.next()?;
    match first.as_rule() {
        Rule::between_range => {
            read_range(ctx, ctx.span(&first), first.into_inner()).map(|s| (s, false))
        }
        Rule::placeholder_time => Some((Shape::PlaceholderTime(ctx.span(&first)), false)),
        Rule::lead => match children.next() {
            Some(tail) if tail.as_rule() == Rule::range_tail => read_range(
                ctx,
                quantity_span,
                first.into_inner().chain(tail.into_inner()),
            )
            .map(|s| (s, false)),
            // A `compound_tail`, or no tail when nothing can continue the lead.
            tail => {
                let lead = read_part(ctx, first)?;
                let rest = tail
                    .into_iter()
                    .flat_map(Pair::into_inner)
                    .filter(|p| p.as_rule() == Rule::part);
                read_compound(ctx, lead, rest, in_text)
                    .map(|(parts, cut)| (Shape::Parts(parts), cut))
            }
        },
        _ => None,
    }
}

/// Reads the parts of a compound after its `lead`, keeping the longest prefix whose units fall
/// and fit. With `in_text` false (config values) a misfit is an error instead of a cut.
fn read_compound<'i>(
    ctx: Ctx<'_>,
    lead: Part,
    rest: impl Iterator<Item = Pair<'i, Rule>>,
    in_text: bool,
) -> Option<(Parts, bool)> {
    if !amount_fits_unit(&lead.amount, &lead.unit, in_text) {
        return None;
    }
    let mut parts = Parts {
        lead,
        more: Vec::new(),
    };
    for child in rest {
        let part = read_part(ctx, child)?;
        if !amount_fits_unit(&part.amount, &part.unit, in_text) {
            return in_text.then_some((parts, true));
        }
        if let Some(prev) = parts.last()
            && !follows(prev, &part)
        {
            if round_the_clock(prev, &part) || !in_text {
                // "7天24小时", "365天24小时": service hours, not a duration.
                return None;
            }
            return Some((parts, true));
        }
        parts.more.push(part);
    }
    Some((parts, false))
}

/// Whether `next` can continue a compound after `prev` ("1小时" then "30分钟", not "7天24小时").
fn follows(prev: &Part, next: &Part) -> bool {
    let (a, b) = (prev.unit.kind, next.unit.kind);
    let below_one = next
        .amount
        .value
        .is_none_or(|(_, high)| high * b.factor() < a.factor());
    below_one
        && a.family() == TimeUnit::Seconds
        && b.family() == TimeUnit::Seconds
        && !matches!(a, UnitKind::Generic | UnitKind::MonthBare)
        && !matches!(b, UnitKind::Generic | UnitKind::MonthBare)
        && b.factor() < a.factor()
        && !prev.half
        && !matches!(
            next.amount.kind,
            AmountKind::Article | AmountKind::Half | AmountKind::PlusHalf
        )
}

/// Whether `next` is exactly one `prev` unit ("7天" then "24小时"): a "7×24" service-hours phrase.
fn round_the_clock(prev: &Part, next: &Part) -> bool {
    next.amount
        .value
        .is_some_and(|(low, _)| low * next.unit.kind.factor() == prev.unit.kind.factor())
}

/// Reads a `part` or a `lead` (which must have its unit here).
fn read_part(ctx: Ctx<'_>, pair: Pair<'_, Rule>) -> Option<Part> {
    let end = ctx.span(&pair).end;
    let mut amount = None;
    let mut unit = None;
    let mut half = false;
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::amount => amount = Some(read_amount(ctx, child)?),
            Rule::half_suffix => half = true,
            // `unit` is silent: its alternative, a `unit_*` rule, is the child.
            rule => {
                if let Some(kind) = UnitKind::from_rule(rule) {
                    unit = Some(read_unit(ctx, child, kind));
                }
            }
        }
    }
    Some(Part {
        amount: amount?,
        unit: unit?,
        half,
        end,
    })
}

/// Reads a `unit_*` pair of the given kind.
fn read_unit(ctx: Ctx<'_>, pair: Pair<'_, Rule>, kind: UnitKind) -> UnitRef {
    unit_ref(kind, ctx.span(&pair), pair.as_str())
}

/// A unit of the given kind written `text` at `span`.
fn unit_ref(kind: UnitKind, span: Span, text: &str) -> UnitRef {
    UnitRef {
        kind,
        span,
        text_is_s: text == "s",
        text_is_h: text.eq_ignore_ascii_case("h"),
        is_ascii: text.is_ascii(),
    }
}

fn read_amount(ctx: Ctx<'_>, pair: Pair<'_, Rule>) -> Option<Amount> {
    let span = ctx.span(&pair);
    let mut children = pair.into_inner();
    let inner = children.next()?;
    let plus_half = children
        .next()
        .is_some_and(|p| p.as_rule() == Rule::plus_half);
    let (kind, value) = match inner.as_rule() {
        Rule::half => (AmountKind::Half, Some((0.5, 0.5))),
        Rule::placeholder_number => {
            let text = inner.as_str();
            let kind = if text.starts_with('某') {
                AmountKind::PlaceholderMou
            } else if text
                .chars()
                .all(|c| matches!(c, 'x' | 'X' | '×' | 'ｘ' | 'Ｘ' | 'N' | 'n'))
            {
                AmountKind::PlaceholderLetter
            } else {
                AmountKind::PlaceholderOther
            };
            (kind, None)
        }
        // `number` is silent: its alternative is the child.
        rule => {
            let (kind, (low, high)) = number_value(rule, inner.as_str())?;
            if plus_half {
                (AmountKind::PlusHalf, Some((low + 0.5, high + 0.5)))
            } else {
                (kind, Some((low, high)))
            }
        }
    };
    Some(Amount { span, kind, value })
}

/// Reads a `number` alternative (`number_ascii` … `article`) that matched `text`: the kind of
/// number and its `(low, high)` value.
fn number_value(rule: Rule, text: &str) -> Option<(AmountKind, (f64, f64))> {
    let (kind, value) = match rule {
        Rule::number_ascii => {
            // More than six integer digits is an ID, a phone or an order number, not a duration.
            if text.split('.').next().is_some_and(|int| int.len() > 6) {
                return None;
            }
            let v: f64 = text.parse().ok()?;
            (AmountKind::Ascii, (v, v))
        }
        Rule::number_fullwidth => {
            let int_digits = text.chars().take_while(|c| *c != '．' && *c != '.').count();
            if int_digits > 6 {
                return None;
            }
            let v = crate::lexicon::fullwidth_number(text)?;
            (AmountKind::FullWidth, (v, v))
        }
        Rule::number_zh => (AmountKind::Zh, crate::lexicon::zh_numeral(text)?),
        Rule::number_en => {
            let v = crate::lexicon::english_number(text)?;
            (AmountKind::En, (v, v))
        }
        Rule::article => (AmountKind::Article, (1.0, 1.0)),
        _ => return None,
    };
    (value.0.is_finite() && value.1.is_finite()).then_some((kind, value))
}

/// Whether a number written this way can take this unit: "s" and "h" only after digits, a bare
/// 月 only after a half ("半月", "一个半月"), the generic 时间 only after a placeholder.
fn kind_fits_unit(kind: AmountKind, unit: &UnitRef) -> bool {
    if (unit.text_is_s || unit.text_is_h) && !kind.is_digits() {
        return false;
    }
    match unit.kind {
        UnitKind::MonthBare => matches!(kind, AmountKind::Half | AmountKind::PlusHalf),
        UnitKind::Generic => kind.is_placeholder(),
        _ => true,
    }
}

/// [`kind_fits_unit`] plus spacing: "10s" but not "5 s" or "the 1990s"; a one-letter placeholder
/// right before its unit ("N rings", not "N   rings"). In config values spacing is free.
fn amount_fits_unit(amount: &Amount, unit: &UnitRef, in_text: bool) -> bool {
    if !kind_fits_unit(amount.kind, unit) {
        return false;
    }
    if !in_text {
        return true;
    }
    let gap = unit.span.start.saturating_sub(amount.span.end);
    if unit.text_is_s && (gap > 0 || (amount.kind == AmountKind::Ascii && amount.span.len() == 4)) {
        return false;
    }
    !(amount.kind == AmountKind::PlaceholderLetter && gap > 1)
}

/// Reads a range from the children of a `between_range`, or of a `lead` and its `range_tail`.
fn read_range<'i>(
    ctx: Ctx<'_>,
    Span { start, end }: Span,
    children: impl Iterator<Item = Pair<'i, Rule>>,
) -> Option<Shape> {
    let mut amounts = Vec::with_capacity(2);
    let mut units = Vec::with_capacity(2);
    let mut half = false;
    for child in children {
        match child.as_rule() {
            Rule::amount => amounts.push(read_amount(ctx, child)?),
            // "一天半到两天" is no range we read; a half after the second unit counts.
            Rule::half_suffix if amounts.len() < 2 => return None,
            Rule::half_suffix => half = true,
            rule => {
                if let Some(kind) = UnitKind::from_rule(rule) {
                    units.push((amounts.len(), read_unit(ctx, child, kind)));
                }
            }
        }
    }
    let (first, second) = (*amounts.first()?, *amounts.get(1)?);
    let (unit_after, unit) = *units.last()?;
    if unit_after != 2 {
        return None;
    }
    let first_unit = units
        .first()
        .filter(|(after, _)| *after == 1)
        .map(|(_, u)| *u);
    if let Some(fu) = first_unit
        && (fu.kind.family() != unit.kind.family() || !amount_fits_unit(&first, &fu, true))
    {
        return None;
    }
    if !amount_fits_unit(&second, &unit, true) || !kind_fits_unit(first.kind, &unit) {
        return None;
    }
    // "a to b hours" and "半到一小时" are not ranges we read.
    if matches!(first.kind, AmountKind::Article | AmountKind::Half)
        || matches!(second.kind, AmountKind::Article)
    {
        return None;
    }
    Some(Shape::Range {
        start,
        first,
        first_unit,
        second,
        unit,
        half,
        end,
    })
}

/// Characters before a score: 打5分, 得分, 扣3分, 满分.
const SCORE_BEFORE: &str = "打得扣加满评给减计分总均";
/// Characters before a count of calls rather than rings: 说一声, 喊一声.
const SPEECH_BEFORE: &str = "说叫喊应吭哼问讲道笑叹咳吼骂告吱呼";
/// Currency signs: ¥30 is a price.
const CURRENCY: &str = "¥￥$€£";

/// Whether the first number reads as a number here: not part of a version, a clock time, a
/// date, a phone number, a price, an ordinal or a product code.
fn number_in_context(ctx: Ctx<'_>, amount: &Amount, unit: UnitKind) -> bool {
    let start = amount.span.start;
    let prev = ctx.prev_char(start);
    let prev2 = ctx.prev_prev_char(start);
    let after_digit = prev2.is_some_and(is_digit_any);
    if amount.kind.is_digits() {
        if let Some(p) = prev {
            // v2.1, P0, abc123, 1.2.3
            if p.is_ascii_alphanumeric() || p == '_' || is_digit_any(p) {
                return false;
            }
            // 17:30 (but not "P1：30分钟"), 1.2.3, 400-123-4567, 7x24, 3*5
            if matches!(p, ':' | '：') && after_digit && is_clock_hour(ctx, start) {
                return false;
            }
            if matches!(p, '.' | '．' | '-' | '－' | 'x' | 'X' | '×' | '*') && after_digit {
                return false;
            }
            if matches!(p, '/' | '／' | '#' | '№' | '+' | '第') {
                return false;
            }
            // "7天24小时" (service hours): the 24 after a day count.
            if matches!(p, '天' | '日') && after_digit {
                return false;
            }
        }
        // 17:30 and 5/1 seen from the first number.
        let after = ctx.after(amount.span.end, 2);
        let mut it = after.chars();
        if let (Some(a), Some(b)) = (it.next(), it.next())
            && matches!(a, ':' | '：' | '/' | '／')
            && is_digit_any(b)
        {
            return false;
        }
        if ctx.prev_non_ws(start).is_some_and(|c| CURRENCY.contains(c)) {
            return false;
        }
    }
    if amount.kind == AmountKind::Zh && matches!(prev, Some('第' | '初' | '周' | '星' | '礼'))
    {
        return false;
    }
    // 3月5日 and 2024年5月1日 are dates.
    if unit == UnitKind::Day
        && ctx
            .prev_non_ws(start)
            .is_some_and(|c| matches!(c, '月' | '年' | '号'))
    {
        return false;
    }
    true
}

/// Whether the digits before the colon in front of `start` are a bare hour ("17:" but not "P1：").
fn is_clock_hour(ctx: Ctx<'_>, start: usize) -> bool {
    let head = ctx.text.get(..start).unwrap_or("");
    let mut chars = head.chars().rev();
    chars.next(); // the colon
    let mut digits = 0;
    for c in chars {
        if is_digit_any(c) {
            digits += 1;
        } else {
            return digits <= 2 && !c.is_ascii_alphabetic();
        }
    }
    digits <= 2
}

/// Context checks on the first part of an expression: scores, "说一声", "一下", articles.
fn unit_in_context(
    ctx: Ctx<'_>,
    amount: &Amount,
    unit: &UnitRef,
    high: Option<f64>,
    bound: Option<Bound>,
    expr_end: usize,
    single: bool,
) -> bool {
    let start = amount.span.start;
    match unit.kind {
        UnitKind::MinuteBare => {
            // "5分内回复" is minutes; "100分", "打5分", "十分感谢", "五分熟" are not.
            if bound.is_some() {
                return true;
            }
            if ctx
                .prev_non_ws(start)
                .is_some_and(|c| SCORE_BEFORE.contains(c))
            {
                return false;
            }
            if !(amount.kind.is_digits() || amount.kind.is_placeholder()) {
                return false;
            }
            if high.is_some_and(|h| h > 59.0 * 60.0) {
                return false;
            }
            !(single && ctx.next_char(expr_end).is_some_and(is_han))
        }
        UnitKind::Ring if !unit.is_ascii => {
            // 声/响 count rings only near a phone, with a bound, a placeholder or digits.
            if bound.is_some() || amount.kind.is_placeholder() || ring_nearby(ctx, start, expr_end)
            {
                return true;
            }
            amount.kind.is_digits()
                && !ctx
                    .prev_non_ws(start)
                    .is_some_and(|c| SPEECH_BEFORE.contains(c))
        }
        UnitKind::RingXia => ctx.before(start, 10).contains(['铃', '响']),
        // "iPhone 6s", "iPad 2s": a model name, not seconds.
        UnitKind::Second if unit.text_is_s && bound.is_none() => !after_model_name(ctx, start),
        UnitKind::Generic => amount.kind.is_placeholder() && bound.is_some(),
        _ => true,
    }
}

/// The units after a slash or "a"/"per"/… that make a rate.
const RATE_UNITS: [&str; 14] = [
    "day", "week", "wk", "month", "year", "hour", "hr", "shift", "天", "日", "周", "月", "年",
    "小时",
];

/// Whether a "per unit" follows at `end`: "7 days/week", "7 days a week" and "24小时/天" are
/// rates, not standards. [`is_rate_lowering`] without a lower-cased copy: the words compared
/// are ASCII or Chinese, so comparing ASCII case-insensitively finds the same (see the test).
fn is_rate(ctx: Ctx<'_>, end: usize) -> bool {
    // A rate goes on with a slash, or with a word "a", "an", "per", "every" or "each" after
    // any white space: most expressions do neither, and need no window read.
    let tail = ctx.text.get(end..).unwrap_or("");
    if !tail.starts_with(['/', '／'])
        && !tail
            .trim_start()
            .starts_with(['a', 'A', 'p', 'P', 'e', 'E'])
    {
        return false;
    }
    let unit_follows = |rest: &str| {
        RATE_UNITS.iter().any(|w| {
            rest.len() >= w.len() && rest.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
        })
    };
    let after = ctx.after(end, 8);
    match after.strip_prefix(['/', '／']) {
        Some(rest) => unit_follows(rest.trim_start()),
        None => {
            // "7 days a week", "2 hours per day".
            let words = ctx.after(end, 16).trim_start();
            ["a ", "an ", "per ", "every ", "each "].iter().any(|w| {
                words.len() >= w.len()
                    && words.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes())
                    && unit_follows(words[w.len()..].trim_start())
            })
        }
    }
}

/// [`is_rate`] as it was first written, lower-casing a copy: the reference a test checks it
/// against.
#[cfg(test)]
fn is_rate_lowering(ctx: Ctx<'_>, end: usize) -> bool {
    let after = ctx.after(end, 8);
    let rest = match after.strip_prefix(['/', '／']) {
        Some(rest) => rest.trim_start().to_ascii_lowercase(),
        None => {
            // "7 days a week", "2 hours per day".
            let words = ctx.after(end, 16).trim_start().to_ascii_lowercase();
            let Some(rest) = ["a ", "an ", "per ", "every ", "each "]
                .iter()
                .find_map(|w| words.strip_prefix(w))
            else {
                return false;
            };
            rest.trim_start().to_string()
        }
    };
    [
        "day", "week", "wk", "month", "year", "hour", "hr", "shift", "天", "日", "周", "月", "年",
        "小时",
    ]
    .iter()
    .any(|w| rest.starts_with(w))
}

/// Whether the word before `start` looks like a product name (an upper-case letter inside it).
fn after_model_name(ctx: Ctx<'_>, start: usize) -> bool {
    let head = ctx.text.get(..start).unwrap_or("").trim_end();
    let word: Vec<char> = head
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    // `word` is reversed: its last character is the word's first.
    word.len() > 1 && word[..word.len() - 1].iter().any(char::is_ascii_uppercase)
}

/// Whether a phone ring is mentioned near `start..end` (响铃三声, 电话铃响3声).
fn ring_nearby(ctx: Ctx<'_>, start: usize, end: usize) -> bool {
    let before = ctx.before(start, 10);
    let after = ctx.after(end, 6);
    [before, after].iter().any(|s| {
        s.contains(['铃', '响'])
            || s.contains("电话")
            || s.contains("来电")
            || s.contains("接听")
            || s.contains("接起")
    })
}

/// Checks that "a"/"an" and 某 stand for a number here.
fn amount_in_context(ctx: Ctx<'_>, amount: &Amount, unit: UnitKind, bound: Option<Bound>) -> bool {
    match amount.kind {
        AmountKind::Article => {
            // "24 hours a day", "twice a week", "$20 an hour" are rates.
            if ctx
                .prev_non_ws(amount.span.start)
                .is_some_and(|c| c.is_ascii_digit())
            {
                return false;
            }
            let word = ctx.prev_word(amount.span.start);
            let rate = matches!(
                word.as_str(),
                "once"
                    | "twice"
                    | "thrice"
                    | "times"
                    | "per"
                    | "every"
                    | "each"
                    | "seconds"
                    | "minutes"
                    | "mins"
                    | "hours"
                    | "hrs"
                    | "days"
                    | "weeks"
                    | "months"
                    | "rings"
            );
            // "wait a second", "give me a minute", "give us a ring" are not standards.
            let filler = matches!(unit, UnitKind::Second | UnitKind::Minute | UnitKind::Ring);
            !(rate || (filler && bound.is_none()))
        }
        AmountKind::PlaceholderMou => {
            // 某天 / 某日 are "some day"; 某秒, 某分钟, 某声 stand for a number.
            bound.is_some()
                || matches!(
                    unit,
                    UnitKind::Second | UnitKind::Minute | UnitKind::Hour | UnitKind::Ring
                )
        }
        _ => true,
    }
}

fn shape_fits_context(ctx: Ctx<'_>, shape: &Shape, bound: Option<Bound>) -> bool {
    match shape {
        Shape::Parts(parts) => {
            let Some(first) = parts.first() else {
                return false;
            };
            let high = first
                .amount
                .value
                .map(|(_, h)| (h + if first.half { 0.5 } else { 0.0 }) * first.unit.kind.factor());
            number_in_context(ctx, &first.amount, first.unit.kind)
                && amount_in_context(ctx, &first.amount, first.unit.kind, bound)
                && unit_in_context(
                    ctx,
                    &first.amount,
                    &first.unit,
                    high,
                    bound,
                    first.end,
                    parts.len() == 1,
                )
        }
        Shape::Range {
            first,
            first_unit,
            second,
            unit,
            end,
            ..
        } => {
            let high = second.value.map(|(_, h)| h * unit.kind.factor());
            let lead_unit = first_unit.map_or(unit.kind, |u| u.kind);
            number_in_context(ctx, first, lead_unit)
                && amount_in_context(ctx, first, lead_unit, bound)
                && unit_in_context(ctx, first, unit, high, bound, *end, true)
        }
        // "[TIME]" alone is a template variable (a clock time, a date); it is a time standard
        // only with a bound: "within [TIME]", "【时间】内".
        Shape::PlaceholderTime(_) => bound.is_some(),
    }
}

/// Computes the values and spans of a checked shape.
fn finish(shape: Shape, bound: Option<Bound>, span: Span) -> Option<TimeExpr> {
    let half_of = |half: bool, unit: UnitKind| if half { 0.5 * unit.factor() } else { 0.0 };
    let expr = match shape {
        Shape::Parts(parts) => {
            let first = parts.first()?;
            let last = parts.last()?;
            let placeholder = parts.iter().any(|p| p.amount.kind.is_placeholder());
            let mut low = 0.0;
            let mut high = 0.0;
            for p in parts.iter() {
                let (l, h) = p.amount.value.unwrap_or((0.0, 0.0));
                low += l * p.unit.kind.factor() + half_of(p.half, p.unit.kind);
                high += h * p.unit.kind.factor() + half_of(p.half, p.unit.kind);
            }
            TimeExpr {
                span,
                number_span: Span::new(first.amount.span.start, last.amount.span.end),
                low: (!placeholder).then_some(low),
                high: (!placeholder).then_some(high),
                unit: first.unit.kind.family(),
                business: parts.iter().any(|p| p.unit.kind.business()),
                bound,
                placeholder,
                unit_text_span: Span::new(first.unit.span.start, last.unit.span.end),
            }
        }
        Shape::Range {
            first,
            first_unit,
            second,
            unit,
            half,
            ..
        } => {
            let lead = first_unit.map_or(unit.kind, |u| u.kind);
            let placeholder = first.kind.is_placeholder() || second.kind.is_placeholder();
            let (low, high) = match (first.value, second.value) {
                (Some((l, _)), Some((_, h))) if !placeholder => {
                    let low = l * lead.factor();
                    let high = h * unit.kind.factor() + half_of(half, unit.kind);
                    if low > high {
                        // "5-3分钟" is not a range.
                        return None;
                    }
                    (Some(low), Some(high))
                }
                _ => (None, None),
            };
            TimeExpr {
                span,
                number_span: Span::new(first.span.start, second.span.end),
                low,
                high,
                unit: unit.kind.family(),
                business: unit.kind.business() || first_unit.is_some_and(|u| u.kind.business()),
                bound,
                placeholder,
                unit_text_span: unit.span,
            }
        }
        Shape::PlaceholderTime(ph) => TimeExpr {
            span,
            number_span: ph,
            low: None,
            high: None,
            unit: TimeUnit::Seconds,
            business: false,
            bound,
            placeholder: true,
            unit_text_span: ph,
        },
    };
    Some(expr)
}

/// What may follow 当天/次日 when it is a deadline: an action or a modal verb
/// (当天发货, 次日回复, 当日可到账), not a time of day or a noun (当天下午, 活动当天的).
const DEADLINE_NEXT: &str = "回答处完解发到联反跟响办受给送退寄核审结补安通告确提出返派致达可即就必须需应要会将能予均都再前内";
/// Around a bare value in a table or list (P1：当日、P2 …).
const STANDALONE_PREV: &str = "：:|｜、，,为是（(";
const STANDALONE_NEXT: &str = "、，,。.；;|｜）)";

fn build_same_day(
    ctx: Ctx<'_>,
    pre: Option<(Pre, Span)>,
    post: Option<(Bound, Span)>,
    same_day: Pair<'_, Rule>,
) -> Option<TimeExpr> {
    let day = same_day.into_inner().next()?;
    let day_span = ctx.span(&day);
    let (seconds, business) = match day.as_rule() {
        Rule::sd_same => (86_400.0, false),
        Rule::sd_next => (172_800.0, false),
        Rule::sd_same_bday => (86_400.0, true),
        Rule::sd_next_bday => (172_800.0, true),
        Rule::sd_eod => (86_400.0, false),
        _ => return None,
    };
    let explicit_pre = matches!(pre, Some((Pre::Bound(_) | Pre::By, _)));
    if day.as_rule() == Rule::sd_eod && !explicit_pre {
        // "end of day" is a deadline only after "by"/"before"/"no later than".
        return None;
    }
    let (bound, start, keep_post) = resolve_bounds(pre, post, day_span.start);
    let end = match post {
        Some((_, span)) if keep_post => span.end,
        _ => day_span.end,
    };
    let chinese = !day.as_str().is_ascii();
    if chinese && bound.is_none() && !reads_as_deadline(ctx, day_span) {
        return None;
    }
    Some(TimeExpr {
        span: Span::new(start, end),
        number_span: day_span,
        low: Some(seconds),
        high: Some(seconds),
        unit: TimeUnit::Seconds,
        business,
        bound,
        placeholder: false,
        unit_text_span: day_span,
    })
}

/// Whether 当天/次日 at `span` sets a deadline: followed by an action (当天发货), or standing as
/// a value in a list or table (P1：当日、).
fn reads_as_deadline(ctx: Ctx<'_>, span: Span) -> bool {
    let next = ctx.next_non_ws(span.end);
    if next.is_some_and(|c| DEADLINE_NEXT.contains(c)) {
        return true;
    }
    let prev = ctx.prev_char(span.start);
    let prev_ok = prev.is_none_or(|c| is_inline_ws(c) || STANDALONE_PREV.contains(c));
    let next_ok = next.is_none_or(|c| STANDALONE_NEXT.contains(c))
        || ctx
            .next_char(span.end)
            .is_some_and(|c| c == '\n' || c == '\r');
    prev_ok && next_ok
}

/// Reads a config duration ("10s", "3 rings", "1 business day") parsed by `config_duration`.
pub(super) fn config_duration(text: &str, pair: Pair<'_, Rule>) -> Result<(f64, TimeUnit), String> {
    let ctx = Ctx { text, base: 0 };
    let invalid = |why: &str| format!("invalid duration {text:?}: {why}");
    let quantity = pair
        .into_inner()
        .find(|p| p.as_rule() == Rule::quantity)
        .ok_or_else(|| invalid("expected a number and a unit"))?;
    let parts = match read_quantity(ctx, quantity, false) {
        Some((Shape::Parts(parts), _)) => parts,
        Some(_) => {
            return Err(invalid(
                "a limit is one duration, not a range or a placeholder",
            ));
        }
        None => {
            return Err(invalid(
                "units must fall from the largest (\"1h 30min\") and the number cannot be a placeholder",
            ));
        }
    };
    let mut total = 0.0;
    let mut unit = TimeUnit::Seconds;
    for part in parts.iter() {
        let Some((value, _)) = part.amount.value else {
            return Err(invalid("the number is a placeholder"));
        };
        if matches!(part.unit.kind, UnitKind::Generic | UnitKind::MonthBare) {
            return Err(invalid("unknown unit"));
        }
        let half = if part.half { 0.5 } else { 0.0 };
        total += (value + half) * part.unit.kind.factor();
        unit = part.unit.kind.family();
    }
    if !total.is_finite() {
        return Err(invalid("the number is too large"));
    }
    Ok((total, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_counts_thirty_days() {
        assert_eq!(UnitKind::Month.factor(), 30.0 * 86_400.0);
    }

    #[test]
    fn rings_stay_rings() {
        assert_eq!(UnitKind::Ring.family(), TimeUnit::Rings);
        assert_eq!(UnitKind::RingXia.family(), TimeUnit::Rings);
        assert_eq!(UnitKind::BusinessDay.family(), TimeUnit::Seconds);
        assert!(UnitKind::BusinessDay.business());
    }

    /// Texts around a rate: slashes, rate words and units in either case, white space, and
    /// characters that change length or meaning when lower-cased.
    fn rate_texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = [
            "/", "／", " ", "\u{3000}", "\t", "\n", "a ", "A ", "an ", "AN ", "per ", "Per ",
            "every ", "EACH ", "each", "a", "day", "Days", "WEEK", "wk", "month", "year", "hour",
            "HR", "shift", "天", "日", "周", "月", "年", "小时", "小", "x", "İ", "K", "é", "3",
        ];
        proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..10)
            .prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]

        /// The rate test without a lower-cased copy says what the one with it says, wherever
        /// the expression ends.
        #[test]
        fn rate_test_reads_as_lowering_would(text in rate_texts()) {
            for end in (0..=text.len() + 1).filter(|&e| e > text.len() || text.is_char_boundary(e)) {
                let ctx = Ctx { text: &text, base: 0 };
                proptest::prop_assert_eq!(
                    is_rate(ctx, end),
                    is_rate_lowering(ctx, end),
                    "{:?} at {}", text, end
                );
            }
        }
    }

    #[test]
    fn rates_and_not_rates() {
        for (text, rate) in [
            ("7 days/week", true),
            ("7 days a Week", true),
            ("2 hours PER day", true),
            ("24小时/天", true),
            ("24小时／ 天", true),
            ("3 days a problem", false),
            ("3 days/ticket", false),
            ("3 days", false),
            ("3 days            a week", false),
        ] {
            let end = text.find(['s', '时']).map_or(0, |i| {
                i + text[i..].chars().next().map_or(0, char::len_utf8)
            });
            let ctx = Ctx { text, base: 0 };
            assert_eq!(is_rate(ctx, end), rate, "{text}");
            assert_eq!(is_rate_lowering(ctx, end), rate, "{text}");
        }
    }

    #[test]
    fn reads_window_before_and_after() {
        let ctx = Ctx {
            text: "电话铃响3声内",
            base: 0,
        };
        let three = "电话铃响".len();
        assert_eq!(ctx.before(three, 2), "铃响");
        assert_eq!(ctx.after(three, 2), "3声");
        assert_eq!(ctx.prev_char(three), Some('响'));
        assert_eq!(ctx.prev_prev_char(three), Some('铃'));
    }
}
