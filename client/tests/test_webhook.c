/*
 * The webhook verifier. Without arguments: known-answer and tampering
 * tests, no network. With --with-sim (run by run_with_sim.sh, which
 * exports SEAM_ENDPOINT and SEAM_API_KEY of a seam-sim on 127.0.0.1):
 * a real delivery from the simulator to a receiver on 127.0.0.1,
 * verified here.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_server.h"
#include "seam/seam.h"

/*
 * The published known answer of the Standard Webhooks specification
 * (github.com/standard-webhooks/standard-webhooks, the JavaScript
 * library's test "sign function works" in
 * libraries/javascript/src/webhook.test.ts; Svix's libraries share it).
 */
#define KAT_SECRET    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define KAT_ID        "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define KAT_TIMESTAMP 1614265330LL
#define KAT_BODY      "{\"test\": 2432232314}"
#define KAT_SIGNATURE "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

/* Verifies the known answer with some parts replaced. */
static enum seamc_status verify_kat(const char *secret, const char *id,
                                    const char *timestamp,
                                    const char *signature, const char *body,
                                    long long now, struct seamc_error *err)
{
    return seamc_webhook_verify(secret, id, timestamp, signature, body,
                                body ? strlen(body) : 0, now, err);
}

static void assert_rejected(enum seamc_status status,
                            const struct seamc_error *err, const char *type)
{
    assert_int_equal(status, SEAMC_EINVAL);
    assert_int_equal(err->status, SEAMC_EINVAL);
    assert_string_equal(err->type, type);
    assert_true(strlen(err->message) > 0);
}

static void known_answer_signs_and_verifies(void **state)
{
    char signature[SEAMC_WEBHOOK_SIGNATURE_SIZE];
    struct seamc_error err;

    (void)state;
    assert_int_equal(seamc_webhook_sign(KAT_SECRET, KAT_ID, KAT_TIMESTAMP,
                                        KAT_BODY, strlen(KAT_BODY), signature,
                                        &err),
                     SEAMC_OK);
    assert_string_equal(signature, KAT_SIGNATURE);

    /* The prefix is optional. */
    assert_int_equal(seamc_webhook_sign(KAT_SECRET + 6, KAT_ID, KAT_TIMESTAMP,
                                        KAT_BODY, strlen(KAT_BODY), signature,
                                        &err),
                     SEAMC_OK);
    assert_string_equal(signature, KAT_SIGNATURE);

    strcpy(err.message, "stale");
    assert_int_equal(verify_kat(KAT_SECRET, KAT_ID, "1614265330", KAT_SIGNATURE,
                                KAT_BODY, KAT_TIMESTAMP, &err),
                     SEAMC_OK);
    assert_int_equal(err.status, SEAMC_OK);
    assert_string_equal(err.message, "");
    assert_int_equal(verify_kat(KAT_SECRET + 6, KAT_ID, "1614265330",
                                KAT_SIGNATURE, KAT_BODY, KAT_TIMESTAMP, &err),
                     SEAMC_OK);
}

static void tampering_is_rejected(void **state)
{
    struct seamc_error err;
    const char *ts = "1614265330";
    long long now = KAT_TIMESTAMP;

    (void)state;
    /* One byte of the body. */
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE,
                               "{\"test\": 2432232315}", now, &err),
                    &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
    /* Another secret (one character changed). */
    assert_rejected(verify_kat("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx", KAT_ID,
                               ts, KAT_SIGNATURE, KAT_BODY, now, &err),
                    &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
    /* Another message id. */
    assert_rejected(verify_kat(KAT_SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJeK", ts,
                               KAT_SIGNATURE, KAT_BODY, now, &err),
                    &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
    /* Another timestamp, well within the tolerance. */
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, "1614265331", KAT_SIGNATURE,
                               KAT_BODY, now, &err),
                    &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
    /* The same number written differently is different signed text. */
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, "01614265330", KAT_SIGNATURE,
                               KAT_BODY, now, &err),
                    &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
    /* A body cut short by its length. */
    assert_rejected(seamc_webhook_verify(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE,
                                         KAT_BODY, strlen(KAT_BODY) - 1, now,
                                         &err),
                    &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
}

static void signature_header_forms(void **state)
{
    struct seamc_error err;
    const char *ts = "1614265330";
    long long now = KAT_TIMESTAMP;
    const char *other = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    const char *mac = KAT_SIGNATURE + 3;
    char header[512];

    (void)state;
    /* Any of several space-separated signatures may match. */
    snprintf(header, sizeof(header), "%s v2,%s %s  %s", other, mac,
             KAT_SIGNATURE, other);
    assert_int_equal(
        verify_kat(KAT_SECRET, KAT_ID, ts, header, KAT_BODY, now, &err),
        SEAMC_OK);

    /* Only v1 counts; partial, empty and junk entries never match. */
    snprintf(header, sizeof(header), "v2,%s", mac);
    const char *bad[] = {
        header, other,
        "v1,",  "",
        "v1",   "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELV",
        mac,    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE"
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_rejected(
            verify_kat(KAT_SECRET, KAT_ID, ts, bad[i], KAT_BODY, now, &err),
            &err, SEAMC_WEBHOOK_SIGNATURE_MISMATCH);
    }
}

