//! Lanes: many short corpus entries advanced together, one query symbol per vector instruction, for the
//! bit-parallel nearest search.
//!
//! The scalar search runs Myers' recurrence once per entry, 64 bits wide, for a word of eight letters. Here each
//! corpus entry is the pattern of one lane of a 256-bit group (8-bit lanes for entries of up to 8 code points,
//! 16-bit up to 16, 32-bit up to 32, 64-bit up to 64) and the query is the text: one step advances 32, 16, 8 or
//! 4 entries at once. The arithmetic is lane-wise, so no carry crosses from one entry into the next, and `x << 1`
//! is `x + x` lane-wise (x86 has no 8-bit shift).
//!
//! Each entry sits at the top of its lane: position `i` of an entry of `n` code points is bit `W - n + i` of a
//! `W`-bit lane, so the score row is always the lane's top bit and the score update is a sign test, whatever the
//! entry's length. The `W - n` rows below the entry start with vertical deltas of 0 (D = 0 in column 0) and never
//! match, which makes every one of them D = j in column j: the lowest entry row sees exactly the first row of the
//! DP above it (D[0][j] = j), and the rows below contribute nothing to the score.
//!
//! Everything that depends on the corpus only is laid out once, when the corpus is built ([`Lanes::build`], from
//! `Corpus::new` and `Corpus::from_utf16`): entries of a class sorted by length (stable, so equal lengths keep
//! corpus order) and packed 32 / 16 / 8 / 4 to a group; the corpus's distinct code points numbered densely; and
//! per group, one mask row per number plus an all-zero row for code points the corpus does not hold. A query maps
//! each of its code points to a row number once, and then a group costs one load and one step per query symbol.
//!
//! The same layout and the same search: C# Lanes.cs, Python lanes.py.

use std::sync::atomic::{AtomicU8, Ordering};

use crate::error::{try_grow, AllocError};

#[cfg(target_arch = "x86_64")]
mod x86;

/// The instructions the lane search runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum LaneLevel {
    /// No lanes: every entry is compared on its own (the bit-parallel scalar path).
    Scalar = 0,
    /// 128-bit SSE2, part of every x86-64 CPU: a group is two registers.
    Sse2 = 1,
    /// 256-bit AVX2: a group is one register.
    Avx2 = 2,
}

impl LaneLevel {
    /// The level of a code of the benchmark export: 0, 1, 2; `None` (the detected level) for any other.
    pub(crate) fn from_code(code: u8) -> Option<LaneLevel> {
        match code {
            0 => Some(LaneLevel::Scalar),
            1 => Some(LaneLevel::Sse2),
            2 => Some(LaneLevel::Avx2),
            _ => None,
        }
    }
}

/// The highest level this CPU runs.
pub(crate) fn detected_level() -> LaneLevel {
    #[cfg(target_arch = "x86_64")]
    {
        // std caches the CPUID answer: this is one atomic load after the first call.
        if std::arch::is_x86_feature_detected!("avx2") {
            LaneLevel::Avx2
        } else {
            LaneLevel::Sse2
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        LaneLevel::Scalar
    }
}

/// The levels this CPU runs, the scalar one included: the tests run each.
#[cfg(test)]
pub(crate) fn supported_levels() -> Vec<LaneLevel> {
    [LaneLevel::Scalar, LaneLevel::Sse2, LaneLevel::Avx2].into_iter().filter(|&level| level <= detected_level()).collect()
}

/// `FORCED` when no level is forced.
const DETECTED: u8 = u8::MAX;

/// The process-wide override, so that a benchmark can time the lanes against the scalar path in one process.
static FORCED: AtomicU8 = AtomicU8::new(DETECTED);

/// Forces every later search onto `level` (clamped to what the CPU has), or back to the detected level (`None`).
/// Only the benchmark export sets it: the shipped library always runs the detected level.
#[cfg(any(test, feature = "bench"))]
pub(crate) fn force_level(level: Option<LaneLevel>) {
    // Relaxed: the level only picks a path; every path gives the same results, so no ordering is needed.
    FORCED.store(level.map_or(DETECTED, |level| level as u8), Ordering::Relaxed);
}

/// The level searches use now: the forced one, never above the detected one.
pub(crate) fn level() -> LaneLevel {
    let detected = detected_level();
    LaneLevel::from_code(FORCED.load(Ordering::Relaxed)).map_or(detected, |forced| forced.min(detected))
}

/// The tables of a lane class are built only when they take at most this many bytes per code point of the class's
/// entries (mask rows × 32 bytes per group). A group holds at most 256 code points, so that admits at most 256 rows
/// per group: memory follows the corpus's length, never its alphabet. A corpus with a large alphabet (say 100 000
/// random CJK words) gets no lanes at all, and is searched entry by entry. Same budget: C# Lanes.cs,
/// Python lanes.py.
pub(crate) const LANE_TABLE_BUDGET: usize = 32;

/// Bytes of a group: one AVX2 register, two SSE2 ones.
const GROUP_BYTES: usize = 32;

/// The longest entry a lane holds.
const MAX_LANE_LENGTH: usize = 64;

/// One row of a group: one 256-bit value, lane `l` of a `W`-bit class in bytes `l * W / 8..`, little-endian.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(32))]
pub(crate) struct Row([u8; GROUP_BYTES]);

/// The rows of each group, in this order: each lane's entry length (the score's start), the entry's own rows
/// (the vertical deltas' start: ones on the entry, zeros below it), the all-zero row of code points absent from
/// the corpus, then one row per distinct code point of the corpus.
const LENGTH_ROW: usize = 0;
const VP_ROW: usize = 1;
const ABSENT_ROW: usize = 2;
const FIRST_SYMBOL_ROW: usize = 3;

/// The lane width of a class, in bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Width {
    W8,
    W16,
    W32,
    W64,
}

