#include "latch.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

/* One scheduled announcement of a credential's ends_at. */
struct sim_expiry {
    int64_t ends_at;
    char id[COMMON_UUID_SIZE];
};

bool sim_latch_path_up(const struct sim_entrance *entrance)
{
    const struct sim_system *s = entrance->system;
    return s->hub_installed && s->hub_online && !s->outage &&
           entrance->is_connected;
}

/*
 * When a change made at `changed_at` reaches `entrance` through the hub:
 * the delay after the change, or after the path came back, whichever is
 * later. 0 while the path is down.
 */
static int64_t hub_due(const struct sim_entrance *entrance, int64_t changed_at)
{
    int64_t from = changed_at;

    if (!sim_latch_path_up(entrance))
        return 0;
    if (entrance->path_up_since > from)
        from = entrance->path_up_since;
    return from + entrance->system->hub_sync_delay_ms;
}

static bool pin_taken(const struct sim_entrance *entrance, const char *code)
{
    if (sim_store_pin_owner((struct sim_entrance *)entrance, code) != NULL)
        return true;
    for (size_t i = 0; i < entrance->tombstones.count; i++) {
        const struct sim_tombstone *t = entrance->tombstones.items[i];
        if (t->removal_pending && strcmp(t->code, code) == 0)
            return true;
    }
    return false;
}

enum sim_status sim_latch_generate_pin(struct sim_credential *credential,
                                       struct sim_entrance *entrance)
{
    int digits = credential->system->pin_length;
    uint64_t space = 1;

    for (int i = 0; i < digits; i++)
        space *= 10;

    /*
     * Random draws find a free PIN at once unless the entrance is nearly
     * full; after that, walk from a random start so a free PIN is always
     * found while one exists.
     */
    uint64_t candidate = 0;
    for (int attempt = 0; attempt < 64; attempt++) {
        candidate =
            ((uint64_t)randombytes_random() << 32 | randombytes_random()) %
            space;
        snprintf(credential->code, sizeof credential->code, "%0*llu", digits,
                 (unsigned long long)candidate);
        if (!pin_taken(entrance, credential->code))
            return SIM_OK;
    }
    for (uint64_t step = 1; step < space; step++) {
        snprintf(credential->code, sizeof credential->code, "%0*llu", digits,
                 (unsigned long long)((candidate + step) % space));
        if (!pin_taken(entrance, credential->code))
            return SIM_OK;
    }
    credential->code[0] = '\0';
    return SIM_PIN_SPACE_EXHAUSTED;
}

/* Hands the desired state to the door at `at`. */
static void deliver(struct sim_workspace *ws, struct sim_credential *c,
                    int64_t at)
{
    c->door.present = true;
    c->door.suspended = c->user->is_suspended;
    c->door.starts_at = c->starts_at;
    c->door.ends_at = c->ends_at;
    c->door.delivered_at = at;
    if (c->pending) {
        c->pending = false;
        sim_vec_remove(&ws->pending, c);
    }
    if (c->issued_at == 0) {
        c->issued_at = at;
        sim_events_credential(ws, "acs_credential.issued", c, at);
    }
}

/* Min-heap of expiries, ordered by ends_at. */
static bool expiry_push(struct sim_workspace *ws, const struct sim_expiry *e)
{
    if (ws->expiry_count == ws->expiry_capacity) {
        size_t capacity = ws->expiry_capacity ? ws->expiry_capacity * 2 : 64;
        struct sim_expiry *grown =
            realloc(ws->expiry, capacity * sizeof *grown);
        if (grown == NULL)
            return false;
        ws->expiry = grown;
        ws->expiry_capacity = capacity;
    }
    size_t i = ws->expiry_count++;
    while (i > 0 && ws->expiry[(i - 1) / 2].ends_at > e->ends_at) {
        ws->expiry[i] = ws->expiry[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    ws->expiry[i] = *e;
    return true;
}

static void expiry_pop(struct sim_workspace *ws)
{
    struct sim_expiry last = ws->expiry[--ws->expiry_count];
    size_t i = 0;

    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= ws->expiry_count)
            break;
        if (child + 1 < ws->expiry_count &&
            ws->expiry[child + 1].ends_at < ws->expiry[child].ends_at)
            child++;
        if (ws->expiry[child].ends_at >= last.ends_at)
            break;
        ws->expiry[i] = ws->expiry[child];
        i = child;
    }
    if (ws->expiry_count > 0)
        ws->expiry[i] = last;
}

bool sim_latch_changed(struct sim_workspace *ws,
                       struct sim_credential *credential)
{
    bool ok = true;

