/* Typed calls: build parameters, call the route, parse the answer. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client_internal.h"
#include "error.h"
#include "objects_internal.h"
#include "paginator_internal.h"
#include "params.h"
#include "text.h"
#include "seam/api.h"
#include "seam/paginator.h"

/* Where a list call puts its result; mirrors the public list structs. */
struct list_target {
    void **items;
    size_t *count;
    bool *has_next_page;     /* NULL for unpaginated routes */
    char **next_page_cursor; /* NULL for unpaginated routes */
};

#define LIST_TARGET(list)                                                      \
    ((struct list_target){ (void **)&(list)->items, &(list)->count,            \
                           &(list)->has_next_page,                             \
                           &(list)->next_page_cursor })
#define UNPAGED_TARGET(list)                                                   \
    ((struct list_target){ (void **)&(list)->items, &(list)->count, NULL,      \
                           NULL })

/* Calls `route` and returns its answer body (owned) in *body. */
static enum seamc_status call_route(seamc_client *client, const char *route,
                                    struct seamc__params *params,
                                    const char *expect_key, cJSON **body,
                                    struct seamc_error *err)
{
    struct seamc_call_options options = { 0 };
    struct seamc_response response = { 0 };
    cJSON *root;
    enum seamc_status status;

    *body = NULL;
    status = seamc__params_finish(params, &root, err);
    if (status != SEAMC_OK) {
        return status;
    }
    if (client == NULL) {
        cJSON_Delete(root);
        return seamc__fail(err, SEAMC_EINVAL, "client must not be NULL");
    }
    options.expect_key = expect_key;
    status = seamc_call(client, route, root, &options, &response, err);
    if (status == SEAMC_OK) {
        *body = seamc_response_take_body(&response);
    }
    seamc_response_release(&response);
    cJSON_Delete(root);
    return status;
}

/* A route answering with one object of `type`, parsed into `out`. */
static enum seamc_status call_object(seamc_client *client, const char *route,
                                     struct seamc__params *params,
                                     const struct seamc__object_type *type,
                                     void *out, struct seamc_error *err)
{
    cJSON *body = NULL;
    enum seamc_status status;

    if (out == NULL) {
        seamc__params_reject(params, "out must not be NULL");
    } else {
        memset(out, 0, type->size);
    }
    status = call_route(client, route, params, type->name, &body, err);
    if (status == SEAMC_OK) {
        status = seamc__object_fill(
            type, cJSON_DetachItemFromObjectCaseSensitive(body, type->name),
            out, err);
    }
    cJSON_Delete(body);
    return status;
}

/* A route answering with nothing but {"ok": true}. */
static enum seamc_status call_action(seamc_client *client, const char *route,
                                     struct seamc__params *params,
                                     struct seamc_error *err)
{
    cJSON *body = NULL;
    enum seamc_status status;

    status = call_route(client, route, params, NULL, &body, err);
    cJSON_Delete(body);
    return status;
}

/* Every page of a paginated route, through the paginator. */
static enum seamc_status fetch_all_pages(seamc_client *client,
                                         const char *route,
                                         struct seamc__params *params,
                                         const char *items_key, cJSON **items,
                                         struct seamc_error *err)
{
    seamc_paginator *paginator = NULL;
    cJSON *root;
    enum seamc_status status;

    *items = NULL;
    status = seamc__params_finish(params, &root, err);
    if (status != SEAMC_OK) {
        return status;
    }
    status =
        seamc_paginator_new(client, route, root, items_key, &paginator, err);
    if (status == SEAMC_OK) {
        status = seamc_paginator_collect(paginator, items, err);
    }
    seamc_paginator_free(paginator);
    cJSON_Delete(root);
    return status;
}

/*
 * A list route: one page (or all pages when `page->all_pages`), parsed
 * into `target`. `page` is NULL for unpaginated routes.
 */
static enum seamc_status call_list(seamc_client *client, const char *route,
                                   struct seamc__params *params,
                                   const struct seamc_page_params *page,
                                   const struct seamc__object_type *type,
                                   struct list_target target,
                                   struct seamc_error *err)
{
    cJSON *body = NULL;
    cJSON *items = NULL;
    const char *cursor = NULL;
    bool has_next = false;
    enum seamc_status status;

