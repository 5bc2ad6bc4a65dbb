#ifndef SIM_IDMAP_H
#define SIM_IDMAP_H

/*
 * A hash map from NUL-terminated string keys to pointers, with open
 * addressing and linear probing.
 *
 * Keys are borrowed: the map stores the key pointer it was given, so the
 * key must stay valid and unchanged while the entry exists (objects use
 * their own id field). Hashing is keyed with a per-process random key
 * (libsodium's SipHash), so clients cannot choose ids that collide.
 * Lookups, inserts and removals are O(1) on average.
 */

#include <stdbool.h>
#include <stddef.h>

struct sim_idmap_slot;

struct sim_idmap {
    struct sim_idmap_slot *slots; /* owned */
    size_t capacity;              /* a power of two, or 0 */
    size_t count;                 /* live entries */
    size_t used;                  /* live entries plus tombstones */
};

/* Sets up an empty map; allocates nothing. */
void sim_idmap_init(struct sim_idmap *map);

/* Frees the slots; the keys and values are not the map's to free. */
void sim_idmap_free(struct sim_idmap *map);

/* The value stored under `key`, or NULL. */
void *sim_idmap_get(const struct sim_idmap *map, const char *key);

/*
 * Stores `value` under `key`, replacing any previous value. Returns false
 * only when memory runs out, in which case the map is unchanged.
 */
bool sim_idmap_put(struct sim_idmap *map, const char *key, void *value);

/* Removes `key`. Returns the value it held, or NULL if absent. */
void *sim_idmap_remove(struct sim_idmap *map, const char *key);

#endif
