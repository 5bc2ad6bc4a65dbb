/* The /user_identities routes. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "events.h"
#include "handlers.h"
#include "page.h"
#include "render.h"
#include "store.h"

/* Seam's default page size for /user_identities/list. */
#define IDENTITIES_DEFAULT_LIMIT 500

/* The three unique fields, as parameter names and store fields. */
static const struct {
    const char *param;
    enum sim_identity_field field;
} unique_fields[] = {
    { "user_identity_key", SIM_IDENTITY_KEY },
    { "email_address", SIM_IDENTITY_EMAIL },
    { "phone_number", SIM_IDENTITY_PHONE },
};

struct identity_fields {
    enum sim_param_state state[3]; /* per unique_fields entry */
    const char *value[3];
    enum sim_param_state name_state;
    const char *full_name;
};

static void read_identity_fields(struct sim_request *req,
                                 struct identity_fields *f)
{
    memset(f, 0, sizeof *f);
    f->state[0] = sim_param_string(req, "user_identity_key",
                                   SIM_NULLABLE | SIM_NONEMPTY, &f->value[0]);
    f->state[1] =
        sim_param_email(req, "email_address", SIM_NULLABLE, &f->value[1]);
    f->state[2] =
        sim_param_phone(req, "phone_number", SIM_NULLABLE, &f->value[2]);
    f->name_state = sim_param_string(
        req, "full_name", SIM_NULLABLE | SIM_NONEMPTY, &f->full_name);
}

/* Refuses a key, email or phone that another identity already holds. */
static enum sim_status check_unique(struct sim_request *req,
                                    const struct sim_identity *self,
                                    const struct identity_fields *f)
{
    for (size_t i = 0; i < 3; i++) {
        if (f->state[i] != SIM_PARAM_SET)
            continue;
        struct sim_identity *owner =
            sim_store_identity_by(req->ws, unique_fields[i].field, f->value[i]);
        if (owner != NULL && owner != self)
            return sim_request_fail(req, SIM_DUPLICATE_USER_IDENTITY,
                                    "User identity %s already has this %s",
                                    owner->head.id, unique_fields[i].param);
    }
    return SIM_OK;
}

/* Applies validated, unique fields. False on OOM (partial update). */
static bool apply_identity_fields(struct sim_request *req,
                                  struct sim_identity *identity,
                                  const struct identity_fields *f)
{
    for (size_t i = 0; i < 3; i++) {
        if (f->state[i] == SIM_PARAM_ABSENT)
            continue;
        if (!sim_store_set_identity_field(
                req->ws, identity, unique_fields[i].field,
                f->state[i] == SIM_PARAM_SET ? f->value[i] : NULL))
            return false;
    }
    if (f->name_state != SIM_PARAM_ABSENT)
        return sim_store_set_string(
            &identity->full_name,
            f->name_state == SIM_PARAM_SET ? f->full_name : NULL);
    return true;
}

/* An identity's user in `system` matched by email or phone, or NULL. */
static struct sim_user *matching_user(const struct sim_system *system,
                                      const struct sim_identity *identity)
{
    for (size_t i = 0; i < system->users.count; i++) {
        struct sim_user *u = system->users.items[i];
        if (u->identity != NULL)
            continue;
        if (identity->email_address && u->email_address &&
            strcasecmp(identity->email_address, u->email_address) == 0)
            return u;
        if (identity->phone_number && u->phone_number &&
            strcmp(identity->phone_number, u->phone_number) == 0)
            return u;
    }
    return NULL;
}

SIM_HANDLER(sim_handle_identities_create)
{
    struct identity_fields f;
    const char **system_ids = NULL;
    size_t system_count = 0;
    struct sim_system *systems[32];
    enum sim_status status;

    /* Parameters, uniqueness and referenced systems. */
    read_identity_fields(req, &f);
    sim_param_uuid_array(req, "acs_system_ids", 0, &system_ids, &system_count);
    if (system_count > sizeof systems / sizeof systems[0])
        sim_request_invalid(req, "acs_system_ids", "Too many systems");
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    if ((status = check_unique(req, NULL, &f)) != SIM_OK)
        return status;
    for (size_t i = 0; i < system_count; i++) {
        systems[i] = sim_store_system(req->ws, system_ids[i]);
        if (systems[i] == NULL)
            return sim_request_fail(req, SIM_ACS_SYSTEM_NOT_FOUND,
                                    "Could not find an acs_system with "
                                    "acs_system_id %s",
                                    system_ids[i]);
    }

    /* Create, then link or create a user in each listed system. */
    struct sim_identity *identity = sim_store_create_identity(req->ws);
    if (identity == NULL || !apply_identity_fields(req, identity, &f))
        goto oom;
    for (size_t i = 0; i < system_count; i++) {
        bool already = false;
        for (size_t j = 0; j < identity->users.count; j++)
            already |= ((struct sim_user *)identity->users.items[j])->system ==
                       systems[i];
        if (already)
            continue;
        struct sim_user *user = matching_user(systems[i], identity);
        if (user == NULL) {
            user = sim_handlers_create_user(
                req, systems[i], identity->full_name, identity->email_address,
                identity->phone_number);
            if (user == NULL)
                goto oom;
            if (!sim_store_link_user(user, identity)) {
                sim_store_delete_user(req->ws, user);
                goto oom;
            }
            sim_events_user(req->ws, "acs_user.created", user);
            continue;
        }
        if (!sim_store_link_user(user, identity))
            goto oom;
    }
    return sim_handlers_put(out, "user_identity",
                            sim_render_identity(req->ws, identity));
oom:
    if (identity)
        sim_store_delete_identity(req->ws, identity);
    return SIM_OUT_OF_MEMORY;
}

