/* /acs/entrances/unlock and the /action_attempts routes. */

#include <string.h>

#include "handlers.h"
#include "page.h"
#include "store.h"

/* Seam's default page size for /action_attempts/list. */
#define ACTION_ATTEMPTS_DEFAULT_LIMIT 500

SIM_HANDLER(sim_handle_entrances_unlock)
{
    const char *entrance_id = NULL, *credential_id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "acs_entrance_id", SIM_REQUIRED, &entrance_id);
    sim_param_uuid(req, "acs_credential_id", SIM_REQUIRED, &credential_id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if (sim_store_entrance(req->ws, entrance_id) == NULL)
        return sim_request_fail(req, SIM_ACS_ENTRANCE_NOT_FOUND,
                                "Could not find an acs_entrance with "
                                "acs_entrance_id %s",
                                entrance_id);
    if (sim_store_credential(req->ws, credential_id) == NULL)
        return sim_request_fail(req, SIM_ACS_CREDENTIAL_NOT_FOUND,
                                "Could not find an acs_credential with "
                                "acs_credential_id %s",
                                credential_id);

    /*
     * Latch opens doors from its phone app only, so the attempt is
     * accepted and fails, the way Seam reports an action the device
     * cannot take.
     */
    struct sim_action_attempt *a = sim_store_add_action_attempt(req->ws);
    if (a == NULL)
        return SIM_OUT_OF_MEMORY;
    cJSON_AddStringToObject(a->body, "action_attempt_id", a->head.id);
    cJSON_AddStringToObject(a->body, "action_type", "UNLOCK_DOOR");
    cJSON_AddStringToObject(a->body, "status", "error");
    cJSON_AddNullToObject(a->body, "result");
    cJSON *error = cJSON_AddObjectToObject(a->body, "error");
    cJSON_AddStringToObject(error, "type", "not_supported");
    cJSON_AddStringToObject(error, "message",
                            "Latch does not support remote unlock; doors "
                            "open with a PIN or the Latch app.");
    return sim_handlers_put(out, "action_attempt",
                            cJSON_Duplicate(a->body, true));
}

SIM_HANDLER(sim_handle_action_attempts_get)
{
    const char *id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "action_attempt_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    const struct sim_action_attempt *a = sim_store_action_attempt(req->ws, id);
    if (a == NULL)
        return sim_request_fail(req, SIM_ACTION_ATTEMPT_NOT_FOUND,
                                "Could not find an action_attempt with "
                                "action_attempt_id %s",
                                id);
    return sim_handlers_put(out, "action_attempt",
                            cJSON_Duplicate(a->body, true));
}

SIM_HANDLER(sim_handle_action_attempts_list)
{
    const char **ids = NULL, *device = NULL;
    size_t id_count = 0;
    bool has_ids;
    struct sim_page page;
    enum sim_status status;

    /* Filters, in the order the cursor digest sees them. */
    sim_page_init(&page, req);
    has_ids = sim_param_uuid_array(req, "action_attempt_ids", 0, &ids,
                                   &id_count) == SIM_PARAM_SET;
    for (size_t i = 0; has_ids && i < id_count; i++)
        sim_page_filter(&page, "action_attempt_ids", ids[i]);
    if (has_ids && id_count == 0)
        sim_page_filter(&page, "action_attempt_ids", "");
    if (sim_param_uuid(req, "device_id", 0, &device))
        sim_page_filter(&page, "device_id", device);
    if ((status = sim_page_begin(&page, ACTION_ATTEMPTS_DEFAULT_LIMIT)) !=
        SIM_OK)
        goto out;

    /* Latch has no devices, so a device filter matches nothing. */
    cJSON *array = cJSON_CreateArray();
    const struct sim_vec *order = &req->ws->action_attempts.order;
    for (size_t i = sim_page_first_index(&page, order);
         array && device == NULL && i < order->count; i++) {
        const struct sim_action_attempt *a = order->items[i];
        bool match = !has_ids;
        for (size_t j = 0; has_ids && j < id_count; j++)
            match |= strcmp(ids[j], a->head.id) == 0;
        if (!match)
            continue;
        if (!sim_page_take(&page, &a->head))
            break;
        if (!cJSON_AddItemToArray(array, cJSON_Duplicate(a->body, true))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    if ((status = sim_handlers_put(out, "action_attempts", array)) == SIM_OK &&
        !sim_page_finish(&page, out))
        status = SIM_OUT_OF_MEMORY;
out:
    sim_page_free(&page);
    return status;
}
