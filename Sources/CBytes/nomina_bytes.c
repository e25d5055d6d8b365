#include "nomina_bytes.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int needs_look(uint8_t byte) {
    return byte < 0x20 || byte == '"' || byte == '\\' || byte == 0x7F || byte == 0xE2;
}

size_t nomina_json_plain_prefix(const uint8_t *bytes, size_t count) {
    size_t position = 0;
#if defined(__SSE2__)
    // Sixteen bytes a step: four equality compares, and "below 0x20" as a signed compare of
    // the bytes with their high bit flipped (SSE2 has no unsigned byte compare).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i del = _mm_set1_epi8(0x7F);
    const __m128i lead = _mm_set1_epi8((char)0xE2);
    const __m128i flip = _mm_set1_epi8((char)0x80);
    const __m128i limit = _mm_set1_epi8((char)(0x20 ^ 0x80));
    for (; position + 16 <= count; position += 16) {
        __m128i vector = _mm_loadu_si128((const __m128i *)(bytes + position));
        __m128i flagged = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(vector, quote), _mm_cmpeq_epi8(vector, backslash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(vector, del), _mm_cmpeq_epi8(vector, lead)));
        flagged = _mm_or_si128(flagged, _mm_cmplt_epi8(_mm_xor_si128(vector, flip), limit));
        int mask = _mm_movemask_epi8(flagged);
        if (mask != 0) return position + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    for (; position < count; position++) {
        if (needs_look(bytes[position])) return position;
    }
    return count;
}

size_t nomina_line_feeds(const uint8_t *bytes, size_t count, size_t stop, uint64_t *offsets, size_t capacity) {
    size_t found = 0;
    size_t position = 0;
    if (capacity == 0) return 0;
#if defined(__SSE2__)
    const __m128i feed = _mm_set1_epi8('\n');
    for (; position + 16 <= count; position += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(bytes + position)), feed));
        while (mask != 0) {
            size_t offset = position + (size_t)__builtin_ctz(mask);
            offsets[found++] = offset;
            if (found == capacity || offset + 1 >= stop) return found;
            mask &= mask - 1;
        }
    }
#endif
    for (; position < count; position++) {
        if (bytes[position] == '\n') {
            offsets[found++] = position;
            if (found == capacity || position + 1 >= stop) return found;
        }
    }
    return found;
}
