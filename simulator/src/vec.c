#include "vec.h"

#include <stdlib.h>
#include <string.h>

void sim_vec_init(struct sim_vec *vec)
{
    memset(vec, 0, sizeof *vec);
}

void sim_vec_free(struct sim_vec *vec)
{
    free(vec->items);
    sim_vec_init(vec);
}

bool sim_vec_push(struct sim_vec *vec, void *item)
{
    if (vec->count == vec->capacity) {
        size_t capacity = vec->capacity ? vec->capacity * 2 : 8;
        void **items = realloc(vec->items, capacity * sizeof *items);
        if (items == NULL)
            return false;
        vec->items = items;
        vec->capacity = capacity;
    }
    vec->items[vec->count++] = item;
    return true;
}

void sim_vec_remove_at(struct sim_vec *vec, size_t index)
{
    memmove(&vec->items[index], &vec->items[index + 1],
            (vec->count - index - 1) * sizeof *vec->items);
    vec->count--;
}

bool sim_vec_remove(struct sim_vec *vec, const void *item)
{
    for (size_t i = 0; i < vec->count; i++) {
        if (vec->items[i] == item) {
            sim_vec_remove_at(vec, i);
            return true;
        }
    }
    return false;
}

bool sim_vec_contains(const struct sim_vec *vec, const void *item)
{
    for (size_t i = 0; i < vec->count; i++) {
        if (vec->items[i] == item)
            return true;
    }
    return false;
}
