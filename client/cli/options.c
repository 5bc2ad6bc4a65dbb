/* Command-line parsing for seam-cli (see options.h). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

/* Largest value of a numeric command flag (--limit). */
#define CLI_INT_MAX 1000000L

/* Paging flags every paginated command accepts. */
static const struct cli_flag paging_flags[] = {
    { "limit", "limit", CLI_FLAG_INT, false, "page size" },
    { "page-cursor", "page_cursor", CLI_FLAG_STRING, false,
      "start at this page" },
    { NULL, NULL, CLI_FLAG_STRING, false, NULL },
};

void cli_globals_init(struct cli_globals *globals)
{
    memset(globals, 0, sizeof(*globals));
    globals->retries = -1;
}

static bool parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min ||
        value > max) {
        return false;
    }
    *out = value;
    return true;
}

/*
 * Splits "--name=value" or "--name value". Returns the value (NULL when
 * none is available) and advances *index past what was used.
 */
static const char *option_value(int argc, char **argv, int *index,
                                const char *name, bool *matched)
{
    const char *arg = argv[*index] + 2;
    size_t name_len = strlen(name);

    *matched = false;
    if (strncmp(arg, name, name_len) != 0) {
        return NULL;
    }
    if (arg[name_len] == '=') {
        *matched = true;
        (*index)++;
        return arg + name_len + 1;
    }
    if (arg[name_len] != '\0') {
        return NULL;
    }
    *matched = true;
    (*index)++;
    if (*index < argc) {
        return argv[(*index)++];
    }
    return NULL;
}

bool cli_take_global(int argc, char **argv, int *index,
                     struct cli_globals *globals, bool *failed,
                     char problem[CLI_PROBLEM_SIZE])
{
    static const char *const with_value[] = { "endpoint", "api-key", "timeout",
                                              "retries", "data" };
    const char *arg = argv[*index];
    const char *value;
    bool matched;
    long number = 0;
    size_t i;

    /* Switches without a value. */
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
        globals->help = true;
    } else if (strcmp(arg, "--version") == 0) {
        globals->version = true;
    } else if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
        globals->verbose = true;
    } else if (strcmp(arg, "--get") == 0) {
        globals->use_get = true;
    } else if (strcmp(arg, "--all-pages") == 0) {
        globals->all_pages = true;
    } else {
        goto valued;
    }
    (*index)++;
    return true;

valued:
    /* Options with a value. */
    if (strncmp(arg, "--", 2) != 0) {
        return false;
    }
    for (i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++) {
        value = option_value(argc, argv, index, with_value[i], &matched);
        if (!matched) {
            continue;
        }
        if (value == NULL) {
            snprintf(problem, CLI_PROBLEM_SIZE, "--%s needs a value",
                     with_value[i]);
            *failed = true;
            return true;
        }
        switch (i) {
        case 0:
            globals->endpoint = value;
            break;
        case 1:
            globals->api_key = value;
            break;
        case 2:
            if (!parse_long(value, 1, 3600, &number)) {
                snprintf(problem, CLI_PROBLEM_SIZE,
                         "--timeout takes whole seconds, 1 to 3600");
                *failed = true;
            }
            globals->timeout_ms = number * 1000;
            break;
        case 3:
            if (!parse_long(value, 0, 10, &number)) {
                snprintf(problem, CLI_PROBLEM_SIZE,
                         "--retries takes a number from 0 to 10");
                *failed = true;
            }
            globals->retries = (int)number;
            break;
        default:
            globals->data = value;
            break;
        }
        return true;
    }
    return false;
}

/*
 * Takes --wait or --wait-timeout SECONDS (which implies --wait) at
 * argv[*index], for commands answering with an action attempt. Returns
 * false, changing nothing, for any other argument.
 */
static bool take_wait_flag(int argc, char **argv, int *index,
                           struct cli_globals *globals, bool *failed,
                           char problem[CLI_PROBLEM_SIZE])
{
    const char *value;
    bool matched;
    long seconds;

    if (strcmp(argv[*index], "--wait") == 0) {
        globals->wait = true;
        (*index)++;
        return true;
    }
    value = option_value(argc, argv, index, "wait-timeout", &matched);
    if (!matched) {
        return false;
    }
    if (value == NULL || !parse_long(value, 1, 3600, &seconds)) {
        snprintf(problem, CLI_PROBLEM_SIZE,
                 "--wait-timeout takes whole seconds, 1 to 3600");
        *failed = true;
        return true;
    }
    globals->wait = true;
    globals->wait_timeout_ms = seconds * 1000;
    return true;
}

/* Finds `name` among the command's flags, then the paging flags. */
static const struct cli_flag *find_flag(const struct cli_command *command,
                                        const char *name, size_t name_len)
{
    const struct cli_flag *lists[2] = { command->flags, command->paginated
                                                            ? paging_flags
                                                            : NULL };
    size_t l;

    for (l = 0; l < 2; l++) {
        const struct cli_flag *flag;

        for (flag = lists[l]; flag != NULL && flag->name != NULL; flag++) {
            if (strlen(flag->name) == name_len &&
                strncmp(flag->name, name, name_len) == 0) {
                return flag;
            }
        }
    }
    return NULL;
}

/* Places `value` under a possibly dotted key ("a.b"), making objects. */
static bool set_json(cJSON *params, const char *json_key, cJSON *value)
{
    const char *dot = strchr(json_key, '.');
    char parent_key[64];
    cJSON *parent;

    if (value == NULL) {
        return false;
    }
    if (dot == NULL) {
        cJSON_DeleteItemFromObjectCaseSensitive(params, json_key);
        return cJSON_AddItemToObject(params, json_key, value);
    }
    snprintf(parent_key, sizeof(parent_key), "%.*s", (int)(dot - json_key),
             json_key);
    parent = cJSON_GetObjectItemCaseSensitive(params, parent_key);
    if (parent == NULL) {
        parent = cJSON_AddObjectToObject(params, parent_key);
    }
    if (!cJSON_IsObject(parent)) {
        cJSON_Delete(value);
        return false;
    }
    return set_json(parent, dot + 1, value);
}

