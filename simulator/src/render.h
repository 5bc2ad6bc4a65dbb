#ifndef SIM_RENDER_H
#define SIM_RENDER_H

/*
 * Turns stored objects into the JSON shapes of Seam's OpenAPI document
 * (@seamapi/types), with every field the document requires.
 *
 * Each function returns a new cJSON object owned by the caller (usually
 * handed straight to cJSON_AddItemToObject), or NULL when memory runs
 * out. `now` is the workspace clock, which decides sync state.
 */

#include <cjson/cJSON.h>
#include <stdint.h>

#include "store.h"

cJSON *sim_render_workspace(const struct sim_workspace *ws);
cJSON *sim_render_system(const struct sim_workspace *ws,
                         const struct sim_system *system);
cJSON *sim_render_entrance(const struct sim_entrance *entrance);
cJSON *sim_render_user(const struct sim_workspace *ws,
                       const struct sim_user *user, int64_t now);
cJSON *sim_render_credential(const struct sim_workspace *ws,
                             const struct sim_credential *credential,
                             int64_t now);
cJSON *sim_render_identity(const struct sim_workspace *ws,
                           const struct sim_identity *identity);

/* Adds `ms` as an ISO 8601 string under `name`. NULL on OOM. */
cJSON *sim_render_add_time(cJSON *object, const char *name, int64_t ms);

/* The access_method string for `method`. */
const char *sim_render_access_method(enum sim_access_method method);

#endif
