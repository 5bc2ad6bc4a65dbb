/*
 * seam-cli: the Seam ACS API from the shell, over libseam-client.
 *
 *   seam-cli acs credentials create --acs-user-id ID --access-method code \
 *       --entrance ENTRANCE_ID
 *
 * Prints the resulting JSON on stdout; errors go to stderr with the
 * request id. Exit codes are listed in usage_footer below.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "seam/seam.h"

#define PROGRAM "seam-cli"
/* Largest --data read from stdin. */
#define STDIN_DATA_MAX (4u * 1024u * 1024u)

/* Exit codes scripts can rely on. */
enum exit_code {
    EXIT_OK = 0,
    EXIT_API_ERROR = 1,    /* the API refused the request */
    EXIT_USAGE = 2,        /* bad command line or configuration */
    EXIT_UNAUTHORIZED = 3, /* HTTP 401 */
    EXIT_TRANSPORT = 4,    /* no answer: connection failed or timed out */
    EXIT_BAD_ANSWER = 5,   /* HTTP error without Seam body, bad JSON, ... */
    EXIT_INTERNAL = 6,     /* out of memory and the like */
};

static const char usage_footer[] =
    "\nGlobal options (anywhere on the line):\n"
    "  --endpoint URL     API base URL (default: $SEAM_ENDPOINT, else\n"
    "                     $SEAM_API_URL, else https://connect.getseam.com)\n"
    "  --api-key KEY      API key (default: $SEAM_API_KEY; prefer the\n"
    "                     variable, command lines are visible to others)\n"
    "  --timeout SECONDS  per-attempt timeout (default 30)\n"
    "  --retries N        retries of reads after 429/5xx/network errors\n"
    "                     (default 2; 0 disables)\n"
    "  --get              send reads as GET with a query string\n"
    "  --all-pages        list commands: follow every page\n"
    "  --verbose, -v      log each HTTP attempt on stderr\n"
    "  --help, -h         help for the current command level\n"
    "  --version          print the version\n"
    "\nExit codes: 0 success, 1 API error or failed action attempt,\n"
    "2 usage or configuration, 3 unauthorized, 4 network failure or timeout\n"
    "(also an action attempt still pending after --wait), 5 malformed or\n"
    "non-API HTTP answer, 6 internal error.\n";

static int words_in(const struct cli_command *command)
{
    int count = 0;

    while (count < CLI_MAX_WORDS && command->words[count] != NULL) {
        count++;
    }
    return count;
}

/* Whether `command` starts with the `count` words given. */
static bool has_prefix(const struct cli_command *command, char **words,
                       int count)
{
    int i;

    if (count > words_in(command)) {
        return false;
    }
    for (i = 0; i < count; i++) {
        if (strcmp(command->words[i], words[i]) != 0) {
            return false;
        }
    }
    return true;
}

/* Lists what may follow `words` (a group level of the help). */
static void print_group_help(FILE *out, char **words, int count)
{
    const struct cli_command *command;
    const char *last_printed = NULL;
    int i;

    fprintf(out, "Usage: " PROGRAM);
    for (i = 0; i < count; i++) {
        fprintf(out, " %s", words[i]);
    }
    fprintf(out, " <command> [options]\n\nCommands:\n");
    if (count == 0) {
        fprintf(out, "  %-44s %s\n", "call ROUTE [--data JSON|-]",
                "call any route with JSON parameters");
    }
    for (command = cli_commands; command->route != NULL; command++) {
        const char *next;

        if (!has_prefix(command, words, count)) {
            continue;
        }
        next = command->words[count];
        if (words_in(command) == count + 1) {
            fprintf(out, "  %-44s %s\n", next, command->summary);
        } else if (last_printed == NULL || strcmp(last_printed, next) != 0) {
            char group[80] = "";
            size_t used = 0;

            for (i = 0; i < count; i++) {
                used += (size_t)snprintf(group + used, sizeof(group) - used,
                                         "%s ", words[i]);
            }
            fprintf(out, "  %-44s see: %s %s%s --help\n", next, PROGRAM, group,
                    next);
        }
        last_printed = next;
    }
    fputs(usage_footer, out);
}

static void print_flag_help(FILE *out, const struct cli_flag *flag)
{
    char left[80];

    for (; flag != NULL && flag->name != NULL; flag++) {
        snprintf(left, sizeof(left), "--%s%s%s", flag->name,
                 flag->kind == CLI_FLAG_BOOL ? "" : " VALUE",
                 flag->kind == CLI_FLAG_STRINGS ? " ..." : "");
        fprintf(out, "  %-44s %s%s\n", left, flag->help,
                flag->required ? " (required)" : "");
        if (flag->kind == CLI_FLAG_NULLABLE) {
            snprintf(left, sizeof(left), "--clear-%s", flag->name);
            fprintf(out, "  %-44s set it to null\n", left);
        }
    }
}

