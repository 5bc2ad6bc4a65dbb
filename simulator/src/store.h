#ifndef SIM_STORE_H
#define SIM_STORE_H

/*
 * The simulator's state: workspaces and the Latch objects inside them.
 *
 * Ownership. The store owns every workspace; a workspace owns every object
 * in it. Pointers between objects (a credential's user, an entrance's
 * credentials) are borrowed and are unlinked by the sim_store_*_delete
 * functions, which keep every index consistent.
 *
 * Locking. Each workspace has its own mutex, so requests on different
 * workspaces never wait on each other. Every function below that takes a
 * `struct sim_workspace *` requires the caller to hold that workspace's
 * lock (sim_store_lock_workspace). The store-wide registry of workspaces
 * and API keys has a read-write lock of its own, taken inside the
 * registry functions.
 *
 * Lookups by id go through hash maps and never scan. Each collection also
 * keeps its objects in creation order, which is the order lists return
 * and pagination walks.
 */

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/uuid.h"
#include "faults.h"
#include "idmap.h"
#include "vec.h"

/* An API key's text as stored: "seam_" keys are short; cap them anyway. */
#define SIM_API_KEY_MAX 128

/* Every stored object starts with this header. */
struct sim_object {
    char id[COMMON_UUID_SIZE];
    uint64_t seq;       /* creation order within the workspace, from 1 */
    int64_t created_at; /* ms since the epoch, on the workspace clock */
};

/* A collection: id index plus creation order. */
struct sim_collection {
    struct sim_idmap by_id;
    struct sim_vec order; /* struct sim_object *, ascending seq */
};

enum sim_access_method {
    SIM_ACCESS_CODE,
    SIM_ACCESS_MOBILE_KEY,
    SIM_ACCESS_CARD,
    SIM_ACCESS_CLOUD_KEY,
};

/*
 * What a door holds for one PIN: the credential's state as last delivered
 * to it. The door decides at its keypad from this copy, not from the API.
 */
struct sim_door_copy {
    bool present;         /* the door knows the PIN */
    bool suspended;       /* its user was suspended when delivered */
    int64_t starts_at;    /* 0: no start */
    int64_t ends_at;      /* 0: no end */
    int64_t delivered_at; /* when this copy reached the door */
};

struct sim_system {
    struct sim_object head;
    char *name;      /* owned */
    char *time_zone; /* owned, NULL when unknown */
    char connected_account_id[COMMON_UUID_SIZE];
    bool hub_installed;        /* a Latch hub relays changes to the doors */
    bool hub_online;           /* the installed hub is reachable */
    bool outage;               /* Latch's cloud is down for this building */
    int64_t hub_sync_delay_ms; /* how long the hub takes to relay */
    int pin_length;            /* digits in generated PINs */
    struct sim_vec entrances;  /* struct sim_entrance *, borrowed */
    struct sim_vec users;      /* struct sim_user *, borrowed */
    int64_t outage_since;      /* when the current Latch outage began */
    int resident_count;        /* Mission Control residents in `users` */
};

struct sim_entrance {
    struct sim_object head;
    struct sim_system *system; /* borrowed */
    char *display_name;        /* owned */
    char *door_type;           /* owned, Latch's DOOR / ELEVATOR */
    char *accessibility_type;  /* owned, Latch's COMMUNAL / PRIVATE */
    bool is_connected;         /* reachable through the hub */
    /* When the hub's path to this door last came up (0: always up). */
    int64_t path_up_since;
    /* Deleted PINs the door knew: struct sim_tombstone *, owned. */
    struct sim_vec tombstones;
    struct sim_vec credentials; /* struct sim_credential *, borrowed */
    struct sim_idmap pins;      /* PIN text -> struct sim_credential * */
};

struct sim_identity;

