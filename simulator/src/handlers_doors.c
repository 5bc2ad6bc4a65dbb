/*
 * The /_fake/latch routes: what happens in the building rather than through the
 * API: door syncs, keypads, the hub, door connections, Latch outages and
 * residents made in Latch Mission Control.
 */

#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "handlers.h"
#include "latch.h"
#include "render.h"
#include "store.h"

/* Adds the entrance's credentials as they are now. */
static enum sim_status put_credentials(struct sim_request *req, cJSON *out,
                                       const struct sim_entrance *entrance)
{
    cJSON *array = cJSON_CreateArray();

    for (size_t i = 0; array && i < entrance->credentials.count; i++) {
        if (!cJSON_AddItemToArray(
                array,
                sim_render_credential(req->ws, entrance->credentials.items[i],
                                      req->now))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return sim_handlers_put(out, "acs_credentials", array);
}

SIM_HANDLER(sim_handle_fake_latch_sync_door)
{
    struct sim_entrance *entrance;
    enum sim_status status = sim_handlers_find_entrance(req, &entrance);

    if (status != SIM_OK)
        return status;
    /* The Manager App fetches the changes from Latch's cloud first. */
    if (entrance->system->outage)
        return sim_request_fail(req, SIM_LATCH_UNAVAILABLE,
                                "Latch's cloud is down for this building, so "
                                "the Manager App cannot fetch the changes");
    sim_latch_sync_door(req->ws, entrance);
    if ((status = sim_handlers_put(out, "acs_entrance",
                                   sim_render_entrance(entrance))) != SIM_OK)
        return status;
    return put_credentials(req, out, entrance);
}

SIM_HANDLER(sim_handle_fake_latch_enter_pin)
{
    struct sim_entrance *entrance;
    const char *code = NULL;
    enum sim_status status;

    if (sim_param_string(req, "code", SIM_REQUIRED | SIM_NONEMPTY, &code) &&
        (strspn(code, "0123456789") != strlen(code) || strlen(code) > 15))
        sim_request_invalid(req, "code", "A keypad takes 1 to 15 digits");
    if ((status = sim_handlers_find_entrance(req, &entrance)) != SIM_OK)
        return status;

    struct sim_latch_keypad k = sim_latch_enter_pin(req->ws, entrance, code);
    cJSON *result = cJSON_CreateObject();
    cJSON_AddStringToObject(result, "outcome",
                            k.granted ? "granted" : "denied");
    cJSON_AddStringToObject(result, "reason", k.reason);
    cJSON_AddStringToObject(result, "message", k.message);
    cJSON_AddStringToObject(result, "acs_entrance_id", entrance->head.id);
    if (k.acs_credential_id)
        cJSON_AddStringToObject(result, "acs_credential_id",
                                k.acs_credential_id);
    if (k.acs_user_id)
        cJSON_AddStringToObject(result, "acs_user_id", k.acs_user_id);
    cJSON_AddBoolToObject(result, "credential_deleted", k.deleted);
    sim_render_add_time(result, "entered_at", req->now);
    const struct sim_vec *events = &req->ws->events.order;
    if (events->count > 0) {
        const struct sim_event *e = events->items[events->count - 1];
        cJSON_AddStringToObject(result, "event_id", e->head.id);
    }
    return sim_handlers_put(out, "keypad_entry", result);
}

/*
 * Changes what stands between Latch and the building's doors, then lets
 * changes waiting on doors whose path came back start their journey.
 * Returns false when memory runs out, changing nothing.
 */
static bool set_paths(struct sim_request *req, struct sim_system *system,
                      bool hub_installed, bool hub_online, bool outage)
{
    size_t n = system->entrances.count;
    bool *was_up = calloc(n ? n : 1, sizeof *was_up);

    if (was_up == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        was_up[i] = sim_latch_path_up(system->entrances.items[i]);

    /* Installing or removing a hub connects or disconnects its doors. */
    if (hub_installed != system->hub_installed) {
        for (size_t i = 0; i < n; i++) {
            struct sim_entrance *e = system->entrances.items[i];
            e->is_connected = hub_installed;
        }
    }
    system->hub_installed = hub_installed;
    system->hub_online = hub_online;
    system->outage = outage;
    for (size_t i = 0; i < n; i++)
        sim_latch_path_changed(req->ws, system->entrances.items[i], was_up[i]);
    free(was_up);
    return true;
}

SIM_HANDLER(sim_handle_fake_latch_set_hub)
{
    struct sim_system *system;
    bool installed = false, online = true;
    enum sim_param_state has_installed, has_online;
    enum sim_status status;

    has_installed = sim_param_bool(req, "hub_installed", 0, &installed);
    has_online = sim_param_bool(req, "hub_online", 0, &online);
    if (!has_installed && !has_online &&
        !sim_param_present(req, "hub_online") &&
        !sim_param_present(req, "hub_installed"))
        sim_request_invalid(req, "hub_installed",
                            "Give hub_installed, hub_online or both");
    if ((status = sim_handlers_find_system(req, &system)) != SIM_OK)
        return status;
    if (has_online && !(has_installed ? installed : system->hub_installed))
        return sim_request_fail(req, SIM_INVALID_INPUT,
                                "This building has no hub to take online or "
                                "offline; install one with hub_installed");
    if (!set_paths(req, system,
                   has_installed ? installed : system->hub_installed,
                   has_online ? online : system->hub_online, system->outage))
        return SIM_OUT_OF_MEMORY;
    return sim_handlers_put(out, "acs_system",
                            sim_render_system(req->ws, system));
}

SIM_HANDLER(sim_handle_fake_latch_set_door)
{
    struct sim_entrance *entrance;
    bool connected = false;
    enum sim_status status;

    sim_param_bool(req, "is_connected", SIM_REQUIRED, &connected);
    if ((status = sim_handlers_find_entrance(req, &entrance)) != SIM_OK)
        return status;
    bool was_up = sim_latch_path_up(entrance);
    entrance->is_connected = connected;
    sim_latch_path_changed(req->ws, entrance, was_up);
    return sim_handlers_put(out, "acs_entrance", sim_render_entrance(entrance));
}

/* acs_system.disconnected or .connected for an outage change. */
static void announce_outage(struct sim_request *req,
                            const struct sim_system *system)
{
    cJSON *f = cJSON_CreateObject();

    cJSON_AddStringToObject(f, "acs_system_id", system->head.id);
    cJSON_AddStringToObject(f, "connected_account_id",
                            system->connected_account_id);
    if (system->outage) {
        cJSON *rendered = sim_render_system(req->ws, system);
        cJSON_AddItemToObject(f, "acs_system_errors",
                              cJSON_DetachItemFromObject(rendered, "errors"));
        cJSON_AddItemToObject(f, "acs_system_warnings",
                              cJSON_DetachItemFromObject(rendered, "warnings"));
        cJSON_AddArrayToObject(f, "connected_account_errors");
        cJSON_AddArrayToObject(f, "connected_account_warnings");
        cJSON_Delete(rendered);
    }
    sim_events_emit(req->ws,
                    system->outage ? "acs_system.disconnected"
                                   : "acs_system.connected",
                    req->now, f, NULL);
}

SIM_HANDLER(sim_handle_fake_latch_set_outage)
{
    struct sim_system *system;
    bool active = false;
    enum sim_status status;

    sim_param_bool(req, "active", SIM_REQUIRED, &active);
    if ((status = sim_handlers_find_system(req, &system)) != SIM_OK)
        return status;
    if (active != system->outage) {
        if (!set_paths(req, system, system->hub_installed, system->hub_online,
                       active))
            return SIM_OUT_OF_MEMORY;
        if (active)
            system->outage_since = req->now;
        announce_outage(req, system);
    }
    return sim_handlers_put(out, "acs_system",
                            sim_render_system(req->ws, system));
}

SIM_HANDLER(sim_handle_fake_latch_add_resident)
{
    struct sim_system *system;
    const char *name = NULL, *email = NULL, *phone = NULL;
    enum sim_status status;

    sim_param_string(req, "full_name", SIM_REQUIRED | SIM_NONEMPTY, &name);
    sim_param_email(req, "email_address", 0, &email);
    sim_param_phone(req, "phone_number", 0, &phone);
    if ((status = sim_handlers_find_system(req, &system)) != SIM_OK)
        return status;

    /* Mission Control's users show up without passing through the API. */
    struct sim_user *user = sim_store_create_user(req->ws, system);
    if (user == NULL || !sim_store_set_string(&user->full_name, name) ||
        !sim_store_set_string(&user->email_address, email) ||
        !sim_store_set_string(&user->phone_number, phone)) {
        if (user)
            sim_store_delete_user(req->ws, user);
        return SIM_OUT_OF_MEMORY;
    }
    user->is_mission_control_resident = true;
    system->resident_count++;
    return sim_handlers_put(out, "acs_user",
                            sim_render_user(req->ws, user, req->now));
}
