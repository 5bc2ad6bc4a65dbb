#ifndef HARNESS_STATUS_H
#define HARNESS_STATUS_H

/*
 * Status codes of the conformance harness and the caller-owned error
 * detail that goes with them.
 *
 * Every harness function that can fail returns an enum harness_status and
 * takes an optional struct harness_error * that it fills on failure. The
 * enum, its names and its default messages come from one table.
 */

#include <stddef.h>

/* X(name, value, message). Values are stable; never renumber. */
#define HARNESS_STATUS_TABLE(X)                                                \
    X(HARNESS_OK, 0, "success")                                                \
    X(HARNESS_EINVAL, 1, "invalid argument")                                   \
    X(HARNESS_ENOMEM, 2, "out of memory or over a size limit")                 \
    X(HARNESS_EIO, 3, "could not read or write a file")                        \
    X(HARNESS_EMALFORMED, 4, "the scenario file is malformed")                 \
    X(HARNESS_EMISMATCH, 5, "a response did not meet an expectation")          \
    X(HARNESS_ESCHEMA, 6, "a response broke the route's official schema")      \
    X(HARNESS_ESETUP, 7, "the target could not be prepared")                   \
    X(HARNESS_ETIMEOUT, 8, "a wait ran out of time")                           \
    X(HARNESS_ETRANSPORT, 9, "no HTTP answer arrived")                         \
    X(HARNESS_EINTERRUPTED, 10, "the harness was told to stop")

enum harness_status {
#define HARNESS_STATUS_ENUM_ENTRY(name, value, message) name = value,
    HARNESS_STATUS_TABLE(HARNESS_STATUS_ENUM_ENTRY)
#undef HARNESS_STATUS_ENUM_ENTRY
};

/* Room for one explanation; longer text is cut. */
#define HARNESS_ERROR_TEXT_SIZE 2048

/*
 * Error detail owned by the caller (usually on the stack). It holds no heap
 * memory. `text` is always NUL-terminated.
 */
struct harness_error {
    enum harness_status status;
    char text[HARNESS_ERROR_TEXT_SIZE];
};

/* Default message for `status`; static, never NULL. */
const char *harness_strerror(enum harness_status status);

/* Enumerator name, e.g. "HARNESS_EMISMATCH"; static, never NULL. */
const char *harness_errname(enum harness_status status);

/* Resets `err` (may be NULL) to HARNESS_OK with empty text. */
void harness_error_clear(struct harness_error *err);

/*
 * Records `status` and a formatted explanation in `err` (may be NULL) and
 * returns `status`, so callers can write `return harness_fail(...)`.
 */
enum harness_status harness_fail(struct harness_error *err,
                                 enum harness_status status, const char *fmt,
                                 ...) __attribute__((format(printf, 3, 4)));

/*
 * Puts `prefix` (formatted) in front of the text already in `err` (may be
 * NULL), keeping its status. Used to add context ("step 3: ") on the way up.
 */
void harness_error_prefix(struct harness_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
