#ifndef SEAM_API_H
#define SEAM_API_H

/*
 * Typed calls, one per route, for the ACS routes of the Seam Connect API
 * (systems, entrances, users, credentials), user identities, events,
 * action attempts, webhooks and workspaces: every route seam-sim serves
 * apart from its /_fake control routes. Other routes (devices, access
 * codes, ...) are reached with seamc_call().
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

/*
 * Asks for the entrance to be unlocked for the holder of a credential
 * (Seam: a cloud_key credential). The answer is an action attempt,
 * usually "pending"; seamc_action_attempts_wait() waits for its outcome.
 * SEAMC_OK only means the request was taken: Latch has no remote unlock,
 * so there the attempt comes back already in status "error", with
 * error_type "not_supported". A write, so never retried by default.
 */
SEAMC_API enum seamc_status
seamc_acs_entrances_unlock(seamc_client *client, const char *acs_entrance_id,
                           const char *acs_credential_id,
                           struct seamc_action_attempt *out,
                           struct seamc_error *err);

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

/* ---- /events --------------------------------------------------------- */

struct seamc_events_list_params {
    /* The window, required, exactly one of the two: `since` (events
     * created after it) or both ends of `between` (exclusive). */
    const char *since;
    const char *between[2];
    /* Filters; each one set narrows the list. */
    const char *acs_system_id;
    const char *const *acs_system_ids; /* borrowed array */
    size_t acs_system_count;
    const char *acs_user_id;
    const char *acs_credential_id;
    const char *acs_entrance_id;
    const char *user_identity_id;
    const char *connected_account_id;
    const char *event_type;
    const char *const *event_types; /* borrowed array */
    size_t event_type_count;
    const char *const *event_ids; /* borrowed array */
    size_t event_id_count;
    int limit; /* most events answered; 0: the server's default (500) */
};

/*
 * Events in a time window. The route is not paginated: one answer holds
 * at most `limit` events, so narrow the window (or the filters) to see
 * the rest. `params` is required.
 */
SEAMC_API enum seamc_status
seamc_events_list(seamc_client *client,
                  const struct seamc_events_list_params *params,
                  struct seamc_event_list *out, struct seamc_error *err);

/* Names one event: exactly one of `event_id`, or `event_type` for an
 * event of that type (the simulator picks the newest). */
struct seamc_event_ref {
    const char *event_id;
    const char *event_type;
};

/* An answer without `event` (Seam documents it as optional) is
 * SEAMC_EPROTOCOL. */
SEAMC_API enum seamc_status
seamc_events_get(seamc_client *client, const struct seamc_event_ref *event,
                 struct seamc_event *out, struct seamc_error *err);

/* ---- /action_attempts ------------------------------------------------ */

SEAMC_API enum seamc_status
seamc_action_attempts_get(seamc_client *client, const char *action_attempt_id,
                          struct seamc_action_attempt *out,
                          struct seamc_error *err);

struct seamc_action_attempts_list_params {
    const char *const *action_attempt_ids; /* borrowed array */
    size_t action_attempt_count;
    struct seamc_page_params page;
};

/* `params` may be NULL (every attempt in the workspace). */
SEAMC_API enum seamc_status seamc_action_attempts_list(
    seamc_client *client,
    const struct seamc_action_attempts_list_params *params,
    struct seamc_action_attempt_list *out, struct seamc_error *err);

/* The official SDKs' defaults for waiting on an action attempt. */
#define SEAMC_DEFAULT_ACTION_POLL_INTERVAL_MS 1000L
#define SEAMC_DEFAULT_ACTION_WAIT_TIMEOUT_MS  10000L

/* How seamc_action_attempts_wait polls. Zero fields mean the defaults. */
struct seamc_action_wait_options {
    long poll_interval_ms; /* pause between two polls */
    long timeout_ms;       /* give up once this much time has passed */
};

/*
 * Waits for an action attempt to finish, as the official SDKs do: asks
 * /action_attempts/get at once, then after every poll interval, until
 * the status is no longer "pending". The last poll falls on the timeout.
 * The pauses go through the handle's `delay` function when it has one,
 * and their sum counts as time passed even when that function returns
 * early. `options` may be NULL (the defaults). Returns:
 *  - SEAMC_OK: status "success"; `out` holds the attempt and its result;
 *  - SEAMC_EACTION_FAILED: status "error"; `err->type` and
 *    `err->message` are the attempt's `error.type` and `error.message`;
 *  - SEAMC_EACTION_TIMEOUT: still "pending" when the time was up;
 *  - SEAMC_EPROTOCOL: a status this library does not know;
 *  - whatever a failed /action_attempts/get call returned (each poll is
 *    a read, retried as the handle allows).
 * On every failure `out` is left zeroed.
 */
SEAMC_API enum seamc_status
seamc_action_attempts_wait(seamc_client *client, const char *action_attempt_id,
                           const struct seamc_action_wait_options *options,
                           struct seamc_action_attempt *out,
                           struct seamc_error *err);

/* ---- /webhooks ------------------------------------------------------- */

struct seamc_webhooks_create_params {
    const char *url; /* required; seam-sim accepts only loopback hosts */
    /* The event types to receive; none sent means Seam's default, every
     * type (["*"]). */
    const char *const *event_types; /* borrowed array */
    size_t event_type_count;
};

/* `out->secret` holds the signing secret for <seam/webhook.h>. */
SEAMC_API enum seamc_status
seamc_webhooks_create(seamc_client *client,
                      const struct seamc_webhooks_create_params *params,
                      struct seamc_webhook *out, struct seamc_error *err);

SEAMC_API enum seamc_status seamc_webhooks_get(seamc_client *client,
                                               const char *webhook_id,
                                               struct seamc_webhook *out,
                                               struct seamc_error *err);

/* Every webhook of the workspace (not paginated). */
SEAMC_API enum seamc_status seamc_webhooks_list(seamc_client *client,
                                                struct seamc_webhook_list *out,
                                                struct seamc_error *err);

struct seamc_webhooks_update_params {
    const char *webhook_id; /* required */
    /* Required: the new event types, replacing the old ones. A non-NULL
     * array with a count of 0 sends [] (the webhook then receives
     * nothing); a NULL array is refused. */
    const char *const *event_types; /* borrowed array */
    size_t event_type_count;
};

SEAMC_API enum seamc_status
seamc_webhooks_update(seamc_client *client,
                      const struct seamc_webhooks_update_params *params,
                      struct seamc_error *err);

SEAMC_API enum seamc_status seamc_webhooks_delete(seamc_client *client,
                                                  const char *webhook_id,
                                                  struct seamc_error *err);

/* ---- /workspaces ----------------------------------------------------- */

/* The workspace the API key belongs to. */
SEAMC_API enum seamc_status seamc_workspaces_get(seamc_client *client,
                                                 struct seamc_workspace *out,
                                                 struct seamc_error *err);

#ifdef __cplusplus
}
#endif

#endif
