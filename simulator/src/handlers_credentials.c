/* The /acs/credentials routes, with Latch's rules. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "handlers.h"
#include "latch.h"
#include "page.h"
#include "render.h"
#include "store.h"

/* Seam's default page size for /acs/credentials/list. */
#define CREDENTIALS_DEFAULT_LIMIT 500

static const char *const access_methods[] = { "code", "mobile_key", "card",
                                              "cloud_key", NULL };

static void refuse_custom_code(struct sim_request *req)
{
    if (sim_param_present(req, "code"))
        sim_request_invalid(req, "code",
                            "Latch generates PIN codes itself; a custom "
                            "\"code\" cannot be set on a Latch credential");
}

/*
 * Finds the owner of a new credential: `acs_user_id`, or the identity's
 * user in `acs_system_id`, created from the identity when there is none.
 */
static enum sim_status find_or_create_owner(struct sim_request *req,
                                            const char *user_id,
                                            const char *identity_id,
                                            const char *system_id,
                                            struct sim_user **out)
{
    if (user_id != NULL) {
        *out = sim_store_user(req->ws, user_id);
        if (*out == NULL)
            return sim_request_fail(req, SIM_ACS_USER_NOT_FOUND,
                                    "Could not find an acs_user with "
                                    "acs_user_id %s",
                                    user_id);
        if (system_id && strcmp(system_id, (*out)->system->head.id) != 0) {
            sim_request_invalid(req, "acs_system_id",
                                "acs_user %s does not belong to acs_system "
                                "%s",
                                user_id, system_id);
            return sim_request_validated(req);
        }
        return SIM_OK;
    }

    struct sim_system *system = sim_store_system(req->ws, system_id);
    if (system == NULL)
        return sim_request_fail(req, SIM_ACS_SYSTEM_NOT_FOUND,
                                "Could not find an acs_system with "
                                "acs_system_id %s",
                                system_id);
    struct sim_identity *identity = sim_store_identity(req->ws, identity_id);
    if (identity == NULL)
        return sim_request_fail(req, SIM_USER_IDENTITY_NOT_FOUND,
                                "Could not find a user_identity with "
                                "user_identity_id %s",
                                identity_id);
    for (size_t i = 0; i < identity->users.count; i++) {
        struct sim_user *u = identity->users.items[i];
        if (u->system == system) {
            *out = u;
            return SIM_OK;
        }
    }

    /* No user in this building yet: make one from the identity. */
    struct sim_user *user = sim_handlers_create_user(
        req, system, identity->full_name, identity->email_address,
        identity->phone_number);
    if (user == NULL)
        return SIM_OUT_OF_MEMORY;
    if (!sim_store_link_user(user, identity)) {
        sim_store_delete_user(req->ws, user);
        return SIM_OUT_OF_MEMORY;
    }
    sim_events_user(req->ws, "acs_user.created", user);
    *out = user;
    return SIM_OK;
}

