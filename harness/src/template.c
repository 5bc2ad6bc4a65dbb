#include "template.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/time.h"
#include "common/uuid.h"
#include "jpath.h"

/* Longest expression between the braces. */
#define EXPR_MAX 512

bool harness_template_has_placeholder(const char *text)
{
    return text != NULL && strstr(text, "{{") != NULL;
}

/* Copies the trimmed expression of the placeholder starting at `open`. */
static enum harness_status read_expression(const char *text, const char *open,
                                           char expr[EXPR_MAX + 1],
                                           const char **after,
                                           struct harness_error *err)
{
    const char *close = strstr(open + 2, "}}");
    const char *start = open + 2;
    size_t len;

    if (close == NULL)
        return harness_fail(err, HARNESS_EINVAL, "\"%.80s\": '{{' without '}}'",
                            text);
    while (start < close && isspace((unsigned char)*start))
        start++;
    len = (size_t)(close - start);
    while (len > 0 && isspace((unsigned char)start[len - 1]))
        len--;
    if (len == 0 || len > EXPR_MAX)
        return harness_fail(err, HARNESS_EINVAL,
                            "\"%.80s\": empty or over-long placeholder", text);
    memcpy(expr, start, len);
    expr[len] = '\0';
    *after = close + 2;
    return HARNESS_OK;
}

/* Every instant the timestamp text can write lies this close to now. */
#define TIME_SPAN_MS (COMMON_TIME_MAX_MS - COMMON_TIME_MIN_MS)

static enum harness_status out_of_range(const char *spec,
                                        struct harness_error *err)
{
    return harness_fail(err, HARNESS_EINVAL,
                        "time:%s: the date falls outside the years 0000 to "
                        "9999",
                        spec);
}

enum harness_status harness_template_time(const char *spec, long long now_ms,
                                          char *out, size_t out_size,
                                          struct harness_error *err)
{
    long long offset_ms = 0;
    int zone_minutes = 0;
    bool zone_given = false;
    const char *at = strchr(spec, '@');
    char when[64];
    size_t when_len = at ? (size_t)(at - spec) : strlen(spec);

    if (when_len >= sizeof when)
        return harness_fail(err, HARNESS_EINVAL, "time:%s: too long", spec);
    memcpy(when, spec, when_len);
    when[when_len] = '\0';

    /* The offset: "now", or a sign, digits and a unit. */
    if (strcmp(when, "now") != 0 && when[0] != '\0') {
        char *end;
        long long amount;
        static const struct {
            const char *unit;
            long long ms;
        } units[] = { { "ms", 1 },
                      { "s", 1000 },
                      { "m", 60000 },
                      { "h", 3600000 },
                      { "d", 86400000 } };
        bool known = false;

        errno = 0;
        amount = strtoll(when, &end, 10);
        if ((when[0] != '+' && when[0] != '-') || end == when + 1)
            return harness_fail(err, HARNESS_EINVAL,
                                "time:%s: expected now or +N/-N with a unit "
                                "(ms, s, m, h, d)",
                                spec);
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
            if (strcmp(end, units[i].unit) != 0)
                continue;
            known = true;
            /* Checked before multiplying: the product must not overflow,
             * and no offset wider than the years 0000-9999 can make a
             * timestamp anyway. */
            if (errno == ERANGE || amount > TIME_SPAN_MS / units[i].ms ||
                amount < -(TIME_SPAN_MS / units[i].ms))
                return out_of_range(spec, err);
            offset_ms = amount * units[i].ms;
        }
        if (!known)
            return harness_fail(err, HARNESS_EINVAL,
                                "time:%s: unknown unit \"%s\"", spec, end);
    }

    /* The zone: Z or +hh:mm / -hh:mm. */
    if (at != NULL && strcmp(at + 1, "Z") != 0) {
        int hours, minutes;
        char sign, tail;
        if (sscanf(at + 1, "%c%2d:%2d%c", &sign, &hours, &minutes, &tail) !=
                3 ||
            (sign != '+' && sign != '-') || hours > 23 || minutes > 59 ||
            strlen(at + 1) != 6)
            return harness_fail(err, HARNESS_EINVAL,
                                "time:%s: zone must be Z, +hh:mm or -hh:mm",
                                spec);
        zone_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
        zone_given = true;
    }

    /* Shift the wall clock by the zone, then write the zone in place of Z.
     * The formatter clamps what it cannot write, so a date it would bend
     * (the local one included) is refused here instead. */
    char iso[COMMON_TIME_ISO_SIZE];
    long long local = now_ms + offset_ms + (long long)zone_minutes * 60000;
    if (local < COMMON_TIME_MIN_MS || local > COMMON_TIME_MAX_MS)
        return out_of_range(spec, err);
    common_time_format_iso(local, iso);
    if (!zone_given) {
        snprintf(out, out_size, "%s", iso);
    } else {
        iso[COMMON_TIME_ISO_SIZE - 2] = '\0';
        snprintf(out, out_size, "%s%s", iso, at + 1);
    }
    return HARNESS_OK;
}

