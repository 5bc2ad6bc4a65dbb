/* Building and checking typed-call parameters (see params.h). */

#include <stdio.h>
#include <string.h>

#include "common/time.h"
#include "error.h"
#include "params.h"

void seamc__params_init(struct seamc__params *params)
{
    memset(params, 0, sizeof(*params));
    params->root = cJSON_CreateObject();
    if (params->root == NULL) {
        params->status = SEAMC_ENOMEM;
        snprintf(params->problem, sizeof(params->problem), "out of memory");
    }
}

static void params_fail(struct seamc__params *params, enum seamc_status status,
                        const char *key, const char *what)
{
    if (params->status != SEAMC_OK) {
        return;
    }
    params->status = status;
    snprintf(params->problem, sizeof(params->problem), "%s%s%s",
             key != NULL ? key : "", key != NULL ? " " : "", what);
}

void seamc__params_reject(struct seamc__params *params, const char *problem)
{
    params_fail(params, SEAMC_EINVAL, NULL, problem);
}

/* Adds `item` (consumed) under `key`, remembering allocation failure. */
static void params_add(struct seamc__params *params, const char *key,
                       cJSON *item)
{
    if (params->status != SEAMC_OK || item == NULL ||
        !cJSON_AddItemToObject(params->root, key, item)) {
        cJSON_Delete(item);
        params_fail(params, SEAMC_ENOMEM, NULL, "out of memory");
    }
}

void seamc__params_string(struct seamc__params *params, const char *key,
                          const char *value)
{
    if (value != NULL && params->status == SEAMC_OK) {
        params_add(params, key, cJSON_CreateString(value));
    }
}

void seamc__params_required(struct seamc__params *params, const char *key,
                            const char *value)
{
    if (value == NULL || value[0] == '\0') {
        params_fail(params, SEAMC_EINVAL, key, "is required");
        return;
    }
    seamc__params_string(params, key, value);
}

void seamc__params_time(struct seamc__params *params, const char *key,
                        const char *value)
{
    int64_t ms;

    if (value == NULL) {
        return;
    }
    if (!common_time_parse_iso(value, &ms)) {
        params_fail(params, SEAMC_EINVAL, key,
                    "is not an ISO 8601 date-time with offset");
        return;
    }
    seamc__params_string(params, key, value);
}

void seamc__params_update(struct seamc__params *params, const char *key,
                          const struct seamc_update_string *update)
{
    switch (update->op) {
    case SEAMC_UPDATE_LEAVE:
        return;
    case SEAMC_UPDATE_SET:
        if (update->value == NULL) {
            params_fail(params, SEAMC_EINVAL, key,
                        "is SEAMC_UPDATE_SET with a NULL value");
            return;
        }
        seamc__params_string(params, key, update->value);
        return;
    case SEAMC_UPDATE_NULL:
        if (params->status == SEAMC_OK) {
            params_add(params, key, cJSON_CreateNull());
        }
        return;
    }
    params_fail(params, SEAMC_EINVAL, key, "has an unknown update operation");
}

void seamc__params_strings(struct seamc__params *params, const char *key,
                           const char *const *values, size_t count)
{
    cJSON *array;
    size_t i;

    if (count == 0 || params->status != SEAMC_OK) {
        return;
    }
    if (values == NULL) {
        params_fail(params, SEAMC_EINVAL, key, "has a count but no array");
        return;
    }
    for (i = 0; i < count; i++) {
        if (values[i] == NULL) {
            params_fail(params, SEAMC_EINVAL, key, "contains NULL");
            return;
        }
    }
    array = cJSON_CreateStringArray(values, (int)count);
    params_add(params, key, array);
}

void seamc__params_strings_required(struct seamc__params *params,
                                    const char *key, const char *const *values,
                                    size_t count)
{
    if (values == NULL) {
        params_fail(params, SEAMC_EINVAL, key, "is required");
        return;
    }
    if (count > 0) {
        seamc__params_strings(params, key, values, count);
    } else if (params->status == SEAMC_OK) {
        params_add(params, key, cJSON_CreateArray());
    }
}

void seamc__params_times(struct seamc__params *params, const char *key,
                         const char *const *values, size_t count)
{
    int64_t ms;
    size_t i;

    for (i = 0; values != NULL && i < count; i++) {
        if (values[i] != NULL && !common_time_parse_iso(values[i], &ms)) {
            params_fail(params, SEAMC_EINVAL, key,
                        "holds text that is not an ISO 8601 date-time with "
                        "offset");
            return;
        }
    }
    seamc__params_strings(params, key, values, count);
}

void seamc__params_limit(struct seamc__params *params, int limit)
{
    if (limit < 0) {
        params_fail(params, SEAMC_EINVAL, "limit", "must not be negative");
        return;
    }
    if (limit > 0 && params->status == SEAMC_OK) {
        params_add(params, "limit", cJSON_CreateNumber(limit));
    }
}

void seamc__params_bool(struct seamc__params *params, const char *key,
                        bool value)
{
    if (params->status == SEAMC_OK) {
        params_add(params, key, cJSON_CreateBool(value));
    }
}

void seamc__params_page(struct seamc__params *params,
                        const struct seamc_page_params *page)
{
    seamc__params_limit(params, page->limit);
    seamc__params_string(params, "page_cursor", page->page_cursor);
}

enum seamc_status seamc__params_finish(struct seamc__params *params,
                                       cJSON **root, struct seamc_error *err)
{
    seamc_error_clear(err);
    if (params->status != SEAMC_OK) {
        cJSON_Delete(params->root);
        params->root = NULL;
        *root = NULL;
        return seamc__fail(err, params->status, "%s", params->problem);
    }
    *root = params->root;
    params->root = NULL;
    return SEAMC_OK;
}
