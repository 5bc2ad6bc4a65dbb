#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "render.h"
#include "webhooks.h"

const struct sim_event *sim_events_emit(struct sim_workspace *ws,
                                        const char *type, int64_t occurred_at,
                                        cJSON *fields, cJSON *refs)
{
    struct sim_event *event = calloc(1, sizeof *event);
    cJSON *body = fields ? fields : cJSON_CreateObject();

    if (event == NULL || body == NULL)
        goto fail;
    snprintf(event->event_type, sizeof event->event_type, "%s", type);
    event->occurred_at = occurred_at;
    if (!sim_store_add_event(ws, event))
        goto fail;

    /* The common fields go first so the JSON reads naturally. */
    cJSON *head = cJSON_CreateObject();
    cJSON_AddStringToObject(head, "event_id", event->head.id);
    cJSON_AddStringToObject(head, "event_type", type);
    cJSON_AddStringToObject(head, "workspace_id", ws->id);
    sim_render_add_time(head, "created_at", event->head.created_at);
    sim_render_add_time(head, "occurred_at", occurred_at);
    while (body->child != NULL) {
        cJSON *item = cJSON_DetachItemViaPointer(body, body->child);
        cJSON_AddItemToObject(head, item->string, item);
    }
    cJSON_Delete(body);
    event->body = head;
    event->refs = refs;
    refs = NULL;
    sim_log_debug("event %s %s", type, event->head.id);
    sim_webhooks_on_event(ws, event);
    return event;

fail:
    sim_log_error("event %s dropped: out of memory", type);
    cJSON_Delete(body);
    cJSON_Delete(refs);
    free(event);
    return NULL;
}

void sim_events_credential(struct sim_workspace *ws, const char *type,
                           const struct sim_credential *credential,
                           int64_t occurred_at)
{
    cJSON *f = cJSON_CreateObject();
    cJSON *refs = cJSON_CreateObject();
    const struct sim_user *user = credential->user;

    cJSON_AddStringToObject(f, "acs_credential_id", credential->head.id);
    cJSON_AddStringToObject(f, "acs_system_id", credential->system->head.id);
    cJSON_AddStringToObject(f, "connected_account_id",
                            credential->system->connected_account_id);
    if (user != NULL) {
        cJSON_AddStringToObject(refs, "acs_user_id", user->head.id);
        if (user->identity != NULL)
            cJSON_AddStringToObject(refs, "user_identity_id",
                                    user->identity->head.id);
    }
    for (size_t i = 0; i < credential->entrances.count; i++) {
        const struct sim_entrance *e = credential->entrances.items[i];
        if (i == 0)
            cJSON_AddStringToObject(refs, "acs_entrance_id", e->head.id);
    }
    sim_events_emit(ws, type, occurred_at, f, refs);
}

void sim_events_user(struct sim_workspace *ws, const char *type,
                     const struct sim_user *user)
{
    cJSON *f = cJSON_CreateObject();
    cJSON *refs = NULL;

    cJSON_AddStringToObject(f, "acs_user_id", user->head.id);
    cJSON_AddStringToObject(f, "acs_system_id", user->system->head.id);
    cJSON_AddStringToObject(f, "connected_account_id",
                            user->system->connected_account_id);
    if (user->identity != NULL) {
        refs = cJSON_CreateObject();
        cJSON_AddStringToObject(refs, "user_identity_id",
                                user->identity->head.id);
    }
    sim_events_emit(ws, type, ws->now, f, refs);
}
