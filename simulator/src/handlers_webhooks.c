/*
 * The /webhooks routes, and /_fake/webhooks/deliveries which shows what
 * was delivered (docs/webhooks.md).
 */

#include <string.h>

#include "handlers.h"
#include "webhooks.h"

/* Refuses the first event type a webhook cannot subscribe to. */
static enum sim_status check_event_types(struct sim_request *req,
                                         const char *const *types, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!sim_webhooks_event_type_known(types[i]))
            return sim_request_fail(req, SIM_INVALID_EVENT_TYPES,
                                    "event_types[%zu] is not an event type "
                                    "a webhook can subscribe to: \"%.64s\"",
                                    i, types[i]);
    }
    return SIM_OK;
}

/* The webhook of `id` (already validated), or a 404. */
static enum sim_status lookup(struct sim_request *req, const char *id,
                              struct sim_webhook **out)
{
    *out = sim_webhooks_find(req->ws, id);
    if (*out == NULL)
        return sim_request_fail(req, SIM_WEBHOOK_NOT_FOUND,
                                "Could not find a webhook with webhook_id %s",
                                id);
    return SIM_OK;
}

SIM_HANDLER(sim_handle_webhooks_create)
{
    static const char *const every_type[] = { "*" };
    const char *url = NULL;
    const char **types = NULL;
    size_t count = 0;
    char why[192];
    enum sim_status status;

    /* Seam's default is every event type. */
    sim_param_string(req, "url", SIM_REQUIRED | SIM_NONEMPTY, &url);
    bool has_types = sim_param_string_array(req, "event_types", 0, &types,
                                            &count) == SIM_PARAM_SET;
    if (url != NULL && !sim_webhooks_url_allowed(url, why, sizeof why))
        sim_request_invalid(req, "url", "%s", why);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if (has_types && (status = check_event_types(req, types, count)) != SIM_OK)
        return status;

    const char *const *chosen = has_types ? types : every_type;
    struct sim_webhook *webhook =
        sim_webhooks_create(req->ws, url, chosen, has_types ? count : 1);
    if (webhook == NULL)
        return SIM_OUT_OF_MEMORY;
    return sim_handlers_put(out, "webhook", sim_webhooks_render(webhook));
}

SIM_HANDLER(sim_handle_webhooks_get)
{
    const char *id = NULL;
    struct sim_webhook *webhook;
    enum sim_status status;

    sim_param_uuid(req, "webhook_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK ||
        (status = lookup(req, id, &webhook)) != SIM_OK)
        return status;
    return sim_handlers_put(out, "webhook", sim_webhooks_render(webhook));
}

SIM_HANDLER(sim_handle_webhooks_list)
{
    return sim_handlers_put(out, "webhooks", sim_webhooks_render_all(req->ws));
}

SIM_HANDLER(sim_handle_webhooks_update)
{
    const char *id = NULL;
    const char **types = NULL;
    size_t count = 0;
    struct sim_webhook *webhook;
    enum sim_status status;

    sim_param_uuid(req, "webhook_id", SIM_REQUIRED, &id);
    sim_param_string_array(req, "event_types", SIM_REQUIRED, &types, &count);
    if ((status = sim_request_validated(req)) != SIM_OK ||
        (status = check_event_types(req, types, count)) != SIM_OK ||
        (status = lookup(req, id, &webhook)) != SIM_OK)
        return status;
    if (!sim_webhooks_set_event_types(webhook, types, count))
        return SIM_OUT_OF_MEMORY;
    (void)out;
    return SIM_OK;
}

SIM_HANDLER(sim_handle_webhooks_delete)
{
    const char *id = NULL;
    struct sim_webhook *webhook;
    enum sim_status status;

    sim_param_uuid(req, "webhook_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK ||
        (status = lookup(req, id, &webhook)) != SIM_OK)
        return status;
    sim_webhooks_delete(req->ws, webhook);
    (void)out;
    return SIM_OK;
}

SIM_HANDLER(sim_handle_fake_webhooks_deliveries)
{
    const char *webhook_id = NULL, *event_id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "webhook_id", 0, &webhook_id);
    sim_param_uuid(req, "event_id", 0, &event_id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    return sim_handlers_put(
        out, "deliveries",
        sim_webhooks_render_deliveries(req->ws, webhook_id, event_id));
}
