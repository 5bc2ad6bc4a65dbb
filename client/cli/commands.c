/* The seam-cli command table (see commands.h). */

#include "commands.h"

#define END_FLAGS                                                              \
    {                                                                          \
        NULL, NULL, CLI_FLAG_STRING, false, NULL                               \
    }

static const struct cli_flag no_flags[] = { END_FLAGS };

static const struct cli_flag system_id_flags[] = {
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, true,
      "ACS system id" },
    END_FLAGS,
};

static const struct cli_flag systems_list_flags[] = {
    { "connected-account-id", "connected_account_id", CLI_FLAG_STRING, false,
      "only systems of this connected account" },
    { "search", "search", CLI_FLAG_STRING, false,
      "partial match on name or id" },
    END_FLAGS,
};

static const struct cli_flag entrance_id_flags[] = {
    { "acs-entrance-id", "acs_entrance_id", CLI_FLAG_STRING, true,
      "entrance id" },
    END_FLAGS,
};

static const struct cli_flag entrances_list_flags[] = {
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, false,
      "only entrances of this system" },
    { "acs-credential-id", "acs_credential_id", CLI_FLAG_STRING, false,
      "only entrances this credential opens" },
    { "connected-account-id", "connected_account_id", CLI_FLAG_STRING, false,
      "only entrances of this connected account" },
    { "search", "search", CLI_FLAG_STRING, false, "match on display name" },
    END_FLAGS,
};

/* Names an ACS user: --acs-user-id, or --user-identity-id with
 * --acs-system-id. The server judges the combination. */
static const struct cli_flag user_ref_flags[] = {
    { "acs-user-id", "acs_user_id", CLI_FLAG_STRING, false, "ACS user id" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "user identity id (with --acs-system-id)" },
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, false,
      "ACS system id (with --user-identity-id)" },
    END_FLAGS,
};

static const struct cli_flag users_create_flags[] = {
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, true,
      "system to create the user in" },
    { "full-name", "full_name", CLI_FLAG_STRING, true, "full name" },
    { "email-address", "email_address", CLI_FLAG_STRING, false, "email" },
    { "phone-number", "phone_number", CLI_FLAG_STRING, false,
      "phone number, E.164" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "identity to link the user to" },
    { "starts-at", "access_schedule.starts_at", CLI_FLAG_STRING, false,
      "access starts (ISO 8601)" },
    { "ends-at", "access_schedule.ends_at", CLI_FLAG_STRING, false,
      "access ends (ISO 8601)" },
    { "acs-access-group-id", "acs_access_group_ids", CLI_FLAG_STRINGS, false,
      "access group (repeatable)" },
    END_FLAGS,
};

static const struct cli_flag users_list_flags[] = {
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, false,
      "only users of this system" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "only users of this identity" },
    { "user-identity-email-address", "user_identity_email_address",
      CLI_FLAG_STRING, false, "only users of the identity with this email" },
    { "user-identity-phone-number", "user_identity_phone_number",
      CLI_FLAG_STRING, false, "only users of the identity with this phone" },
    { "search", "search", CLI_FLAG_STRING, false,
      "partial match on name, email, phone or ids" },
    { "created-before", "created_before", CLI_FLAG_STRING, false,
      "only users created before (ISO 8601)" },
    END_FLAGS,
};

static const struct cli_flag users_update_flags[] = {
    { "acs-user-id", "acs_user_id", CLI_FLAG_STRING, false, "ACS user id" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "user identity id (with --acs-system-id)" },
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, false,
      "ACS system id (with --user-identity-id)" },
    { "full-name", "full_name", CLI_FLAG_NULLABLE, false, "new full name" },
    { "email-address", "email_address", CLI_FLAG_NULLABLE, false, "new email" },
    { "phone-number", "phone_number", CLI_FLAG_NULLABLE, false,
      "new phone number" },
    { "starts-at", "access_schedule.starts_at", CLI_FLAG_STRING, false,
      "new schedule start (ISO 8601)" },
    { "ends-at", "access_schedule.ends_at", CLI_FLAG_NULLABLE, false,
      "new schedule end (ISO 8601)" },
    END_FLAGS,
};

static const struct cli_flag credential_id_flags[] = {
    { "acs-credential-id", "acs_credential_id", CLI_FLAG_STRING, true,
      "credential id" },
    END_FLAGS,
};

