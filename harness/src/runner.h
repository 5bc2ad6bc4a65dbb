#ifndef HARNESS_RUNNER_H
#define HARNESS_RUNNER_H

/*
 * Runs one scenario against its target: prepares the target, runs the
 * steps in order (stopping at the first failure), and reports the outcome.
 * Safe to call from several threads at once with the same config.
 */

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "scenario.h"
#include "schema.h"
#include "target.h"

/* The outcome table: X(name, label shown in progress lines). */
#define HARNESS_OUTCOME_TABLE(X)                                               \
    X(HARNESS_OUTCOME_PASS, "PASS")                                            \
    X(HARNESS_OUTCOME_FAIL, "FAIL")                                            \
    X(HARNESS_OUTCOME_SKIP, "SKIP")                                            \
    X(HARNESS_OUTCOME_ERROR, "ERROR")

enum harness_outcome {
#define HARNESS_OUTCOME_ENUM_ENTRY(name, label) name,
    HARNESS_OUTCOME_TABLE(HARNESS_OUTCOME_ENUM_ENTRY)
#undef HARNESS_OUTCOME_ENUM_ENTRY
};

/* "PASS", "FAIL", ...; static. */
const char *harness_outcome_label(enum harness_outcome outcome);

/* Shared by every scenario of a run; all pointers borrowed. */
struct harness_run_config {
    const struct harness_target_config *target;
    const struct harness_schema *schema; /* required */
    const cJSON *overrides; /* --var NAME=VALUE pairs as an object, or NULL */
    const char *bin_dir; /* directory of seam-harness ({{harness_bin_dir}}) */
    long run_timeout_ms; /* default for run steps */
    FILE *trace;         /* step-by-step log (-v), or NULL */
};

/* What happened to one scenario. */
struct harness_result {
    enum harness_outcome outcome;
    double seconds;
    int steps_passed;
    int steps_skipped;
    /* owned, may be NULL: why it failed or was skipped, one line */
    char *message;
    /* owned, may be NULL: more lines for reports (the response that
     * failed, the skipped steps and why) */
    char *details;
};

/* Runs `scenario` (borrowed) and fills `out` (owned by the caller,
 * released with harness_result_free). */
void harness_runner_run(const struct harness_run_config *config,
                        const struct harness_scenario *scenario,
                        struct harness_result *out);

/*
 * Expands the scenario's default variables (`vars`) the way a run will,
 * with stand-ins for the target's built-ins, so a default naming a
 * variable that will not exist is found before anything starts.
 * HARNESS_EMALFORMED with "FILE: vars.NAME: REASON" when one fails.
 */
enum harness_status
harness_runner_check_vars(const struct harness_run_config *config,
                          const struct harness_scenario *scenario,
                          struct harness_error *err);

/* Frees what `result` owns and zeroes it. NULL is allowed. */
void harness_result_free(struct harness_result *result);

#endif
