/* Parsing and release of API objects (see objects_internal.h). */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "objects_internal.h"
#include "paginator_internal.h"

#define FIELD_AS(type, key, member, kind)                                      \
    {                                                                          \
        key, offsetof(type, member), SEAMC__FIELD_##kind, false, 0             \
    }
#define FIELD(type, member, kind) FIELD_AS(type, #member, member, kind)
#define REQUIRED_AS(type, key, member)                                         \
    {                                                                          \
        key, offsetof(type, member), SEAMC__FIELD_STRING, true, 0              \
    }
#define REQUIRED(type, member) REQUIRED_AS(type, #member, member)
#define STRINGS(type, member, count)                                           \
    {                                                                          \
#member, offsetof(type, member), SEAMC__FIELD_STRINGS, false,          \
            offsetof(type, count)                                              \
    }
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const char *const access_method_names[] = {
    [SEAMC_ACCESS_METHOD_CODE] = "code",
    [SEAMC_ACCESS_METHOD_CARD] = "card",
    [SEAMC_ACCESS_METHOD_MOBILE_KEY] = "mobile_key",
    [SEAMC_ACCESS_METHOD_CLOUD_KEY] = "cloud_key",
};

const char *seamc_access_method_name(enum seamc_access_method m)
{
    if ((size_t)m >= COUNT(access_method_names)) {
        return NULL;
    }
    return access_method_names[m];
}

enum seamc_access_method seamc_access_method_from_name(const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < COUNT(access_method_names); i++) {
        if (access_method_names[i] != NULL &&
            strcmp(access_method_names[i], name) == 0) {
            return (enum seamc_access_method)i;
        }
    }
    return SEAMC_ACCESS_METHOD_UNKNOWN;
}

static const char *const action_attempt_status_names[] = {
    [SEAMC_ACTION_ATTEMPT_PENDING] = "pending",
    [SEAMC_ACTION_ATTEMPT_SUCCESS] = "success",
    [SEAMC_ACTION_ATTEMPT_ERROR] = "error",
};

const char *seamc_action_attempt_status_name(enum seamc_action_attempt_status s)
{
    if ((size_t)s >= COUNT(action_attempt_status_names)) {
        return NULL;
    }
    return action_attempt_status_names[s];
}

enum seamc_action_attempt_status
seamc_action_attempt_status_from_name(const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < COUNT(action_attempt_status_names); i++) {
        if (action_attempt_status_names[i] != NULL &&
            strcmp(action_attempt_status_names[i], name) == 0) {
            return (enum seamc_action_attempt_status)i;
        }
    }
    return SEAMC_ACTION_ATTEMPT_UNKNOWN;
}

static const struct seamc__field acs_system_fields[] = {
    FIELD(struct seamc_acs_system, acs_system_id, STRING),
    FIELD(struct seamc_acs_system, name, STRING),
    FIELD(struct seamc_acs_system, external_type, STRING),
    FIELD(struct seamc_acs_system, workspace_id, STRING),
    FIELD(struct seamc_acs_system, connected_account_id, STRING),
    FIELD(struct seamc_acs_system, created_at, STRING),
};

static const struct seamc__field acs_entrance_fields[] = {
    FIELD(struct seamc_acs_entrance, acs_entrance_id, STRING),
    FIELD(struct seamc_acs_entrance, acs_system_id, STRING),
    FIELD(struct seamc_acs_entrance, connected_account_id, STRING),
    FIELD(struct seamc_acs_entrance, display_name, STRING),
    FIELD(struct seamc_acs_entrance, created_at, STRING),
};

static const struct seamc__field acs_user_fields[] = {
    FIELD(struct seamc_acs_user, acs_user_id, STRING),
    FIELD(struct seamc_acs_user, acs_system_id, STRING),
    FIELD(struct seamc_acs_user, workspace_id, STRING),
    FIELD(struct seamc_acs_user, display_name, STRING),
    FIELD(struct seamc_acs_user, full_name, STRING),
    FIELD(struct seamc_acs_user, email_address, STRING),
    FIELD(struct seamc_acs_user, phone_number, STRING),
    FIELD(struct seamc_acs_user, user_identity_id, STRING),
    FIELD(struct seamc_acs_user, external_type, STRING),
    FIELD(struct seamc_acs_user, created_at, STRING),
    FIELD(struct seamc_acs_user, is_suspended, BOOL),
};