struct sim_user {
    struct sim_object head;
    struct sim_system *system;     /* borrowed */
    struct sim_identity *identity; /* borrowed, NULL when unlinked */
    char *full_name;               /* owned, may be NULL */
    char *email_address;           /* owned, may be NULL */
    char *phone_number;            /* owned, may be NULL */
    bool has_access_schedule;
    int64_t schedule_starts_at;
    int64_t schedule_ends_at; /* 0: open-ended */
    bool is_suspended;
    /* Made in Latch Mission Control, not through the API. */
    bool is_mission_control_resident;
    /* Made through the API for a person Mission Control already has. */
    bool conflicts_with_resident;
    struct sim_vec credentials; /* struct sim_credential *, borrowed */
};

struct sim_credential {
    struct sim_object head;
    struct sim_user *user;     /* borrowed */
    struct sim_system *system; /* borrowed */
    enum sim_access_method access_method;
    char code[16];          /* generated PIN, "" for mobile keys */
    int64_t starts_at;      /* 0: none given */
    int64_t ends_at;        /* 0: none given */
    bool schedule_modified; /* starts_at was moved from the past */
    bool is_multi_phone_sync_credential;
    /* When the desired state last changed (create, update, suspension). */
    int64_t changed_at;
    bool pending;              /* the door lacks the latest desired state */
    struct sim_door_copy door; /* what the door holds (PIN credentials) */
    int64_t issued_at;         /* first delivery to the door; 0 until then */
    bool invalidated;          /* ends_at has passed and was announced */
    struct sim_vec entrances;  /* struct sim_entrance *, borrowed */
};

/*
 * A deleted PIN credential that its door knew. Until the removal reaches
 * the door, the PIN still opens it; afterwards the tombstone is kept a
 * while so the keypad can say the credential was deleted.
 */
struct sim_tombstone {
    char acs_credential_id[COMMON_UUID_SIZE];
    char acs_user_id[COMMON_UUID_SIZE];
    char user_identity_id[COMMON_UUID_SIZE]; /* "" when none */
    char code[16];
    struct sim_entrance *entrance; /* borrowed */
    struct sim_door_copy door;     /* what the door still holds */
    int64_t deleted_at;
    bool removal_pending; /* the door still has the PIN */
};

/* Delivered tombstones kept per entrance for the keypad's reasons. */
#define SIM_TOMBSTONES_KEPT 64

struct sim_identity {
    struct sim_object head;
    char *user_identity_key; /* owned, may be NULL */
    char *email_address;     /* owned, may be NULL */
    char *phone_number;      /* owned, may be NULL */
    char *full_name;         /* owned, may be NULL */
    struct sim_vec users;    /* struct sim_user *, borrowed */
};

/* One event, as /events/list shows it and webhooks deliver it. */
struct sim_event {
    struct sim_object head; /* head.id is the event_id */
    char event_type[64];
    int64_t occurred_at;
    cJSON *body; /* owned: the whole event object */
    /*
     * Owned, may be NULL: ids the event concerns but whose schema has no
     * field for (a credential event's user), so /events/list can filter
     * on them without adding fields Seam does not send.
     */
    cJSON *refs;
};

/* An action attempt, as /action_attempts/get shows it. */
struct sim_action_attempt {
    struct sim_object head; /* head.id is the action_attempt_id */
    cJSON *body;            /* owned: the whole action attempt object */
};

/* Events kept per workspace; the oldest are dropped first. */
#define SIM_EVENTS_MAX 100000

struct sim_webhook_state;
struct sim_expiry;

/* One recorded API request, for /_fake/requests/list. */
struct sim_recorded_request {
    char request_id[COMMON_UUID_SIZE];
    int64_t received_at;
    char method[8];
    char *route;  /* owned */
    char *params; /* owned JSON text of the merged parameters */
    int status;
};

/*
 * Requests kept per workspace, and the bytes their parameters may take;
 * the oldest are dropped first when either is reached.
 */
#define SIM_RECORDED_REQUESTS_MAX 1000
#define SIM_RECORDED_BYTES_MAX    (4 * 1024 * 1024)

struct sim_workspace {
    char id[COMMON_UUID_SIZE];
    char *name;         /* owned */
    char *company_name; /* owned */
    pthread_mutex_t lock;
    uint64_t next_seq;
    /* Simulated clock: real time plus an offset, or frozen. */
    int64_t clock_offset_ms;
    bool clock_frozen;
    int64_t clock_frozen_at;
    /*
     * The clock read once when the lock was taken: everything one request
     * does happens at the same instant.
     */
    int64_t now;