/* Finds the identity named by `user_identity_id` (or, if allowed, key). */
static enum sim_status find_identity(struct sim_request *req, bool allow_key,
                                     struct sim_identity **out)
{
    const char *id = NULL, *key = NULL;
    enum sim_status status;

    sim_param_uuid(req, "user_identity_id", allow_key ? 0 : SIM_REQUIRED, &id);
    if (allow_key)
        sim_param_string(req, "user_identity_key", SIM_NONEMPTY, &key);
    if (allow_key && !id && !key && !sim_param_present(req, "user_identity_id"))
        sim_request_invalid(req, "user_identity_id",
                            "Either user_identity_id or user_identity_key "
                            "is required");
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    *out = id ? sim_store_identity(req->ws, id)
              : sim_store_identity_by(req->ws, SIM_IDENTITY_KEY, key);
    if (*out == NULL)
        return sim_request_fail(req, SIM_USER_IDENTITY_NOT_FOUND,
                                "Could not find a user_identity with %s %s",
                                id ? "user_identity_id" : "user_identity_key",
                                id ? id : key);
    return SIM_OK;
}

SIM_HANDLER(sim_handle_identities_get)
{
    struct sim_identity *identity;
    enum sim_status status = find_identity(req, true, &identity);

    if (status != SIM_OK)
        return status;
    return sim_handlers_put(out, "user_identity",
                            sim_render_identity(req->ws, identity));
}