static const struct seamc__field acs_credential_fields[] = {
    FIELD(struct seamc_acs_credential, acs_credential_id, STRING),
    FIELD(struct seamc_acs_credential, acs_user_id, STRING),
    FIELD(struct seamc_acs_credential, acs_system_id, STRING),
    FIELD(struct seamc_acs_credential, user_identity_id, STRING),
    FIELD(struct seamc_acs_credential, display_name, STRING),
    FIELD(struct seamc_acs_credential, access_method, ACCESS_METHOD),
    FIELD_AS(struct seamc_acs_credential, "access_method", access_method_text,
             STRING),
    FIELD(struct seamc_acs_credential, code, STRING),
    FIELD(struct seamc_acs_credential, starts_at, STRING),
    FIELD(struct seamc_acs_credential, ends_at, STRING),
    FIELD(struct seamc_acs_credential, external_type, STRING),
    FIELD(struct seamc_acs_credential, created_at, STRING),
    FIELD(struct seamc_acs_credential, is_multi_phone_sync_credential, BOOL),
};

static const struct seamc__field user_identity_fields[] = {
    FIELD(struct seamc_user_identity, user_identity_id, STRING),
    FIELD(struct seamc_user_identity, user_identity_key, STRING),
    FIELD(struct seamc_user_identity, email_address, STRING),
    FIELD(struct seamc_user_identity, phone_number, STRING),
    FIELD(struct seamc_user_identity, full_name, STRING),
    FIELD(struct seamc_user_identity, display_name, STRING),
    FIELD(struct seamc_user_identity, workspace_id, STRING),
    FIELD(struct seamc_user_identity, created_at, STRING),
};

static const struct seamc__field workspace_fields[] = {
    FIELD(struct seamc_workspace, workspace_id, STRING),
    FIELD(struct seamc_workspace, name, STRING),
    FIELD(struct seamc_workspace, company_name, STRING),
    FIELD(struct seamc_workspace, is_sandbox, BOOL),
};

static const struct seamc__field event_fields[] = {
    FIELD(struct seamc_event, event_id, STRING),
    REQUIRED(struct seamc_event, event_type),
    FIELD(struct seamc_event, workspace_id, STRING),
    FIELD(struct seamc_event, created_at, STRING),
    FIELD(struct seamc_event, occurred_at, STRING),
    FIELD(struct seamc_event, event_description, STRING),
    FIELD(struct seamc_event, acs_system_id, STRING),
    FIELD(struct seamc_event, acs_user_id, STRING),
    FIELD(struct seamc_event, acs_credential_id, STRING),
    FIELD(struct seamc_event, acs_entrance_id, STRING),
    FIELD(struct seamc_event, user_identity_id, STRING),
    FIELD(struct seamc_event, connected_account_id, STRING),
};

static const struct seamc__field action_attempt_fields[] = {
    FIELD(struct seamc_action_attempt, action_attempt_id, STRING),
    FIELD(struct seamc_action_attempt, action_type, STRING),
    FIELD(struct seamc_action_attempt, status, ACTION_STATUS),
    REQUIRED_AS(struct seamc_action_attempt, "status", status_text),
    FIELD(struct seamc_action_attempt, result, OBJECT),
    FIELD_AS(struct seamc_action_attempt, "error.type", error_type, STRING),
    FIELD_AS(struct seamc_action_attempt, "error.message", error_message,
             STRING),
};

static const struct seamc__field webhook_fields[] = {
    FIELD(struct seamc_webhook, webhook_id, STRING),
    REQUIRED(struct seamc_webhook, url),
    STRINGS(struct seamc_webhook, event_types, event_type_count),
    FIELD(struct seamc_webhook, secret, STRING),
};

#define OBJECT_TYPE(type, name, plural, id, fields)                            \
    {                                                                          \
        name, plural, id, sizeof(type), offsetof(type, raw), fields,           \
            COUNT(fields)                                                      \
    }