    if (target.items == NULL) {
        seamc__params_reject(params, "out must not be NULL");
    } else {
        *target.items = NULL;
        *target.count = 0;
        if (target.has_next_page != NULL) {
            *target.has_next_page = false;
            *target.next_page_cursor = NULL;
        }
    }

    /* Fetch the items, and the pagination when the route has it. */
    if (page != NULL && page->all_pages) {
        status =
            fetch_all_pages(client, route, params, type->plural, &items, err);
    } else {
        status = call_route(client, route, params, type->plural, &body, err);
        if (status == SEAMC_OK && page != NULL) {
            status = seamc__read_pagination(body, &has_next, &cursor, err);
        }
        if (status == SEAMC_OK) {
            items = cJSON_DetachItemFromObjectCaseSensitive(body, type->plural);
        }
    }
    if (status != SEAMC_OK) {
        goto out;
    }

    /* Parse them, then hand over where the next page starts. */
    status =
        seamc__objects_from_array(type, items, target.items, target.count, err);
    items = NULL;
    if (status != SEAMC_OK || !has_next) {
        goto out;
    }
    *target.next_page_cursor = seamc__duplicate_text(cursor);
    if (*target.next_page_cursor == NULL) {
        seamc__objects_free(type, *target.items, *target.count);
        *target.items = NULL;
        *target.count = 0;
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        goto out;
    }
    *target.has_next_page = true;

out:
    cJSON_Delete(items);
    cJSON_Delete(body);
    return status;
}

/* Adds an ACS user reference, checking it names exactly one user. */
static void add_user_ref(struct seamc__params *params,
                         const struct seamc_acs_user_ref *user)
{
    if (user == NULL) {
        seamc__params_reject(params, "user reference must not be NULL");
        return;
    }
    if (user->acs_user_id != NULL) {
        seamc__params_required(params, "acs_user_id", user->acs_user_id);
        seamc__params_string(params, "user_identity_id",
                             user->user_identity_id);
        seamc__params_string(params, "acs_system_id", user->acs_system_id);
        return;
    }
    if (user->user_identity_id == NULL || user->acs_system_id == NULL) {
        seamc__params_reject(params, "name the user by acs_user_id, or by "
                                     "user_identity_id plus acs_system_id");
        return;
    }
    seamc__params_required(params, "user_identity_id", user->user_identity_id);
    seamc__params_required(params, "acs_system_id", user->acs_system_id);
}

static const struct seamc_page_params no_paging;

/* ---- /acs/systems ---------------------------------------------------- */

enum seamc_status seamc_acs_systems_get(seamc_client *client,
                                        const char *acs_system_id,
                                        struct seamc_acs_system *out,
                                        struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_system_id", acs_system_id);
    return call_object(client, "/acs/systems/get", &params,
                       &seamc__acs_system_type, out, err);
}

enum seamc_status seamc_acs_systems_list(
    seamc_client *client, const struct seamc_acs_systems_list_params *in,
    struct seamc_acs_system_list *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_string(&params, "connected_account_id",
                             in->connected_account_id);
        seamc__params_string(&params, "search", in->search);
    }
    return call_list(
        client, "/acs/systems/list", &params, NULL, &seamc__acs_system_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

/* ---- /acs/entrances -------------------------------------------------- */

enum seamc_status seamc_acs_entrances_get(seamc_client *client,
                                          const char *acs_entrance_id,
                                          struct seamc_acs_entrance *out,
                                          struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_entrance_id", acs_entrance_id);
    return call_object(client, "/acs/entrances/get", &params,
                       &seamc__acs_entrance_type, out, err);
}

enum seamc_status seamc_acs_entrances_list(
    seamc_client *client, const struct seamc_acs_entrances_list_params *in,
    struct seamc_acs_entrance_list *out, struct seamc_error *err)
{
    struct seamc__params params;
    const struct seamc_page_params *page = &no_paging;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_string(&params, "acs_system_id", in->acs_system_id);
        seamc__params_string(&params, "acs_credential_id",
                             in->acs_credential_id);
        seamc__params_string(&params, "connected_account_id",
                             in->connected_account_id);
        seamc__params_string(&params, "search", in->search);
        seamc__params_page(&params, &in->page);
        page = &in->page;
    }
    return call_list(
        client, "/acs/entrances/list", &params, page, &seamc__acs_entrance_type,
        out != NULL ? LIST_TARGET(out) : (struct list_target){ 0 }, err);
}

