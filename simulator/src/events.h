#ifndef SIM_EVENTS_H
#define SIM_EVENTS_H

/*
 * Emitting events. Each event is stored in the workspace's log (for
 * /events/list and /events/get) and handed to the webhooks.
 *
 * `occurred_at` is when the thing happened on the simulated clock; the
 * event's `created_at` is when the simulator noticed, which is later when
 * a change is delivered to a door while no request was running.
 */

#include <cjson/cJSON.h>
#include <stdint.h>

#include "store.h"

/*
 * Emits an event of `type`. `fields` (owned; may be NULL) holds the
 * type-specific fields; the common ones (event_id, event_type,
 * workspace_id, created_at, occurred_at) are added here. `refs` (owned;
 * may be NULL) holds ids to filter on that the event's schema lacks. Returns
 * the stored event (borrowed from the workspace), or NULL when memory ran out,
 * in which case the event is dropped.
 */
const struct sim_event *sim_events_emit(struct sim_workspace *ws,
                                        const char *type, int64_t occurred_at,
                                        cJSON *fields, cJSON *refs);

/* acs_credential.* for `credential`. */
void sim_events_credential(struct sim_workspace *ws, const char *type,
                           const struct sim_credential *credential,
                           int64_t occurred_at);

/* acs_user.* for `user`. */
void sim_events_user(struct sim_workspace *ws, const char *type,
                     const struct sim_user *user);

#endif
