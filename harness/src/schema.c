#include "schema.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/time.h"
#include "common/uuid.h"

/* $ref chains and nesting deeper than this are treated as a cycle. */
#define MAX_DEPTH 64
/* Room for a JSON path in messages. */
#define WHERE_SIZE 512
/* Enum values listed in a message before "...". */
#define ENUM_SHOWN_MAX 8

struct harness_schema {
    cJSON *doc; /* owned */
};

static char *read_whole_file(const char *path, struct harness_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len;

    if (f == NULL) {
        harness_fail(err, HARNESS_EIO, "cannot open %s", path);
        return NULL;
    }
    text = malloc(HARNESS_SCHEMA_MAX_BYTES + 1);
    if (text == NULL) {
        fclose(f);
        harness_fail(err, HARNESS_ENOMEM, "out of memory");
        return NULL;
    }
    len = fread(text, 1, HARNESS_SCHEMA_MAX_BYTES + 1, f);
    if (ferror(f) || len > HARNESS_SCHEMA_MAX_BYTES) {
        harness_fail(err, HARNESS_EIO, "cannot read %s (or over %d bytes)",
                     path, HARNESS_SCHEMA_MAX_BYTES);
        free(text);
        text = NULL;
    } else {
        text[len] = '\0';
    }
    fclose(f);
    return text;
}

enum harness_status harness_schema_adopt(cJSON *doc,
                                         struct harness_schema **out,
                                         struct harness_error *err)
{
    *out = NULL;
    if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "paths"))) {
        cJSON_Delete(doc);
        return harness_fail(err, HARNESS_EINVAL,
                            "not an OpenAPI document: no \"paths\" object");
    }
    *out = calloc(1, sizeof **out);
    if (*out == NULL) {
        cJSON_Delete(doc);
        return harness_fail(err, HARNESS_ENOMEM, "out of memory");
    }
    (*out)->doc = doc;
    return HARNESS_OK;
}

enum harness_status harness_schema_load(const char *path,
                                        struct harness_schema **out,
                                        struct harness_error *err)
{
    char *text = read_whole_file(path, err);
    cJSON *doc;

    *out = NULL;
    if (text == NULL)
        return err ? err->status : HARNESS_EIO;
    doc = cJSON_Parse(text);
    free(text);
    if (doc == NULL)
        return harness_fail(err, HARNESS_EINVAL, "%s is not valid JSON", path);
    enum harness_status status = harness_schema_adopt(doc, out, err);
    if (status != HARNESS_OK)
        harness_error_prefix(err, "%s: ", path);
    return status;
}

void harness_schema_free(struct harness_schema *schema)
{
    if (schema == NULL)
        return;
    cJSON_Delete(schema->doc);
    free(schema);
}

/* The 200 response schema of `route`, from any method that has one. */
static const cJSON *route_schema(const struct harness_schema *schema,
                                 const char *route)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(schema->doc, "paths"), route);
    static const char *const methods[] = { "post", "get", "put", "patch",
                                           "delete" };

    for (size_t i = 0; item && i < sizeof methods / sizeof methods[0]; i++) {
        const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, methods[i]);
        const cJSON *ok = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(op, "responses"), "200");
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(ok, "content"),
                "application/json"),
            "schema");
        if (body != NULL)
            return body;
    }
    return NULL;
}

bool harness_schema_knows_route(const struct harness_schema *schema,
                                const char *route)
{
    return route_schema(schema, route) != NULL;
}

/* Follows "#/components/schemas/NAME"; NULL when it leads nowhere. */
static const cJSON *resolve_ref(const struct harness_schema *schema,
                                const char *ref)
{
    static const char prefix[] = "#/components/schemas/";

    if (strncmp(ref, prefix, sizeof prefix - 1) != 0)
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(schema->doc, "components"),
            "schemas"),
        ref + sizeof prefix - 1);
}

static bool is_email(const char *text)
{
    const char *at = strchr(text, '@');

    if (at == NULL || at == text || strchr(at + 1, '@') != NULL ||
        strchr(at + 1, '.') == NULL)
        return false;
    for (const char *c = text; *c; c++) {
        if (isspace((unsigned char)*c))
            return false;
    }
    return true;
}

