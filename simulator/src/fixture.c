#include "fixture.h"

#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/json_check.h"
#include "common/uuid.h"
#include "latch.h"

/* Where in the document a check is, for messages: "workspaces[0].name". */
struct path {
    char text[256];
};

static bool fail(char *err, size_t size, const struct path *at, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

static bool fail(char *err, size_t size, const struct path *at, const char *fmt,
                 ...)
{
    char message[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    snprintf(err, size, "%s: %s", at->text[0] ? at->text : "fixture", message);
    return false;
}

static struct path child(const struct path *parent, const char *key)
{
    struct path p;
    snprintf(p.text, sizeof p.text, "%s%s%s", parent->text,
             parent->text[0] ? "." : "", key);
    return p;
}

static struct path element(const struct path *parent, int index)
{
    struct path p;
    snprintf(p.text, sizeof p.text, "%s[%d]", parent->text, index);
    return p;
}

/* Refuses keys outside `allowed` (NULL-terminated): catches typos. */
static bool only_keys(const cJSON *object, const char *const *allowed,
                      const struct path *at, char *err, size_t size)
{
    const cJSON *item;

    cJSON_ArrayForEach(item, object)
    {
        /* cJSON keeps duplicate keys and reads the first: refuse them. */
        for (const cJSON *before = object->child; before != item;
             before = before->next) {
            if (strcmp(before->string, item->string) == 0) {
                struct path p = child(at, item->string);
                return fail(err, size, &p, "is given twice");
            }
        }
        bool known = false;
        for (int i = 0; allowed[i] && !known; i++)
            known = strcmp(item->string, allowed[i]) == 0;
        if (!known) {
            struct path p = child(at, item->string);
            return fail(err, size, &p, "unknown key");
        }
    }
    return true;
}

/* Checks an optional (or required) string member. */
static bool check_string(const cJSON *object, const char *key, bool required,
                         const struct path *at, char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    struct path p = child(at, key);

    if (v == NULL)
        return !required || fail(err, size, &p, "is required");
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return fail(err, size, &p, "must be a non-empty string");
    if (strlen(v->valuestring) > SIM_FIXTURE_NAME_MAX)
        return fail(err, size, &p, "must be at most %d bytes",
                    SIM_FIXTURE_NAME_MAX);
    return true;
}

/* An optional string that must be one of `choices`. */
static bool check_choice(const cJSON *object, const char *key,
                         const char *const *choices, const struct path *at,
                         char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    struct path p = child(at, key);

    if (v == NULL)
        return true;
    for (int i = 0; cJSON_IsString(v) && choices[i]; i++) {
        if (strcmp(v->valuestring, choices[i]) == 0)
            return true;
    }
    return fail(err, size, &p, "must be %s or %s", choices[0], choices[1]);
}

static bool check_uuid(const cJSON *object, const char *key,
                       const struct path *at, char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    struct path p = child(at, key);

    if (v == NULL)
        return true;
    if (!cJSON_IsString(v) || !common_uuid_is_valid(v->valuestring))
        return fail(err, size, &p, "must be a UUID");
    return true;
}

static bool check_bool(const cJSON *object, const char *key, bool required,
                       const struct path *at, char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    struct path p = child(at, key);

    if (v == NULL)
        return !required || fail(err, size, &p, "is required");
    return cJSON_IsBool(v) || fail(err, size, &p, "must be true or false");
}

static bool check_array(const cJSON *object, const char *key,
                        const struct path *at, char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    struct path p = child(at, key);

    return v == NULL || cJSON_IsArray(v) ||
           fail(err, size, &p, "must be an array");
}

static bool check_entrance(const cJSON *e, const struct path *at, char *err,
                           size_t size)
{
    static const char *const keys[] = { "acs_entrance_id", "display_name",
                                        "door_type",       "accessibility_type",
                                        "is_connected",    NULL };

    if (!cJSON_IsObject(e))
        return fail(err, size, at, "must be an object");
    static const char *const door_types[] = { "DOOR", "ELEVATOR", NULL };
    static const char *const accessibility[] = { "COMMUNAL", "PRIVATE", NULL };
    return only_keys(e, keys, at, err, size) &&
           check_uuid(e, "acs_entrance_id", at, err, size) &&
           check_string(e, "display_name", true, at, err, size) &&
           check_choice(e, "door_type", door_types, at, err, size) &&
           check_choice(e, "accessibility_type", accessibility, at, err,
                        size) &&
           check_bool(e, "is_connected", false, at, err, size);
}

static bool check_latch(const cJSON *latch, const struct path *at, char *err,
                        size_t size)
{
    static const char *const keys[] = { "hub_installed",
                                        "hub_sync_delay_seconds", "pin_length",
                                        NULL };
    const cJSON *delay, *length;
    struct path p;

    if (!cJSON_IsObject(latch))
        return fail(err, size, at, "is required and must be an object");
    if (!only_keys(latch, keys, at, err, size) ||
        !check_bool(latch, "hub_installed", true, at, err, size))
        return false;
    delay = cJSON_GetObjectItemCaseSensitive(latch, "hub_sync_delay_seconds");
    p = child(at, "hub_sync_delay_seconds");
    if (delay && (!cJSON_IsNumber(delay) || !isfinite(delay->valuedouble) ||
                  delay->valuedouble < 0 || delay->valuedouble > 86400 * 30))
        return fail(err, size, &p,
                    "must be a number of seconds from 0 to 2592000");
    length = cJSON_GetObjectItemCaseSensitive(latch, "pin_length");
    p = child(at, "pin_length");
    if (length && (!cJSON_IsNumber(length) ||
                   length->valuedouble != (double)(int)length->valuedouble ||
                   length->valueint < SIM_LATCH_PIN_MIN ||
                   length->valueint > SIM_LATCH_PIN_MAX))
        return fail(err, size, &p, "must be an integer from %d to %d",
                    SIM_LATCH_PIN_MIN, SIM_LATCH_PIN_MAX);
    return true;
}

static bool check_system(const cJSON *s, const struct path *at, char *err,
                         size_t size)
{
    static const char *const keys[] = {
        "acs_system_id", "name", "connected_account_id", "time_zone", "latch",
        "acs_entrances", NULL
    };
    struct path latch_path = child(at, "latch");
    struct path entrances_path = child(at, "acs_entrances");
    const cJSON *e;
    int i = 0;

    if (!cJSON_IsObject(s))
        return fail(err, size, at, "must be an object");
    if (!only_keys(s, keys, at, err, size) ||
        !check_uuid(s, "acs_system_id", at, err, size) ||
        !check_string(s, "name", true, at, err, size) ||
        !check_uuid(s, "connected_account_id", at, err, size) ||
        !check_string(s, "time_zone", false, at, err, size) ||
        !check_latch(cJSON_GetObjectItemCaseSensitive(s, "latch"), &latch_path,
                     err, size) ||
        !check_array(s, "acs_entrances", at, err, size))
        return false;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(s, "acs_entrances"))
    {
        struct path p = element(&entrances_path, i++);
        if (!check_entrance(e, &p, err, size))
            return false;
    }
    return true;
}

/* An API key the official SDKs accept: "seam_" then [A-Za-z0-9_]. */
static bool is_valid_key(const char *key)
{
    size_t n = strlen(key);

    if (n < 8 || n > SIM_API_KEY_MAX || strncmp(key, "seam_", 5) != 0)
        return false;
    if (strncmp(key, "seam_cst", 8) == 0 || strncmp(key, "seam_at", 7) == 0 ||
        strncmp(key, "seam_pk", 7) == 0)
        return false;
    return strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "0123456789_") == n;
}

