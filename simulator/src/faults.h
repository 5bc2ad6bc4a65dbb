#ifndef SIM_FAULTS_H
#define SIM_FAULTS_H

/*
 * Injected faults: per-workspace rules that make chosen routes slow, fail
 * with a 5xx, or answer 429 with Retry-After, so integrations can be
 * tested against the failures they must survive. Control routes
 * (/_fake/...) are never affected.
 *
 * Chance-based rules draw from libsodium's generator, which `seam-sim
 * --seed N` makes deterministic.
 */

#include <stdbool.h>
#include <stddef.h>

/* Rules per workspace; enough for any test, small enough to scan. */
#define SIM_FAULTS_MAX 32
/* Longest injected latency: keeps a typo from hanging a worker. */
#define SIM_FAULT_LATENCY_MAX_MS 60000

struct sim_fault {
    char route[96];     /* an exact path, or "*" for every API route */
    int status;         /* 0 (latency only), 429, 500, 502, 503 or 504 */
    int retry_after_s;  /* with 429: the Retry-After header, seconds */
    int latency_ms;     /* added before the answer */
    int remaining;      /* matches left; -1: until cleared */
    double probability; /* chance a matching request is hit, 0..1 */
};

struct sim_faults {
    struct sim_fault rules[SIM_FAULTS_MAX];
    size_t count;
};

/* The outcome for one request. */
struct sim_fault_hit {
    int status;        /* 0: answer normally */
    int retry_after_s; /* 0: no Retry-After header */
    int latency_ms;
};

/*
 * Finds the first rule for `route` and applies it (counting it down and
 * drawing its chance). Call with the workspace locked.
 */
struct sim_fault_hit sim_faults_match(struct sim_faults *faults,
                                      const char *route);

/* Adds a rule, replacing one for the same route. False when full. */
bool sim_faults_set(struct sim_faults *faults, const struct sim_fault *rule);

/* Removes the rule for `route`, or every rule when `route` is NULL. */
void sim_faults_clear(struct sim_faults *faults, const char *route);

#endif