const struct seamc__object_type seamc__acs_system_type =
    OBJECT_TYPE(struct seamc_acs_system, "acs_system", "acs_systems",
                "acs_system_id", acs_system_fields);
const struct seamc__object_type seamc__acs_entrance_type =
    OBJECT_TYPE(struct seamc_acs_entrance, "acs_entrance", "acs_entrances",
                "acs_entrance_id", acs_entrance_fields);
const struct seamc__object_type seamc__acs_user_type =
    OBJECT_TYPE(struct seamc_acs_user, "acs_user", "acs_users", "acs_user_id",
                acs_user_fields);
const struct seamc__object_type seamc__acs_credential_type =
    OBJECT_TYPE(struct seamc_acs_credential, "acs_credential",
                "acs_credentials", "acs_credential_id", acs_credential_fields);
const struct seamc__object_type seamc__user_identity_type =
    OBJECT_TYPE(struct seamc_user_identity, "user_identity", "user_identities",
                "user_identity_id", user_identity_fields);
const struct seamc__object_type seamc__workspace_type =
    OBJECT_TYPE(struct seamc_workspace, "workspace", "workspaces",
                "workspace_id", workspace_fields);
const struct seamc__object_type seamc__event_type = OBJECT_TYPE(
    struct seamc_event, "event", "events", "event_id", event_fields);
const struct seamc__object_type seamc__action_attempt_type =
    OBJECT_TYPE(struct seamc_action_attempt, "action_attempt",
                "action_attempts", "action_attempt_id", action_attempt_fields);
const struct seamc__object_type seamc__webhook_type = OBJECT_TYPE(
    struct seamc_webhook, "webhook", "webhooks", "webhook_id", webhook_fields);

/* The value under `key`, following dots into nested objects. */
static const cJSON *field_value(const cJSON *json, const char *key)
{
    const char *dot = strchr(key, '.');
    const cJSON *child;

    while (dot != NULL && json != NULL) {
        for (child = json->child; child != NULL; child = child->next) {
            if (child->string != NULL &&
                strncmp(child->string, key, (size_t)(dot - key)) == 0 &&
                child->string[dot - key] == '\0') {
                break;
            }
        }
        json = cJSON_IsObject(child) ? child : NULL;
        key = dot + 1;
        dot = strchr(key, '.');
    }
    return cJSON_GetObjectItemCaseSensitive(json, key);
}

/* Points the owned array at `object + offset` at the strings of `value`
 * (a JSON array; anything else gives none). False when out of memory. */
static bool fill_strings(const struct seamc__field *field, const cJSON *value,
                         char *object)
{
    const char **strings;
    const cJSON *item;
    size_t count = 0;

    if (!cJSON_IsArray(value) || cJSON_GetArraySize(value) == 0) {
        return true;
    }
    strings = calloc((size_t)cJSON_GetArraySize(value), sizeof(*strings));
    if (strings == NULL) {
        return false;
    }
    cJSON_ArrayForEach(item, value)
    {
        if (cJSON_IsString(item)) {
            strings[count++] = item->valuestring;
        }
    }
    *(const char ***)(object + field->offset) = strings;
    *(size_t *)(object + field->count_offset) = count;
    return true;
}

/* Fills one member; false only when out of memory. */
static bool fill_field(const struct seamc__field *field, const cJSON *json,
                       char *object)
{
    const cJSON *value = field_value(json, field->key);
    const char *text = cJSON_IsString(value) ? value->valuestring : NULL;

    switch (field->kind) {
    case SEAMC__FIELD_STRING:
        *(const char **)(object + field->offset) = text;
        break;
    case SEAMC__FIELD_BOOL:
        *(bool *)(object + field->offset) = cJSON_IsTrue(value);
        break;
    case SEAMC__FIELD_ACCESS_METHOD:
        *(enum seamc_access_method *)(object + field->offset) =
            seamc_access_method_from_name(text);
        break;
    case SEAMC__FIELD_ACTION_STATUS:
        *(enum seamc_action_attempt_status *)(object + field->offset) =
            seamc_action_attempt_status_from_name(text);
        break;
    case SEAMC__FIELD_OBJECT:
        *(const cJSON **)(object + field->offset) =
            cJSON_IsObject(value) ? value : NULL;
        break;
    case SEAMC__FIELD_STRINGS:
        return fill_strings(field, value, object);
    }
    return true;
}

