#ifndef SEAM_API_H
#define SEAM_API_H

/*
 * Typed calls, one per route, for the ACS routes of the Seam Connect API
 * (systems, entrances, users, credentials), user identities and
 * workspaces. Routes without a typed call here (events, webhooks, action
 * attempts, ...) are reached with seamc_call().
 *
 * Conventions shared by every call below:
 *  - `client` and `err` come first and last; `err` may be NULL.
 *  - Parameter structs are borrowed and only read during the call.
 *    Zero-initialise them and fill what you need: a NULL string or a
 *    zero count means "not sent". Required parameters are checked before
 *    anything is sent (SEAMC_EINVAL, naming the parameter).
 *  - `out` must be zeroed or released; on SEAMC_OK it is filled and must
 *    be released with its type's `*_release` (see <seam/objects.h>); on
 *    failure it is left zeroed and needs no release.
 *  - Reads are retried as the handle allows; writes are not, unless the
 *    handle was configured with `retry_writes`.
 *  - Timestamps are ISO 8601 text, e.g. "2024-07-13T16:50:42.072Z"; text
 *    that is not a valid RFC 3339 date-time is refused (SEAMC_EINVAL).
 */

#include <stdbool.h>
#include <stddef.h>

#include "seam/client.h"
#include "seam/objects.h"
#include "seam/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What an update does to one optional field. */
enum seamc_update {
    SEAMC_UPDATE_LEAVE = 0, /* not sent: the field keeps its value */
    SEAMC_UPDATE_SET = 1,   /* sent with `value` */
    SEAMC_UPDATE_NULL = 2,  /* sent as JSON null: the field is cleared */
};

/* An optional text field of an update. Zero means "leave". SET with a
 * NULL value is refused (SEAMC_EINVAL), as it is almost surely a bug. */
struct seamc_update_string {
    enum seamc_update op;
    const char *value; /* borrowed; read only when op is SET */
};

/* Initialisers for struct seamc_update_string fields. */
#define SEAMC_UPDATE_TO(text)                                                  \
    ((struct seamc_update_string){ SEAMC_UPDATE_SET, (text) })
#define SEAMC_UPDATE_TO_NULL                                                   \
    ((struct seamc_update_string){ SEAMC_UPDATE_NULL, NULL })

/* Paging of a list call. */
struct seamc_page_params {
    int limit;               /* page size; 0: the server's default */
    const char *page_cursor; /* start here; NULL: the first page */
    /* Follow `next_page_cursor` until the last page and return every
     * item in one list (stopping with SEAMC_EPAGE_LOOP on a repeated
     * cursor). Otherwise one page is fetched. */
    bool all_pages;
};

/* ---- /acs/systems ---------------------------------------------------- */

SEAMC_API enum seamc_status seamc_acs_systems_get(seamc_client *client,
                                                  const char *acs_system_id,
                                                  struct seamc_acs_system *out,
                                                  struct seamc_error *err);

struct seamc_acs_systems_list_params {
    const char *connected_account_id;
    const char *search;
};

/* `params` may be NULL (every system in the workspace). */
SEAMC_API enum seamc_status seamc_acs_systems_list(
    seamc_client *client, const struct seamc_acs_systems_list_params *params,
    struct seamc_acs_system_list *out, struct seamc_error *err);

/* ---- /acs/entrances -------------------------------------------------- */

SEAMC_API enum seamc_status
seamc_acs_entrances_get(seamc_client *client, const char *acs_entrance_id,
                        struct seamc_acs_entrance *out,
                        struct seamc_error *err);

struct seamc_acs_entrances_list_params {
    const char *acs_system_id;
    const char *acs_credential_id;
    const char *connected_account_id;
    const char *search;
    struct seamc_page_params page;
};

/* `params` may be NULL. */
SEAMC_API enum seamc_status seamc_acs_entrances_list(
    seamc_client *client, const struct seamc_acs_entrances_list_params *params,
    struct seamc_acs_entrance_list *out, struct seamc_error *err);

SEAMC_API enum seamc_status seamc_acs_entrances_list_credentials_with_access(
    seamc_client *client, const char *acs_entrance_id,
    struct seamc_acs_credential_list *out, struct seamc_error *err);

/* ---- /acs/users ------------------------------------------------------ */