enum seamc_status seamc_acs_entrances_list_credentials_with_access(
    seamc_client *client, const char *acs_entrance_id,
    struct seamc_acs_credential_list *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_entrance_id", acs_entrance_id);
    return call_list(
        client, "/acs/entrances/list_credentials_with_access", &params, NULL,
        &seamc__acs_credential_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

enum seamc_status seamc_acs_entrances_unlock(seamc_client *client,
                                             const char *acs_entrance_id,
                                             const char *acs_credential_id,
                                             struct seamc_action_attempt *out,
                                             struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_entrance_id", acs_entrance_id);
    seamc__params_required(&params, "acs_credential_id", acs_credential_id);
    return call_object(client, "/acs/entrances/unlock", &params,
                       &seamc__action_attempt_type, out, err);
}

/* ---- /acs/users ------------------------------------------------------ */

enum seamc_status
seamc_acs_users_create(seamc_client *client,
                       const struct seamc_acs_users_create_params *in,
                       struct seamc_acs_user *out, struct seamc_error *err)
{
    struct seamc__params params;
    cJSON *schedule;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
        return call_object(client, "/acs/users/create", &params,
                           &seamc__acs_user_type, out, err);
    }
    seamc__params_required(&params, "acs_system_id", in->acs_system_id);
    seamc__params_required(&params, "full_name", in->full_name);
    seamc__params_string(&params, "email_address", in->email_address);
    seamc__params_string(&params, "phone_number", in->phone_number);
    seamc__params_string(&params, "user_identity_id", in->user_identity_id);
    seamc__params_strings(&params, "acs_access_group_ids",
                          in->acs_access_group_ids, in->acs_access_group_count);

    /* The schedule is a nested object with its own two timestamps. */
    if (in->access_schedule_starts_at != NULL ||
        in->access_schedule_ends_at != NULL) {
        struct seamc__params nested;

        seamc__params_init(&nested);
        seamc__params_time(&nested, "starts_at", in->access_schedule_starts_at);
        seamc__params_time(&nested, "ends_at", in->access_schedule_ends_at);
        if (nested.status != SEAMC_OK) {
            seamc__params_reject(&params, nested.problem);
        }
        schedule = nested.root;
        if (params.status == SEAMC_OK && schedule != NULL &&
            cJSON_AddItemToObject(params.root, "access_schedule", schedule)) {
            schedule = NULL;
        } else if (params.status == SEAMC_OK) {
            seamc__params_reject(&params, "out of memory");
        }
        cJSON_Delete(schedule);
    }
    return call_object(client, "/acs/users/create", &params,
                       &seamc__acs_user_type, out, err);
}

enum seamc_status seamc_acs_users_get(seamc_client *client,
                                      const struct seamc_acs_user_ref *user,
                                      struct seamc_acs_user *out,
                                      struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    add_user_ref(&params, user);
    return call_object(client, "/acs/users/get", &params, &seamc__acs_user_type,
                       out, err);
}

enum seamc_status
seamc_acs_users_list(seamc_client *client,
                     const struct seamc_acs_users_list_params *in,
                     struct seamc_acs_user_list *out, struct seamc_error *err)
{
    struct seamc__params params;
    const struct seamc_page_params *page = &no_paging;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_string(&params, "acs_system_id", in->acs_system_id);
        seamc__params_string(&params, "user_identity_id", in->user_identity_id);
        seamc__params_string(&params, "user_identity_email_address",
                             in->user_identity_email_address);
        seamc__params_string(&params, "user_identity_phone_number",
                             in->user_identity_phone_number);
        seamc__params_string(&params, "search", in->search);
        seamc__params_time(&params, "created_before", in->created_before);
        seamc__params_page(&params, &in->page);
        page = &in->page;
    }
    return call_list(
        client, "/acs/users/list", &params, page, &seamc__acs_user_type,
        out != NULL ? LIST_TARGET(out) : (struct list_target){ 0 }, err);
}

