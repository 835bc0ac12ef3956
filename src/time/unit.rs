//! What a grammar rule names: the unit kinds and the words in front of a number (shared by the grammar path and the quick reader).

use super::grammar::Rule;
use super::{Bound, TimeUnit};

/// The unit a grammar rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum UnitKind {
    Second,
    Minute,
    MinuteBare,
    Quarter,
    Hour,
    BusinessHour,
    Day,
    BusinessDay,
    Week,
    Fortnight,
    Month,
    MonthBare,
    Ring,
    RingXia,
    Generic,
}

impl UnitKind {
    pub(super) fn from_rule(rule: Rule) -> Option<Self> {
        Some(match rule {
            Rule::unit_second => Self::Second,
            Rule::unit_minute => Self::Minute,
            Rule::unit_minute_bare => Self::MinuteBare,
            Rule::unit_quarter => Self::Quarter,
            Rule::unit_hour => Self::Hour,
            Rule::unit_bhour => Self::BusinessHour,
            Rule::unit_day => Self::Day,
            Rule::unit_bday => Self::BusinessDay,
            Rule::unit_week => Self::Week,
            Rule::unit_fortnight => Self::Fortnight,
            Rule::unit_month => Self::Month,
            Rule::unit_month_bare => Self::MonthBare,
            Rule::unit_ring => Self::Ring,
            Rule::unit_ring_xia => Self::RingXia,
            Rule::unit_generic => Self::Generic,
            _ => return None,
        })
    }

    /// Seconds per unit (rings per ring).
    pub(super) fn factor(self) -> f64 {
        match self {
            Self::Second | Self::Ring | Self::RingXia | Self::Generic => 1.0,
            Self::Minute | Self::MinuteBare => 60.0,
            Self::Quarter => 900.0,
            Self::Hour | Self::BusinessHour => 3_600.0,
            Self::Day | Self::BusinessDay => 86_400.0,
            Self::Week => 604_800.0,
            Self::Fortnight => 1_209_600.0,
            // A month is counted as 30 days.
            Self::Month | Self::MonthBare => 2_592_000.0,
        }
    }

    pub(super) fn family(self) -> TimeUnit {
        match self {
            Self::Ring | Self::RingXia => TimeUnit::Rings,
            _ => TimeUnit::Seconds,
        }
    }

    pub(super) fn business(self) -> bool {
        matches!(self, Self::BusinessHour | Self::BusinessDay)
    }
}

/// What stands in front of the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pre {
    Bound(Bound),
    /// at least, 超过, > … : a lower bound, which sets no standard.
    Lower,
    /// 在 / 于: a bound only together with a following 内.
    Zai,
    /// by / before / until (same-day deadlines only).
    By,
}
