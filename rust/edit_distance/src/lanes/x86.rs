//! The lane kernel on x86-64: one algorithm ([`walk_class`]) over a 256-bit group, instantiated for AVX2 (one
//! register per group) and SSE2 (two), each inside a function compiled with its feature, and for each lane width.

use std::arch::x86_64::*;

use super::{lane_value, Class, LaneLevel, Lanes, Row, Visitor, Width, ABSENT_ROW, LENGTH_ROW, VP_ROW};

/// Runs `groups` of `class` (in that order) against the query `rows` at `level`, but those the visitor's bound rules
/// out by their length gap. `level` is at most the detected level ([`Lanes::prepare`] clamps it).
pub(super) fn walk(
    level: LaneLevel,
    lanes: &Lanes,
    class: &Class,
    rows: &[u32],
    groups: impl Iterator<Item = usize>,
    visitor: &mut impl Visitor,
) {
    debug_assert!(level <= super::detected_level() && level != LaneLevel::Scalar);
    // Every row index is in a group's block: the query's rows come from the corpus's own numbering.
    debug_assert!(rows.iter().all(|&row| (row as usize) < lanes.rows && row as usize >= ABSENT_ROW));
    match level {
        // SAFETY: a query runs at Avx2 only when the CPU has AVX2: `Lanes::prepare` clamps the level to
        // `detected_level()`, which asks the CPU.
        LaneLevel::Avx2 => unsafe { walk_avx2(lanes, class, rows, groups, visitor) },
        // SAFETY: every x86-64 CPU has SSE2.
        _ => unsafe { walk_sse2(lanes, class, rows, groups, visitor) },
    }
}

/// # Safety
/// The CPU must have AVX2.
#[target_feature(enable = "avx2")]
unsafe fn walk_avx2(lanes: &Lanes, class: &Class, rows: &[u32], groups: impl Iterator<Item = usize>, visitor: &mut impl Visitor) {
    // SAFETY: this function is compiled with AVX2, and only called on a CPU that has it.
    unsafe { by_width::<Avx2>(lanes, class, rows, groups, visitor) }
}

/// # Safety
/// The CPU must have SSE2 (every x86-64 CPU has it).
#[target_feature(enable = "sse2")]
unsafe fn walk_sse2(lanes: &Lanes, class: &Class, rows: &[u32], groups: impl Iterator<Item = usize>, visitor: &mut impl Visitor) {
    // SAFETY: this function is compiled with SSE2, and only called on a CPU that has it.
    unsafe { by_width::<Sse2>(lanes, class, rows, groups, visitor) }
}

/// # Safety
/// As for [`Vector`]: the caller is compiled with `V`'s feature, on a CPU that has it.
#[inline(always)]
unsafe fn by_width<V: Vector>(lanes: &Lanes, class: &Class, rows: &[u32], groups: impl Iterator<Item = usize>, visitor: &mut impl Visitor) {
    // SAFETY: the caller's contract is each instantiation's.
    unsafe {
        match class.width {
            Width::W8 => walk_class::<V, 8>(lanes, class, rows, groups, visitor),
            Width::W16 => walk_class::<V, 16>(lanes, class, rows, groups, visitor),
            Width::W32 => walk_class::<V, 32>(lanes, class, rows, groups, visitor),
            Width::W64 => walk_class::<V, 64>(lanes, class, rows, groups, visitor),
        }
    }
}

