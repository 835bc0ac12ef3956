//! The dense Aho-Corasick DFA over byte classes that `Matcher::scan` walks: it folds ASCII case and flags the bytes that may need normalising.

use super::normal::{BYTE_CLASS, CAPITAL, PLAIN};

/// Transition flag: the byte just read may need normalising (`SPACE`, `CONTROL`, `LEAD`).
const LOOK: u32 = 1 << 31;
/// Transition flag: the state entered reports matches.
const MATCH: u32 = 1 << 30;
/// Largest dense table, in transitions (64 MiB); a larger phrase list keeps aho-corasick's NFA.
pub(super) const MAX_TRANSITIONS: usize = 1 << 24;

/// Phrase text scanned before the dense table is built: below it the automaton is walked as an NFA
/// (its trie and failure links, built in a fraction of the table's time), so a short run never pays
/// for the table; past it one worker builds the table while the others keep walking the NFA.
pub(super) const TABLE_AFTER: usize = 256 * 1024;

/// An Aho-Corasick automaton over byte classes, built for `Matcher::scan`: ASCII capitals share
/// their lower-case letter's class (patterns are normalised, so lower case), and every transition
/// on a byte that may need normalising is flagged (`LOOK`), so checking the text costs nothing on
/// other bytes. Walked as an NFA (trie plus failure links) until [`TABLE_AFTER`] bytes have been
/// scanned, then as a dense DFA whose transitions hold the target's row offset (state times
/// `stride`) and the flags; both walks report the same matches in the same order.
pub(super) struct Dense {
    classes: [u16; 256],
    stride: usize,
    /// Per class: the bytes of the class may need normalising.
    look: Vec<bool>,
    /// The root's transitions by class (0: stay at the root).
    root: Vec<u32>,
    /// The trie, as first-child / next-sibling lists with each state's class label.
    first: Vec<u32>,
    sibling: Vec<u32>,
    label: Vec<u16>,
    /// Per state, its failure state.
    fail: Vec<u32>,
    /// The states breadth first.
    order: Vec<u32>,
    /// Per state, its matches: a range of `matches` (the state's own string, then those of its
    /// failure states, longest first: the order aho-corasick reports them in).
    ranges: Vec<(u32, u32)>,
    matches: Vec<u32>,
    /// The dense table, once built.
    table: std::sync::OnceLock<Vec<u32>>,
    /// Bytes walked so far (the NFA's), to decide when the table pays.
    walked: std::sync::atomic::AtomicUsize,
}

const NONE: u32 = u32::MAX;

