#ifndef SEAM_PAGINATOR_H
#define SEAM_PAGINATOR_H

/*
 * Walks a paginated list route (/acs/users/list, /acs/entrances/list,
 * /acs/credentials/list, /user_identities/list, /action_attempts/list,
 * ...) page by page, re-sending the original parameters with
 * `page_cursor` set to the previous page's `next_page_cursor`.
 *
 * It stops with SEAMC_EPAGE_LOOP when the server hands out a cursor it
 * already gave, so a faulty server cannot make it loop forever.
 * A paginator belongs to its handle: same thread rules, and free it
 * before the handle.
 */

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "seam/client.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque; created by seamc_paginator_new, freed by seamc_paginator_free. */
typedef struct seamc_paginator seamc_paginator;

/*
 * Prepares to list `route` with `params` (borrowed and copied; NULL
 * means {}; a `page_cursor` in it is the starting page, a `limit` the
 * page size). `items_key` names the array in each page, e.g.
 * "acs_users"; NULL derives it from the route for the routes listed
 * above (SEAMC_EINVAL for others). No request is made yet.
 *
 * On success *out is owned by the caller (seamc_paginator_free); on
 * failure it is NULL and `err` (may be NULL) says why.
 */
SEAMC_API enum seamc_status
seamc_paginator_new(seamc_client *client, const char *route,
                    const cJSON *params, const char *items_key,
                    seamc_paginator **out, struct seamc_error *err);

/* Frees the paginator and the page it holds. NULL is allowed. */
SEAMC_API void seamc_paginator_free(seamc_paginator *paginator);

/*
 * Fetches the next page. On SEAMC_OK, *items is the page's item array,
 * borrowed from the paginator and valid until the next call or
 * seamc_paginator_free; it is NULL when the previous page was the last.
 * On failure *items is NULL, `err` (may be NULL) says why, and every
 * further call fails with the same status.
 */
SEAMC_API enum seamc_status
seamc_paginator_next_page(seamc_paginator *paginator, const cJSON **items,
                          struct seamc_error *err);

/*
 * Item-by-item walk over all pages, fetching pages as needed. On
 * SEAMC_OK, *item is the next item (borrowed, valid until the page
 * changes, i.e. until a later call may fetch one) or NULL at the end.
 */
SEAMC_API enum seamc_status
seamc_paginator_next_item(seamc_paginator *paginator, const cJSON **item,
                          struct seamc_error *err);

/*
 * Fetches every remaining page and returns all their items in one owned
 * array (*all_items, freed with cJSON_Delete). On failure *all_items is
 * NULL.
 */
SEAMC_API enum seamc_status seamc_paginator_collect(seamc_paginator *paginator,
                                                    cJSON **all_items,
                                                    struct seamc_error *err);

/* Pages fetched so far. */
SEAMC_API int seamc_paginator_page_count(const seamc_paginator *paginator);

#ifdef __cplusplus
}
#endif

#endif
