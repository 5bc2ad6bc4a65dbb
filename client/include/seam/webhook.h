#ifndef SEAM_WEBHOOK_H
#define SEAM_WEBHOOK_H

/*
 * Verifying the webhooks Seam (and seam-sim) sends.
 *
 * Seam delivers through Svix, which signs each request the Standard
 * Webhooks way: the `webhook-signature` header (or `svix-signature`)
 * holds "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")),
 * where id and timestamp are the `webhook-id` and `webhook-timestamp`
 * headers and key is the webhook's secret without its "whsec_" prefix,
 * base64-decoded. docs/webhooks.md has a receiver example.
 *
 * These functions need no client handle, keep no state and are safe to
 * call from any thread. They use libsodium, which they initialise
 * themselves.
 */

#include <stddef.h>

#include "seam/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How far a timestamp may be from now, either way, as Svix allows. */
#define SEAMC_WEBHOOK_TOLERANCE_SECONDS 300

/* Pass as `now_seconds` to compare against the system clock. */
#define SEAMC_WEBHOOK_NOW (-1LL)

/* Room for one signature, "v1," + 44 base64 characters + terminator. */
#define SEAMC_WEBHOOK_SIGNATURE_SIZE 48

/*
 * Why a verification failed, in `err->type` when a call returns
 * SEAMC_EINVAL. The strings are stable; `err->message` says more.
 */
#define SEAMC_WEBHOOK_BAD_SECRET         "webhook_secret_invalid"
#define SEAMC_WEBHOOK_MISSING_HEADER     "webhook_header_missing"
#define SEAMC_WEBHOOK_BAD_TIMESTAMP      "webhook_timestamp_invalid"
#define SEAMC_WEBHOOK_STALE_TIMESTAMP    "webhook_timestamp_out_of_tolerance"
#define SEAMC_WEBHOOK_SIGNATURE_MISMATCH "webhook_signature_mismatch"

/*
 * Checks that a received webhook request is authentic and fresh.
 *
 * secret:           the webhook's secret, with or without "whsec_"
 *                   (borrowed).
 * message_id:       the `webhook-id` (or `svix-id`) header (borrowed).
 * timestamp:        the `webhook-timestamp` header: decimal seconds since
 *                   the epoch, digits only (borrowed).
 * signature_header: the `webhook-signature` header: one or more
 *                   space-separated "v1,<base64>" signatures, any one of
 *                   which may match (borrowed).
 * body, body_len:   the raw request body exactly as received; it need not
 *                   be NUL-terminated (borrowed).
 * now_seconds:      the receiver's time in seconds since the epoch, or
 *                   SEAMC_WEBHOOK_NOW for the system clock. The timestamp
 *                   must be within SEAMC_WEBHOOK_TOLERANCE_SECONDS of it.
 *
 * Returns SEAMC_OK when a signature matches (compared in constant time).
 * Otherwise SEAMC_EINVAL with the reason in err->type (the
 * SEAMC_WEBHOOK_* strings above), or SEAMC_ECONFIG if libsodium cannot
 * start. Any header pointer may be NULL, meaning it was absent. Parse
 * the body only after this returns SEAMC_OK.
 */
SEAMC_API enum seamc_status
seamc_webhook_verify(const char *secret, const char *message_id,
                     const char *timestamp, const char *signature_header,
                     const char *body, size_t body_len, long long now_seconds,
                     struct seamc_error *err);

/*
 * Signs a message the way the sender does, writing "v1,<base64>" into
 * `out`. Useful to test a receiver. `secret` as above; `timestamp` in
 * seconds since the epoch. Returns SEAMC_OK, or SEAMC_EINVAL (bad secret
 * or arguments) with the reason in `err`.
 */
SEAMC_API enum seamc_status
seamc_webhook_sign(const char *secret, const char *message_id,
                   long long timestamp, const char *body, size_t body_len,
                   char out[SEAMC_WEBHOOK_SIGNATURE_SIZE],
                   struct seamc_error *err);

#ifdef __cplusplus
}
#endif

#endif
