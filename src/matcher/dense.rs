//! The dense Aho-Corasick DFA over byte classes that `Matcher::scan` walks: it folds ASCII case and flags the bytes that may need normalising.

use super::normal::{BYTE_CLASS, CAPITAL, PLAIN};

/// Transition flag: the byte just read may need normalising (`SPACE`, `CONTROL`, `LEAD`).
const LOOK: u32 = 1 << 31;
/// Transition flag: the state entered reports matches.
const MATCH: u32 = 1 << 30;
/// Largest dense table, in transitions (64 MiB); a larger phrase list keeps aho-corasick's NFA.
pub(super) const MAX_TRANSITIONS: usize = 1 << 24;

/// An Aho-Corasick DFA over byte classes, built for `Matcher::scan`: ASCII capitals share their
/// lower-case letter's class (patterns are normalised, so lower case), and every transition on
/// a byte that may need normalising carries `LOOK`, so checking the text costs nothing on other bytes.
/// Transitions hold the target's row offset (state times `stride`) and the flags.
pub(super) struct Dense {
    classes: [u16; 256],
    stride: usize,
    trans: Vec<u32>,
    /// Per state, its matches: a range of `matches` (the state's own string, then those of its
    /// failure states, longest first: the order aho-corasick reports them in).
    ranges: Vec<(u32, u32)>,
    matches: Vec<u32>,
}

impl Dense {
    /// Build the DFA for `searched` (non-empty, distinct, without ASCII capitals); `None` when
    /// the table would be too large or the strings are not as expected.
    pub(super) fn build(searched: &[String]) -> Option<Dense> {
        let mut classes = [0u16; 256];
        let mut used = [false; 256];
        for p in searched {
            if p.is_empty() {
                return None;
            }
            for b in p.bytes() {
                if b.is_ascii_uppercase() {
                    return None;
                }
                used[usize::from(b)] = true;
            }
        }
        // Class 0: bytes no string holds; then one class per byte a string holds; then one
        // shared class for the looked-at bytes no string holds.
        let mut n: u16 = 1;
        for b in 0..256 {
            if used[b] {
                classes[b] = n;
                n += 1;
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let mut look_other = None;
        for b in 0..256 {
            if !matches!(BYTE_CLASS[b], PLAIN | CAPITAL) && classes[b] == 0 {
                classes[b] = *look_other.get_or_insert_with(|| {
                    n += 1;
                    n - 1
                });
            }
        }
        let stride = usize::from(n);
        // The trie, as first-child / next-sibling lists; 0 is the root.
        const NONE: u32 = u32::MAX;
        let mut first: Vec<u32> = vec![NONE];
        let mut sibling: Vec<u32> = vec![NONE];
        let mut label: Vec<u16> = vec![0];
        let mut own: Vec<u32> = vec![NONE];
        for (id, p) in searched.iter().enumerate() {
            let mut s = 0usize;
            for b in p.bytes() {
                let c = classes[usize::from(b)];
                let mut k = first[s];
                while k != NONE && label[k as usize] != c {
                    k = sibling[k as usize];
                }
                if k == NONE {
                    k = own.len() as u32;
                    first.push(NONE);
                    sibling.push(first[s]);
                    label.push(c);
                    own.push(NONE);
                    first[s] = k;
                }
                s = k as usize;
            }
            if own[s] != NONE {
                return None;
            }
            own[s] = id as u32;
        }
        let states = own.len();
        if states.saturating_mul(stride) > MAX_TRANSITIONS {
            return None;
        }
        let mut look = vec![0u32; stride];
        for b in 0..256 {
            if !matches!(BYTE_CLASS[b], PLAIN | CAPITAL) {
                look[usize::from(classes[b])] = LOOK;
            }
        }
        // Breadth first, each state's row is its failure state's (complete: it is shallower)
        // with the state's own children written over it; a child's failure state is where the
        // failure state's row leads on the child's byte.
        let mut trans = vec![0u32; states * stride];
        trans[..stride].copy_from_slice(&look);
        let mut is_match = vec![false; states];
        let mut fail = vec![0u32; states];
        let mut ranges = vec![(0u32, 0u32); states];
        let mut matches = Vec::new();
        let mut order: Vec<u32> = Vec::with_capacity(states);
        order.push(0);
        let mut head = 0;
        while head < order.len() {
            let s = order[head] as usize;
            head += 1;
            let f = fail[s] as usize;
            if s != 0 {
                let start = matches.len();
                if own[s] != NONE {
                    matches.push(own[s]);
                }
                let (fs, fe) = ranges[f];
                matches.extend_from_within(fs as usize..fe as usize);
                ranges[s] = (start as u32, matches.len() as u32);
                trans.copy_within(f * stride..(f + 1) * stride, s * stride);
            }
            let mut k = first[s];
            while k != NONE {
                let t = k as usize;
                let at = s * stride + usize::from(label[t]);
                // From the root, a child's failure state is the root.
                let ft = if s == 0 {
                    0
                } else {
                    ((trans[at] & !(LOOK | MATCH)) as usize) / stride
                };
                fail[t] = ft as u32;
                is_match[t] = own[t] != NONE || is_match[ft];
                trans[at] = (t * stride) as u32
                    | look[usize::from(label[t])]
                    | if is_match[t] { MATCH } else { 0 };
                order.push(k);
                k = sibling[t];
            }
        }
        Some(Dense {
            classes,
            stride,
            trans,
            ranges,
            matches,
        })
    }

    /// Run over `text`, calling `on_match(searched id, end)` for every match, overlapping ones
    /// included, in aho-corasick's order. With `look`, `on_look(i)` is asked about every byte
    /// that may need normalising; the walk stops and returns false at the first it refuses.
    #[inline]
    pub(super) fn walk(
        &self,
        text: &[u8],
        look: bool,
        mut on_look: impl FnMut(usize) -> bool,
        mut on_match: impl FnMut(u32, usize),
    ) -> bool {
        let trans = self.trans.as_slice();
        let mut sid = 0usize;
        for (i, &b) in text.iter().enumerate() {
            let t = trans[sid + usize::from(self.classes[usize::from(b)])];
            if t < MATCH {
                sid = t as usize;
                continue;
            }
            if t & LOOK != 0 && look && !on_look(i) {
                return false;
            }
            let next = (t & !(LOOK | MATCH)) as usize;
            if t & MATCH != 0 {
                let (s, e) = self.ranges[next / self.stride];
                for &m in &self.matches[s as usize..e as usize] {
                    on_match(m, i + 1);
                }
            }
            sid = next;
        }
        true
    }
}
