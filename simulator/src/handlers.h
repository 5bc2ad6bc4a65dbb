#ifndef SIM_HANDLERS_H
#define SIM_HANDLERS_H

/*
 * Route handlers, one per API route, grouped by resource in
 * handlers_<resource>.c. Each follows the sim_handler contract in
 * router.h.
 */

#include "router.h"
#include "store.h"

#define SIM_HANDLER(name)                                                      \
    enum sim_status name(struct sim_request *req, cJSON *out)

SIM_HANDLER(sim_handle_health);
SIM_HANDLER(sim_handle_workspaces_get);

SIM_HANDLER(sim_handle_systems_get);
SIM_HANDLER(sim_handle_systems_list);

SIM_HANDLER(sim_handle_entrances_get);
SIM_HANDLER(sim_handle_entrances_list);
SIM_HANDLER(sim_handle_entrances_list_credentials_with_access);

SIM_HANDLER(sim_handle_users_create);
SIM_HANDLER(sim_handle_users_get);
SIM_HANDLER(sim_handle_users_list);
SIM_HANDLER(sim_handle_users_update);
SIM_HANDLER(sim_handle_users_delete);
SIM_HANDLER(sim_handle_users_suspend);
SIM_HANDLER(sim_handle_users_unsuspend);
SIM_HANDLER(sim_handle_users_list_accessible_entrances);
SIM_HANDLER(sim_handle_users_revoke_access_to_all_entrances);

SIM_HANDLER(sim_handle_credentials_create);
SIM_HANDLER(sim_handle_credentials_get);
SIM_HANDLER(sim_handle_credentials_list);
SIM_HANDLER(sim_handle_credentials_update);
SIM_HANDLER(sim_handle_credentials_delete);
SIM_HANDLER(sim_handle_credentials_list_accessible_entrances);

SIM_HANDLER(sim_handle_identities_create);
SIM_HANDLER(sim_handle_identities_get);
SIM_HANDLER(sim_handle_identities_list);
SIM_HANDLER(sim_handle_identities_update);
SIM_HANDLER(sim_handle_identities_delete);
SIM_HANDLER(sim_handle_identities_add_acs_user);
SIM_HANDLER(sim_handle_identities_remove_acs_user);
SIM_HANDLER(sim_handle_identities_list_acs_users);
SIM_HANDLER(sim_handle_identities_list_accessible_entrances);

SIM_HANDLER(sim_handle_events_list);
SIM_HANDLER(sim_handle_events_get);

SIM_HANDLER(sim_handle_entrances_unlock);
SIM_HANDLER(sim_handle_action_attempts_get);
SIM_HANDLER(sim_handle_action_attempts_list);

SIM_HANDLER(sim_handle_fake_clock_get);
SIM_HANDLER(sim_handle_fake_clock_freeze);
SIM_HANDLER(sim_handle_fake_clock_unfreeze);
SIM_HANDLER(sim_handle_fake_clock_set);
SIM_HANDLER(sim_handle_fake_clock_advance);

SIM_HANDLER(sim_handle_fake_faults_clear);
SIM_HANDLER(sim_handle_fake_faults_list);
SIM_HANDLER(sim_handle_fake_faults_set);

SIM_HANDLER(sim_handle_fake_latch_add_resident);
SIM_HANDLER(sim_handle_fake_latch_enter_pin);
SIM_HANDLER(sim_handle_fake_latch_set_door);
SIM_HANDLER(sim_handle_fake_latch_set_hub);
SIM_HANDLER(sim_handle_fake_latch_set_outage);

SIM_HANDLER(sim_handle_fake_workspaces_create);
SIM_HANDLER(sim_handle_fake_latch_sync_door);
SIM_HANDLER(sim_handle_fake_requests_list);

SIM_HANDLER(sim_handle_webhooks_create);
SIM_HANDLER(sim_handle_webhooks_get);
SIM_HANDLER(sim_handle_webhooks_list);
SIM_HANDLER(sim_handle_webhooks_update);
SIM_HANDLER(sim_handle_webhooks_delete);
SIM_HANDLER(sim_handle_fake_webhooks_deliveries);

#endif

/*
 * Helpers shared by the handler files.
 */

/*
 * Adds `item` (ownership taken, may be NULL) to `out` under `key`.
 * Returns SIM_OK, or SIM_OUT_OF_MEMORY when `item` is NULL or the add
 * fails (the item is freed then).
 */
enum sim_status sim_handlers_put(cJSON *out, const char *key, cJSON *item);

/*
 * Find the object named by the request's required `acs_entrance_id` or
 * `acs_system_id`: a validation error when missing or malformed, a 404
 * when unknown (or in another workspace).
 */
enum sim_status sim_handlers_find_entrance(struct sim_request *req,
                                           struct sim_entrance **out);
enum sim_status sim_handlers_find_system(struct sim_request *req,
                                         struct sim_system **out);

/*
 * Finds the ACS user a request names, the way Seam's user routes do:
 * by `acs_user_id`, or by `user_identity_id` together with
 * `acs_system_id`. Validation errors are recorded on the request.
 */
enum sim_status sim_handlers_find_user(struct sim_request *req,
                                       struct sim_user **out);

/*
 * Adds an array under `key` with the distinct entrances reachable through
 * `credentials` (a vec of struct sim_credential *), in creation order.
 */
enum sim_status sim_handlers_put_entrances_of(struct sim_request *req,
                                              cJSON *out, const char *key,
                                              const struct sim_vec *creds);

/*
 * Changes a user's suspension and marks its credentials' desired state
 * as changed, so the doors must learn of it again.
 */
void sim_handlers_set_suspended(struct sim_request *req, struct sim_user *user,
                                bool suspended);

/*
 * Deletes a user the API's way: its credentials (with their events and
 * door tombstones), then the user with acs_user.deleted.
 */
void sim_handlers_delete_user(struct sim_request *req, struct sim_user *user);

/*
 * Creates an ACS user in `system` with the given profile (each copied,
 * NULL allowed). The caller announces it with acs_user.created once the
 * user is complete. NULL on OOM, with nothing created.
 */
struct sim_user *sim_handlers_create_user(struct sim_request *req,
                                          struct sim_system *system,
                                          const char *full_name,
                                          const char *email, const char *phone);

/* True when `haystack` contains `needle`, ignoring ASCII case. */
bool sim_handlers_matches(const char *haystack, const char *needle);