static bool is_uri(const char *text)
{
    const char *c = text;

    if (!isalpha((unsigned char)*c))
        return false;
    while (isalnum((unsigned char)*c) || *c == '+' || *c == '-' || *c == '.')
        c++;
    return *c == ':' && c[1] != '\0';
}

static bool has_format(const char *format, const char *text)
{
    int64_t ms;

    if (strcmp(format, "uuid") == 0)
        return common_uuid_is_valid(text);
    if (strcmp(format, "date-time") == 0)
        return common_time_parse_iso(text, &ms);
    if (strcmp(format, "email") == 0)
        return is_email(text);
    if (strcmp(format, "uri") == 0)
        return is_uri(text);
    return true; /* formats with no rule here ("float") pass */
}

static const char *json_type(const cJSON *value)
{
    if (cJSON_IsString(value))
        return "string";
    if (cJSON_IsNumber(value))
        return "number";
    if (cJSON_IsBool(value))
        return "boolean";
    if (cJSON_IsNull(value))
        return "null";
    if (cJSON_IsArray(value))
        return "array";
    return "object";
}

static bool type_matches(const char *type, const cJSON *value)
{
    if (strcmp(type, "integer") == 0)
        return cJSON_IsNumber(value) &&
               value->valuedouble == floor(value->valuedouble);
    if (strcmp(type, "number") == 0)
        return cJSON_IsNumber(value);
    return strcmp(type, json_type(value)) == 0;
}

static bool validate(const struct harness_schema *schema, const cJSON *node,
                     const cJSON *value, const char *where, int depth,
                     struct harness_error *err);

/* "a, b, c" (at most ENUM_SHOWN_MAX) for messages. */
static void list_enum(const cJSON *values, char *out, size_t size)
{
    const cJSON *v;
    size_t used = 0;
    int shown = 0;

    out[0] = '\0';
    cJSON_ArrayForEach(v, values)
    {
        char *text = cJSON_PrintUnformatted(v);
        if (text != NULL && used < size) {
            int n = snprintf(out + used, size - used, "%s%s", shown ? ", " : "",
                             shown < ENUM_SHOWN_MAX ? text : "...");
            used += n > 0 ? (size_t)n : 0;
        }
        free(text);
        if (++shown > ENUM_SHOWN_MAX)
            break;
    }
}

/* oneOf with a discriminator: pick the branch by the tag's enum. */
static bool validate_discriminated(const struct harness_schema *schema,
                                   const cJSON *branches, const char *tag,
                                   const cJSON *value, const char *where,
                                   int depth, struct harness_error *err)
{
    const cJSON *tag_value = cJSON_GetObjectItemCaseSensitive(value, tag);
    const cJSON *branch;
    char known[512];
    size_t used = 0;

    known[0] = '\0';
    if (!cJSON_IsObject(value)) {
        harness_fail(err, HARNESS_ESCHEMA, "%s: expected object, got %s", where,
                     json_type(value));
        return false;
    }
    cJSON_ArrayForEach(branch, branches)
    {
        const cJSON *resolved = branch;
        const cJSON *ref = cJSON_GetObjectItemCaseSensitive(branch, "$ref");
        if (cJSON_IsString(ref))
            resolved = resolve_ref(schema, ref->valuestring);
        const cJSON *allowed = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(resolved, "properties"), tag),
            "enum");
        const cJSON *v;
        cJSON_ArrayForEach(v, allowed)
        {
            if (cJSON_IsString(tag_value) && cJSON_Compare(v, tag_value, 1))
                return validate(schema, resolved, value, where, depth + 1, err);
            if (cJSON_IsString(v) && used < sizeof known) {
                int n = snprintf(known + used, sizeof known - used, "%s%s",
                                 used ? ", " : "", v->valuestring);
                used += n > 0 ? (size_t)n : 0;
            }
        }
    }
    if (!cJSON_IsString(tag_value))
        harness_fail(err, HARNESS_ESCHEMA,
                     "%s.%s: required discriminator missing or not a string "
                     "(one of: %s)",
                     where, tag, known);
    else
        harness_fail(err, HARNESS_ESCHEMA,
                     "%s.%s: \"%s\" is not one of the documented values (%s)",
                     where, tag, tag_value->valuestring, known);
    return false;
}