SIM_HANDLER(sim_handle_identities_list)
{
    const char **ids = NULL, *search = NULL, *manager = NULL;
    size_t id_count = 0;
    bool has_ids;
    int64_t created_before = 0;
    struct sim_page page;
    enum sim_status status;
    char text[32];

    /* Filters, in the order the cursor digest sees them. */
    sim_page_init(&page, req);
    has_ids = sim_param_uuid_array(req, "user_identity_ids", 0, &ids,
                                   &id_count) == SIM_PARAM_SET;
    for (size_t i = 0; has_ids && i < id_count; i++)
        sim_page_filter(&page, "user_identity_ids", ids[i]);
    if (has_ids && id_count == 0)
        sim_page_filter(&page, "user_identity_ids", "");
    if (sim_param_string(req, "search", SIM_NONEMPTY, &search))
        sim_page_filter(&page, "search", search);
    if (sim_param_uuid(req, "credential_manager_acs_system_id", 0, &manager))
        sim_page_filter(&page, "credential_manager_acs_system_id", manager);
    if (sim_param_time(req, "created_before", 0, &created_before)) {
        snprintf(text, sizeof text, "%lld", (long long)created_before);
        sim_page_filter(&page, "created_before", text);
    }
    if ((status = sim_page_begin(&page, IDENTITIES_DEFAULT_LIMIT)) != SIM_OK)
        goto out;

    /* Walk in creation order from the cursor. */
    cJSON *array = cJSON_CreateArray();
    const struct sim_vec *order = &req->ws->identities.order;
    for (size_t i = sim_page_first_index(&page, order);
         array && i < order->count; i++) {
        const struct sim_identity *u = order->items[i];
        bool match = !has_ids;
        for (size_t j = 0; has_ids && j < id_count; j++)
            match |= strcmp(ids[j], u->head.id) == 0;
        if (created_before && u->head.created_at >= created_before)
            match = false;
        /* Latch has no credential manager, so none of them match it. */
        if (manager)
            match = false;
        if (search && !sim_handlers_matches(u->full_name, search) &&
            !sim_handlers_matches(u->email_address, search) &&
            !sim_handlers_matches(u->phone_number, search) &&
            !sim_handlers_matches(u->user_identity_key, search) &&
            !sim_handlers_matches(u->head.id, search))
            match = false;
        if (!match)
            continue;
        if (!sim_page_take(&page, &u->head))
            break;
        if (!cJSON_AddItemToArray(array, sim_render_identity(req->ws, u))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    if ((status = sim_handlers_put(out, "user_identities", array)) == SIM_OK &&
        !sim_page_finish(&page, out))
        status = SIM_OUT_OF_MEMORY;
out:
    sim_page_free(&page);
    return status;
}

SIM_HANDLER(sim_handle_identities_update)
{
    struct identity_fields f;
    struct sim_identity *identity;
    enum sim_status status;

    read_identity_fields(req, &f);
    if ((status = find_identity(req, false, &identity)) != SIM_OK)
        return status;
    if ((status = check_unique(req, identity, &f)) != SIM_OK)
        return status;
    (void)out;
    return apply_identity_fields(req, identity, &f) ? SIM_OK
                                                    : SIM_OUT_OF_MEMORY;
}

SIM_HANDLER(sim_handle_identities_delete)
{
    struct sim_identity *identity;
    enum sim_status status = find_identity(req, false, &identity);

    if (status == SIM_OK) {
        while (identity->users.count > 0)
            sim_handlers_delete_user(
                req, identity->users.items[identity->users.count - 1]);
        sim_store_delete_identity(req->ws, identity);
    }
    (void)out;
    return status;
}

/* Looks up the ACS user named by the required `acs_user_id`. */
static enum sim_status find_acs_user(struct sim_request *req,
                                     struct sim_user **out)
{
    const char *id = NULL;

    if (!sim_param_uuid(req, "acs_user_id", SIM_REQUIRED, &id))
        return sim_request_validated(req);
    *out = sim_store_user(req->ws, id);
    if (*out == NULL)
        return sim_request_fail(req, SIM_ACS_USER_NOT_FOUND,
                                "Could not find an acs_user with "
                                "acs_user_id %s",
                                id);
    return SIM_OK;
}

SIM_HANDLER(sim_handle_identities_add_acs_user)
{
    struct sim_identity *identity;
    struct sim_user *user;
    enum sim_status status;

    if ((status = find_acs_user(req, &user)) != SIM_OK ||
        (status = find_identity(req, true, &identity)) != SIM_OK)
        return status;
    for (size_t i = 0; i < identity->users.count; i++) {
        struct sim_user *u = identity->users.items[i];
        if (u != user && u->system == user->system)
            return sim_request_fail(req, SIM_ACS_USER_ALREADY_LINKED,
                                    "User identity %s already has acs_user "
                                    "%s in this acs_system",
                                    identity->head.id, u->head.id);
    }
    (void)out;
    return sim_store_link_user(user, identity) ? SIM_OK : SIM_OUT_OF_MEMORY;
}

SIM_HANDLER(sim_handle_identities_remove_acs_user)
{
    struct sim_identity *identity;
    struct sim_user *user;
    enum sim_status status;

    if ((status = find_acs_user(req, &user)) != SIM_OK ||
        (status = find_identity(req, false, &identity)) != SIM_OK)
        return status;
    if (user->identity != identity)
        return sim_request_fail(req, SIM_ACS_USER_NOT_FOUND,
                                "acs_user %s is not linked to user identity "
                                "%s",
                                user->head.id, identity->head.id);
    sim_store_unlink_user(user);
    (void)out;
    return SIM_OK;
}

SIM_HANDLER(sim_handle_identities_list_acs_users)
{
    struct sim_identity *identity;
    enum sim_status status = find_identity(req, false, &identity);

    if (status != SIM_OK)
        return status;
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; array && i < identity->users.count; i++) {
        if (!cJSON_AddItemToArray(
                array,
                sim_render_user(req->ws, identity->users.items[i], req->now))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return sim_handlers_put(out, "acs_users", array);
}

SIM_HANDLER(sim_handle_identities_list_accessible_entrances)
{
    struct sim_identity *identity;
    struct sim_vec creds;
    enum sim_status status = find_identity(req, false, &identity);

    if (status != SIM_OK)
        return status;

    /* Every credential of every linked user. */
    sim_vec_init(&creds);
    for (size_t i = 0; i < identity->users.count; i++) {
        const struct sim_user *u = identity->users.items[i];
        for (size_t j = 0; j < u->credentials.count; j++) {
            if (!sim_vec_push(&creds, u->credentials.items[j])) {
                sim_vec_free(&creds);
                return SIM_OUT_OF_MEMORY;
            }
        }
    }
    status = sim_handlers_put_entrances_of(req, out, "acs_entrances", &creds);
    sim_vec_free(&creds);
    return status;
}
