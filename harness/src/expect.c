#include "expect.h"

#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/time.h"
#include "jpath.h"
#include "template.h"

/* Shown values are cut to this many bytes so messages stay readable. */
#define SHOWN_VALUE_MAX 160

/* Every check name, so a typo in a scenario is reported, not ignored. */
static const char *const check_names[] = {
    "equals",     "not_equals", "one_of",       "type",   "pattern", "length",
    "min_length", "contains",   "same_instant", "absent", "count",
};

static bool is_known_check(const char *name)
{
    for (size_t i = 0; i < sizeof check_names / sizeof check_names[0]; i++) {
        if (strcmp(name, check_names[i]) == 0)
            return true;
    }
    return false;
}

static bool is_type_name(const char *name)
{
    static const char *const types[] = { "string",  "number", "integer",
                                         "boolean", "null",   "object",
                                         "array" };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(name, types[i]) == 0)
            return true;
    }
    return false;
}

static bool is_count(const cJSON *value)
{
    return cJSON_IsNumber(value) && value->valuedouble >= 0 &&
           value->valuedouble == floor(value->valuedouble);
}

enum harness_status harness_expect_validate(const cJSON *assertion,
                                            struct harness_error *err)
{
    const cJSON *item;
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(assertion, "path");
    int checks = 0;
    struct harness_error local;

    if (err == NULL)
        err = &local;
    if (!cJSON_IsObject(assertion))
        return harness_fail(err, HARNESS_EMALFORMED,
                            "an assertion must be an object");
    if (!cJSON_IsString(path))
        return harness_fail(err, HARNESS_EMALFORMED,
                            "an assertion needs a \"path\" string");
    if (!harness_template_has_placeholder(path->valuestring) &&
        harness_jpath_validate(path->valuestring, err) != HARNESS_OK) {
        err->status = HARNESS_EMALFORMED;
        return HARNESS_EMALFORMED;
    }

    cJSON_ArrayForEach(item, assertion)
    {
        const char *name = item->string;
        if (strcmp(name, "path") == 0)
            continue;
        if (!is_known_check(name))
            return harness_fail(err, HARNESS_EMALFORMED,
                                "assertion on \"%s\": unknown check \"%s\"",
                                path->valuestring, name);
        checks++;

        /* Each check's value must have the right kind. */
        bool ok = true;
        if (strcmp(name, "type") == 0)
            ok = cJSON_IsString(item) && is_type_name(item->valuestring);
        else if (strcmp(name, "pattern") == 0 ||
                 strcmp(name, "same_instant") == 0)
            ok = cJSON_IsString(item);
        else if (strcmp(name, "length") == 0 ||
                 strcmp(name, "min_length") == 0 || strcmp(name, "count") == 0)
            ok = is_count(item);
        else if (strcmp(name, "absent") == 0)
            ok = cJSON_IsBool(item);
        else if (strcmp(name, "one_of") == 0)
            ok = cJSON_IsArray(item);
        if (!ok)
            return harness_fail(err, HARNESS_EMALFORMED,
                                "assertion on \"%s\": bad value for \"%s\"",
                                path->valuestring, name);

        if (strcmp(name, "pattern") == 0 &&
            !harness_template_has_placeholder(item->valuestring)) {
            regex_t re;
            if (regcomp(&re, item->valuestring, REG_EXTENDED | REG_NOSUB) != 0)
                return harness_fail(err, HARNESS_EMALFORMED,
                                    "assertion on \"%s\": pattern \"%s\" is "
                                    "not a POSIX extended regular expression",
                                    path->valuestring, item->valuestring);
            regfree(&re);
        }
    }
    if (checks == 0)
        return harness_fail(err, HARNESS_EMALFORMED,
                            "assertion on \"%s\" has no check",
                            path->valuestring);
    return HARNESS_OK;
}