static bool check_workspace(const cJSON *w, bool needs_keys,
                            const struct path *at, char *err, size_t size)
{
    static const char *const keys[] = { "workspace_id", "name",
                                        "company_name", "api_keys",
                                        "acs_systems",  NULL };
    struct path keys_path = child(at, "api_keys");
    struct path systems_path = child(at, "acs_systems");
    const cJSON *item, *api_keys;
    int i = 0;

    if (!cJSON_IsObject(w))
        return fail(err, size, at, "must be an object");
    if (!only_keys(w, keys, at, err, size) ||
        !check_uuid(w, "workspace_id", at, err, size) ||
        !check_string(w, "name", true, at, err, size) ||
        !check_string(w, "company_name", false, at, err, size) ||
        !check_array(w, "api_keys", at, err, size) ||
        !check_array(w, "acs_systems", at, err, size))
        return false;
    api_keys = cJSON_GetObjectItemCaseSensitive(w, "api_keys");
    if (needs_keys && cJSON_GetArraySize(api_keys) == 0)
        return fail(err, size, &keys_path, "needs at least one API key");
    /* A template's keys are replaced by a fresh one, so not checked. */
    if (!needs_keys)
        api_keys = NULL;
    cJSON_ArrayForEach(item, api_keys)
    {
        struct path p = element(&keys_path, i++);
        if (!cJSON_IsString(item) || !is_valid_key(item->valuestring))
            return fail(err, size, &p,
                        "must start with \"seam_\" (not seam_cst, seam_at or "
                        "seam_pk), use only letters, digits and '_', and be "
                        "8 to %d characters",
                        SIM_API_KEY_MAX);
    }
    i = 0;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(w, "acs_systems"))
    {
        struct path p = element(&systems_path, i++);
        if (!check_system(item, &p, err, size))
            return false;
    }
    return true;
}

