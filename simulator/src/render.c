#include "render.h"

#include <stdbool.h>

#include "common/time.h"
#include "latch.h"

/*
 * Display strings for Latch objects. Seam does not publish its own, so
 * these are the simulator's (docs/KNOWN_LIMITATIONS.md).
 */
#define LATCH_SYSTEM_DISPLAY "Latch Building"
#define LATCH_USER_DISPLAY   "Latch User"
#define LATCH_ACCESS_DISPLAY "Latch Access"
#define LATCH_IMAGE_URL                                                        \
    "https://connect.getseam.com/assets/images/acs_systems/latch_logo.png"

static void add_warning(cJSON *warnings, const char *code, const char *message,
                        int64_t at);
static void add_error(cJSON *errors, const char *code, const char *message,
                      int64_t at);

cJSON *sim_render_add_time(cJSON *object, const char *name, int64_t ms)
{
    char text[COMMON_TIME_ISO_SIZE];
    return cJSON_AddStringToObject(object, name,
                                   common_time_format_iso(ms, text));
}

/* Adds a string, or null when `value` is NULL. */
static void add_string_or_null(cJSON *object, const char *name,
                               const char *value)
{
    if (value != NULL)
        cJSON_AddStringToObject(object, name, value);
    else
        cJSON_AddNullToObject(object, name);
}

/* cJSON records allocation failures by leaving items out; check them. */
static cJSON *checked(cJSON *object, bool ok)
{
    if (!ok || object == NULL) {
        cJSON_Delete(object);
        return NULL;
    }
    return object;
}

const char *sim_render_access_method(enum sim_access_method method)
{
    switch (method) {
    case SIM_ACCESS_CODE:
        return "code";
    case SIM_ACCESS_MOBILE_KEY:
        return "mobile_key";
    case SIM_ACCESS_CARD:
        return "card";
    case SIM_ACCESS_CLOUD_KEY:
    default:
        return "cloud_key";
    }
}

cJSON *sim_render_workspace(const struct sim_workspace *ws)
{
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "workspace_id", ws->id);
    cJSON_AddStringToObject(o, "name", ws->name);
    cJSON_AddStringToObject(o, "company_name", ws->company_name);
    cJSON_AddBoolToObject(o, "is_sandbox", true);
    cJSON_AddBoolToObject(o, "is_suspended", false);
    cJSON_AddBoolToObject(o, "is_publishable_key_auth_enabled", false);
    cJSON_AddNullToObject(o, "connect_partner_name");
    cJSON_AddNullToObject(o, "organization_id");
    cJSON *custom = cJSON_AddObjectToObject(o, "connect_webview_customization");
    return checked(o, custom != NULL && cJSON_GetArraySize(o) == 9);
}

cJSON *sim_render_system(const struct sim_workspace *ws,
                         const struct sim_system *system)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *ids, *location;

    cJSON_AddStringToObject(o, "acs_system_id", system->head.id);
    cJSON_AddStringToObject(o, "name", system->name);
    sim_render_add_time(o, "created_at", system->head.created_at);
    cJSON_AddStringToObject(o, "workspace_id", ws->id);
    cJSON_AddStringToObject(o, "connected_account_id",
                            system->connected_account_id);
    ids = cJSON_AddArrayToObject(o, "connected_account_ids");
    cJSON_AddItemToArray(ids, cJSON_CreateString(system->connected_account_id));
    cJSON_AddStringToObject(o, "external_type", "latch_building");
    cJSON_AddStringToObject(o, "external_type_display_name",
                            LATCH_SYSTEM_DISPLAY);
    cJSON_AddStringToObject(o, "system_type", "latch_building");
    cJSON_AddStringToObject(o, "system_type_display_name",
                            LATCH_SYSTEM_DISPLAY);
    cJSON_AddBoolToObject(o, "is_credential_manager", false);
    location = cJSON_AddObjectToObject(o, "location");
    add_string_or_null(location, "time_zone", system->time_zone);
    cJSON_AddStringToObject(o, "image_url", LATCH_IMAGE_URL);
    cJSON_AddStringToObject(o, "image_alt_text", "Latch logo");
    cJSON_AddNumberToObject(o, "acs_user_count", (double)system->users.count);
    cJSON_AddNumberToObject(o, "acs_access_group_count", 0);
    cJSON *errors = cJSON_AddArrayToObject(o, "errors");
    cJSON_AddArrayToObject(o, "warnings");
    if (errors && system->outage)
        add_error(errors, "provider_service_unavailable",
                  "Latch's cloud is not answering; changes wait until it is "
                  "back.",
                  system->outage_since);
    return checked(o, ids != NULL && location != NULL &&
                          cJSON_GetArraySize(o) == 18);
}

