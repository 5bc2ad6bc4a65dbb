/* The /acs/users routes. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "events.h"
#include "handlers.h"
#include "latch.h"
#include "page.h"
#include "render.h"
#include "store.h"

/* Seam's default page size for /acs/users/list. */
#define USERS_DEFAULT_LIMIT 500

/* A parsed `access_schedule` parameter. */
struct schedule {
    enum sim_param_state state; /* ABSENT, NULL (clear it) or SET */
    int64_t starts_at;
    int64_t ends_at; /* 0: open-ended */
};

/*
 * Reads `access_schedule`: starts_at defaults to now, ends_at is optional
 * and must be in the future and after starts_at.
 */
static void read_schedule(struct sim_request *req, unsigned flags,
                          struct schedule *out)
{
    cJSON *object = NULL;

    memset(out, 0, sizeof *out);
    out->state = sim_param_object(req, "access_schedule", flags, &object);
    if (out->state != SIM_PARAM_SET)
        return;
    out->starts_at = req->now;
    sim_param_time_in(req, object, "access_schedule", "starts_at", 0,
                      &out->starts_at);
    if (sim_param_time_in(req, object, "access_schedule", "ends_at",
                          SIM_NULLABLE, &out->ends_at) != SIM_PARAM_SET)
        out->ends_at = 0;
    if (out->ends_at && out->ends_at <= req->now)
        sim_request_invalid(req, "access_schedule.ends_at",
                            "ends_at must be in the future");
    else if (out->ends_at && out->ends_at <= out->starts_at)
        sim_request_invalid(req, "access_schedule.ends_at",
                            "ends_at must be after starts_at");
}

static void apply_schedule(struct sim_user *user, const struct schedule *s)
{
    user->has_access_schedule = s->state == SIM_PARAM_SET;
    user->schedule_starts_at = s->starts_at;
    user->schedule_ends_at = s->ends_at;
}

SIM_HANDLER(sim_handle_users_create)
{
    const char *system_id = NULL, *full_name = NULL, *email = NULL;
    const char *phone = NULL, *identity_id = NULL;
    const char **group_ids = NULL;
    size_t group_count = 0;
    struct schedule schedule;
    enum sim_status status;

    /* Parameters. */
    sim_param_uuid(req, "acs_system_id", SIM_REQUIRED, &system_id);
    sim_param_string(req, "full_name", SIM_REQUIRED | SIM_NONEMPTY, &full_name);
    if (!sim_param_email(req, "email_address", 0, &email))
        sim_param_email(req, "email", 0, &email);
    sim_param_phone(req, "phone_number", 0, &phone);
    sim_param_uuid(req, "user_identity_id", 0, &identity_id);
    sim_param_uuid_array(req, "acs_access_group_ids", 0, &group_ids,
                         &group_count);
    read_schedule(req, 0, &schedule);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;

    /* References. */
    struct sim_system *system = sim_store_system(req->ws, system_id);
    if (system == NULL)
        return sim_request_fail(req, SIM_ACS_SYSTEM_NOT_FOUND,
                                "Could not find an acs_system with "
                                "acs_system_id %s",
                                system_id);
    if (group_count > 0)
        return sim_request_fail(req, SIM_NOT_SUPPORTED,
                                "Latch has no access groups; give access "
                                "with one credential per entrance instead");
    struct sim_identity *identity = NULL;
    if (identity_id != NULL) {
        identity = sim_store_identity(req->ws, identity_id);
        if (identity == NULL)
            return sim_request_fail(req, SIM_USER_IDENTITY_NOT_FOUND_INPUT,
                                    "Could not find a user_identity with "
                                    "user_identity_id %s",
                                    identity_id);
        for (size_t i = 0; i < identity->users.count; i++) {
            struct sim_user *u = identity->users.items[i];
            if (u->system == system)
                return sim_request_fail(
                    req, SIM_ACS_USER_ALREADY_LINKED,
                    "User identity %s already has acs_user %s in this "
                    "acs_system",
                    identity_id, u->head.id);
        }
    }

    /* Create. */
    struct sim_user *user =
        sim_handlers_create_user(req, system, full_name, email, phone);
    if (user == NULL)
        return SIM_OUT_OF_MEMORY;
    apply_schedule(user, &schedule);
    if (identity && !sim_store_link_user(user, identity)) {
        sim_store_delete_user(req->ws, user);
        return SIM_OUT_OF_MEMORY;
    }
    sim_events_user(req->ws, "acs_user.created", user);
    return sim_handlers_put(out, "acs_user",
                            sim_render_user(req->ws, user, req->now));
}