/// Myers' step for every lane of each group, one query symbol at a time; then the lanes within the bound go to the
/// visitor. The step is the scalar path's (bitparallel.rs `single_word_loop`, C# Lanes.cs, Python lanes.py)
/// with lane-wise adds for the shifts, and the score row at each lane's top bit.
///
/// # Safety
/// As for [`Vector`]: the caller is compiled with `V`'s feature, on a CPU that has it.
#[inline(always)]
unsafe fn walk_class<V: Vector, const W: u32>(
    lanes: &Lanes,
    class: &Class,
    rows: &[u32],
    groups: impl Iterator<Item = usize>,
    visitor: &mut impl Visitor,
) {
    let m = rows.len();
    let bytes = W as usize / 8;
    let per_group = 32 / bytes;
    // The lowest byte of each lane: one bit per lane in a byte mask.
    let lane_starts = match W {
        8 => u32::MAX,
        16 => 0x5555_5555,
        32 => 0x1111_1111,
        _ => 0x0101_0101,
    };
    let limit = class.width.score_limit();
    let block_rows = lanes.rows;
    // SAFETY (this block and the calls below): the caller is compiled with V's feature, on a CPU that has it.
    unsafe {
        // Each step adds 1 (row 0 of the DP grows by one per column) plus the two sign masks (-1 each when hp is
        // clear, -1 more when hn is set), so the +1 of all m steps is added to the start once.
        let steps = V::splat::<W>(m as u64);
        for group in groups {
            let info = lanes.groups[group];
            let bound = match visitor.bound(info.lowest_index as usize) {
                Some(bound) if info.gap(m) <= bound => bound,
                _ => continue,
            };
            let block = &lanes.masks[group * block_rows..(group + 1) * block_rows];
            let mut vp = V::load(&block[VP_ROW]);
            let mut vn = V::zero();
            let mut score = V::load(&block[LENGTH_ROW]).add::<W>(steps);
            for &row in rows {
                let x = V::load(&block[row as usize]);
                let sum = x.and(vp).add::<W>(vp).xor(vp);
                let sum_or_x = sum.or(x);
                let d0 = sum_or_x.or(vn);
                // !hp computed directly, as the scalar path does (vp & vn == 0).
                let not_hp = sum_or_x.and_not(vn).or(vp);
                let hn = d0.and(vp);
                score = score.add::<W>(not_hp.sign::<W>()).add::<W>(hn.sign::<W>());
                let not_hp_shifted = not_hp.add::<W>(not_hp);
                vp = hn.add::<W>(hn).or(not_hp_shifted.and_not(d0));
                vn = d0.and_not(not_hp_shifted);
            }
            let first = (group - class.first_group) * per_group;
            let in_group = (class.count - first).min(per_group);
            let mut within = score.at_most::<W>(V::splat::<W>(bound.min(limit) as u64)) & lane_starts;
            if in_group < per_group {
                within &= (1u32 << (in_group * bytes)) - 1;
            }
            if within != 0 {
                let mut scores = Row::default();
                score.store(&mut scores);
                while within != 0 {
                    let lane = within.trailing_zeros() as usize / bytes;
                    within &= within - 1;
                    visitor.offer(lanes.entries[class.first_entry + first + lane] as usize, lane_value(&scores, bytes, lane));
                }
            }
        }
    }
}

/// A 256-bit group in registers, with the lane-wise operations of the kernel; `W` is the lane width in bits.
///
/// # Safety
/// Every method executes instructions of the implementing type's CPU feature: call them only from a function
/// compiled with that feature (they are `#[inline(always)]`, so they compile into it), on a CPU that has it.
trait Vector: Copy {
    unsafe fn load(row: &Row) -> Self;
    unsafe fn store(self, row: &mut Row);
    unsafe fn zero() -> Self;
    /// `value` in every lane; it fits the lane.
    unsafe fn splat<const W: u32>(value: u64) -> Self;
    unsafe fn and(self, other: Self) -> Self;
    unsafe fn or(self, other: Self) -> Self;
    unsafe fn xor(self, other: Self) -> Self;
    /// `self & !other`.
    unsafe fn and_not(self, other: Self) -> Self;
    unsafe fn add<const W: u32>(self, other: Self) -> Self;
    /// All ones in each lane whose top bit is set, zero in the others.
    unsafe fn sign<const W: u32>(self) -> Self;
    /// A byte mask (bit `i` for byte `i`) whose bit at each lane's lowest byte says whether the lane is at most
    /// `bound`'s. For 32- and 64-bit lanes both must be below 2^31 (the compare is signed, and 64-bit lanes are
    /// compared by their low halves).
    unsafe fn at_most<const W: u32>(self, bound: Self) -> u32;
}

#[derive(Clone, Copy)]
struct Avx2(__m256i);

impl Vector for Avx2 {
    #[inline(always)]
    unsafe fn load(row: &Row) -> Self {
        // SAFETY: a Row is 32 bytes aligned to 32.
        Avx2(unsafe { _mm256_load_si256(row.0.as_ptr().cast()) })
    }

    #[inline(always)]
    unsafe fn store(self, row: &mut Row) {
        // SAFETY: a Row is 32 bytes aligned to 32.
        unsafe { _mm256_store_si256(row.0.as_mut_ptr().cast(), self.0) }
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        Avx2(_mm256_setzero_si256())
    }

