#ifndef HARNESS_JPATH_H
#define HARNESS_JPATH_H

/*
 * A small JSON path language for scenario files: where an expectation
 * looks, and where a value to save is found.
 *
 *   acs_user.acs_user_id        object keys, dot-separated ("$." optional)
 *   acs_systems[0], items[-1]   array index, negative counts from the end
 *   requests[*].params.code     every element
 *   acs_systems[?name~hub]      elements whose `name` matches a POSIX ERE
 *   acs_credentials[?acs_user_id=ID], [?access_method!=code]
 *                               elements whose field (dotted) equals, or
 *                               differs from, the text (numbers, booleans
 *                               and null compare by their JSON text)
 *
 * A path that uses [*] or [?...] is "multi": it may match any number of
 * nodes. Filter values cannot contain ']'.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "status.h"

/* Room for the concrete location of one match, e.g. "$.a[12].b". */
#define HARNESS_JPATH_WHERE_SIZE 256
/* Most nodes one evaluation may produce; more is HARNESS_ENOMEM. */
#define HARNESS_JPATH_MAX_MATCHES 10000

struct harness_jpath_match {
    const cJSON *node; /* borrowed from the evaluated document */
    char where[HARNESS_JPATH_WHERE_SIZE];
};

struct harness_jpath_result {
    struct harness_jpath_match *items; /* owned; NULL when count is 0 */
    size_t count;
    bool multi; /* the path used [*] or [?...] */
};

/* Checks the syntax of `path` (borrowed) without evaluating it. */
enum harness_status harness_jpath_validate(const char *path,
                                           struct harness_error *err);

/*
 * Evaluates `path` against `root` (both borrowed). No match is not an
 * error: the result is empty. On success `out` is filled and owned by the
 * caller (harness_jpath_result_free); on failure it is left empty.
 */
enum harness_status harness_jpath_eval(const cJSON *root, const char *path,
                                       struct harness_jpath_result *out,
                                       struct harness_error *err);

/* Frees what `result` owns and empties it. NULL is allowed. */
void harness_jpath_result_free(struct harness_jpath_result *result);

#endif
