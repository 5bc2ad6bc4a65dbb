#include <ctype.h>
#include <string.h>

#include "handlers.h"
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
    for (size_t i = 0; i < user->credentials.count; i++) {
        struct sim_credential *c = user->credentials.items[i];
        sim_store_touch_credential(req->ws, c, req->now);
    }
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
