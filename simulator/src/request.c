#include "request.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json_check.h"
#include "common/strbuf.h"
#include "common/time.h"

/* Longest error message a reply carries; validation lists are cut here. */
#define ERROR_MESSAGE_MAX 4096

struct allocation {
    struct allocation *next;
    max_align_t data[];
};

void sim_request_init(struct sim_request *req)
{
    memset(req, 0, sizeof *req);
}

void sim_request_free(struct sim_request *req)
{
    struct allocation *a = req->allocations;

    while (a != NULL) {
        struct allocation *next = a->next;
        free(a);
        a = next;
    }
    cJSON_Delete(req->body);
    cJSON_Delete(req->query);
    cJSON_Delete(req->validation);
    free(req->error_message);
    sim_request_init(req);
}

void *sim_request_alloc(struct sim_request *req, size_t size)
{
    struct allocation *a = malloc(sizeof *a + size);

    if (a == NULL)
        return NULL;
    a->next = req->allocations;
    req->allocations = a;
    return a->data;
}

char *sim_request_strdup(struct sim_request *req, const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = sim_request_alloc(req, n);

    if (copy != NULL)
        memcpy(copy, text, n);
    return copy;
}

static void set_message_v(struct sim_request *req, const char *fmt, va_list ap)
{
    char *message = malloc(ERROR_MESSAGE_MAX);

    if (message == NULL)
        return;
    vsnprintf(message, ERROR_MESSAGE_MAX, fmt, ap);
    free(req->error_message);
    req->error_message = message;
}

enum sim_status sim_request_fail(struct sim_request *req,
                                 enum sim_status status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_message_v(req, fmt, ap);
    va_end(ap);
    return status;
}

/* Percent-decodes [src, src+len) with '+' as space. NULL if malformed. */
static char *percent_decode(const char *src, size_t len)
{
    char *out = malloc(len + 1);
    size_t n = 0;

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '+') {
            out[n++] = ' ';
        } else if (src[i] == '%') {
            if (i + 2 >= len || !isxdigit((unsigned char)src[i + 1]) ||
                !isxdigit((unsigned char)src[i + 2]))
                goto bad;
            char hex[3] = { src[i + 1], src[i + 2], '\0' };
            out[n++] = (char)strtol(hex, NULL, 16);
            i += 2;
        } else {
            out[n++] = src[i];
        }
    }
    out[n] = '\0';
    /* NULs would cut the value short; bad UTF-8 would be echoed back. */
    if (!common_text_is_clean(out, n))
        goto bad;
    return out;
bad:
    free(out);
    return NULL;
}

/* Adds one decoded key/value pair to the query object. */
static bool add_query_pair(cJSON *query, char *key, const char *value)
{
    size_t klen = strlen(key);
    bool bracketed = klen > 2 && strcmp(key + klen - 2, "[]") == 0;
    cJSON *existing;

    if (bracketed)
        key[klen - 2] = '\0';
    existing = cJSON_GetObjectItemCaseSensitive(query, key);
    if (existing == NULL) {
        cJSON *item;
        if (bracketed) {
            item = cJSON_CreateArray();
            if (item == NULL ||
                !cJSON_AddItemToArray(item, cJSON_CreateString(value))) {
                cJSON_Delete(item);
                return false;
            }
        } else {
            item = cJSON_CreateString(value);
        }
        return item != NULL && cJSON_AddItemToObject(query, key, item);
    }

    /* A repeated key turns the value into an array. */
    if (cJSON_IsString(existing)) {
        cJSON *array = cJSON_CreateArray();
        cJSON *first = cJSON_CreateString(existing->valuestring);
        if (array == NULL || first == NULL ||
            !cJSON_AddItemToArray(array, first)) {
            cJSON_Delete(array);
            cJSON_Delete(first);
            return false;
        }
        cJSON_ReplaceItemInObjectCaseSensitive(query, key, array);
        existing = array;
    }
    return cJSON_AddItemToArray(existing, cJSON_CreateString(value));
}