static const struct cli_flag credentials_create_flags[] = {
    { "acs-user-id", "acs_user_id", CLI_FLAG_STRING, false,
      "owner (or --user-identity-id with --acs-system-id)" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "owner identity" },
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, false,
      "system, with --user-identity-id" },
    { "access-method", "access_method", CLI_FLAG_STRING, true,
      "code, card, mobile_key or cloud_key" },
    { "entrance", "allowed_acs_entrance_ids", CLI_FLAG_STRINGS, false,
      "entrance id (repeatable; Latch codes take exactly one)" },
    { "code", "code", CLI_FLAG_STRING, false,
      "PIN digits (not allowed for Latch)" },
    { "starts-at", "starts_at", CLI_FLAG_STRING, false, "ISO 8601" },
    { "ends-at", "ends_at", CLI_FLAG_STRING, false, "ISO 8601" },
    { "is-multi-phone-sync-credential", "is_multi_phone_sync_credential",
      CLI_FLAG_BOOL, false, "mobile key shared across phones" },
    { "credential-manager-acs-system-id", "credential_manager_acs_system_id",
      CLI_FLAG_STRING, false, "credential manager system" },
    END_FLAGS,
};

static const struct cli_flag credentials_list_flags[] = {
    { "acs-user-id", "acs_user_id", CLI_FLAG_STRING, false,
      "only this user's credentials" },
    { "acs-system-id", "acs_system_id", CLI_FLAG_STRING, false,
      "only this system's credentials" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "only this identity's credentials" },
    { "search", "search", CLI_FLAG_STRING, false, "partial match" },
    { "created-before", "created_before", CLI_FLAG_STRING, false,
      "only credentials created before (ISO 8601)" },
    END_FLAGS,
};

static const struct cli_flag credentials_update_flags[] = {
    { "acs-credential-id", "acs_credential_id", CLI_FLAG_STRING, true,
      "credential id" },
    { "code", "code", CLI_FLAG_STRING, false, "new PIN digits" },
    { "ends-at", "ends_at", CLI_FLAG_STRING, false, "new end (ISO 8601)" },
    END_FLAGS,
};

static const struct cli_flag identities_create_flags[] = {
    { "user-identity-key", "user_identity_key", CLI_FLAG_STRING, false,
      "your own unique key" },
    { "email-address", "email_address", CLI_FLAG_STRING, false, "email" },
    { "phone-number", "phone_number", CLI_FLAG_STRING, false,
      "phone number, E.164" },
    { "full-name", "full_name", CLI_FLAG_STRING, false, "full name" },
    { "acs-system-id", "acs_system_ids", CLI_FLAG_STRINGS, false,
      "also create or link a user in this system (repeatable)" },
    END_FLAGS,
};

static const struct cli_flag identity_id_flags[] = {
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, true,
      "user identity id" },
    END_FLAGS,
};

static const struct cli_flag identities_get_flags[] = {
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "user identity id (or --user-identity-key)" },
    { "user-identity-key", "user_identity_key", CLI_FLAG_STRING, false,
      "your key for the identity" },
    END_FLAGS,
};

static const struct cli_flag identities_list_flags[] = {
    { "search", "search", CLI_FLAG_STRING, false, "partial match" },
    { "created-before", "created_before", CLI_FLAG_STRING, false,
      "only identities created before (ISO 8601)" },
    { "user-identity-id", "user_identity_ids", CLI_FLAG_STRINGS, false,
      "only these identities (repeatable)" },
    { "credential-manager-acs-system-id", "credential_manager_acs_system_id",
      CLI_FLAG_STRING, false, "only identities enrolled there" },
    END_FLAGS,
};

static const struct cli_flag identities_update_flags[] = {
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, true,
      "user identity id" },
    { "user-identity-key", "user_identity_key", CLI_FLAG_NULLABLE, false,
      "new key" },
    { "email-address", "email_address", CLI_FLAG_NULLABLE, false, "new email" },
    { "phone-number", "phone_number", CLI_FLAG_NULLABLE, false,
      "new phone number" },
    { "full-name", "full_name", CLI_FLAG_NULLABLE, false, "new full name" },
    END_FLAGS,
};

static const struct cli_flag identity_user_flags[] = {
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, true,
      "user identity id" },
    { "acs-user-id", "acs_user_id", CLI_FLAG_STRING, true, "ACS user id" },
    END_FLAGS,
};

static const struct cli_flag unlock_flags[] = {
    { "acs-entrance-id", "acs_entrance_id", CLI_FLAG_STRING, true,
      "entrance to unlock" },
    { "acs-credential-id", "acs_credential_id", CLI_FLAG_STRING, true,
      "credential to unlock it with (Seam: a cloud_key)" },
    END_FLAGS,
};