cJSON *sim_fixture_parse(const char *json_text, char *err, size_t err_size)
{
    struct path root = { "" }, list = { "workspaces" };
    const cJSON *w;
    int i = 0;
    const char *why = NULL;
    if (!common_json_check(json_text, strlen(json_text), COMMON_JSON_MAX_DEPTH,
                           &why)) {
        snprintf(err, err_size, "fixture: %s", why);
        return NULL;
    }
    cJSON *doc = cJSON_Parse(json_text);

    if (doc == NULL) {
        const char *where = cJSON_GetErrorPtr();
        snprintf(err, err_size, "fixture: not valid JSON (near byte %ld)",
                 where ? (long)(where - json_text) : 0L);
        return NULL;
    }
    static const char *const keys[] = { "workspaces", NULL };
    if (!cJSON_IsObject(doc) || !only_keys(doc, keys, &root, err, err_size))
        goto bad;
    const cJSON *workspaces =
        cJSON_GetObjectItemCaseSensitive(doc, "workspaces");
    if (!cJSON_IsArray(workspaces) || cJSON_GetArraySize(workspaces) == 0) {
        fail(err, err_size, &list, "must be a non-empty array");
        goto bad;
    }
    cJSON_ArrayForEach(w, workspaces)
    {
        struct path p = element(&list, i++);
        if (!check_workspace(w, true, &p, err, err_size))
            goto bad;
    }
    return doc;
bad:
    if (!cJSON_IsObject(doc) && err_size > 0)
        snprintf(err, err_size, "fixture: must be a JSON object");
    cJSON_Delete(doc);
    return NULL;
}