/* Compact JSON of `node`, cut to SHOWN_VALUE_MAX, into `out`. */
static const char *show(const cJSON *node, char *out, size_t size)
{
    char *printed = node ? cJSON_PrintUnformatted(node) : NULL;

    if (printed == NULL) {
        snprintf(out, size, "%s", node ? "(unprintable)" : "nothing");
    } else if (strlen(printed) > SHOWN_VALUE_MAX) {
        snprintf(out, size, "%.*s...", SHOWN_VALUE_MAX, printed);
    } else {
        snprintf(out, size, "%s", printed);
    }
    free(printed);
    return out;
}

static const char *type_of(const cJSON *node)
{
    if (cJSON_IsString(node))
        return "string";
    if (cJSON_IsNumber(node))
        return "number";
    if (cJSON_IsBool(node))
        return "boolean";
    if (cJSON_IsNull(node))
        return "null";
    if (cJSON_IsArray(node))
        return "array";
    return "object";
}

static bool has_type(const cJSON *node, const char *type)
{
    if (strcmp(type, "integer") == 0)
        return cJSON_IsNumber(node) &&
               node->valuedouble == floor(node->valuedouble);
    return strcmp(type, type_of(node)) == 0;
}

/* Length of an array or string; -1 for anything else. */
static long length_of(const cJSON *node)
{
    if (cJSON_IsArray(node))
        return cJSON_GetArraySize(node);
    if (cJSON_IsString(node))
        return (long)strlen(node->valuestring);
    return -1;
}

static bool contains(const cJSON *node, const cJSON *wanted)
{
    const cJSON *element;

    if (cJSON_IsString(node) && cJSON_IsString(wanted))
        return strstr(node->valuestring, wanted->valuestring) != NULL;
    if (!cJSON_IsArray(node))
        return false;
    cJSON_ArrayForEach(element, node)
    {
        if (cJSON_Compare(element, wanted, 1))
            return true;
    }
    return false;
}

static bool same_instant(const cJSON *node, const char *wanted)
{
    int64_t a, b;

    return cJSON_IsString(node) &&
           common_time_parse_iso(node->valuestring, &a) &&
           common_time_parse_iso(wanted, &b) && a == b;
}

/*
 * Checks one node against one check. On failure writes what was expected
 * into `expected` (the caller adds what was found).
 */
static bool node_holds(const cJSON *check, const cJSON *node, char *expected,
                       size_t size)
{
    const char *name = check->string;
    char shown[SHOWN_VALUE_MAX + 8];

    if (strcmp(name, "equals") == 0) {
        snprintf(expected, size, "expected %s",
                 show(check, shown, sizeof shown));
        return cJSON_Compare(node, check, 1);
    }
    if (strcmp(name, "not_equals") == 0) {
        snprintf(expected, size, "expected anything but %s",
                 show(check, shown, sizeof shown));
        return !cJSON_Compare(node, check, 1);
    }
    if (strcmp(name, "one_of") == 0) {
        snprintf(expected, size, "expected one of %s",
                 show(check, shown, sizeof shown));
        return contains(check, node);
    }
    if (strcmp(name, "type") == 0) {
        snprintf(expected, size, "expected type %s", check->valuestring);
        return has_type(node, check->valuestring);
    }
    if (strcmp(name, "pattern") == 0) {
        regex_t re;
        bool matched = false;
        snprintf(expected, size, "expected a string matching /%s/",
                 check->valuestring);
        if (regcomp(&re, check->valuestring, REG_EXTENDED | REG_NOSUB) != 0) {
            snprintf(expected, size, "pattern /%s/ does not compile",
                     check->valuestring);
            return false;
        }
        matched = cJSON_IsString(node) &&
                  regexec(&re, node->valuestring, 0, NULL, 0) == 0;
        regfree(&re);
        return matched;
    }
    if (strcmp(name, "length") == 0) {
        snprintf(expected, size, "expected length %.0f", check->valuedouble);
        return length_of(node) == (long)check->valuedouble;
    }
    if (strcmp(name, "min_length") == 0) {
        snprintf(expected, size, "expected length >= %.0f", check->valuedouble);
        return length_of(node) >= (long)check->valuedouble;
    }
    if (strcmp(name, "contains") == 0) {
        snprintf(expected, size, "expected to contain %s",
                 show(check, shown, sizeof shown));
        return contains(node, check);
    }
    /* same_instant */
    snprintf(expected, size, "expected the instant %s",
             cJSON_IsString(check) ? check->valuestring : "?");
    return cJSON_IsString(check) && same_instant(node, check->valuestring);
}