    credential->changed_at = ws->now;
    if (credential->ends_at && !credential->invalidated) {
        struct sim_expiry e = { .ends_at = credential->ends_at };
        memcpy(e.id, credential->head.id, sizeof e.id);
        ok = expiry_push(ws, &e);
    }

    /* Mobile keys never wait; PINs wait for their door. */
    if (credential->access_method != SIM_ACCESS_CODE) {
        deliver(ws, credential, ws->now);
        return ok;
    }
    if (!credential->pending) {
        if (!sim_vec_push(&ws->pending, credential))
            return false;
        credential->pending = true;
    }
    int64_t due = hub_due(credential->entrances.items[0], ws->now);
    if (due != 0 && due <= ws->now)
        deliver(ws, credential, due);
    return ok;
}

/* Drops delivered tombstones past SIM_TOMBSTONES_KEPT, oldest first. */
static void trim_tombstones(struct sim_entrance *entrance)
{
    size_t delivered = 0;

    for (size_t i = 0; i < entrance->tombstones.count; i++) {
        const struct sim_tombstone *t = entrance->tombstones.items[i];
        delivered += !t->removal_pending;
    }
    for (size_t i = 0;
         i < entrance->tombstones.count && delivered > SIM_TOMBSTONES_KEPT;) {
        struct sim_tombstone *t = entrance->tombstones.items[i];
        if (t->removal_pending) {
            i++;
            continue;
        }
        sim_vec_remove_at(&entrance->tombstones, i);
        free(t);
        delivered--;
    }
}

static void remove_from_door(struct sim_workspace *ws, struct sim_tombstone *t)
{
    t->removal_pending = false;
    t->door.present = false;
    sim_vec_remove(&ws->pending_removals, t);
    trim_tombstones(t->entrance);
}

void sim_latch_delete_credential(struct sim_workspace *ws,
                                 struct sim_credential *credential)
{
    sim_events_credential(ws, "acs_credential.deleted", credential, ws->now);

    /* A door that knows the PIN keeps it until the removal arrives. */
    if (credential->access_method == SIM_ACCESS_CODE &&
        credential->door.present) {
        struct sim_entrance *entrance = credential->entrances.items[0];
        struct sim_tombstone *t = calloc(1, sizeof *t);
        if (t != NULL && sim_vec_push(&entrance->tombstones, t)) {
            memcpy(t->acs_credential_id, credential->head.id,
                   sizeof t->acs_credential_id);
            memcpy(t->acs_user_id, credential->user->head.id,
                   sizeof t->acs_user_id);
            if (credential->user->identity)
                memcpy(t->user_identity_id, credential->user->identity->head.id,
                       sizeof t->user_identity_id);
            memcpy(t->code, credential->code, sizeof t->code);
            t->entrance = entrance;
            t->door = credential->door;
            t->deleted_at = ws->now;
            t->removal_pending = sim_vec_push(&ws->pending_removals, t);
            int64_t due = hub_due(entrance, ws->now);
            if (t->removal_pending && due != 0 && due <= ws->now)
                remove_from_door(ws, t);
        } else {
            free(t);
        }
    }
    sim_store_delete_credential(ws, credential);
}

void sim_latch_advance(struct sim_workspace *ws)
{
    /* Changes whose hub delivery has come due. */
    for (size_t i = ws->pending.count; i > 0; i--) {
        struct sim_credential *c = ws->pending.items[i - 1];
        int64_t due = hub_due(c->entrances.items[0], c->changed_at);
        if (due != 0 && due <= ws->now)
            deliver(ws, c, due);
    }
    for (size_t i = ws->pending_removals.count; i > 0; i--) {
        struct sim_tombstone *t = ws->pending_removals.items[i - 1];
        int64_t due = hub_due(t->entrance, t->deleted_at);
        if (due != 0 && due <= ws->now)
            remove_from_door(ws, t);
    }

    /* Credentials whose ends_at has passed, announced once. */
    while (ws->expiry_count > 0 && ws->expiry[0].ends_at <= ws->now) {
        struct sim_expiry e = ws->expiry[0];
        expiry_pop(ws);
        struct sim_credential *c = sim_store_credential(ws, e.id);
        if (c == NULL || c->invalidated || c->ends_at != e.ends_at)
            continue;
        c->invalidated = true;
        sim_events_credential(ws, "acs_credential.invalidated", c, e.ends_at);
    }
}

void sim_latch_sync_door(struct sim_workspace *ws,
                         struct sim_entrance *entrance)
{
    for (size_t i = 0; i < entrance->credentials.count; i++) {
        struct sim_credential *c = entrance->credentials.items[i];
        if (c->pending)
            deliver(ws, c, ws->now);
    }
    for (size_t i = entrance->tombstones.count; i > 0; i--) {
        struct sim_tombstone *t = entrance->tombstones.items[i - 1];
        if (t->removal_pending)
            remove_from_door(ws, t);
    }
}