static const char *string_or(const cJSON *object, const char *key,
                             const char *fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

static bool fill_workspace(struct sim_workspace *ws, const cJSON *w,
                           bool fresh_ids, char *err, size_t size);

/*
 * Adds a checked workspace object to the store. With `fresh_ids`, every
 * id in the object is ignored and drawn anew.
 */
static struct sim_workspace *build_workspace(struct sim_store *store,
                                             const cJSON *w, bool fresh_ids,
                                             const char *name, char *err,
                                             size_t size)
{
    const char *id = fresh_ids ? NULL : string_or(w, "workspace_id", NULL);
    struct sim_workspace *ws = sim_store_add_workspace(
        store, id, name ? name : string_or(w, "name", NULL));

    if (ws == NULL) {
        snprintf(err, size,
                 "fixture: workspace %s is listed twice or memory "
                 "ran out",
                 id ? id : "");
        return NULL;
    }
    /* Nobody can reach the workspace yet; the lock sets its clock. */
    sim_store_lock_workspace(ws);
    bool filled = fill_workspace(ws, w, fresh_ids, err, size);
    sim_store_unlock_workspace(ws);
    return filled ? ws : NULL;
}

/* Adds the buildings and entrances of `w` to the new workspace `ws`. */
static bool fill_workspace(struct sim_workspace *ws, const cJSON *w,
                           bool fresh_ids, char *err, size_t size)
{
    const cJSON *s, *e;

    if (!sim_store_set_string(&ws->company_name,
                              string_or(w, "company_name", ws->name)))
        goto oom;

    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(w, "acs_systems"))
    {
        const cJSON *latch = cJSON_GetObjectItemCaseSensitive(s, "latch");
        const cJSON *delay =
            cJSON_GetObjectItemCaseSensitive(latch, "hub_sync_delay_seconds");
        const cJSON *length =
            cJSON_GetObjectItemCaseSensitive(latch, "pin_length");
        const char *sid =
            fresh_ids ? NULL : string_or(s, "acs_system_id", NULL);
        const char *account = string_or(s, "connected_account_id", NULL);
        struct sim_system *system =
            sim_store_create_system(ws, sid, string_or(s, "name", ""));
        if (system == NULL) {
            snprintf(err, size, "fixture: acs_system %s is listed twice",
                     sid ? sid : "");
            return false;
        }
        if (account && !fresh_ids)
            snprintf(system->connected_account_id,
                     sizeof system->connected_account_id, "%s", account);
        system->hub_installed = cJSON_IsTrue(
            cJSON_GetObjectItemCaseSensitive(latch, "hub_installed"));
        system->hub_sync_delay_ms =
            delay ? (int64_t)(delay->valuedouble * 1000.0) : 0;
        system->pin_length = length ? length->valueint : 7;
        if (!sim_store_set_string(&system->time_zone,
                                  string_or(s, "time_zone", NULL)))
            goto oom;

        cJSON_ArrayForEach(e,
                           cJSON_GetObjectItemCaseSensitive(s, "acs_entrances"))
        {
            const char *eid =
                fresh_ids ? NULL : string_or(e, "acs_entrance_id", NULL);
            const cJSON *connected =
                cJSON_GetObjectItemCaseSensitive(e, "is_connected");
            struct sim_entrance *entrance = sim_store_create_entrance(
                ws, system, eid, string_or(e, "display_name", ""));
            if (entrance == NULL) {
                snprintf(err, size,
                         "fixture: acs_entrance %s is listed "
                         "twice",
                         eid ? eid : "");
                return false;
            }
            if (connected)
                entrance->is_connected = cJSON_IsTrue(connected);
            if (!sim_store_set_string(&entrance->door_type,
                                      string_or(e, "door_type", "DOOR")) ||
                !sim_store_set_string(
                    &entrance->accessibility_type,
                    string_or(e, "accessibility_type", "COMMUNAL")))
                goto oom;
        }
    }
    return true;
oom:
    snprintf(err, size, "fixture: out of memory");
    return false;
}

bool sim_fixture_load(struct sim_store *store, const char *json_text, char *err,
                      size_t err_size)
{
    cJSON *doc = sim_fixture_parse(json_text, err, err_size);
    const cJSON *w, *key;
    bool ok = doc != NULL;
    const cJSON *workspaces =
        cJSON_GetObjectItemCaseSensitive(doc, "workspaces");

    cJSON_ArrayForEach(w, workspaces)
    {
        struct sim_workspace *ws =
            build_workspace(store, w, false, NULL, err, err_size);
        if (ws == NULL) {
            ok = false;
            break;
        }
        cJSON_ArrayForEach(key, cJSON_GetObjectItemCaseSensitive(w, "api_keys"))
        {
            if (!sim_store_add_api_key(store, ws, key->valuestring)) {
                snprintf(err, err_size, "fixture: an API key is listed twice");
                ok = false;
                break;
            }
        }
        if (!ok)
            break;
    }
    cJSON_Delete(doc);
    return ok;
}

struct sim_workspace *sim_fixture_instantiate(struct sim_store *store,
                                              const cJSON *tmpl,
                                              const char *name, char *key_out,
                                              char *err, size_t err_size)
{
    struct path root = { "fixture" };
    unsigned char random[16];
    char hex[sizeof random * 2 + 1];

    if (!check_workspace(tmpl, false, &root, err, err_size))
        return NULL;
    struct sim_workspace *ws =
        build_workspace(store, tmpl, true, name, err, err_size);
    if (ws == NULL)
        return NULL;
    randombytes_buf(random, sizeof random);
    sodium_bin2hex(hex, sizeof hex, random, sizeof random);
    snprintf(key_out, SIM_API_KEY_MAX + 1, "seam_sim_%s", hex);
    if (!sim_store_add_api_key(store, ws, key_out)) {
        snprintf(err, err_size, "could not register the new API key");
        return NULL;
    }
    return ws;
}
