#ifndef HARNESS_SCHEMA_H
#define HARNESS_SCHEMA_H

/*
 * Checks response bodies against the official 200-response schemas, taken
 * from the trimmed OpenAPI document in fixtures/openapi/seam-connect.json
 * (made by scripts/refresh-openapi from @seamapi/types).
 *
 * The subset of OpenAPI 3.0 schema keywords that document uses is
 * supported: $ref (to #/components/schemas/...), type, nullable,
 * properties, required, additionalProperties, items, enum, format (uuid,
 * date-time, email, uri), minLength, maxLength, minimum, maximum, allOf,
 * anyOf, oneOf with or without a discriminator. Unknown keywords are
 * ignored, as OpenAPI tools do.
 *
 * A loaded schema is read-only and may be shared by threads.
 */

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "status.h"

/* Opaque; made by harness_schema_load or _adopt, freed by _free. */
struct harness_schema;

/* The OpenAPI document is small; anything larger is the wrong file. */
#define HARNESS_SCHEMA_MAX_BYTES (8 * 1024 * 1024)

/*
 * Reads the OpenAPI document at `path`. On success *out is owned by the
 * caller (harness_schema_free); on failure it is NULL.
 */
enum harness_status harness_schema_load(const char *path,
                                        struct harness_schema **out,
                                        struct harness_error *err);

/*
 * Wraps an already parsed OpenAPI document; `doc` is taken over (freed
 * with the schema, or at once on failure).
 */
enum harness_status harness_schema_adopt(cJSON *doc,
                                         struct harness_schema **out,
                                         struct harness_error *err);

/* Frees the schema. NULL is allowed. */
void harness_schema_free(struct harness_schema *schema);

/* True when the document holds a 200 schema for `route`. */
bool harness_schema_knows_route(const struct harness_schema *schema,
                                const char *route);

/*
 * Checks `body` (borrowed) against the 200 schema of `route`.
 * HARNESS_ESCHEMA names the first JSON path that breaks it and why;
 * HARNESS_EINVAL when the route is unknown.
 */
enum harness_status harness_schema_check(const struct harness_schema *schema,
                                         const char *route, const cJSON *body,
                                         struct harness_error *err);

/*
 * Checks `value` against the schema object `node` (both borrowed; $refs
 * are resolved in `schema`'s document). Exposed for the unit tests.
 */
enum harness_status
harness_schema_check_node(const struct harness_schema *schema,
                          const cJSON *node, const cJSON *value,
                          struct harness_error *err);

#endif
