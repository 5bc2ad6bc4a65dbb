#include "jpath.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Paths in scenario files are short; this bounds the parser's work. */
#define PATH_MAX_SEGMENTS 32
#define PATH_TEXT_MAX     512

enum segment_kind { SEG_KEY, SEG_INDEX, SEG_ALL, SEG_FILTER };
enum filter_op { OP_EQUALS, OP_DIFFERS, OP_MATCHES };

struct segment {
    enum segment_kind kind;
    char *key;   /* SEG_KEY: the key; SEG_FILTER: the dotted field */
    char *value; /* SEG_FILTER: the text to compare with */
    long index;  /* SEG_INDEX */
    enum filter_op op;
};

struct parsed_path {
    struct segment segments[PATH_MAX_SEGMENTS];
    size_t count;
    bool multi;
};

static void parsed_path_free(struct parsed_path *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->segments[i].key);
        free(p->segments[i].value);
    }
    p->count = 0;
}

static char *copy_range(const char *start, size_t len)
{
    char *text = malloc(len + 1);

    if (text != NULL) {
        memcpy(text, start, len);
        text[len] = '\0';
    }
    return text;
}

/* Parses the inside of "[...]" (without the brackets) into `seg`. */
static enum harness_status parse_bracket(const char *in, size_t len,
                                         struct segment *seg,
                                         struct harness_error *err)
{
    if (len == 1 && in[0] == '*') {
        seg->kind = SEG_ALL;
        return HARNESS_OK;
    }
    if (len > 0 && in[0] == '?') {
        const char *op = NULL;
        size_t op_len = 0;

        for (size_t i = 1; i < len; i++) {
            if (in[i] == '!' && i + 1 < len && in[i + 1] == '=') {
                op = in + i, op_len = 2, seg->op = OP_DIFFERS;
                break;
            }
            if (in[i] == '=' || in[i] == '~') {
                op = in + i, op_len = 1;
                seg->op = in[i] == '=' ? OP_EQUALS : OP_MATCHES;
                break;
            }
        }
        if (op == NULL || op == in + 1)
            return harness_fail(err, HARNESS_EINVAL,
                                "filter \"[%.*s]\" needs FIELD=, FIELD!= or "
                                "FIELD~ followed by a value",
                                (int)len, in);
        seg->kind = SEG_FILTER;
        seg->key = copy_range(in + 1, (size_t)(op - in - 1));
        seg->value = copy_range(op + op_len, len - (size_t)(op - in) - op_len);
        if (seg->key == NULL || seg->value == NULL)
            return harness_fail(err, HARNESS_ENOMEM, "out of memory");
        if (seg->op == OP_MATCHES) {
            regex_t re;
            if (regcomp(&re, seg->value, REG_EXTENDED | REG_NOSUB) != 0)
                return harness_fail(err, HARNESS_EINVAL,
                                    "filter pattern \"%s\" is not a valid "
                                    "POSIX extended regular expression",
                                    seg->value);
            regfree(&re);
        }
        return HARNESS_OK;
    }

    /* An index: optional minus sign and digits only. */
    char digits[24];
    char *end;
    if (len == 0 || len >= sizeof digits)
        return harness_fail(err, HARNESS_EINVAL, "bad index \"[%.*s]\"",
                            (int)len, in);
    memcpy(digits, in, len);
    digits[len] = '\0';
    seg->index = strtol(digits, &end, 10);
    if (*end != '\0')
        return harness_fail(err, HARNESS_EINVAL,
                            "bad index \"[%s]\": expected a number, * or "
                            "?FILTER",
                            digits);
    seg->kind = SEG_INDEX;
    return HARNESS_OK;
}

static enum harness_status parse_path(const char *path, struct parsed_path *p,
                                      struct harness_error *err)
{
    const char *at = path;
    enum harness_status status = HARNESS_OK;

