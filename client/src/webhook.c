/* Webhook signatures: signing and verification (see seam/webhook.h). */

#include "seam/webhook.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "error.h"

#define SECRET_PREFIX "whsec_"
/* Longest decoded key accepted; Svix keys are 24 bytes, 64 is generous. */
#define KEY_MAX 64
#define MAC_B64_SIZE                                                           \
    sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,                    \
                              sodium_base64_VARIANT_ORIGINAL)
/* Longest accepted timestamp: 18 digits cannot overflow a long long. */
#define TIMESTAMP_DIGITS_MAX 18

_Static_assert(3 + MAC_B64_SIZE == SEAMC_WEBHOOK_SIGNATURE_SIZE,
               "SEAMC_WEBHOOK_SIGNATURE_SIZE must fit \"v1,\" and the MAC");

/* Fails with a reason type from seam/webhook.h. */
static enum seamc_status reject(struct seamc_error *err, const char *type,
                                const char *message)
{
    if (err != NULL) {
        seamc__copy_text(err->type, sizeof(err->type), type);
    }
    return seamc__fail(err, SEAMC_EINVAL, "%s", message);
}

/* Decodes the secret (optional "whsec_" prefix, then base64) into key. */
static enum seamc_status decode_secret(const char *secret,
                                       unsigned char key[KEY_MAX],
                                       size_t *key_len, struct seamc_error *err)
{
    size_t prefix = sizeof(SECRET_PREFIX) - 1;

    if (secret == NULL) {
        return reject(err, SEAMC_WEBHOOK_BAD_SECRET, "no webhook secret");
    }
    if (strncmp(secret, SECRET_PREFIX, prefix) == 0) {
        secret += prefix;
    }
    if (sodium_base642bin(key, KEY_MAX, secret, strlen(secret), NULL, key_len,
                          NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        *key_len == 0) {
        return reject(err, SEAMC_WEBHOOK_BAD_SECRET,
                      "the webhook secret is not \"whsec_\" followed by "
                      "base64 text");
    }
    return SEAMC_OK;
}

/* HMAC-SHA256 over "<id>.<timestamp>.<body>", as base64 text. */
static void compute(const unsigned char *key, size_t key_len,
                    const char *message_id, const char *timestamp,
                    const char *body, size_t body_len, char out[MAC_B64_SIZE])
{
    crypto_auth_hmacsha256_state state;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];

    crypto_auth_hmacsha256_init(&state, key, key_len);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)message_id,
                                  strlen(message_id));
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)timestamp,
                                  strlen(timestamp));
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)".", 1);
    if (body_len > 0) {
        crypto_auth_hmacsha256_update(&state, (const unsigned char *)body,
                                      body_len);
    }
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_bin2base64(out, MAC_B64_SIZE, mac, sizeof(mac),
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(&state, sizeof(state));
    sodium_memzero(mac, sizeof(mac));
}

/*
 * Parses a timestamp: digits only. Stricter than parseInt in Svix's
 * library, which would take "12abc" as 12; a sender never writes that.
 */
static bool parse_timestamp(const char *text, long long *out)
{
    long long value = 0;
    size_t n = 0;

    for (; text[n] != '\0'; n++) {
        if (text[n] < '0' || text[n] > '9' || n == TIMESTAMP_DIGITS_MAX) {
            return false;
        }
        value = value * 10 + (text[n] - '0');
    }
    *out = value;
    return n > 0;
}

/*
 * True when one of the space-separated "v1,<base64>" entries of `header`
 * equals `expected`. Every entry of the right length is compared in
 * constant time; other versions are skipped, as the standard says.
 */
static bool any_signature_matches(const char *header, const char *expected)
{
    size_t expected_len = strlen(expected);
    bool matched = false;

    while (*header != '\0') {
        size_t len = strcspn(header, " ");
        if (len > 3 && strncmp(header, "v1,", 3) == 0 &&
            len - 3 == expected_len &&
            sodium_memcmp(header + 3, expected, expected_len) == 0) {
            matched = true;
        }
        header += len;
        while (*header == ' ') {
            header++;
        }
    }
    return matched;
}

enum seamc_status
seamc_webhook_verify(const char *secret, const char *message_id,
                     const char *timestamp, const char *signature_header,
                     const char *body, size_t body_len, long long now_seconds,
                     struct seamc_error *err)
{
    unsigned char key[KEY_MAX];
    size_t key_len = 0;
    char expected[MAC_B64_SIZE];
    long long sent_at = 0;
    enum seamc_status status;

    seamc_error_clear(err);
    if (sodium_init() < 0) {
        return seamc__fail(err, SEAMC_ECONFIG, "libsodium did not start");
    }

    /* The receiver's own mistakes first, then the request's. */
    if ((status = decode_secret(secret, key, &key_len, err)) != SEAMC_OK) {
        goto done;
    }
    if (message_id == NULL || message_id[0] == '\0' || timestamp == NULL ||
        signature_header == NULL || (body == NULL && body_len > 0)) {
        status = reject(err, SEAMC_WEBHOOK_MISSING_HEADER,
                        "the webhook-id, webhook-timestamp or "
                        "webhook-signature header is missing");
        goto done;
    }

    /* A replayed request carries an old timestamp, signed or not. */
    if (!parse_timestamp(timestamp, &sent_at)) {
        status = reject(err, SEAMC_WEBHOOK_BAD_TIMESTAMP,
                        "the webhook timestamp is not a number of seconds");
        goto done;
    }
    if (now_seconds == SEAMC_WEBHOOK_NOW) {
        now_seconds = (long long)time(NULL);
    }
    if (sent_at < now_seconds - SEAMC_WEBHOOK_TOLERANCE_SECONDS ||
        sent_at > now_seconds + SEAMC_WEBHOOK_TOLERANCE_SECONDS) {
        status = reject(err, SEAMC_WEBHOOK_STALE_TIMESTAMP,
                        "the webhook timestamp is more than 5 minutes away "
                        "from now");
        goto done;
    }

    /* The timestamp text is signed as sent, not as parsed. */
    compute(key, key_len, message_id, timestamp, body, body_len, expected);
    if (!any_signature_matches(signature_header, expected)) {
        status = reject(err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH,
                        "no webhook signature matches the secret and body");
        goto done;
    }
    status = SEAMC_OK;

done:
    sodium_memzero(key, sizeof(key));
    return status;
}

enum seamc_status seamc_webhook_sign(const char *secret, const char *message_id,
                                     long long timestamp, const char *body,
                                     size_t body_len,
                                     char out[SEAMC_WEBHOOK_SIGNATURE_SIZE],
                                     struct seamc_error *err)
{
    unsigned char key[KEY_MAX];
    size_t key_len = 0;
    char stamp[24];
    enum seamc_status status;

    seamc_error_clear(err);
    if (out == NULL || message_id == NULL || timestamp < 0 ||
        (body == NULL && body_len > 0)) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "seamc_webhook_sign needs a message id, a "
                           "timestamp of 0 or more, a body and `out`");
    }
    if (sodium_init() < 0) {
        return seamc__fail(err, SEAMC_ECONFIG, "libsodium did not start");
    }
    if ((status = decode_secret(secret, key, &key_len, err)) == SEAMC_OK) {
        snprintf(stamp, sizeof(stamp), "%lld", timestamp);
        memcpy(out, "v1,", 3);
        compute(key, key_len, message_id, stamp, body, body_len, out + 3);
    }
    sodium_memzero(key, sizeof(key));
    return status;
}
