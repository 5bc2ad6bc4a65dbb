#ifndef SEAM_CLIENT_H
#define SEAM_CLIENT_H

/*
 * seam-client: a C client for the Seam Connect API (and for the offline
 * seam-latch-sim simulator, which speaks the same protocol).
 *
 * This header holds the handle, its configuration and the generic call
 * that reaches any route. Typed calls are in <seam/api.h>, the paginator
 * in <seam/paginator.h>; <seam/seam.h> includes everything.
 *
 * Ownership rule used throughout: "borrowed" pointers stay owned by
 * whoever passed or returned them; "owned" results are the caller's and
 * are freed with the function named at the declaration. On failure no
 * output needs freeing: outputs are left empty (NULL / zeroed).
 *
 * Threads: a handle holds a connection and a reusable buffer, so use
 * each handle from one thread at a time (different handles may be used
 * concurrently). The library keeps no global state of its own; the only
 * process-wide state is libcurl's, set up by seamc_global_init().
 */

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "seam/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API the library talks to when no endpoint is configured. */
#define SEAMC_DEFAULT_ENDPOINT "https://connect.getseam.com"
/* Per-attempt timeout when none is configured, as in the official SDKs. */
#define SEAMC_DEFAULT_TIMEOUT_MS 30000L
/* Retries after the first attempt, as in the official SDKs (3 attempts). */
#define SEAMC_DEFAULT_MAX_RETRIES 2
/* First backoff step; it doubles with each retry, then gets jitter. */
#define SEAMC_DEFAULT_RETRY_BASE_DELAY_MS 200L
/* A Retry-After longer than this is not waited for; the call fails. */
#define SEAMC_DEFAULT_MAX_RETRY_DELAY_MS 60000L

/* Opaque client handle. Created by seamc_client_new, freed by
 * seamc_client_free. */
typedef struct seamc_client seamc_client;

enum seamc_log_level {
    SEAMC_LOG_DEBUG = 0, /* every attempt and its outcome */
    SEAMC_LOG_INFO = 1,  /* retries and their delay */
    SEAMC_LOG_WARN = 2,  /* deprecated configuration, odd answers */
};

/*
 * Log sink. `message` is borrowed for the duration of the call, has no
 * trailing newline and never contains the API key. Called on the thread
 * that made the library call.
 */
typedef void seamc_log_fn(void *user_data, enum seamc_log_level level,
                          const char *message);

/*
 * Replaces the library's sleep between retries (tests use it to record
 * delays instead of waiting). `delay_ms` is >= 0.
 */
typedef void seamc_delay_fn(void *user_data, long delay_ms);

/* How reads (get, list, list_*) travel. Writes always use POST + JSON. */
enum seamc_read_method {
    SEAMC_READ_POST = 0, /* POST with a JSON body (works everywhere) */
    SEAMC_READ_GET = 1,  /* GET with a query string, as the SDKs do */
};

/*
 * Handle configuration. Start from seamc_config_init() and set only what
 * you need. All pointers are borrowed: seamc_client_new copies what it
 * keeps.
 */
struct seamc_config {
    /* Base URL. NULL: $SEAM_ENDPOINT, else $SEAM_API_URL (deprecated,
     * logged as a warning), else SEAMC_DEFAULT_ENDPOINT. Trailing slashes
     * are dropped, so a route is never joined with "//". */
    const char *endpoint;
    /* API key sent as "Authorization: Bearer <key>". NULL:
     * $SEAM_API_KEY. Missing or empty: SEAMC_ECONFIG. */
    const char *api_key;
    long timeout_ms; /* per attempt; 0: SEAMC_DEFAULT_TIMEOUT_MS */
    /* Retries after the first attempt (so at most max_retries + 1
     * attempts); 0 turns retrying off. Negative: SEAMC_EINVAL. */
    int max_retries;
    long retry_base_delay_ms; /* 0: SEAMC_DEFAULT_RETRY_BASE_DELAY_MS */
    long max_retry_delay_ms;  /* 0: SEAMC_DEFAULT_MAX_RETRY_DELAY_MS */
    /* Also retry writes (create, update, delete, ...). Off by default:
     * a write that reached the server may have taken effect. */
    bool retry_writes;
    enum seamc_read_method read_method;
    seamc_log_fn *log; /* NULL: no logging */
    void *log_user_data;
    seamc_delay_fn *delay; /* NULL: sleep with nanosleep() */
    void *delay_user_data;
};

/*
 * Fills `config` with the defaults: everything from the environment,
 * SEAMC_DEFAULT_MAX_RETRIES retries, SEAMC_DEFAULT_TIMEOUT_MS, reads by
 * POST, no logging. A config that skipped this and was only zeroed makes
 * no retries.
 */
SEAMC_API void seamc_config_init(struct seamc_config *config);