const WIDTHS: [Width; 4] = [Width::W8, Width::W16, Width::W32, Width::W64];

impl Width {
    fn bits(self) -> usize {
        match self {
            Width::W8 => 8,
            Width::W16 => 16,
            Width::W32 => 32,
            Width::W64 => 64,
        }
    }

    fn bytes(self) -> usize {
        self.bits() / 8
    }

    fn lanes(self) -> usize {
        GROUP_BYTES / self.bytes()
    }

    /// The class of an entry of `n` code points (1 to 64).
    fn of(n: usize) -> Width {
        match n {
            0..=8 => Width::W8,
            9..=16 => Width::W16,
            17..=32 => Width::W32,
            _ => Width::W64,
        }
    }

    /// The largest score a lane may hold: its unsigned maximum for 8 and 16 bits; for 32 and 64 bits the signed
    /// one, since x86 compares those lanes signed (SSE2 has no unsigned compare of 32- or 64-bit lanes).
    fn score_limit(self) -> usize {
        match self {
            Width::W8 => u8::MAX as usize,
            Width::W16 => u16::MAX as usize,
            Width::W32 | Width::W64 => i32::MAX as usize,
        }
    }

    /// Whether a query of `m` code points can run in this class: a score starts at the entry's length plus `m` and
    /// only falls, so it stays below `m + 64` (8-bit lanes: queries of up to 191 code points). Longer queries
    /// compare the class's entries one by one.
    fn fits(self, m: usize) -> bool {
        m.checked_add(MAX_LANE_LENGTH).is_some_and(|top| top <= self.score_limit())
    }
}

/// The entries of one width: groups `first_group..first_group + groups` and lanes `first_entry..first_entry +
/// count` of [`Lanes::entries`].
#[derive(Clone, Debug)]
struct Class {
    width: Width,
    first_group: usize,
    groups: usize,
    first_entry: usize,
    count: usize,
}

/// What the search needs to know of a group without touching its rows: the shortest and longest entry (its
/// entries are sorted by length, so these bound the length gap to a query) and the lowest corpus index in it
/// (which decides whether a tie with the k-th best could still enter).
#[derive(Clone, Copy, Debug)]
struct Group {
    shortest: u8,
    longest: u8,
    lowest_index: u32,
}

impl Group {
    /// The smallest length difference between a query of `m` code points and an entry of the group: a lower
    /// bound on every distance in it.
    fn gap(self, m: usize) -> usize {
        let (shortest, longest) = (usize::from(self.shortest), usize::from(self.longest));
        if m < shortest {
            shortest - m
        } else {
            m.saturating_sub(longest)
        }
    }
}

/// An entry's text as the corpus stores it, for [`Lanes::build`].
pub(crate) enum EntryText<'a> {
    /// UTF-16 code units, each a whole code point.
    Units(&'a [u16]),
    Wide(&'a [u32]),
}

impl EntryText<'_> {
    fn len(&self) -> usize {
        match self {
            EntryText::Units(units) => units.len(),
            EntryText::Wide(wide) => wide.len(),
        }
    }

    fn for_each(&self, mut f: impl FnMut(usize, u32)) {
        match self {
            EntryText::Units(units) => units.iter().enumerate().for_each(|(i, &unit)| f(i, u32::from(unit))),
            EntryText::Wide(wide) => wide.iter().enumerate().for_each(|(i, &code)| f(i, code)),
        }
    }
}

