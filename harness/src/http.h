#ifndef HARNESS_HTTP_H
#define HARNESS_HTTP_H

/*
 * Raw HTTP through libcurl, for what the client library deliberately
 * cannot send: malformed bodies, wrong content types, wrong methods,
 * missing authorization, and the unauthenticated simulator routes
 * (/health, /_fake/workspaces/create). Everything else goes through
 * the client library.
 */

#include <stddef.h>

#include <cjson/cJSON.h>

#include "status.h"

/* Responses larger than this are cut off and reported as an error. */
#define HARNESS_HTTP_MAX_BODY (8 * 1024 * 1024)

struct harness_http_request {
    const char *method; /* e.g. "POST"; borrowed */
    const char *url;    /* absolute; borrowed */
    const char *body;   /* borrowed; NULL sends none */
    /* "Name: value" lines, NULL-terminated, borrowed (may be NULL).
     * "Name:" with no value removes a header libcurl would add. */
    const char *const *headers;
    long timeout_ms; /* 0: 30 s */
};

struct harness_http_response {
    long status; /* 0 when no answer arrived */
    char *body;  /* owned; "" when empty */
    size_t body_len;
    cJSON *json;    /* owned: the body parsed, or NULL when not JSON */
    cJSON *headers; /* owned: lower-case name -> last value */
};

/*
 * Sends one request. `response` must be zeroed; it is filled as far as the
 * exchange got and must be released with harness_http_response_free.
 * Returns HARNESS_ETRANSPORT when no answer arrived.
 */
enum harness_status harness_http_send(const struct harness_http_request *req,
                                      struct harness_http_response *response,
                                      struct harness_error *err);

/* Frees what `response` owns and zeroes it. NULL is allowed. */
void harness_http_response_free(struct harness_http_response *response);

#endif