/* Adds the three-state `access_schedule` of a user update. */
static void add_schedule_update(struct seamc__params *params,
                                const struct seamc_update_schedule *update)
{
    struct seamc__params nested;
    cJSON *schedule;

    if (update->op == SEAMC_UPDATE_LEAVE) {
        return;
    }
    if (update->op == SEAMC_UPDATE_NULL) {
        struct seamc_update_string null_value = SEAMC_UPDATE_TO_NULL;

        seamc__params_update(params, "access_schedule", &null_value);
        return;
    }
    if (update->op != SEAMC_UPDATE_SET || update->starts_at == NULL) {
        seamc__params_reject(params, "access_schedule SET needs starts_at");
        return;
    }
    seamc__params_init(&nested);
    seamc__params_time(&nested, "starts_at", update->starts_at);
    seamc__params_time(&nested, "ends_at", update->ends_at);
    if (update->ends_at == NULL && nested.status == SEAMC_OK) {
        cJSON_AddNullToObject(nested.root, "ends_at");
    }
    if (nested.status != SEAMC_OK) {
        seamc__params_reject(params, nested.problem);
    }
    schedule = nested.root;
    if (params->status == SEAMC_OK && schedule != NULL &&
        cJSON_AddItemToObject(params->root, "access_schedule", schedule)) {
        schedule = NULL;
    } else if (params->status == SEAMC_OK) {
        seamc__params_reject(params, "out of memory");
    }
    cJSON_Delete(schedule);
}

enum seamc_status
seamc_acs_users_update(seamc_client *client,
                       const struct seamc_acs_users_update_params *in,
                       struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
        return call_action(client, "/acs/users/update", &params, err);
    }
    add_user_ref(&params, &in->user);
    seamc__params_update(&params, "full_name", &in->full_name);
    seamc__params_update(&params, "email_address", &in->email_address);
    seamc__params_update(&params, "phone_number", &in->phone_number);
    add_schedule_update(&params, &in->access_schedule);
    return call_action(client, "/acs/users/update", &params, err);
}

/* The user routes that take a reference and answer {"ok": true}. */
static enum seamc_status user_action(seamc_client *client, const char *route,
                                     const struct seamc_acs_user_ref *user,
                                     struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    add_user_ref(&params, user);
    return call_action(client, route, &params, err);
}

enum seamc_status seamc_acs_users_delete(seamc_client *client,
                                         const struct seamc_acs_user_ref *user,
                                         struct seamc_error *err)
{
    return user_action(client, "/acs/users/delete", user, err);
}

enum seamc_status seamc_acs_users_suspend(seamc_client *client,
                                          const struct seamc_acs_user_ref *user,
                                          struct seamc_error *err)
{
    return user_action(client, "/acs/users/suspend", user, err);
}

enum seamc_status
seamc_acs_users_unsuspend(seamc_client *client,
                          const struct seamc_acs_user_ref *user,
                          struct seamc_error *err)
{
    return user_action(client, "/acs/users/unsuspend", user, err);
}

enum seamc_status seamc_acs_users_revoke_access_to_all_entrances(
    seamc_client *client, const struct seamc_acs_user_ref *user,
    struct seamc_error *err)
{
    return user_action(client, "/acs/users/revoke_access_to_all_entrances",
                       user, err);
}

