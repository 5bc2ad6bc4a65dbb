#ifndef SEAMC_CLIENT_INTERNAL_H
#define SEAMC_CLIENT_INTERNAL_H

/* The handle's insides, shared by the modules of the library. */

#include <stdbool.h>
#include <stdint.h>

#include <curl/curl.h>

#include "seam/client.h"

/* Largest answer body accepted; Seam's lists are far smaller. */
#define SEAMC_MAX_RESPONSE_BYTES (32u * 1024u * 1024u)

struct seamc_client {
    char *endpoint; /* owned; no trailing slash */
    char *api_key;  /* owned; never logged */
    long timeout_ms;
    int max_retries;
    long retry_base_delay_ms;
    long max_retry_delay_ms;
    bool retry_writes;
    enum seamc_read_method read_method;
    seamc_log_fn *log;
    void *log_user_data;
    seamc_delay_fn *delay;
    void *delay_user_data;
    CURL *curl;                 /* owned; reused to keep connections */
    struct curl_slist *headers; /* owned; includes the Authorization */
    uint32_t random_state;      /* jitter source; per handle */
};

/* Logs a formatted message through the handle's callback, if any,
 * after removing the API key from it. */
/*
 * Waits `delay_ms` through the handle's delay hook when one is set (tests
 * use it to record and skip waits), else by sleeping. Used between retries
 * and between action-attempt polls.
 */
void seamc__pause(const seamc_client *client, long delay_ms);

void seamc__log(const seamc_client *client, enum seamc_log_level level,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
