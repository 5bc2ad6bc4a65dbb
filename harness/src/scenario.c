#include "scenario.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "jpath.h"
#include "template.h"

/* Route prefix of the simulator's control routes. */
#define FAKE_ROUTE_PREFIX "/_fake/"

static char *dup_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);

    if (copy != NULL)
        memcpy(copy, text, len + 1);
    return copy;
}

/* True when every key of `object` is in the NULL-terminated `allowed`. */
static const char *unknown_key(const cJSON *object, const char *const *allowed)
{
    const cJSON *item;

    cJSON_ArrayForEach(item, object)
    {
        bool found = false;
        for (size_t i = 0; allowed[i] != NULL && !found; i++)
            found = strcmp(item->string, allowed[i]) == 0;
        if (!found)
            return item->string;
    }
    return NULL;
}

/* Validates every placeholder in every string under `node`. */
static enum harness_status check_placeholders(const cJSON *node,
                                              struct harness_error *err)
{
    const cJSON *child;

    if (cJSON_IsString(node))
        return harness_template_validate(node->valuestring, err);
    cJSON_ArrayForEach(child, node)
    {
        enum harness_status status = check_placeholders(child, err);
        if (status != HARNESS_OK)
            return status;
    }
    return HARNESS_OK;
}

static bool is_whole_number(const cJSON *item, double min)
{
    return cJSON_IsNumber(item) && item->valuedouble >= min &&
           item->valuedouble == (double)(long long)item->valuedouble;
}

static bool is_http_status(const cJSON *item)
{
    return is_whole_number(item, 100) && item->valuedouble <= 599;
}

static enum harness_status malformed(struct harness_error *err,
                                     const char *what)
{
    return harness_fail(err, HARNESS_EMALFORMED, "%s", what);
}

/* The `expect` object: which keys each step kind may use. */
static enum harness_status validate_expect(const cJSON *expect, bool is_run,
                                           struct harness_error *err)
{
    static const char *const http_keys[] = { "status", "json", "headers",
                                             NULL };
    static const char *const run_keys[] = { "exit_code", "json", "stdout",
                                            "stderr", NULL };
    const char *bad;
    const cJSON *item;

    if (!cJSON_IsObject(expect))
        return malformed(err, "\"expect\" must be an object");
    bad = unknown_key(expect, is_run ? run_keys : http_keys);
    if (bad != NULL)
        return harness_fail(err, HARNESS_EMALFORMED,
                            "unknown key \"%s\" in \"expect\" (%s steps take "
                            "%s)",
                            bad, is_run ? "run" : "call and raw",
                            is_run ? "exit_code, json, stdout, stderr"
                                   : "status, json, headers");

    item = cJSON_GetObjectItemCaseSensitive(expect, "status");
    if (item != NULL && !is_http_status(item)) {
        const cJSON *code;
        bool ok = cJSON_IsArray(item) && cJSON_GetArraySize(item) > 0;
        cJSON_ArrayForEach(code, item)
        {
            ok = ok && is_http_status(code);
        }
        if (!ok)
            return malformed(err, "\"expect.status\" must be an HTTP status "
                                  "(100 to 599) or an array of them");
    }
    item = cJSON_GetObjectItemCaseSensitive(expect, "exit_code");
    if (item != NULL && !is_whole_number(item, 0))
        return malformed(err, "\"expect.exit_code\" must be a number >= 0");
    item = cJSON_GetObjectItemCaseSensitive(expect, "headers");
    if (item != NULL) {
        const cJSON *header;
        if (!cJSON_IsObject(item))
            return malformed(err, "\"expect.headers\" must map header names "
                                  "to patterns");
        cJSON_ArrayForEach(header, item)
        {
            if (!cJSON_IsString(header))
                return malformed(err, "\"expect.headers\" values must be "
                                      "pattern strings");
        }
    }
    for (int i = 0; i < 2; i++) {
        const char *key = i ? "stderr" : "stdout";
        item = cJSON_GetObjectItemCaseSensitive(expect, key);
        if (item != NULL && !cJSON_IsString(item))
            return harness_fail(err, HARNESS_EMALFORMED,
                                "\"expect.%s\" must be a pattern string", key);
    }

