// Thin, stable wrappers over the system ICU (icuuc, icui18n).
//
// Why this header exists: ICU renames every C symbol with a version suffix
// (utrans_openU_72), so Swift cannot call the documented names, and Foundation on
// Linux bundles its own ICU headers, so this header must not include <unicode/*.h>.
// Everything here is ICU-free: handles are opaque pointers, UChar is uint16_t and
// UErrorCode is int32_t (<= 0 success, > 0 failure, as in ICU).
#ifndef NOMINA_ICU_H
#define NOMINA_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- errors and versions ---------------------------------------------------------
/// ICU's name for an error code ("U_INVALID_FORMAT_ERROR").
const char *nomina_u_error_name(int32_t status);
/// ICU's version ("72.1") into buf (at least 20 bytes).
void nomina_icu_version(char *buf, int32_t capacity);
/// The Unicode version of ICU's data ("15.0") into buf (at least 20 bytes).
void nomina_unicode_version(char *buf, int32_t capacity);

// ---- transliteration (utrans) ------------------------------------------------------
/// Opens a transliterator from an ID (rules == NULL) or from custom rules (id is then
/// the name given to them). direction: 0 forward, 1 reverse. On a rule parse error,
/// *parse_line and *parse_offset give its position (-1 when unknown), and the 16 code
/// units of context before and after it go to pre_context/post_context (NUL-ended).
void *nomina_utrans_open(const uint16_t *id, int32_t id_length, int32_t direction,
                         const uint16_t *rules, int32_t rules_length,
                         int32_t *parse_line, int32_t *parse_offset,
                         uint16_t *pre_context, uint16_t *post_context,
                         int32_t *status);
void *nomina_utrans_clone(const void *trans, int32_t *status);
void nomina_utrans_close(void *trans);
/// Transliterates text[0..<*length] in place. capacity is the buffer size in code
/// units. On U_BUFFER_OVERFLOW_ERROR, *length is the size needed.
void nomina_utrans_trans_uchars(const void *trans, uint16_t *text, int32_t *length,
                                int32_t capacity, int32_t *status);
/// The rules of a transliterator (escape_unprintable: 0/1). Returns the length needed.
int32_t nomina_utrans_to_rules(const void *trans, int8_t escape_unprintable,
                               uint16_t *result, int32_t capacity, int32_t *status);
/// The ID of a transliterator. Returns its length.
int32_t nomina_utrans_get_id(const void *trans, uint16_t *result, int32_t capacity);

/// Enumeration of the available transliterator IDs.
void *nomina_utrans_open_ids(int32_t *status);
/// The next ID as UTF-8 (NUL-ended, owned by the enumeration), or NULL at the end.
const char *nomina_uenum_next(void *enumeration, int32_t *status);
void nomina_uenum_close(void *enumeration);

// ---- normalisation (unorm2) ---------------------------------------------------------
/// The shared NFKC_Casefold instance (owned by ICU, never closed, thread-safe).
const void *nomina_unorm2_nfkc_casefold(int32_t *status);
/// The shared NFC instance.
const void *nomina_unorm2_nfc(int32_t *status);
/// The shared NFD instance.
const void *nomina_unorm2_nfd(int32_t *status);
/// Normalises src into dest; returns the length needed.
int32_t nomina_unorm2_normalize(const void *normalizer, const uint16_t *src, int32_t length,
                                uint16_t *dest, int32_t capacity, int32_t *status);
/// 1 when src is already normalised.
int8_t nomina_unorm2_is_normalized(const void *normalizer, const uint16_t *src,
                                   int32_t length, int32_t *status);

// ---- confusables (uspoof, UTS #39) -------------------------------------------------
void *nomina_uspoof_open(int32_t *status);
void *nomina_uspoof_clone(const void *checker, int32_t *status);
void nomina_uspoof_close(void *checker);
/// The confusable skeleton of src; returns the length needed.
int32_t nomina_uspoof_get_skeleton(const void *checker, const uint16_t *src, int32_t length,
                                   uint16_t *dest, int32_t capacity, int32_t *status);