    memset(p, 0, sizeof *p);
    if (strlen(path) > PATH_TEXT_MAX)
        return harness_fail(err, HARNESS_EINVAL, "path longer than %d bytes",
                            PATH_TEXT_MAX);
    if (at[0] == '$')
        at++;
    if (at[0] == '.')
        at++;
    else if (at == path + 1 && at[0] != '\0' && at[0] != '[')
        return harness_fail(err, HARNESS_EINVAL,
                            "path \"%s\": expected '.' or '[' after '$'", path);

    while (*at != '\0' && status == HARNESS_OK) {
        struct segment *seg;

        if (p->count == PATH_MAX_SEGMENTS)
            return harness_fail(err, HARNESS_EINVAL,
                                "path \"%s\" has more than %d parts", path,
                                PATH_MAX_SEGMENTS);
        seg = &p->segments[p->count];
        if (*at == '[') {
            const char *close = strchr(at, ']');
            if (close == NULL) {
                status = harness_fail(err, HARNESS_EINVAL,
                                      "path \"%s\": '[' without ']'", path);
                break;
            }
            p->count++;
            status = parse_bracket(at + 1, (size_t)(close - at - 1), seg, err);
            if (seg->kind == SEG_ALL || seg->kind == SEG_FILTER)
                p->multi = true;
            at = close + 1;
            if (*at == '.')
                at++;
            if (*at == '\0' && at[-1] == '.')
                status = harness_fail(err, HARNESS_EINVAL,
                                      "path \"%s\" ends with '.'", path);
            continue;
        }

        /* An object key runs to the next '.' or '['. */
        size_t len = strcspn(at, ".[");
        if (len == 0) {
            status = harness_fail(err, HARNESS_EINVAL,
                                  "path \"%s\" has an empty key", path);
            break;
        }
        p->count++;
        seg->kind = SEG_KEY;
        seg->key = copy_range(at, len);
        if (seg->key == NULL)
            status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
        at += len;
        if (*at == '.') {
            at++;
            if (*at == '\0' || *at == '.' || *at == '[')
                status = harness_fail(err, HARNESS_EINVAL,
                                      "path \"%s\" has an empty key", path);
        }
    }
    if (status != HARNESS_OK)
        parsed_path_free(p);
    return status;
}

enum harness_status harness_jpath_validate(const char *path,
                                           struct harness_error *err)
{
    struct parsed_path p;
    enum harness_status status = parse_path(path, &p, err);

    parsed_path_free(&p);
    return status;
}

/* Follows a dotted field name ("a.b") from `node`; NULL when absent. */
static const cJSON *dotted_field(const cJSON *node, const char *dotted)
{
    char name[PATH_TEXT_MAX + 1];
    const char *at = dotted;

    while (node != NULL && *at != '\0') {
        size_t len = strcspn(at, ".");
        if (len > PATH_TEXT_MAX)
            return NULL;
        memcpy(name, at, len);
        name[len] = '\0';
        node = cJSON_IsObject(node)
                   ? cJSON_GetObjectItemCaseSensitive(node, name)
                   : NULL;
        at += len;
        if (*at == '.')
            at++;
    }
    return node;
}

/* The text a filter compares: a string as is, anything else as JSON. */
static bool filter_holds(const struct segment *seg, const cJSON *element,
                         const regex_t *re)
{
    const cJSON *field = dotted_field(element, seg->key);
    char *printed = NULL;
    const char *text;
    bool equal;

    if (field == NULL)
        return seg->op == OP_DIFFERS;
    if (cJSON_IsString(field)) {
        text = field->valuestring;
    } else {
        printed = cJSON_PrintUnformatted(field);
        text = printed ? printed : "";
    }
    if (seg->op == OP_MATCHES)
        equal = regexec(re, text, 0, NULL, 0) == 0;
    else
        equal = strcmp(text, seg->value) == 0;
    free(printed);
    return seg->op == OP_DIFFERS ? !equal : equal;
}

struct match_list {
    struct harness_jpath_match *items;
    size_t count;
    size_t cap;
};