    struct sim_collection systems;
    struct sim_collection entrances;
    struct sim_collection users;
    struct sim_collection credentials;
    struct sim_collection identities;
    struct sim_collection events;
    struct sim_collection action_attempts;
    /* Changes not yet at their doors: struct sim_credential *, borrowed. */
    struct sim_vec pending;
    /* Removals not yet at their doors: struct sim_tombstone *, borrowed. */
    struct sim_vec pending_removals;
    /* Credentials with an ends_at still to announce, a min-heap; owned. */
    struct sim_expiry *expiry;
    size_t expiry_count, expiry_capacity;
    /* Webhooks and their deliveries; owned by webhooks.c. */
    struct sim_webhook_state *webhooks;
    /* Uniqueness indexes for user identities (lower-cased emails). */
    struct sim_idmap identity_by_key;
    struct sim_idmap identity_by_email;
    struct sim_idmap identity_by_phone;

    struct sim_faults faults; /* injected failures, /_fake/faults */

    struct sim_recorded_request *recorded; /* ring, owned */
    size_t recorded_start, recorded_count;
    size_t recorded_bytes; /* sum of the recorded params' lengths */
};

struct sim_store;

/*
 * Workspaces one store holds at most. /_fake/workspaces/create needs no
 * key, so this bounds what a runaway test loop can allocate.
 */
#define SIM_WORKSPACES_MAX 10000

/* Creates an empty store. Returns NULL when memory runs out. */
struct sim_store *sim_store_new(void);

/* Frees the store, every workspace and every object. */
void sim_store_free(struct sim_store *store);

/*
 * Creates an empty workspace named `name` (copied) with the given id, or a
 * fresh random id when `id` is NULL. The store owns the result. Returns
 * NULL when memory runs out or the id is taken.
 */
struct sim_workspace *sim_store_add_workspace(struct sim_store *store,
                                              const char *id, const char *name);

/* How many workspaces the store holds. */
size_t sim_store_workspace_count(struct sim_store *store);

/*
 * Registers `key` (copied) as an API key of `ws`. Returns false when the
 * key is already registered, too long, or memory runs out.
 */
bool sim_store_add_api_key(struct sim_store *store, struct sim_workspace *ws,
                           const char *key);

/*
 * The workspace `key` belongs to, or NULL. Keys are compared through a
 * keyed digest and sodium_memcmp, so response time does not reveal how
 * much of a guessed key was right. The workspace is returned unlocked.
 */
struct sim_workspace *sim_store_find_by_key(struct sim_store *store,
                                            const char *key);

/* Takes the workspace's lock and reads its clock into ws->now. */
void sim_store_lock_workspace(struct sim_workspace *ws);
void sim_store_unlock_workspace(struct sim_workspace *ws);

/*
 * The workspace's simulated time in ms since the epoch, as read when its
 * lock was taken.
 */
int64_t sim_store_now(const struct sim_workspace *ws);

/*
 * Sets the workspace clock to `now` (lock held), either running on from
 * there with real time or frozen at it, and updates ws->now.
 */
void sim_store_set_clock(struct sim_workspace *ws, int64_t now, bool frozen);

/* Lookups by id (case-insensitive UUID text). NULL when absent. */
struct sim_system *sim_store_system(struct sim_workspace *ws, const char *id);
struct sim_entrance *sim_store_entrance(struct sim_workspace *ws,
                                        const char *id);
struct sim_user *sim_store_user(struct sim_workspace *ws, const char *id);
struct sim_credential *sim_store_credential(struct sim_workspace *ws,
                                            const char *id);
struct sim_identity *sim_store_identity(struct sim_workspace *ws,
                                        const char *id);

/*
 * Object constructors. Each allocates the object, gives it a fresh id
 * (or `id` when not NULL), links it into its indexes and returns it,
 * owned by the workspace. String arguments are copied. On failure
 * (memory, or a duplicate id) they return NULL and change nothing.
 */