SIM_HANDLER(sim_handle_users_get)
{
    struct sim_user *user;
    enum sim_status status = sim_handlers_find_user(req, &user);

    if (status != SIM_OK)
        return status;
    return sim_handlers_put(out, "acs_user",
                            sim_render_user(req->ws, user, req->now));
}

struct user_filter {
    const char *system_id;
    const char *identity_id;
    const char *identity_email;
    const char *identity_phone;
    const char *search;
    int64_t created_before;
};

static bool user_matches(const struct user_filter *f, const struct sim_user *u)
{
    const struct sim_identity *id = u->identity;

    if (f->system_id && strcmp(f->system_id, u->system->head.id) != 0)
        return false;
    if (f->identity_id && (!id || strcmp(f->identity_id, id->head.id) != 0))
        return false;
    if (f->identity_email &&
        (!id || !id->email_address ||
         strcasecmp(f->identity_email, id->email_address) != 0))
        return false;
    if (f->identity_phone && (!id || !id->phone_number ||
                              strcmp(f->identity_phone, id->phone_number) != 0))
        return false;
    if (f->created_before && u->head.created_at >= f->created_before)
        return false;
    if (f->search) {
        const char *s = f->search;
        if (!sim_handlers_matches(u->full_name, s) &&
            !sim_handlers_matches(u->email_address, s) &&
            !sim_handlers_matches(u->phone_number, s) &&
            !sim_handlers_matches(u->head.id, s) &&
            !(id && (sim_handlers_matches(id->head.id, s) ||
                     sim_handlers_matches(id->full_name, s) ||
                     sim_handlers_matches(id->phone_number, s))))
            return false;
    }
    return true;
}

SIM_HANDLER(sim_handle_users_list)
{
    struct user_filter f = { 0 };
    struct sim_page page;
    enum sim_status status;
    char before_text[32];

    /* Filters, in the order the cursor digest sees them. */
    sim_page_init(&page, req);
    if (sim_param_uuid(req, "acs_system_id", 0, &f.system_id))
        sim_page_filter(&page, "acs_system_id", f.system_id);
    if (sim_param_uuid(req, "user_identity_id", 0, &f.identity_id))
        sim_page_filter(&page, "user_identity_id", f.identity_id);
    if (sim_param_string(req, "user_identity_email_address", 0,
                         &f.identity_email))
        sim_page_filter(&page, "user_identity_email_address", f.identity_email);
    if (sim_param_string(req, "user_identity_phone_number", 0,
                         &f.identity_phone))
        sim_page_filter(&page, "user_identity_phone_number", f.identity_phone);
    if (sim_param_string(req, "search", SIM_NONEMPTY, &f.search))
        sim_page_filter(&page, "search", f.search);
    if (sim_param_time(req, "created_before", 0, &f.created_before)) {
        snprintf(before_text, sizeof before_text, "%lld",
                 (long long)f.created_before);
        sim_page_filter(&page, "created_before", before_text);
    }
    if ((status = sim_page_begin(&page, USERS_DEFAULT_LIMIT)) != SIM_OK)
        goto out;

    /* Walk in creation order from the cursor. */
    cJSON *array = cJSON_CreateArray();
    const struct sim_vec *order = &req->ws->users.order;
    for (size_t i = sim_page_first_index(&page, order);
         array && i < order->count; i++) {
        const struct sim_user *u = order->items[i];
        if (!user_matches(&f, u))
            continue;
        if (!sim_page_take(&page, &u->head))
            break;
        if (!cJSON_AddItemToArray(array,
                                  sim_render_user(req->ws, u, req->now))) {
            cJSON_Delete(array);
            array = NULL;
        }
    }
    if ((status = sim_handlers_put(out, "acs_users", array)) == SIM_OK &&
        !sim_page_finish(&page, out))
        status = SIM_OUT_OF_MEMORY;
out:
    sim_page_free(&page);
    return status;
}