/* Evaluates one expression into a new cJSON value. */
static enum harness_status evaluate(const char *expr, const cJSON *vars,
                                    cJSON **out, struct harness_error *err)
{
    char text[64];
    enum harness_status status;

    *out = NULL;
    if (strncmp(expr, "time:", 5) == 0) {
        status = harness_template_time(expr + 5, common_time_now_ms(), text,
                                       sizeof text, err);
        if (status == HARNESS_OK)
            *out = cJSON_CreateString(text);
    } else if (strcmp(expr, "uuid") == 0 || strcmp(expr, "unique") == 0) {
        char uuid[COMMON_UUID_SIZE];
        common_uuid_v4(uuid);
        if (strcmp(expr, "unique") == 0)
            memmove(uuid, uuid + 24, 13);
        *out = cJSON_CreateString(uuid);
        status = HARNESS_OK;
    } else {
        struct harness_jpath_result found;
        status = harness_jpath_eval(vars, expr, &found, err);
        if (status != HARNESS_OK)
            return status;
        if (found.count == 0) {
            harness_jpath_result_free(&found);
            return harness_fail(err, HARNESS_EMISMATCH,
                                "variable \"%s\" is not defined (no earlier "
                                "step saved it)",
                                expr);
        }
        if (found.multi) {
            *out = cJSON_CreateArray();
            for (size_t i = 0; *out && i < found.count; i++)
                cJSON_AddItemToArray(*out,
                                     cJSON_Duplicate(found.items[i].node, 1));
        } else {
            *out = cJSON_Duplicate(found.items[0].node, 1);
        }
        harness_jpath_result_free(&found);
    }
    if (status == HARNESS_OK && *out == NULL)
        status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
    return status;
}

enum harness_status harness_template_validate(const char *text,
                                              struct harness_error *err)
{
    const char *at = text;
    const char *open;
    char expr[EXPR_MAX + 1];
    enum harness_status status = HARNESS_OK;

    while (status == HARNESS_OK && (open = strstr(at, "{{")) != NULL) {
        status = read_expression(text, open, expr, &at, err);
        if (status != HARNESS_OK)
            break;
        if (strncmp(expr, "time:", 5) == 0) {
            char out[64];
            /* The real clock, as at run time, so a date pushed past year
             * 9999 is a malformed scenario rather than a failed step. */
            status = harness_template_time(expr + 5, common_time_now_ms(), out,
                                           sizeof out, err);
        } else if (strcmp(expr, "uuid") != 0 && strcmp(expr, "unique") != 0) {
            status = harness_jpath_validate(expr, err);
        }
    }
    return status;
}

enum harness_status harness_template_expand_text(const char *text,
                                                 const cJSON *vars, cJSON **out,
                                                 struct harness_error *err)
{
    struct common_strbuf sb;
    const char *at = text;
    const char *open;
    char expr[EXPR_MAX + 1];
    enum harness_status status = HARNESS_OK;
    cJSON *value = NULL;

    *out = NULL;
    common_strbuf_init(&sb, HARNESS_TEMPLATE_MAX_TEXT);

    /* A lone placeholder keeps the value's type. */
    open = strstr(text, "{{");
    if (open == text) {
        const char *after;
        status = read_expression(text, open, expr, &after, err);
        if (status == HARNESS_OK && *after == '\0')
            return evaluate(expr, vars, out, err);
    }

    /* Otherwise splice text and values together. */
    while (status == HARNESS_OK && (open = strstr(at, "{{")) != NULL) {
        common_strbuf_append(&sb, at, (size_t)(open - at));
        status = read_expression(text, open, expr, &at, err);
        if (status == HARNESS_OK)
            status = evaluate(expr, vars, &value, err);
        if (status != HARNESS_OK)
            break;
        if (cJSON_IsString(value)) {
            common_strbuf_puts(&sb, value->valuestring);
        } else {
            char *printed = cJSON_PrintUnformatted(value);
            if (printed == NULL || !common_strbuf_puts(&sb, printed))
                sb.overflowed = true;
            free(printed);
        }
        cJSON_Delete(value);
        value = NULL;
    }
    if (status == HARNESS_OK) {
        common_strbuf_puts(&sb, at);
        if (sb.overflowed)
            status =
                harness_fail(err, HARNESS_ENOMEM, "expanded text over %d bytes",
                             HARNESS_TEMPLATE_MAX_TEXT);
        else if ((*out = cJSON_CreateString(common_strbuf_str(&sb))) == NULL)
            status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
    }
    common_strbuf_free(&sb);
    return status;
}

enum harness_status harness_template_expand(const cJSON *node,
                                            const cJSON *vars, cJSON **out,
                                            struct harness_error *err)
{
    enum harness_status status = HARNESS_OK;
    const cJSON *child;

    *out = NULL;
    if (cJSON_IsString(node))
        return harness_template_expand_text(node->valuestring, vars, out, err);
    if (!cJSON_IsArray(node) && !cJSON_IsObject(node)) {
        *out = cJSON_Duplicate(node, 0);
        return *out ? HARNESS_OK
                    : harness_fail(err, HARNESS_ENOMEM, "out of memory");
    }

    /* Containers: expand each member into a fresh container. */
    *out = cJSON_IsArray(node) ? cJSON_CreateArray() : cJSON_CreateObject();
    if (*out == NULL)
        return harness_fail(err, HARNESS_ENOMEM, "out of memory");
    cJSON_ArrayForEach(child, node)
    {
        cJSON *copy = NULL;
        status = harness_template_expand(child, vars, &copy, err);
        if (status != HARNESS_OK)
            break;
        if (cJSON_IsArray(node))
            cJSON_AddItemToArray(*out, copy);
        else
            cJSON_AddItemToObject(*out, child->string, copy);
    }
    if (status != HARNESS_OK) {
        cJSON_Delete(*out);
        *out = NULL;
    }
    return status;
}