/* Appends `value` to the array under `json_key`, creating it. */
static bool append_json(cJSON *params, const char *json_key, const char *text)
{
    cJSON *array = cJSON_GetObjectItemCaseSensitive(params, json_key);
    cJSON *value = cJSON_CreateString(text);

    if (array == NULL) {
        array = cJSON_AddArrayToObject(params, json_key);
    }
    if (array == NULL || value == NULL) {
        cJSON_Delete(value);
        return false;
    }
    return cJSON_AddItemToArray(array, value);
}

/* Whether the parsed parameters hold `json_key` (dotted keys nest). */
static bool has_json(const cJSON *params, const char *json_key)
{
    const char *dot = strchr(json_key, '.');
    char parent_key[64];

    if (dot == NULL) {
        return cJSON_HasObjectItem(params, json_key);
    }
    snprintf(parent_key, sizeof(parent_key), "%.*s", (int)(dot - json_key),
             json_key);
    return has_json(cJSON_GetObjectItemCaseSensitive(params, parent_key),
                    dot + 1);
}

/* Parses one flag at argv[*index] into `params`. */
static bool take_flag(const struct cli_command *command, int argc, char **argv,
                      int *index, cJSON *params, char problem[CLI_PROBLEM_SIZE])
{
    const char *arg = argv[*index];
    const char *name = arg + 2;
    const char *equals = strchr(name, '=');
    size_t name_len = equals != NULL ? (size_t)(equals - name) : strlen(name);
    const struct cli_flag *flag;
    const char *value = equals != NULL ? equals + 1 : NULL;
    long number;

    /* --clear-NAME sends null for a nullable field. */
    if (strncmp(name, "clear-", 6) == 0 && equals == NULL) {
        flag = find_flag(command, name + 6, name_len - 6);
        if (flag == NULL || flag->kind != CLI_FLAG_NULLABLE) {
            snprintf(problem, CLI_PROBLEM_SIZE,
                     "unknown option %s (only nullable fields can be "
                     "cleared)",
                     arg);
            return false;
        }
        (*index)++;
        return set_json(params, flag->json_key, cJSON_CreateNull());
    }
    flag = find_flag(command, name, name_len);
    if (flag == NULL) {
        snprintf(problem, CLI_PROBLEM_SIZE, "unknown option %s", arg);
        return false;
    }
    (*index)++;

    /* A boolean needs no value; everything else takes the next word. */
    if (flag->kind == CLI_FLAG_BOOL) {
        if (value != NULL && strcmp(value, "true") != 0 &&
            strcmp(value, "false") != 0) {
            snprintf(problem, CLI_PROBLEM_SIZE, "--%s takes true or false",
                     flag->name);
            return false;
        }
        return set_json(
            params, flag->json_key,
            cJSON_CreateBool(value == NULL || strcmp(value, "true") == 0));
    }
    if (value == NULL) {
        if (*index >= argc) {
            snprintf(problem, CLI_PROBLEM_SIZE, "--%s needs a value",
                     flag->name);
            return false;
        }
        value = argv[(*index)++];
    }
    switch (flag->kind) {
    case CLI_FLAG_INT:
        if (!parse_long(value, 0, CLI_INT_MAX, &number)) {
            snprintf(problem, CLI_PROBLEM_SIZE,
                     "--%s takes a whole number from 0 to %ld", flag->name,
                     CLI_INT_MAX);
            return false;
        }
        return set_json(params, flag->json_key,
                        cJSON_CreateNumber((double)number));
    case CLI_FLAG_STRINGS:
        return append_json(params, flag->json_key, value);
    default:
        return set_json(params, flag->json_key, cJSON_CreateString(value));
    }
}

bool cli_parse_flags(const struct cli_command *command, int argc, char **argv,
                     int start, struct cli_globals *globals, cJSON **params,
                     char problem[CLI_PROBLEM_SIZE])
{
    const struct cli_flag *flag;
    cJSON *built = cJSON_CreateObject();
    bool ok = built != NULL;
    int index = start;

    /* Flags and global options, in any order. */
    while (ok && index < argc) {
        bool failed = false;

        if (cli_take_global(argc, argv, &index, globals, &failed, problem)) {
            ok = !failed;
            continue;
        }
        if (strncmp(argv[index], "--", 2) != 0) {
            snprintf(problem, CLI_PROBLEM_SIZE, "unexpected argument \"%s\"",
                     argv[index]);
            ok = false;
            break;
        }
        if (command->waits &&
            take_wait_flag(argc, argv, &index, globals, &failed, problem)) {
            ok = !failed;
            continue;
        }
        ok = take_flag(command, argc, argv, &index, built, problem);
    }

    /* Required flags, unless only help was asked for. */
    for (flag = command->flags; ok && !globals->help && flag->name != NULL;
         flag++) {
        if (flag->required && !has_json(built, flag->json_key)) {
            snprintf(problem, CLI_PROBLEM_SIZE, "--%s is required", flag->name);
            ok = false;
        }
    }
    if (!ok) {
        if (problem[0] == '\0') {
            snprintf(problem, CLI_PROBLEM_SIZE, "out of memory");
        }
        cJSON_Delete(built);
        built = NULL;
    }
    *params = built;
    return ok;
}