    /* Each assertion on its own. */
    item = cJSON_GetObjectItemCaseSensitive(expect, "json");
    if (item != NULL) {
        const cJSON *assertion;
        int index = 0;
        if (!cJSON_IsArray(item))
            return malformed(err, "\"expect.json\" must be an array of "
                                  "assertions");
        cJSON_ArrayForEach(assertion, item)
        {
            index++;
            if (harness_expect_validate(assertion, err) != HARNESS_OK) {
                harness_error_prefix(err, "expect.json[%d]: ", index - 1);
                return HARNESS_EMALFORMED;
            }
        }
    }
    return HARNESS_OK;
}

static enum harness_status validate_steps(const cJSON *steps, int depth,
                                          const char *prefix,
                                          struct harness_error *err);

/* The action-specific part of a step. */
static enum harness_status validate_action(const cJSON *step,
                                           const char *action, int depth,
                                           const char *label,
                                           struct harness_error *err)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(step, action);
    const cJSON *item;

    if (strcmp(action, "call") == 0) {
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(step, "body");
        if (!cJSON_IsString(value) || value->valuestring[0] != '/')
            return malformed(err, "\"call\" must be a route such as "
                                  "\"/acs/users/list\"");
        if (body != NULL && !cJSON_IsObject(body) && !cJSON_IsString(body))
            return malformed(err, "\"body\" must be an object (or one "
                                  "placeholder holding one)");
        item = cJSON_GetObjectItemCaseSensitive(step, "api_key");
        if (item != NULL && !cJSON_IsString(item))
            return malformed(err, "\"api_key\" must be a string");
        return HARNESS_OK;
    }
    if (strcmp(action, "raw") == 0) {
        static const char *const raw_keys[] = { "method",  "route", "body",
                                                "headers", "auth",  NULL };
        const char *bad;
        if (!cJSON_IsObject(value))
            return malformed(err, "\"raw\" must be an object with method, "
                                  "route, and optionally body, headers, "
                                  "auth");
        if ((bad = unknown_key(value, raw_keys)) != NULL)
            return harness_fail(err, HARNESS_EMALFORMED,
                                "unknown key \"%s\" in \"raw\"", bad);
        item = cJSON_GetObjectItemCaseSensitive(value, "route");
        if (!cJSON_IsString(item) || item->valuestring[0] != '/')
            return malformed(err, "\"raw.route\" must be a path starting "
                                  "with '/'");
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(value, "method")))
            return malformed(err, "\"raw.method\" must be a string such as "
                                  "\"POST\"");
        item = cJSON_GetObjectItemCaseSensitive(value, "auth");
        if (item != NULL && !cJSON_IsString(item))
            return malformed(err, "\"raw.auth\" must be \"workspace\", "
                                  "\"none\" or an API key");
        item = cJSON_GetObjectItemCaseSensitive(value, "headers");
        if (item != NULL && !cJSON_IsObject(item))
            return malformed(err, "\"raw.headers\" must be an object");
        return HARNESS_OK;
    }
    if (strcmp(action, "run") == 0) {
        const cJSON *arg;
        if (!cJSON_IsArray(value) || cJSON_GetArraySize(value) == 0)
            return malformed(err, "\"run\" must be a non-empty array: the "
                                  "program and its arguments");
        cJSON_ArrayForEach(arg, value)
        {
            if (!cJSON_IsString(arg))
                return malformed(err, "\"run\" arguments must be strings");
        }
        item = cJSON_GetObjectItemCaseSensitive(step, "env");
        if (item != NULL) {
            if (!cJSON_IsObject(item))
                return malformed(err, "\"env\" must be an object");
            cJSON_ArrayForEach(arg, item)
            {
                if (!cJSON_IsString(arg))
                    return malformed(err, "\"env\" values must be strings");
            }
        }
        item = cJSON_GetObjectItemCaseSensitive(step, "timeout_ms");
        if (item != NULL && !is_whole_number(item, 1))
            return malformed(err, "\"timeout_ms\" must be a number >= 1");
        return HARNESS_OK;
    }

    /* for_each */
    const cJSON *as = cJSON_GetObjectItemCaseSensitive(step, "as");
    const cJSON *inner = cJSON_GetObjectItemCaseSensitive(step, "steps");
    if (!cJSON_IsString(value) ||
        !harness_template_has_placeholder(value->valuestring))
        return malformed(err, "\"for_each\" must be a placeholder naming an "
                              "array, e.g. \"{{entrances}}\"");
    if (!cJSON_IsString(as) || as->valuestring[0] == '\0')
        return malformed(err, "\"for_each\" needs \"as\": the variable "
                              "each element is saved in");
    /* `depth` counts the for_each steps around this one. */
    if (depth + 1 > HARNESS_SCENARIO_MAX_NESTING)
        return harness_fail(err, HARNESS_EMALFORMED,
                            "for_each nested more than %d deep",
                            HARNESS_SCENARIO_MAX_NESTING);
    return validate_steps(inner, depth + 1, label, err);
}

