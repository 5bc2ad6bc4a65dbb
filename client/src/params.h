#ifndef SEAMC_PARAMS_H
#define SEAMC_PARAMS_H

/*
 * Builds the JSON parameters of a typed call. Each add function checks
 * its input; the first problem is remembered and later adds do nothing,
 * so a call builds all its parameters and checks once, at the end, with
 * seamc__params_finish.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "seam/api.h"

struct seamc__params {
    cJSON *root; /* owned until seamc__params_finish hands it over */
    enum seamc_status status;
    char problem[160];
};

void seamc__params_init(struct seamc__params *params);

/* Adds `value` unless it is NULL. */
void seamc__params_string(struct seamc__params *params, const char *key,
                          const char *value);

/* Adds `value`, which must be a non-empty string. */
void seamc__params_required(struct seamc__params *params, const char *key,
                            const char *value);

/* Adds `value` unless NULL, after checking it is an RFC 3339 date-time. */
void seamc__params_time(struct seamc__params *params, const char *key,
                        const char *value);

/* Adds a three-state update field: nothing, a string, or null. */
void seamc__params_update(struct seamc__params *params, const char *key,
                          const struct seamc_update_string *update);

/* Adds an array of `count` non-NULL strings, unless `count` is 0. */
void seamc__params_strings(struct seamc__params *params, const char *key,
                           const char *const *values, size_t count);

/* Adds an array of `count` strings even when `count` is 0 (an empty
 * array); `values` must not be NULL, as the parameter is required. */
void seamc__params_strings_required(struct seamc__params *params,
                                    const char *key, const char *const *values,
                                    size_t count);

/* Adds an array of `count` RFC 3339 date-times, unless `count` is 0. */
void seamc__params_times(struct seamc__params *params, const char *key,
                         const char *const *values, size_t count);

/* Adds `limit` when > 0; a negative one is refused. */
void seamc__params_limit(struct seamc__params *params, int limit);

/* Adds a boolean. */
void seamc__params_bool(struct seamc__params *params, const char *key,
                        bool value);

/* Adds `limit` (when > 0) and `page_cursor` (when set). */
void seamc__params_page(struct seamc__params *params,
                        const struct seamc_page_params *page);

/* Marks the parameters invalid with a message (first problem wins). */
void seamc__params_reject(struct seamc__params *params, const char *problem);

/*
 * Ends building. On SEAMC_OK *root receives the owned object (free with
 * cJSON_Delete). Otherwise *root is NULL, everything is freed, and `err`
 * (cleared first) carries the first problem.
 */
enum seamc_status seamc__params_finish(struct seamc__params *params,
                                       cJSON **root, struct seamc_error *err);

#endif