enum seamc_status seamc_acs_users_list_accessible_entrances(
    seamc_client *client, const struct seamc_acs_user_ref *user,
    struct seamc_acs_entrance_list *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    add_user_ref(&params, user);
    return call_list(
        client, "/acs/users/list_accessible_entrances", &params, NULL,
        &seamc__acs_entrance_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

/* ---- /acs/credentials ------------------------------------------------ */

enum seamc_status seamc_acs_credentials_create(
    seamc_client *client, const struct seamc_acs_credentials_create_params *in,
    struct seamc_acs_credential *out, struct seamc_error *err)
{
    struct seamc__params params;
    const char *method;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
        return call_object(client, "/acs/credentials/create", &params,
                           &seamc__acs_credential_type, out, err);
    }

    /* The owner: an ACS user, or an identity within a system. */
    if (in->acs_user_id == NULL &&
        (in->user_identity_id == NULL || in->acs_system_id == NULL)) {
        seamc__params_reject(&params, "name the owner by acs_user_id, or by "
                                      "user_identity_id plus acs_system_id");
    }
    seamc__params_string(&params, "acs_user_id", in->acs_user_id);
    seamc__params_string(&params, "user_identity_id", in->user_identity_id);
    seamc__params_string(&params, "acs_system_id", in->acs_system_id);

    /* What it opens, how, and when. */
    method = seamc_access_method_name(in->access_method);
    if (method == NULL) {
        seamc__params_reject(&params, "access_method is required");
    }
    seamc__params_string(&params, "access_method", method);
    seamc__params_strings(&params, "allowed_acs_entrance_ids",
                          in->allowed_acs_entrance_ids,
                          in->allowed_acs_entrance_count);
    seamc__params_string(&params, "code", in->code);
    seamc__params_time(&params, "starts_at", in->starts_at);
    seamc__params_time(&params, "ends_at", in->ends_at);
    if (in->is_multi_phone_sync_credential) {
        seamc__params_bool(&params, "is_multi_phone_sync_credential", true);
    }
    seamc__params_string(&params, "credential_manager_acs_system_id",
                         in->credential_manager_acs_system_id);
    return call_object(client, "/acs/credentials/create", &params,
                       &seamc__acs_credential_type, out, err);
}

enum seamc_status seamc_acs_credentials_get(seamc_client *client,
                                            const char *acs_credential_id,
                                            struct seamc_acs_credential *out,
                                            struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_credential_id", acs_credential_id);
    return call_object(client, "/acs/credentials/get", &params,
                       &seamc__acs_credential_type, out, err);
}

enum seamc_status seamc_acs_credentials_list(
    seamc_client *client, const struct seamc_acs_credentials_list_params *in,
    struct seamc_acs_credential_list *out, struct seamc_error *err)
{
    struct seamc__params params;
    const struct seamc_page_params *page = &no_paging;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_string(&params, "acs_user_id", in->acs_user_id);
        seamc__params_string(&params, "acs_system_id", in->acs_system_id);
        seamc__params_string(&params, "user_identity_id", in->user_identity_id);
        seamc__params_string(&params, "search", in->search);
        seamc__params_time(&params, "created_before", in->created_before);
        seamc__params_page(&params, &in->page);
        page = &in->page;
    }
    return call_list(client, "/acs/credentials/list", &params, page,
                     &seamc__acs_credential_type,
                     out != NULL ? LIST_TARGET(out) : (struct list_target){ 0 },
                     err);
}

enum seamc_status seamc_acs_credentials_update(
    seamc_client *client, const struct seamc_acs_credentials_update_params *in,
    struct seamc_acs_credential *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
        return call_action(client, "/acs/credentials/update", &params, err);
    }
    seamc__params_required(&params, "acs_credential_id", in->acs_credential_id);
    seamc__params_update(&params, "code", &in->code);
    if (in->ends_at.op == SEAMC_UPDATE_SET && in->ends_at.value != NULL) {
        seamc__params_time(&params, "ends_at", in->ends_at.value);
    } else {
        seamc__params_update(&params, "ends_at", &in->ends_at);
    }
    if (out == NULL) {
        return call_action(client, "/acs/credentials/update", &params, err);
    }
    return call_object(client, "/acs/credentials/update", &params,
                       &seamc__acs_credential_type, out, err);
}

enum seamc_status seamc_acs_credentials_delete(seamc_client *client,
                                               const char *acs_credential_id,
                                               struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_credential_id", acs_credential_id);
    return call_action(client, "/acs/credentials/delete", &params, err);
}

enum seamc_status seamc_acs_credentials_list_accessible_entrances(
    seamc_client *client, const char *acs_credential_id,
    struct seamc_acs_entrance_list *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "acs_credential_id", acs_credential_id);
    return call_list(
        client, "/acs/credentials/list_accessible_entrances", &params, NULL,
        &seamc__acs_entrance_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

/* ---- /user_identities ------------------------------------------------ */

enum seamc_status seamc_user_identities_create(
    seamc_client *client, const struct seamc_user_identities_create_params *in,
    struct seamc_user_identity *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_string(&params, "user_identity_key",
                             in->user_identity_key);
        seamc__params_string(&params, "email_address", in->email_address);
        seamc__params_string(&params, "phone_number", in->phone_number);
        seamc__params_string(&params, "full_name", in->full_name);
        seamc__params_strings(&params, "acs_system_ids", in->acs_system_ids,
                              in->acs_system_count);
    }
    return call_object(client, "/user_identities/create", &params,
                       &seamc__user_identity_type, out, err);
}

enum seamc_status seamc_user_identities_get(
    seamc_client *client, const struct seamc_user_identity_ref *identity,
    struct seamc_user_identity *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (identity == NULL || (identity->user_identity_id == NULL) ==
                                (identity->user_identity_key == NULL)) {
        seamc__params_reject(&params, "name the identity by exactly one of "
                                      "user_identity_id and "
                                      "user_identity_key");
    } else {
        seamc__params_string(&params, "user_identity_id",
                             identity->user_identity_id);
        seamc__params_string(&params, "user_identity_key",
                             identity->user_identity_key);
    }
    return call_object(client, "/user_identities/get", &params,
                       &seamc__user_identity_type, out, err);
}