/* One step: its keys, its single action, and the shared options. */
static enum harness_status validate_step(const cJSON *step, int depth,
                                         const char *label,
                                         struct harness_error *err)
{
    static const char *const actions[] = { "call", "raw", "run", "for_each" };
    static const char *const keys[] = {
        "name",       "call",   "raw",  "run",     "for_each",
        "as",         "steps",  "body", "api_key", "env",
        "timeout_ms", "expect", "save", "poll",    "simulator_only",
        "comment",    NULL
    };
    const char *action = NULL;
    const char *bad;
    const cJSON *item;
    bool is_run;

    if (!cJSON_IsObject(step))
        return malformed(err, "a step must be an object");
    item = cJSON_GetObjectItemCaseSensitive(step, "name");
    if (item == NULL)
        return malformed(err, "a step needs a \"name\"");
    if (!cJSON_IsString(item))
        return malformed(err, "a step's \"name\" must be a string");
    if ((bad = unknown_key(step, keys)) != NULL)
        return harness_fail(err, HARNESS_EMALFORMED, "unknown key \"%s\"", bad);
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        if (!cJSON_HasObjectItem(step, actions[i]))
            continue;
        if (action != NULL)
            return harness_fail(err, HARNESS_EMALFORMED,
                                "a step does one thing: both \"%s\" and "
                                "\"%s\" given",
                                action, actions[i]);
        action = actions[i];
    }
    if (action == NULL)
        return malformed(err, "a step needs one of \"call\", \"raw\", "
                              "\"run\" or \"for_each\"");
    is_run = strcmp(action, "run") == 0;

    /* Shared options. */
    item = cJSON_GetObjectItemCaseSensitive(step, "simulator_only");
    if (item != NULL && !cJSON_IsBool(item) && !cJSON_IsString(item))
        return malformed(err, "\"simulator_only\" must be true, false or a "
                              "reason");
    item = cJSON_GetObjectItemCaseSensitive(step, "expect");
    if (item != NULL && strcmp(action, "for_each") == 0)
        return malformed(err, "a for_each step has no \"expect\"; put "
                              "expectations on its inner steps");
    if (item != NULL && validate_expect(item, is_run, err) != HARNESS_OK)
        return HARNESS_EMALFORMED;
    item = cJSON_GetObjectItemCaseSensitive(step, "save");
    if (item != NULL) {
        const cJSON *target;
        if (!cJSON_IsObject(item))
            return malformed(err, "\"save\" must map variable names to "
                                  "paths");
        cJSON_ArrayForEach(target, item)
        {
            const cJSON *all = cJSON_GetObjectItemCaseSensitive(target, "all");
            const char *path = cJSON_IsString(target) ? target->valuestring
                               : cJSON_IsString(all)  ? all->valuestring
                                                      : NULL;
            if (path == NULL)
                return harness_fail(err, HARNESS_EMALFORMED,
                                    "save \"%s\": expected a path, or "
                                    "{\"all\": path}",
                                    target->string);
            if (!harness_template_has_placeholder(path) &&
                harness_jpath_validate(path, err) != HARNESS_OK) {
                harness_error_prefix(err, "save \"%s\": ", target->string);
                return HARNESS_EMALFORMED;
            }
        }
    }
    item = cJSON_GetObjectItemCaseSensitive(step, "poll");
    if (item != NULL) {
        static const char *const poll_keys[] = { "timeout_ms", "interval_ms",
                                                 NULL };
        const cJSON *timeout =
            cJSON_GetObjectItemCaseSensitive(item, "timeout_ms");
        const cJSON *interval =
            cJSON_GetObjectItemCaseSensitive(item, "interval_ms");
        if (!cJSON_IsObject(item) || unknown_key(item, poll_keys) ||
            !is_whole_number(timeout, 1) ||
            (interval != NULL && !is_whole_number(interval, 1)))
            return malformed(err, "\"poll\" must be {\"timeout_ms\": N, "
                                  "\"interval_ms\": N}");
        if (is_run || strcmp(action, "for_each") == 0)
            return malformed(err, "only call and raw steps can poll");
    }

    /* Placeholders must be well formed everywhere except inner steps,
     * which are checked on their own. */
    cJSON_ArrayForEach(item, step)
    {
        if (strcmp(item->string, "steps") != 0 &&
            check_placeholders(item, err) != HARNESS_OK) {
            harness_error_prefix(err, "in \"%s\": ", item->string);
            err->status = HARNESS_EMALFORMED;
            return HARNESS_EMALFORMED;
        }
    }
    return validate_action(step, action, depth, label, err);
}

