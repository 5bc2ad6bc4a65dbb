/* The /events routes. */

#include <string.h>

#include "handlers.h"
#include "render.h"
#include "store.h"

/* Seam's default for /events/list, which is not paginated. */
#define EVENTS_DEFAULT_LIMIT 500
#define EVENTS_LIMIT_MAX     10000

/* A string field of the event body, or of its filter-only refs. */
static const char *event_field(const struct sim_event *e, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e->body, name);

    if (!cJSON_IsString(v))
        v = cJSON_GetObjectItemCaseSensitive(e->refs, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Id filters: each names an event field that must equal the value. */
static const char *const id_filters[] = {
    "acs_system_id",   "acs_user_id",        "acs_credential_id",
    "acs_entrance_id", "user_identity_id",   "connected_account_id",
    "device_id",       "access_code_id",     "acs_access_group_id",
    "acs_encoder_id",  "access_grant_id",    "access_method_id",
    "space_id",        "connect_webview_id", NULL,
};

/* Array filters: the event field must be one of the values. */
static const char *const list_filters[][2] = {
    { "acs_system_ids", "acs_system_id" },
    { "device_ids", "device_id" },
    { "access_code_ids", "access_code_id" },
    { "access_grant_ids", "access_grant_id" },
    { "access_method_ids", "access_method_id" },
    { "space_ids", "space_id" },
    { "event_ids", "event_id" },
};
#define LIST_FILTER_COUNT (sizeof list_filters / sizeof list_filters[0])
#define ID_FILTER_COUNT   (sizeof id_filters / sizeof id_filters[0] - 1)

struct event_query {
    const char *ids[ID_FILTER_COUNT];
    const char **lists[LIST_FILTER_COUNT];
    size_t list_counts[LIST_FILTER_COUNT];
    bool has_list[LIST_FILTER_COUNT];
    const char *event_type;
    const char **event_types;
    size_t event_type_count;
    bool has_event_types;
    int64_t after, before; /* exclusive bounds on created_at; 0: none */
};

/* Reads `since` or `between` (exactly one). */
static void read_window(struct sim_request *req, struct event_query *q)
{
    cJSON *between = NULL;
    bool has_since = sim_param_time(req, "since", 0, &q->after);
    bool has_between = sim_param_present(req, "between");

    if (has_between) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(req->body, "between");
        if (v == NULL)
            v = cJSON_GetObjectItemCaseSensitive(req->query, "between");
        between = (cJSON *)v;
        if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2) {
            sim_request_invalid(req, "between",
                                "between must be an array of two "
                                "timestamps");
        } else {
            sim_param_time_in_array(req, between, "between", 0, &q->after);
            sim_param_time_in_array(req, between, "between", 1, &q->before);
        }
    }
    if (has_since == has_between && !sim_param_present(req, "since"))
        sim_request_invalid(req, "since", "You must include since or between");
    else if (has_since && has_between)
        sim_request_invalid(req, "since", "Include since or between, not both");
}

static bool event_matches(const struct event_query *q,
                          const struct sim_event *e)
{
    if (e->head.created_at <= q->after)
        return false;
    if (q->before && e->head.created_at >= q->before)
        return false;
    if (q->event_type && strcmp(q->event_type, e->event_type) != 0)
        return false;
    if (q->has_event_types) {
        bool any = false;
        for (size_t i = 0; i < q->event_type_count && !any; i++)
            any = strcmp(q->event_types[i], e->event_type) == 0;
        if (!any)
            return false;
    }
    for (size_t f = 0; f < ID_FILTER_COUNT; f++) {
        const char *have = q->ids[f] ? event_field(e, id_filters[f]) : NULL;
        if (q->ids[f] && (have == NULL || strcmp(have, q->ids[f]) != 0))
            return false;
    }
    for (size_t f = 0; f < LIST_FILTER_COUNT; f++) {
        if (!q->has_list[f])
            continue;
        const char *have = event_field(e, list_filters[f][1]);
        bool any = false;
        for (size_t i = 0; have && i < q->list_counts[f] && !any; i++)
            any = strcmp(have, q->lists[f][i]) == 0;
        if (!any)
            return false;
    }
    return true;
}

SIM_HANDLER(sim_handle_events_list)
{
    struct event_query q = { 0 };
    long long limit = EVENTS_DEFAULT_LIMIT;
    enum sim_status status;

    /* Parameters: the window, then every filter. */
    read_window(req, &q);
    for (size_t f = 0; f < ID_FILTER_COUNT; f++)
        sim_param_uuid(req, id_filters[f], 0, &q.ids[f]);
    for (size_t f = 0; f < LIST_FILTER_COUNT; f++)
        q.has_list[f] =
            sim_param_uuid_array(req, list_filters[f][0], 0, &q.lists[f],
                                 &q.list_counts[f]) == SIM_PARAM_SET;
    sim_param_string(req, "event_type", SIM_NONEMPTY, &q.event_type);
    q.has_event_types =
        sim_param_string_array(req, "event_types", 0, &q.event_types,
                               &q.event_type_count) == SIM_PARAM_SET;
    sim_param_int(req, "limit", 0, 1, EVENTS_LIMIT_MAX, &limit);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    /* Oldest first, so a poller can resume from the last created_at. */
    cJSON *array = cJSON_CreateArray();
    const struct sim_vec *order = &req->ws->events.order;
    for (size_t i = 0; array && i < order->count; i++) {
        const struct sim_event *e = order->items[i];
        if (!event_matches(&q, e))
            continue;
        if (cJSON_GetArraySize(array) == limit)
            break;
        if (!cJSON_AddItemToArray(array, cJSON_Duplicate(e->body, true))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return sim_handlers_put(out, "events", array);
}

SIM_HANDLER(sim_handle_events_get)
{
    const char *id = NULL, *type = NULL, *device = NULL;
    const struct sim_event *found = NULL;
    enum sim_status status;

    sim_param_uuid(req, "event_id", 0, &id);
    sim_param_string(req, "event_type", SIM_NONEMPTY, &type);
    sim_param_uuid(req, "device_id", 0, &device);
    if (!id && !type && !device && !sim_param_present(req, "event_id"))
        sim_request_invalid(req, "event_id",
                            "Give event_id, or event_type or device_id");
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    /* By id; otherwise the newest event of that type. */
    if (id != NULL) {
        found = sim_store_event(req->ws, id);
    } else if (device == NULL) {
        const struct sim_vec *order = &req->ws->events.order;
        for (size_t i = order->count; i > 0 && !found; i--) {
            const struct sim_event *e = order->items[i - 1];
            if (strcmp(e->event_type, type) == 0)
                found = e;
        }
    }
    if (found == NULL)
        return sim_request_fail(req, SIM_EVENT_NOT_FOUND,
                                "Could not find an event with %s %s",
                                id ? "event_id" : "event_type",
                                id     ? id
                                : type ? type
                                       : device);
    return sim_handlers_put(out, "event", cJSON_Duplicate(found->body, true));
}