    #[inline(always)]
    unsafe fn splat<const W: u32>(value: u64) -> Self {
        Avx2(match W {
            8 => _mm256_set1_epi8(value as i8),
            16 => _mm256_set1_epi16(value as i16),
            32 => _mm256_set1_epi32(value as i32),
            _ => _mm256_set1_epi64x(value as i64),
        })
    }

    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        Avx2(_mm256_and_si256(self.0, other.0))
    }

    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        Avx2(_mm256_or_si256(self.0, other.0))
    }

    #[inline(always)]
    unsafe fn xor(self, other: Self) -> Self {
        Avx2(_mm256_xor_si256(self.0, other.0))
    }

    #[inline(always)]
    unsafe fn and_not(self, other: Self) -> Self {
        Avx2(_mm256_andnot_si256(other.0, self.0))
    }

    #[inline(always)]
    unsafe fn add<const W: u32>(self, other: Self) -> Self {
        Avx2(match W {
            8 => _mm256_add_epi8(self.0, other.0),
            16 => _mm256_add_epi16(self.0, other.0),
            32 => _mm256_add_epi32(self.0, other.0),
            _ => _mm256_add_epi64(self.0, other.0),
        })
    }

    #[inline(always)]
    unsafe fn sign<const W: u32>(self) -> Self {
        Avx2(match W {
            8 => _mm256_cmpgt_epi8(_mm256_setzero_si256(), self.0),
            16 => _mm256_srai_epi16::<15>(self.0),
            32 => _mm256_srai_epi32::<31>(self.0),
            _ => _mm256_cmpgt_epi64(_mm256_setzero_si256(), self.0),
        })
    }

    #[inline(always)]
    unsafe fn at_most<const W: u32>(self, bound: Self) -> u32 {
        let (a, b) = (self.0, bound.0);
        (match W {
            8 => _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_subs_epu8(a, b), _mm256_setzero_si256())),
            16 => _mm256_movemask_epi8(_mm256_cmpeq_epi16(_mm256_subs_epu16(a, b), _mm256_setzero_si256())),
            _ => !_mm256_movemask_epi8(_mm256_cmpgt_epi32(a, b)),
        }) as u32
    }
}

/// The group as two 128-bit halves: every operation is done on both.
#[derive(Clone, Copy)]
struct Sse2(__m128i, __m128i);

impl Sse2 {
    #[inline(always)]
    fn each(self, other: Self, op: impl Fn(__m128i, __m128i) -> __m128i) -> Self {
        Sse2(op(self.0, other.0), op(self.1, other.1))
    }
}

impl Vector for Sse2 {
    #[inline(always)]
    unsafe fn load(row: &Row) -> Self {
        let p: *const __m128i = row.0.as_ptr().cast();
        // SAFETY: a Row is 32 bytes aligned to 32: two aligned halves of 16.
        unsafe { Sse2(_mm_load_si128(p), _mm_load_si128(p.add(1))) }
    }

    #[inline(always)]
    unsafe fn store(self, row: &mut Row) {
        let p: *mut __m128i = row.0.as_mut_ptr().cast();
        // SAFETY: a Row is 32 bytes aligned to 32: two aligned halves of 16.
        unsafe {
            _mm_store_si128(p, self.0);
            _mm_store_si128(p.add(1), self.1);
        }
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        Sse2(_mm_setzero_si128(), _mm_setzero_si128())
    }

    #[inline(always)]
    unsafe fn splat<const W: u32>(value: u64) -> Self {
        let half = match W {
            8 => _mm_set1_epi8(value as i8),
            16 => _mm_set1_epi16(value as i16),
            32 => _mm_set1_epi32(value as i32),
            _ => _mm_set1_epi64x(value as i64),
        };
        Sse2(half, half)
    }

    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        self.each(other, |a, b| _mm_and_si128(a, b))
    }

    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        self.each(other, |a, b| _mm_or_si128(a, b))
    }

    #[inline(always)]
    unsafe fn xor(self, other: Self) -> Self {
        self.each(other, |a, b| _mm_xor_si128(a, b))
    }

    #[inline(always)]
    unsafe fn and_not(self, other: Self) -> Self {
        self.each(other, |a, b| _mm_andnot_si128(b, a))
    }

    #[inline(always)]
    unsafe fn add<const W: u32>(self, other: Self) -> Self {
        self.each(other, |a, b| match W {
            8 => _mm_add_epi8(a, b),
            16 => _mm_add_epi16(a, b),
            32 => _mm_add_epi32(a, b),
            _ => _mm_add_epi64(a, b),
        })
    }

    #[inline(always)]
    unsafe fn sign<const W: u32>(self) -> Self {
        self.each(self, |a, _| match W {
            8 => _mm_cmpgt_epi8(_mm_setzero_si128(), a),
            16 => _mm_srai_epi16::<15>(a),
            32 => _mm_srai_epi32::<31>(a),
            // No 64-bit compare or arithmetic shift in SSE2: copy each lane's high half over its low half first.
            _ => _mm_srai_epi32::<31>(_mm_shuffle_epi32::<0b11_11_01_01>(a)),
        })
    }

    #[inline(always)]
    unsafe fn at_most<const W: u32>(self, bound: Self) -> u32 {
        let half = |a: __m128i, b: __m128i| {
            (match W {
                8 => _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(a, b), _mm_setzero_si128())),
                16 => _mm_movemask_epi8(_mm_cmpeq_epi16(_mm_subs_epu16(a, b), _mm_setzero_si128())),
                _ => !_mm_movemask_epi8(_mm_cmpgt_epi32(a, b)) & 0xFFFF,
            }) as u32
        };
        half(self.0, bound.0) | half(self.1, bound.1) << 16
    }
}