enum seamc_status seamc_user_identities_list(
    seamc_client *client, const struct seamc_user_identities_list_params *in,
    struct seamc_user_identity_list *out, struct seamc_error *err)
{
    struct seamc__params params;
    const struct seamc_page_params *page = &no_paging;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_string(&params, "search", in->search);
        seamc__params_time(&params, "created_before", in->created_before);
        seamc__params_string(&params, "credential_manager_acs_system_id",
                             in->credential_manager_acs_system_id);
        seamc__params_strings(&params, "user_identity_ids",
                              in->user_identity_ids, in->user_identity_count);
        seamc__params_page(&params, &in->page);
        page = &in->page;
    }
    return call_list(client, "/user_identities/list", &params, page,
                     &seamc__user_identity_type,
                     out != NULL ? LIST_TARGET(out) : (struct list_target){ 0 },
                     err);
}

enum seamc_status seamc_user_identities_update(
    seamc_client *client, const struct seamc_user_identities_update_params *in,
    struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
        return call_action(client, "/user_identities/update", &params, err);
    }
    seamc__params_required(&params, "user_identity_id", in->user_identity_id);
    seamc__params_update(&params, "user_identity_key", &in->user_identity_key);
    seamc__params_update(&params, "email_address", &in->email_address);
    seamc__params_update(&params, "phone_number", &in->phone_number);
    seamc__params_update(&params, "full_name", &in->full_name);
    return call_action(client, "/user_identities/update", &params, err);
}

enum seamc_status seamc_user_identities_delete(seamc_client *client,
                                               const char *user_identity_id,
                                               struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "user_identity_id", user_identity_id);
    return call_action(client, "/user_identities/delete", &params, err);
}

/* add_acs_user and remove_acs_user take the same two ids. */
static enum seamc_status identity_user_action(seamc_client *client,
                                              const char *route,
                                              const char *user_identity_id,
                                              const char *acs_user_id,
                                              struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "user_identity_id", user_identity_id);
    seamc__params_required(&params, "acs_user_id", acs_user_id);
    return call_action(client, route, &params, err);
}

enum seamc_status seamc_user_identities_add_acs_user(
    seamc_client *client, const char *user_identity_id, const char *acs_user_id,
    struct seamc_error *err)
{
    return identity_user_action(client, "/user_identities/add_acs_user",
                                user_identity_id, acs_user_id, err);
}

enum seamc_status seamc_user_identities_remove_acs_user(
    seamc_client *client, const char *user_identity_id, const char *acs_user_id,
    struct seamc_error *err)
{
    return identity_user_action(client, "/user_identities/remove_acs_user",
                                user_identity_id, acs_user_id, err);
}

