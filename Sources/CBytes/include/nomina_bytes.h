// Byte scans that Swift does not vectorise, for the CLI's output writers.
#ifndef NOMINA_BYTES_H
#define NOMINA_BYTES_H

#include <stddef.h>
#include <stdint.h>

/// The longest a JSON string literal's inside written by `nomina_json_escape` for
/// `count` bytes can be, plus the slack it writes into: six bytes a byte (`\u001f`), and
/// sixteen.
#define NOMINA_JSON_ESCAPE_CAPACITY(count) (6 * (count) + 16)

/// Writes valid UTF-8 `bytes[0..<count]` to `out` as the inside of a JSON string literal,
/// and returns how many bytes it wrote: quotes, backslashes, line feeds, carriage
/// returns and tabs as two-character escapes; other bytes below 0x20, DEL, U+2028 and
/// U+2029 as `\uXXXX` (lower-case hex digits); all else as it is. `out` must have room
/// for `NOMINA_JSON_ESCAPE_CAPACITY(count)` bytes: the bytes past what it returns may be
/// overwritten.
size_t nomina_json_escape(const uint8_t *bytes, size_t count, uint8_t *out);

/// The offsets of the line feeds (0x0A) in `bytes[0..<count]`, in order, written to
/// `offsets` (at most `capacity` of them): the scan stops after the first line feed at
/// or past `stop - 1` (so that the line it ends starts before `stop`, at most), or when
/// `capacity` are found. Returns how many were written.
size_t nomina_line_feeds(const uint8_t *bytes, size_t count, size_t stop, uint64_t *offsets, size_t capacity);

#endif
