// Each wrapper calls one ICU function through its documented name; the ICU headers
// map those names to the version-suffixed symbols of the installed library.
#include "nomina_icu.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uenum.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/utypes.h>
#include <unicode/udata.h>

// ICU's region data tree ("icudt72l-region"); U_ICUDATA_REGION is not a public macro.
#define NOMINA_ICUDATA_REGION U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region"

const char *nomina_u_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

void nomina_icu_version(char *buf, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    strncpy(buf, text, (size_t)capacity - 1);
    buf[capacity - 1] = 0;
}

void nomina_unicode_version(char *buf, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getUnicodeVersion(info);
    u_versionToString(info, text);
    strncpy(buf, text, (size_t)capacity - 1);
    buf[capacity - 1] = 0;
}

// ---- utrans -------------------------------------------------------------------------
void *nomina_utrans_open(const uint16_t *id, int32_t id_length, int32_t direction,
                         const uint16_t *rules, int32_t rules_length,
                         int32_t *parse_line, int32_t *parse_offset,
                         uint16_t *pre_context, uint16_t *post_context,
                         int32_t *status) {
    UParseError parse_error;
    memset(&parse_error, 0, sizeof parse_error);
    parse_error.line = -1;
    parse_error.offset = -1;
    UErrorCode code = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU((const UChar *)id, id_length,
                                      direction == 0 ? UTRANS_FORWARD : UTRANS_REVERSE,
                                      (const UChar *)rules, rules_length, &parse_error, &code);
    *status = (int32_t)code;
    if (parse_line) *parse_line = parse_error.line;
    if (parse_offset) *parse_offset = parse_error.offset;
    if (pre_context) memcpy(pre_context, parse_error.preContext, sizeof parse_error.preContext);
    if (post_context) memcpy(post_context, parse_error.postContext, sizeof parse_error.postContext);
    return t;
}

void *nomina_utrans_clone(const void *trans, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UTransliterator *t = utrans_clone((const UTransliterator *)trans, &code);
    *status = (int32_t)code;
    return t;
}

void nomina_utrans_close(void *trans) { utrans_close((UTransliterator *)trans); }

void nomina_utrans_trans_uchars(const void *trans, uint16_t *text, int32_t *length,
                                int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t limit = *length;
    utrans_transUChars((const UTransliterator *)trans, (UChar *)text, length, capacity, 0,
                       &limit, &code);
    *status = (int32_t)code;
}

int32_t nomina_utrans_to_rules(const void *trans, int8_t escape_unprintable,
                               uint16_t *result, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = utrans_toRules((const UTransliterator *)trans, escape_unprintable,
                               (UChar *)result, capacity, &code);
    *status = (int32_t)code;
    return n;
}

int32_t nomina_utrans_get_id(const void *trans, uint16_t *result, int32_t capacity) {
    int32_t length = 0;
    const UChar *id = utrans_getUnicodeID((const UTransliterator *)trans, &length);
    int32_t n = length < capacity ? length : capacity;
    if (n > 0) memcpy(result, id, (size_t)n * sizeof(UChar));
    return length;
}

void *nomina_utrans_open_ids(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UEnumeration *e = utrans_openIDs(&code);
    *status = (int32_t)code;
    return e;
}

const char *nomina_uenum_next(void *enumeration, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const char *s = uenum_next((UEnumeration *)enumeration, NULL, &code);
    *status = (int32_t)code;
    return s;
}

void nomina_uenum_close(void *enumeration) { uenum_close((UEnumeration *)enumeration); }

// ---- unorm2 -------------------------------------------------------------------------
const void *nomina_unorm2_nfkc_casefold(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&code);
    *status = (int32_t)code;
    return n;
}

const void *nomina_unorm2_nfc(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFCInstance(&code);
    *status = (int32_t)code;
    return n;
}

const void *nomina_unorm2_nfd(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFDInstance(&code);
    *status = (int32_t)code;
    return n;
}

int32_t nomina_unorm2_normalize(const void *normalizer, const uint16_t *src, int32_t length,
                                uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = unorm2_normalize((const UNormalizer2 *)normalizer, (const UChar *)src, length,
                                 (UChar *)dest, capacity, &code);
    *status = (int32_t)code;
    return n;
}

int8_t nomina_unorm2_is_normalized(const void *normalizer, const uint16_t *src,
                                   int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBool r = unorm2_isNormalized((const UNormalizer2 *)normalizer, (const UChar *)src,
                                  length, &code);
    *status = (int32_t)code;
    return r ? 1 : 0;
}

// ---- uspoof -------------------------------------------------------------------------
void *nomina_uspoof_open(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    USpoofChecker *c = uspoof_open(&code);
    *status = (int32_t)code;
    return c;
}

void *nomina_uspoof_clone(const void *checker, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    USpoofChecker *c = uspoof_clone((const USpoofChecker *)checker, &code);
    *status = (int32_t)code;
    return c;
}

void nomina_uspoof_close(void *checker) { uspoof_close((USpoofChecker *)checker); }