/* allOf / anyOf / oneOf without a discriminator. */
static bool validate_combinator(const struct harness_schema *schema,
                                const cJSON *node, const cJSON *value,
                                const char *where, int depth,
                                struct harness_error *err)
{
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(node, "allOf");
    const cJSON *any = cJSON_GetObjectItemCaseSensitive(node, "anyOf");
    const cJSON *one = cJSON_GetObjectItemCaseSensitive(node, "oneOf");
    const cJSON *branch;
    struct harness_error scratch;

    harness_error_clear(&scratch);
    cJSON_ArrayForEach(branch, all)
    {
        if (!validate(schema, branch, value, where, depth + 1, err))
            return false;
    }
    if (cJSON_IsArray(any)) {
        bool matched = false;
        cJSON_ArrayForEach(branch, any)
        {
            if (validate(schema, branch, value, where, depth + 1, &scratch)) {
                matched = true;
                break;
            }
        }
        if (!matched) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: matches none of the anyOf schemas (last: %s)",
                         where, scratch.text);
            return false;
        }
    }
    if (cJSON_IsArray(one)) {
        const cJSON *discriminator =
            cJSON_GetObjectItemCaseSensitive(node, "discriminator");
        const char *tag = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(discriminator, "propertyName"));
        int matches = 0;

        if (tag != NULL)
            return validate_discriminated(schema, one, tag, value, where, depth,
                                          err);
        cJSON_ArrayForEach(branch, one)
        {
            if (validate(schema, branch, value, where, depth + 1, &scratch))
                matches++;
        }
        if (matches == 0) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: matches none of the oneOf schemas (last: %s)",
                         where, scratch.text);
            return false;
        }
        if (matches > 1) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: matches %d of the oneOf schemas, expected "
                         "exactly 1",
                         where, matches);
            return false;
        }
    }
    return true;
}

static bool validate_object(const struct harness_schema *schema,
                            const cJSON *node, const cJSON *value,
                            const char *where, int depth,
                            struct harness_error *err)
{
    const cJSON *properties =
        cJSON_GetObjectItemCaseSensitive(node, "properties");
    const cJSON *required = cJSON_GetObjectItemCaseSensitive(node, "required");
    const cJSON *additional =
        cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
    const cJSON *item;
    char child_where[WHERE_SIZE];

    /* Required members first: a missing one is the clearest message. */
    cJSON_ArrayForEach(item, required)
    {
        if (cJSON_IsString(item) &&
            !cJSON_HasObjectItem(value, item->valuestring)) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s.%s: required property is missing", where,
                         item->valuestring);
            return false;
        }
    }

    /* Then each member against its property schema. */
    cJSON_ArrayForEach(item, value)
    {
        const cJSON *property =
            cJSON_GetObjectItemCaseSensitive(properties, item->string);
        snprintf(child_where, sizeof child_where, "%s.%s", where, item->string);
        if (property != NULL) {
            if (!validate(schema, property, item, child_where, depth + 1, err))
                return false;
        } else if (cJSON_IsFalse(additional)) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: property not allowed by the schema", child_where);
            return false;
        } else if (cJSON_IsObject(additional) &&
                   !validate(schema, additional, item, child_where, depth + 1,
                             err)) {
            return false;
        }
    }
    return true;
}

/* Format and length of strings, bounds of numbers. */
static bool validate_scalar(const cJSON *node, const cJSON *value,
                            const char *where, struct harness_error *err)
{
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(node, "format");
    const cJSON *limit;

    /* Strings: format and length. */
    if (cJSON_IsString(value)) {
        size_t len = strlen(value->valuestring);
        if (cJSON_IsString(format) &&
            !has_format(format->valuestring, value->valuestring)) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: \"%.80s\" is not a valid %s", where,
                         value->valuestring, format->valuestring);
            return false;
        }
        limit = cJSON_GetObjectItemCaseSensitive(node, "minLength");
        if (cJSON_IsNumber(limit) && (double)len < limit->valuedouble) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: string shorter than minLength %.0f", where,
                         limit->valuedouble);
            return false;
        }
        limit = cJSON_GetObjectItemCaseSensitive(node, "maxLength");
        if (cJSON_IsNumber(limit) && (double)len > limit->valuedouble) {
            harness_fail(err, HARNESS_ESCHEMA,
                         "%s: string longer than maxLength %.0f", where,
                         limit->valuedouble);
            return false;
        }
    }

    /* Numbers: bounds. */
    if (cJSON_IsNumber(value)) {
        limit = cJSON_GetObjectItemCaseSensitive(node, "minimum");
        if (cJSON_IsNumber(limit) && value->valuedouble < limit->valuedouble) {
            harness_fail(err, HARNESS_ESCHEMA, "%s: %g is below minimum %g",
                         where, value->valuedouble, limit->valuedouble);
            return false;
        }
        limit = cJSON_GetObjectItemCaseSensitive(node, "maximum");
        if (cJSON_IsNumber(limit) && value->valuedouble > limit->valuedouble) {
            harness_fail(err, HARNESS_ESCHEMA, "%s: %g is above maximum %g",
                         where, value->valuedouble, limit->valuedouble);
            return false;
        }
    }

    return true;
}

