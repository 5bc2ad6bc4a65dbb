#ifndef SEAMC_RESPONSE_H
#define SEAMC_RESPONSE_H

/*
 * Turns one HTTP answer into a status, error detail and parsed body,
 * following the rules of the official SDKs:
 *  - 2xx: the body must be a JSON object (and hold `expect_key`);
 *  - 401: always SEAMC_EUNAUTHORIZED with type "unauthorized";
 *  - other codes: SEAMC_EAPI only when the content type is JSON and the
 *    body has string `error.type` and `error.message`; anything else
 *    (HTML pages, plain text, malformed JSON) is a plain SEAMC_EHTTP.
 */

#include <stddef.h>

#include <cjson/cJSON.h>

#include "seam/status.h"

struct seamc__answer {
    long http_status;
    const char *content_type; /* borrowed; NULL when absent */
    const char *body;         /* borrowed; need not be terminated */
    size_t body_len;
};

/*
 * Classifies `answer`. *parsed receives the owned parsed body (free with
 * cJSON_Delete) whenever the body was valid JSON, whatever the status,
 * else NULL. `err` (may be NULL) is filled on failure: status, HTTP
 * status, type, message and validation issues (not the request id,
 * which the caller knows).
 */
enum seamc_status seamc__classify_answer(const struct seamc__answer *answer,
                                         const char *expect_key, cJSON **parsed,
                                         struct seamc_error *err);

#endif
