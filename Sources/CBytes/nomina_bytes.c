#include "nomina_bytes.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int needs_look(uint8_t byte) {
    return byte < 0x20 || byte == '"' || byte == '\\' || byte == 0x7F || byte == 0xE2;
}

static const char hex_digits[] = "0123456789abcdef";

size_t nomina_json_escape(const uint8_t *bytes, size_t count, uint8_t *out) {
    size_t position = 0, written = 0;
    while (position < count) {
#if defined(__SSE2__)
        // Sixteen bytes a step, stored as they are read (the caller leaves sixteen bytes
        // of slack): only what is before the first byte to look at counts as written.
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i backslash = _mm_set1_epi8('\\');
        const __m128i del = _mm_set1_epi8(0x7F);
        const __m128i lead = _mm_set1_epi8((char)0xE2);
        const __m128i flip = _mm_set1_epi8((char)0x80);
        const __m128i limit = _mm_set1_epi8((char)(0x20 ^ 0x80));
        int stopped = 0;
        while (position + 16 <= count) {
            __m128i vector = _mm_loadu_si128((const __m128i *)(bytes + position));
            _mm_storeu_si128((__m128i *)(out + written), vector);
            __m128i flagged = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(vector, quote), _mm_cmpeq_epi8(vector, backslash)),
                                           _mm_or_si128(_mm_cmpeq_epi8(vector, del), _mm_cmpeq_epi8(vector, lead)));
            flagged = _mm_or_si128(flagged, _mm_cmplt_epi8(_mm_xor_si128(vector, flip), limit));
            int mask = _mm_movemask_epi8(flagged);
            if (mask != 0) {
                size_t plain = (size_t)__builtin_ctz((unsigned)mask);
                position += plain;
                written += plain;
                stopped = 1;
                break;
            }
            position += 16;
            written += 16;
        }
        if (!stopped) {
            while (position < count && !needs_look(bytes[position])) out[written++] = bytes[position++];
            if (position >= count) break;
        }
#else
        while (position < count && !needs_look(bytes[position])) out[written++] = bytes[position++];
        if (position >= count) break;
#endif
        uint8_t byte = bytes[position];
        uint8_t escape = 0;  // the second byte of a two-character escape
        uint32_t code = 0;   // else the code point of a \uXXXX escape
        size_t width = 1;
        switch (byte) {
        case '"': escape = '"'; break;
        case '\\': escape = '\\'; break;
        case 0x0A: escape = 'n'; break;
        case 0x0D: escape = 'r'; break;
        case 0x09: escape = 't'; break;
        default:
            if (byte < 0x20 || byte == 0x7F) {
                code = byte;
            } else if (byte == 0xE2 && position + 2 < count && bytes[position + 1] == 0x80
                       && (bytes[position + 2] == 0xA8 || bytes[position + 2] == 0xA9)) {
                code = bytes[position + 2] == 0xA8 ? 0x2028 : 0x2029;
                width = 3;
            } else {
                out[written++] = byte;
                position++;
                continue;
            }
        }
        out[written++] = '\\';
        if (escape != 0) {
            out[written++] = escape;
        } else {
            out[written++] = 'u';
            out[written++] = (uint8_t)hex_digits[(code >> 12) & 0xF];
            out[written++] = (uint8_t)hex_digits[(code >> 8) & 0xF];
            out[written++] = (uint8_t)hex_digits[(code >> 4) & 0xF];
            out[written++] = (uint8_t)hex_digits[code & 0xF];
        }
        position += width;
    }
    return written;
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
