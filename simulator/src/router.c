#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define GET    SIM_METHOD_GET
#define POST   SIM_METHOD_POST
#define PUT    SIM_METHOD_PUT
#define PATCH  SIM_METHOD_PATCH
#define DELETE SIM_METHOD_DELETE
#define KEY    SIM_AUTH_API_KEY
#define NONE   SIM_AUTH_NONE

/* Sorted by path (strcmp order); sim_router_table_is_sorted checks it. */
static const struct sim_route routes[] = {
    { "/_fake/clock/advance", POST, KEY, sim_handle_fake_clock_advance },
    { "/_fake/clock/freeze", POST, KEY, sim_handle_fake_clock_freeze },
    { "/_fake/clock/get", GET | POST, KEY, sim_handle_fake_clock_get },
    { "/_fake/clock/set", POST, KEY, sim_handle_fake_clock_set },
    { "/_fake/clock/unfreeze", POST, KEY, sim_handle_fake_clock_unfreeze },
    { "/_fake/faults/clear", POST, KEY, sim_handle_fake_faults_clear },
    { "/_fake/faults/list", GET | POST, KEY, sim_handle_fake_faults_list },
    { "/_fake/faults/set", POST, KEY, sim_handle_fake_faults_set },
    { "/_fake/latch/add_resident", POST, KEY,
      sim_handle_fake_latch_add_resident },
    { "/_fake/latch/enter_pin", POST, KEY, sim_handle_fake_latch_enter_pin },
    { "/_fake/latch/set_door", POST, KEY, sim_handle_fake_latch_set_door },
    { "/_fake/latch/set_hub", POST, KEY, sim_handle_fake_latch_set_hub },
    { "/_fake/latch/set_outage", POST, KEY, sim_handle_fake_latch_set_outage },
    { "/_fake/latch/sync_door", POST, KEY, sim_handle_fake_latch_sync_door },
    { "/_fake/requests/list", GET | POST, KEY, sim_handle_fake_requests_list },
    { "/_fake/webhooks/deliveries", GET | POST, KEY,
      sim_handle_fake_webhooks_deliveries },
    { "/_fake/workspaces/create", POST, NONE,
      sim_handle_fake_workspaces_create },
    { "/acs/credentials/create", POST, KEY, sim_handle_credentials_create },
    { "/acs/credentials/delete", DELETE | POST, KEY,
      sim_handle_credentials_delete },
    { "/acs/credentials/get", GET | POST, KEY, sim_handle_credentials_get },
    { "/acs/credentials/list", GET | POST, KEY, sim_handle_credentials_list },
    { "/acs/credentials/list_accessible_entrances", GET | POST, KEY,
      sim_handle_credentials_list_accessible_entrances },
    { "/acs/credentials/update", PATCH | POST, KEY,
      sim_handle_credentials_update },
    { "/acs/entrances/get", GET | POST, KEY, sim_handle_entrances_get },
    { "/acs/entrances/list", GET | POST, KEY, sim_handle_entrances_list },
    { "/acs/entrances/list_credentials_with_access", GET | POST, KEY,
      sim_handle_entrances_list_credentials_with_access },
    { "/acs/entrances/unlock", POST, KEY, sim_handle_entrances_unlock },
    { "/acs/systems/get", GET | POST, KEY, sim_handle_systems_get },
    { "/acs/systems/list", GET | POST, KEY, sim_handle_systems_list },
    { "/acs/users/create", POST, KEY, sim_handle_users_create },
    { "/acs/users/delete", DELETE | POST, KEY, sim_handle_users_delete },
    { "/acs/users/get", GET | POST, KEY, sim_handle_users_get },
    { "/acs/users/list", GET | POST, KEY, sim_handle_users_list },
    { "/acs/users/list_accessible_entrances", GET | POST, KEY,
      sim_handle_users_list_accessible_entrances },
    { "/acs/users/revoke_access_to_all_entrances", POST, KEY,
      sim_handle_users_revoke_access_to_all_entrances },
    { "/acs/users/suspend", POST, KEY, sim_handle_users_suspend },
    { "/acs/users/unsuspend", POST, KEY, sim_handle_users_unsuspend },
    { "/acs/users/update", PATCH | POST, KEY, sim_handle_users_update },
    { "/action_attempts/get", GET | POST, KEY, sim_handle_action_attempts_get },
    { "/action_attempts/list", GET | POST, KEY,
      sim_handle_action_attempts_list },
    { "/events/get", GET | POST, KEY, sim_handle_events_get },
    { "/events/list", GET | POST, KEY, sim_handle_events_list },
    { "/health", GET | POST, NONE, sim_handle_health },
    { "/user_identities/add_acs_user", PUT | POST, KEY,
      sim_handle_identities_add_acs_user },
    { "/user_identities/create", POST, KEY, sim_handle_identities_create },
    { "/user_identities/delete", DELETE | POST, KEY,
      sim_handle_identities_delete },
    { "/user_identities/get", GET | POST, KEY, sim_handle_identities_get },
    { "/user_identities/list", GET | POST, KEY, sim_handle_identities_list },
    { "/user_identities/list_accessible_entrances", GET | POST, KEY,
      sim_handle_identities_list_accessible_entrances },
    { "/user_identities/list_acs_users", GET | POST, KEY,
      sim_handle_identities_list_acs_users },
    { "/user_identities/remove_acs_user", DELETE | POST, KEY,
      sim_handle_identities_remove_acs_user },
    { "/user_identities/update", PATCH | POST, KEY,
      sim_handle_identities_update },
    { "/webhooks/create", POST, KEY, sim_handle_webhooks_create },
    { "/webhooks/delete", DELETE | POST, KEY, sim_handle_webhooks_delete },
    { "/webhooks/get", GET | POST, KEY, sim_handle_webhooks_get },
    { "/webhooks/list", GET | POST, KEY, sim_handle_webhooks_list },
    { "/webhooks/update", PUT | POST, KEY, sim_handle_webhooks_update },
    { "/workspaces/get", GET | POST, KEY, sim_handle_workspaces_get },
};

#define ROUTE_COUNT (sizeof routes / sizeof routes[0])

static int compare_path(const void *key, const void *element)
{
    const struct sim_route *route = element;
    return strcmp(key, route->path);
}

const struct sim_route *sim_router_find(const char *path)
{
    return bsearch(path, routes, ROUTE_COUNT, sizeof routes[0], compare_path);
}

int sim_router_table_is_sorted(void)
{
    for (size_t i = 1; i < ROUTE_COUNT; i++) {
        if (strcmp(routes[i - 1].path, routes[i].path) >= 0)
            return 0;
    }
    return 1;
}

static const struct {
    const char *name;
    unsigned bit;
} methods[] = {
    { "GET", GET },     { "POST", POST },     { "PUT", PUT },
    { "PATCH", PATCH }, { "DELETE", DELETE },
};

unsigned sim_router_method_bit(const char *method)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (strcmp(method, methods[i].name) == 0)
            return methods[i].bit;
    }
    return 0;
}

void sim_router_methods_text(unsigned bits, char *out, size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if ((bits & methods[i].bit) && used < size) {
            int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                             methods[i].name);
            if (n > 0)
                used += (size_t)n;
        }
    }
}
