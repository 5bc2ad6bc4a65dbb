#include "idmap.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sim_idmap_slot {
    const char *key; /* NULL: empty; TOMBSTONE: removed */
    void *value;
    uint64_t hash;
};

static const char tombstone_marker;
#define TOMBSTONE (&tombstone_marker)

static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static int hash_key_ready;

static uint64_t hash_of(const char *key)
{
    unsigned char out[crypto_shorthash_BYTES];
    uint64_t h;

    /*
     * The first call happens while the server is still single-threaded
     * (fixture loading), so this lazy initialisation does not race.
     */
    if (!hash_key_ready) {
        crypto_shorthash_keygen(hash_key);
        hash_key_ready = 1;
    }
    crypto_shorthash(out, (const unsigned char *)key, strlen(key), hash_key);
    memcpy(&h, out, sizeof h);
    return h;
}

void sim_idmap_init(struct sim_idmap *map)
{
    memset(map, 0, sizeof *map);
}

void sim_idmap_free(struct sim_idmap *map)
{
    free(map->slots);
    sim_idmap_init(map);
}

static struct sim_idmap_slot *find(const struct sim_idmap *map, const char *key,
                                   uint64_t h)
{
    if (map->capacity == 0)
        return NULL;
    size_t mask = map->capacity - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct sim_idmap_slot *slot = &map->slots[i];
        if (slot->key == NULL)
            return NULL;
        if (slot->key != TOMBSTONE && slot->hash == h &&
            strcmp(slot->key, key) == 0)
            return slot;
    }
}

void *sim_idmap_get(const struct sim_idmap *map, const char *key)
{
    struct sim_idmap_slot *slot = find(map, key, hash_of(key));
    return slot ? slot->value : NULL;
}

/* Rebuilds the table at `capacity`, dropping tombstones. */
static bool rehash(struct sim_idmap *map, size_t capacity)
{
    struct sim_idmap_slot *slots = calloc(capacity, sizeof *slots);
    if (slots == NULL)
        return false;

    size_t mask = capacity - 1;
    for (size_t i = 0; i < map->capacity; i++) {
        struct sim_idmap_slot *old = &map->slots[i];
        if (old->key == NULL || old->key == TOMBSTONE)
            continue;
        size_t j = old->hash & mask;
        while (slots[j].key != NULL)
            j = (j + 1) & mask;
        slots[j] = *old;
    }
    free(map->slots);
    map->slots = slots;
    map->capacity = capacity;
    map->used = map->count;
    return true;
}

bool sim_idmap_put(struct sim_idmap *map, const char *key, void *value)
{
    uint64_t h = hash_of(key);
    struct sim_idmap_slot *slot = find(map, key, h);

    if (slot != NULL) {
        slot->key = key;
        slot->value = value;
        return true;
    }

    /* Keep the load, tombstones included, under 70%. */
    if ((map->used + 1) * 10 > map->capacity * 7) {
        size_t capacity = map->capacity ? map->capacity : 16;
        while ((map->count + 1) * 10 > capacity * 5)
            capacity *= 2;
        if (!rehash(map, capacity))
            return false;
    }

    size_t mask = map->capacity - 1;
    size_t i = h & mask;
    while (map->slots[i].key != NULL && map->slots[i].key != TOMBSTONE)
        i = (i + 1) & mask;
    if (map->slots[i].key == NULL)
        map->used++;
    map->slots[i].key = key;
    map->slots[i].value = value;
    map->slots[i].hash = h;
    map->count++;
    return true;
}

void *sim_idmap_remove(struct sim_idmap *map, const char *key)
{
    struct sim_idmap_slot *slot = find(map, key, hash_of(key));
    void *value;

    if (slot == NULL)
        return NULL;
    value = slot->value;
    slot->key = TOMBSTONE;
    slot->value = NULL;
    map->count--;
    return value;
}