static enum harness_status validate_steps(const cJSON *steps, int depth,
                                          const char *prefix,
                                          struct harness_error *err)
{
    const cJSON *step;
    int index = 0;

    if (!cJSON_IsArray(steps) || cJSON_GetArraySize(steps) == 0)
        return malformed(err, "\"steps\" must be a non-empty array");
    cJSON_ArrayForEach(step, steps)
    {
        char label[64];
        enum harness_status status;

        index++;
        snprintf(label, sizeof label, "%s%s%d", prefix, prefix[0] ? "." : "",
                 index);
        status = validate_step(step, depth, label, err);
        if (status != HARNESS_OK) {
            const char *name = cJSON_GetStringValue(
                cJSON_GetObjectItemCaseSensitive(step, "name"));
            /* Inner failures already carry their own step label. */
            if (strncmp(err->text, "step ", 5) != 0)
                harness_error_prefix(err, "step %s \"%s\": ", label,
                                     name ? name : "?");
            return status;
        }
    }
    return HARNESS_OK;
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Refuses an object anywhere under `node` that names a key twice: cJSON
 * keeps both and lookups find only the first, so the second would be
 * silently ignored. `path` (room for `size`) holds where `node` is and is
 * extended in place while descending.
 */
static enum harness_status check_duplicate_keys(const cJSON *node, char *path,
                                                size_t size,
                                                struct harness_error *err)
{
    const cJSON *child;
    size_t len = strlen(path);
    int index = 0;

    if (cJSON_IsObject(node) && node->child != NULL) {
        size_t count = (size_t)cJSON_GetArraySize(node), used = 0;
        const char **keys = malloc(count * sizeof *keys);
        const char *twice = NULL;

        if (keys == NULL)
            return harness_fail(err, HARNESS_ENOMEM, "out of memory");
        cJSON_ArrayForEach(child, node)
        {
            keys[used++] = child->string;
        }
        /* Sorted, a repeated key sits next to itself. */
        qsort(keys, count, sizeof *keys, compare_keys);
        for (size_t i = 1; i < count && twice == NULL; i++)
            if (strcmp(keys[i - 1], keys[i]) == 0)
                twice = keys[i];
        if (twice != NULL)
            harness_fail(err, HARNESS_EMALFORMED, "key \"%s\" given twice%s%s",
                         twice, len ? " in " : "", path);
        free(keys);
        if (twice != NULL)
            return HARNESS_EMALFORMED;
    }
    cJSON_ArrayForEach(child, node)
    {
        enum harness_status status;
        if (cJSON_IsObject(node))
            snprintf(path + len, size - len, "%s%s", len ? "." : "",
                     child->string);
        else
            snprintf(path + len, size - len, "[%d]", index);
        index++;
        status = check_duplicate_keys(child, path, size, err);
        path[len] = '\0';
        if (status != HARNESS_OK)
            return status;
    }
    return HARNESS_OK;
}

/* Reads a whole (small) file into a new string; NULL with `err` set. */
static char *read_scenario_file(const char *path, struct harness_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text;
    size_t len;

    if (f == NULL) {
        harness_fail(err, HARNESS_EIO, "%s: cannot open the file", path);
        return NULL;
    }
    text = malloc(HARNESS_SCENARIO_MAX_BYTES + 1);
    len = text ? fread(text, 1, HARNESS_SCENARIO_MAX_BYTES + 1, f) : 0;
    if (text == NULL || ferror(f) || len > HARNESS_SCENARIO_MAX_BYTES) {
        harness_fail(err, text ? HARNESS_EIO : HARNESS_ENOMEM,
                     "%s: cannot read the file (or it is over %d bytes)", path,
                     HARNESS_SCENARIO_MAX_BYTES);
        free(text);
        fclose(f);
        return NULL;
    }
    fclose(f);
    text[len] = '\0';
    return text;
}

enum harness_status harness_scenario_load(const char *path,
                                          struct harness_scenario *out,
                                          struct harness_error *err)
{
    char *text = read_scenario_file(path, err);
    enum harness_status status;