static const struct cli_flag events_list_flags[] = {
    { "since", "since", CLI_FLAG_STRING, false,
      "events created after this time (ISO 8601; or --between)" },
    { "between", "between", CLI_FLAG_STRINGS, false,
      "give twice: start and end of the window (ISO 8601)" },
    { "acs-system-id", "acs_system_ids", CLI_FLAG_STRINGS, false,
      "only events of this system (repeatable)" },
    { "acs-user-id", "acs_user_id", CLI_FLAG_STRING, false,
      "only events of this ACS user" },
    { "acs-credential-id", "acs_credential_id", CLI_FLAG_STRING, false,
      "only events of this credential" },
    { "acs-entrance-id", "acs_entrance_id", CLI_FLAG_STRING, false,
      "only events of this entrance" },
    { "user-identity-id", "user_identity_id", CLI_FLAG_STRING, false,
      "only events of this user identity" },
    { "connected-account-id", "connected_account_id", CLI_FLAG_STRING, false,
      "only events of this connected account" },
    { "event-type", "event_types", CLI_FLAG_STRINGS, false,
      "only this type, e.g. acs_user.created (repeatable)" },
    { "event-id", "event_ids", CLI_FLAG_STRINGS, false,
      "only this event (repeatable)" },
    { "limit", "limit", CLI_FLAG_INT, false,
      "most events answered (not paginated; default 500)" },
    END_FLAGS,
};

static const struct cli_flag events_get_flags[] = {
    { "event-id", "event_id", CLI_FLAG_STRING, false,
      "event id (or --event-type)" },
    { "event-type", "event_type", CLI_FLAG_STRING, false,
      "an event of this type" },
    END_FLAGS,
};

static const struct cli_flag action_attempt_id_flags[] = {
    { "action-attempt-id", "action_attempt_id", CLI_FLAG_STRING, true,
      "action attempt id" },
    END_FLAGS,
};

static const struct cli_flag action_attempts_list_flags[] = {
    { "action-attempt-id", "action_attempt_ids", CLI_FLAG_STRINGS, false,
      "only these attempts (repeatable)" },
    END_FLAGS,
};

static const struct cli_flag webhooks_create_flags[] = {
    { "url", "url", CLI_FLAG_STRING, true, "where events are posted" },
    { "event-type", "event_types", CLI_FLAG_STRINGS, false,
      "event type to receive (repeatable; default all, \"*\")" },
    END_FLAGS,
};

static const struct cli_flag webhook_id_flags[] = {
    { "webhook-id", "webhook_id", CLI_FLAG_STRING, true, "webhook id" },
    END_FLAGS,
};

static const struct cli_flag webhooks_update_flags[] = {
    { "webhook-id", "webhook_id", CLI_FLAG_STRING, true, "webhook id" },
    { "event-type", "event_types", CLI_FLAG_STRINGS, true,
      "event type to receive from now on (repeatable)" },
    END_FLAGS,
};

#define CMD(w1, w2, w3, route, key, paged, summary, flags)                     \
    {                                                                          \
        { w1, w2, w3 }, route, key, paged, false, summary, flags               \
    }
/* A command answering with an action attempt (--wait polls it). */
#define ACTION_CMD(w1, w2, w3, route, summary, flags)                          \
    {                                                                          \
        { w1, w2, w3 }, route, "action_attempt", false, true, summary, flags   \
    }