cJSON *sim_render_entrance(const struct sim_entrance *entrance)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *latch;

    cJSON_AddStringToObject(o, "acs_entrance_id", entrance->head.id);
    cJSON_AddStringToObject(o, "acs_system_id", entrance->system->head.id);
    cJSON_AddStringToObject(o, "connected_account_id",
                            entrance->system->connected_account_id);
    sim_render_add_time(o, "created_at", entrance->head.created_at);
    cJSON_AddStringToObject(o, "display_name", entrance->display_name);
    cJSON_AddArrayToObject(o, "space_ids");
    latch = cJSON_AddObjectToObject(o, "latch_metadata");
    cJSON_AddStringToObject(latch, "door_name", entrance->display_name);
    cJSON_AddStringToObject(latch, "door_type", entrance->door_type);
    cJSON_AddStringToObject(latch, "accessibility_type",
                            entrance->accessibility_type);
    cJSON_AddBoolToObject(latch, "is_connected", entrance->is_connected);
    /* Latch opens with PINs and the phone app; there is no remote unlock. */
    cJSON_AddBoolToObject(o, "can_unlock_with_code", true);
    cJSON_AddBoolToObject(o, "can_unlock_with_mobile_key", true);
    cJSON_AddBoolToObject(o, "can_unlock_with_card", false);
    cJSON_AddBoolToObject(o, "can_unlock_with_cloud_key", false);
    cJSON_AddArrayToObject(o, "errors");
    cJSON_AddArrayToObject(o, "warnings");
    return checked(o, latch != NULL && cJSON_GetArraySize(latch) == 4 &&
                          cJSON_GetArraySize(o) == 13);
}

