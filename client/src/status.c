/* Status names and messages, and the error-detail helpers. */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

const char *seamc_strerror(enum seamc_status status)
{
    switch (status) {
#define SEAMC_STATUS_MESSAGE_CASE(name, value, message)                        \
    case name:                                                                 \
        return message;
        SEAMC_STATUS_TABLE(SEAMC_STATUS_MESSAGE_CASE)
#undef SEAMC_STATUS_MESSAGE_CASE
    }
    return "unknown status";
}

const char *seamc_errname(enum seamc_status status)
{
    switch (status) {
#define SEAMC_STATUS_NAME_CASE(name, value, message)                           \
    case name:                                                                 \
        return #name;
        SEAMC_STATUS_TABLE(SEAMC_STATUS_NAME_CASE)
#undef SEAMC_STATUS_NAME_CASE
    }
    return "SEAMC_UNKNOWN";
}

void seamc_error_clear(struct seamc_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof(*err));
    }
}

enum seamc_status seamc__fail(struct seamc_error *err, enum seamc_status status,
                              const char *fmt, ...)
{
    va_list args;
    int written;

    if (err == NULL) {
        return status;
    }
    err->status = status;
    va_start(args, fmt);
    written = vsnprintf(err->message, sizeof(err->message), fmt, args);
    va_end(args);
    if (written < 0 || (size_t)written >= sizeof(err->message)) {
        err->truncated = true;
    }
    return status;
}

bool seamc__copy_text(char *dst, size_t size, const char *src)
{
    size_t len;

    if (size == 0) {
        return false;
    }
    if (src == NULL) {
        src = "";
    }
    len = strlen(src);
    if (len >= size) {
        memcpy(dst, src, size - 1);
        dst[size - 1] = '\0';
        return false;
    }
    memcpy(dst, src, len + 1);
    return true;
}

void seamc__key_hint(const char *secret, char hint[SEAMC_KEY_HINT_SIZE])
{
    size_t shown = 0;

    /* A third of the key at most, so a short key is not half revealed. */
    if (secret != NULL) {
        shown = strlen(secret) / 3;
    }
    if (shown > SEAMC_KEY_HINT_SIZE - 4) {
        shown = SEAMC_KEY_HINT_SIZE - 4;
    }
    if (shown > 0) {
        memcpy(hint, secret, shown);
    }
    memcpy(hint + shown, "...", 4);
}

/* Characters that may continue a word, and so a key, in server text. */
static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/*
 * Whether the copy of the secret at `found` (in `text`) must go. A key of
 * SEAMC_REDACT_ANYWHERE_MIN characters or more goes wherever it appears:
 * such a string turns up inside ordinary words only by echoing the key.
 * A shorter key ("k" in a test) would match inside any word and mangle
 * the message, so only a copy standing alone as a token goes; inside a
 * longer word it reveals nothing that word does not already show.
 */
static bool must_redact(const char *text, const char *found, size_t len)
{
    if (len >= SEAMC_REDACT_ANYWHERE_MIN) {
        return true;
    }
    return (found == text || !is_word_char(found[-1])) &&
           !is_word_char(found[len]);
}

void seamc__redact(char *text, size_t size, const char *secret)
{
    char hint[SEAMC_KEY_HINT_SIZE];
    size_t secret_len;
    size_t hint_len;
    char *cursor = text;
    char *found;

    if (secret == NULL || secret[0] == '\0' || text == NULL || size == 0) {
        return;
    }
    seamc__key_hint(secret, hint);
    secret_len = strlen(secret);
    hint_len = strlen(hint);

    /* The text may only shrink, so it stays inside its buffer; a secret
     * too short for a hint is masked with stars instead. Searching on
     * after each match guarantees the loop ends. */
    while ((found = strstr(cursor, secret)) != NULL) {
        if (!must_redact(text, found, secret_len)) {
            cursor = found + 1;
        } else if (hint_len <= secret_len) {
            size_t tail_len = strlen(found + secret_len);

            memcpy(found, hint, hint_len);
            memmove(found + hint_len, found + secret_len, tail_len + 1);
            cursor = found + hint_len;
        } else {
            memset(found, '*', secret_len);
            cursor = found + secret_len;
        }
    }
}

void seamc__error_redact(struct seamc_error *err, const char *secret)
{
    size_t i;

    if (err == NULL) {
        return;
    }
    seamc__redact(err->type, sizeof(err->type), secret);
    seamc__redact(err->message, sizeof(err->message), secret);
    seamc__redact(err->request_id, sizeof(err->request_id), secret);
    for (i = 0; i < err->validation_count; i++) {
        seamc__redact(err->validation[i].param,
                      sizeof(err->validation[i].param), secret);
        seamc__redact(err->validation[i].message,
                      sizeof(err->validation[i].message), secret);
    }
}
