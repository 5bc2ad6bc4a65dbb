/*
 * Simulator control routes under /_fake/. They have no counterpart in
 * Seam's API; docs/control-routes.md describes each.
 */

#include <string.h>

#include "fixture.h"
#include "handlers.h"
#include "render.h"
#include "server.h"
#include "store.h"

SIM_HANDLER(sim_handle_fake_workspaces_create)
{
    cJSON *tmpl = NULL;
    const char *name = NULL;
    char key[SIM_API_KEY_MAX + 1];
    char err[256];
    enum sim_status status;

    sim_param_string(req, "name", SIM_NONEMPTY, &name);
    sim_param_object(req, "fixture", 0, &tmpl);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    struct sim_workspace *ws =
        sim_fixture_instantiate(sim_server_store(req->server),
                                tmpl ? tmpl : sim_server_template(req->server),
                                name, key, err, sizeof err);
    if (ws == NULL) {
        sim_request_invalid(req, "fixture", "%s", err);
        return sim_request_validated(req);
    }

    /* Nobody else knows the key yet, but take the lock for the reader. */
    sim_store_lock_workspace(ws);
    status = sim_handlers_put(out, "workspace", sim_render_workspace(ws));
    sim_store_unlock_workspace(ws);
    if (status == SIM_OK && !cJSON_AddStringToObject(out, "api_key", key))
        status = SIM_OUT_OF_MEMORY;
    return status;
}

SIM_HANDLER(sim_handle_fake_latch_sync_door)
{
    const char *id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "acs_entrance_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    struct sim_entrance *entrance = sim_store_entrance(req->ws, id);
    if (entrance == NULL)
        return sim_request_fail(req, SIM_ACS_ENTRANCE_NOT_FOUND,
                                "Could not find an acs_entrance with "
                                "acs_entrance_id %s",
                                id);

    /* The Manager App pushes everything the door is missing. */
    sim_store_sync_entrance(req->ws, entrance, req->now);
    if ((status = sim_handlers_put(out, "acs_entrance",
                                   sim_render_entrance(entrance))) != SIM_OK)
        return status;
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

SIM_HANDLER(sim_handle_fake_requests_list)
{
    const char *route = NULL;
    enum sim_status status;
    struct sim_workspace *ws = req->ws;

    sim_param_string(req, "route", SIM_NONEMPTY, &route);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    /* Oldest first, optionally only one route. */
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; array && i < ws->recorded_count; i++) {
        const struct sim_recorded_request *r =
            &ws->recorded[(ws->recorded_start + i) % SIM_RECORDED_REQUESTS_MAX];
        if (route && strcmp(route, r->route) != 0)
            continue;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "request_id", r->request_id);
        cJSON_AddStringToObject(item, "method", r->method);
        cJSON_AddStringToObject(item, "route", r->route);
        cJSON_AddItemToObject(item, "params", cJSON_Parse(r->params));
        cJSON_AddNumberToObject(item, "status", r->status);
        sim_render_add_time(item, "received_at", r->received_at);
        if (cJSON_GetArraySize(item) != 6 ||
            !cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return sim_handlers_put(out, "requests", array);
}
