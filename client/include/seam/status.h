#ifndef SEAM_STATUS_H
#define SEAM_STATUS_H

/*
 * Status codes and error detail of the seam-client library.
 *
 * Every library call returns an `enum seamc_status`. Calls that can fail
 * for a reason worth explaining also take a caller-owned
 * `struct seamc_error *`, which the library fills on failure (and clears
 * on success). There is no global "last error".
 *
 * The numeric values are part of the ABI: they never change meaning and
 * retired codes are never reused.
 */

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SEAMC_BUILDING_LIBRARY) && defined(__GNUC__)
#define SEAMC_API __attribute__((visibility("default")))
#else
#define SEAMC_API
#endif

/*
 * The one table every status-related symbol is generated from:
 * X(name, value, message).
 */
#define SEAMC_STATUS_TABLE(X)                                                  \
    X(SEAMC_OK, 0, "success")                                                  \
    X(SEAMC_EINVAL, 1, "invalid argument passed to the library")               \
    X(SEAMC_ENOMEM, 2, "out of memory")                                        \
    X(SEAMC_ECONFIG, 3,                                                        \
      "missing or unusable configuration "                                     \
      "(API key or endpoint)")                                                 \
    X(SEAMC_ETRANSPORT, 10,                                                    \
      "could not complete the HTTP exchange "                                  \
      "(connection refused, reset or dropped)")                                \
    X(SEAMC_ETIMEOUT, 11, "the request timed out")                             \
    X(SEAMC_EHTTP, 20,                                                         \
      "the server answered with an HTTP error that "                           \
      "carries no Seam error body")                                            \
    X(SEAMC_EAPI, 21, "the API answered with an error")                        \
    X(SEAMC_EUNAUTHORIZED, 22,                                                 \
      "unauthorized: the API key was missing, "                                \
      "wrong or not allowed here")                                             \
    X(SEAMC_EPROTOCOL, 30,                                                     \
      "the server's answer was not what the API "                              \
      "promises (bad JSON or missing field)")                                  \
    X(SEAMC_ETOOBIG, 31, "the server's answer exceeded the size limit")        \
    X(SEAMC_EPAGE_LOOP, 32,                                                    \
      "pagination stopped: the server repeated "                               \
      "a page cursor")                                                         \
    X(SEAMC_EACTION_FAILED, 40,                                                \
      "the action attempt finished with status \"error\"")                     \
    X(SEAMC_EACTION_TIMEOUT, 41,                                               \
      "the action attempt was still pending when the wait ended")

/* Status of every library call. SEAMC_OK is zero; failures are positive. */
enum seamc_status {
#define SEAMC_STATUS_ENUM_ENTRY(name, value, message) name = value,
    SEAMC_STATUS_TABLE(SEAMC_STATUS_ENUM_ENTRY)
#undef SEAMC_STATUS_ENUM_ENTRY
};

/*
 * Human-readable message for `status`, e.g. "the request timed out".
 * Returns a static string, never NULL ("unknown status" for values not in
 * the table). Thread-safe.
 */
SEAMC_API const char *seamc_strerror(enum seamc_status status);

/*
 * The enumerator's name for `status`, e.g. "SEAMC_ETIMEOUT". Returns a
 * static string, never NULL ("SEAMC_UNKNOWN" for values not in the table).
 * Thread-safe.
 */
SEAMC_API const char *seamc_errname(enum seamc_status status);

/* Sizes of the fixed fields below, terminator included. */
#define SEAMC_ERROR_TYPE_SIZE       96
#define SEAMC_ERROR_MESSAGE_SIZE    512
#define SEAMC_REQUEST_ID_SIZE       128
#define SEAMC_VALIDATION_PARAM_SIZE 96
#define SEAMC_VALIDATION_TEXT_SIZE  256
/* Most per-parameter validation messages kept; the rest set `truncated`. */
#define SEAMC_VALIDATION_MAX 8

/* One parameter the API refused, from `error.validation_errors`. */
struct seamc_validation_issue {
    /* Dotted parameter path, e.g. "access_schedule.ends_at"; "" for
     * form-level messages that name no parameter. */
    char param[SEAMC_VALIDATION_PARAM_SIZE];
    /* The parameter's messages joined with "; ". */
    char message[SEAMC_VALIDATION_TEXT_SIZE];
};

/*
 * Error detail, owned by the caller, usually on the stack. It holds no
 * heap memory, so it never needs releasing and may be reused for any
 * number of calls; each call that takes one resets it first.
 *
 * Text fields are always NUL-terminated; over-long text is cut and
 * `truncated` is set. The API key never appears in any field: where the
 * server echoed it back, it is replaced by a short prefix and "...".
 */
struct seamc_error {
    enum seamc_status status; /* same value the call returned */
    /* HTTP status of the last response, 0 when none arrived. */
    long http_status;
    /* Seam's `error.type`, e.g. "acs_user_not_found"; "unauthorized" for
     * every 401; "" when the answer carried no Seam error. */
    char type[SEAMC_ERROR_TYPE_SIZE];
    /* Seam's `error.message`, or the library's own explanation. */
    char message[SEAMC_ERROR_MESSAGE_SIZE];
    /* The `seam-request-id` response header, "" when absent. */
    char request_id[SEAMC_REQUEST_ID_SIZE];
    /* How many HTTP attempts the call made (retries included). */
    int attempts;
    size_t validation_count;
    struct seamc_validation_issue validation[SEAMC_VALIDATION_MAX];
    bool truncated; /* some text or validation issue did not fit */
};

/* Resets `err` to "no error" (SEAMC_OK, empty strings). NULL is allowed. */
SEAMC_API void seamc_error_clear(struct seamc_error *err);

#ifdef __cplusplus
}
#endif

#endif
