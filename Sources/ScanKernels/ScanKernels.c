#include "ScanKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>

/// 0xFF in each lane whose byte is in lo...hi (unsigned).
static inline __m128i in_range(__m128i x, uint8_t lo, uint8_t hi) {
    __m128i offset = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));
    __m128i width = _mm_set1_epi8((char)(hi - lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(offset, width), offset);
}

static inline __m128i equal(__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); }

static inline uint64_t candidates16(const uint8_t *bytes) {
    __m128i current = _mm_loadu_si128((const __m128i *)bytes);
    __m128i previous = _mm_loadu_si128((const __m128i *)(bytes - 1));
    __m128i starts = _mm_or_si128(
        _mm_or_si128(in_range(current, '0', '9'), in_range(current, 'A', 'Z')),
        _mm_or_si128(equal(current, '+'), equal(current, '(')));
    __m128i separates = _mm_or_si128(_mm_or_si128(equal(current, ':'), equal(current, '-')), equal(current, '.'));
    // Letters folded to lower case: only A-Z move, into a-z.
    __m128i folded = _mm_or_si128(previous, _mm_set1_epi8(0x20));
    __m128i digitBefore = in_range(previous, '0', '9');
    __m128i wordBefore = _mm_or_si128(
        _mm_or_si128(digitBefore, in_range(folded, 'a', 'z')),
        _mm_or_si128(_mm_or_si128(equal(previous, '.'), equal(previous, '_')), equal(previous, '-')));
    __m128i hexBefore = _mm_or_si128(digitBefore, in_range(folded, 'a', 'f'));
    __m128i hits = _mm_or_si128(_mm_andnot_si128(wordBefore, starts), _mm_and_si128(separates, hexBefore));
    return (uint64_t)(uint16_t)_mm_movemask_epi8(hits);
}

uint64_t casebook_shape_candidates64(const uint8_t *bytes) {
    return candidates16(bytes) | candidates16(bytes + 16) << 16 | candidates16(bytes + 32) << 32
        | candidates16(bytes + 48) << 48;
}

#else

static inline int is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
static inline int is_hex(uint8_t b) { return is_digit(b) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f'); }
static inline int is_word(uint8_t b) {
    return is_digit(b) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b == '.' || b == '_' || b == '-';
}

uint64_t casebook_shape_candidates64(const uint8_t *bytes) {
    uint64_t result = 0;
    for (int k = 0; k < 64; k++) {
        uint8_t b = bytes[k], before = bytes[k - 1];
        int starts = is_digit(b) || (b >= 'A' && b <= 'Z') || b == '+' || b == '(';
        int separates = b == ':' || b == '-' || b == '.';
        if ((starts && !is_word(before)) || (separates && is_hex(before))) result |= (uint64_t)1 << k;
    }
    return result;
}

#endif