/// The uspoof_check2 result bits (USpoofChecks) with the default checks and
/// restriction level: 0 when the string is not suspicious.
int32_t nomina_uspoof_check(const void *checker, const uint16_t *src, int32_t length,
                            int32_t *status);

// ---- scripts (uscript) --------------------------------------------------------------
/// The UScriptCode of a code point (0 Common, 1 Inherited, ...).
int32_t nomina_uscript_get_script(int32_t code_point, int32_t *status);
/// Script extensions of a code point into scripts; returns the count (or needed count).
int32_t nomina_uscript_get_script_extensions(int32_t code_point, int32_t *scripts,
                                             int32_t capacity, int32_t *status);
/// ISO 15924 code ("Cyrl") of a UScriptCode, or NULL.
const char *nomina_uscript_short_name(int32_t script);
/// Long name ("Cyrillic") of a UScriptCode, or NULL.
const char *nomina_uscript_name(int32_t script);
/// The UScriptCode for a name or ISO 15924 code, or -1.
int32_t nomina_uscript_code_for_name(const char *name);

// ---- word boundaries (ubrk) ---------------------------------------------------------
/// A word break iterator for locale (e.g. "zh", "th", "" for root) over text, which must
/// stay alive and unchanged while the iterator uses it.
void *nomina_ubrk_open_word(const char *locale, const uint16_t *text, int32_t length,
                            int32_t *status);
void *nomina_ubrk_clone(const void *iterator, int32_t *status);
void nomina_ubrk_set_text(void *iterator, const uint16_t *text, int32_t length,
                          int32_t *status);
int32_t nomina_ubrk_first(void *iterator);
/// The next boundary, or -1 at the end.
int32_t nomina_ubrk_next(void *iterator);
/// The rule status of the segment that ends at the current boundary
/// (0..99 none, 100.. number, 200.. letter, 300.. kana, 400.. ideographic).
int32_t nomina_ubrk_rule_status(void *iterator);
void nomina_ubrk_close(void *iterator);

// ---- locales (uloc) -----------------------------------------------------------------
/// The number of locales ICU has data for.
int32_t nomina_uloc_count_available(void);
/// The ID of available locale `index` ("de_CH"), owned by ICU.
const char *nomina_uloc_get_available(int32_t index);
/// The NULL-terminated list of ISO 3166 alpha-2 codes ICU knows, owned by ICU.
const char *const *nomina_uloc_iso_countries(void);
/// The name of the country of `locale` (e.g. "und_AZ") in `display_locale`; returns the
/// length needed. *status is U_USING_DEFAULT_WARNING (-127) or U_USING_FALLBACK_WARNING
/// (-128) when ICU fell back to another locale's data or to the code itself.
int32_t nomina_uloc_display_country(const char *locale, const char *display_locale,
                                    uint16_t *result, int32_t capacity, int32_t *status);
/// Parses a BCP 47 tag into an ICU locale ID; *parsed_length is how much of the tag
/// was understood. Returns the length of the ID.
int32_t nomina_uloc_for_language_tag(const char *tag, char *locale_id, int32_t capacity,
                                     int32_t *parsed_length, int32_t *status);
/// The BCP 47 tag of an ICU locale ID (strict: fails on ill-formed input).
int32_t nomina_uloc_to_language_tag(const char *locale_id, char *tag, int32_t capacity,
                                    int32_t *status);
/// The language subtag of a locale ID ("de" for "de_CH").
int32_t nomina_uloc_get_language(const char *locale_id, char *language, int32_t capacity,
                                 int32_t *status);

/// The ISO 3166-1 alpha-3 code of a locale's country ("und_AZ" → "AZE"), owned by ICU;
/// empty when ICU has none.
const char *nomina_uloc_iso3_country(const char *locale_id);
/// An alternative country name from ICU's region data: `table` is "Countries%short" or
/// "Countries%variant", `code` an alpha-2 code. Returns the length (0 when there is none
/// in that locale itself; fallback data is not used).
int32_t nomina_ures_country_alt(const char *locale, const char *table, const char *code,
                                uint16_t *result, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