enum seamc_status seamc_user_identities_list_acs_users(
    seamc_client *client, const char *user_identity_id,
    struct seamc_acs_user_list *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "user_identity_id", user_identity_id);
    return call_list(
        client, "/user_identities/list_acs_users", &params, NULL,
        &seamc__acs_user_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

enum seamc_status seamc_user_identities_list_accessible_entrances(
    seamc_client *client, const char *user_identity_id,
    struct seamc_acs_entrance_list *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "user_identity_id", user_identity_id);
    return call_list(
        client, "/user_identities/list_accessible_entrances", &params, NULL,
        &seamc__acs_entrance_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

/* ---- /events --------------------------------------------------------- */

/* Adds the window of an event list: `since`, or both ends of `between`. */
static void add_event_window(struct seamc__params *params,
                             const struct seamc_events_list_params *in)
{
    bool has_between = in->between[0] != NULL || in->between[1] != NULL;

    if ((in->since != NULL) == has_between) {
        seamc__params_reject(params, "give exactly one of since and between");
        return;
    }
    if (has_between && (in->between[0] == NULL || in->between[1] == NULL)) {
        seamc__params_reject(params, "between needs both of its ends");
        return;
    }
    seamc__params_time(params, "since", in->since);
    if (has_between) {
        seamc__params_times(params, "between", in->between, 2);
    }
}

enum seamc_status seamc_events_list(seamc_client *client,
                                    const struct seamc_events_list_params *in,
                                    struct seamc_event_list *out,
                                    struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL (since or "
                                      "between is required)");
    } else {
        add_event_window(&params, in);
        seamc__params_string(&params, "acs_system_id", in->acs_system_id);
        seamc__params_strings(&params, "acs_system_ids", in->acs_system_ids,
                              in->acs_system_count);
        seamc__params_string(&params, "acs_user_id", in->acs_user_id);
        seamc__params_string(&params, "acs_credential_id",
                             in->acs_credential_id);
        seamc__params_string(&params, "acs_entrance_id", in->acs_entrance_id);
        seamc__params_string(&params, "user_identity_id", in->user_identity_id);
        seamc__params_string(&params, "connected_account_id",
                             in->connected_account_id);
        seamc__params_string(&params, "event_type", in->event_type);
        seamc__params_strings(&params, "event_types", in->event_types,
                              in->event_type_count);
        seamc__params_strings(&params, "event_ids", in->event_ids,
                              in->event_id_count);
        seamc__params_limit(&params, in->limit);
    }
    return call_list(
        client, "/events/list", &params, NULL, &seamc__event_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

enum seamc_status seamc_events_get(seamc_client *client,
                                   const struct seamc_event_ref *event,
                                   struct seamc_event *out,
                                   struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (event == NULL ||
        (event->event_id == NULL) == (event->event_type == NULL)) {
        seamc__params_reject(&params, "name the event by exactly one of "
                                      "event_id and event_type");
    } else {
        seamc__params_string(&params, "event_id", event->event_id);
        seamc__params_string(&params, "event_type", event->event_type);
    }
    return call_object(client, "/events/get", &params, &seamc__event_type, out,
                       err);
}

/* ---- /action_attempts ------------------------------------------------ */

enum seamc_status seamc_action_attempts_get(seamc_client *client,
                                            const char *action_attempt_id,
                                            struct seamc_action_attempt *out,
                                            struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "action_attempt_id", action_attempt_id);
    return call_object(client, "/action_attempts/get", &params,
                       &seamc__action_attempt_type, out, err);
}

enum seamc_status seamc_action_attempts_list(
    seamc_client *client, const struct seamc_action_attempts_list_params *in,
    struct seamc_action_attempt_list *out, struct seamc_error *err)
{
    struct seamc__params params;
    const struct seamc_page_params *page = &no_paging;

    seamc__params_init(&params);
    if (in != NULL) {
        seamc__params_strings(&params, "action_attempt_ids",
                              in->action_attempt_ids, in->action_attempt_count);
        seamc__params_page(&params, &in->page);
        page = &in->page;
    }
    return call_list(client, "/action_attempts/list", &params, page,
                     &seamc__action_attempt_type,
                     out != NULL ? LIST_TARGET(out) : (struct list_target){ 0 },
                     err);
}

/* Milliseconds on the monotonic clock since `start`. */
static long ms_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - start->tv_sec) * 1000L +
           (now.tv_nsec - start->tv_nsec) / 1000000L;
}

/* Turns a finished attempt into the waiter's status and error detail. */
static enum seamc_status attempt_outcome(const struct seamc_action_attempt *a,
                                         struct seamc_error *err)
{
    switch (a->status) {
    case SEAMC_ACTION_ATTEMPT_SUCCESS:
        return SEAMC_OK;
    case SEAMC_ACTION_ATTEMPT_ERROR:
        if (err != NULL &&
            !seamc__copy_text(err->type, sizeof(err->type), a->error_type)) {
            err->truncated = true;
        }
        if (a->error_message != NULL) {
            return seamc__fail(err, SEAMC_EACTION_FAILED, "%s",
                               a->error_message);
        }
        return seamc__fail(err, SEAMC_EACTION_FAILED,
                           "action attempt %.64s (%.64s) failed",
                           a->action_attempt_id,
                           a->action_type != NULL ? a->action_type : "?");
    case SEAMC_ACTION_ATTEMPT_PENDING:
        break;
    case SEAMC_ACTION_ATTEMPT_UNKNOWN:
        return seamc__fail(err, SEAMC_EPROTOCOL,
                           "action attempt %.64s has an unknown status "
                           "\"%.64s\"",
                           a->action_attempt_id, a->status_text);
    }
    return SEAMC_OK;
}

