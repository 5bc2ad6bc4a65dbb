#ifndef COMMON_STRBUF_H
#define COMMON_STRBUF_H

/*
 * A growable, always NUL-terminated byte buffer with a hard size cap.
 *
 * The cap is set when the buffer is initialised, so a buffer fed from
 * untrusted input cannot grow without bound: an append that would pass it
 * fails, leaves the buffer as it was, and marks it `overflowed`.
 * Allocation failure is treated the same way.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct common_strbuf {
    char *data;      /* owned; NULL until the first append */
    size_t len;      /* bytes in use, not counting the terminator */
    size_t cap;      /* bytes allocated */
    size_t max;      /* most bytes `len` may ever reach */
    bool overflowed; /* an append failed; the content is incomplete */
};

/* Prepares an empty buffer that may hold up to `max` bytes. */
void common_strbuf_init(struct common_strbuf *sb, size_t max);

/* Frees the content and returns the buffer to its initial empty state. */
void common_strbuf_free(struct common_strbuf *sb);

/* Appends `len` bytes. Returns false, changing nothing, past the cap. */
bool common_strbuf_append(struct common_strbuf *sb, const void *bytes,
                          size_t len);

/* Appends a NUL-terminated string. */
bool common_strbuf_puts(struct common_strbuf *sb, const char *text);

/* Appends formatted text. */
bool common_strbuf_printf(struct common_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Returns the content, never NULL ("" when empty). The pointer is
 * borrowed and valid until the next append or free.
 */
const char *common_strbuf_str(const struct common_strbuf *sb);

/*
 * Hands the content to the caller, who frees it with free(), and leaves
 * the buffer empty. Returns a freshly allocated "" when the buffer was
 * empty, or NULL if even that allocation fails.
 */
char *common_strbuf_detach(struct common_strbuf *sb);

#endif