bool sim_request_parse_query(struct sim_request *req, const char *query)
{
    req->query = cJSON_CreateObject();
    if (req->query == NULL)
        return false;
    if (query == NULL)
        return true;

    for (const char *p = query; *p;) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;

        if (len > 0) {
            char *key = percent_decode(p, klen);
            char *value =
                eq ? percent_decode(eq + 1, len - klen - 1) : strdup("");
            bool ok = key && value && key[0] != '\0' &&
                      add_query_pair(req->query, key, value);
            if (!ok) {
                sim_request_fail(req, SIM_INVALID_INPUT,
                                 "The query parameter starting at byte %zu "
                                 "is malformed: bad percent-encoding, a NUL "
                                 "or control character, or invalid UTF-8",
                                 (size_t)(p - query));
            }
            free(key);
            free(value);
            if (!ok)
                return false;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return true;
}

/*
 * Validation errors are kept as Seam's (zod's) tree:
 * {"_errors": [], "name": {"_errors": ["message"]}}
 * and as a running list for the human-readable message.
 */
void sim_request_invalid(struct sim_request *req, const char *name,
                         const char *fmt, ...)
{
    char message[512];
    va_list ap;
    cJSON *entry, *list;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    if (req->validation == NULL) {
        req->validation = cJSON_CreateObject();
        if (req->validation == NULL)
            return;
        cJSON_AddItemToObject(req->validation, "_errors", cJSON_CreateArray());
    }

    /* "" is the form itself; "a.b" and "a[0]" nest as zod's tree does. */
    char path[128];
    char *save = NULL;
    snprintf(path, sizeof path, "%s", name);
    for (char *p = path; *p; p++) {
        if (*p == '[' || *p == ']')
            *p = '.';
    }
    entry = req->validation;
    for (char *part = strtok_r(path, ".", &save);
         part && entry && strcmp(part, "_errors") != 0;
         part = strtok_r(NULL, ".", &save)) {
        cJSON *next = cJSON_GetObjectItemCaseSensitive(entry, part);
        if (next == NULL) {
            next = cJSON_CreateObject();
            if (next == NULL ||
                !cJSON_AddItemToObject(next, "_errors", cJSON_CreateArray()) ||
                !cJSON_AddItemToObject(entry, part, next)) {
                cJSON_Delete(next);
                return;
            }
        }
        entry = next;
    }
    list = cJSON_GetObjectItemCaseSensitive(entry, "_errors");
    if (list != NULL)
        cJSON_AddItemToArray(list, cJSON_CreateString(message));
    req->invalid_count++;
}

/* Appends every message in the error tree, depth first, ", "-joined. */
static void collect_messages(const cJSON *node, struct common_strbuf *sb)
{
    const cJSON *child, *message;

    cJSON_ArrayForEach(message,
                       cJSON_GetObjectItemCaseSensitive(node, "_errors"))
    {
        if (sb->len > 0 && sb->data[sb->len - 1] != ' ')
            common_strbuf_puts(sb, ", ");
        common_strbuf_puts(sb, message->valuestring);
    }
    cJSON_ArrayForEach(child, node)
    {
        if (cJSON_IsObject(child))
            collect_messages(child, sb);
    }
}

enum sim_status sim_request_validated(struct sim_request *req)
{
    struct common_strbuf sb;

    if (req->invalid_count == 0)
        return SIM_OK;

    /* "x is required" alone, or "N Input Errors: a, b". */
    common_strbuf_init(&sb, ERROR_MESSAGE_MAX - 1);
    if (req->invalid_count > 1)
        common_strbuf_printf(&sb, "%d Input Errors: ", req->invalid_count);
    collect_messages(req->validation, &sb);
    enum sim_status status =
        sim_request_fail(req, SIM_INVALID_INPUT, "%s", common_strbuf_str(&sb));
    common_strbuf_free(&sb);
    return status;
}

/* The raw value and whether it came from the query string. */
static const cJSON *lookup(struct sim_request *req, const char *name,
                           bool *from_query)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req->body, name);

    *from_query = false;
    if (v == NULL && req->query != NULL) {
        v = cJSON_GetObjectItemCaseSensitive(req->query, name);
        *from_query = v != NULL;
    }
    return v;
}

bool sim_param_present(struct sim_request *req, const char *name)
{
    bool from_query;
    return lookup(req, name, &from_query) != NULL;
}

static enum sim_param_state missing(struct sim_request *req, const char *name,
                                    unsigned flags)
{
    if (flags & SIM_REQUIRED)
        sim_request_invalid(req, name, "%s is required", name);
    return SIM_PARAM_ABSENT;
}

static enum sim_param_state wrong_type(struct sim_request *req,
                                       const char *name, const char *expected)
{
    sim_request_invalid(req, name, "Expected %s for \"%s\"", expected, name);
    return SIM_PARAM_ABSENT;
}

/*
 * The common start of every getter: absent, null, or a value to check.
 * Returns SIM_PARAM_SET with *out_value when a value is there to check.
 */
