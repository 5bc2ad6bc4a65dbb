#ifndef HARNESS_EXPECT_H
#define HARNESS_EXPECT_H

/*
 * Expectations on parts of a JSON document (a response body, or the JSON
 * an external command printed).
 *
 * One assertion is an object with a `path` (see jpath.h; "$" is the whole
 * document) and one or more checks. Every check must hold for every node
 * the path matches, and a check other than absent/not_equals/count needs at
 * least one match:
 *
 *   "equals": V          deep equality with V
 *   "not_equals": V      differs from V (an absent value differs)
 *   "one_of": [V, ...]   equals one of the values
 *   "type": T            string, number, integer, boolean, null, object,
 *                        array
 *   "pattern": RE        a string matching the POSIX extended RE
 *   "length": N          an array (or string) of exactly N elements
 *   "min_length": N      an array (or string) of at least N elements
 *   "contains": V        an array with an element equal to V, or a string
 *                        containing the string V
 *   "same_instant": TS   an RFC 3339 timestamp naming the same instant
 *   "absent": true       the path matches nothing ("absent": false: the
 *                        path matches something)
 *   "count": N           the path matches exactly N nodes
 */

#include <cjson/cJSON.h>

#include "status.h"

/*
 * Checks that `assertion` (borrowed) is well formed: an object with a valid
 * path, known check names with values of the right kind, and compilable
 * patterns (unless they hold placeholders). HARNESS_EMALFORMED otherwise.
 */
enum harness_status harness_expect_validate(const cJSON *assertion,
                                            struct harness_error *err);

/*
 * Checks one assertion (borrowed, placeholders already expanded) against
 * `doc` (borrowed, may be NULL for "no JSON"). HARNESS_EMISMATCH with a
 * message naming the path, the check, and what was found.
 */
enum harness_status harness_expect_check(const cJSON *assertion,
                                         const cJSON *doc,
                                         struct harness_error *err);

/*
 * Expands the placeholders of each assertion in `assertions` (a borrowed
 * array; NULL means none) with `vars`, then checks it against `doc`.
 * Stops at the first failure.
 */
enum harness_status harness_expect_check_all(const cJSON *assertions,
                                             const cJSON *doc,
                                             const cJSON *vars,
                                             struct harness_error *err);

#endif