cJSON *sim_render_user(const struct sim_workspace *ws,
                       const struct sim_user *user, int64_t now)
{
    cJSON *o = cJSON_CreateObject();
    const struct sim_identity *identity = user->identity;
    const char *display = user->full_name       ? user->full_name
                          : user->email_address ? user->email_address
                          : user->phone_number  ? user->phone_number
                                                : "";

    cJSON_AddStringToObject(o, "acs_user_id", user->head.id);
    cJSON_AddStringToObject(o, "acs_system_id", user->system->head.id);
    cJSON_AddStringToObject(o, "workspace_id", ws->id);
    cJSON_AddStringToObject(o, "connected_account_id",
                            user->system->connected_account_id);
    sim_render_add_time(o, "created_at", user->head.created_at);
    cJSON_AddStringToObject(o, "display_name", display);
    if (user->full_name)
        cJSON_AddStringToObject(o, "full_name", user->full_name);
    if (user->email_address) {
        cJSON_AddStringToObject(o, "email_address", user->email_address);
        cJSON_AddStringToObject(o, "email", user->email_address);
    }
    if (user->phone_number)
        cJSON_AddStringToObject(o, "phone_number", user->phone_number);
    cJSON_AddStringToObject(o, "external_type", "latch_user");
    cJSON_AddStringToObject(o, "external_type_display_name",
                            LATCH_USER_DISPLAY);
    cJSON_AddBoolToObject(o, "is_managed", true);
    cJSON_AddBoolToObject(o, "is_suspended", user->is_suspended);
    /* Seam marks this internal; the simulator's users sync at once. */
    sim_render_add_time(o, "last_successful_sync_at", user->head.created_at);
    if (user->has_access_schedule) {
        cJSON *schedule = cJSON_AddObjectToObject(o, "access_schedule");
        sim_render_add_time(schedule, "starts_at", user->schedule_starts_at);
        if (user->schedule_ends_at)
            sim_render_add_time(schedule, "ends_at", user->schedule_ends_at);
        else
            cJSON_AddNullToObject(schedule, "ends_at");
    }
    if (identity != NULL) {
        cJSON_AddStringToObject(o, "user_identity_id", identity->head.id);
        add_string_or_null(o, "user_identity_email_address",
                           identity->email_address);
        add_string_or_null(o, "user_identity_phone_number",
                           identity->phone_number);
        add_string_or_null(o, "user_identity_full_name", identity->full_name);
    }
    cJSON_AddArrayToObject(o, "pending_mutations");
    cJSON *errors = cJSON_AddArrayToObject(o, "errors");
    cJSON *warnings = cJSON_AddArrayToObject(o, "warnings");

    /* Latch Mission Control: its residents, and API users clashing. */
    if (warnings && user->is_mission_control_resident)
        add_warning(warnings, "latch_resident_user",
                    "This user was made in Latch Mission Control; manage "
                    "it there.",
                    user->head.created_at);
    if (errors && user->conflicts_with_resident)
        add_error(errors, "latch_conflict_with_resident_user",
                  "Latch Mission Control already has a resident with this "
                  "email or phone.",
                  user->head.created_at);

    /* A schedule that has not begun or is over leaves the user inactive. */
    if (warnings && user->has_access_schedule &&
        (now < user->schedule_starts_at ||
         (user->schedule_ends_at && now >= user->schedule_ends_at)))
        add_warning(warnings, "acs_user_inactive",
                    "The user's access schedule is not current, so the "
                    "user cannot gain access.",
                    now);
    return checked(o, warnings != NULL &&
                          cJSON_GetObjectItem(o, "errors") != NULL);
}

/* Adds a {warning_code, message, created_at} item. */
static void add_warning(cJSON *warnings, const char *code, const char *message,
                        int64_t at)
{
    cJSON *w = cJSON_CreateObject();

    cJSON_AddStringToObject(w, "warning_code", code);
    cJSON_AddStringToObject(w, "message", message);
    sim_render_add_time(w, "created_at", at);
    cJSON_AddItemToArray(warnings, w);
}

/* Adds an {error_code, message, created_at} item. */
static void add_error(cJSON *errors, const char *code, const char *message,
                      int64_t at)
{
    cJSON *e = cJSON_CreateObject();

    cJSON_AddStringToObject(e, "error_code", code);
    cJSON_AddStringToObject(e, "message", message);
    sim_render_add_time(e, "created_at", at);
    cJSON_AddItemToArray(errors, e);
}

