#ifndef COMMON_TIME_H
#define COMMON_TIME_H

/*
 * Timestamps as Seam writes them: ISO 8601 / RFC 3339 in UTC with
 * millisecond precision, e.g. "2024-07-13T16:50:42.072Z".
 *
 * Instants are carried as int64_t milliseconds since the Unix epoch.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for "YYYY-MM-DDTHH:MM:SS.mmmZ" plus the terminator. */
#define COMMON_TIME_ISO_SIZE 25

/* Milliseconds since the epoch from the system's real-time clock. */
int64_t common_time_now_ms(void);

/* The first and last instants the text form can write (years 0-9999). */
#define COMMON_TIME_MIN_MS (-62167219200000LL)
#define COMMON_TIME_MAX_MS (253402300799999LL)

/*
 * Writes `ms` as "YYYY-MM-DDTHH:MM:SS.mmmZ" into `out`, which must hold
 * COMMON_TIME_ISO_SIZE bytes. Instants outside years 0000-9999 are
 * written as the nearest one inside; callers that accept times from
 * outside check the range first. Returns `out`.
 */
char *common_time_format_iso(int64_t ms, char out[COMMON_TIME_ISO_SIZE]);

/*
 * Parses an RFC 3339 date-time into milliseconds since the epoch.
 *
 * Accepts a 'T' or 't' separator, an optional fraction of any length
 * (digits past the millisecond are truncated) and a required offset:
 * 'Z', 'z' or +hh:mm / -hh:mm. A timestamp without an offset is refused,
 * because it does not name an instant. Fields are range-checked, including
 * the day against the month's length.
 *
 * Returns true and writes *out_ms on success; on failure *out_ms is left
 * untouched.
 */
bool common_time_parse_iso(const char *text, int64_t *out_ms);

#endif
