#include "ScanKernels.h"

#include <string.h>

// MARK: - The shape pass

/// The classes of 32 bytes, a bit for each.
struct shape_classes32 {
    uint32_t digit, upper, hex, word, dash, dot, colon, numberStart;
};

/// The classes of 64 bytes, from 16 before 32 positions to 16 after them: bit j is the byte at `j - 16` from the first
/// position. Two sets of 32 bytes are joined.
struct shape_window {
    uint64_t digit, upper, hex, word, dash, dot, colon, numberStart;
};

__attribute__((always_inline)) static inline struct shape_window shape_join(const struct shape_classes32 *low, const struct shape_classes32 *high) {
#define JOIN(field) ((uint64_t)low->field | (uint64_t)high->field << 32)
    struct shape_window w = {JOIN(digit), JOIN(upper), JOIN(hex),   JOIN(word),
                             JOIN(dash),  JOIN(dot),   JOIN(colon), JOIN(numberStart)};
#undef JOIN
    return w;
}

/// Bit k: the class holds the byte at `k + offset` from the first position (offset from -16 to 16).
static inline uint64_t at(uint64_t window, int offset) { return window >> (16 + offset); }

/// The positions of 32 where the shape pass acts, from the classes of the bytes around them (see the header).
/// `inside` has the bits of the window's bytes that are in the scanned range.
__attribute__((always_inline)) static inline uint32_t shape_candidates32(const struct shape_window *c, uint64_t inside) {
    uint64_t hex = c->hex & inside, dash = c->dash & inside, dot = c->dot & inside, colon = c->colon & inside;
    uint64_t notAfterWord = ~at(c->word, -1);
    uint64_t numbers = at(c->numberStart, 0) & notAfterWord;
    uint64_t ibans = at(c->upper, 0) & notAfterWord & at(c->upper & inside, 1) & at(c->digit & inside, 2)
        & at(c->digit & inside, 3);
    uint64_t colons = at(c->colon, 0) & at(c->hex, -1) & (at(hex, 1) | at(colon, 1));
    // Runs of hex digits: where one starts (no hex digit before it) and where one ends (none after it).
    uint64_t runStarts = hex & ~(hex << 1), runEnds = hex & ~(hex >> 1);
    uint64_t two = at(hex, -1) & at(runStarts, -2) & at(hex, 1) & at(runEnds, 2);
    uint64_t dashes = at(c->dash, 0) & two & (at(dash, -3) | at(dash, 3));
    uint64_t four = at(hex, -1) & at(hex, -2) & at(hex, -3) & at(runStarts, -4) & at(hex, 1) & at(hex, 2)
        & at(hex, 3) & at(runEnds, 4);
    uint64_t dots = at(c->dot, 0) & four & (at(dot, -5) | at(dot, 5));
    return (uint32_t)(numbers | ibans | colons | dashes | dots);
}

/// The window bits, from the first position's `-16`, of the bytes in `low..<high` (offsets from that position).
static inline uint64_t shape_inside(intptr_t low, intptr_t high) {
    intptr_t from = low + 16 < 0 ? 0 : low + 16 > 64 ? 64 : low + 16;
    intptr_t to = high + 16 < from ? from : high + 16 > 64 ? 64 : high + 16;
    uint64_t below = to >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << to) - 1;
    return from >= 64 ? 0 : below & ~(((uint64_t)1 << from) - 1);
}

/// The 64 positions from three sets of classes: of the bytes from `bytes - 16`, `bytes + 16` and `bytes + 48`.
__attribute__((always_inline)) static inline uint64_t shape_candidates64(const struct shape_classes32 parts[3], intptr_t low, intptr_t high,
                                          uint64_t *digits) {
    struct shape_window first = shape_join(&parts[0], &parts[1]), second = shape_join(&parts[1], &parts[2]);
    *digits = (at(first.digit, 0) & 0xFFFFFFFF) | at(second.digit, 0) << 32;
    // Most blocks lie well inside their range: then no class needs cutting to it.
    if (low <= -16 && high >= 80) {
        return shape_candidates32(&first, ~(uint64_t)0) | (uint64_t)shape_candidates32(&second, ~(uint64_t)0) << 32;
    }
    return shape_candidates32(&first, shape_inside(low, high))
        | (uint64_t)shape_candidates32(&second, shape_inside(low - 32, high - 32)) << 32;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/// 0xFF in each lane whose byte is in lo...hi (unsigned): moved so that lo becomes the least signed byte, a byte is
/// in the range when it is less than the range's width from there.
static inline __m128i in_range(__m128i x, uint8_t lo, uint8_t hi) {
    __m128i moved = _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - lo)));
    return _mm_cmpgt_epi8(_mm_set1_epi8((char)(0x80 + hi - lo + 1)), moved);
}

static inline __m128i equal(__m128i x, char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); }