SIM_HANDLER(sim_handle_credentials_create)
{
    const char *user_id = NULL, *identity_id = NULL, *system_id = NULL;
    const char **entrance_ids = NULL;
    size_t entrance_count = 0;
    int method = -1;
    int64_t starts_at = 0, ends_at = 0;
    bool multi_phone = false;
    enum sim_status status;

    /* Parameters and the rules that need nothing but them. */
    sim_param_enum(req, "access_method", SIM_REQUIRED, access_methods, &method);
    sim_param_uuid(req, "acs_user_id", 0, &user_id);
    sim_param_uuid(req, "user_identity_id", 0, &identity_id);
    sim_param_uuid(req, "acs_system_id", 0, &system_id);
    sim_param_uuid_array(req, "allowed_acs_entrance_ids", 0, &entrance_ids,
                         &entrance_count);
    sim_param_time(req, "starts_at", 0, &starts_at);
    sim_param_time(req, "ends_at", 0, &ends_at);
    sim_param_bool(req, "is_multi_phone_sync_credential", 0, &multi_phone);
    refuse_custom_code(req);
    if (!user_id && !(identity_id && system_id) &&
        !sim_param_present(req, "acs_user_id") &&
        !sim_param_present(req, "user_identity_id"))
        sim_request_invalid(req, "acs_user_id",
                            "Either acs_user_id, or user_identity_id with "
                            "acs_system_id, is required");
    else if (!user_id && identity_id && !system_id &&
             !sim_param_present(req, "acs_system_id"))
        sim_request_invalid(req, "acs_system_id",
                            "acs_system_id is required with "
                            "user_identity_id");

    /* Latch: one entrance per PIN code; mobile keys take one or more. */
    if (method == SIM_ACCESS_CODE && entrance_ids && entrance_count != 1)
        sim_request_invalid(req, "allowed_acs_entrance_ids",
                            "A Latch PIN code credential must name exactly "
                            "one entrance (got %zu); create one credential "
                            "per entrance",
                            entrance_count);
    if (method >= 0 && !sim_param_present(req, "allowed_acs_entrance_ids"))
        sim_request_invalid(req, "allowed_acs_entrance_ids",
                            "A Latch credential must name %s in "
                            "allowed_acs_entrance_ids",
                            method == SIM_ACCESS_CODE
                                ? "exactly one entrance"
                                : "at least one entrance");
    else if (method == SIM_ACCESS_MOBILE_KEY && entrance_ids &&
             entrance_count == 0)
        sim_request_invalid(req, "allowed_acs_entrance_ids",
                            "A Latch mobile key must name at least one "
                            "entrance");
    for (size_t i = 0; entrance_ids && i < entrance_count; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(entrance_ids[i], entrance_ids[j]) == 0) {
                sim_request_invalid(req, "allowed_acs_entrance_ids",
                                    "Entrance %s is listed twice",
                                    entrance_ids[i]);
                break;
            }
        }
    }

    /* Schedule: ends_at in the future and after starts_at. */
    if (ends_at && ends_at <= req->now)
        sim_request_invalid(req, "ends_at", "ends_at must be in the future");
    else if (ends_at && starts_at && ends_at <= starts_at)
        sim_request_invalid(req, "ends_at", "ends_at must be after starts_at");
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if (method == SIM_ACCESS_CARD || method == SIM_ACCESS_CLOUD_KEY)
        return sim_request_fail(req, SIM_NOT_SUPPORTED,
                                "Latch supports the access methods code and "
                                "mobile_key, not %s",
                                access_methods[method]);

    /* Entrances must exist; checked before anything is created. */
    struct sim_entrance *entrances[64];
    if (entrance_count > sizeof entrances / sizeof entrances[0]) {
        sim_request_invalid(req, "allowed_acs_entrance_ids",
                            "At most %zu entrances per credential",
                            sizeof entrances / sizeof entrances[0]);
        return sim_request_validated(req);
    }
    for (size_t i = 0; i < entrance_count; i++) {
        entrances[i] = sim_store_entrance(req->ws, entrance_ids[i]);
        if (entrances[i] == NULL)
            return sim_request_fail(req, SIM_ACS_ENTRANCE_NOT_FOUND,
                                    "Could not find an acs_entrance with "
                                    "acs_entrance_id %s",
                                    entrance_ids[i]);
    }
    struct sim_system *system =
        system_id ? sim_store_system(req->ws, system_id) : NULL;
    if (user_id != NULL) {
        struct sim_user *u = sim_store_user(req->ws, user_id);
        system = u ? u->system : system;
    }
    for (size_t i = 0; system && i < entrance_count; i++) {
        if (entrances[i]->system != system) {
            sim_request_invalid(req, "allowed_acs_entrance_ids",
                                "Entrance %s is in another acs_system",
                                entrances[i]->head.id);
            return sim_request_validated(req);
        }
    }

    /* The owner: an existing user, or one made from the identity. */
    struct sim_user *user = NULL;
    if ((status = find_or_create_owner(req, user_id, identity_id, system_id,
                                       &user)) != SIM_OK)
        return status;

    /* Create, generate the PIN and link the entrances. */
    struct sim_credential *c = sim_store_create_credential(req->ws, user);
    if (c == NULL)
        return SIM_OUT_OF_MEMORY;
    c->access_method = (enum sim_access_method)method;
    c->is_multi_phone_sync_credential = multi_phone;
    c->ends_at = ends_at;
    c->starts_at = starts_at;
    if (starts_at && starts_at < req->now) {
        c->starts_at = req->now;
        c->schedule_modified = true;
    }
    if (c->access_method == SIM_ACCESS_CODE &&
        (status = sim_latch_generate_pin(c, entrances[0])) != SIM_OK) {
        sim_store_delete_credential(req->ws, c);
        return sim_request_fail(req, status,
                                "Every %d-digit PIN is already in use on "
                                "entrance %s",
                                c->system->pin_length, entrances[0]->head.id);
    }
    for (size_t i = 0; i < entrance_count; i++) {
        if (!sim_store_grant_entrance(c, entrances[i])) {
            sim_store_delete_credential(req->ws, c);
            return SIM_OUT_OF_MEMORY;
        }
    }

    /* Send it on its way to the door (at once where the hub can). */
    if (!sim_latch_changed(req->ws, c)) {
        sim_store_delete_credential(req->ws, c);
        return SIM_OUT_OF_MEMORY;
    }
    return sim_handlers_put(out, "acs_credential",
                            sim_render_credential(req->ws, c, req->now));
}