/*
 * Names one ACS user: either `acs_user_id`, or `user_identity_id` plus
 * `acs_system_id`. Anything else is refused with SEAMC_EINVAL.
 */
struct seamc_acs_user_ref {
    const char *acs_user_id;
    const char *user_identity_id;
    const char *acs_system_id;
};

struct seamc_acs_users_create_params {
    const char *acs_system_id; /* required */
    const char *full_name;     /* required */
    const char *email_address;
    const char *phone_number; /* E.164, e.g. "+15555550100" */
    const char *user_identity_id;
    /* Sent as `access_schedule` when either is set. */
    const char *access_schedule_starts_at;
    const char *access_schedule_ends_at;
    const char *const *acs_access_group_ids; /* borrowed array */
    size_t acs_access_group_count;
};

SEAMC_API enum seamc_status
seamc_acs_users_create(seamc_client *client,
                       const struct seamc_acs_users_create_params *params,
                       struct seamc_acs_user *out, struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_acs_users_get(seamc_client *client, const struct seamc_acs_user_ref *user,
                    struct seamc_acs_user *out, struct seamc_error *err);

struct seamc_acs_users_list_params {
    const char *acs_system_id;
    const char *user_identity_id;
    const char *user_identity_email_address;
    const char *user_identity_phone_number;
    const char *search;
    const char *created_before;
    struct seamc_page_params page;
};

/* `params` may be NULL. */
SEAMC_API enum seamc_status
seamc_acs_users_list(seamc_client *client,
                     const struct seamc_acs_users_list_params *params,
                     struct seamc_acs_user_list *out, struct seamc_error *err);

/* An optional object field of an update (the user's access schedule). */
struct seamc_update_schedule {
    enum seamc_update op;
    const char *starts_at; /* read only when op is SET */
    const char *ends_at;   /* read only when op is SET; NULL: open-ended */
};

struct seamc_acs_users_update_params {
    struct seamc_acs_user_ref user; /* required */
    struct seamc_update_string full_name;
    struct seamc_update_string email_address;
    struct seamc_update_string phone_number;
    struct seamc_update_schedule access_schedule;
};

SEAMC_API enum seamc_status
seamc_acs_users_update(seamc_client *client,
                       const struct seamc_acs_users_update_params *params,
                       struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_acs_users_delete(seamc_client *client,
                       const struct seamc_acs_user_ref *user,
                       struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_acs_users_suspend(seamc_client *client,
                        const struct seamc_acs_user_ref *user,
                        struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_acs_users_unsuspend(seamc_client *client,
                          const struct seamc_acs_user_ref *user,
                          struct seamc_error *err);

SEAMC_API enum seamc_status seamc_acs_users_list_accessible_entrances(
    seamc_client *client, const struct seamc_acs_user_ref *user,
    struct seamc_acs_entrance_list *out, struct seamc_error *err);

SEAMC_API enum seamc_status seamc_acs_users_revoke_access_to_all_entrances(
    seamc_client *client, const struct seamc_acs_user_ref *user,
    struct seamc_error *err);

/* ---- /acs/credentials ------------------------------------------------ */

struct seamc_acs_credentials_create_params {
    /* The owner: `acs_user_id`, or `user_identity_id` + `acs_system_id`. */
    const char *acs_user_id;
    const char *user_identity_id;
    const char *acs_system_id;
    enum seamc_access_method access_method; /* required (not UNKNOWN) */
    /* Latch: a "code" credential takes exactly one entrance. */
    const char *const *allowed_acs_entrance_ids; /* borrowed array */
    size_t allowed_acs_entrance_count;
    /* The PIN, digits only. Leave NULL for Latch, which generates it. */
    const char *code;
    const char *starts_at;
    const char *ends_at;
    bool is_multi_phone_sync_credential; /* sent only when true */
    const char *credential_manager_acs_system_id;
};

SEAMC_API enum seamc_status seamc_acs_credentials_create(
    seamc_client *client,
    const struct seamc_acs_credentials_create_params *params,
    struct seamc_acs_credential *out, struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_acs_credentials_get(seamc_client *client, const char *acs_credential_id,
                          struct seamc_acs_credential *out,
                          struct seamc_error *err);

struct seamc_acs_credentials_list_params {
    const char *acs_user_id;
    const char *acs_system_id;
    const char *user_identity_id;
    const char *search;
    const char *created_before;
    struct seamc_page_params page;
};

/* `params` may be NULL. */
SEAMC_API enum seamc_status seamc_acs_credentials_list(
    seamc_client *client,
    const struct seamc_acs_credentials_list_params *params,
    struct seamc_acs_credential_list *out, struct seamc_error *err);

struct seamc_acs_credentials_update_params {
    const char *acs_credential_id; /* required */
    struct seamc_update_string code;
    struct seamc_update_string ends_at;
};

/* `out` may be NULL when the updated credential is not wanted; when
 * given, an answer without `acs_credential` is SEAMC_EPROTOCOL. */
SEAMC_API enum seamc_status seamc_acs_credentials_update(
    seamc_client *client,
    const struct seamc_acs_credentials_update_params *params,
    struct seamc_acs_credential *out, struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_acs_credentials_delete(seamc_client *client,
                             const char *acs_credential_id,
                             struct seamc_error *err);

SEAMC_API enum seamc_status seamc_acs_credentials_list_accessible_entrances(
    seamc_client *client, const char *acs_credential_id,
    struct seamc_acs_entrance_list *out, struct seamc_error *err);

/* ---- /user_identities ------------------------------------------------ */

struct seamc_user_identities_create_params {
    const char *user_identity_key;
    const char *email_address;
    const char *phone_number;
    const char *full_name;
    const char *const *acs_system_ids; /* borrowed array */
    size_t acs_system_count;
};

/* `params` may be NULL (an identity with no details). */
SEAMC_API enum seamc_status seamc_user_identities_create(
    seamc_client *client,
    const struct seamc_user_identities_create_params *params,
    struct seamc_user_identity *out, struct seamc_error *err);

/* Names one identity: exactly one of the two fields. */
struct seamc_user_identity_ref {
    const char *user_identity_id;
    const char *user_identity_key;
};

SEAMC_API enum seamc_status seamc_user_identities_get(
    seamc_client *client, const struct seamc_user_identity_ref *identity,
    struct seamc_user_identity *out, struct seamc_error *err);

struct seamc_user_identities_list_params {
    const char *search;
    const char *created_before;
    const char *credential_manager_acs_system_id;
    const char *const *user_identity_ids; /* borrowed array */
    size_t user_identity_count;
    struct seamc_page_params page;
};

/* `params` may be NULL. */
SEAMC_API enum seamc_status seamc_user_identities_list(
    seamc_client *client,
    const struct seamc_user_identities_list_params *params,
    struct seamc_user_identity_list *out, struct seamc_error *err);

struct seamc_user_identities_update_params {
    const char *user_identity_id; /* required */
    struct seamc_update_string user_identity_key;
    struct seamc_update_string email_address;
    struct seamc_update_string phone_number;
    struct seamc_update_string full_name;
};

SEAMC_API enum seamc_status seamc_user_identities_update(
    seamc_client *client,
    const struct seamc_user_identities_update_params *params,
    struct seamc_error *err);

SEAMC_API enum seamc_status
seamc_user_identities_delete(seamc_client *client, const char *user_identity_id,
                             struct seamc_error *err);

SEAMC_API enum seamc_status seamc_user_identities_add_acs_user(
    seamc_client *client, const char *user_identity_id, const char *acs_user_id,
    struct seamc_error *err);

SEAMC_API enum seamc_status seamc_user_identities_remove_acs_user(
    seamc_client *client, const char *user_identity_id, const char *acs_user_id,
    struct seamc_error *err);

SEAMC_API enum seamc_status seamc_user_identities_list_acs_users(
    seamc_client *client, const char *user_identity_id,
    struct seamc_acs_user_list *out, struct seamc_error *err);

SEAMC_API enum seamc_status seamc_user_identities_list_accessible_entrances(
    seamc_client *client, const char *user_identity_id,
    struct seamc_acs_entrance_list *out, struct seamc_error *err);

/* ---- /workspaces ----------------------------------------------------- */

/* The workspace the API key belongs to. */
SEAMC_API enum seamc_status seamc_workspaces_get(seamc_client *client,
                                                 struct seamc_workspace *out,
                                                 struct seamc_error *err);

#ifdef __cplusplus
}
#endif

#endif