/* The found part of a message: value, plus length or type when useful. */
static void describe_found(const cJSON *check, const cJSON *node, char *out,
                           size_t size)
{
    char shown[SHOWN_VALUE_MAX + 8];

    show(node, shown, sizeof shown);
    if ((strcmp(check->string, "length") == 0 ||
         strcmp(check->string, "min_length") == 0) &&
        length_of(node) >= 0)
        snprintf(out, size, "got length %ld: %s", length_of(node), shown);
    else if (strcmp(check->string, "type") == 0)
        snprintf(out, size, "got %s %s", type_of(node), shown);
    else
        snprintf(out, size, "got %s", shown);
}

enum harness_status harness_expect_check(const cJSON *assertion,
                                         const cJSON *doc,
                                         struct harness_error *err)
{
    const char *path = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(assertion, "path"));
    struct harness_jpath_result found = { 0 };
    enum harness_status status;
    const cJSON *check;
    char expected[SHOWN_VALUE_MAX + 128];
    char got[SHOWN_VALUE_MAX * 2 + 64];

    if (path == NULL)
        return harness_fail(err, HARNESS_EMALFORMED,
                            "an assertion needs a \"path\" string");
    status = harness_jpath_eval(doc, path, &found, err);
    if (status != HARNESS_OK) {
        harness_error_prefix(err, "path \"%s\": ", path);
        return status;
    }

    cJSON_ArrayForEach(check, assertion)
    {
        const char *name = check->string;
        if (strcmp(name, "path") == 0)
            continue;

        /* Checks on the set of matches rather than on each node. */
        if (strcmp(name, "count") == 0) {
            if (found.count != (size_t)check->valuedouble) {
                status = harness_fail(err, HARNESS_EMISMATCH,
                                      "%s: expected %.0f matches, found %zu",
                                      path, check->valuedouble, found.count);
                break;
            }
            continue;
        }
        if (strcmp(name, "absent") == 0) {
            bool want_absent = cJSON_IsTrue(check);
            if (want_absent && found.count > 0) {
                status =
                    harness_fail(err, HARNESS_EMISMATCH,
                                 "%s: expected absent, found %s at %s", path,
                                 show(found.items[0].node, got, sizeof got),
                                 found.items[0].where);
                break;
            }
            if (!want_absent && found.count == 0) {
                status =
                    harness_fail(err, HARNESS_EMISMATCH,
                                 "%s: expected present, found nothing", path);
                break;
            }
            continue;
        }
        if (found.count == 0 && strcmp(name, "not_equals") != 0) {
            node_holds(check, NULL, expected, sizeof expected);
            status = harness_fail(err, HARNESS_EMISMATCH,
                                  "%s: %s, but the path matched nothing", path,
                                  expected);
            break;
        }

        /* Every match must hold; report the first that does not. */
        for (size_t i = 0; i < found.count; i++) {
            if (node_holds(check, found.items[i].node, expected,
                           sizeof expected))
                continue;
            describe_found(check, found.items[i].node, got, sizeof got);
            status = harness_fail(err, HARNESS_EMISMATCH, "%s: %s, %s",
                                  found.items[i].where, expected, got);
            break;
        }
        if (status != HARNESS_OK)
            break;
    }
    harness_jpath_result_free(&found);
    return status;
}

enum harness_status harness_expect_check_all(const cJSON *assertions,
                                             const cJSON *doc,
                                             const cJSON *vars,
                                             struct harness_error *err)
{
    const cJSON *assertion;
    enum harness_status status = HARNESS_OK;

    cJSON_ArrayForEach(assertion, assertions)
    {
        cJSON *expanded = NULL;
        status = harness_template_expand(assertion, vars, &expanded, err);
        if (status == HARNESS_OK)
            status = harness_expect_check(expanded, doc, err);
        cJSON_Delete(expanded);
        if (status != HARNESS_OK)
            break;
    }
    return status;
}
