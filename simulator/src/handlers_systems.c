/* Health, workspaces, access systems and entrances. */

#include <string.h>

#include "handlers.h"
#include "page.h"
#include "render.h"
#include "store.h"

/* Seam's default page size for /acs/entrances/list. */
#define ENTRANCES_DEFAULT_LIMIT 900

SIM_HANDLER(sim_handle_health)
{
    (void)req;
    /* "service" lets tools tell the simulator from other servers. */
    return cJSON_AddStringToObject(out, "service", "seam-latch-sim") &&
                   cJSON_AddStringToObject(out, "status", "healthy")
               ? SIM_OK
               : SIM_OUT_OF_MEMORY;
}

SIM_HANDLER(sim_handle_workspaces_get)
{
    return sim_handlers_put(out, "workspace", sim_render_workspace(req->ws));
}

SIM_HANDLER(sim_handle_systems_get)
{
    struct sim_system *system;
    enum sim_status status = sim_handlers_find_system(req, &system);

    if (status != SIM_OK)
        return status;
    return sim_handlers_put(out, "acs_system",
                            sim_render_system(req->ws, system));
}

SIM_HANDLER(sim_handle_systems_list)
{
    const char *account = NULL, *search = NULL;
    enum sim_status status;

    sim_param_uuid(req, "connected_account_id", 0, &account);
    sim_param_string(req, "search", SIM_NONEMPTY, &search);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    cJSON *array = cJSON_CreateArray();
    const struct sim_vec *order = &req->ws->systems.order;
    for (size_t i = 0; array && i < order->count; i++) {
        const struct sim_system *s = order->items[i];
        if (account && strcmp(account, s->connected_account_id) != 0)
            continue;
        if (search && !sim_handlers_matches(s->name, search) &&
            !sim_handlers_matches(s->head.id, search))
            continue;
        cJSON *item = sim_render_system(req->ws, s);
        if (item == NULL || !cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(array);
            return SIM_OUT_OF_MEMORY;
        }
    }
    return sim_handlers_put(out, "acs_systems", array);
}

SIM_HANDLER(sim_handle_entrances_get)
{
    struct sim_entrance *entrance;
    enum sim_status status = sim_handlers_find_entrance(req, &entrance);

    if (status != SIM_OK)
        return status;
    return sim_handlers_put(out, "acs_entrance", sim_render_entrance(entrance));
}

/* The filters of /acs/entrances/list, read once. */
struct entrance_filter {
    const char *system_id;
    const char *account_id;
    const char *search;
    const struct sim_credential *credential;
    const char **ids;
    size_t id_count;
    bool has_ids;
};

static bool entrance_matches(const struct entrance_filter *f,
                             const struct sim_entrance *e)
{
    if (f->system_id && strcmp(f->system_id, e->system->head.id) != 0)
        return false;
    if (f->account_id &&
        strcmp(f->account_id, e->system->connected_account_id) != 0)
        return false;
    if (f->search && !sim_handlers_matches(e->display_name, f->search))
        return false;
    if (f->credential && !sim_vec_contains(&f->credential->entrances, e))
        return false;
    if (f->has_ids) {
        for (size_t i = 0; i < f->id_count; i++) {
            if (strcmp(f->ids[i], e->head.id) == 0)
                return true;
        }
        return false;
    }
    return true;
}

SIM_HANDLER(sim_handle_entrances_list)
{
    struct entrance_filter f = { 0 };
    const char *credential_id = NULL, *space_id = NULL;
    struct sim_page page;
    enum sim_status status;

    /* Filters, in the order the cursor digest sees them. */
    sim_page_init(&page, req);
    if (sim_param_uuid(req, "acs_system_id", 0, &f.system_id))
        sim_page_filter(&page, "acs_system_id", f.system_id);
    if (sim_param_uuid(req, "acs_credential_id", 0, &credential_id))
        sim_page_filter(&page, "acs_credential_id", credential_id);
    if (sim_param_uuid(req, "connected_account_id", 0, &f.account_id))
        sim_page_filter(&page, "connected_account_id", f.account_id);
    if (sim_param_uuid(req, "space_id", 0, &space_id))
        sim_page_filter(&page, "space_id", space_id);
    if (sim_param_string(req, "search", SIM_NONEMPTY, &f.search))
        sim_page_filter(&page, "search", f.search);
    f.has_ids = sim_param_uuid_array(req, "acs_entrance_ids", 0, &f.ids,
                                     &f.id_count) == SIM_PARAM_SET;
    for (size_t i = 0; f.has_ids && i < f.id_count; i++)
        sim_page_filter(&page, "acs_entrance_ids", f.ids[i]);
    if (f.has_ids && f.id_count == 0)
        sim_page_filter(&page, "acs_entrance_ids", "");
    if ((status = sim_page_begin(&page, ENTRANCES_DEFAULT_LIMIT)) != SIM_OK)
        goto out;

    /* A credential that does not exist matches nothing, as Seam lists do. */
    if (credential_id) {
        f.credential = sim_store_credential(req->ws, credential_id);
        if (f.credential == NULL)
            f.has_ids = true, f.id_count = 0;
    }
    /* Latch entrances belong to no Seam space. */
    if (space_id)
        f.has_ids = true, f.id_count = 0;

    /* Walk in creation order from the cursor. */
    cJSON *array = cJSON_CreateArray();
    const struct sim_vec *order = &req->ws->entrances.order;
    for (size_t i = sim_page_first_index(&page, order);
         array && i < order->count; i++) {
        const struct sim_entrance *e = order->items[i];
        if (!entrance_matches(&f, e))
            continue;
        if (!sim_page_take(&page, &e->head))
            break;
        if (!cJSON_AddItemToArray(array, sim_render_entrance(e))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    if ((status = sim_handlers_put(out, "acs_entrances", array)) == SIM_OK &&
        !sim_page_finish(&page, out))
        status = SIM_OUT_OF_MEMORY;
out:
    sim_page_free(&page);
    return status;
}

SIM_HANDLER(sim_handle_entrances_list_credentials_with_access)
{
    struct sim_entrance *entrance;
    enum sim_status status;

    /* `include_if` only has a Visionline value, so Latch ignores it. */
    if ((status = sim_handlers_find_entrance(req, &entrance)) != SIM_OK)
        return status;

    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; array && i < entrance->credentials.count; i++) {
        cJSON *item = sim_render_credential(
            req->ws, entrance->credentials.items[i], req->now);
        if (item == NULL || !cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            cJSON_Delete(array);
            return SIM_OUT_OF_MEMORY;
        }
    }
    return sim_handlers_put(out, "acs_credentials", array);
}