/* Looks up the credential named by the required `acs_credential_id`. */
static enum sim_status find_credential(struct sim_request *req,
                                       struct sim_credential **out)
{
    const char *id = NULL;
    enum sim_status status;

    sim_param_uuid(req, "acs_credential_id", SIM_REQUIRED, &id);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    *out = sim_store_credential(req->ws, id);
    if (*out == NULL)
        return sim_request_fail(req, SIM_ACS_CREDENTIAL_NOT_FOUND,
                                "Could not find an acs_credential with "
                                "acs_credential_id %s",
                                id);
    return SIM_OK;
}

SIM_HANDLER(sim_handle_credentials_get)
{
    struct sim_credential *c;
    enum sim_status status = find_credential(req, &c);

    if (status != SIM_OK)
        return status;
    return sim_handlers_put(out, "acs_credential",
                            sim_render_credential(req->ws, c, req->now));
}

struct credential_filter {
    const char *user_id;
    const char *system_id;
    const char *identity_id;
    const char *search;
    int64_t created_before;
    bool has_multi_phone;
    bool multi_phone;
};

static bool credential_matches(const struct credential_filter *f,
                               const struct sim_credential *c)
{
    const struct sim_identity *identity = c->user->identity;

    if (f->user_id && strcmp(f->user_id, c->user->head.id) != 0)
        return false;
    if (f->system_id && strcmp(f->system_id, c->system->head.id) != 0)
        return false;
    if (f->identity_id &&
        (!identity || strcmp(f->identity_id, identity->head.id) != 0))
        return false;
    if (f->created_before && c->head.created_at >= f->created_before)
        return false;
    if (f->has_multi_phone &&
        f->multi_phone != c->is_multi_phone_sync_credential)
        return false;
    if (f->search && !sim_handlers_matches(c->code, f->search) &&
        !sim_handlers_matches(c->head.id, f->search) &&
        !sim_handlers_matches(c->user->head.id, f->search))
        return false;
    return true;
}