/* Appends a match at `where` (a parent location plus `suffix`). */
static bool list_add(struct match_list *list, const cJSON *node,
                     const char *parent, const char *suffix)
{
    if (list->count == HARNESS_JPATH_MAX_MATCHES)
        return false;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        void *grown = realloc(list->items, cap * sizeof *list->items);
        if (grown == NULL)
            return false;
        list->items = grown;
        list->cap = cap;
    }
    struct harness_jpath_match *m = &list->items[list->count++];
    m->node = node;
    snprintf(m->where, sizeof m->where, "%s%s", parent, suffix);
    return true;
}

/* Adds an array element, located as "[index]". */
static bool list_add_element(struct match_list *list, const cJSON *node,
                             const char *parent, long index)
{
    char suffix[32];

    snprintf(suffix, sizeof suffix, "[%ld]", index);
    return list_add(list, node, parent, suffix);
}

/* Applies one segment to every current match. */
static enum harness_status step_segment(const struct segment *seg,
                                        const struct match_list *from,
                                        struct match_list *to,
                                        struct harness_error *err)
{
    regex_t re;
    bool have_re = false;
    enum harness_status status = HARNESS_OK;

    if (seg->kind == SEG_FILTER && seg->op == OP_MATCHES) {
        if (regcomp(&re, seg->value, REG_EXTENDED | REG_NOSUB) != 0)
            return harness_fail(err, HARNESS_EINVAL,
                                "filter pattern \"%s\" is not a valid "
                                "regular expression",
                                seg->value);
        have_re = true;
    }

    for (size_t i = 0; i < from->count && status == HARNESS_OK; i++) {
        const cJSON *node = from->items[i].node;
        const char *where = from->items[i].where;
        bool ok = true;

        if (seg->kind == SEG_KEY) {
            const cJSON *child =
                cJSON_IsObject(node)
                    ? cJSON_GetObjectItemCaseSensitive(node, seg->key)
                    : NULL;
            char suffix[PATH_TEXT_MAX + 2];
            snprintf(suffix, sizeof suffix, ".%s", seg->key);
            if (child != NULL)
                ok = list_add(to, child, where, suffix);
        } else if (cJSON_IsArray(node)) {
            long size = cJSON_GetArraySize(node);
            long index = 0;
            const cJSON *element;

            if (seg->kind == SEG_INDEX) {
                long wanted = seg->index < 0 ? size + seg->index : seg->index;
                element = wanted >= 0 && wanted < size
                              ? cJSON_GetArrayItem(node, (int)wanted)
                              : NULL;
                if (element != NULL)
                    ok = list_add_element(to, element, where, wanted);
                continue;
            }
            cJSON_ArrayForEach(element, node)
            {
                if (seg->kind == SEG_ALL ||
                    filter_holds(seg, element, have_re ? &re : NULL))
                    ok = ok && list_add_element(to, element, where, index);
                index++;
            }
        }
        if (!ok)
            status = harness_fail(err, HARNESS_ENOMEM,
                                  "path matched more than %d nodes",
                                  HARNESS_JPATH_MAX_MATCHES);
    }
    if (have_re)
        regfree(&re);
    return status;
}

enum harness_status harness_jpath_eval(const cJSON *root, const char *path,
                                       struct harness_jpath_result *out,
                                       struct harness_error *err)
{
    struct parsed_path parsed;
    struct match_list current = { 0 };
    enum harness_status status;

    memset(out, 0, sizeof *out);
    status = parse_path(path, &parsed, err);
    if (status != HARNESS_OK)
        return status;

    /* Start from the root, then narrow (or widen) one segment at a time. */
    if (root != NULL && !list_add(&current, root, "$", "")) {
        status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < parsed.count && current.count > 0; i++) {
        struct match_list next = { 0 };
        status = step_segment(&parsed.segments[i], &current, &next, err);
        free(current.items);
        current = next;
        if (status != HARNESS_OK)
            goto out;
    }

    out->items = current.items;
    out->count = current.count;
    out->multi = parsed.multi;
    current.items = NULL;

out:
    free(current.items);
    parsed_path_free(&parsed);
    return status;
}

void harness_jpath_result_free(struct harness_jpath_result *result)
{
    if (result == NULL)
        return;
    free(result->items);
    memset(result, 0, sizeof *result);
}
