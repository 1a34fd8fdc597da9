#include "ScanKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>

/// 0xFF in each lane whose byte is in lo...hi (unsigned): moved so that lo becomes the least signed byte, a byte is
/// in the range when it is less than the range's width from there.
static inline __m128i in_range(__m128i x, uint8_t lo, uint8_t hi) {
    __m128i moved = _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - lo)));
    return _mm_cmpgt_epi8(_mm_set1_epi8((char)(0x80 + hi - lo + 1)), moved);
}

static inline __m128i equal(__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); }

static inline uint64_t candidates16(const uint8_t *bytes, uint64_t *digits) {
    __m128i current = _mm_loadu_si128((const __m128i *)bytes);
    __m128i previous = _mm_loadu_si128((const __m128i *)(bytes - 1));
    __m128i digit = in_range(current, '0', '9');
    *digits = (uint64_t)(uint16_t)_mm_movemask_epi8(digit);
    __m128i starts = _mm_or_si128(
        _mm_or_si128(digit, in_range(current, 'A', 'Z')),
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

static uint64_t shape_candidates_sse2(const uint8_t *bytes, uint64_t *digits) {
    uint64_t d0, d1, d2, d3;
    uint64_t result = candidates16(bytes, &d0) | candidates16(bytes + 16, &d1) << 16
        | candidates16(bytes + 32, &d2) << 32 | candidates16(bytes + 48, &d3) << 48;
    *digits = d0 | d1 << 16 | d2 << 32 | d3 << 48;
    return result;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i in_range32(__m256i x, uint8_t lo, uint8_t hi) {
    __m256i moved = _mm256_add_epi8(x, _mm256_set1_epi8((char)(0x80 - lo)));
    return _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + hi - lo + 1)), moved);
}

AVX2 static inline __m256i equal32(__m256i x, char c) { return _mm256_cmpeq_epi8(x, _mm256_set1_epi8(c)); }

/// `candidates16` for 32 positions at once.
AVX2 static inline uint64_t candidates32(const uint8_t *bytes, uint64_t *digits) {
    __m256i current = _mm256_loadu_si256((const __m256i *)bytes);
    __m256i previous = _mm256_loadu_si256((const __m256i *)(bytes - 1));
    __m256i digit = in_range32(current, '0', '9');
    *digits = (uint32_t)_mm256_movemask_epi8(digit);
    __m256i starts = _mm256_or_si256(_mm256_or_si256(digit, in_range32(current, 'A', 'Z')),
                                     _mm256_or_si256(equal32(current, '+'), equal32(current, '(')));
    __m256i separates =
        _mm256_or_si256(_mm256_or_si256(equal32(current, ':'), equal32(current, '-')), equal32(current, '.'));
    __m256i folded = _mm256_or_si256(previous, _mm256_set1_epi8(0x20));
    __m256i digitBefore = in_range32(previous, '0', '9');
    __m256i wordBefore = _mm256_or_si256(
        _mm256_or_si256(digitBefore, in_range32(folded, 'a', 'z')),
        _mm256_or_si256(_mm256_or_si256(equal32(previous, '.'), equal32(previous, '_')), equal32(previous, '-')));
    __m256i hexBefore = _mm256_or_si256(digitBefore, in_range32(folded, 'a', 'f'));
    __m256i hits =
        _mm256_or_si256(_mm256_andnot_si256(wordBefore, starts), _mm256_and_si256(separates, hexBefore));
    return (uint32_t)_mm256_movemask_epi8(hits);
}

AVX2 static uint64_t shape_candidates_avx2(const uint8_t *bytes, uint64_t *digits) {
    uint64_t low, high;
    uint64_t result = candidates32(bytes, &low) | candidates32(bytes + 32, &high) << 32;
    *digits = low | high << 32;
    return result;
}
#define CASEBOOK_SHAPE_AVX2 1
#endif

typedef uint64_t (*shape_kernel)(const uint8_t *, uint64_t *);

/// The shape kernel this machine runs: chosen with the keyword kernel when the program starts.
static shape_kernel shape_candidates_block = shape_candidates_sse2;

uint64_t casebook_shape_candidates64(const uint8_t *bytes, uint64_t *digits) {
    return shape_candidates_block(bytes, digits);
}

