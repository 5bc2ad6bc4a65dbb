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
 * zeroed object is harmless. Only the object's id is required: a
 * response without it fails with SEAMC_EPROTOCOL.
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

#ifdef __cplusplus
}
#endif

#endif