static void print_command_help(FILE *out, const struct cli_command *command)
{
    static const struct cli_flag paging[] = {
        { "limit", "limit", CLI_FLAG_INT, false, "page size" },
        { "page-cursor", "page_cursor", CLI_FLAG_STRING, false,
          "start at this page" },
        { NULL, NULL, CLI_FLAG_STRING, false, NULL },
    };
    /* Parsed by options.c into the globals, listed here for the help. */
    static const struct cli_flag waiting[] = {
        { "wait", NULL, CLI_FLAG_BOOL, false,
          "poll the action attempt until it finishes; exit 1 if it failed" },
        { "wait-timeout", NULL, CLI_FLAG_INT, false,
          "seconds to wait (default 10; implies --wait)" },
        { NULL, NULL, CLI_FLAG_STRING, false, NULL },
    };
    int i;

    fprintf(out, "Usage: " PROGRAM);
    for (i = 0; i < words_in(command); i++) {
        fprintf(out, " %s", command->words[i]);
    }
    fprintf(out, " [options]\n\n%s (POST %s).\n\nOptions:\n", command->summary,
            command->route);
    print_flag_help(out, command->flags);
    if (command->paginated) {
        print_flag_help(out, paging);
    }
    if (command->waits) {
        print_flag_help(out, waiting);
    }
    fputs(usage_footer, out);
}

static int exit_code_for(enum seamc_status status)
{
    switch (status) {
    case SEAMC_OK:
        return EXIT_OK;
    case SEAMC_EAPI:
    case SEAMC_EACTION_FAILED:
        return EXIT_API_ERROR;
    case SEAMC_EINVAL:
    case SEAMC_ECONFIG:
        return EXIT_USAGE;
    case SEAMC_EUNAUTHORIZED:
        return EXIT_UNAUTHORIZED;
    case SEAMC_ETRANSPORT:
    case SEAMC_ETIMEOUT:
    case SEAMC_EACTION_TIMEOUT:
        return EXIT_TRANSPORT;
    case SEAMC_EHTTP:
    case SEAMC_EPROTOCOL:
    case SEAMC_ETOOBIG:
    case SEAMC_EPAGE_LOOP:
        return EXIT_BAD_ANSWER;
    case SEAMC_ENOMEM:
        break;
    }
    return EXIT_INTERNAL;
}

/* Length of the UTF-8 sequence starting at `text` that is safe for a
 * terminal, or 0 for a byte to replace: C0 controls, DEL, the C1
 * controls (U+0080..U+009F, which some terminals obey as escapes) and
 * bytes that are not well-formed UTF-8. */
