// Byte scans that Swift does not vectorise, for the CLI's output writers.
#ifndef NOMINA_BYTES_H
#define NOMINA_BYTES_H

#include <stddef.h>
#include <stdint.h>

/// The length of the longest prefix of `bytes[0..<count]` that a JSON string literal holds
/// as it is: no byte below 0x20, no quote, backslash, DEL, nor 0xE2 (the lead byte of
/// U+2028 and U+2029, which the writer escapes for JavaScript readers).
size_t nomina_json_plain_prefix(const uint8_t *bytes, size_t count);

/// The offsets of the line feeds (0x0A) in `bytes[0..<count]`, in order, written to
/// `offsets` (at most `capacity` of them): the scan stops after the first line feed at
/// or past `stop - 1` (so that the line it ends starts before `stop`, at most), or when
/// `capacity` are found. Returns how many were written.
size_t nomina_line_feeds(const uint8_t *bytes, size_t count, size_t stop, uint64_t *offsets, size_t capacity);

#endif