const struct cli_command cli_commands[] = {
    CMD("acs", "systems", "get", "/acs/systems/get", "acs_system", false,
        "show one ACS system", system_id_flags),
    CMD("acs", "systems", "list", "/acs/systems/list", "acs_systems", false,
        "list ACS systems", systems_list_flags),

    CMD("acs", "entrances", "get", "/acs/entrances/get", "acs_entrance", false,
        "show one entrance", entrance_id_flags),
    CMD("acs", "entrances", "list", "/acs/entrances/list", "acs_entrances",
        true, "list entrances", entrances_list_flags),
    CMD("acs", "entrances", "list-credentials-with-access",
        "/acs/entrances/list_credentials_with_access", "acs_credentials", false,
        "list credentials that open an entrance", entrance_id_flags),
    ACTION_CMD("acs", "entrances", "unlock", "/acs/entrances/unlock",
               "unlock an entrance remotely (Latch: not supported)",
               unlock_flags),

    CMD("acs", "users", "create", "/acs/users/create", "acs_user", false,
        "create an ACS user", users_create_flags),
    CMD("acs", "users", "get", "/acs/users/get", "acs_user", false,
        "show one ACS user", user_ref_flags),
    CMD("acs", "users", "list", "/acs/users/list", "acs_users", true,
        "list ACS users", users_list_flags),
    CMD("acs", "users", "update", "/acs/users/update", NULL, false,
        "change an ACS user (--clear-NAME sets a field to null)",
        users_update_flags),
    CMD("acs", "users", "delete", "/acs/users/delete", NULL, false,
        "delete an ACS user and invalidate its credentials", user_ref_flags),
    CMD("acs", "users", "suspend", "/acs/users/suspend", NULL, false,
        "suspend an ACS user's access", user_ref_flags),
    CMD("acs", "users", "unsuspend", "/acs/users/unsuspend", NULL, false,
        "restore a suspended user's access", user_ref_flags),
    CMD("acs", "users", "list-accessible-entrances",
        "/acs/users/list_accessible_entrances", "acs_entrances", false,
        "list entrances a user can open", user_ref_flags),
    CMD("acs", "users", "revoke-access-to-all-entrances",
        "/acs/users/revoke_access_to_all_entrances", NULL, false,
        "revoke all of a user's access", user_ref_flags),

    CMD("acs", "credentials", "create", "/acs/credentials/create",
        "acs_credential", false, "create a credential (PIN, card, key)",
        credentials_create_flags),
    CMD("acs", "credentials", "get", "/acs/credentials/get", "acs_credential",
        false, "show one credential", credential_id_flags),
    CMD("acs", "credentials", "list", "/acs/credentials/list",
        "acs_credentials", true, "list credentials", credentials_list_flags),
    CMD("acs", "credentials", "update", "/acs/credentials/update", NULL, false,
        "change a credential's code or end", credentials_update_flags),
    CMD("acs", "credentials", "delete", "/acs/credentials/delete", NULL, false,
        "delete a credential", credential_id_flags),
    CMD("acs", "credentials", "list-accessible-entrances",
        "/acs/credentials/list_accessible_entrances", "acs_entrances", false,
        "list entrances a credential opens", credential_id_flags),

    CMD("user-identities", "create", NULL, "/user_identities/create",
        "user_identity", false, "create a user identity",
        identities_create_flags),
    CMD("user-identities", "get", NULL, "/user_identities/get", "user_identity",
        false, "show one user identity", identities_get_flags),
    CMD("user-identities", "list", NULL, "/user_identities/list",
        "user_identities", true, "list user identities", identities_list_flags),
    CMD("user-identities", "update", NULL, "/user_identities/update", NULL,
        false, "change a user identity (--clear-NAME sets null)",
        identities_update_flags),
    CMD("user-identities", "delete", NULL, "/user_identities/delete", NULL,
        false, "delete an identity with its users and credentials",
        identity_id_flags),
    CMD("user-identities", "add-acs-user", NULL,
        "/user_identities/add_acs_user", NULL, false,
        "link an ACS user to an identity", identity_user_flags),
    CMD("user-identities", "remove-acs-user", NULL,
        "/user_identities/remove_acs_user", NULL, false,
        "unlink an ACS user from an identity", identity_user_flags),
    CMD("user-identities", "list-acs-users", NULL,
        "/user_identities/list_acs_users", "acs_users", false,
        "list an identity's ACS users", identity_id_flags),
    CMD("user-identities", "list-accessible-entrances", NULL,
        "/user_identities/list_accessible_entrances", "acs_entrances", false,
        "list entrances an identity can open", identity_id_flags),

    CMD("events", "list", NULL, "/events/list", "events", false,
        "list events since a time (--since or --between is required)",
        events_list_flags),
    CMD("events", "get", NULL, "/events/get", "event", false, "show one event",
        events_get_flags),

    ACTION_CMD("action-attempts", "get", NULL, "/action_attempts/get",
               "show one action attempt", action_attempt_id_flags),
    CMD("action-attempts", "list", NULL, "/action_attempts/list",
        "action_attempts", true, "list action attempts",
        action_attempts_list_flags),

    CMD("webhooks", "create", NULL, "/webhooks/create", "webhook", false,
        "create a webhook (the answer holds its secret)",
        webhooks_create_flags),
    CMD("webhooks", "get", NULL, "/webhooks/get", "webhook", false,
        "show one webhook", webhook_id_flags),
    CMD("webhooks", "list", NULL, "/webhooks/list", "webhooks", false,
        "list webhooks", no_flags),
    CMD("webhooks", "update", NULL, "/webhooks/update", NULL, false,
        "replace a webhook's event types", webhooks_update_flags),
    CMD("webhooks", "delete", NULL, "/webhooks/delete", NULL, false,
        "delete a webhook", webhook_id_flags),

    CMD("workspaces", "get", NULL, "/workspaces/get", "workspace", false,
        "show the API key's workspace", no_flags),

    { { NULL, NULL, NULL }, NULL, NULL, false, false, NULL, NULL },
};
