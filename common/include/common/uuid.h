#ifndef COMMON_UUID_H
#define COMMON_UUID_H

/* UUIDs in their canonical 36-character lower-case text form. */

#include <stdbool.h>

/* 36 characters plus the terminator. */
#define COMMON_UUID_SIZE 37

/*
 * Writes a random (version 4) UUID drawn from libsodium into `out`.
 * sodium_init() must have succeeded before the first call.
 * Returns `out`.
 */
char *common_uuid_v4(char out[COMMON_UUID_SIZE]);

/*
 * True when `text` is a UUID in 8-4-4-4-12 hexadecimal form. Either case
 * is accepted, as the API accepts it; nothing else is.
 */
bool common_uuid_is_valid(const char *text);

#endif
