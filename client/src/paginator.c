/* Following page cursors across a paginated list route. */

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "paginator_internal.h"
#include "seam/paginator.h"
#include "text.h"

struct seamc_paginator {
    seamc_client *client; /* borrowed */
    char *route;          /* owned */
    char *items_key;      /* owned */
    cJSON *params;        /* owned copy; page_cursor rewritten per page */
    cJSON *page;          /* owned body of the current page */
    const cJSON *items;   /* borrowed from `page` */
    const cJSON *next_item;
    char **seen_cursors; /* owned; every cursor sent so far */
    size_t seen_count;
    size_t seen_cap;
    bool has_more; /* another page may be fetched */
    int page_count;
    enum seamc_status failure; /* sticky once set */
    struct seamc_error failure_detail;
};

/* Paginated routes and the key of their item array. */
static const struct {
    const char *route;
    const char *items_key;
} known_routes[] = {
    { "acs/users/list", "acs_users" },
    { "acs/entrances/list", "acs_entrances" },
    { "acs/credentials/list", "acs_credentials" },
    { "user_identities/list", "user_identities" },
    { "user_identities/unmanaged/list", "user_identities" },
    { "action_attempts/list", "action_attempts" },
    { "devices/list", "devices" },
    { "access_codes/list", "access_codes" },
    { "connected_accounts/list", "connected_accounts" },
};

const char *seamc__items_key_for_route(const char *route)
{
    size_t i;

    if (route == NULL) {
        return NULL;
    }
    if (route[0] == '/') {
        route++;
    }
    for (i = 0; i < sizeof(known_routes) / sizeof(known_routes[0]); i++) {
        if (strcmp(known_routes[i].route, route) == 0) {
            return known_routes[i].items_key;
        }
    }
    return NULL;
}

enum seamc_status seamc__read_pagination(const cJSON *body, bool *has_next_page,
                                         const char **next_cursor,
                                         struct seamc_error *err)
{
    const cJSON *pagination =
        cJSON_GetObjectItemCaseSensitive(body, "pagination");
    const cJSON *has_next;
    const cJSON *cursor;

    *has_next_page = false;
    *next_cursor = NULL;
    if (!cJSON_IsObject(pagination)) {
        return seamc__fail(err, SEAMC_EPROTOCOL,
                           "list answer lacks a \"pagination\" object");
    }
    has_next = cJSON_GetObjectItemCaseSensitive(pagination, "has_next_page");
    cursor = cJSON_GetObjectItemCaseSensitive(pagination, "next_page_cursor");
    if (!cJSON_IsBool(has_next)) {
        return seamc__fail(err, SEAMC_EPROTOCOL,
                           "pagination.has_next_page is not a boolean");
    }
    if (!cJSON_IsTrue(has_next)) {
        return SEAMC_OK;
    }
    if (!cJSON_IsString(cursor) || cursor->valuestring[0] == '\0') {
        return seamc__fail(err, SEAMC_EPROTOCOL,
                           "pagination says there is a next page but "
                           "gives no cursor");
    }
    *has_next_page = true;
    *next_cursor = cursor->valuestring;
    return SEAMC_OK;
}

void seamc_paginator_free(seamc_paginator *paginator)
{
    size_t i;

    if (paginator == NULL) {
        return;
    }
    for (i = 0; i < paginator->seen_count; i++) {
        free(paginator->seen_cursors[i]);
    }
    free(paginator->seen_cursors);
    cJSON_Delete(paginator->params);
    cJSON_Delete(paginator->page);
    free(paginator->route);
    free(paginator->items_key);
    free(paginator);
}

/* Records `cursor`; SEAMC_EPAGE_LOOP when it was handed out before. */
static enum seamc_status remember_cursor(seamc_paginator *paginator,
                                         const char *cursor,
                                         struct seamc_error *err)
{
    char *copy;
    size_t i;