static size_t safe_sequence(const unsigned char *text)
{
    size_t len;
    size_t i;

    if (text[0] < 0x20 || text[0] == 0x7f) {
        return 0;
    }
    if (text[0] < 0x80) {
        return 1;
    }
    if (text[0] >= 0xc2 && text[0] <= 0xdf) {
        len = 2;
    } else if (text[0] >= 0xe0 && text[0] <= 0xef) {
        len = 3;
    } else if (text[0] >= 0xf0 && text[0] <= 0xf4) {
        len = 4;
    } else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if ((text[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return text[0] == 0xc2 && text[1] < 0xa0 ? 0 : len;
}

/*
 * Writes text that may come from the server (error type and message,
 * request id, cursors) to stderr with every unsafe byte shown as '?', so
 * an answer cannot send escape sequences to the user's terminal.
 */
static void put_clean(const char *text)
{
    const unsigned char *cursor = (const unsigned char *)text;

    while (*cursor != '\0') {
        size_t len = safe_sequence(cursor);

        if (len == 0) {
            fputc('?', stderr);
            len = 1;
        } else {
            fwrite(cursor, 1, len, stderr);
        }
        cursor += len;
    }
}

static void print_error(const struct seamc_error *err)
{
    size_t i;

    fputs(PROGRAM ": ", stderr);
    put_clean(err->type[0] != '\0' ? err->type : seamc_errname(err->status));
    fputs(": ", stderr);
    put_clean(err->message);
    if (err->http_status != 0 || err->request_id[0] != '\0') {
        fprintf(stderr, " (HTTP %ld, request id ", err->http_status);
        put_clean(err->request_id[0] != '\0' ? err->request_id : "none");
        fputc(')', stderr);
    }
    fputc('\n', stderr);
    for (i = 0; i < err->validation_count; i++) {
        fputs(PROGRAM ":   ", stderr);
        put_clean(err->validation[i].param[0] != '\0' ? err->validation[i].param
                                                      : "(request)");
        fputs(": ", stderr);
        put_clean(err->validation[i].message);
        fputc('\n', stderr);
    }
}

/*
 * Prints `json` on stdout. cJSON escapes C0 controls in strings but
 * leaves DEL and the C1 controls (U+0080..U+009F, some terminals obey
 * them as escapes) raw; they are written as \u escapes instead, which
 * keeps the JSON the same value.
 */
static void print_json(const cJSON *json)
{
    char *text = cJSON_Print(json);
    const unsigned char *cursor;

    if (text == NULL) {
        return;
    }
    for (cursor = (const unsigned char *)text; *cursor != '\0'; cursor++) {
        if (*cursor == 0x7f) {
            fputs("\\u007f", stdout);
        } else if (cursor[0] == 0xc2 && cursor[1] >= 0x80 && cursor[1] < 0xa0) {
            printf("\\u%04x", (unsigned)cursor[1]);
            cursor++;
        } else {
            putchar(*cursor);
        }
    }
    putchar('\n');
    free(text);
}

/*
 * The library's log on stderr. `user_data` points at the --verbose flag:
 * without it only warnings show, so a deprecated setting is reported
 * (as the official SDKs do) without the per-attempt chatter.
 */
static void log_to_stderr(void *user_data, enum seamc_log_level level,
                          const char *message)
{
    static const char *const names[] = { "debug", "info", "warn" };
    const bool *verbose = user_data;

    if (!*verbose && level < SEAMC_LOG_WARN) {
        return;
    }
    fprintf(stderr, PROGRAM ": [%s] ",
            (size_t)level < 3 ? names[level] : "log");
    put_clean(message);
    fputc('\n', stderr);
}

/*
 * Reads all of stdin into the owned string *text. Returns false with a
 * message on stderr when stdin cannot be read, holds more than
 * STDIN_DATA_MAX bytes, or memory runs out.
 */
static bool read_stdin(char **text)
{
    size_t len = 0;
    size_t cap = 4096;
    char *buffer = malloc(cap);
    size_t got = 1;

    *text = NULL;
    while (buffer != NULL && got > 0 && len <= STDIN_DATA_MAX) {
        if (len == cap - 1) {
            char *grown = realloc(buffer, cap * 2);

            if (grown == NULL) {
                break;
            }
            buffer = grown;
            cap *= 2;
        }
        got = fread(buffer + len, 1, cap - len - 1, stdin);
        len += got;
    }
    if (buffer == NULL || got > 0) {
        fprintf(stderr,
                len > STDIN_DATA_MAX
                    ? PROGRAM ": --data from stdin is larger than the %u "
                              "bytes seam-cli accepts\n"
                    : PROGRAM ": out of memory reading --data from stdin "
                              "(limit %u bytes)\n",
                STDIN_DATA_MAX);
        free(buffer);
        return false;
    }
    if (ferror(stdin)) {
        fprintf(stderr, PROGRAM ": could not read stdin\n");
        free(buffer);
        return false;
    }
    buffer[len] = '\0';
    *text = buffer;
    return true;
}

static enum seamc_status open_client(const struct cli_globals *globals,
                                     seamc_client **client,
                                     struct seamc_error *err)
{
    struct seamc_config config;

    seamc_config_init(&config);
    config.endpoint = globals->endpoint;
    config.api_key = globals->api_key;
    if (globals->timeout_ms > 0) {
        config.timeout_ms = globals->timeout_ms;
    }
    if (globals->retries >= 0) {
        config.max_retries = globals->retries;
    }
    config.read_method = globals->use_get ? SEAMC_READ_GET : SEAMC_READ_POST;
    config.log = log_to_stderr;
    config.log_user_data = (void *)&globals->verbose;
    return seamc_client_new(&config, client, err);
}

/* Runs a list command over every page and prints all items. */
static enum seamc_status run_all_pages(seamc_client *client,
                                       const struct cli_command *command,
                                       const cJSON *params,
                                       struct seamc_error *err)
{
    seamc_paginator *paginator = NULL;
    cJSON *items = NULL;
    enum seamc_status status;

    cJSON *all = NULL;

    status = seamc_paginator_new(client, command->route, params,
                                 command->result_key, &paginator, err);
    if (status == SEAMC_OK) {
        status = seamc_paginator_collect(paginator, &items, err);
    }

    /* The items of every page, checked as one list (each page's
     * pagination was checked by the paginator). */
    if (status == SEAMC_OK) {
        all = cJSON_CreateObject();
        if (all == NULL ||
            !cJSON_AddItemReferenceToObject(all, command->result_key, items)) {
            seamc_error_clear(err);
            err->status = status = SEAMC_ENOMEM;
            snprintf(err->message, sizeof(err->message), "out of memory");
        }
    }
    if (status == SEAMC_OK) {
        status = seamc_check_answer(all, command->result_key, false, err);
    }
    if (status == SEAMC_OK) {
        print_json(items);
    }
    cJSON_Delete(all); /* holds only a reference to items */
    cJSON_Delete(items);
    seamc_paginator_free(paginator);
    return status;
}

/*
 * Calls the route once and prints the result (or, with no `result_key`,
 * the whole body). The result is checked as the typed calls check it,
 * so seam-cli never prints what libseam-client would refuse.
 */
static enum seamc_status run_once(seamc_client *client, const char *route,
                                  const char *result_key, bool paginated,
                                  const cJSON *params, struct seamc_error *err)
{
    struct seamc_call_options options = { 0 };
    struct seamc_response response = { 0 };
    const cJSON *pagination;
    const cJSON *cursor;
    enum seamc_status status;

    options.expect_key = result_key;
    status = seamc_call(client, route, params, &options, &response, err);
    if (status == SEAMC_OK && result_key != NULL) {
        status = seamc_check_answer(response.body, result_key, paginated, err);
    }
    if (status != SEAMC_OK) {
        goto out;
    }
    print_json(result_key != NULL
                   ? cJSON_GetObjectItemCaseSensitive(response.body, result_key)
                   : response.body);

    /* Tell the user where the next page starts, off stdout. */
    pagination = cJSON_GetObjectItemCaseSensitive(response.body, "pagination");
    cursor = cJSON_GetObjectItemCaseSensitive(pagination, "next_page_cursor");
    if (result_key != NULL && cJSON_IsString(cursor)) {
        fputs(PROGRAM ": more results: add --page-cursor ", stderr);
        put_clean(cursor->valuestring);
        fputs(" (or --all-pages)\n", stderr);
    }

out:
    seamc_response_release(&response);
    return status;
}

/*
 * Calls a route answering with an action attempt, waits until the
 * attempt finishes and prints it; a failed attempt is an error.
 */
static enum seamc_status run_and_wait(seamc_client *client,
                                      const struct cli_command *command,
                                      const cJSON *params,
                                      const struct cli_globals *globals,
                                      struct seamc_error *err)
{
    struct seamc_call_options options = { 0 };
    struct seamc_response response = { 0 };
    struct seamc_action_wait_options wait = { 0 };
    struct seamc_action_attempt attempt = { 0 };
    const cJSON *id;
    enum seamc_status status;

    options.expect_key = command->result_key;
    status =
        seamc_call(client, command->route, params, &options, &response, err);
    if (status == SEAMC_OK) {
        status =
            seamc_check_answer(response.body, command->result_key, false, err);
    }
    if (status != SEAMC_OK) {
        goto out;
    }
    /* A string, as seamc_check_answer made sure. */
    id = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(response.body, command->result_key),
        "action_attempt_id");
    wait.timeout_ms = globals->wait_timeout_ms;
    status = seamc_action_attempts_wait(client, id->valuestring, &wait,
                                        &attempt, err);
    if (status == SEAMC_OK) {
        print_json(attempt.raw);
    }

out:
    seamc_action_attempt_release(&attempt);
    seamc_response_release(&response);
    return status;
}

/* `call ROUTE [--data JSON|-]`: the generic call. */
static int run_generic(const char *route, struct cli_globals *globals,
                       struct seamc_error *err)
{
    seamc_client *client = NULL;
    cJSON *params = NULL;
    char *stdin_text = NULL;
    const char *text = globals->data;
    enum seamc_status status;

    if (text != NULL && strcmp(text, "-") == 0) {
        if (!read_stdin(&stdin_text)) {
            return EXIT_USAGE;
        }
        text = stdin_text;
    }
    if (text != NULL && text[0] != '\0') {
        params = cJSON_Parse(text);
        if (!cJSON_IsObject(params)) {
            fprintf(stderr, PROGRAM ": --data is not a JSON object\n");
            cJSON_Delete(params);
            free(stdin_text);
            return EXIT_USAGE;
        }
    }
    status = open_client(globals, &client, err);
    if (status == SEAMC_OK) {
        status = run_once(client, route, NULL, false, params, err);
    }
    if (status != SEAMC_OK) {
        print_error(err);
    }
    seamc_client_free(client);
    cJSON_Delete(params);
    free(stdin_text);
    return exit_code_for(status);
}

static int run_command(const struct cli_command *command, int argc, char **argv,
                       int start, struct cli_globals *globals,
                       struct seamc_error *err)
{
    char problem[CLI_PROBLEM_SIZE] = "";
    seamc_client *client = NULL;
    cJSON *params = NULL;
    enum seamc_status status;
    int code;

    /* Flags first: a usage mistake never reaches the network. */
    if (!cli_parse_flags(command, argc, argv, start, globals, &params,
                         problem)) {
        fprintf(stderr, PROGRAM ": %s (see --help)\n", problem);
        return EXIT_USAGE;
    }
    if (globals->help) {
        print_command_help(stdout, command);
        cJSON_Delete(params);
        return EXIT_OK;
    }

    /* Then the call, over every page when asked. */
    status = open_client(globals, &client, err);
    if (status == SEAMC_OK && command->paginated && globals->all_pages) {
        status = run_all_pages(client, command, params, err);
    } else if (status == SEAMC_OK && command->waits && globals->wait) {
        status = run_and_wait(client, command, params, globals, err);
    } else if (status == SEAMC_OK) {
        status = run_once(client, command->route, command->result_key,
                          command->paginated, params, err);
    }
    code = exit_code_for(status);
    if (status != SEAMC_OK) {
        print_error(err);
    }
    seamc_client_free(client);
    cJSON_Delete(params);
    return code;
}

int main(int argc, char **argv)
{
    struct cli_globals globals;
    struct seamc_error err;
    const struct cli_command *command;
    char *words[CLI_MAX_WORDS + 1];
    char problem[CLI_PROBLEM_SIZE] = "";
    int word_count = 0;
    int index = 1;
    int code = EXIT_USAGE;
    bool known_prefix = false;

    cli_globals_init(&globals);
    seamc_error_clear(&err);
    if (seamc_global_init() != SEAMC_OK) {
        fprintf(stderr, PROGRAM ": could not initialise libcurl\n");
        return EXIT_INTERNAL;
    }

    /* Collect command words, taking global options on the way. */
    while (index < argc) {
        bool failed = false;

        if (cli_take_global(argc, argv, &index, &globals, &failed, problem)) {
            if (failed) {
                fprintf(stderr, PROGRAM ": %s\n", problem);
                goto out;
            }
            continue;
        }
        if (argv[index][0] == '-' || word_count == CLI_MAX_WORDS ||
            (word_count == 2 && strcmp(words[0], "call") == 0)) {
            break;
        }
        words[word_count++] = argv[index++];
    }
    if (globals.version) {
        printf(PROGRAM " 0.1.0\n");
        code = EXIT_OK;
        goto out;
    }

    /* The generic call. */
    if (word_count > 0 && strcmp(words[0], "call") == 0) {
        if (globals.help || word_count < 2) {
            printf("Usage: " PROGRAM " call ROUTE [--data JSON|-]\n\n"
                   "Calls ROUTE (e.g. /events/list) with the JSON object "
                   "given by --data\n(\"-\" reads it from stdin; default "
                   "{}) and prints the whole answer.\n%s",
                   usage_footer);
            code = globals.help ? EXIT_OK : EXIT_USAGE;
            goto out;
        }
        if (index < argc) {
            fprintf(stderr, PROGRAM ": unexpected argument \"%s\"\n",
                    argv[index]);
            goto out;
        }
        code = run_generic(words[1], &globals, &err);
        goto out;
    }

    /* A complete command runs; a partial one prints its level's help. */
    for (command = cli_commands; command->route != NULL; command++) {
        if (words_in(command) == word_count &&
            has_prefix(command, words, word_count)) {
            code = run_command(command, argc, argv, index, &globals, &err);
            goto out;
        }
        known_prefix = known_prefix || has_prefix(command, words, word_count);
    }
    if (!known_prefix) {
        fprintf(stderr, PROGRAM ": unknown command \"%s\" (see --help)\n",
                words[word_count - 1]);
        goto out;
    }
    print_group_help(globals.help ? stdout : stderr, words, word_count);
    code = globals.help ? EXIT_OK : EXIT_USAGE;

out:
    seamc_global_cleanup();
    return code;
}
