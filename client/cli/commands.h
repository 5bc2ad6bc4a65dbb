#ifndef SEAM_CLI_COMMANDS_H
#define SEAM_CLI_COMMANDS_H

/*
 * The seam-cli command table: each command is a path of words
 * ("acs credentials create"), the route it calls, its flags and how each
 * flag lands in the JSON parameters.
 */

#include <stdbool.h>
#include <stddef.h>

#define CLI_MAX_WORDS 3

enum cli_flag_kind {
    CLI_FLAG_STRING,   /* --name VALUE */
    CLI_FLAG_STRINGS,  /* repeatable; becomes a JSON array */
    CLI_FLAG_BOOL,     /* --name, or --name=true|false */
    CLI_FLAG_INT,      /* --name N */
    CLI_FLAG_NULLABLE, /* --name VALUE, or --clear-name for JSON null */
};

struct cli_flag {
    const char *name;     /* without the leading "--" */
    const char *json_key; /* "access_schedule.starts_at" nests */
    enum cli_flag_kind kind;
    bool required;
    const char *help;
};

struct cli_command {
    const char *words[CLI_MAX_WORDS]; /* unused trailing words are NULL */
    const char *route;
    /* Key of the result printed on success; NULL prints the whole body. */
    const char *result_key;
    bool paginated; /* adds --limit, --page-cursor and --all-pages */
    /* Answers with an action attempt: adds --wait and --wait-timeout. */
    bool waits;
    const char *summary;
    const struct cli_flag *flags; /* terminated by a zeroed entry */
};

/* The table, terminated by an entry whose route is NULL. */
extern const struct cli_command cli_commands[];

#endif
