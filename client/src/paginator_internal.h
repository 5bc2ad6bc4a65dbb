#ifndef SEAMC_PAGINATOR_INTERNAL_H
#define SEAMC_PAGINATOR_INTERNAL_H

/* Pagination pieces shared by the paginator and the typed list calls. */

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "seam/status.h"

/*
 * Reads the `pagination` object of a list answer. On SEAMC_OK,
 * *has_next_page is set and *next_cursor points into `body` (borrowed;
 * NULL on the last page). A missing or malformed object, or a next page
 * without a cursor, is SEAMC_EPROTOCOL.
 */
enum seamc_status seamc__read_pagination(const cJSON *body, bool *has_next_page,
                                         const char **next_cursor,
                                         struct seamc_error *err);

/* The item key of a known paginated route ("acs_users" for
 * "/acs/users/list"), or NULL. The leading slash is optional. */
const char *seamc__items_key_for_route(const char *route);

#endif