/// The dense numbering of the corpus's code points: a direct table for Latin-1, where most text lives (no hash on
/// the hundreds of thousands of lookups that laying out a corpus takes), and open addressing, at most half full,
/// for the others. Sized for the few hundred code points the budget admits.
#[derive(Clone, Debug, Default)]
struct SymbolRows {
    /// The row of each code point below 256; [`ABSENT_ROW`] for one the corpus does not hold.
    direct: Vec<u16>,
    /// `(code point, row)` of the others; `FREE` marks a free slot (not a code point).
    slots: Vec<(u32, u32)>,
    distinct: usize,
    capacity: usize,
}

const DIRECT: usize = 256;
const FREE: u32 = u32::MAX;

impl SymbolRows {
    /// A numbering of up to `capacity` code points.
    fn new(capacity: usize) -> Result<Self, AllocError> {
        let (mut direct, mut slots) = (Vec::new(), Vec::new());
        try_grow(&mut direct, DIRECT, ABSENT_ROW as u16)?;
        try_grow(&mut slots, (capacity * 2).next_power_of_two().max(16), (FREE, 0))?;
        Ok(SymbolRows { direct, slots, distinct: 0, capacity })
    }

    /// The slot of `code` (at least 256), or else the free slot where it belongs.
    #[inline]
    fn slot(&self, code: u32) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: the code points of one script are consecutive, and the multiply spreads them.
        let mut slot = (code.wrapping_mul(0x9E37_79B1) >> 16) as usize & mask;
        while self.slots[slot].0 != code && self.slots[slot].0 != FREE {
            slot = (slot + 1) & mask;
        }
        slot
    }

    /// The next row number, or `None` when `capacity` code points have one.
    fn next_row(&mut self) -> Option<usize> {
        if self.distinct == self.capacity {
            return None;
        }
        self.distinct += 1;
        Some(FIRST_SYMBOL_ROW + self.distinct - 1)
    }

    /// Numbers `code` if it is new; `false` when it is new and `capacity` code points are numbered already.
    #[inline]
    fn insert(&mut self, code: u32) -> bool {
        if (code as usize) < DIRECT {
            if usize::from(self.direct[code as usize]) == ABSENT_ROW {
                let Some(row) = self.next_row() else { return false };
                self.direct[code as usize] = row as u16;
            }
            return true;
        }
        let slot = self.slot(code);
        if self.slots[slot].0 == FREE {
            let Some(row) = self.next_row() else { return false };
            self.slots[slot] = (code, row as u32);
        }
        true
    }

    /// The row of `code`; [`ABSENT_ROW`] for a code point the corpus does not hold.
    #[inline]
    fn row(&self, code: u32) -> usize {
        if self.direct.is_empty() {
            return ABSENT_ROW;
        }
        if (code as usize) < DIRECT {
            return usize::from(self.direct[code as usize]);
        }
        let (key, row) = self.slots[self.slot(code)];
        if key == code {
            row as usize
        } else {
            ABSENT_ROW
        }
    }
}

/// The lane tables of a corpus; empty when no class fits the budget, or on a CPU without lanes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lanes {
    /// Rows per group: [`FIRST_SYMBOL_ROW`] plus one per distinct code point.
    rows: usize,
    symbols: SymbolRows,
    /// The classes that were built, narrowest first: their groups, one after the other, are sorted by length.
    classes: Vec<Class>,
    groups: Vec<Group>,
    /// `by_length[n]`: the groups holding entries of `n` code points, `start..end` (consecutive: groups are sorted
    /// by length).
    by_length: Vec<(u32, u32)>,
    /// `masks[group * rows + row]`.
    masks: Vec<Row>,
    /// The corpus index of each lane, class after class, group after group.
    entries: Vec<u32>,
    /// Entries no lane holds (empty, longer than 64, or in a class over the budget), in corpus order.
    remainder: Vec<u32>,
}