/* Frees the string arrays `object` owns (its raw stays). */
static void free_field_arrays(const struct seamc__object_type *type,
                              char *object)
{
    size_t i;

    for (i = 0; i < type->field_count; i++) {
        if (type->fields[i].kind == SEAMC__FIELD_STRINGS) {
            free(*(void **)(object + type->fields[i].offset));
        }
    }
}

/* SEAMC_EPROTOCOL unless `json` is an object with the type's id and
 * required fields; the one check behind parsing and seamc_check_answer. */
static enum seamc_status check_object(const struct seamc__object_type *type,
                                      const cJSON *json,
                                      struct seamc_error *err)
{
    size_t i;

    if (!cJSON_IsObject(json) ||
        !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(json, type->id_key))) {
        return seamc__fail(err, SEAMC_EPROTOCOL,
                           "%s in the answer lacks a string \"%s\"", type->name,
                           type->id_key);
    }
    for (i = 0; i < type->field_count; i++) {
        const struct seamc__field *field = &type->fields[i];

        if (field->required && !cJSON_IsString(field_value(json, field->key))) {
            return seamc__fail(err, SEAMC_EPROTOCOL,
                               "%s in the answer lacks a string \"%s\"",
                               type->name, field->key);
        }
    }
    return SEAMC_OK;
}

enum seamc_status seamc__object_fill(const struct seamc__object_type *type,
                                     cJSON *json, void *object,
                                     struct seamc_error *err)
{
    char *bytes = object;
    enum seamc_status status;
    size_t i;

    memset(object, 0, type->size);
    status = check_object(type, json, err);
    if (status != SEAMC_OK) {
        cJSON_Delete(json);
        return status;
    }
    for (i = 0; i < type->field_count; i++) {
        if (!fill_field(&type->fields[i], json, bytes)) {
            free_field_arrays(type, bytes);
            memset(object, 0, type->size);
            cJSON_Delete(json);
            return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        }
    }
    *(cJSON **)(bytes + type->raw_offset) = json;
    return SEAMC_OK;
}

void seamc__object_release(const struct seamc__object_type *type, void *object)
{
    char *bytes = object;

    if (object == NULL) {
        return;
    }
    free_field_arrays(type, bytes);
    cJSON_Delete(*(cJSON **)(bytes + type->raw_offset));
    memset(object, 0, type->size);
}

enum seamc_status
seamc__objects_from_array(const struct seamc__object_type *type, cJSON *array,
                          void **items, size_t *count, struct seamc_error *err)
{
    enum seamc_status status = SEAMC_OK;
    char *objects = NULL;
    size_t filled = 0;
    size_t total;

    *items = NULL;
    *count = 0;
    if (!cJSON_IsArray(array)) {
        status =
            seamc__fail(err, SEAMC_EPROTOCOL,
                        "\"%s\" in the answer is not an array", type->plural);
        goto out;
    }
    total = (size_t)cJSON_GetArraySize(array);
    if (total == 0) {
        goto out;
    }
    objects = calloc(total, type->size);
    if (objects == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        goto out;
    }

    /* Move each element out of the array into its own object. */
    while (filled < total) {
        cJSON *element = cJSON_DetachItemFromArray(array, 0);

        status = seamc__object_fill(type, element,
                                    objects + filled * type->size, err);
        if (status != SEAMC_OK) {
            goto out;
        }
        filled++;
    }
    *items = objects;
    *count = total;
    objects = NULL;

out:
    seamc__objects_free(type, objects, filled);
    cJSON_Delete(array);
    return status;
}

void seamc__objects_free(const struct seamc__object_type *type, void *items,
                         size_t count)
{
    char *objects = items;
    size_t i;

    for (i = 0; objects != NULL && i < count; i++) {
        seamc__object_release(type, objects + i * type->size);
    }
    free(items);
}

/* ---- checking an answer without parsing it ---------------------------- */

static const struct seamc__object_type *const all_types[] = {
    &seamc__acs_system_type,    &seamc__acs_entrance_type,
    &seamc__acs_user_type,      &seamc__acs_credential_type,
    &seamc__user_identity_type, &seamc__workspace_type,
    &seamc__event_type,         &seamc__action_attempt_type,
    &seamc__webhook_type,
};

