#ifndef HARNESS_TEMPLATE_H
#define HARNESS_TEMPLATE_H

/*
 * "{{...}}" placeholders in scenario values, filled from the scenario's
 * variables at the moment a step runs.
 *
 *   {{name}}, {{name.field}}, {{name[0].x}}
 *                      a saved variable, followed by a path (see jpath.h)
 *   {{time:+1d}}       now (the real clock, not a simulator's) plus an
 *                      offset (ms, s, m, h or d; "now" for none), as
 *                      "YYYY-MM-DDTHH:MM:SS.mmmZ"
 *   {{time:+1d@+02:00}} the same instant written with a UTC offset
 *   {{uuid}}           a fresh random UUID
 *   {{unique}}         12 fresh random hex digits (unique names, emails)
 *
 * A string that is exactly one placeholder takes the variable's JSON value
 * and type (an array stays an array). Inside longer text, strings are
 * inserted as they are and other values as compact JSON.
 */

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "status.h"

/* Largest expanded string; bigger is HARNESS_ENOMEM. */
#define HARNESS_TEMPLATE_MAX_TEXT (256 * 1024)

/* True when `text` (may be NULL) contains "{{". */
bool harness_template_has_placeholder(const char *text);

/*
 * Checks that every placeholder in `text` is closed and well formed,
 * without needing the variables (used when a scenario is loaded).
 */
enum harness_status harness_template_validate(const char *text,
                                              struct harness_error *err);

/*
 * Expands `text` (borrowed) with `vars` (borrowed object of variables).
 * On success *out is a new cJSON value owned by the caller (cJSON_Delete).
 * An undefined variable is HARNESS_EMISMATCH naming it.
 */
enum harness_status harness_template_expand_text(const char *text,
                                                 const cJSON *vars, cJSON **out,
                                                 struct harness_error *err);

/*
 * Deep-copies `node` (borrowed), expanding every string value (object keys
 * are left alone). On success *out is owned by the caller.
 */
enum harness_status harness_template_expand(const cJSON *node,
                                            const cJSON *vars, cJSON **out,
                                            struct harness_error *err);

/*
 * Parses a "time:" spec such as "+1d@+02:00" (without the "time:" prefix)
 * relative to `now_ms` and writes the timestamp into `out` (at least 32
 * bytes). An offset too large to compute, or a date (in the zone asked
 * for) outside the years 0000-9999, is HARNESS_EINVAL. Exposed for the
 * unit tests.
 */
enum harness_status harness_template_time(const char *spec, long long now_ms,
                                          char *out, size_t out_size,
                                          struct harness_error *err);

#endif
