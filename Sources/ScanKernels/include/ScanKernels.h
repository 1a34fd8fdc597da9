#ifndef CASEBOOK_SCAN_KERNELS_H
#define CASEBOOK_SCAN_KERNELS_H

#include <stdint.h>

/// The sanitizer's shape pass, 64 positions at a time: bit k of the result is set where the pass has something to
/// test at `bytes[k]`, which is
/// - a number's start (a digit, `+`, `(`) or an IBAN's (two upper-case letters, then two digits) after a byte that is
///   not part of a word (a letter, a digit, `.`, `_`, `-`);
/// - a `:` after a hex digit, before a hex digit or another `:`;
/// - a `-` or `.` with exactly two hex digits (four for `.`) on each side and the same separator past one of them,
///   where a MAC address has its separators.
/// The scanned range is `bytes[low..<high]` (`low` may be negative, `high` is 64 or more): what follows a position
/// is read only inside it, as the scanners read it; the byte before a position is read wherever it is.
/// `bytes[-16]` through `bytes[79]` must be readable. Bit k of `*digits` is set where `bytes[k]` is a digit, so that
/// a number's digits can be counted without reading them again.
///
/// Swift's SIMD types compile to scalar code on Linux; these are AVX2 vectors where the machine has them (chosen when
/// the program starts), SSE2 vectors on any other x86-64, and the same test a byte at a time elsewhere.
uint64_t casebook_shape_candidates64(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits);

/// `casebook_shape_candidates64` as every machine of this architecture runs it (SSE2 on x86-64): the chosen kernel
/// must agree with it.
uint64_t casebook_shape_candidates64_baseline(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits);

/// A byte with bit 5 set: upper-case letters become lower case, and no two bytes that are equal without regard to
/// case differ after it. Other bytes may meet (`@` and `` ` ``), which a prefilter may allow.
static inline uint8_t casebook_fold(uint8_t byte) { return byte | 0x20; }

/// The number of 32-bit words of a keyword table (16 KiB, which stays in the first-level cache).
#define CASEBOOK_KEYWORD_TABLE_WORDS 4096

/// The word of a keyword table for three folded bytes, `a | b << 8 | c << 16`: a multiplicative hash.
static inline uint32_t casebook_keyword_word(uint32_t triple) { return (triple * 0x9E3779B1u) >> 20; }

/// The bit, in that word, for the folded byte that follows the three.
static inline uint32_t casebook_keyword_bit(uint8_t fourth) { return fourth & 31; }

/// The keyword prefilter, 64 positions at a time: bit k of the result is set where position k may start a keyword.
///
/// Bytes are folded (`casebook_fold`). Position k passes where `table`, at the word of bytes `k` to `k + 2`, has the
/// bit of byte `k + 3` (a keyword of four bytes or more sets the bit of its fourth byte, one of three bytes its
/// whole word); where bytes `k` and `k + 1` are one of the `pairCount` pairs in `pairs` (two bytes each); or where
/// byte `k` is one of the `singleCount` bytes in `singles`.
///
/// Positions from `count` on are never set. Only `readable` bytes (at least `count`) are read: bytes past them read
/// as zeros (folded, spaces), where no keyword that fits before them can be missed; bytes past `count` that are
/// readable are read as they are, which may only let through a position that no keyword fits. With AVX2 (chosen
/// when the program starts) eight positions are tested at a time by gathering their table words; elsewhere one at
/// a time.
uint64_t casebook_keyword_candidates64(const uint8_t *bytes, intptr_t count, intptr_t readable,
                                       const uint32_t *table, const uint8_t *pairs, intptr_t pairCount,
                                       const uint8_t *singles, intptr_t singleCount);

/// `casebook_keyword_candidates64` one position at a time, whatever the machine: the vector test must agree with it.
uint64_t casebook_keyword_candidates64_portable(const uint8_t *bytes, intptr_t count, intptr_t readable,
                                                const uint32_t *table, const uint8_t *pairs, intptr_t pairCount,
                                                const uint8_t *singles, intptr_t singleCount);

#endif
