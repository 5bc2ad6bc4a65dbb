#include "store.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/time.h"
#include "webhooks.h"

/* A registered API key: only its keyed digest is kept. */
struct api_key {
    char digest_hex[crypto_generichash_BYTES * 2 + 1];
    unsigned char digest[crypto_generichash_BYTES];
    struct sim_workspace *ws; /* borrowed */
};

struct sim_store {
    pthread_rwlock_t lock;
    struct sim_vec workspaces; /* struct sim_workspace *, owned */
    struct sim_idmap workspace_by_id;
    struct sim_vec keys; /* struct api_key *, owned */
    struct sim_idmap key_by_digest;
    unsigned char digest_key[crypto_generichash_KEYBYTES];
};

bool sim_store_set_string(char **field, const char *value)
{
    char *copy = NULL;

    if (value != NULL && (copy = strdup(value)) == NULL)
        return false;
    free(*field);
    *field = copy;
    return true;
}

static void collection_init(struct sim_collection *c)
{
    sim_idmap_init(&c->by_id);
    sim_vec_init(&c->order);
}

static void collection_free(struct sim_collection *c)
{
    sim_idmap_free(&c->by_id);
    sim_vec_free(&c->order);
}

/* Adds `obj` with a fresh or given id. False on duplicate id or OOM. */
static bool collection_add(struct sim_workspace *ws, struct sim_collection *c,
                           struct sim_object *obj, const char *id)
{
    if (id != NULL) {
        snprintf(obj->id, sizeof obj->id, "%s", id);
        for (char *p = obj->id; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (sim_idmap_get(&c->by_id, obj->id) != NULL)
            return false;
    } else {
        common_uuid_v4(obj->id);
    }
    if (!sim_vec_push(&c->order, obj))
        return false;
    if (!sim_idmap_put(&c->by_id, obj->id, obj)) {
        c->order.count--;
        return false;
    }
    obj->seq = ++ws->next_seq;
    obj->created_at = sim_store_now(ws);
    return true;
}

size_t sim_store_first_after(const struct sim_vec *order, uint64_t seq)
{
    size_t lo = 0, hi = order->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct sim_object *obj = order->items[mid];
        if (obj->seq <= seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void collection_remove(struct sim_collection *c, struct sim_object *obj)
{
    size_t i = sim_store_first_after(&c->order, obj->seq - 1);

    if (i < c->order.count && c->order.items[i] == obj)
        sim_vec_remove_at(&c->order, i);
    sim_idmap_remove(&c->by_id, obj->id);
}

/* Looks an id up case-insensitively; ids are stored lower-case. */
static void *collection_get(struct sim_collection *c, const char *id)
{
    char lower[COMMON_UUID_SIZE];
    size_t n = 0;

    if (id == NULL)
        return NULL;
    for (; id[n] && n < sizeof lower - 1; n++)
        lower[n] = (char)tolower((unsigned char)id[n]);
    if (id[n] != '\0')
        return NULL;
    lower[n] = '\0';
    return sim_idmap_get(&c->by_id, lower);
}

struct sim_store *sim_store_new(void)
{
    struct sim_store *store = calloc(1, sizeof *store);

    if (store == NULL)
        return NULL;
    pthread_rwlock_init(&store->lock, NULL);
    sim_vec_init(&store->workspaces);
    sim_idmap_init(&store->workspace_by_id);
    sim_vec_init(&store->keys);
    sim_idmap_init(&store->key_by_digest);
    crypto_generichash_keygen(store->digest_key);
    return store;
}

/* Object destructors: free owned fields only; links are handled above. */
static void free_system(struct sim_system *s)
{
    free(s->name);
    free(s->time_zone);
    sim_vec_free(&s->entrances);
    sim_vec_free(&s->users);
    free(s);
}

static void free_entrance(struct sim_entrance *e)
{
    for (size_t i = 0; i < e->tombstones.count; i++)
        free(e->tombstones.items[i]);
    sim_vec_free(&e->tombstones);
    free(e->display_name);
    free(e->door_type);
    free(e->accessibility_type);
    sim_vec_free(&e->credentials);
    sim_idmap_free(&e->pins);
    free(e);
}

static void free_user(struct sim_user *u)
{
    free(u->full_name);
    free(u->email_address);
    free(u->phone_number);
    sim_vec_free(&u->credentials);
    free(u);
}

static void free_credential(struct sim_credential *c)
{
    sim_vec_free(&c->entrances);
    free(c);
}

static void free_identity(struct sim_identity *i)
{
    free(i->user_identity_key);
    free(i->email_address);
    free(i->phone_number);
    free(i->full_name);
    sim_vec_free(&i->users);
    free(i);
}

static void free_workspace(struct sim_workspace *ws)
{
    struct sim_vec *v;

    v = &ws->credentials.order;
    for (size_t i = 0; i < v->count; i++)
        free_credential(v->items[i]);
    v = &ws->users.order;
    for (size_t i = 0; i < v->count; i++)
        free_user(v->items[i]);
    v = &ws->identities.order;
    for (size_t i = 0; i < v->count; i++) {
        struct sim_identity *identity = v->items[i];
        /* Clearing the unique fields frees their index cells. */
        sim_store_set_identity_field(ws, identity, SIM_IDENTITY_KEY, NULL);
        sim_store_set_identity_field(ws, identity, SIM_IDENTITY_EMAIL, NULL);
        sim_store_set_identity_field(ws, identity, SIM_IDENTITY_PHONE, NULL);
        free_identity(identity);
    }
    v = &ws->entrances.order;
    for (size_t i = 0; i < v->count; i++)
        free_entrance(v->items[i]);
    v = &ws->systems.order;
    for (size_t i = 0; i < v->count; i++)
        free_system(v->items[i]);
    collection_free(&ws->systems);
    collection_free(&ws->entrances);
    collection_free(&ws->users);
    collection_free(&ws->credentials);
    v = &ws->events.order;
    for (size_t i = 0; i < v->count; i++) {
        struct sim_event *event = v->items[i];
        cJSON_Delete(event->body);
        cJSON_Delete(event->refs);
        free(event);
    }
    collection_free(&ws->identities);
    collection_free(&ws->events);
    v = &ws->action_attempts.order;
    for (size_t i = 0; i < v->count; i++) {
        struct sim_action_attempt *a = v->items[i];
        cJSON_Delete(a->body);
        free(a);
    }
    collection_free(&ws->action_attempts);
    sim_vec_free(&ws->pending);
    sim_vec_free(&ws->pending_removals);
    free(ws->expiry);
    sim_webhooks_free_workspace(ws);
    sim_idmap_free(&ws->identity_by_key);
    sim_idmap_free(&ws->identity_by_email);
    sim_idmap_free(&ws->identity_by_phone);
    for (size_t i = 0; i < ws->recorded_count; i++) {
        struct sim_recorded_request *r =
            &ws->recorded[(ws->recorded_start + i) % SIM_RECORDED_REQUESTS_MAX];
        free(r->route);
        free(r->params);
    }
    free(ws->recorded);
    pthread_mutex_destroy(&ws->lock);
    free(ws->name);
    free(ws->company_name);
    free(ws);
}

void sim_store_free(struct sim_store *store)
{
    if (store == NULL)
        return;
    for (size_t i = 0; i < store->workspaces.count; i++)
        free_workspace(store->workspaces.items[i]);
    for (size_t i = 0; i < store->keys.count; i++)
        free(store->keys.items[i]);
    sim_vec_free(&store->workspaces);
    sim_idmap_free(&store->workspace_by_id);
    sim_vec_free(&store->keys);
    sim_idmap_free(&store->key_by_digest);
    pthread_rwlock_destroy(&store->lock);
    free(store);
}

struct sim_workspace *sim_store_add_workspace(struct sim_store *store,
                                              const char *id, const char *name)
{
    struct sim_workspace *ws = calloc(1, sizeof *ws);

    if (ws == NULL)
        return NULL;
    if (id)
        snprintf(ws->id, sizeof ws->id, "%s", id);
    else
        common_uuid_v4(ws->id);
    pthread_mutex_init(&ws->lock, NULL);
    collection_init(&ws->systems);
    collection_init(&ws->entrances);
    collection_init(&ws->users);
    collection_init(&ws->credentials);
    collection_init(&ws->identities);
    collection_init(&ws->events);
    collection_init(&ws->action_attempts);
    sim_vec_init(&ws->pending);
    sim_vec_init(&ws->pending_removals);
    sim_idmap_init(&ws->identity_by_key);
    sim_idmap_init(&ws->identity_by_email);
    sim_idmap_init(&ws->identity_by_phone);
    ws->name = strdup(name ? name : "Simulated workspace");
    ws->company_name = strdup(ws->name ? ws->name : "");
    ws->recorded = calloc(SIM_RECORDED_REQUESTS_MAX, sizeof *ws->recorded);
    if (ws->name == NULL || ws->company_name == NULL || ws->recorded == NULL)
        goto fail;

    pthread_rwlock_wrlock(&store->lock);
    bool added = sim_idmap_get(&store->workspace_by_id, ws->id) == NULL &&
                 sim_vec_push(&store->workspaces, ws);
    if (added && !sim_idmap_put(&store->workspace_by_id, ws->id, ws)) {
        store->workspaces.count--;
        added = false;
    }
    pthread_rwlock_unlock(&store->lock);
    if (added)
        return ws;
fail:
    free_workspace(ws);
    return NULL;
}

static void digest_of(const struct sim_store *store, const char *key,
                      unsigned char out[crypto_generichash_BYTES])
{
    crypto_generichash(out, crypto_generichash_BYTES,
                       (const unsigned char *)key, strlen(key),
                       store->digest_key, sizeof store->digest_key);
}

bool sim_store_add_api_key(struct sim_store *store, struct sim_workspace *ws,
                           const char *key)
{
    struct api_key *k;

    if (strlen(key) > SIM_API_KEY_MAX || (k = calloc(1, sizeof *k)) == NULL)
        return false;
    digest_of(store, key, k->digest);
    sodium_bin2hex(k->digest_hex, sizeof k->digest_hex, k->digest,
                   sizeof k->digest);
    k->ws = ws;

    pthread_rwlock_wrlock(&store->lock);
    bool added = sim_idmap_get(&store->key_by_digest, k->digest_hex) == NULL &&
                 sim_vec_push(&store->keys, k);
    if (added && !sim_idmap_put(&store->key_by_digest, k->digest_hex, k)) {
        store->keys.count--;
        added = false;
    }
    pthread_rwlock_unlock(&store->lock);
    if (!added)
        free(k);
    return added;
}

struct sim_workspace *sim_store_find_by_key(struct sim_store *store,
                                            const char *key)
{
    unsigned char digest[crypto_generichash_BYTES];
    char hex[crypto_generichash_BYTES * 2 + 1];
    struct sim_workspace *ws = NULL;

    if (key == NULL || strlen(key) > SIM_API_KEY_MAX)
        return NULL;
    digest_of(store, key, digest);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);

    pthread_rwlock_rdlock(&store->lock);
    struct api_key *k = sim_idmap_get(&store->key_by_digest, hex);
    if (k != NULL && sodium_memcmp(k->digest, digest, sizeof digest) == 0)
        ws = k->ws;
    pthread_rwlock_unlock(&store->lock);
    return ws;
}

void sim_store_each_workspace(struct sim_store *store,
                              void (*fn)(struct sim_workspace *, void *),
                              void *arg)
{
    pthread_rwlock_rdlock(&store->lock);
    for (size_t i = 0; i < store->workspaces.count; i++)
        fn(store->workspaces.items[i], arg);
    pthread_rwlock_unlock(&store->lock);
}

/* The simulated clock: real time moved by an offset, or stopped. */
static int64_t read_clock(const struct sim_workspace *ws)
{
    if (ws->clock_frozen)
        return ws->clock_frozen_at;
    /* A running clock stops at the last instant timestamps can show. */
    int64_t now = common_time_now_ms() + ws->clock_offset_ms;
    return now < COMMON_TIME_MAX_MS ? now : COMMON_TIME_MAX_MS;
}

size_t sim_store_workspace_count(struct sim_store *store)
{
    pthread_rwlock_rdlock(&store->lock);
    size_t count = store->workspaces.count;
    pthread_rwlock_unlock(&store->lock);
    return count;
}

void sim_store_lock_workspace(struct sim_workspace *ws)
{
    pthread_mutex_lock(&ws->lock);
    ws->now = read_clock(ws);
}

void sim_store_unlock_workspace(struct sim_workspace *ws)
{
    pthread_mutex_unlock(&ws->lock);
}

int64_t sim_store_now(const struct sim_workspace *ws)
{
    return ws->now;
}

void sim_store_set_clock(struct sim_workspace *ws, int64_t now, bool frozen)
{
    ws->clock_frozen = frozen;
    ws->clock_frozen_at = now;
    ws->clock_offset_ms = now - common_time_now_ms();
    ws->now = now;
}

struct sim_system *sim_store_system(struct sim_workspace *ws, const char *id)
{
    return collection_get(&ws->systems, id);
}

struct sim_entrance *sim_store_entrance(struct sim_workspace *ws,
                                        const char *id)
{
    return collection_get(&ws->entrances, id);
}

struct sim_user *sim_store_user(struct sim_workspace *ws, const char *id)
{
    return collection_get(&ws->users, id);
}

struct sim_credential *sim_store_credential(struct sim_workspace *ws,
                                            const char *id)
{
    return collection_get(&ws->credentials, id);
}

struct sim_identity *sim_store_identity(struct sim_workspace *ws,
                                        const char *id)
{
    return collection_get(&ws->identities, id);
}

struct sim_system *sim_store_create_system(struct sim_workspace *ws,
                                           const char *id, const char *name)
{
    struct sim_system *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    s->name = strdup(name);
    s->pin_length = 7;
    s->hub_online = true;
    common_uuid_v4(s->connected_account_id);
    if (s->name == NULL || !collection_add(ws, &ws->systems, &s->head, id)) {
        free_system(s);
        return NULL;
    }
    return s;
}

struct sim_entrance *sim_store_create_entrance(struct sim_workspace *ws,
                                               struct sim_system *system,
                                               const char *id,
                                               const char *display_name)
{
    struct sim_entrance *e = calloc(1, sizeof *e);

    if (e == NULL)
        return NULL;
    e->system = system;
    e->display_name = strdup(display_name);
    e->door_type = strdup("DOOR");
    e->accessibility_type = strdup("COMMUNAL");
    e->is_connected = system->hub_installed;
    if (!e->display_name || !e->door_type || !e->accessibility_type ||
        !sim_vec_push(&system->entrances, e))
        goto fail;
    if (!collection_add(ws, &ws->entrances, &e->head, id)) {
        system->entrances.count--;
        goto fail;
    }
    return e;
fail:
    free_entrance(e);
    return NULL;
}

struct sim_user *sim_store_create_user(struct sim_workspace *ws,
                                       struct sim_system *system)
{
    struct sim_user *u = calloc(1, sizeof *u);

    if (u == NULL)
        return NULL;
    u->system = system;
    if (!sim_vec_push(&system->users, u)) {
        free_user(u);
        return NULL;
    }
    if (!collection_add(ws, &ws->users, &u->head, NULL)) {
        system->users.count--;
        free_user(u);
        return NULL;
    }
    return u;
}

struct sim_credential *sim_store_create_credential(struct sim_workspace *ws,
                                                   struct sim_user *user)
{
    struct sim_credential *c = calloc(1, sizeof *c);

    if (c == NULL)
        return NULL;
    c->user = user;
    c->system = user->system;
    if (!sim_vec_push(&user->credentials, c)) {
        free_credential(c);
        return NULL;
    }
    if (!collection_add(ws, &ws->credentials, &c->head, NULL)) {
        user->credentials.count--;
        free_credential(c);
        return NULL;
    }
    c->changed_at = c->head.created_at;
    return c;
}

struct sim_identity *sim_store_create_identity(struct sim_workspace *ws)
{
    struct sim_identity *i = calloc(1, sizeof *i);

    if (i == NULL)
        return NULL;
    if (!collection_add(ws, &ws->identities, &i->head, NULL)) {
        free_identity(i);
        return NULL;
    }
    return i;
}

bool sim_store_grant_entrance(struct sim_credential *credential,
                              struct sim_entrance *entrance)
{
    if (!sim_vec_push(&credential->entrances, entrance))
        return false;
    if (!sim_vec_push(&entrance->credentials, credential))
        goto undo_credential;
    if (credential->code[0] &&
        !sim_idmap_put(&entrance->pins, credential->code, credential))
        goto undo_entrance;
    return true;

undo_entrance:
    entrance->credentials.count--;
undo_credential:
    credential->entrances.count--;
    return false;
}

struct sim_credential *sim_store_pin_owner(struct sim_entrance *entrance,
                                           const char *code)
{
    return sim_idmap_get(&entrance->pins, code);
}

bool sim_store_link_user(struct sim_user *user, struct sim_identity *identity)
{
    if (user->identity == identity)
        return true;
    if (!sim_vec_push(&identity->users, user))
        return false;
    sim_store_unlink_user(user);
    user->identity = identity;
    return true;
}

void sim_store_unlink_user(struct sim_user *user)
{
    if (user->identity != NULL) {
        sim_vec_remove(&user->identity->users, user);
        user->identity = NULL;
    }
}

static struct sim_idmap *identity_index(struct sim_workspace *ws,
                                        enum sim_identity_field field)
{
    switch (field) {
    case SIM_IDENTITY_KEY:
        return &ws->identity_by_key;
    case SIM_IDENTITY_EMAIL:
        return &ws->identity_by_email;
    case SIM_IDENTITY_PHONE:
    default:
        return &ws->identity_by_phone;
    }
}

static char **identity_slot(struct sim_identity *identity,
                            enum sim_identity_field field)
{
    switch (field) {
    case SIM_IDENTITY_KEY:
        return &identity->user_identity_key;
    case SIM_IDENTITY_EMAIL:
        return &identity->email_address;
    case SIM_IDENTITY_PHONE:
    default:
        return &identity->phone_number;
    }
}

/*
 * The index key for a value: emails compare case-insensitively, so their
 * index holds a lower-cased copy. Returns a heap string or NULL on OOM.
 */
static char *index_key(enum sim_identity_field field, const char *value)
{
    char *k = strdup(value);

    if (k != NULL && field == SIM_IDENTITY_EMAIL) {
        for (char *p = k; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    return k;
}

struct sim_identity *sim_store_identity_by(struct sim_workspace *ws,
                                           enum sim_identity_field field,
                                           const char *value)
{
    char *k = index_key(field, value);
    struct sim_identity *found = NULL;

    if (k != NULL) {
        /* The index stores the key string as its first allocation. */
        char **entry = sim_idmap_get(identity_index(ws, field), k);
        found = entry ? (struct sim_identity *)entry[1] : NULL;
        free(k);
    }
    return found;
}

/*
 * Uniqueness index entries are two-pointer cells {owned key, identity},
 * so the borrowed map key lives exactly as long as the entry.
 */
static void index_remove(struct sim_idmap *index, enum sim_identity_field field,
                         const char *value)
{
    char *k = index_key(field, value);
    char **cell = k ? sim_idmap_remove(index, k) : NULL;

    free(k);
    if (cell != NULL) {
        free(cell[0]);
        free(cell);
    }
}

bool sim_store_set_identity_field(struct sim_workspace *ws,
                                  struct sim_identity *identity,
                                  enum sim_identity_field field,
                                  const char *value)
{
    struct sim_idmap *index = identity_index(ws, field);
    char **slot = identity_slot(identity, field);
    char **cell = NULL;
    char *copy = NULL;

    if (value != NULL) {
        struct sim_identity *owner = sim_store_identity_by(ws, field, value);
        if (owner != NULL && owner != identity)
            return false;
        cell = calloc(2, sizeof *cell);
        copy = strdup(value);
        if (cell == NULL || copy == NULL ||
            (cell[0] = index_key(field, value)) == NULL)
            goto fail;
        cell[1] = (char *)identity;
    }

    /* Drop the old index entry, then add the new one. */
    if (*slot != NULL)
        index_remove(index, field, *slot);
    if (cell != NULL && !sim_idmap_put(index, cell[0], cell)) {
        /* Put the old entry back so the index still matches the field. */
        if (*slot != NULL)
            sim_store_set_identity_field(ws, identity, field, *slot);
        goto fail;
    }
    free(*slot);
    *slot = copy;
    return true;

fail:
    if (cell != NULL)
        free(cell[0]);
    free(cell);
    free(copy);
    return false;
}

void sim_store_delete_credential(struct sim_workspace *ws,
                                 struct sim_credential *credential)
{
    for (size_t i = 0; i < credential->entrances.count; i++) {
        struct sim_entrance *e = credential->entrances.items[i];
        sim_vec_remove(&e->credentials, credential);
        if (credential->code[0] &&
            sim_idmap_get(&e->pins, credential->code) == credential)
            sim_idmap_remove(&e->pins, credential->code);
    }
    sim_vec_remove(&credential->user->credentials, credential);
    if (credential->pending)
        sim_vec_remove(&ws->pending, credential);
    collection_remove(&ws->credentials, &credential->head);
    free_credential(credential);
}

void sim_store_delete_user(struct sim_workspace *ws, struct sim_user *user)
{
    while (user->credentials.count > 0)
        sim_store_delete_credential(
            ws, user->credentials.items[user->credentials.count - 1]);
    sim_store_unlink_user(user);
    if (user->is_mission_control_resident)
        user->system->resident_count--;
    sim_vec_remove(&user->system->users, user);
    collection_remove(&ws->users, &user->head);
    free_user(user);
}

void sim_store_delete_identity(struct sim_workspace *ws,
                               struct sim_identity *identity)
{
    while (identity->users.count > 0)
        sim_store_delete_user(ws,
                              identity->users.items[identity->users.count - 1]);
    sim_store_set_identity_field(ws, identity, SIM_IDENTITY_KEY, NULL);
    sim_store_set_identity_field(ws, identity, SIM_IDENTITY_EMAIL, NULL);
    sim_store_set_identity_field(ws, identity, SIM_IDENTITY_PHONE, NULL);
    collection_remove(&ws->identities, &identity->head);
    free_identity(identity);
}

bool sim_store_add_event(struct sim_workspace *ws, struct sim_event *event)
{
    if (!collection_add(ws, &ws->events, &event->head, NULL))
        return false;
    if (ws->events.order.count > SIM_EVENTS_MAX) {
        struct sim_event *oldest = ws->events.order.items[0];
        collection_remove(&ws->events, &oldest->head);
        cJSON_Delete(oldest->body);
        cJSON_Delete(oldest->refs);
        free(oldest);
    }
    return true;
}

struct sim_event *sim_store_event(struct sim_workspace *ws, const char *id)
{
    return collection_get(&ws->events, id);
}

struct sim_action_attempt *
sim_store_add_action_attempt(struct sim_workspace *ws)
{
    struct sim_action_attempt *a = calloc(1, sizeof *a);

    if (a == NULL || (a->body = cJSON_CreateObject()) == NULL ||
        !collection_add(ws, &ws->action_attempts, &a->head, NULL)) {
        if (a)
            cJSON_Delete(a->body);
        free(a);
        return NULL;
    }
    return a;
}

struct sim_action_attempt *sim_store_action_attempt(struct sim_workspace *ws,
                                                    const char *id)
{
    return collection_get(&ws->action_attempts, id);
}

/* Drops the oldest recorded request. */
static void drop_oldest_record(struct sim_workspace *ws)
{
    struct sim_recorded_request *oldest = &ws->recorded[ws->recorded_start];

    ws->recorded_bytes -= strlen(oldest->params);
    free(oldest->route);
    free(oldest->params);
    ws->recorded_start = (ws->recorded_start + 1) % SIM_RECORDED_REQUESTS_MAX;
    ws->recorded_count--;
}

void sim_store_record_request(struct sim_workspace *ws,
                              const struct sim_recorded_request *request)
{
    char *route = strdup(request->route ? request->route : "");
    char *params = strdup(request->params ? request->params : "{}");

    if (route == NULL || params == NULL ||
        strlen(params) > SIM_RECORDED_BYTES_MAX) {
        free(route);
        free(params);
        return;
    }

    /* Make room under both budgets, oldest first. */
    while (ws->recorded_count > 0 &&
           (ws->recorded_count == SIM_RECORDED_REQUESTS_MAX ||
            ws->recorded_bytes + strlen(params) > SIM_RECORDED_BYTES_MAX))
        drop_oldest_record(ws);
    struct sim_recorded_request *slot =
        &ws->recorded[(ws->recorded_start + ws->recorded_count++) %
                      SIM_RECORDED_REQUESTS_MAX];
    *slot = *request;
    slot->route = route;
    slot->params = params;
    ws->recorded_bytes += strlen(params);
}