static void timestamps_are_checked(void **state)
{
    struct seamc_error err;
    char signature[SEAMC_WEBHOOK_SIGNATURE_SIZE];
    const char *ts = "1614265330";

    (void)state;
    /* Five minutes either way is fine; one second more is not. */
    assert_int_equal(verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE, KAT_BODY,
                                KAT_TIMESTAMP + 300, &err),
                     SEAMC_OK);
    assert_int_equal(verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE, KAT_BODY,
                                KAT_TIMESTAMP - 300, &err),
                     SEAMC_OK);
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE, KAT_BODY,
                               KAT_TIMESTAMP + 301, &err),
                    &err, SEAMC_WEBHOOK_STALE_TIMESTAMP);
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE, KAT_BODY,
                               KAT_TIMESTAMP - 301, &err),
                    &err, SEAMC_WEBHOOK_STALE_TIMESTAMP);

    /* The KAT is from 2021: against the real clock it is stale. */
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE, KAT_BODY,
                               SEAMC_WEBHOOK_NOW, &err),
                    &err, SEAMC_WEBHOOK_STALE_TIMESTAMP);

    /* Not numbers at all. */
    const char *bad[] = { "hello",
                          "",
                          "1614265330a",
                          "-1614265330",
                          " 1614265330",
                          "1614265330.5",
                          "1234567890123456789012" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_rejected(verify_kat(KAT_SECRET, KAT_ID, bad[i], KAT_SIGNATURE,
                                   KAT_BODY, KAT_TIMESTAMP, &err),
                        &err, SEAMC_WEBHOOK_BAD_TIMESTAMP);
    }

    /* Signed just now, verified against the system clock. */
    long long now = (long long)time(NULL);
    char stamp[32];
    snprintf(stamp, sizeof(stamp), "%lld", now);
    assert_int_equal(seamc_webhook_sign(KAT_SECRET, "msg_now", now, "{}", 2,
                                        signature, &err),
                     SEAMC_OK);
    assert_int_equal(verify_kat(KAT_SECRET, "msg_now", stamp, signature, "{}",
                                SEAMC_WEBHOOK_NOW, &err),
                     SEAMC_OK);
}

static void bad_secrets_and_missing_headers(void **state)
{
    struct seamc_error err;
    char signature[SEAMC_WEBHOOK_SIGNATURE_SIZE];
    const char *ts = "1614265330";
    long long now = KAT_TIMESTAMP;

    (void)state;
    const char *secrets[] = { NULL, "", "whsec_", "whsec_not base64!",
                              "whsec_" KAT_ID };
    for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
        assert_rejected(verify_kat(secrets[i], KAT_ID, ts, KAT_SIGNATURE,
                                   KAT_BODY, now, &err),
                        &err, SEAMC_WEBHOOK_BAD_SECRET);
        assert_int_equal(
            seamc_webhook_sign(secrets[i], KAT_ID, now, "", 0, signature, &err),
            SEAMC_EINVAL);
    }

    assert_rejected(
        verify_kat(KAT_SECRET, NULL, ts, KAT_SIGNATURE, KAT_BODY, now, &err),
        &err, SEAMC_WEBHOOK_MISSING_HEADER);
    assert_rejected(
        verify_kat(KAT_SECRET, "", ts, KAT_SIGNATURE, KAT_BODY, now, &err),
        &err, SEAMC_WEBHOOK_MISSING_HEADER);
    assert_rejected(verify_kat(KAT_SECRET, KAT_ID, NULL, KAT_SIGNATURE,
                               KAT_BODY, now, &err),
                    &err, SEAMC_WEBHOOK_MISSING_HEADER);
    assert_rejected(
        verify_kat(KAT_SECRET, KAT_ID, ts, NULL, KAT_BODY, now, &err), &err,
        SEAMC_WEBHOOK_MISSING_HEADER);

    /* A NULL err is allowed. */
    assert_int_equal(
        verify_kat(KAT_SECRET, KAT_ID, ts, KAT_SIGNATURE, "x", now, NULL),
        SEAMC_EINVAL);
}

static void bodies_are_bytes(void **state)
{
    static const char body[] = { '{', '"', 'a', '"', ':', '\0', '}' };
    char signature[SEAMC_WEBHOOK_SIGNATURE_SIZE];
    struct seamc_error err;

    (void)state;
    assert_int_equal(seamc_webhook_sign(KAT_SECRET, KAT_ID, KAT_TIMESTAMP, body,
                                        sizeof(body), signature, &err),
                     SEAMC_OK);
    assert_int_equal(seamc_webhook_verify(KAT_SECRET, KAT_ID, "1614265330",
                                          signature, body, sizeof(body),
                                          KAT_TIMESTAMP, &err),
                     SEAMC_OK);
    /* Everything after the NUL is signed too. */
    assert_int_equal(seamc_webhook_verify(KAT_SECRET, KAT_ID, "1614265330",
                                          signature, body, 5, KAT_TIMESTAMP,
                                          &err),
                     SEAMC_EINVAL);
}

