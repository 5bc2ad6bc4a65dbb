#include "common/json_check.h"

#include <stdint.h>

/*
 * Length of the UTF-8 sequence at p (at most `left` bytes), or 0 when it
 * is not a valid, shortest-form encoding of a Unicode scalar value.
 */
static size_t utf8_length(const unsigned char *p, size_t left)
{
    uint32_t cp;
    size_t n;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        n = 2;
        cp = p[0] & 0x1f;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        n = 3;
        cp = p[0] & 0x0f;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        n = 4;
        cp = p[0] & 0x07;
    } else {
        return 0;
    }
    if (n > left)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
}

bool common_text_is_clean(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;

    for (size_t i = 0; i < len;) {
        size_t n = utf8_length(p + i, len - i);
        if (n == 0 || (n == 1 && (p[i] < 0x20 || p[i] == 0x7f)))
            return false;
        i += n;
    }
    return true;
}

static bool fail(const char **why, const char *reason)
{
    if (why != NULL)
        *why = reason;
    return false;
}

bool common_json_check(const char *text, size_t len, int max_depth,
                       const char **why)
{
    const unsigned char *p = (const unsigned char *)text;
    bool in_string = false;
    int depth = 0;
    size_t values = 0;

    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];

        if (c >= 0x80) {
            size_t n = utf8_length(p + i, len - i);
            if (n == 0)
                return fail(why, "The body is not valid UTF-8");
            i += n;
            continue;
        }
        if (in_string) {
            if (c < 0x20)
                return fail(why, "A string holds a raw control character; "
                                 "escape it");
            if (c == '\\') {
                /* \u0000 would end the string early once decoded. */
                if (i + 5 < len && p[i + 1] == 'u' && p[i + 2] == '0' &&
                    p[i + 3] == '0' && p[i + 4] == '0' && p[i + 5] == '0')
                    return fail(why, "Strings may not contain \\u0000");
                i += 2;
                continue;
            }
            if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return fail(why, "The body is nested too deeply");
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',' && ++values > COMMON_JSON_MAX_VALUES) {
            return fail(why, "The body holds too many values");
        } else if (c == '\0') {
            return fail(why, "The body holds a NUL byte");
        }
        i++;
    }
    return true;
}