    memset(out, 0, sizeof *out);
    if (text == NULL)
        return err ? err->status : HARNESS_EIO;
    status = harness_scenario_parse(path, text, out, err);
    free(text);

    /* A missing fixture is the file's fault, found before anything runs;
     * parsing alone does not look, so text in memory can name any. */
    if (status == HARNESS_OK && out->fixture != NULL &&
        access(out->fixture, R_OK) != 0) {
        status = harness_fail(err, HARNESS_EMALFORMED, "%s: fixture %s: %s",
                              path, out->fixture, strerror(errno));
        harness_scenario_free(out);
    }
    return status;
}

/* Fills the name, directory and path fields from the file path. */
static enum harness_status set_names(const char *path,
                                     struct harness_scenario *out)
{
    char *for_dirname = dup_text(path);
    const char *base = strrchr(path, '/');
    size_t len;

    out->path = dup_text(path);
    base = base ? base + 1 : path;
    len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    out->name = malloc(len + 1);
    if (out->name != NULL) {
        memcpy(out->name, base, len);
        out->name[len] = '\0';
    }
    if (for_dirname != NULL)
        out->dir = dup_text(dirname(for_dirname));
    free(for_dirname);
    return out->path && out->name && out->dir ? HARNESS_OK : HARNESS_ENOMEM;
}

/* The top-level fields: title, tags, fixture, simulator_only, vars. */
static enum harness_status read_header(struct harness_scenario *out,
                                       struct harness_error *err)
{
    static const char *const keys[] = { "title",          "description",
                                        "tags",           "fixture",
                                        "simulator_only", "vars",
                                        "steps",          NULL };
    const cJSON *root = out->root;
    const cJSON *item;
    const char *bad;

    if (!cJSON_IsObject(root))
        return malformed(err, "the file must hold one JSON object");
    if ((bad = unknown_key(root, keys)) != NULL)
        return harness_fail(err, HARNESS_EMALFORMED,
                            "unknown top-level key \"%s\"", bad);

    item = cJSON_GetObjectItemCaseSensitive(root, "title");
    if (item != NULL && !cJSON_IsString(item))
        return malformed(err, "\"title\" must be a string: one line saying "
                              "what the scenario shows");
    if (item == NULL || item->valuestring[0] == '\0')
        return malformed(err, "\"title\" is required: one line saying what "
                              "the scenario shows");
    out->title = dup_text(item->valuestring);

    item = cJSON_GetObjectItemCaseSensitive(root, "tags");
    if (item != NULL) {
        const cJSON *tag;
        size_t count = 0;
        if (!cJSON_IsArray(item))
            return malformed(err, "\"tags\" must be an array of strings");
        out->tags =
            calloc((size_t)cJSON_GetArraySize(item) + 1, sizeof *out->tags);
        if (out->tags == NULL)
            return harness_fail(err, HARNESS_ENOMEM, "out of memory");
        cJSON_ArrayForEach(tag, item)
        {
            if (!cJSON_IsString(tag) || tag->valuestring[0] == '\0')
                return malformed(err, "\"tags\" must be non-empty strings");
            out->tags[count++] = dup_text(tag->valuestring);
            out->tag_count = count;
        }
    }

    /* A fixture path is relative to the scenario file. */
    item = cJSON_GetObjectItemCaseSensitive(root, "fixture");
    if (item != NULL && !cJSON_IsString(item))
        return malformed(err, "\"fixture\" must be \"default\" or a path to "
                              "a fixture file");
    if (item != NULL && strcmp(item->valuestring, "default") != 0) {
        const char *file = item->valuestring;
        size_t size = strlen(out->dir) + strlen(file) + 2;
        out->fixture = malloc(size);
        if (out->fixture == NULL)
            return harness_fail(err, HARNESS_ENOMEM, "out of memory");
        if (file[0] == '/')
            snprintf(out->fixture, size, "%s", file);
        else
            snprintf(out->fixture, size, "%s/%s", out->dir, file);
    }