/* --with-sim: a real delivery, from seam-sim to a loopback receiver. */

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static cJSON *call(seamc_client *client, const char *route, const char *json)
{
    struct seamc_response response = { 0 };
    struct seamc_error err;

    if (seamc_call_json(client, route, json, NULL, &response, &err) !=
        SEAMC_OK) {
        fail_msg("%s: %s", route, err.message);
    }
    cJSON *body = seamc_response_take_body(&response);
    seamc_response_release(&response);
    return body;
}

static void verifies_a_delivery_from_the_simulator(void **state)
{
    struct seamc_config config;
    struct seamc_error err;
    seamc_client *client = NULL;
    struct fake_server *receiver = fake_server_start();
    char json[512], secret[128], id[128], stamp[64], signature[256];

    (void)state;
    seamc_config_init(&config);
    config.api_key = getenv("SEAM_API_KEY");
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_OK);
    fake_server_queue_json(receiver, 200, "{}");

    /* Register the receiver, then make an event happen. */
    snprintf(json, sizeof(json), "{\"url\":\"%s/hook\"}",
             fake_server_url(receiver));
    cJSON *created = call(client, "/webhooks/create", json);
    cJSON *webhook = cJSON_GetObjectItem(created, "webhook");
    snprintf(secret, sizeof(secret), "%s",
             cJSON_GetObjectItem(webhook, "secret")->valuestring);
    cJSON_Delete(created);
    cJSON *systems = call(client, "/acs/systems/list", "{}");
    const cJSON *system =
        cJSON_GetArrayItem(cJSON_GetObjectItem(systems, "acs_systems"), 0);
    snprintf(json, sizeof(json),
             "{\"acs_system_id\":\"%s\",\"full_name\":\"Hook Verified\"}",
             cJSON_GetObjectItem(system, "acs_system_id")->valuestring);
    cJSON_Delete(systems);
    cJSON_Delete(call(client, "/acs/users/create", json));

    for (int i = 0; i < 500 && fake_server_request_count(receiver) == 0; i++) {
        sleep_ms(10);
    }
    assert_int_equal(fake_server_request_count(receiver), 1);
    const struct fake_request *got = fake_server_request(receiver, 0);
    assert_string_equal(got->method, "POST");
    assert_true(fake_request_header(got, "webhook-id", id, sizeof(id)));
    assert_true(
        fake_request_header(got, "webhook-timestamp", stamp, sizeof(stamp)));
    assert_true(fake_request_header(got, "webhook-signature", signature,
                                    sizeof(signature)));

    /* Authentic against the real clock (the simulator's follows it). */
    assert_int_equal(seamc_webhook_verify(secret, id, stamp, signature,
                                          got->body, got->body_len,
                                          SEAMC_WEBHOOK_NOW, &err),
                     SEAMC_OK);
    cJSON *event = cJSON_ParseWithLength(got->body, got->body_len);
    assert_string_equal(cJSON_GetObjectItem(event, "event_type")->valuestring,
                        "acs_user.created");
    cJSON_Delete(event);

    /* And not with another secret, or a changed body. */
    assert_int_equal(seamc_webhook_verify(KAT_SECRET, id, stamp, signature,
                                          got->body, got->body_len,
                                          SEAMC_WEBHOOK_NOW, &err),
                     SEAMC_EINVAL);
    assert_int_equal(seamc_webhook_verify(secret, id, stamp, signature,
                                          got->body, got->body_len - 1,
                                          SEAMC_WEBHOOK_NOW, &err),
                     SEAMC_EINVAL);

    seamc_client_free(client);
    fake_server_stop(receiver);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(known_answer_signs_and_verifies),
        cmocka_unit_test(tampering_is_rejected),
        cmocka_unit_test(signature_header_forms),
        cmocka_unit_test(timestamps_are_checked),
        cmocka_unit_test(bad_secrets_and_missing_headers),
        cmocka_unit_test(bodies_are_bytes),
    };
    const struct CMUnitTest with_sim[] = {
        cmocka_unit_test(verifies_a_delivery_from_the_simulator),
    };

    if (argc > 1 && strcmp(argv[1], "--with-sim") == 0) {
        /* Only ever a simulator this test's runner started on loopback. */
        const char *endpoint = getenv("SEAM_ENDPOINT");
        if (endpoint == NULL ||
            strncmp(endpoint, "http://127.0.0.1:", 17) != 0) {
            fprintf(stderr, "--with-sim needs SEAM_ENDPOINT on 127.0.0.1\n");
            return 1;
        }
        seamc_global_init();
        int failed = cmocka_run_group_tests(with_sim, NULL, NULL);
        seamc_global_cleanup();
        return failed;
    }
    return cmocka_run_group_tests(unit, NULL, NULL);
}