SIM_HANDLER(sim_handle_credentials_list)
{
    struct credential_filter f = { 0 };
    struct sim_page page;
    enum sim_status status;
    char text[32];

    /* Filters, in the order the cursor digest sees them. */
    sim_page_init(&page, req);
    if (sim_param_uuid(req, "acs_user_id", 0, &f.user_id))
        sim_page_filter(&page, "acs_user_id", f.user_id);
    if (sim_param_uuid(req, "acs_system_id", 0, &f.system_id))
        sim_page_filter(&page, "acs_system_id", f.system_id);
    if (sim_param_uuid(req, "user_identity_id", 0, &f.identity_id))
        sim_page_filter(&page, "user_identity_id", f.identity_id);
    if (sim_param_string(req, "search", SIM_NONEMPTY, &f.search))
        sim_page_filter(&page, "search", f.search);
    if (sim_param_time(req, "created_before", 0, &f.created_before)) {
        snprintf(text, sizeof text, "%lld", (long long)f.created_before);
        sim_page_filter(&page, "created_before", text);
    }
    if (sim_param_bool(req, "is_multi_phone_sync_credential", 0,
                       &f.multi_phone)) {
        f.has_multi_phone = true;
        sim_page_filter(&page, "is_multi_phone_sync_credential",
                        f.multi_phone ? "true" : "false");
    }
    if (f.identity_id && (f.user_id || f.system_id))
        sim_request_invalid(req, "user_identity_id",
                            "user_identity_id cannot be combined with "
                            "acs_user_id or acs_system_id");
    if ((status = sim_page_begin(&page, CREDENTIALS_DEFAULT_LIMIT)) != SIM_OK)
        goto out;

    /* A user's own list is shorter to walk than the workspace's. */
    const struct sim_vec *order = &req->ws->credentials.order;
    if (f.user_id) {
        struct sim_user *u = sim_store_user(req->ws, f.user_id);
        static const struct sim_vec empty;
        order = u ? &u->credentials : &empty;
    }
    cJSON *array = cJSON_CreateArray();
    for (size_t i = sim_page_first_index(&page, order);
         array && i < order->count; i++) {
        const struct sim_credential *c = order->items[i];
        if (!credential_matches(&f, c))
            continue;
        if (!sim_page_take(&page, &c->head))
            break;
        if (!cJSON_AddItemToArray(
                array, sim_render_credential(req->ws, c, req->now))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    if ((status = sim_handlers_put(out, "acs_credentials", array)) == SIM_OK &&
        !sim_page_finish(&page, out))
        status = SIM_OUT_OF_MEMORY;
out:
    sim_page_free(&page);
    return status;
}

SIM_HANDLER(sim_handle_credentials_update)
{
    struct sim_credential *c;
    int64_t ends_at = 0;
    enum sim_status status;

    /* Only ends_at can change; Latch owns the PIN. */
    refuse_custom_code(req);
    sim_param_time(req, "ends_at", 0, &ends_at);
    if ((status = find_credential(req, &c)) != SIM_OK)
        return status;
    if (ends_at) {
        int64_t starts_at = c->starts_at ? c->starts_at : c->head.created_at;
        if (ends_at <= req->now)
            sim_request_invalid(req, "ends_at",
                                "ends_at must be in the future");
        else if (ends_at <= starts_at)
            sim_request_invalid(req, "ends_at",
                                "ends_at must be after the credential's "
                                "starts_at");
        if ((status = sim_request_validated(req)) != SIM_OK)
            return status;
        c->ends_at = ends_at;
        /* A new ends_at is announced again when it passes. */
        c->invalidated = false;
        if (!sim_latch_changed(req->ws, c))
            return SIM_OUT_OF_MEMORY;
    }
    return sim_handlers_put(out, "acs_credential",
                            sim_render_credential(req->ws, c, req->now));
}

SIM_HANDLER(sim_handle_credentials_delete)
{
    struct sim_credential *c;
    enum sim_status status = find_credential(req, &c);

    if (status == SIM_OK)
        sim_latch_delete_credential(req->ws, c);
    (void)out;
    return status;
}

SIM_HANDLER(sim_handle_credentials_list_accessible_entrances)
{
    struct sim_credential *c;
    struct sim_vec one;
    enum sim_status status = find_credential(req, &c);

    if (status != SIM_OK)
        return status;
    one.items = (void **)&c;
    one.count = one.capacity = 1;
    return sim_handlers_put_entrances_of(req, out, "acs_entrances", &one);
}