static inline void classes16_sse2(const uint8_t *bytes, struct shape_classes32 *c, int shift) {
    __m128i x = _mm_loadu_si128((const __m128i *)bytes);
    __m128i folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i digit = in_range(x, '0', '9');
    __m128i dash = equal(x, '-'), dot = equal(x, '.');
    __m128i word = _mm_or_si128(_mm_or_si128(digit, in_range(folded, 'a', 'z')),
                                _mm_or_si128(_mm_or_si128(dash, dot), equal(x, '_')));
#define BITS(lanes) ((uint32_t)(uint16_t)_mm_movemask_epi8(lanes) << shift)
    c->digit |= BITS(digit);
    c->upper |= BITS(in_range(x, 'A', 'Z'));
    c->hex |= BITS(_mm_or_si128(digit, in_range(folded, 'a', 'f')));
    c->word |= BITS(word);
    c->dash |= BITS(dash);
    c->dot |= BITS(dot);
    c->colon |= BITS(equal(x, ':'));
    c->numberStart |= BITS(_mm_or_si128(digit, _mm_or_si128(equal(x, '+'), equal(x, '('))));
#undef BITS
}

static uint64_t shape_candidates_baseline(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits) {
    struct shape_classes32 parts[3] = {{0}};
    for (int part = 0; part < 3; part++) {
        classes16_sse2(bytes - 16 + 32 * part, &parts[part], 0);
        classes16_sse2(bytes + 32 * part, &parts[part], 16);
    }
    return shape_candidates64(parts, low, high, digits);
}
#else
static inline int is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
static inline int is_letter(uint8_t b) { return (b | 0x20) >= 'a' && (b | 0x20) <= 'z'; }

/// The classes a byte at a time, for machines without SSE2.
static inline void classes32_scalar(const uint8_t *bytes, struct shape_classes32 *c) {
    memset(c, 0, sizeof *c);
    for (int j = 0; j < 32; j++) {
        uint8_t b = bytes[j];
        uint32_t bit = (uint32_t)1 << j;
        int digit = is_digit(b), dash = b == '-', dot = b == '.';
        if (digit) c->digit |= bit;
        if (b >= 'A' && b <= 'Z') c->upper |= bit;
        if (digit || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f')) c->hex |= bit;
        if (digit || is_letter(b) || dot || dash || b == '_') c->word |= bit;
        if (dash) c->dash |= bit;
        if (dot) c->dot |= bit;
        if (b == ':') c->colon |= bit;
        if (digit || b == '+' || b == '(') c->numberStart |= bit;
    }
}

static uint64_t shape_candidates_baseline(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits) {
    struct shape_classes32 parts[3];
    for (int part = 0; part < 3; part++) classes32_scalar(bytes - 16 + 32 * part, &parts[part]);
    return shape_candidates64(parts, low, high, digits);
}
#endif

#if defined(__SSE2__) && defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i in_range32(__m256i x, uint8_t lo, uint8_t hi) {
    __m256i moved = _mm256_add_epi8(x, _mm256_set1_epi8((char)(0x80 - lo)));
    return _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + hi - lo + 1)), moved);
}

AVX2 static inline __m256i equal32(__m256i x, char c) { return _mm256_cmpeq_epi8(x, _mm256_set1_epi8(c)); }

/// `classes16_sse2` 32 bytes at a time.
AVX2 static inline struct shape_classes32 classes32_avx2(const uint8_t *bytes) {
    __m256i x = _mm256_loadu_si256((const __m256i *)bytes);
    __m256i folded = _mm256_or_si256(x, _mm256_set1_epi8(0x20));
    __m256i digit = in_range32(x, '0', '9');
    __m256i dash = equal32(x, '-'), dot = equal32(x, '.');
    __m256i word = _mm256_or_si256(_mm256_or_si256(digit, in_range32(folded, 'a', 'z')),
                                   _mm256_or_si256(_mm256_or_si256(dash, dot), equal32(x, '_')));
#define BITS(lanes) ((uint32_t)_mm256_movemask_epi8(lanes))
    struct shape_classes32 c = {
        BITS(digit),
        BITS(in_range32(x, 'A', 'Z')),
        BITS(_mm256_or_si256(digit, in_range32(folded, 'a', 'f'))),
        BITS(word),
        BITS(dash),
        BITS(dot),
        BITS(equal32(x, ':')),
        BITS(_mm256_or_si256(digit, _mm256_or_si256(equal32(x, '+'), equal32(x, '(')))),
    };
#undef BITS
    return c;
}

AVX2 static uint64_t shape_candidates_avx2(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits) {
    struct shape_classes32 parts[3] = {classes32_avx2(bytes - 16), classes32_avx2(bytes + 16),
                                       classes32_avx2(bytes + 48)};
    return shape_candidates64(parts, low, high, digits);
}
#define CASEBOOK_SHAPE_AVX2 1
#endif

typedef uint64_t (*shape_kernel)(const uint8_t *, intptr_t, intptr_t, uint64_t *);

/// The shape kernel this machine runs: chosen with the keyword kernel when the program starts.
static shape_kernel shape_candidates_block = shape_candidates_baseline;

uint64_t casebook_shape_candidates64(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits) {
    return shape_candidates_block(bytes, low, high, digits);
}

uint64_t casebook_shape_candidates64_baseline(const uint8_t *bytes, intptr_t low, intptr_t high, uint64_t *digits) {
    return shape_candidates_baseline(bytes, low, high, digits);
}

// MARK: - The keyword prefilter

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