static enum sim_param_state begin(struct sim_request *req, const char *name,
                                  unsigned flags, const cJSON **out_value,
                                  bool *from_query)
{
    const cJSON *v = lookup(req, name, from_query);

    if (v == NULL)
        return missing(req, name, flags);
    if (cJSON_IsNull(v) || (*from_query && (flags & SIM_NULLABLE) &&
                            cJSON_IsString(v) && v->valuestring[0] == '\0')) {
        if (flags & SIM_REQUIRED)
            return missing(req, name, flags);
        if (flags & SIM_NULLABLE)
            return SIM_PARAM_NULL;
        sim_request_invalid(req, name, "\"%s\" cannot be null", name);
        return SIM_PARAM_ABSENT;
    }
    *out_value = v;
    return SIM_PARAM_SET;
}

/* Characters (not bytes) in valid UTF-8 text. */
static size_t utf8_chars(const char *text)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

enum sim_param_state sim_param_string(struct sim_request *req, const char *name,
                                      unsigned flags, const char **out)
{
    const cJSON *v;
    bool from_query;
    enum sim_param_state state = begin(req, name, flags, &v, &from_query);

    if (state != SIM_PARAM_SET)
        return state;
    if (!cJSON_IsString(v))
        return wrong_type(req, name, "string");
    if (utf8_chars(v->valuestring) > SIM_PARAM_STRING_MAX) {
        sim_request_invalid(req, name,
                            "String must contain at most %d character(s) "
                            "for \"%s\"",
                            SIM_PARAM_STRING_MAX, name);
        return SIM_PARAM_ABSENT;
    }
    if ((flags & SIM_NONEMPTY) && v->valuestring[0] == '\0') {
        sim_request_invalid(req, name,
                            "String must contain at least 1 character(s) "
                            "for \"%s\"",
                            name);
        return SIM_PARAM_ABSENT;
    }
    *out = v->valuestring;
    return SIM_PARAM_SET;
}

/* Lower-cases a UUID into request memory; NULL when invalid. */
static const char *checked_uuid(struct sim_request *req, const char *name,
                                const char *text)
{
    char *copy;

    if (!common_uuid_is_valid(text)) {
        sim_request_invalid(req, name, "Invalid uuid for \"%s\"", name);
        return NULL;
    }
    copy = sim_request_strdup(req, text);
    for (char *p = copy; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return copy;
}

enum sim_param_state sim_param_uuid(struct sim_request *req, const char *name,
                                    unsigned flags, const char **out)
{
    const char *text;
    enum sim_param_state state = sim_param_string(req, name, flags, &text);

    if (state != SIM_PARAM_SET)
        return state;
    if ((text = checked_uuid(req, name, text)) == NULL)
        return SIM_PARAM_ABSENT;
    *out = text;
    return SIM_PARAM_SET;
}

static enum sim_param_state parse_time(struct sim_request *req,
                                       const char *label, const cJSON *v,
                                       int64_t *out)
{
    int64_t ms;

    if (!cJSON_IsString(v))
        return wrong_type(req, label, "an ISO 8601 timestamp string");
    if (!common_time_parse_iso(v->valuestring, &ms)) {
        sim_request_invalid(req, label,
                            "Invalid datetime for \"%s\": expected ISO 8601 "
                            "with a UTC offset, e.g. "
                            "2024-07-13T16:50:42.072Z",
                            label);
        return SIM_PARAM_ABSENT;
    }
    *out = ms;
    return SIM_PARAM_SET;
}

enum sim_param_state sim_param_time(struct sim_request *req, const char *name,
                                    unsigned flags, int64_t *out)
{
    const cJSON *v;
    bool from_query;
    enum sim_param_state state = begin(req, name, flags, &v, &from_query);

    if (state != SIM_PARAM_SET)
        return state;
    return parse_time(req, name, v, out);
}

enum sim_param_state sim_param_int(struct sim_request *req, const char *name,
                                   unsigned flags, long long min, long long max,
                                   long long *out)
{
    const cJSON *v;
    bool from_query;
    long long n;
    enum sim_param_state state = begin(req, name, flags, &v, &from_query);

    if (state != SIM_PARAM_SET)
        return state;
    if (from_query && cJSON_IsString(v)) {
        char *end;
        errno = 0;
        n = strtoll(v->valuestring, &end, 10);
        if (v->valuestring[0] == '\0' || *end != '\0' || errno == ERANGE)
            return wrong_type(req, name, "integer");
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d != (double)(long long)d || d > 9.0e15 || d < -9.0e15)
            return wrong_type(req, name, "integer");
        n = (long long)d;
    } else {
        return wrong_type(req, name, "integer");
    }
    if (n < min || n > max) {
        sim_request_invalid(req, name,
                            "Number must be between %lld and %lld for "
                            "\"%s\"",
                            min, max, name);
        return SIM_PARAM_ABSENT;
    }
    *out = n;
    return SIM_PARAM_SET;
}