struct sim_system *sim_store_create_system(struct sim_workspace *ws,
                                           const char *id, const char *name);
struct sim_entrance *sim_store_create_entrance(struct sim_workspace *ws,
                                               struct sim_system *system,
                                               const char *id,
                                               const char *display_name);
struct sim_user *sim_store_create_user(struct sim_workspace *ws,
                                       struct sim_system *system);
struct sim_credential *sim_store_create_credential(struct sim_workspace *ws,
                                                   struct sim_user *user);
struct sim_identity *sim_store_create_identity(struct sim_workspace *ws);

/*
 * Gives `credential` access to `entrance`. For a PIN credential the PIN
 * must already be set and is indexed on the entrance. Returns false when
 * memory runs out, changing nothing.
 */
bool sim_store_grant_entrance(struct sim_credential *credential,
                              struct sim_entrance *entrance);

/* The credential holding PIN `code` on `entrance`, or NULL. */
struct sim_credential *sim_store_pin_owner(struct sim_entrance *entrance,
                                           const char *code);

/* Links `user` to `identity` (either may already be linked elsewhere). */
bool sim_store_link_user(struct sim_user *user, struct sim_identity *identity);
void sim_store_unlink_user(struct sim_user *user);

/*
 * Sets one of an identity's unique fields to `value` (copied; NULL
 * clears), keeping the uniqueness index current. Returns false when
 * another identity has the value already or memory runs out; nothing
 * changes then.
 */
enum sim_identity_field {
    SIM_IDENTITY_KEY,
    SIM_IDENTITY_EMAIL,
    SIM_IDENTITY_PHONE,
};
bool sim_store_set_identity_field(struct sim_workspace *ws,
                                  struct sim_identity *identity,
                                  enum sim_identity_field field,
                                  const char *value);

/* The identity holding `value` in `field`, or NULL. */
struct sim_identity *sim_store_identity_by(struct sim_workspace *ws,
                                           enum sim_identity_field field,
                                           const char *value);

/* Deletes and frees; every link to the object is removed first. */
void sim_store_delete_credential(struct sim_workspace *ws,
                                 struct sim_credential *credential);
/* Also deletes the user's credentials. */
void sim_store_delete_user(struct sim_workspace *ws, struct sim_user *user);
/* Also deletes the identity's ACS users and their credentials. */
void sim_store_delete_identity(struct sim_workspace *ws,
                               struct sim_identity *identity);

/*
 * Adds `event` (owned by the workspace from now on) to the log, dropping
 * the oldest event past SIM_EVENTS_MAX. Gives it a fresh id and the
 * creation time. Returns false on OOM; the caller still owns it then.
 */
bool sim_store_add_event(struct sim_workspace *ws, struct sim_event *event);

/* The event with `id`, or NULL. */
struct sim_event *sim_store_event(struct sim_workspace *ws, const char *id);

/*
 * Creates an action attempt whose body the caller fills (body starts as
 * an empty object). Returns NULL on OOM.
 */
struct sim_action_attempt *
sim_store_add_action_attempt(struct sim_workspace *ws);

/* The action attempt with `id`, or NULL. */
struct sim_action_attempt *sim_store_action_attempt(struct sim_workspace *ws,
                                                    const char *id);

/*
 * Index of the first object in `order` whose seq is greater than `seq`
 * (binary search). Used to resume a list after a page cursor.
 */
size_t sim_store_first_after(const struct sim_vec *order, uint64_t seq);

/*
 * Records a served request in the workspace's ring. `route` and `params`
 * are copied. Failure to record (memory) is silent: recording must never
 * fail a request.
 */
void sim_store_record_request(struct sim_workspace *ws,
                              const struct sim_recorded_request *request);

/* Replaces a heap string field: frees *field and stores a copy of value
 * (NULL allowed). Returns false, leaving *field as it was, on OOM. */
bool sim_store_set_string(char **field, const char *value);

/* Calls `fn` for each workspace, holding the registry's read lock. */
void sim_store_each_workspace(struct sim_store *store,
                              void (*fn)(struct sim_workspace *, void *),
                              void *arg);

#endif
