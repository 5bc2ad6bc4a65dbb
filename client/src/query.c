/* Query-string encoding of call parameters (see query.h). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "text.h"

/* One key=value pair before sorting; `order` keeps array order stable. */
struct query_pair {
    char *key;
    char *value;
    size_t order;
};

struct query_pairs {
    struct query_pair *items;
    size_t count;
    size_t cap;
};

static void query_pairs_free(struct query_pairs *pairs)
{
    size_t i;

    for (i = 0; i < pairs->count; i++) {
        free(pairs->items[i].key);
        free(pairs->items[i].value);
    }
    free(pairs->items);
    memset(pairs, 0, sizeof(*pairs));
}

static enum seamc_status query_pairs_add(struct query_pairs *pairs,
                                         const char *key, const char *value)
{
    struct query_pair *slot;

    if (pairs->count == pairs->cap) {
        size_t new_cap = pairs->cap == 0 ? 16 : pairs->cap * 2;
        struct query_pair *grown =
            realloc(pairs->items, new_cap * sizeof(*grown));

        if (grown == NULL) {
            return SEAMC_ENOMEM;
        }
        pairs->items = grown;
        pairs->cap = new_cap;
    }
    slot = &pairs->items[pairs->count];
    slot->key = seamc__duplicate_text(key);
    slot->value = seamc__duplicate_text(value);
    slot->order = pairs->count;
    if (slot->key == NULL || slot->value == NULL) {
        free(slot->key);
        free(slot->value);
        return SEAMC_ENOMEM;
    }
    pairs->count++;
    return SEAMC_OK;
}

/* Writes a number as JavaScript's toString would for common values:
 * integers without a fraction, others in their shortest exact form. */
static void format_number(double number, char *out, size_t size)
{
    if (number == (double)(long long)number && number < 9.007e15 &&
        number > -9.007e15) {
        snprintf(out, size, "%lld", (long long)number);
        return;
    }
    snprintf(out, size, "%.15g", number);
    if (strtod(out, NULL) != number) {
        snprintf(out, size, "%.17g", number);
    }
}

/*
 * The text a scalar encodes as. Returns false for arrays and objects.
 * `*omit` is set for values the encoder leaves out (empty strings).
 */
static bool scalar_text(const cJSON *item, char *buffer, size_t size,
                        const char **text, bool *omit)
{
    *omit = false;
    if (cJSON_IsString(item)) {
        *text = item->valuestring;
        *omit = item->valuestring[0] == '\0';
    } else if (cJSON_IsNull(item)) {
        *text = "";
    } else if (cJSON_IsTrue(item)) {
        *text = "true";
    } else if (cJSON_IsFalse(item)) {
        *text = "false";
    } else if (cJSON_IsNumber(item)) {
        format_number(item->valuedouble, buffer, size);
        *text = buffer;
    } else {
        return false;
    }
    return true;
}

static enum seamc_status flatten(const cJSON *item, const char *key,
                                 struct query_pairs *pairs);

static enum seamc_status flatten_object(const cJSON *object, const char *prefix,
                                        struct query_pairs *pairs)
{
    const cJSON *child;
    enum seamc_status status = SEAMC_OK;

    cJSON_ArrayForEach(child, object)
    {
        char *key;
        size_t len;

        if (prefix == NULL) {
            status = flatten(child, child->string, pairs);
            if (status != SEAMC_OK) {
                break;
            }
            continue;
        }
        len = strlen(prefix) + 1 + strlen(child->string) + 1;
        key = malloc(len);
        if (key == NULL) {
            status = SEAMC_ENOMEM;
            break;
        }
        snprintf(key, len, "%s.%s", prefix, child->string);
        status = flatten(child, key, pairs);
        free(key);
        if (status != SEAMC_OK) {
            break;
        }
    }
    return status;
}

static enum seamc_status flatten_array(const cJSON *array, const char *key,
                                       struct query_pairs *pairs)
{
    const cJSON *element;
    char number[32];

    if (cJSON_GetArraySize(array) == 0) {
        return query_pairs_add(pairs, key, "");
    }
    cJSON_ArrayForEach(element, array)
    {
        const char *text;
        bool omit;
        enum seamc_status status;

        if (!scalar_text(element, number, sizeof(number), &text, &omit)) {
            return SEAMC_EINVAL;
        }
        if (omit) {
            continue;
        }
        status = query_pairs_add(pairs, key, text);
        if (status != SEAMC_OK) {
            return status;
        }
    }
    return SEAMC_OK;
}

static enum seamc_status flatten(const cJSON *item, const char *key,
                                 struct query_pairs *pairs)
{
    char number[32];
    const char *text;
    bool omit;

    if (cJSON_IsObject(item)) {
        return flatten_object(item, key, pairs);
    }
    if (cJSON_IsArray(item)) {
        return flatten_array(item, key, pairs);
    }
    if (!scalar_text(item, number, sizeof(number), &text, &omit)) {
        return SEAMC_EINVAL;
    }
    return omit ? SEAMC_OK : query_pairs_add(pairs, key, text);
}

static int compare_pairs(const void *left, const void *right)
{
    const struct query_pair *a = left;
    const struct query_pair *b = right;
    int by_key = strcmp(a->key, b->key);

    if (by_key != 0) {
        return by_key;
    }
    return a->order < b->order ? -1 : (a->order > b->order ? 1 : 0);
}

/* application/x-www-form-urlencoded, as URLSearchParams writes it. */
static bool append_form_encoded(struct common_strbuf *out, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *cursor;

    for (cursor = (const unsigned char *)text; *cursor != '\0'; cursor++) {
        unsigned char c = *cursor;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '*' || c == '-' ||
                     c == '.' || c == '_';
        char escaped[3];

        if (plain) {
            if (!common_strbuf_append(out, cursor, 1)) {
                return false;
            }
        } else if (c == ' ') {
            if (!common_strbuf_puts(out, "+")) {
                return false;
            }
        } else {
            escaped[0] = '%';
            escaped[1] = hex[c >> 4];
            escaped[2] = hex[c & 0x0f];
            if (!common_strbuf_append(out, escaped, sizeof(escaped))) {
                return false;
            }
        }
    }
    return true;
}

enum seamc_status seamc__query_encode(const cJSON *params,
                                      struct common_strbuf *out)
{
    struct query_pairs pairs = { 0 };
    enum seamc_status status = SEAMC_OK;
    size_t i;

    if (params == NULL) {
        goto out;
    }
    if (!cJSON_IsObject(params)) {
        status = SEAMC_EINVAL;
        goto out;
    }

    /* Flatten nested objects and arrays into key=value pairs. */
    status = flatten_object(params, NULL, &pairs);
    if (status != SEAMC_OK) {
        goto out;
    }

    /* Sort by key, keeping array elements in their original order. */
    if (pairs.count > 1) {
        qsort(pairs.items, pairs.count, sizeof(pairs.items[0]), compare_pairs);
    }

    /* Write them out. */
    for (i = 0; i < pairs.count; i++) {
        bool written = (i == 0 || common_strbuf_puts(out, "&")) &&
                       append_form_encoded(out, pairs.items[i].key) &&
                       common_strbuf_puts(out, "=") &&
                       append_form_encoded(out, pairs.items[i].value);

        if (!written) {
            status = SEAMC_ENOMEM;
            goto out;
        }
    }

out:
    query_pairs_free(&pairs);
    return status;
}
