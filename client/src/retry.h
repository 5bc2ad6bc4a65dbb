#ifndef SEAMC_RETRY_H
#define SEAMC_RETRY_H

/*
 * Retry rules, as the official SDKs apply them: only reads are replayed
 * by default, only after a transport failure, a 429 or a 5xx, and a
 * server's Retry-After wins over the library's own backoff.
 */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* True when the route is a read: its last segment is "get", "list" or
 * starts with "list_" (the routes the SDKs send as GET). */
bool seamc__route_is_read(const char *route);

/* True for the HTTP statuses worth another attempt: 429 and 5xx. */
bool seamc__http_status_is_retryable(long http_status);

/*
 * The delay a Retry-After header value asks for, in milliseconds: either
 * delay-seconds (decimal digits only: "3", not "0.5", "+3" or "0x10") or
 * an HTTP-date, counted from `now`. A date in the past gives 0. A delay
 * too large for a long saturates (about LONG_MAX ms), so it still reads
 * as "longer than any maximum wait". Returns -1 when `value` is NULL or
 * unreadable, and the caller falls back to its own backoff.
 */
long seamc__retry_after_ms(const char *value, time_t now);

/*
 * Exponential backoff with jitter for retry number `retry` (1 for the
 * first retry): the step is base_ms * 2^(retry-1); the result lies
 * between half the step and the full step, picked by `random`.
 */
long seamc__backoff_ms(long base_ms, int retry, uint32_t random);

/* Advances a xorshift32 state (never zero) and returns the new value. */
uint32_t seamc__next_random(uint32_t *state);

#endif