    item = cJSON_GetObjectItemCaseSensitive(root, "simulator_only");
    if (item != NULL && !cJSON_IsBool(item) &&
        !(cJSON_IsString(item) && item->valuestring[0] != '\0'))
        return malformed(err, "\"simulator_only\" must be true, false or a "
                              "reason");
    if (cJSON_IsTrue(item))
        out->simulator_only = dup_text("uses simulator control routes");
    else if (cJSON_IsString(item))
        out->simulator_only = dup_text(item->valuestring);

    item = cJSON_GetObjectItemCaseSensitive(root, "vars");
    if (item != NULL && !cJSON_IsObject(item))
        return malformed(err, "\"vars\" must be an object of default "
                              "variables");
    if (item != NULL && check_placeholders(item, err) != HARNESS_OK) {
        harness_error_prefix(err, "vars: ");
        err->status = HARNESS_EMALFORMED;
        return HARNESS_EMALFORMED;
    }
    out->vars = (cJSON *)item;
    return HARNESS_OK;
}

enum harness_status harness_scenario_parse(const char *path, const char *text,
                                           struct harness_scenario *out,
                                           struct harness_error *err)
{
    struct harness_error local;
    enum harness_status status;
    const char *parse_end = NULL;

    if (err == NULL)
        err = &local;
    harness_error_clear(err);
    memset(out, 0, sizeof *out);
    if (set_names(path, out) != HARNESS_OK) {
        status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
        goto out;
    }

    /* The JSON itself, with the place it broke. */
    out->root = cJSON_ParseWithOpts(text, &parse_end, 1);
    if (out->root == NULL) {
        size_t line = 1;
        for (const char *c = text; parse_end && c < parse_end; c++)
            line += *c == '\n';
        status = harness_fail(err, HARNESS_EMALFORMED,
                              "not valid JSON (near line %zu)", line);
        goto out;
    }

    /* Repeated keys, the header, then every step. */
    char where[256] = "";
    status = check_duplicate_keys(out->root, where, sizeof where, err);
    if (status == HARNESS_OK)
        status = read_header(out, err);
    if (status == HARNESS_OK) {
        out->steps = cJSON_GetObjectItemCaseSensitive(out->root, "steps");
        status = validate_steps(out->steps, 0, "", err);
    }

out:
    if (status != HARNESS_OK) {
        harness_error_prefix(err, "%s: ", path);
        harness_scenario_free(out);
    }
    return status;
}

void harness_scenario_free(struct harness_scenario *scenario)
{
    if (scenario == NULL)
        return;
    for (size_t i = 0; i < scenario->tag_count; i++)
        free(scenario->tags[i]);
    free(scenario->tags);
    free(scenario->path);
    free(scenario->name);
    free(scenario->dir);
    free(scenario->title);
    free(scenario->fixture);
    free(scenario->simulator_only);
    cJSON_Delete(scenario->root);
    memset(scenario, 0, sizeof *scenario);
}

bool harness_scenario_matches(const struct harness_scenario *scenario,
                              const char *filter)
{
    bool tags_only = strncmp(filter, "tag:", 4) == 0;
    const char *wanted = tags_only ? filter + 4 : filter;

    for (size_t i = 0; i < scenario->tag_count; i++) {
        if (strcmp(scenario->tags[i], wanted) == 0)
            return true;
    }
    return !tags_only && strstr(scenario->name, wanted) != NULL;
}

const char *harness_scenario_step_simulator_only(const cJSON *step)
{
    const cJSON *flag =
        cJSON_GetObjectItemCaseSensitive(step, "simulator_only");
    const cJSON *call = cJSON_GetObjectItemCaseSensitive(step, "call");
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(step, "raw"), "route");
    const char *route = cJSON_GetStringValue(call ? call : raw);

    if (cJSON_IsString(flag))
        return flag->valuestring;
    if (cJSON_IsTrue(flag))
        return "needs a simulator";
    if (cJSON_IsFalse(flag))
        return NULL;
    if (route != NULL &&
        strncmp(route, FAKE_ROUTE_PREFIX, strlen(FAKE_ROUTE_PREFIX)) == 0)
        return "simulator control route";
    return NULL;
}