    for (i = 0; i < paginator->seen_count; i++) {
        if (strcmp(paginator->seen_cursors[i], cursor) == 0) {
            return seamc__fail(err, SEAMC_EPAGE_LOOP,
                               "page cursor repeated after %d pages",
                               paginator->page_count);
        }
    }
    if (paginator->seen_count == paginator->seen_cap) {
        size_t new_cap = paginator->seen_cap == 0 ? 8 : paginator->seen_cap * 2;
        char **grown =
            realloc(paginator->seen_cursors, new_cap * sizeof(*grown));

        if (grown == NULL) {
            return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        }
        paginator->seen_cursors = grown;
        paginator->seen_cap = new_cap;
    }
    copy = seamc__duplicate_text(cursor);
    if (copy == NULL) {
        return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
    }
    paginator->seen_cursors[paginator->seen_count++] = copy;
    return SEAMC_OK;
}

enum seamc_status seamc_paginator_new(seamc_client *client, const char *route,
                                      const cJSON *params,
                                      const char *items_key,
                                      seamc_paginator **out,
                                      struct seamc_error *err)
{
    seamc_paginator *paginator = NULL;
    const cJSON *start_cursor;
    enum seamc_status status = SEAMC_OK;

    seamc_error_clear(err);
    if (out == NULL || client == NULL || route == NULL) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "client, route and out must not be NULL");
    }
    *out = NULL;
    if (items_key == NULL) {
        items_key = seamc__items_key_for_route(route);
    }
    if (items_key == NULL) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "no known item key for %.64s; pass one", route);
    }
    if (params != NULL && !cJSON_IsObject(params)) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "parameters must be a JSON object");
    }

    /* Own copies of everything, so the caller's may go away. */
    paginator = calloc(1, sizeof(*paginator));
    if (paginator == NULL) {
        return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
    }
    paginator->client = client;
    paginator->has_more = true;
    paginator->route = seamc__duplicate_text(route);
    paginator->items_key = seamc__duplicate_text(items_key);
    paginator->params =
        params != NULL ? cJSON_Duplicate(params, true) : cJSON_CreateObject();
    if (paginator->route == NULL || paginator->items_key == NULL ||
        paginator->params == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        goto out;
    }

    /* A starting cursor counts as seen: it must not come back. */
    start_cursor =
        cJSON_GetObjectItemCaseSensitive(paginator->params, "page_cursor");
    if (cJSON_IsString(start_cursor)) {
        status = remember_cursor(paginator, start_cursor->valuestring, err);
        if (status != SEAMC_OK) {
            goto out;
        }
    }
    *out = paginator;
    paginator = NULL;

out:
    seamc_paginator_free(paginator);
    return status;
}

/* Points the parameters at `cursor` for the next request. */
static enum seamc_status set_cursor(seamc_paginator *paginator,
                                    const char *cursor, struct seamc_error *err)
{
    cJSON *value = cJSON_CreateString(cursor);

    cJSON_DeleteItemFromObjectCaseSensitive(paginator->params, "page_cursor");
    if (value == NULL ||
        !cJSON_AddItemToObject(paginator->params, "page_cursor", value)) {
        cJSON_Delete(value);
        return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
    }
    return SEAMC_OK;
}

/* Fetches one page; on failure the caller makes the failure sticky. */
static enum seamc_status fetch_page(seamc_paginator *paginator,
                                    struct seamc_error *err)
{
    struct seamc_call_options options = { 0 };
    struct seamc_response response = { 0 };
    const cJSON *items;
    const char *next_cursor;
    bool has_next;
    enum seamc_status status;

    options.expect_key = paginator->items_key;
    options.force_read = true;
    status = seamc_call(paginator->client, paginator->route, paginator->params,
                        &options, &response, err);
    if (status != SEAMC_OK) {
        goto out;
    }