static bool validate(const struct harness_schema *schema, const cJSON *node,
                     const cJSON *value, const char *where, int depth,
                     struct harness_error *err)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(node, "$ref");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type");
    const cJSON *enum_values = cJSON_GetObjectItemCaseSensitive(node, "enum");

    if (depth > MAX_DEPTH) {
        harness_fail(err, HARNESS_ESCHEMA,
                     "%s: schema nests deeper than %d (a $ref cycle?)", where,
                     MAX_DEPTH);
        return false;
    }

    /* A $ref replaces the whole schema object (OpenAPI 3.0). */
    if (cJSON_IsString(ref)) {
        const cJSON *target = resolve_ref(schema, ref->valuestring);
        if (target == NULL) {
            harness_fail(err, HARNESS_ESCHEMA, "%s: unresolvable $ref %s",
                         where, ref->valuestring);
            return false;
        }
        return validate(schema, target, value, where, depth + 1, err);
    }

    /* null is allowed only where the schema says nullable. */
    if (cJSON_IsNull(value) &&
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "nullable")))
        return true;
    if (cJSON_IsString(type) && !type_matches(type->valuestring, value)) {
        harness_fail(err, HARNESS_ESCHEMA, "%s: expected %s, got %s", where,
                     type->valuestring, json_type(value));
        return false;
    }

    if (cJSON_IsArray(enum_values)) {
        const cJSON *allowed;
        bool found = false;
        cJSON_ArrayForEach(allowed, enum_values)
        {
            found = found || cJSON_Compare(allowed, value, 1);
        }
        if (!found) {
            char shown[160], list[512];
            char *text = cJSON_PrintUnformatted(value);
            snprintf(shown, sizeof shown, "%s", text ? text : "?");
            free(text);
            list_enum(enum_values, list, sizeof list);
            harness_fail(err, HARNESS_ESCHEMA, "%s: %s is not one of %s", where,
                         shown, list);
            return false;
        }
    }

    if (!validate_scalar(node, value, where, err))
        return false;

    /* Containers. */
    if (cJSON_IsObject(value) &&
        !validate_object(schema, node, value, where, depth, err))
        return false;
    if (cJSON_IsArray(value)) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");
        const cJSON *element;
        char child_where[WHERE_SIZE];
        int index = 0;
        cJSON_ArrayForEach(element, value)
        {
            snprintf(child_where, sizeof child_where, "%s[%d]", where, index++);
            if (items != NULL &&
                !validate(schema, items, element, child_where, depth + 1, err))
                return false;
        }
    }
    return validate_combinator(schema, node, value, where, depth, err);
}

enum harness_status
harness_schema_check_node(const struct harness_schema *schema,
                          const cJSON *node, const cJSON *value,
                          struct harness_error *err)
{
    return validate(schema, node, value, "$", 0, err) ? HARNESS_OK
                                                      : HARNESS_ESCHEMA;
}

enum harness_status harness_schema_check(const struct harness_schema *schema,
                                         const char *route, const cJSON *body,
                                         struct harness_error *err)
{
    const cJSON *node = route_schema(schema, route);

    if (node == NULL)
        return harness_fail(err, HARNESS_EINVAL,
                            "no response schema for %s in the OpenAPI "
                            "document; add it to fixtures/openapi/routes.txt "
                            "and run scripts/refresh-openapi",
                            route);
    return harness_schema_check_node(schema, node, body, err);
}
