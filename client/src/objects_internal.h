#ifndef SEAMC_OBJECTS_INTERNAL_H
#define SEAMC_OBJECTS_INTERNAL_H

/*
 * Table-driven parsing of API objects into the structs of
 * <seam/objects.h>: each type is described once (which JSON key lands in
 * which struct member), and one parser and one release serve them all.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "seam/objects.h"

enum seamc__field_kind {
    SEAMC__FIELD_STRING,        /* const char *, borrowed from raw */
    SEAMC__FIELD_BOOL,          /* bool, false unless JSON true */
    SEAMC__FIELD_ACCESS_METHOD, /* enum seamc_access_method */
    SEAMC__FIELD_ACTION_STATUS, /* enum seamc_action_attempt_status */
    SEAMC__FIELD_OBJECT,        /* const cJSON *, NULL unless an object */
    /* const char ** (owned array of strings borrowed from raw), with its
     * size_t count at `count_offset` */
    SEAMC__FIELD_STRINGS,
};

struct seamc__field {
    /* JSON key; a dotted key ("error.type") reaches into an object. */
    const char *key;
    size_t offset;
    enum seamc__field_kind kind;
    /* A STRING field the answer must carry, or it is SEAMC_EPROTOCOL. */
    bool required;
    size_t count_offset; /* SEAMC__FIELD_STRINGS only */
};

struct seamc__object_type {
    const char *name;   /* JSON key of one object, e.g. "acs_user" */
    const char *plural; /* JSON key of a list, e.g. "acs_users" */
    const char *id_key; /* the one required field */
    size_t size;
    size_t raw_offset;
    const struct seamc__field *fields;
    size_t field_count;
};

extern const struct seamc__object_type seamc__acs_system_type;
extern const struct seamc__object_type seamc__acs_entrance_type;
extern const struct seamc__object_type seamc__acs_user_type;
extern const struct seamc__object_type seamc__acs_credential_type;
extern const struct seamc__object_type seamc__user_identity_type;
extern const struct seamc__object_type seamc__workspace_type;
extern const struct seamc__object_type seamc__event_type;
extern const struct seamc__object_type seamc__action_attempt_type;
extern const struct seamc__object_type seamc__webhook_type;

/*
 * Fills `object` (a struct of `type`) from `json`, whose ownership always
 * passes to the callee: on success it becomes the object's `raw`, on
 * failure it is deleted and `object` zeroed. Fails with SEAMC_EPROTOCOL
 * when `json` is not an object or lacks a string id or another required
 * field, and with SEAMC_ENOMEM when a string array cannot be built.
 */
enum seamc_status seamc__object_fill(const struct seamc__object_type *type,
                                     cJSON *json, void *object,
                                     struct seamc_error *err);

/* Frees what `object` owns and zeroes it. NULL is allowed. */
void seamc__object_release(const struct seamc__object_type *type, void *object);

/*
 * Turns the JSON array `array` (owned by the callee, always consumed)
 * into a malloc'd array of `*count` objects. An empty array gives NULL
 * and 0. On failure nothing is left allocated.
 */
enum seamc_status
seamc__objects_from_array(const struct seamc__object_type *type, cJSON *array,
                          void **items, size_t *count, struct seamc_error *err);

/* Releases `count` objects and frees the array. NULL is allowed. */
void seamc__objects_free(const struct seamc__object_type *type, void *items,
                         size_t count);

#endif
