#ifndef SEAM_CLI_OPTIONS_H
#define SEAM_CLI_OPTIONS_H

/* Command-line parsing for seam-cli: global options and command flags. */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "commands.h"

/* Options valid anywhere on the command line. */
struct cli_globals {
    const char *endpoint; /* --endpoint; NULL: environment */
    const char *api_key;  /* --api-key; NULL: $SEAM_API_KEY */
    long timeout_ms;      /* --timeout SECONDS; 0: library default */
    int retries;          /* --retries N; -1: library default */
    bool verbose;         /* --verbose: library log on stderr */
    bool use_get;         /* --get: reads as GET with a query string */
    bool all_pages;       /* --all-pages: follow page cursors */
    bool help;            /* --help or -h */
    bool version;         /* --version */
    const char *data;     /* --data JSON, or "-" for stdin (call only) */
    /* --wait: poll the answered action attempt until it finishes
     * (commands marked `waits` only). */
    bool wait;
    long wait_timeout_ms; /* --wait-timeout SECONDS; 0: library default */
};

/* Room for a parse problem message. */
#define CLI_PROBLEM_SIZE 256

void cli_globals_init(struct cli_globals *globals);

/*
 * If argv[*index] is a global option, consumes it (and its value),
 * advancing *index past it, and returns true. Returns false, changing
 * nothing, for anything else. A global option missing its value or with
 * a bad value sets *failed and a message in `problem`.
 */
bool cli_take_global(int argc, char **argv, int *index,
                     struct cli_globals *globals, bool *failed,
                     char problem[CLI_PROBLEM_SIZE]);

/*
 * Parses argv[start..argc) as `command`'s flags (global options may be
 * mixed in) into the owned JSON object *params (free with cJSON_Delete).
 * Returns false with a message in `problem` for an unknown flag, a
 * missing value, a bad number or a missing required flag.
 */
bool cli_parse_flags(const struct cli_command *command, int argc, char **argv,
                     int start, struct cli_globals *globals, cJSON **params,
                     char problem[CLI_PROBLEM_SIZE]);

#endif