void sim_latch_path_changed(struct sim_workspace *ws,
                            struct sim_entrance *entrance, bool was_up)
{
    if (!was_up && sim_latch_path_up(entrance)) {
        entrance->path_up_since = ws->now;
        sim_latch_advance(ws);
    }
}

bool sim_latch_is_synced(const struct sim_credential *credential)
{
    return !credential->pending;
}

/* Decides from a door copy, the way the lock itself would. */
static void judge(struct sim_latch_keypad *k, const struct sim_door_copy *d,
                  int64_t now)
{
    if (d->suspended) {
        k->reason = "user_suspended";
        k->message = "The credential's user is suspended.";
    } else if (d->starts_at && now < d->starts_at) {
        k->reason = "outside_window";
        k->message = "The credential's starts_at has not come yet.";
    } else if (d->ends_at && now >= d->ends_at) {
        k->reason = "outside_window";
        k->message = "The credential's ends_at has passed.";
    } else {
        k->granted = true;
        k->reason = "valid_code";
        k->message = "The door knows this PIN and it is valid now.";
    }
}

/* Announces the keypad's decision as a lock.* event. */
static void announce(struct sim_workspace *ws, struct sim_entrance *entrance,
                     const struct sim_latch_keypad *k, const char *code)
{
    cJSON *f = cJSON_CreateObject();
    const struct sim_system *system = entrance->system;

    cJSON_AddStringToObject(f, "connected_account_id",
                            system->connected_account_id);
    cJSON_AddStringToObject(f, "acs_system_id", system->head.id);
    cJSON_AddStringToObject(f, "acs_entrance_id", entrance->head.id);
    if (k->acs_user_id)
        cJSON_AddStringToObject(f, "acs_user_id", k->acs_user_id);
    if (k->user_identity_id && k->user_identity_id[0])
        cJSON_AddStringToObject(f, "user_identity_id", k->user_identity_id);
    if (k->granted) {
        cJSON_AddStringToObject(f, "method", "keycode");
        cJSON_AddStringToObject(f, "code", code);
        sim_events_emit(ws, "lock.unlocked", ws->now, f, NULL);
        return;
    }

    /* Seam's normalised reason codes; the message keeps the detail. */
    const char *reason_code = "unknown_code";
    if (strcmp(k->reason, "user_suspended") == 0)
        reason_code = "blocklisted_code";
    else if (strcmp(k->reason, "outside_window") == 0)
        reason_code = "expired_code";
    cJSON *reason = cJSON_AddObjectToObject(f, "reason");
    cJSON_AddStringToObject(reason, "reason_code", reason_code);
    cJSON_AddStringToObject(reason, "message", k->message);
    sim_events_emit(ws, "lock.access_denied", ws->now, f, NULL);
}

struct sim_latch_keypad sim_latch_enter_pin(struct sim_workspace *ws,
                                            struct sim_entrance *entrance,
                                            const char *code)
{
    struct sim_latch_keypad k = { .reason = "unknown_code",
                                  .message = "The door does not know this "
                                             "PIN." };
    const struct sim_credential *c = sim_store_pin_owner(entrance, code);

    /* A live credential: what the door holds may lag the API. */
    if (c != NULL) {
        k.acs_credential_id = c->head.id;
        k.acs_user_id = c->user->head.id;
        k.user_identity_id =
            c->user->identity ? c->user->identity->head.id : NULL;
        if (!c->door.present) {
            k.reason = "not_synced";
            k.message = "The credential has not reached this door yet.";
        } else {
            judge(&k, &c->door, ws->now);
        }
        announce(ws, entrance, &k, code);
        return k;
    }

    /* A deleted one: it still opens until the door hears of it. */
    for (size_t i = entrance->tombstones.count; i > 0; i--) {
        const struct sim_tombstone *t = entrance->tombstones.items[i - 1];
        if (strcmp(t->code, code) != 0)
            continue;
        k.acs_credential_id = t->acs_credential_id;
        k.acs_user_id = t->acs_user_id;
        k.user_identity_id = t->user_identity_id;
        k.deleted = true;
        if (t->removal_pending) {
            judge(&k, &t->door, ws->now);
            if (k.granted)
                k.message = "The credential was deleted, but the door has "
                            "not received the removal yet.";
        } else {
            k.reason = "credential_deleted";
            k.message = "The credential was deleted and the door knows.";
        }
        break;
    }
    announce(ws, entrance, &k, code);
    return k;
}
