#ifndef SIM_PAGE_H
#define SIM_PAGE_H

/*
 * Cursor pagination for the list routes Seam paginates.
 *
 * A list handler describes its filters with sim_page_filter() in a fixed
 * order, then calls sim_page_begin(), which reads `limit` and
 * `page_cursor`. The cursor is "v1.<digest>.<seq>" in URL-safe base64: the
 * digest binds it to the route and the filters it was made with, and seq
 * is the creation order of the last object already returned. A cursor
 * reused with other filters is refused with mismatched_page_parameters; a
 * malformed one is invalid_input, never silently page one.
 *
 * The handler then walks its source in creation order from
 * sim_page_first_index(), offering each matching object to
 * sim_page_take() until it returns false, and finishes with
 * sim_page_finish(), which adds the `pagination` object.
 */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "request.h"
#include "store.h"

struct sim_page {
    struct sim_request *req;      /* borrowed */
    struct common_strbuf filters; /* canonical "k=v&k=v" query text */
    long long limit;
    uint64_t after_seq; /* 0 for the first page */
    uint64_t last_seq;  /* seq of the last object taken */
    long long taken;
    bool has_next_page;
};

void sim_page_init(struct sim_page *page, struct sim_request *req);
void sim_page_free(struct sim_page *page);

/* Adds a filter that was given (skip absent ones). `value` is copied. */
void sim_page_filter(struct sim_page *page, const char *name,
                     const char *value);

/*
 * Reads `limit` (default `default_limit`, at least 1) and `page_cursor`.
 * Returns SIM_OK, or an error status with the request's message set.
 * Call after every filter has been added and validated.
 */
enum sim_status sim_page_begin(struct sim_page *page, long long default_limit);

/* Where to start walking `order`, an ascending-seq object list. */
size_t sim_page_first_index(const struct sim_page *page,
                            const struct sim_vec *order);

/*
 * Offers the next matching object. Returns true if it belongs on this
 * page, false once the page is full (the object then starts the next).
 */
bool sim_page_take(struct sim_page *page, const struct sim_object *obj);

/*
 * Adds "pagination": {has_next_page, next_page_cursor, next_page_url}.
 * Returns false when memory runs out.
 */
bool sim_page_finish(struct sim_page *page, cJSON *out);

#endif
