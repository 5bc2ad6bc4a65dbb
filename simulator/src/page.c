#include "page.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* Filters and cursors are short; this cap only guards against abuse. */
#define PAGE_FILTERS_MAX (256 * 1024)
#define DIGEST_BYTES     12
#define CURSOR_MAX       128

/* Seam's list routes refuse pages larger than this (inferred bound). */
#define PAGE_LIMIT_MAX 10000

void sim_page_init(struct sim_page *page, struct sim_request *req)
{
    memset(page, 0, sizeof *page);
    page->req = req;
    common_strbuf_init(&page->filters, PAGE_FILTERS_MAX);
}

void sim_page_free(struct sim_page *page)
{
    common_strbuf_free(&page->filters);
}

/* Appends `text` percent-encoded for a query string. */
static void append_encoded(struct common_strbuf *sb, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
            common_strbuf_append(sb, p, 1);
        else
            common_strbuf_printf(sb, "%%%02X", *p);
    }
}

void sim_page_filter(struct sim_page *page, const char *name, const char *value)
{
    if (page->filters.len > 0)
        common_strbuf_puts(&page->filters, "&");
    append_encoded(&page->filters, name);
    common_strbuf_puts(&page->filters, "=");
    append_encoded(&page->filters, value);
}

/*
 * The tag that signs a cursor: a keyed hash of the workspace, route,
 * limit, filters and the position itself, so no part can be edited.
 */
static void cursor_tag(const struct sim_page *page, uint64_t position,
                       unsigned char out[DIGEST_BYTES])
{
    crypto_generichash_state st;
    char limit[64];

    snprintf(limit, sizeof limit, "|limit=%lld|after=%llu|", page->limit,
             (unsigned long long)position);
    crypto_generichash_init(&st, sim_server_cursor_key(page->req->server),
                            crypto_generichash_KEYBYTES, DIGEST_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)page->req->ws->id,
                              strlen(page->req->ws->id));
    crypto_generichash_update(&st, (const unsigned char *)page->req->path,
                              strlen(page->req->path));
    crypto_generichash_update(&st, (const unsigned char *)limit, strlen(limit));
    crypto_generichash_update(
        &st, (const unsigned char *)common_strbuf_str(&page->filters),
        page->filters.len);
    crypto_generichash_final(&st, out, DIGEST_BYTES);
}

static void make_cursor(const struct sim_page *page, char out[CURSOR_MAX])
{
    unsigned char raw[DIGEST_BYTES + 8];

    cursor_tag(page, page->last_seq, raw);
    for (int i = 0; i < 8; i++)
        raw[DIGEST_BYTES + i] = (unsigned char)(page->last_seq >> (56 - 8 * i));
    sodium_bin2base64(out, CURSOR_MAX, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum sim_status sim_page_begin(struct sim_page *page, long long default_limit)
{
    struct sim_request *req = page->req;
    const char *cursor = NULL;
    enum sim_status status;

    page->limit = default_limit;
    sim_param_int(req, "limit", 0, 1, PAGE_LIMIT_MAX, &page->limit);
    sim_param_string(req, "page_cursor", SIM_NULLABLE, &cursor);
    if (page->filters.overflowed)
        sim_request_invalid(req, "", "Too many filter values");
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if (cursor == NULL)
        return SIM_OK;

    /* Decode and check the cursor. */
    unsigned char raw[DIGEST_BYTES + 8], expected[DIGEST_BYTES];
    size_t raw_len = 0;
    const char *end = NULL;
    if (sodium_base642bin(raw, sizeof raw, cursor, strlen(cursor), NULL,
                          &raw_len, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        raw_len != sizeof raw || *end != '\0') {
        sim_request_invalid(req, "page_cursor",
                            "Invalid page cursor for \"page_cursor\": pass "
                            "the next_page_cursor of a previous page");
        return sim_request_validated(req);
    }
    uint64_t position = 0;
    for (int i = 0; i < 8; i++)
        position = (position << 8) | raw[DIGEST_BYTES + i];
    cursor_tag(page, position, expected);
    if (sodium_memcmp(raw, expected, DIGEST_BYTES) != 0)
        return sim_request_fail(req, SIM_MISMATCHED_PAGE_PARAMETERS,
                                "This page_cursor was not made for these "
                                "parameters; send the next_page_cursor of a "
                                "page asked with the same parameters");
    page->after_seq = position;
    return SIM_OK;
}

size_t sim_page_first_index(const struct sim_page *page,
                            const struct sim_vec *order)
{
    return sim_store_first_after(order, page->after_seq);
}

bool sim_page_take(struct sim_page *page, const struct sim_object *obj)
{
    if (page->taken == page->limit) {
        page->has_next_page = true;
        return false;
    }
    page->taken++;
    page->last_seq = obj->seq;
    return true;
}

bool sim_page_finish(struct sim_page *page, cJSON *out)
{
    cJSON *p = cJSON_AddObjectToObject(out, "pagination");

    if (p == NULL ||
        !cJSON_AddBoolToObject(p, "has_next_page", page->has_next_page))
        return false;
    if (!page->has_next_page) {
        return cJSON_AddNullToObject(p, "next_page_cursor") &&
               cJSON_AddNullToObject(p, "next_page_url");
    }

    char cursor[CURSOR_MAX];
    struct common_strbuf url;
    make_cursor(page, cursor);
    common_strbuf_init(&url, PAGE_FILTERS_MAX * 2);
    common_strbuf_printf(&url, "%s%s?", page->req->base_url, page->req->path);
    if (page->filters.len > 0)
        common_strbuf_printf(&url, "%s&", common_strbuf_str(&page->filters));
    common_strbuf_printf(&url, "limit=%lld&page_cursor=%s", page->limit,
                         cursor);
    bool ok =
        cJSON_AddStringToObject(p, "next_page_cursor", cursor) &&
        cJSON_AddStringToObject(p, "next_page_url", common_strbuf_str(&url));
    common_strbuf_free(&url);
    return ok;
}