    /* The page must hold an item array and a pagination object. */
    items =
        cJSON_GetObjectItemCaseSensitive(response.body, paginator->items_key);
    if (!cJSON_IsArray(items)) {
        status = seamc__fail(err, SEAMC_EPROTOCOL,
                             "\"%s\" in the answer is not an array",
                             paginator->items_key);
        goto out;
    }
    status =
        seamc__read_pagination(response.body, &has_next, &next_cursor, err);
    if (status != SEAMC_OK) {
        goto out;
    }

    /* Prepare the next request, refusing a cursor seen before. */
    if (has_next) {
        status = remember_cursor(paginator, next_cursor, err);
        if (status == SEAMC_OK) {
            status = set_cursor(paginator, next_cursor, err);
        }
        if (status != SEAMC_OK) {
            goto out;
        }
    }
    cJSON_Delete(paginator->page);
    paginator->page = seamc_response_take_body(&response);
    paginator->items = items;
    paginator->next_item = items->child;
    paginator->has_more = has_next;
    paginator->page_count++;

out:
    seamc_response_release(&response);
    return status;
}

enum seamc_status seamc_paginator_next_page(seamc_paginator *paginator,
                                            const cJSON **items,
                                            struct seamc_error *err)
{
    enum seamc_status status;

    seamc_error_clear(err);
    if (items == NULL || paginator == NULL) {
        return seamc__fail(err, SEAMC_EINVAL, "arguments must not be NULL");
    }
    *items = NULL;
    if (paginator->failure != SEAMC_OK) {
        if (err != NULL) {
            *err = paginator->failure_detail;
        }
        return paginator->failure;
    }
    if (!paginator->has_more) {
        return SEAMC_OK;
    }
    status = fetch_page(paginator, &paginator->failure_detail);
    if (status != SEAMC_OK) {
        paginator->failure = status;
        paginator->failure_detail.status = status;
        if (err != NULL) {
            *err = paginator->failure_detail;
        }
        return status;
    }
    *items = paginator->items;
    return SEAMC_OK;
}

enum seamc_status seamc_paginator_next_item(seamc_paginator *paginator,
                                            const cJSON **item,
                                            struct seamc_error *err)
{
    const cJSON *items;
    enum seamc_status status;

    seamc_error_clear(err);
    if (item == NULL || paginator == NULL) {
        return seamc__fail(err, SEAMC_EINVAL, "arguments must not be NULL");
    }
    *item = NULL;

    /* Fetch pages until one has an item left, or there are no more. */
    while (paginator->next_item == NULL) {
        status = seamc_paginator_next_page(paginator, &items, err);
        if (status != SEAMC_OK || items == NULL) {
            return status;
        }
    }
    *item = paginator->next_item;
    paginator->next_item = paginator->next_item->next;
    return SEAMC_OK;
}

enum seamc_status seamc_paginator_collect(seamc_paginator *paginator,
                                          cJSON **all_items,
                                          struct seamc_error *err)
{
    cJSON *collected = NULL;
    const cJSON *items;
    enum seamc_status status;

    seamc_error_clear(err);
    if (all_items == NULL || paginator == NULL) {
        return seamc__fail(err, SEAMC_EINVAL, "arguments must not be NULL");
    }
    *all_items = NULL;
    collected = cJSON_CreateArray();
    if (collected == NULL) {
        return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
    }

    /* Move each page's items into the collection. */
    for (;;) {
        cJSON *page_items;

        status = seamc_paginator_next_page(paginator, &items, err);
        if (status != SEAMC_OK) {
            goto out;
        }
        if (items == NULL) {
            break;
        }
        page_items = cJSON_GetObjectItemCaseSensitive(paginator->page,
                                                      paginator->items_key);
        while (cJSON_GetArraySize(page_items) > 0) {
            cJSON_AddItemToArray(collected,
                                 cJSON_DetachItemFromArray(page_items, 0));
        }
        paginator->next_item = NULL;
    }
    *all_items = collected;
    collected = NULL;

out:
    cJSON_Delete(collected);
    return status;
}

int seamc_paginator_page_count(const seamc_paginator *paginator)
{
    return paginator->page_count;
}