/*
 * Sets up libcurl's process-wide state. Call once, before any other
 * thread exists, before the first seamc_client_new. Returns SEAMC_OK or
 * SEAMC_ENOMEM.
 */
SEAMC_API enum seamc_status seamc_global_init(void);

/* Releases libcurl's process-wide state; call once at exit, after the
 * last handle is freed. */
SEAMC_API void seamc_global_cleanup(void);

/*
 * Creates a handle from `config` (NULL: all defaults, i.e. environment).
 * On success *out is an owned handle, freed with seamc_client_free.
 * On failure *out is NULL and `err` (may be NULL) says why:
 * SEAMC_ECONFIG when no API key is found or the endpoint is not an
 * http(s) URL of a host and at most a path (a query, fragment or
 * "user:password@" is refused), SEAMC_EINVAL for a key with control
 * characters,
 * SEAMC_ENOMEM.
 */
SEAMC_API enum seamc_status seamc_client_new(const struct seamc_config *config,
                                             seamc_client **out,
                                             struct seamc_error *err);

/* Frees a handle and its connection. NULL is allowed. */
SEAMC_API void seamc_client_free(seamc_client *client);

/* The endpoint in use, without trailing slash. Borrowed from the handle,
 * valid until seamc_client_free. */
SEAMC_API const char *seamc_client_endpoint(const seamc_client *client);

/* Whether a call may be replayed after a failure. */
enum seamc_retry {
    /* Reads (last route segment "get", "list" or "list_*") are retried;
     * writes only when the handle has `retry_writes`. */
    SEAMC_RETRY_AUTO = 0,
    SEAMC_RETRY_NEVER = 1,  /* one attempt, whatever the route */
    SEAMC_RETRY_ALWAYS = 2, /* caller vouches the call is safe to replay */
};

/* Per-call options; NULL or zero-initialised means all defaults. */
struct seamc_call_options {
    enum seamc_retry retry;
    /* Top-level key the 200 body must contain (e.g. "acs_user"); a 200
     * without it fails with SEAMC_EPROTOCOL. NULL: no check. */
    const char *expect_key;
    /* Send this call as a read (GET + query string when the handle's
     * read_method is SEAMC_READ_GET). By default a route is a read when
     * its last segment is "get", "list" or starts with "list_". */
    bool force_read;
};

/*
 * The outcome of a generic call. Zero-initialise before the first use;
 * release with seamc_response_release, which also makes it reusable.
 */
struct seamc_response {
    long http_status; /* 0 when no HTTP response arrived */
    /* Owned parsed JSON body, or NULL when the body was empty or not
     * JSON. Kept for error answers too, so `error.data` stays reachable.
     * seamc_response_release frees it; detach it with
     * seamc_response_take_body to keep it longer. */
    cJSON *body;
    char request_id[SEAMC_REQUEST_ID_SIZE]; /* "" when absent */
    int attempts; /* HTTP attempts made, retries included */
};

/* Frees the body and zeroes `response`. NULL is allowed. */
SEAMC_API void seamc_response_release(struct seamc_response *response);

/* Hands the body to the caller (free with cJSON_Delete) and leaves
 * `response->body` NULL. */
SEAMC_API cJSON *seamc_response_take_body(struct seamc_response *response);

/*
 * Calls `route` (e.g. "/acs/users/list"; the leading slash is optional)
 * with `params` (borrowed; NULL sends {}), and waits for the answer,
 * retrying as the options and handle allow.
 *
 * `response` (required) must be zero-initialised before its first use;
 * whatever an earlier call left in it is released first, so one response
 * can serve many calls. It is filled whether or not the call succeeds,
 * as far as the exchange got; release it with seamc_response_release.
 * Returns SEAMC_OK for a 2xx JSON object answer (and the expected key,
 * when one was asked for). Otherwise the status and `err` (may be NULL)
 * explain: SEAMC_EAPI / SEAMC_EUNAUTHORIZED for Seam errors,
 * SEAMC_EHTTP for other HTTP errors, SEAMC_ETRANSPORT / SEAMC_ETIMEOUT
 * when no answer came, SEAMC_EPROTOCOL for a 2xx that is not a JSON
 * object, SEAMC_EINVAL for a bad route or parameters that cannot be
 * encoded.
 */
SEAMC_API enum seamc_status seamc_call(seamc_client *client, const char *route,
                                       const cJSON *params,
                                       const struct seamc_call_options *options,
                                       struct seamc_response *response,
                                       struct seamc_error *err);

/*
 * Same as seamc_call, with the parameters given as JSON text (borrowed;
 * NULL or "" sends {}). Text that is not a JSON object: SEAMC_EINVAL.
 */
SEAMC_API enum seamc_status
seamc_call_json(seamc_client *client, const char *route,
                const char *params_json,
                const struct seamc_call_options *options,
                struct seamc_response *response, struct seamc_error *err);

#ifdef __cplusplus
}
#endif

#endif
