#ifndef SEAM_OBJECTS_H
#define SEAM_OBJECTS_H

/*
 * Parsed API objects returned by the typed calls in <seam/api.h>.
 *
 * Each object owns `raw`, the object's complete JSON as the server sent
 * it, so fields this library does not know about are never lost. The
 * `const char *` fields are borrowed from `raw`: they are NULL when the
 * field was absent, null or not a string, and stay valid until the
 * object is released. Release every object (and list) that a call filled
 * with its `*_release` function, which also zeroes it; releasing a
 * zeroed object is harmless. Only the object's id is required (and the
 * few fields marked "required" below, which the waiter and filters rely
 * on): a response without it fails with SEAMC_EPROTOCOL.
 *
 * Timestamps are kept as the server's ISO 8601 text. Enumerations keep
 * their text too, so a value newer than this library is still readable.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "seam/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `access_method` of a credential. */
enum seamc_access_method {
    SEAMC_ACCESS_METHOD_UNKNOWN = 0, /* absent or newer than the library */
    SEAMC_ACCESS_METHOD_CODE = 1,
    SEAMC_ACCESS_METHOD_CARD = 2,
    SEAMC_ACCESS_METHOD_MOBILE_KEY = 3,
    SEAMC_ACCESS_METHOD_CLOUD_KEY = 4,
};

/* The API spelling ("code", "mobile_key", ...); NULL for UNKNOWN or an
 * out-of-range value. Static string. */
SEAMC_API const char *seamc_access_method_name(enum seamc_access_method m);

/* The enumerator for an API spelling; UNKNOWN for NULL or unknown text. */
SEAMC_API enum seamc_access_method
seamc_access_method_from_name(const char *name);

struct seamc_acs_system {
    const char *acs_system_id;
    const char *name;
    const char *external_type; /* e.g. "latch_building" */
    const char *workspace_id;
    const char *connected_account_id;
    const char *created_at;
    cJSON *raw; /* owned */
};

struct seamc_acs_entrance {
    const char *acs_entrance_id;
    const char *acs_system_id;
    const char *connected_account_id;
    const char *display_name;
    const char *created_at;
    cJSON *raw; /* owned */
};

struct seamc_acs_user {
    const char *acs_user_id;
    const char *acs_system_id;
    const char *workspace_id;
    const char *display_name;
    const char *full_name;
    const char *email_address;
    const char *phone_number;
    const char *user_identity_id;
    const char *external_type; /* e.g. "latch_user" */
    const char *created_at;
    bool is_suspended; /* false when absent */
    cJSON *raw;        /* owned */
};

struct seamc_acs_credential {
    const char *acs_credential_id;
    const char *acs_user_id;
    const char *acs_system_id;
    const char *user_identity_id;
    const char *display_name;
    enum seamc_access_method access_method;
    const char *access_method_text; /* as sent, also when UNKNOWN */
    /* The PIN, always text: leading zeros matter. NULL when not (yet)
     * known. */
    const char *code;
    const char *starts_at;
    const char *ends_at;
    const char *external_type; /* e.g. "latch_access" */
    const char *created_at;
    bool is_multi_phone_sync_credential; /* false when absent */
    cJSON *raw;                          /* owned */
};

struct seamc_user_identity {
    const char *user_identity_id;
    const char *user_identity_key;
    const char *email_address;
    const char *phone_number;
    const char *full_name;
    const char *display_name;
    const char *workspace_id;
    const char *created_at;
    cJSON *raw; /* owned */
};

struct seamc_workspace {
    const char *workspace_id;
    const char *name;
    const char *company_name;
    bool is_sandbox; /* false when absent */
    cJSON *raw;      /* owned */
};

/*
 * Something that happened in the workspace, from /events/list or
 * /events/get. Seam has over a hundred event types, each with its own
 * ids; the common ones are below and every other field is in `raw`.
 */
struct seamc_event {
    const char *event_id;
    const char *event_type; /* required; e.g. "acs_user.created" */
    const char *workspace_id;
    const char *created_at;
    const char *occurred_at;
    const char *event_description; /* human text, when sent */
    /* The ids the event names, NULL when it names none of that kind. */
    const char *acs_system_id;
    const char *acs_user_id;
    const char *acs_credential_id;
    const char *acs_entrance_id;
    const char *user_identity_id;
    const char *connected_account_id;
    cJSON *raw; /* owned */
};

/* `status` of an action attempt. */
enum seamc_action_attempt_status {
    SEAMC_ACTION_ATTEMPT_UNKNOWN = 0, /* newer than the library */
    SEAMC_ACTION_ATTEMPT_PENDING = 1,
    SEAMC_ACTION_ATTEMPT_SUCCESS = 2,
    SEAMC_ACTION_ATTEMPT_ERROR = 3,
};

/* The API spelling ("pending", ...); NULL for UNKNOWN or an out-of-range
 * value. Static string. */
SEAMC_API const char *
seamc_action_attempt_status_name(enum seamc_action_attempt_status s);

