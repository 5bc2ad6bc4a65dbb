#ifndef SEAMC_ERROR_H
#define SEAMC_ERROR_H

/* Internal helpers to fill the caller's struct seamc_error. */

#include <stdbool.h>
#include <stddef.h>

#include "seam/status.h"

/*
 * Sets `err` (may be NULL) to `status` with a formatted message and
 * returns `status`, so a failure reads `return seamc__fail(err, ...)`.
 */
enum seamc_status seamc__fail(struct seamc_error *err, enum seamc_status status,
                              const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Copies `src` (NULL counts as "") into `dst` of `size` bytes, always
 * terminating it. Returns false when the text had to be cut.
 */
bool seamc__copy_text(char *dst, size_t size, const char *src);

/* Room for a key hint: up to 8 characters of the key plus "...". */
#define SEAMC_KEY_HINT_SIZE 12

/*
 * Writes a short, safe stand-in for `secret` into `hint`: its first few
 * characters (never more than a third of it) followed by "...".
 */
void seamc__key_hint(const char *secret, char hint[SEAMC_KEY_HINT_SIZE]);

/* Keys at least this long are redacted wherever they appear; shorter
 * ones only where they stand alone (see seamc__redact). */
#define SEAMC_REDACT_ANYWHERE_MIN 8

/*
 * Replaces the occurrences of `secret` inside `text` (a buffer of `size`
 * bytes) with its hint, so a server that echoes the key cannot leak it
 * through an error message: every occurrence of a key of at least
 * SEAMC_REDACT_ANYWHERE_MIN characters, and for a shorter key every one
 * not inside a longer word (letters, digits, '_', '-'). Empty or NULL
 * secrets change nothing.
 */
void seamc__redact(char *text, size_t size, const char *secret);

/* Applies seamc__redact to every text field of `err` (may be NULL). */
void seamc__error_redact(struct seamc_error *err, const char *secret);

#endif
