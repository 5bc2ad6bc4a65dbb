/*
 * Simulator control routes under /_fake/. They have no counterpart in
 * Seam's API; docs/control-routes.md describes each.
 */

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "handlers.h"
#include "latch.h"
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

    if (sim_param_string(req, "name", SIM_NONEMPTY, &name) &&
        strlen(name) > SIM_FIXTURE_NAME_MAX)
        sim_request_invalid(req, "name", "name is longer than %d bytes",
                            SIM_FIXTURE_NAME_MAX);
    sim_param_object(req, "fixture", 0, &tmpl);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if (sim_store_workspace_count(sim_server_store(req->server)) >=
        SIM_WORKSPACES_MAX)
        return sim_request_fail(req, SIM_TOO_MANY_WORKSPACES,
                                "The simulator already holds %d workspaces; "
                                "restart it to start afresh",
                                SIM_WORKSPACES_MAX);

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

/* A rule as JSON. */
static cJSON *render_fault(const struct sim_fault *f)
{
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "route", f->route);
    if (f->status)
        cJSON_AddNumberToObject(o, "status", f->status);
    else
        cJSON_AddNullToObject(o, "status");
    cJSON_AddNumberToObject(o, "retry_after_seconds", f->retry_after_s);
    cJSON_AddNumberToObject(o, "latency_ms", f->latency_ms);
    if (f->remaining >= 0)
        cJSON_AddNumberToObject(o, "times", f->remaining);
    else
        cJSON_AddNullToObject(o, "times");
    cJSON_AddNumberToObject(o, "probability", f->probability);
    return o;
}

SIM_HANDLER(sim_handle_fake_faults_set)
{
    struct sim_fault rule = { .remaining = -1, .probability = 1.0 };
    const char *route = NULL;
    long long status = 0, retry_after = 0, latency = 0, times = -1;
    long long per_million = 1000000;
    cJSON *chance = NULL;
    enum sim_status result;

    sim_param_string(req, "route", SIM_REQUIRED | SIM_NONEMPTY, &route);
    sim_param_int(req, "status", 0, 0, 599, &status);
    sim_param_int(req, "retry_after_seconds", 0, 0, 86400, &retry_after);
    sim_param_int(req, "latency_ms", 0, 0, SIM_FAULT_LATENCY_MAX_MS, &latency);
    sim_param_int(req, "times", 0, 1, 1000000, &times);
    chance = cJSON_GetObjectItemCaseSensitive(req->body, "probability");
    if (chance != NULL && (!cJSON_IsNumber(chance) || chance->valuedouble < 0 ||
                           chance->valuedouble > 1))
        sim_request_invalid(req, "probability",
                            "probability must be a number from 0 to 1");
    else if (chance != NULL)
        per_million = (long long)(chance->valuedouble * 1000000.0);
    if (status != 0 && status != 429 && status != 500 && status != 502 &&
        status != 503 && status != 504)
        sim_request_invalid(req, "status",
                            "status must be 429, 500, 502, 503 or 504");
    if (status == 0 && latency == 0 && !sim_param_present(req, "status"))
        sim_request_invalid(req, "status",
                            "Give a status, a latency_ms, or both");
    const struct sim_route *target = route ? sim_router_find(route) : NULL;
    if (route && strcmp(route, "*") != 0 &&
        (target == NULL || target->auth != SIM_AUTH_API_KEY ||
         strncmp(route, "/_fake/", 7) == 0))
        sim_request_invalid(req, "route",
                            "route must be an API route the simulator "
                            "serves, such as /acs/credentials/create, or *");
    if (route && strlen(route) >= sizeof rule.route)
        sim_request_invalid(req, "route", "route is too long");
    if ((result = sim_request_validated(req)) != SIM_OK)
        return result;

    snprintf(rule.route, sizeof rule.route, "%s", route);
    rule.status = (int)status;
    rule.retry_after_s = (int)retry_after;
    rule.latency_ms = (int)latency;
    rule.remaining = (int)times;
    rule.probability = (double)per_million / 1000000.0;
    if (!sim_faults_set(&req->ws->faults, &rule))
        return sim_request_fail(req, SIM_INVALID_INPUT,
                                "At most %d fault rules per workspace",
                                SIM_FAULTS_MAX);
    return sim_handlers_put(out, "fault", render_fault(&rule));
}

SIM_HANDLER(sim_handle_fake_faults_clear)
{
    const char *route = NULL;
    enum sim_status status;

    sim_param_string(req, "route", SIM_NONEMPTY, &route);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    sim_faults_clear(&req->ws->faults, route);
    (void)out;
    return SIM_OK;
}

SIM_HANDLER(sim_handle_fake_faults_list)
{
    cJSON *array = cJSON_CreateArray();

    for (size_t i = 0; array && i < req->ws->faults.count; i++) {
        if (!cJSON_AddItemToArray(array,
                                  render_fault(&req->ws->faults.rules[i]))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return sim_handlers_put(out, "faults", array);
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