uint64_t casebook_shape_candidates64_baseline(const uint8_t *bytes, uint64_t *digits) {
    return shape_candidates_sse2(bytes, digits);
}

#else

static inline int is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
static inline int is_hex(uint8_t b) { return is_digit(b) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f'); }
static inline int is_word(uint8_t b) {
    return is_digit(b) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b == '.' || b == '_' || b == '-';
}

uint64_t casebook_shape_candidates64(const uint8_t *bytes, uint64_t *digits) {
    uint64_t result = 0;
    *digits = 0;
    for (int k = 0; k < 64; k++) {
        uint8_t b = bytes[k], before = bytes[k - 1];
        if (is_digit(b)) *digits |= (uint64_t)1 << k;
        int starts = is_digit(b) || (b >= 'A' && b <= 'Z') || b == '+' || b == '(';
        int separates = b == ':' || b == '-' || b == '.';
        if ((starts && !is_word(before)) || (separates && is_hex(before))) result |= (uint64_t)1 << k;
    }
    return result;
}

uint64_t casebook_shape_candidates64_baseline(const uint8_t *bytes, uint64_t *digits) {
    return casebook_shape_candidates64(bytes, digits);
}

#endif

// MARK: - The keyword prefilter

#include <string.h>

/// How many bytes the 64 positions of a block read: the vector path loads 16 bytes for each eight positions.
enum { keyword_block_reach = 72 };

/// The keywords that the table does not hold.
struct short_keywords {
    const uint8_t *pairs;
    intptr_t pairCount;
    const uint8_t *singles;
    intptr_t singleCount;
};

/// The short keywords come by pointer: a copy of the structure, stored as 8-byte fields and read back as 16-byte
/// halves, would wait for the stores to complete on every block.
typedef uint64_t (*keyword_kernel)(const uint8_t *, const uint32_t *, const struct short_keywords *);

static uint64_t keyword_candidates_scalar(const uint8_t *bytes, const uint32_t *table,
                                          const struct short_keywords *shorts) {
    uint64_t result = 0;
    for (int k = 0; k < 64; k++) {
        uint8_t a = casebook_fold(bytes[k]), b = casebook_fold(bytes[k + 1]);
        uint32_t triple = a | (uint32_t)b << 8 | (uint32_t)casebook_fold(bytes[k + 2]) << 16;
        uint64_t hit = table[casebook_keyword_word(triple)] >> casebook_keyword_bit(casebook_fold(bytes[k + 3])) & 1;
        for (intptr_t p = 0; p < shorts->pairCount; p++) {
            hit |= (uint64_t)(a == shorts->pairs[2 * p] && b == shorts->pairs[2 * p + 1]);
        }
        for (intptr_t s = 0; s < shorts->singleCount; s++) hit |= (uint64_t)(a == shorts->singles[s]);
        result |= hit << k;
    }
    return result;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

/// Bit k set where position `k` of the eight from `bytes` passes the table (bytes[0] through bytes[15] are read).
__attribute__((target("avx2"))) static inline uint32_t keyword_candidates8_avx2(const uint8_t *bytes,
                                                                                const uint32_t *table) {
    // Lane k of eight 32-bit lanes takes bytes k to k + 3: both halves hold the same 16 bytes, and each half's
    // shuffle picks from its own copy.
    const __m256i windows = _mm256_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, //
                                             4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10);
    __m256i both = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)bytes));
    __m256i quads = _mm256_or_si256(_mm256_shuffle_epi8(both, windows), _mm256_set1_epi8(0x20));
    __m256i triples = _mm256_and_si256(quads, _mm256_set1_epi32(0xFFFFFF));
    __m256i words = _mm256_srli_epi32(_mm256_mullo_epi32(triples, _mm256_set1_epi32((int)0x9E3779B1u)), 20);
    __m256i bits = _mm256_and_si256(_mm256_srli_epi32(quads, 24), _mm256_set1_epi32(31));
    __m256i found = _mm256_srlv_epi32(_mm256_i32gather_epi32((const int *)table, words, 4), bits);
    return (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(found, 31)));
}