cJSON *sim_render_credential(const struct sim_workspace *ws,
                             const struct sim_credential *c, int64_t now)
{
    cJSON *o = cJSON_CreateObject();
    bool synced = sim_latch_is_synced(c);
    int64_t synced_at = c->access_method == SIM_ACCESS_CODE
                            ? c->door.delivered_at
                            : c->changed_at;
    bool is_code = c->access_method == SIM_ACCESS_CODE;

    cJSON_AddStringToObject(o, "acs_credential_id", c->head.id);
    cJSON_AddStringToObject(o, "acs_user_id", c->user->head.id);
    if (c->user->identity)
        cJSON_AddStringToObject(o, "user_identity_id",
                                c->user->identity->head.id);
    cJSON_AddStringToObject(o, "acs_system_id", c->system->head.id);
    cJSON_AddStringToObject(o, "connected_account_id",
                            c->system->connected_account_id);
    cJSON_AddStringToObject(o, "workspace_id", ws->id);
    cJSON_AddStringToObject(o, "display_name",
                            is_code ? "Latch PIN Code" : "Latch Mobile Key");
    cJSON_AddStringToObject(o, "access_method",
                            sim_render_access_method(c->access_method));
    if (is_code)
        cJSON_AddStringToObject(o, "code", c->code);
    else
        cJSON_AddNullToObject(o, "code");
    sim_render_add_time(o, "created_at", c->head.created_at);
    if (c->starts_at)
        sim_render_add_time(o, "starts_at", c->starts_at);
    if (c->ends_at)
        sim_render_add_time(o, "ends_at", c->ends_at);
    cJSON_AddStringToObject(o, "external_type", "latch_access");
    cJSON_AddStringToObject(o, "external_type_display_name",
                            LATCH_ACCESS_DISPLAY);
    cJSON_AddBoolToObject(o, "is_managed", true);
    cJSON_AddBoolToObject(o, "is_multi_phone_sync_credential",
                          c->is_multi_phone_sync_credential);
    cJSON_AddBoolToObject(o, "is_one_time_use", false);
    cJSON_AddBoolToObject(o, "is_latest_desired_state_synced_with_provider",
                          synced);
    if (synced)
        sim_render_add_time(o, "latest_desired_state_synced_with_provider_at",
                            synced_at);
    else
        cJSON_AddNullToObject(o,
                              "latest_desired_state_synced_with_provider_at");
    cJSON_AddArrayToObject(o, "errors");
    cJSON *warnings = cJSON_AddArrayToObject(o, "warnings");

    /* Warnings: never reached its door yet; schedule moved off the past. */
    if (warnings && c->issued_at == 0) {
        add_warning(warnings, "waiting_to_be_issued",
                    c->system->hub_installed
                        ? "Latch is sending this credential to the door "
                          "through the building's hub."
                        : "This building has no Latch hub: the PIN reaches "
                          "the door after a door sync in the Latch "
                          "Manager App.",
                    c->head.created_at);
    }
    if (warnings && c->schedule_modified) {
        add_warning(warnings, "schedule_modified",
                    "starts_at was in the past, so it was moved to the time "
                    "the credential was created.",
                    c->head.created_at);
    }
    return checked(o, warnings != NULL &&
                          cJSON_GetObjectItem(o, "errors") != NULL);
}

cJSON *sim_render_identity(const struct sim_workspace *ws,
                           const struct sim_identity *identity)
{
    cJSON *o = cJSON_CreateObject();
    const char *display = identity->full_name       ? identity->full_name
                          : identity->email_address ? identity->email_address
                          : identity->phone_number  ? identity->phone_number
                          : identity->user_identity_key
                              ? identity->user_identity_key
                              : "";

    cJSON_AddStringToObject(o, "user_identity_id", identity->head.id);
    add_string_or_null(o, "user_identity_key", identity->user_identity_key);
    add_string_or_null(o, "email_address", identity->email_address);
    add_string_or_null(o, "phone_number", identity->phone_number);
    add_string_or_null(o, "full_name", identity->full_name);
    cJSON_AddStringToObject(o, "display_name", display);
    sim_render_add_time(o, "created_at", identity->head.created_at);
    cJSON_AddStringToObject(o, "workspace_id", ws->id);
    cJSON *ids = cJSON_AddArrayToObject(o, "acs_user_ids");
    for (size_t i = 0; ids && i < identity->users.count; i++) {
        const struct sim_user *u = identity->users.items[i];
        cJSON_AddItemToArray(ids, cJSON_CreateString(u->head.id));
    }
    cJSON_AddArrayToObject(o, "errors");
    cJSON_AddArrayToObject(o, "warnings");
    return checked(o,
                   ids != NULL && cJSON_GetArraySize(o) == 11 &&
                       cJSON_GetArraySize(ids) == (int)identity->users.count);
}