impl Lanes {
    /// Lays out the lanes of a corpus of `count` entries; `text(i)` is entry `i`.
    pub(crate) fn build<'a>(count: usize, text: impl Fn(usize) -> EntryText<'a>) -> Result<Lanes, AllocError> {
        // Lane indexes are 32-bit (half the table of 64-bit ones); a corpus of more entries is searched entry by entry.
        if !cfg!(target_arch = "x86_64") || count > u32::MAX as usize {
            return Ok(Lanes::default());
        }
        let mut per_length = [0usize; MAX_LANE_LENGTH + 1];
        for i in 0..count {
            let n = text(i).len();
            if (1..=MAX_LANE_LENGTH).contains(&n) {
                per_length[n] += 1;
            }
        }
        // Entries and code points per class, and the rows per group the budget admits for it.
        let mut stats = [(0usize, 0usize); 4];
        for (n, &entries) in per_length.iter().enumerate().skip(1) {
            let class = &mut stats[Width::of(n) as usize];
            class.0 += entries;
            class.1 += n * entries;
        }
        let rows_admitted = |class: usize| {
            let (entries, code_points) = stats[class];
            let groups = entries.div_ceil(WIDTHS[class].lanes());
            if groups == 0 { 0 } else { LANE_TABLE_BUDGET * code_points / (GROUP_BYTES * groups) }
        };
        let most_rows = (0..4).map(rows_admitted).max().unwrap_or(0);
        if most_rows <= FIRST_SYMBOL_ROW {
            return Ok(Lanes::default());
        }

        // Number the code points of the classes that might be built; stop as soon as there are more than any
        // class admits, so that a large alphabet costs a few hundred probes, not a map as large as the corpus.
        let candidate = |n: usize| (1..=MAX_LANE_LENGTH).contains(&n) && rows_admitted(Width::of(n) as usize) > FIRST_SYMBOL_ROW;
        let mut symbols = SymbolRows::new(most_rows - FIRST_SYMBOL_ROW)?;
        let mut numbered = true;
        for i in 0..count {
            let entry = text(i);
            if candidate(entry.len()) {
                entry.for_each(|_, code| numbered &= symbols.insert(code));
                if !numbered {
                    return Ok(Lanes::default());
                }
            }
        }
        let rows = FIRST_SYMBOL_ROW + symbols.distinct;
        let built: [bool; 4] = std::array::from_fn(|class| stats[class].0 > 0 && rows <= rows_admitted(class));
        if !built.contains(&true) {
            return Ok(Lanes::default());
        }
        let in_lanes = |n: usize| (1..=MAX_LANE_LENGTH).contains(&n) && built[Width::of(n) as usize];

        // Entries sorted by length, stable: a counting sort (no allocation beyond the result).
        let mut next = [0usize; MAX_LANE_LENGTH + 1];
        let mut total = 0;
        for n in 1..=MAX_LANE_LENGTH {
            next[n] = total;
            if in_lanes(n) {
                total += per_length[n];
            }
        }
        let mut entries = Vec::new();
        try_grow(&mut entries, total, 0u32)?;
        for i in 0..count {
            let n = text(i).len();
            if in_lanes(n) {
                entries[next[n]] = i as u32;
                next[n] += 1;
            }
        }

        let mut classes = Vec::new();
        let (mut first_group, mut first_entry) = (0, 0);
        for (class, &width) in WIDTHS.iter().enumerate() {
            if built[class] {
                let count = stats[class].0;
                let groups = count.div_ceil(width.lanes());
                classes.try_reserve(1)?;
                classes.push(Class { width, first_group, groups, first_entry, count });
                first_group += groups;
                first_entry += count;
            }
        }
        let mut groups = Vec::new();
        groups.try_reserve_exact(first_group)?;
        let mut by_length = Vec::new();
        try_grow(&mut by_length, MAX_LANE_LENGTH + 1, (0u32, 0u32))?;
        let mut masks = Vec::new();
        try_grow(&mut masks, first_group * rows, Row::default())?;
        for class in &classes {
            let (width, lanes) = (class.width, class.width.lanes());
            for (j, &index) in entries[class.first_entry..class.first_entry + class.count].iter().enumerate() {
                let (group, lane) = (class.first_group + j / lanes, j % lanes);
                let entry = text(index as usize);
                let n = entry.len();
                if lane == 0 {
                    groups.push(Group { shortest: n as u8, longest: n as u8, lowest_index: index });
                }
                groups[group].longest = n as u8;
                groups[group].lowest_index = groups[group].lowest_index.min(index);
                let range = &mut by_length[n];
                if range.1 == 0 {
                    range.0 = group as u32;
                }
                range.1 = group as u32 + 1;
                let block = &mut masks[group * rows..(group + 1) * rows];
                let below = width.bits() - n;
                set_lane(&mut block[LENGTH_ROW], width, lane, n as u64);
                set_lane(&mut block[VP_ROW], width, lane, (u64::MAX >> (64 - n)) << below);
                entry.for_each(|i, code| set_bit(&mut block[symbols.row(code)], width, lane, below + i));
            }
        }

        let mut remainder = Vec::new();
        remainder.try_reserve_exact(count - total)?;
        remainder.extend((0..count).filter(|&i| !in_lanes(text(i).len())).map(|i| i as u32));
        Ok(Lanes { rows, symbols, classes, groups, by_length, masks, entries, remainder })
    }

    /// Prepares `query` (code points) for [`Lanes::search`] at `level` (clamped to what the CPU has); `None` when
    /// the search should compare entry by entry: the scalar level, or a corpus without lanes.
    pub(crate) fn prepare(&self, level: LaneLevel, query: &[u32]) -> Result<Option<LaneQuery>, AllocError> {
        let level = level.min(detected_level());
        if level == LaneLevel::Scalar || self.classes.is_empty() {
            return Ok(None);
        }
        let mut rows = Vec::new();
        rows.try_reserve_exact(query.len())?;
        rows.extend(query.iter().map(|&code| self.symbols.row(code) as u32));
        Ok(Some(LaneQuery { level, rows }))
    }

    /// Hands `visitor` every entry of part `part` of `parts` that may be within its bound: lanes through
    /// [`Visitor::offer`] (with their distance, when at most the bound at the time), and the entries no lane
    /// holds for this query through [`Visitor::compare`].
    ///
    /// Entries are visited by length, outwards from the query's, where the best distances usually are: the bound
    /// falls early, and both walks stop at the first length farther from the query's than the bound. Within a
    /// length, groups go in corpus order, so that among equally close entries the lowest indexes enter the k best
    /// first and a later group, all of whose entries have higher indexes, can be held to one less than the k-th
    /// distance (see [`Visitor::bound`]). Each part takes every `parts`-th group, so that every part sees entries of
    /// every length and tightens its own bound as fast as the others, and a contiguous share of the remainder.
    pub(crate) fn search(&self, query: &LaneQuery, part: usize, parts: usize, visitor: &mut impl Visitor) -> Result<(), AllocError> {
        let m = query.rows.len();
        // The groups of one length are consecutive, and so are those of consecutive lengths: the groups visited so
        // far are always `visited`, and a group holding several lengths is visited once, at the first of them.
        let mut visited = (usize::MAX, 0);
        for length in m.max(1)..=MAX_LANE_LENGTH {
            match visitor.bound(0) {
                Some(bound) if length - m <= bound => {}
                _ => break,
            }
            let (start, end) = self.groups_of(length);
            if start < end {
                self.walk(query, length, start.max(visited.1)..end, part, parts, visitor)?;
                visited = (visited.0.min(start), visited.1.max(end));
            }
        }
        for length in (1..m.min(MAX_LANE_LENGTH + 1)).rev() {
            match visitor.bound(0) {
                Some(bound) if m - length <= bound => {}
                _ => break,
            }
            let (start, end) = self.groups_of(length);
            if start < end {
                self.walk(query, length, start..end.min(visited.0), part, parts, visitor)?;
                visited.0 = visited.0.min(start);
            }
        }
        let chunk = self.remainder.len().div_ceil(parts);
        for &index in self.remainder.iter().skip(part * chunk).take(chunk) {
            visitor.compare(index as usize)?;
        }
        Ok(())
    }

    /// The groups holding entries of `length` code points, `start..end`.
    fn groups_of(&self, length: usize) -> (usize, usize) {
        let (start, end) = self.by_length[length];
        (start as usize, end as usize)
    }

    /// The most a search of `query` does: group steps, and entries compared one by one.
    pub(crate) fn work(&self, query: &LaneQuery) -> (usize, usize) {
        let m = query.rows.len();
        let (mut steps, mut one_by_one) = (0usize, self.remainder.len());
        for class in &self.classes {
            if cfg!(target_arch = "x86_64") && class.width.fits(m) {
                steps = steps.saturating_add(class.groups.saturating_mul(m.max(1)));
            } else {
                one_by_one += class.count;
            }
        }
        (steps, one_by_one)
    }

    /// Runs this part's share of `groups`, which hold entries of `length` code points, in order.
    fn walk(
        &self,
        query: &LaneQuery,
        length: usize,
        groups: std::ops::Range<usize>,
        part: usize,
        parts: usize,
        visitor: &mut impl Visitor,
    ) -> Result<(), AllocError> {
        let class = self.classes.iter().find(|class| class.width == Width::of(length)).expect("a length with groups has a class");
        // The first group of this part at or after the start.
        let first = groups.start + (part + parts - groups.start % parts) % parts;
        let groups = (first..groups.end).step_by(parts);
        #[cfg(target_arch = "x86_64")]
        if class.width.fits(query.rows.len()) {
            x86::walk(query.level, self, class, &query.rows, groups, visitor);
            return Ok(());
        }
        // A query too long for the class's scores: its entries one by one.
        let lanes = class.width.lanes();
        for group in groups {
            match visitor.bound(self.groups[group].lowest_index as usize) {
                Some(bound) if self.groups[group].gap(query.rows.len()) <= bound => {}
                _ => continue,
            }
            let first = class.first_entry + (group - class.first_group) * lanes;
            let last = (first + lanes).min(class.first_entry + class.count);
            for &index in &self.entries[first..last] {
                visitor.compare(index as usize)?;
            }
        }
        Ok(())
    }

    /// Bytes held by the tables, for the tests of the memory bound.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.symbols.direct.capacity() * 2
            + self.symbols.slots.capacity() * std::mem::size_of::<(u32, u32)>()
            + self.classes.capacity() * std::mem::size_of::<Class>()
            + self.groups.capacity() * std::mem::size_of::<Group>()
            + self.by_length.capacity() * 8
            + self.masks.capacity() * GROUP_BYTES
            + (self.entries.capacity() + self.remainder.capacity()) * 4
    }
}

