#ifndef CASEBOOK_SCAN_KERNELS_H
#define CASEBOOK_SCAN_KERNELS_H

#include <stdint.h>

/// The sanitizer's shape pass, 64 positions at a time: bit k of the result is set where `bytes[k]` may start a
/// shape, that is where it may start a number or an IBAN (a digit, `+`, `(`, an upper-case letter) and the byte
/// before it is not part of a word (a letter, a digit, `.`, `_`, `-`), or where it separates hex groups (`:`, `-`,
/// `.`) and the byte before it is a hex digit. `bytes[-1]` through `bytes[63]` must be readable.
///
/// Swift's SIMD types compile to scalar code on Linux; these are SSE2 vectors where the machine has them (every
/// x86-64), and the same test a byte at a time elsewhere.
uint64_t casebook_shape_candidates64(const uint8_t *bytes);

#endif
