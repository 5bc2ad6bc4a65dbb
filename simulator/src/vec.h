#ifndef SIM_VEC_H
#define SIM_VEC_H

/*
 * A growable array of borrowed pointers, kept in insertion order.
 * The vector never frees what its items point to.
 */

#include <stdbool.h>
#include <stddef.h>

struct sim_vec {
    void **items; /* owned array; the pointees are borrowed */
    size_t count;
    size_t capacity;
};

void sim_vec_init(struct sim_vec *vec);

/* Frees the array, not the items. */
void sim_vec_free(struct sim_vec *vec);

/* Appends `item`. Returns false, changing nothing, when memory runs out. */
bool sim_vec_push(struct sim_vec *vec, void *item);

/* Removes the item at `index`, keeping the order of the rest. */
void sim_vec_remove_at(struct sim_vec *vec, size_t index);

/* Removes the first occurrence of `item`. Returns false if absent. */
bool sim_vec_remove(struct sim_vec *vec, const void *item);

/* True when `item` is in the vector. */
bool sim_vec_contains(const struct sim_vec *vec, const void *item);

#endif
