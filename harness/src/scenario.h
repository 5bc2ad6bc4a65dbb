#ifndef HARNESS_SCENARIO_H
#define HARNESS_SCENARIO_H

/*
 * Scenario files: loading and validating them. The format is documented in
 * docs/scenarios.md. A scenario is checked in full when it is loaded, so a
 * malformed file fails before anything is sent, naming the file, the step
 * and the reason.
 *
 * Steps stay as (validated) cJSON: the runner reads them and expands their
 * placeholders when each one runs.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "status.h"

/* Scenario files are small; a bigger one is surely the wrong file. */
#define HARNESS_SCENARIO_MAX_BYTES (1024 * 1024)
/* Most for_each steps inside each other (4: a loop in a loop in a loop in
 * a loop); the step labels and the runner's recursion stay small. */
#define HARNESS_SCENARIO_MAX_NESTING 4

struct harness_scenario {
    char *path;  /* owned: the file as given */
    char *name;  /* owned: file name without ".json" */
    char *dir;   /* owned: the file's directory */
    char *title; /* owned */
    char **tags; /* owned array of owned strings */
    size_t tag_count;
    /* owned: fixture file (simulator fixture format) resolved against the
     * scenario's directory; NULL for the simulator's built-in fixture. */
    char *fixture;
    /* owned: why the whole scenario needs a simulator; NULL when it runs
     * against any target. */
    char *simulator_only;
    cJSON *vars;  /* borrowed from root: default variables, or NULL */
    cJSON *steps; /* borrowed from root: the validated step array */
    cJSON *root;  /* owned: the parsed file */
};

/*
 * Reads and validates the scenario at `path` (borrowed). On success `out`
 * is filled and owned by the caller (harness_scenario_free). On failure
 * `out` is left empty and `err` reads "FILE: step N "NAME": REASON" (or
 * "FILE: REASON" for file-level problems), with HARNESS_EMALFORMED,
 * HARNESS_EIO or HARNESS_ENOMEM. A fixture file that cannot be read is
 * HARNESS_EMALFORMED too.
 */
enum harness_status harness_scenario_load(const char *path,
                                          struct harness_scenario *out,
                                          struct harness_error *err);

/*
 * Same, from text already in memory; `path` (borrowed) names it in
 * messages and anchors relative fixture paths.
 */
enum harness_status harness_scenario_parse(const char *path, const char *text,
                                           struct harness_scenario *out,
                                           struct harness_error *err);

/* Frees what `scenario` owns and zeroes it. NULL is allowed. */
void harness_scenario_free(struct harness_scenario *scenario);

/*
 * True when `filter` selects the scenario: it equals one of its tags, or
 * appears in its name. "tag:NAME" matches tags only.
 */
bool harness_scenario_matches(const struct harness_scenario *scenario,
                              const char *filter);

/*
 * The reason a step needs a simulator, or NULL: its own `simulator_only`,
 * or a route under /_fake/. The result is borrowed from `step` or static.
 */
const char *harness_scenario_step_simulator_only(const cJSON *step);

#endif
