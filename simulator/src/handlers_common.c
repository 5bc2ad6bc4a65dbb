#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "events.h"
#include "handlers.h"
#include "latch.h"
#include "render.h"
#include "store.h"

enum sim_status sim_handlers_put(cJSON *out, const char *key, cJSON *item)
{
    if (item == NULL)
        return SIM_OUT_OF_MEMORY;
    if (!cJSON_AddItemToObject(out, key, item)) {
        cJSON_Delete(item);
        return SIM_OUT_OF_MEMORY;
    }
    return SIM_OK;
}

enum sim_status sim_handlers_find_entrance(struct sim_request *req,
                                           struct sim_entrance **out)
{
    const char *id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "acs_entrance_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if ((*out = sim_store_entrance(req->ws, id)) == NULL)
        return sim_request_fail(req, SIM_ACS_ENTRANCE_NOT_FOUND,
                                "Could not find an acs_entrance with "
                                "acs_entrance_id %s",
                                id);
    return SIM_OK;
}

enum sim_status sim_handlers_find_system(struct sim_request *req,
                                         struct sim_system **out)
{
    const char *id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "acs_system_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if ((*out = sim_store_system(req->ws, id)) == NULL)
        return sim_request_fail(req, SIM_ACS_SYSTEM_NOT_FOUND,
                                "Could not find an acs_system with "
                                "acs_system_id %s",
                                id);
    return SIM_OK;
}

enum sim_status sim_handlers_find_user(struct sim_request *req,
                                       struct sim_user **out)
{
    const char *user_id = NULL, *identity_id = NULL, *system_id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "acs_user_id", 0, &user_id);
    sim_param_uuid(req, "user_identity_id", 0, &identity_id);
    sim_param_uuid(req, "acs_system_id", 0, &system_id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    if (user_id != NULL) {
        *out = sim_store_user(req->ws, user_id);
        if (*out == NULL)
            return sim_request_fail(req, SIM_ACS_USER_NOT_FOUND,
                                    "Could not find an acs_user with "
                                    "acs_user_id %s",
                                    user_id);
        return SIM_OK;
    }
    if (identity_id == NULL || system_id == NULL) {
        sim_request_invalid(req, "acs_user_id",
                            "Either acs_user_id, or user_identity_id with "
                            "acs_system_id, is required");
        return sim_request_validated(req);
    }

    struct sim_identity *identity = sim_store_identity(req->ws, identity_id);
    for (size_t i = 0; identity && i < identity->users.count; i++) {
        struct sim_user *u = identity->users.items[i];
        if (strcmp(u->system->head.id, system_id) == 0) {
            *out = u;
            return SIM_OK;
        }
    }
    return sim_request_fail(req, SIM_ACS_USER_NOT_FOUND,
                            "Could not find an acs_user for user identity %s "
                            "in acs system %s",
                            identity_id, system_id);
}

enum sim_status sim_handlers_put_entrances_of(struct sim_request *req,
                                              cJSON *out, const char *key,
                                              const struct sim_vec *creds)
{
    struct sim_vec seen;
    cJSON *array = cJSON_CreateArray();
    enum sim_status status = SIM_OK;

    sim_vec_init(&seen);
    for (size_t i = 0; array && i < creds->count; i++) {
        const struct sim_credential *c = creds->items[i];
        for (size_t j = 0; j < c->entrances.count; j++) {
            struct sim_entrance *e = c->entrances.items[j];
            if (sim_vec_contains(&seen, e))
                continue;
            if (!sim_vec_push(&seen, e))
                status = SIM_OUT_OF_MEMORY;
        }
    }

    /* Report them in creation order, as Seam's lists are. */
    for (size_t i = 1; i < seen.count; i++) {
        for (size_t j = i; j > 0; j--) {
            struct sim_entrance *a = seen.items[j - 1], *b = seen.items[j];
            if (a->head.seq < b->head.seq)
                break;
            seen.items[j - 1] = b;
            seen.items[j] = a;
        }
    }
    for (size_t i = 0; array && i < seen.count; i++) {
        cJSON *item = sim_render_entrance(seen.items[i]);
        if (item == NULL || !cJSON_AddItemToArray(array, item))
            status = SIM_OUT_OF_MEMORY;
    }
    sim_vec_free(&seen);
    if (status != SIM_OK) {
        cJSON_Delete(array);
        return status;
    }
    (void)req;
    return sim_handlers_put(out, key, array);
}

void sim_handlers_set_suspended(struct sim_request *req, struct sim_user *user,
                                bool suspended)
{
    if (user->is_suspended == suspended)
        return;
    user->is_suspended = suspended;
    for (size_t i = 0; i < user->credentials.count; i++)
        sim_latch_changed(req->ws, user->credentials.items[i]);
}

void sim_handlers_delete_user(struct sim_request *req, struct sim_user *user)
{
    while (user->credentials.count > 0)
        sim_latch_delete_credential(
            req->ws, user->credentials.items[user->credentials.count - 1]);
    sim_events_user(req->ws, "acs_user.deleted", user);
    sim_store_delete_user(req->ws, user);
}

struct sim_user *sim_handlers_create_user(struct sim_request *req,
                                          struct sim_system *system,
                                          const char *full_name,
                                          const char *email, const char *phone)
{
    struct sim_user *user = sim_store_create_user(req->ws, system);

    if (user == NULL)
        return NULL;
    if (!sim_store_set_string(&user->full_name, full_name) ||
        !sim_store_set_string(&user->email_address, email) ||
        !sim_store_set_string(&user->phone_number, phone)) {
        sim_store_delete_user(req->ws, user);
        return NULL;
    }

    /* The same person already made in Mission Control is a conflict. */
    for (size_t i = 0; system->resident_count > 0 && i < system->users.count;
         i++) {
        const struct sim_user *r = system->users.items[i];
        if (!r->is_mission_control_resident)
            continue;
        if ((email && r->email_address &&
             strcasecmp(email, r->email_address) == 0) ||
            (phone && r->phone_number && strcmp(phone, r->phone_number) == 0))
            user->conflicts_with_resident = true;
    }
    return user;
}

bool sim_handlers_matches(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    if (haystack == NULL)
        return false;
    for (const char *p = haystack; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] &&
               tolower((unsigned char)p[i]) ==
                   tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}