impl Dense {
    /// Build the automaton for `searched` (non-empty, distinct, without ASCII capitals); `None`
    /// when the dense table would be too large or the strings are not as expected.
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
        // The trie; 0 is the root.
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
        let mut look = vec![false; stride];
        for b in 0..256 {
            if !matches!(BYTE_CLASS[b], PLAIN | CAPITAL) {
                look[usize::from(classes[b])] = true;
            }
        }
        let mut root = vec![0u32; stride];
        let mut k = first[0];
        while k != NONE {
            root[usize::from(label[k as usize])] = k;
            k = sibling[k as usize];
        }
        // Breadth first: a child's failure state is where its parent's failure state goes on the
        // child's class (following failure states), and its matches are its own string's, then
        // its failure state's.
        let mut fail = vec![0u32; states];
        let mut ranges = vec![(0u32, 0u32); states];
        let mut matches = Vec::new();
        let mut order: Vec<u32> = Vec::with_capacity(states);
        order.push(0);
        let mut head = 0;
        while head < order.len() {
            let s = order[head] as usize;
            head += 1;
            if s != 0 {
                let start = matches.len();
                if own[s] != NONE {
                    matches.push(own[s]);
                }
                let (fs, fe) = ranges[fail[s] as usize];
                matches.extend_from_within(fs as usize..fe as usize);
                ranges[s] = (start as u32, matches.len() as u32);
            }
            let mut k = first[s];
            while k != NONE {
                let t = k as usize;
                fail[t] = if s == 0 {
                    0
                } else {
                    goto(&root, &first, &sibling, &label, &fail, fail[s], label[t])
                };
                order.push(k);
                k = sibling[t];
            }
        }
        Some(Dense {
            classes,
            stride,
            look,
            root,
            first,
            sibling,
            label,
            fail,
            order,
            ranges,
            matches,
            table: std::sync::OnceLock::new(),
            walked: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// The dense table: breadth first, each state's row is its failure state's (complete: it is
    /// shallower) with the state's own children written over it.
    fn table(&self) -> Vec<u32> {
        let stride = self.stride;
        let states = self.fail.len();
        let look: Vec<u32> = self
            .look
            .iter()
            .map(|&l| if l { LOOK } else { 0 })
            .collect();
        let mut trans = vec![0u32; states * stride];
        trans[..stride].copy_from_slice(&look);
        for &s in &self.order {
            let s = s as usize;
            if s != 0 {
                let f = self.fail[s] as usize;
                trans.copy_within(f * stride..(f + 1) * stride, s * stride);
            }
            let mut k = self.first[s];
            while k != NONE {
                let t = k as usize;
                let c = usize::from(self.label[t]);
                let (a, e) = self.ranges[t];
                trans[s * stride + c] =
                    (t * stride) as u32 | look[c] | if a < e { MATCH } else { 0 };
                k = self.sibling[t];
            }
        }
        trans
    }

    /// The dense table when it is built, or once `len` more bytes make it pay (one caller
    /// builds it; the others walk the NFA meanwhile).
    fn ready(&self, len: usize) -> Option<&[u32]> {
        if let Some(table) = self.table.get() {
            return Some(table);
        }
        use std::sync::atomic::Ordering;
        let before = self.walked.fetch_add(len, Ordering::Relaxed);
        if before < TABLE_AFTER && before.saturating_add(len) >= TABLE_AFTER {
            return Some(self.table.get_or_init(|| self.table()));
        }
        None
    }

    /// Run over `text`, calling `on_match(searched id, end)` for every match, overlapping ones
    /// included, in aho-corasick's order. With `look`, `on_look(i)` is asked about every byte
    /// that may need normalising; the walk stops and returns false at the first it refuses.
    #[inline]
    pub(super) fn walk(
        &self,
        text: &[u8],
        look: bool,
        on_look: impl FnMut(usize) -> bool,
        on_match: impl FnMut(u32, usize),
    ) -> bool {
        match self.ready(text.len()) {
            Some(table) => self.walk_table(table, text, look, on_look, on_match),
            None => self.walk_nfa(text, look, on_look, on_match),
        }
    }

    /// [`Dense::walk`] over the dense table.
    #[inline]
    fn walk_table(
        &self,
        trans: &[u32],
        text: &[u8],
        look: bool,
        mut on_look: impl FnMut(usize) -> bool,
        mut on_match: impl FnMut(u32, usize),
    ) -> bool {
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

    /// [`Dense::walk`] over the trie and its failure links.
    fn walk_nfa(
        &self,
        text: &[u8],
        look: bool,
        mut on_look: impl FnMut(usize) -> bool,
        mut on_match: impl FnMut(u32, usize),
    ) -> bool {
        let mut s = 0u32;
        for (i, &b) in text.iter().enumerate() {
            let c = self.classes[usize::from(b)];
            if look && self.look[usize::from(c)] && !on_look(i) {
                return false;
            }
            s = goto(
                &self.root,
                &self.first,
                &self.sibling,
                &self.label,
                &self.fail,
                s,
                c,
            );
            let (a, e) = self.ranges[s as usize];
            for &m in &self.matches[a as usize..e as usize] {
                on_match(m, i + 1);
            }
        }
        true
    }
}

/// Where state `s` goes on class `c`, following failure states (the root stays on a class it
/// has no child for).
#[inline]
fn goto(
    root: &[u32],
    first: &[u32],
    sibling: &[u32],
    label: &[u16],
    fail: &[u32],
    mut s: u32,
    c: u16,
) -> u32 {
    loop {
        if s == 0 {
            return root[usize::from(c)];
        }
        let mut k = first[s as usize];
        while k != NONE {
            if label[k as usize] == c {
                return k;
            }
            k = sibling[k as usize];
        }
        s = fail[s as usize];
    }
}

#[cfg(test)]
impl Dense {
    /// A walk over the NFA (`table: false`) or the table, whatever has been scanned: the matches
    /// and whether it ran to the end (`look` stops at a flagged space).
    pub(super) fn walk_as(
        &self,
        table: bool,
        text: &[u8],
        look: bool,
    ) -> (Vec<(u32, usize)>, bool) {
        let mut found = Vec::new();
        let stop = |i: usize| text[i] != b' ';
        let done = if table {
            let trans = self.table.get_or_init(|| self.table());
            self.walk_table(trans, text, look, stop, |m, e| found.push((m, e)))
        } else {
            self.walk_nfa(text, look, stop, |m, e| found.push((m, e)))
        };
        (found, done)
    }
}