/// Sets lane `lane` of `row` to `value`.
fn set_lane(row: &mut Row, width: Width, lane: usize, value: u64) {
    let bytes = width.bytes();
    row.0[lane * bytes..(lane + 1) * bytes].copy_from_slice(&value.to_le_bytes()[..bytes]);
}

/// Sets bit `bit` of lane `lane` of `row`.
fn set_bit(row: &mut Row, width: Width, lane: usize, bit: usize) {
    row.0[lane * width.bytes() + bit / 8] |= 1 << (bit % 8);
}

/// Lane `lane` of `row`.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn lane_value(row: &Row, bytes: usize, lane: usize) -> usize {
    let mut value = [0u8; 8];
    value[..bytes].copy_from_slice(&row.0[lane * bytes..(lane + 1) * bytes]);
    u64::from_le_bytes(value) as usize
}

/// A query mapped onto a corpus's rows, at the level it runs.
pub(crate) struct LaneQuery {
    /// Read by the kernels, which exist on x86-64 only.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    level: LaneLevel,
    rows: Vec<u32>,
}

/// What a lane search reports to.
pub(crate) trait Visitor {
    /// The largest distance at which an entry of corpus index `lowest` or above could still be reported; `None`
    /// when none could. Groups farther than that by their length gap alone are skipped.
    fn bound(&self, lowest: usize) -> Option<usize>;
    /// Corpus entry `index` is `distance` away, at most the bound at the time.
    fn offer(&mut self, index: usize, distance: usize);
    /// Corpus entry `index` is not in a lane for this query: compare it on its own.
    fn compare(&mut self, index: usize) -> Result<(), AllocError>;
}