/* The enumerator for an API spelling; UNKNOWN for NULL or unknown text. */
SEAMC_API enum seamc_action_attempt_status
seamc_action_attempt_status_from_name(const char *name);

/*
 * An asynchronous action (e.g. UNLOCK_DOOR) and how far it got. See
 * seamc_action_attempts_wait() in <seam/api.h> to wait for the outcome.
 */
struct seamc_action_attempt {
    const char *action_attempt_id;
    const char *action_type; /* e.g. "UNLOCK_DOOR" */
    enum seamc_action_attempt_status status;
    const char *status_text; /* required; as sent, also when UNKNOWN */
    /* Borrowed from `raw`: the `result` object on success, else NULL. */
    const cJSON *result;
    /* `error.type` and `error.message` when the status is "error". */
    const char *error_type;
    const char *error_message;
    cJSON *raw; /* owned */
};

/* A webhook endpoint Seam posts events to. */
struct seamc_webhook {
    const char *webhook_id;
    const char *url; /* required */
    /* The event types it receives ("*": all). Owned array of strings
     * borrowed from `raw`; non-string entries are left out. NULL and 0
     * when the field was absent. */
    const char **event_types;
    size_t event_type_count;
    /* The signing secret ("whsec_..."), for <seam/webhook.h>; NULL when
     * the answer did not include it. */
    const char *secret;
    cJSON *raw; /* owned */
};

/*
 * Lists. `items` is an owned array of `count` objects (NULL when empty).
 * For paginated routes, `has_next_page` and `next_page_cursor` (owned
 * text, NULL when there is no next page) describe what follows the
 * last page fetched.
 */
struct seamc_acs_system_list {
    struct seamc_acs_system *items;
    size_t count;
};

struct seamc_acs_entrance_list {
    struct seamc_acs_entrance *items;
    size_t count;
    bool has_next_page;
    char *next_page_cursor;
};

struct seamc_acs_user_list {
    struct seamc_acs_user *items;
    size_t count;
    bool has_next_page;
    char *next_page_cursor;
};

struct seamc_acs_credential_list {
    struct seamc_acs_credential *items;
    size_t count;
    bool has_next_page;
    char *next_page_cursor;
};

struct seamc_user_identity_list {
    struct seamc_user_identity *items;
    size_t count;
    bool has_next_page;
    char *next_page_cursor;
};

struct seamc_event_list {
    struct seamc_event *items;
    size_t count;
};

struct seamc_action_attempt_list {
    struct seamc_action_attempt *items;
    size_t count;
    bool has_next_page;
    char *next_page_cursor;
};

struct seamc_webhook_list {
    struct seamc_webhook *items;
    size_t count;
};

/* Release functions: free everything the object or list owns and zero
 * it. NULL is allowed. */
SEAMC_API void seamc_acs_system_release(struct seamc_acs_system *o);
SEAMC_API void seamc_acs_entrance_release(struct seamc_acs_entrance *o);
SEAMC_API void seamc_acs_user_release(struct seamc_acs_user *o);
SEAMC_API void seamc_acs_credential_release(struct seamc_acs_credential *o);
SEAMC_API void seamc_user_identity_release(struct seamc_user_identity *o);
SEAMC_API void seamc_workspace_release(struct seamc_workspace *o);
SEAMC_API void seamc_acs_system_list_release(struct seamc_acs_system_list *l);
SEAMC_API void
seamc_acs_entrance_list_release(struct seamc_acs_entrance_list *l);
SEAMC_API void seamc_acs_user_list_release(struct seamc_acs_user_list *l);
SEAMC_API void
seamc_acs_credential_list_release(struct seamc_acs_credential_list *l);
SEAMC_API void
seamc_user_identity_list_release(struct seamc_user_identity_list *l);
SEAMC_API void seamc_event_release(struct seamc_event *o);
SEAMC_API void seamc_action_attempt_release(struct seamc_action_attempt *o);
SEAMC_API void seamc_webhook_release(struct seamc_webhook *o);
SEAMC_API void seamc_event_list_release(struct seamc_event_list *l);
SEAMC_API void
seamc_action_attempt_list_release(struct seamc_action_attempt_list *l);
SEAMC_API void seamc_webhook_list_release(struct seamc_webhook_list *l);

/*
 * Checks a route's answer `body` (borrowed) the way the typed calls do
 * before parsing it, for callers that keep the JSON (seam-cli, generic
 * calls). `key` names what the answer must hold: an object name
 * ("acs_user", "action_attempt", ...) wants an object with its id and
 * required fields; a list name ("acs_users", ...) an array of such
 * objects. With `paginated`, the "pagination" object must be well formed
 * too (a next page needs a cursor). Returns SEAMC_OK, SEAMC_EPROTOCOL
 * with `err` (may be NULL) naming the fault, or SEAMC_EINVAL when `key`
 * names no object type of this library.
 */
SEAMC_API enum seamc_status seamc_check_answer(const cJSON *body,
                                               const char *key, bool paginated,
                                               struct seamc_error *err);

#ifdef __cplusplus
}
#endif

#endif