int32_t nomina_uspoof_get_skeleton(const void *checker, const uint16_t *src, int32_t length,
                                   uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton((const USpoofChecker *)checker, 0, (const UChar *)src,
                                   length, (UChar *)dest, capacity, &code);
    *status = (int32_t)code;
    return n;
}

int32_t nomina_uspoof_check(const void *checker, const uint16_t *src, int32_t length,
                            int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t r = uspoof_check2((const USpoofChecker *)checker, (const UChar *)src, length,
                              NULL, &code);
    *status = (int32_t)code;
    return r;
}

// ---- uscript ------------------------------------------------------------------------
int32_t nomina_uscript_get_script(int32_t code_point, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)code_point, &code);
    *status = (int32_t)code;
    return (int32_t)s;
}

int32_t nomina_uscript_get_script_extensions(int32_t code_point, int32_t *scripts,
                                             int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = uscript_getScriptExtensions((UChar32)code_point, (UScriptCode *)scripts,
                                           capacity, &code);
    *status = (int32_t)code;
    return n;
}

const char *nomina_uscript_short_name(int32_t script) {
    return uscript_getShortName((UScriptCode)script);
}

const char *nomina_uscript_name(int32_t script) { return uscript_getName((UScriptCode)script); }

int32_t nomina_uscript_code_for_name(const char *name) {
    return (int32_t)u_getPropertyValueEnum(UCHAR_SCRIPT, name);
}

// ---- ubrk ---------------------------------------------------------------------------
void *nomina_ubrk_open_word(const char *locale, const uint16_t *text, int32_t length,
                            int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *b = ubrk_open(UBRK_WORD, locale, (const UChar *)text, length, &code);
    *status = (int32_t)code;
    return b;
}

void *nomina_ubrk_clone(const void *iterator, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *b = ubrk_clone((const UBreakIterator *)iterator, &code);
    *status = (int32_t)code;
    return b;
}

void nomina_ubrk_set_text(void *iterator, const uint16_t *text, int32_t length,
                          int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    ubrk_setText((UBreakIterator *)iterator, (const UChar *)text, length, &code);
    *status = (int32_t)code;
}

int32_t nomina_ubrk_first(void *iterator) { return ubrk_first((UBreakIterator *)iterator); }
int32_t nomina_ubrk_next(void *iterator) { return ubrk_next((UBreakIterator *)iterator); }
int32_t nomina_ubrk_rule_status(void *iterator) {
    return ubrk_getRuleStatus((UBreakIterator *)iterator);
}
void nomina_ubrk_close(void *iterator) { ubrk_close((UBreakIterator *)iterator); }

// ---- uloc ---------------------------------------------------------------------------
int32_t nomina_uloc_count_available(void) { return uloc_countAvailable(); }
const char *nomina_uloc_get_available(int32_t index) { return uloc_getAvailable(index); }
const char *const *nomina_uloc_iso_countries(void) { return uloc_getISOCountries(); }

int32_t nomina_uloc_display_country(const char *locale, const char *display_locale,
                                    uint16_t *result, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = uloc_getDisplayCountry(locale, display_locale, (UChar *)result, capacity, &code);
    *status = (int32_t)code;
    return n;
}

int32_t nomina_uloc_for_language_tag(const char *tag, char *locale_id, int32_t capacity,
                                     int32_t *parsed_length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = uloc_forLanguageTag(tag, locale_id, capacity, parsed_length, &code);
    *status = (int32_t)code;
    return n;
}

int32_t nomina_uloc_to_language_tag(const char *locale_id, char *tag, int32_t capacity,
                                    int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = uloc_toLanguageTag(locale_id, tag, capacity, 1, &code);
    *status = (int32_t)code;
    return n;
}

int32_t nomina_uloc_get_language(const char *locale_id, char *language, int32_t capacity,
                                 int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = uloc_getLanguage(locale_id, language, capacity, &code);
    *status = (int32_t)code;
    return n;
}

const char *nomina_uloc_iso3_country(const char *locale_id) { return uloc_getISO3Country(locale_id); }

int32_t nomina_ures_country_alt(const char *locale, const char *table, const char *code,
                                uint16_t *result, int32_t capacity, int32_t *status) {
    UErrorCode code_status = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_openDirect(NOMINA_ICUDATA_REGION, locale, &code_status);
    if (U_FAILURE(code_status)) { *status = (int32_t)code_status; return 0; }
    UResourceBundle *countries = ures_getByKey(bundle, table, NULL, &code_status);
    int32_t length = 0;
    if (U_SUCCESS(code_status)) {
        const UChar *value = ures_getStringByKey(countries, code, &length, &code_status);
        if (U_SUCCESS(code_status) && value != NULL) {
            int32_t n = length < capacity ? length : capacity;
            memcpy(result, value, (size_t)n * sizeof(UChar));
            if (length > capacity) code_status = U_BUFFER_OVERFLOW_ERROR;
        } else {
            length = 0;
            if (code_status == U_MISSING_RESOURCE_ERROR) code_status = U_ZERO_ERROR;
        }
        ures_close(countries);
    } else if (code_status == U_MISSING_RESOURCE_ERROR) {
        code_status = U_ZERO_ERROR;
    }
    ures_close(bundle);
    *status = (int32_t)code_status;
    return length;
}