/// Bit k set where position `k` of the 32 from `bytes` starts one of the short keywords (bytes[0] through bytes[32]
/// are read).
__attribute__((target("avx2"))) static inline uint32_t short_keywords32_avx2(const uint8_t *bytes,
                                                                             const struct short_keywords *shorts) {
    const __m256i fold = _mm256_set1_epi8(0x20);
    __m256i first = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)bytes), fold);
    __m256i hits = _mm256_setzero_si256();
    if (shorts->pairCount > 0) {
        __m256i second = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(bytes + 1)), fold);
        for (intptr_t p = 0; p < shorts->pairCount; p++) {
            __m256i a = _mm256_cmpeq_epi8(first, _mm256_set1_epi8((char)shorts->pairs[2 * p]));
            __m256i b = _mm256_cmpeq_epi8(second, _mm256_set1_epi8((char)shorts->pairs[2 * p + 1]));
            hits = _mm256_or_si256(hits, _mm256_and_si256(a, b));
        }
    }
    for (intptr_t s = 0; s < shorts->singleCount; s++) {
        hits = _mm256_or_si256(hits, _mm256_cmpeq_epi8(first, _mm256_set1_epi8((char)shorts->singles[s])));
    }
    return (uint32_t)_mm256_movemask_epi8(hits);
}

__attribute__((target("avx2"))) static uint64_t keyword_candidates_avx2(const uint8_t *bytes, const uint32_t *table,
                                                                        const struct short_keywords *shorts) {
    uint64_t result = 0;
    for (int block = 0; block < 8; block++) {
        result |= (uint64_t)keyword_candidates8_avx2(bytes + 8 * block, table) << (8 * block);
    }
    if (shorts->pairCount > 0 || shorts->singleCount > 0) {
        result |= short_keywords32_avx2(bytes, shorts) | (uint64_t)short_keywords32_avx2(bytes + 32, shorts) << 32;
    }
    return result;
}

/// Whether the processor and the operating system both support AVX2 (the OS saves the YMM registers).
static int has_avx2(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return 0;
    unsigned int xcrLow, xcrHigh;
    __asm__("xgetbv" : "=a"(xcrLow), "=d"(xcrHigh) : "c"(0));
    if ((xcrLow & 0x6) != 0x6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & bit_AVX2) != 0;
}

static keyword_kernel keyword_candidates_block = keyword_candidates_scalar;

__attribute__((constructor)) static void choose_kernels(void) {
    if (has_avx2()) {
        keyword_candidates_block = keyword_candidates_avx2;
#if defined(CASEBOOK_SHAPE_AVX2)
        shape_candidates_block = shape_candidates_avx2;
#endif
    }
}

#else
static const keyword_kernel keyword_candidates_block = keyword_candidates_scalar;
#endif

/// `count` positions of a block, read with `kernel`: straight from `bytes` where 72 bytes are readable, else from a
/// copy padded with zeros.
static inline uint64_t keyword_candidates(keyword_kernel kernel, const uint8_t *bytes, intptr_t count,
                                          intptr_t readable, const uint32_t *table,
                                          const struct short_keywords *shorts) {
    if (count <= 0) return 0;
    uint64_t result;
    if (readable >= keyword_block_reach) {
        result = kernel(bytes, table, shorts);
    } else {
        uint8_t padded[keyword_block_reach] = {0};
        memcpy(padded, bytes, (size_t)readable);
        result = kernel(padded, table, shorts);
    }
    return count >= 64 ? result : result & (((uint64_t)1 << count) - 1);
}

uint64_t casebook_keyword_candidates64(const uint8_t *bytes, intptr_t count, intptr_t readable,
                                       const uint32_t *table, const uint8_t *pairs, intptr_t pairCount,
                                       const uint8_t *singles, intptr_t singleCount) {
    struct short_keywords shorts = {pairs, pairCount, singles, singleCount};
    return keyword_candidates(keyword_candidates_block, bytes, count, readable, table, &shorts);
}

uint64_t casebook_keyword_candidates64_portable(const uint8_t *bytes, intptr_t count, intptr_t readable,
                                                const uint32_t *table, const uint8_t *pairs, intptr_t pairCount,
                                                const uint8_t *singles, intptr_t singleCount) {
    struct short_keywords shorts = {pairs, pairCount, singles, singleCount};
    return keyword_candidates(keyword_candidates_scalar, bytes, count, readable, table, &shorts);
}