SIM_HANDLER(sim_handle_users_update)
{
    const char *full_name = NULL, *email = NULL, *phone = NULL;
    enum sim_param_state name_state, email_state, phone_state;
    struct schedule schedule;
    struct sim_user *user;
    enum sim_status status;

    /* Read every parameter before acting, so nothing half-applies. */
    name_state = sim_param_string(req, "full_name", SIM_NONEMPTY, &full_name);
    email_state = sim_param_email(req, "email_address", SIM_NULLABLE, &email);
    phone_state = sim_param_phone(req, "phone_number", SIM_NULLABLE, &phone);
    read_schedule(req, SIM_NULLABLE, &schedule);
    sim_param_uuid(req, "hid_acs_system_id", 0, &(const char *){ NULL });
    if ((status = sim_handlers_find_user(req, &user)) != SIM_OK)
        return status;

    /* Copy first, then swap in, so memory failure changes nothing. */
    char *new_name = user->full_name, *new_email = user->email_address;
    char *new_phone = user->phone_number;
    bool ok = true;
    if (name_state == SIM_PARAM_SET)
        ok = (new_name = strdup(full_name)) != NULL;
    if (email_state == SIM_PARAM_SET)
        ok = ok && (new_email = strdup(email)) != NULL;
    else if (email_state == SIM_PARAM_NULL)
        new_email = NULL;
    if (phone_state == SIM_PARAM_SET)
        ok = ok && (new_phone = strdup(phone)) != NULL;
    else if (phone_state == SIM_PARAM_NULL)
        new_phone = NULL;
    if (!ok) {
        if (new_name != user->full_name)
            free(new_name);
        if (new_email != user->email_address)
            free(new_email);
        if (new_phone != user->phone_number)
            free(new_phone);
        return SIM_OUT_OF_MEMORY;
    }
    if (new_name != user->full_name)
        free(user->full_name), user->full_name = new_name;
    if (new_email != user->email_address)
        free(user->email_address), user->email_address = new_email;
    if (new_phone != user->phone_number)
        free(user->phone_number), user->phone_number = new_phone;
    if (schedule.state != SIM_PARAM_ABSENT)
        apply_schedule(user, &schedule);
    (void)out;
    return SIM_OK;
}

SIM_HANDLER(sim_handle_users_delete)
{
    struct sim_user *user;
    enum sim_status status = sim_handlers_find_user(req, &user);

    if (status == SIM_OK)
        sim_handlers_delete_user(req, user);
    (void)out;
    return status;
}

SIM_HANDLER(sim_handle_users_suspend)
{
    struct sim_user *user;
    enum sim_status status = sim_handlers_find_user(req, &user);

    if (status == SIM_OK)
        sim_handlers_set_suspended(req, user, true);
    (void)out;
    return status;
}

SIM_HANDLER(sim_handle_users_unsuspend)
{
    struct sim_user *user;
    enum sim_status status = sim_handlers_find_user(req, &user);

    if (status == SIM_OK)
        sim_handlers_set_suspended(req, user, false);
    (void)out;
    return status;
}

SIM_HANDLER(sim_handle_users_list_accessible_entrances)
{
    struct sim_user *user;
    enum sim_status status = sim_handlers_find_user(req, &user);

    if (status != SIM_OK)
        return status;
    return sim_handlers_put_entrances_of(req, out, "acs_entrances",
                                         &user->credentials);
}

SIM_HANDLER(sim_handle_users_revoke_access_to_all_entrances)
{
    struct sim_user *user;
    enum sim_status status = sim_handlers_find_user(req, &user);

    if (status != SIM_OK)
        return status;
    while (user->credentials.count > 0)
        sim_latch_delete_credential(
            req->ws, user->credentials.items[user->credentials.count - 1]);
    (void)out;
    return SIM_OK;
}