enum seamc_status
seamc_action_attempts_wait(seamc_client *client, const char *action_attempt_id,
                           const struct seamc_action_wait_options *options,
                           struct seamc_action_attempt *out,
                           struct seamc_error *err)
{
    long interval = SEAMC_DEFAULT_ACTION_POLL_INTERVAL_MS;
    long timeout = SEAMC_DEFAULT_ACTION_WAIT_TIMEOUT_MS;
    long paused = 0;
    struct timespec start;
    enum seamc_status status;

    seamc_error_clear(err);
    if (client == NULL || out == NULL) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "client and out must not be NULL");
    }
    memset(out, 0, sizeof(*out));
    if (options != NULL &&
        (options->poll_interval_ms < 0 || options->timeout_ms < 0)) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "poll interval and timeout must not be negative");
    }
    if (options != NULL && options->poll_interval_ms > 0) {
        interval = options->poll_interval_ms;
    }
    if (options != NULL && options->timeout_ms > 0) {
        timeout = options->timeout_ms;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);

    for (;;) {
        long passed;
        long pause;

        status = seamc_action_attempts_get(client, action_attempt_id, out, err);
        if (status != SEAMC_OK) {
            return status;
        }
        if (out->status != SEAMC_ACTION_ATTEMPT_PENDING) {
            status = attempt_outcome(out, err);
            if (status != SEAMC_OK) {
                seamc_action_attempt_release(out);
            }
            return status;
        }

        /*
         * Time passed is what the clock says, or the pauses asked for when
         * a delay hook returned early: either way the wait is bounded.
         */
        passed = ms_since(&start);
        if (passed < paused) {
            passed = paused;
        }
        seamc_action_attempt_release(out);
        if (passed >= timeout) {
            return seamc__fail(err, SEAMC_EACTION_TIMEOUT,
                               "action attempt %.64s still pending after "
                               "%ld ms",
                               action_attempt_id, passed);
        }
        pause = timeout - passed < interval ? timeout - passed : interval;
        seamc__log(client, SEAMC_LOG_DEBUG,
                   "action attempt %.64s pending; polling again in %ld ms",
                   action_attempt_id, pause);
        seamc__pause(client, pause);
        paused += pause;
    }
}

/* ---- /webhooks ------------------------------------------------------- */

enum seamc_status
seamc_webhooks_create(seamc_client *client,
                      const struct seamc_webhooks_create_params *in,
                      struct seamc_webhook *out, struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
    } else {
        seamc__params_required(&params, "url", in->url);
        seamc__params_strings(&params, "event_types", in->event_types,
                              in->event_type_count);
    }
    return call_object(client, "/webhooks/create", &params,
                       &seamc__webhook_type, out, err);
}

enum seamc_status seamc_webhooks_get(seamc_client *client,
                                     const char *webhook_id,
                                     struct seamc_webhook *out,
                                     struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "webhook_id", webhook_id);
    return call_object(client, "/webhooks/get", &params, &seamc__webhook_type,
                       out, err);
}

enum seamc_status seamc_webhooks_list(seamc_client *client,
                                      struct seamc_webhook_list *out,
                                      struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    return call_list(
        client, "/webhooks/list", &params, NULL, &seamc__webhook_type,
        out != NULL ? UNPAGED_TARGET(out) : (struct list_target){ 0 }, err);
}

enum seamc_status
seamc_webhooks_update(seamc_client *client,
                      const struct seamc_webhooks_update_params *in,
                      struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    if (in == NULL) {
        seamc__params_reject(&params, "params must not be NULL");
    } else {
        seamc__params_required(&params, "webhook_id", in->webhook_id);
        seamc__params_strings_required(&params, "event_types", in->event_types,
                                       in->event_type_count);
    }
    return call_action(client, "/webhooks/update", &params, err);
}

enum seamc_status seamc_webhooks_delete(seamc_client *client,
                                        const char *webhook_id,
                                        struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    seamc__params_required(&params, "webhook_id", webhook_id);
    return call_action(client, "/webhooks/delete", &params, err);
}

/* ---- /workspaces ----------------------------------------------------- */

enum seamc_status seamc_workspaces_get(seamc_client *client,
                                       struct seamc_workspace *out,
                                       struct seamc_error *err)
{
    struct seamc__params params;

    seamc__params_init(&params);
    return call_object(client, "/workspaces/get", &params,
                       &seamc__workspace_type, out, err);
}