enum seamc_status seamc_check_answer(const cJSON *body, const char *key,
                                     bool paginated, struct seamc_error *err)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(body, key);
    const struct seamc__object_type *type = NULL;
    const cJSON *item;
    enum seamc_status status;
    bool has_next;
    const char *cursor;
    bool is_list = false;
    size_t i;

    seamc_error_clear(err);
    for (i = 0; key != NULL && i < COUNT(all_types); i++) {
        if (strcmp(key, all_types[i]->name) == 0 ||
            strcmp(key, all_types[i]->plural) == 0) {
            type = all_types[i];
            is_list = strcmp(key, type->plural) == 0;
        }
    }
    if (type == NULL) {
        return seamc__fail(err, SEAMC_EINVAL, "no API object is called \"%s\"",
                           key != NULL ? key : "(null)");
    }
    if (!cJSON_IsObject(body) || value == NULL) {
        return seamc__fail(err, SEAMC_EPROTOCOL, "the answer lacks \"%s\"",
                           key);
    }

    /* The same checks the typed calls make before parsing. */
    if (!is_list) {
        return check_object(type, value, err);
    }
    if (!cJSON_IsArray(value)) {
        return seamc__fail(err, SEAMC_EPROTOCOL,
                           "\"%s\" in the answer is not an array", key);
    }
    cJSON_ArrayForEach(item, value)
    {
        status = check_object(type, item, err);
        if (status != SEAMC_OK) {
            return status;
        }
    }
    return paginated ? seamc__read_pagination(body, &has_next, &cursor, err)
                     : SEAMC_OK;
}

/* ---- public release functions ---------------------------------------- */

void seamc_acs_system_release(struct seamc_acs_system *o)
{
    seamc__object_release(&seamc__acs_system_type, o);
}

void seamc_acs_entrance_release(struct seamc_acs_entrance *o)
{
    seamc__object_release(&seamc__acs_entrance_type, o);
}

void seamc_acs_user_release(struct seamc_acs_user *o)
{
    seamc__object_release(&seamc__acs_user_type, o);
}

void seamc_acs_credential_release(struct seamc_acs_credential *o)
{
    seamc__object_release(&seamc__acs_credential_type, o);
}

void seamc_user_identity_release(struct seamc_user_identity *o)
{
    seamc__object_release(&seamc__user_identity_type, o);
}

void seamc_workspace_release(struct seamc_workspace *o)
{
    seamc__object_release(&seamc__workspace_type, o);
}

void seamc_event_release(struct seamc_event *o)
{
    seamc__object_release(&seamc__event_type, o);
}

void seamc_action_attempt_release(struct seamc_action_attempt *o)
{
    seamc__object_release(&seamc__action_attempt_type, o);
}

void seamc_webhook_release(struct seamc_webhook *o)
{
    seamc__object_release(&seamc__webhook_type, o);
}

void seamc_acs_system_list_release(struct seamc_acs_system_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__acs_system_type, l->items, l->count);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_acs_entrance_list_release(struct seamc_acs_entrance_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__acs_entrance_type, l->items, l->count);
        free(l->next_page_cursor);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_acs_user_list_release(struct seamc_acs_user_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__acs_user_type, l->items, l->count);
        free(l->next_page_cursor);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_acs_credential_list_release(struct seamc_acs_credential_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__acs_credential_type, l->items, l->count);
        free(l->next_page_cursor);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_user_identity_list_release(struct seamc_user_identity_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__user_identity_type, l->items, l->count);
        free(l->next_page_cursor);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_event_list_release(struct seamc_event_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__event_type, l->items, l->count);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_action_attempt_list_release(struct seamc_action_attempt_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__action_attempt_type, l->items, l->count);
        free(l->next_page_cursor);
        memset(l, 0, sizeof(*l));
    }
}

void seamc_webhook_list_release(struct seamc_webhook_list *l)
{
    if (l != NULL) {
        seamc__objects_free(&seamc__webhook_type, l->items, l->count);
        memset(l, 0, sizeof(*l));
    }
}