enum sim_param_state sim_param_bool(struct sim_request *req, const char *name,
                                    unsigned flags, bool *out)
{
    const cJSON *v;
    bool from_query;
    enum sim_param_state state = begin(req, name, flags, &v, &from_query);

    if (state != SIM_PARAM_SET)
        return state;
    if (from_query && cJSON_IsString(v) &&
        (strcmp(v->valuestring, "true") == 0 ||
         strcmp(v->valuestring, "false") == 0)) {
        *out = strcmp(v->valuestring, "true") == 0;
        return SIM_PARAM_SET;
    }
    if (!cJSON_IsBool(v))
        return wrong_type(req, name, "boolean");
    *out = cJSON_IsTrue(v);
    return SIM_PARAM_SET;
}

enum sim_param_state sim_param_enum(struct sim_request *req, const char *name,
                                    unsigned flags, const char *const *choices,
                                    int *out)
{
    const char *text;
    enum sim_param_state state = sim_param_string(req, name, flags, &text);
    struct common_strbuf list;

    if (state != SIM_PARAM_SET)
        return state;
    for (int i = 0; choices[i] != NULL; i++) {
        if (strcmp(text, choices[i]) == 0) {
            *out = i;
            return SIM_PARAM_SET;
        }
    }
    common_strbuf_init(&list, 256);
    for (int i = 0; choices[i] != NULL; i++)
        common_strbuf_printf(&list, "%s'%s'", i ? " | " : "", choices[i]);
    sim_request_invalid(req, name, "Expected %s for \"%s\"",
                        common_strbuf_str(&list), name);
    common_strbuf_free(&list);
    return SIM_PARAM_ABSENT;
}