#[test]
fn the_override_forces_a_level_and_none_restores_the_detected_one() {
    // Process-wide: searches of other tests meanwhile only change speed, never results.
    for forced in [LaneLevel::Scalar, LaneLevel::Sse2, LaneLevel::Avx2] {
        force_level(Some(forced));
        assert_eq!(level(), forced.min(detected_level()));
    }
    force_level(None);
    assert_eq!(level(), detected_level());
}

/// The lane tables exist on x86-64 only: elsewhere every search compares entry by entry.
#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use crate::distance::{distance, Strategy};

    fn lanes_of(items: &[Vec<u32>]) -> Lanes {
        Lanes::build(items.len(), |i| EntryText::Wide(&items[i])).unwrap()
    }

    /// Collects every entry reported within a fixed bound, checking each reported distance by the way.
    struct Collect<'a> {
        items: &'a [Vec<u32>],
        query: &'a [u32],
        bound: usize,
        found: Vec<(usize, usize)>,
        compared: usize,
    }

    impl Visitor for Collect<'_> {
        fn bound(&self, _: usize) -> Option<usize> {
            Some(self.bound)
        }

        fn offer(&mut self, index: usize, distance: usize) {
            assert!(distance <= self.bound, "entry {index} offered at {distance}, above the bound {}", self.bound);
            self.found.push((index, distance));
        }

        fn compare(&mut self, index: usize) -> Result<(), AllocError> {
            self.compared += 1;
            let d = reference(self.query, &self.items[index]);
            if d <= self.bound {
                self.found.push((index, d));
            }
            Ok(())
        }
    }

    fn reference(a: &[u32], b: &[u32]) -> usize {
        let (a, b): (String, String) = (a.iter().map(|&c| char::from_u32(c).unwrap()).collect(), b.iter().map(|&c| char::from_u32(c).unwrap()).collect());
        distance(Strategy::Dp, &a, &b, None)
    }

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn text(&mut self, alphabet: &[char], len: usize) -> Vec<u32> {
            (0..len).map(|_| u32::from(alphabet[self.below(alphabet.len())])).collect()
        }
    }

    /// Every entry within `bound`, with its distance, for each level and split into `parts`: exactly the entries
    /// the reference puts there, each once.
    fn assert_search(items: &[Vec<u32>], query: &[u32], bound: usize, parts: usize) {
        let lanes = lanes_of(items);
        let mut expected: Vec<(usize, usize)> =
            items.iter().enumerate().map(|(i, item)| (i, reference(query, item))).filter(|&(_, d)| d <= bound).collect();
        expected.sort_unstable();
        for level in supported_levels().into_iter().filter(|&level| level != LaneLevel::Scalar) {
            let prepared = lanes.prepare(level, query).unwrap().expect("lanes were built");
            let mut found = Vec::new();
            for part in 0..parts {
                let mut visitor = Collect { items, query, bound, found: Vec::new(), compared: 0 };
                lanes.search(&prepared, part, parts, &mut visitor).unwrap();
                found.extend(visitor.found);
            }
            found.sort_unstable();
            assert_eq!(found, expected, "{level:?}, query of {} code points, bound {bound}, {parts} parts", query.len());
        }
    }

    #[test]
    fn every_lane_length_gives_the_exact_distance() {
        // Both sides of each class boundary, corpus sizes that leave the last group part-full, queries shorter
        // and longer than the entries, and a small alphabet (long carry runs, many ties).
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let alphabet = ['a', 'b', 'c'];
        for n in [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65] {
            for size in [33, 70] {
                // Words of five letters besides: entries of 65 code points have no lane, and need a class beside them.
                let mut items: Vec<Vec<u32>> = (0..size).map(|_| rng.text(&alphabet, n)).collect();
                items.extend((0..33).map(|_| rng.text(&alphabet, 5)));
                for m in [0, 1, n - 1, n, n + 1, 2 * n + 3, 100] {
                    let query = rng.text(&alphabet, m);
                    assert_search(&items, &query, usize::MAX, 1);
                }
                // A query equal to an entry, and one a substitution away.
                let mut query = items[size / 2].clone();
                assert_search(&items, &query, 1, 1);
                query[n / 2] = u32::from('z');
                assert_search(&items, &query, 1, 1);
            }
        }
    }

    #[test]
    fn mixed_lengths_bounds_and_parts() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = ['a', 'b', 'c', 'd', 'é', 'ж', '中', '😀', '\u{20000}'];
        for round in 0..40 {
            let items: Vec<Vec<u32>> = (0..rng.below(300) + 40).map(|_| {
                let n = rng.below(if round % 4 == 0 { 80 } else { 20 });
                rng.text(&alphabet[..3 + round % 7], n)
            }).collect();
            for m in [0, 3, 8, 12, 40] {
                let query = rng.text(&alphabet, m);
                for bound in [0, 1, 2, 4, usize::MAX] {
                    assert_search(&items, &query, bound, 1 + round % 3);
                }
            }
        }
    }

    #[test]
    fn a_query_too_long_for_8_bit_scores_compares_those_entries_one_by_one() {
        let mut rng = Rng(0x1B87_3593_CC9E_2D51);
        let alphabet = ['a', 'b', 'c', 'd'];
        let items: Vec<Vec<u32>> = (0..100).map(|i| rng.text(&alphabet, 1 + i % 20)).collect();
        for m in [191, 192, 300] {
            let query = rng.text(&alphabet, m);
            assert_eq!(Width::W8.fits(m), m <= 191);
            assert_search(&items, &query, usize::MAX, 1);
            assert_search(&items, &query, m - 5, 2);
            let lanes = lanes_of(&items);
            let prepared = lanes.prepare(LaneLevel::Avx2, &query).unwrap().unwrap();
            let mut visitor = Collect { items: &items, query: &query, bound: usize::MAX, found: Vec::new(), compared: 0 };
            lanes.search(&prepared, 0, 1, &mut visitor).unwrap();
            // The 8-bit class (entries of up to 8 code points) goes one by one beyond 191, the others stay in lanes.
            assert_eq!(visitor.compared, if m <= 191 { 0 } else { items.iter().filter(|item| item.len() <= 8).count() });
        }
    }

    #[test]
    fn mixed_scripts_and_astral_code_points_are_one_symbol_each() {
        let words = ["héllo", "жук", "中文字", "😀😁", "a😀b", "\u{20000}\u{20001}x", "", "naïve"];
        let items: Vec<Vec<u32>> = words.iter().map(|w| codes(w)).collect();
        for query in ["hello", "😀", "中文", "жуки", "a\u{20000}b", "zzz"] {
            assert_search(&items, &codes(query), usize::MAX, 1);
        }
        // Code points absent from the corpus match nothing, and still cost one step each.
        let lanes = lanes_of(&items);
        assert_eq!(lanes.symbols.row(u32::from('q')), ABSENT_ROW);
        assert_ne!(lanes.symbols.row(0x1F600), ABSENT_ROW);
    }

    #[test]
    fn groups_hold_entries_sorted_by_length_in_corpus_order() {
        let items: Vec<Vec<u32>> = ["ccc", "a", "bb", "dd", "e", "", &"f".repeat(70), &"g".repeat(9)].iter().map(|w| codes(w)).collect();
        let lanes = lanes_of(&items);
        assert_eq!(lanes.classes.len(), 2);
        assert_eq!(lanes.entries, vec![1, 4, 2, 3, 0, 7]);
        assert_eq!(lanes.remainder, vec![5, 6]);
        assert_eq!((lanes.groups[0].shortest, lanes.groups[0].longest), (1, 3));
        // Entry "a" in lane 0 of the 8-bit group: at the top of its lane.
        assert_eq!(lanes.masks[lanes.symbols.row(u32::from('a'))].0[0], 0x80);
        assert_eq!(lanes.masks[VP_ROW].0[..6], [0x80, 0x80, 0xC0, 0xC0, 0xE0, 0]);
    }

    #[test]
    fn the_tables_stay_within_the_budget_and_a_large_alphabet_gets_none() {
        // 100 000 words of 4 to 12 letters: both classes are built, within the budget.
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        let letters: Vec<char> = ('a'..='z').collect();
        let words: Vec<Vec<u32>> = (0..100_000).map(|_| {
            let n = 4 + rng.below(9);
            rng.text(&letters, n)
        }).collect();
        let code_points: usize = words.iter().map(Vec::len).sum();
        let lanes = lanes_of(&words);
        assert_eq!(lanes.classes.len(), 2);
        assert!(lanes.masks.len() * GROUP_BYTES <= LANE_TABLE_BUDGET * code_points);
        let per = lanes.heap_bytes() / code_points;
        assert!(per <= LANE_TABLE_BUDGET + 8, "{per} bytes per corpus code point");

        // 100 000 random CJK words from 20 000 ideographs: the budget admits no class, and nothing is kept.
        let cjk: Vec<char> = (0x4E00..0x4E00 + 20_000).map(|c| char::from_u32(c).unwrap()).collect();
        let words: Vec<Vec<u32>> = (0..100_000).map(|_| {
            let n = 1 + rng.below(12);
            rng.text(&cjk, n)
        }).collect();
        let lanes = lanes_of(&words);
        assert!(lanes.classes.is_empty());
        assert_eq!(lanes.heap_bytes(), 0);
        assert!(lanes.prepare(LaneLevel::Avx2, &[0x4E00]).unwrap().is_none());

        // A few hundred distinct code points in long entries: the 64-bit class admits them, the 8-bit one not.
        let mixed: Vec<char> = (0x3B1..0x3B1 + 20).chain(0x4E00..0x4E00 + 200).map(|c| char::from_u32(c).unwrap()).collect();
        let mut words: Vec<Vec<u32>> = (0..2000).map(|_| rng.text(&mixed[..20], 3)).collect();
        words.extend((0..2000).map(|_| rng.text(&mixed, 60)));
        let code_points: usize = words.iter().map(Vec::len).sum();
        let lanes = lanes_of(&words);
        assert_eq!(lanes.classes.iter().map(|class| class.width).collect::<Vec<_>>(), vec![Width::W64]);
        assert_eq!(lanes.remainder.len(), 2000);
        assert!(lanes.heap_bytes() <= (LANE_TABLE_BUDGET + 8) * code_points);
        assert_search(&words[..100].iter().chain(&words[2000..2100]).cloned().collect::<Vec<_>>(), &words[2005], 3, 1);
    }

    #[test]
    fn a_forced_level_is_clamped_to_what_the_cpu_has() {
        assert_eq!(LaneLevel::from_code(255), None);
        assert_eq!(LaneLevel::from_code(7), None);
        let items: Vec<Vec<u32>> = (0..40).map(|i| codes(["abc", "abd", "b"][i % 3])).collect();
        let lanes = lanes_of(&items);
        for level in [LaneLevel::Scalar, LaneLevel::Sse2, LaneLevel::Avx2] {
            let prepared = lanes.prepare(level, &codes("ab")).unwrap();
            assert_eq!(prepared.map(|q| q.level), (level.min(detected_level()) != LaneLevel::Scalar).then(|| level.min(detected_level())));
        }
    }
}
