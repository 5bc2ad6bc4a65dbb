#ifndef HARNESS_TARGET_H
#define HARNESS_TARGET_H

/*
 * Where a scenario runs: a simulator the harness spawns for it, or an
 * endpoint someone else runs (a simulator, or the real Seam API).
 *
 * Each scenario gets a workspace of its own: a fresh simulator process
 * (--spawn), or a fresh simulator workspace made with
 * /_fake/workspaces/create (an endpoint that is a simulator). Against the
 * real API, scenarios share the workspace of the API key given.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "status.h"

enum harness_target_mode {
    HARNESS_TARGET_SPAWN = 0,
    HARNESS_TARGET_ENDPOINT = 1,
};

/* What is behind an endpoint. AUTO is resolved by harness_target_probe. */
enum harness_target_kind {
    HARNESS_KIND_AUTO = 0,
    HARNESS_KIND_SIMULATOR = 1,
    HARNESS_KIND_API = 2,
};

/* Bounded copies of what a scenario needs to reach its target. */
#define HARNESS_TARGET_URL_SIZE  512
#define HARNESS_TARGET_KEY_SIZE  256
#define HARNESS_TARGET_PATH_SIZE 1024

/* All pointers borrowed; the config outlives every target made from it. */
struct harness_target_config {
    enum harness_target_mode mode;
    const char *simulator_path;    /* SPAWN: the seam-sim binary */
    const char *endpoint;          /* ENDPOINT: base URL */
    const char *api_key;           /* ENDPOINT: key of the real API */
    enum harness_target_kind kind; /* ENDPOINT */
    const char *work_dir;          /* where simulator output files go */
    long startup_timeout_ms;       /* SPAWN: wait for the banner this long */
};

struct harness_target {
    char endpoint[HARNESS_TARGET_URL_SIZE];
    char api_key[HARNESS_TARGET_KEY_SIZE];
    bool is_simulator;
    pid_t simulator_pid; /* 0 unless this target spawned one */
    char simulator_log[HARNESS_TARGET_PATH_SIZE]; /* its stderr file */
};

/*
 * For ENDPOINT mode: checks that the endpoint answers HTTP at all, and for
 * kind AUTO decides whether it is a simulator. Only a loopback endpoint
 * whose GET /health answers {"ok": true} counts as one; any other gets one
 * GET of its base URL, without the API key. Nothing is sent elsewhere than
 * the endpoint. HARNESS_ESETUP, naming the endpoint, when it does not
 * answer.
 */
enum harness_status harness_target_probe(struct harness_target_config *config,
                                         struct harness_error *err);

/*
 * Prepares the target for one scenario: spawns a simulator (with
 * `fixture_path`, may be NULL) or creates a workspace on a simulator
 * endpoint (named `label`, seeded from `fixture_path`'s first workspace).
 * On success `out` must be released with harness_target_close.
 * HARNESS_ESETUP when the target cannot be prepared, HARNESS_EINTERRUPTED
 * when the harness was told to stop meanwhile.
 */
enum harness_status
harness_target_open(const struct harness_target_config *config,
                    const char *label, const char *fixture_path,
                    struct harness_target *out, struct harness_error *err);

/* Stops a spawned simulator, if any. */
void harness_target_close(struct harness_target *target);

#endif