/* Splits a query value on commas into a JSON array of strings. */
static cJSON *split_commas(const char *text)
{
    cJSON *array = cJSON_CreateArray();

    if (array == NULL || text[0] == '\0')
        return array;
    for (const char *p = text;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char *part = strndup(p, n);
        if (part == NULL ||
            !cJSON_AddItemToArray(array, cJSON_CreateString(part))) {
            free(part);
            cJSON_Delete(array);
            return NULL;
        }
        free(part);
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return array;
}

/*
 * Flattens a query value (a string, or an array of strings from repeated
 * keys) into one array, splitting every string on commas.
 */
static cJSON *split_query_array(const cJSON *v)
{
    const cJSON *part;
    cJSON *all;

    if (cJSON_IsString(v))
        return split_commas(v->valuestring);
    if ((all = cJSON_CreateArray()) == NULL)
        return NULL;
    cJSON_ArrayForEach(part, v)
    {
        cJSON *pieces =
            cJSON_IsString(part) ? split_commas(part->valuestring) : NULL;
        if (pieces == NULL) {
            cJSON_Delete(all);
            return NULL;
        }
        while (cJSON_GetArraySize(pieces) > 0)
            cJSON_AddItemToArray(all, cJSON_DetachItemFromArray(pieces, 0));
        cJSON_Delete(pieces);
    }
    return all;
}

/*
 * The shared body of the array getters: every element must be a string;
 * with `uuids`, a UUID, returned lower-cased.
 */
static enum sim_param_state string_array(struct sim_request *req,
                                         const char *name, unsigned flags,
                                         bool uuids, const char ***out,
                                         size_t *count)
{
    const cJSON *v, *item;
    bool from_query;
    cJSON *split = NULL;
    enum sim_param_state state = begin(req, name, flags, &v, &from_query);

    if (state != SIM_PARAM_SET)
        return state;

    /* In a query every form (repeated, key[], commas) may carry commas. */
    if (from_query && (cJSON_IsString(v) || cJSON_IsArray(v)))
        v = split = split_query_array(v);
    if (!cJSON_IsArray(v)) {
        cJSON_Delete(split);
        return wrong_type(req, name, "array");
    }

    int n = cJSON_GetArraySize(v);
    if (n > SIM_PARAM_ARRAY_MAX) {
        cJSON_Delete(split);
        sim_request_invalid(req, name,
                            "Array must contain at most %d element(s) for "
                            "\"%s\"",
                            SIM_PARAM_ARRAY_MAX, name);
        return SIM_PARAM_ABSENT;
    }
    const char **items =
        sim_request_alloc(req, sizeof *items * (size_t)(n + 1));
    size_t i = 0;
    bool ok = items != NULL;
    cJSON_ArrayForEach(item, v)
    {
        char label[96];
        if (!ok)
            break;
        snprintf(label, sizeof label, "%s[%zu]", name, i);
        if (!cJSON_IsString(item)) {
            sim_request_invalid(req, label, "Expected string for \"%s\"",
                                label);
            ok = false;
            break;
        }
        items[i] = uuids ? checked_uuid(req, label, item->valuestring)
                         : sim_request_strdup(req, item->valuestring);
        if (items[i] == NULL)
            ok = false;
        i++;
    }
    cJSON_Delete(split);
    if (!ok)
        return SIM_PARAM_ABSENT;
    *out = items;
    *count = i;
    return SIM_PARAM_SET;
}

enum sim_param_state sim_param_uuid_array(struct sim_request *req,
                                          const char *name, unsigned flags,
                                          const char ***out, size_t *count)
{
    return string_array(req, name, flags, true, out, count);
}

enum sim_param_state sim_param_string_array(struct sim_request *req,
                                            const char *name, unsigned flags,
                                            const char ***out, size_t *count)
{
    return string_array(req, name, flags, false, out, count);
}

enum sim_param_state sim_param_time_in_array(struct sim_request *req,
                                             const cJSON *array,
                                             const char *name, int index,
                                             int64_t *out)
{
    char label[96];

    snprintf(label, sizeof label, "%s[%d]", name, index);
    return parse_time(req, label, cJSON_GetArrayItem(array, index), out);
}

enum sim_param_state sim_param_object(struct sim_request *req, const char *name,
                                      unsigned flags, cJSON **out)
{
    const cJSON *v;
    bool from_query;
    enum sim_param_state state = begin(req, name, flags, &v, &from_query);

    if (state != SIM_PARAM_SET)
        return state;
    if (!cJSON_IsObject(v))
        return wrong_type(req, name, "object");
    *out = (cJSON *)v;
    return SIM_PARAM_SET;
}

enum sim_param_state sim_param_time_in(struct sim_request *req,
                                       const cJSON *object,
                                       const char *object_name,
                                       const char *field, unsigned flags,
                                       int64_t *out)
{
    char label[128];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, field);

    snprintf(label, sizeof label, "%s.%s", object_name, field);
    if (v == NULL)
        return missing(req, label, flags);
    if (cJSON_IsNull(v)) {
        if (flags & SIM_NULLABLE)
            return SIM_PARAM_NULL;
        return missing(req, label, flags | SIM_REQUIRED);
    }
    return parse_time(req, label, v, out);
}

enum sim_param_state sim_param_email(struct sim_request *req, const char *name,
                                     unsigned flags, const char **out)
{
    const char *text;
    enum sim_param_state state = sim_param_string(req, name, flags, &text);

    if (state != SIM_PARAM_SET)
        return state;
    const char *at = strchr(text, '@');
    bool ok = at != NULL && at != text && at[1] != '\0' &&
              strchr(at + 1, '@') == NULL && strchr(at + 1, '.') != NULL &&
              strpbrk(text, " \t\r\n") == NULL;
    if (!ok) {
        sim_request_invalid(req, name, "Invalid email for \"%s\"", name);
        return SIM_PARAM_ABSENT;
    }
    *out = text;
    return SIM_PARAM_SET;
}

enum sim_param_state sim_param_phone(struct sim_request *req, const char *name,
                                     unsigned flags, const char **out)
{
    const char *text;
    enum sim_param_state state = sim_param_string(req, name, flags, &text);

    if (state != SIM_PARAM_SET)
        return state;
    size_t digits = strspn(text + (text[0] == '+'), "0123456789");
    bool ok = text[0] == '+' && text[1] >= '1' && text[1] <= '9' &&
              text[1 + digits] == '\0' && digits >= 2 && digits <= 15;
    if (!ok) {
        sim_request_invalid(req, name,
                            "Phone number must be in E.164 format, e.g. "
                            "+15555550100, for \"%s\"",
                            name);
        return SIM_PARAM_ABSENT;
    }
    *out = text;
    return SIM_PARAM_SET;
}
