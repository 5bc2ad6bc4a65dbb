/*
 * Unit tests of the pure parts: status table, error redaction, query
 * encoding, answer classification and retry rules.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/strbuf.h"
#include "error.h"
#include "query.h"
#include "response.h"
#include "retry.h"
#include "seam/seam.h"

/* ---- status ---------------------------------------------------------- */

static void status_names_and_messages_come_from_the_table(void **state)
{
    (void)state;
    assert_string_equal(seamc_errname(SEAMC_OK), "SEAMC_OK");
    assert_string_equal(seamc_errname(SEAMC_EPAGE_LOOP), "SEAMC_EPAGE_LOOP");
    assert_string_equal(seamc_strerror(SEAMC_ETIMEOUT),
                        "the request timed out");
    assert_int_equal(SEAMC_EAPI, 21);
    assert_string_equal(seamc_errname((enum seamc_status)999), "SEAMC_UNKNOWN");
    assert_string_equal(seamc_strerror((enum seamc_status)999),
                        "unknown status");
}

static void redact_replaces_every_copy_of_the_key(void **state)
{
    char text[128] = "bad key seam_live_abcdefghijkl; again "
                     "seam_live_abcdefghijkl!";

    (void)state;
    seamc__redact(text, sizeof(text), "seam_live_abcdefghijkl");
    assert_null(strstr(text, "seam_live_abcdefghijkl"));
    assert_string_equal(text, "bad key seam_li...; again seam_li...!");
}

static void redact_masks_keys_too_short_for_a_hint(void **state)
{
    char text[32] = "key=ab end";

    (void)state;
    seamc__redact(text, sizeof(text), "ab");
    assert_string_equal(text, "key=** end");
}

static void redact_leaves_short_keys_inside_words_alone(void **state)
{
    char text[64] = "answer lacks \"k\"; k: bad k-key";
    char long_key[64] = "xseam_live_abcdefghijklx";

    (void)state;
    /* A one-letter key used to turn "lacks" into "lac*s". */
    seamc__redact(text, sizeof(text), "k");
    assert_string_equal(text, "answer lacks \"*\"; *: bad k-key");

    /* A long key goes even when glued to other characters. */
    seamc__redact(long_key, sizeof(long_key), "seam_live_abcdefghijkl");
    assert_string_equal(long_key, "xseam_li...x");
}

static void key_hint_shows_at_most_a_third(void **state)
{
    char hint[SEAMC_KEY_HINT_SIZE];

    (void)state;
    seamc__key_hint("seam_1234567890123456789", hint);
    assert_string_equal(hint, "seam_123...");
    seamc__key_hint("abcdef", hint);
    assert_string_equal(hint, "ab...");
}

/* ---- query ----------------------------------------------------------- */

static void assert_query(const char *params_json, const char *expected)
{
    struct common_strbuf out;
    cJSON *params = cJSON_Parse(params_json);

    assert_non_null(params);
    common_strbuf_init(&out, 4096);
    assert_int_equal(seamc__query_encode(params, &out), SEAMC_OK);
    assert_string_equal(common_strbuf_str(&out), expected);
    common_strbuf_free(&out);
    cJSON_Delete(params);
}

static void query_sorts_keys_and_repeats_arrays(void **state)
{
    (void)state;
    assert_query("{\"b\":\"2\",\"a\":[\"x\",\"y\"],\"c\":true}",
                 "a=x&a=y&b=2&c=true");
}

static void query_follows_sdk_rules_for_odd_values(void **state)
{
    (void)state;
    /* Empty array -> "key=", null -> "key=", "" omitted, nested dotted. */
    assert_query("{\"ids\":[],\"n\":null,\"skip\":\"\",\"limit\":10,"
                 "\"access_schedule\":{\"starts_at\":\"t\"},\"f\":1.5}",
                 "access_schedule.starts_at=t&f=1.5&ids=&limit=10&n=");
}

static void query_form_encodes_reserved_characters(void **state)
{
    (void)state;
    assert_query("{\"search\":\"Jane Doe&co=1+é\"}",
                 "search=Jane+Doe%26co%3D1%2B%C3%A9");
}

static void query_refuses_arrays_of_objects(void **state)
{
    struct common_strbuf out;
    cJSON *params = cJSON_Parse("{\"a\":[{\"b\":1}]}");

    (void)state;
    common_strbuf_init(&out, 4096);
    assert_int_equal(seamc__query_encode(params, &out), SEAMC_EINVAL);
    common_strbuf_free(&out);
    cJSON_Delete(params);
}

/* ---- answer classification ------------------------------------------- */

static enum seamc_status classify(long status, const char *content_type,
                                  const char *body, const char *expect_key,
                                  struct seamc_error *err)
{
    struct seamc__answer answer = { status, content_type, body,
                                    body != NULL ? strlen(body) : 0 };
    cJSON *parsed = NULL;
    enum seamc_status result;

    seamc_error_clear(err);
    result = seamc__classify_answer(&answer, expect_key, &parsed, err);
    cJSON_Delete(parsed);
    return result;
}

static void success_needs_the_expected_key(void **state)
{
    struct seamc_error err;

    (void)state;
    assert_int_equal(classify(200, "application/json",
                              "{\"acs_user\":{},\"ok\":true}", "acs_user",
                              &err),
                     SEAMC_OK);
    assert_int_equal(
        classify(200, "application/json", "{\"ok\":true}", "acs_user", &err),
        SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "acs_user"));
    assert_int_equal(
        classify(200, "application/json", "{\"ok\":tru", NULL, &err),
        SEAMC_EPROTOCOL);
    assert_int_equal(classify(200, "application/json", "[1,2]", NULL, &err),
                     SEAMC_EPROTOCOL);
}

static void api_error_fields_are_read(void **state)
{
    struct seamc_error err;

    (void)state;
    assert_int_equal(
        classify(404, "application/json; charset=utf-8",
                 "{\"error\":{\"type\":\"acs_user_not_found\","
                 "\"message\":\"Could not find an acs_user\"},\"ok\":false}",
                 NULL, &err),
        SEAMC_EAPI);
    assert_int_equal(err.status, SEAMC_EAPI);
    assert_int_equal(err.http_status, 404);
    assert_string_equal(err.type, "acs_user_not_found");
    assert_string_equal(err.message, "Could not find an acs_user");
    assert_int_equal(err.validation_count, 0);
}

static void validation_tree_is_flattened(void **state)
{
    struct seamc_error err;

    (void)state;
    assert_int_equal(
        classify(400, "application/json",
                 "{\"error\":{\"type\":\"invalid_input\",\"message\":\"2 "
                 "Input Errors\",\"validation_errors\":{\"_errors\":"
                 "[\"form\"],\"acs_user_id\":{\"_errors\":[\"Required\"]},"
                 "\"access_schedule\":{\"_errors\":[],\"ends_at\":"
                 "{\"_errors\":[\"Invalid\",\"Too early\"]}}}},"
                 "\"ok\":false}",
                 NULL, &err),
        SEAMC_EAPI);
    assert_string_equal(err.type, "invalid_input");
    assert_int_equal(err.validation_count, 3);
    assert_string_equal(err.validation[0].param, "");
    assert_string_equal(err.validation[0].message, "form");
    assert_string_equal(err.validation[1].param, "acs_user_id");
    assert_string_equal(err.validation[1].message, "Required");
    assert_string_equal(err.validation[2].param, "access_schedule.ends_at");
    assert_string_equal(err.validation[2].message, "Invalid; Too early");
}

static void status_401_is_always_unauthorized(void **state)
{
    struct seamc_error err;

    (void)state;
    assert_int_equal(classify(401, "text/plain", "nope", NULL, &err),
                     SEAMC_EUNAUTHORIZED);
    assert_string_equal(err.type, "unauthorized");
    assert_int_equal(classify(401, "application/json",
                              "{\"error\":{\"type\":\"client_session_expired\","
                              "\"message\":\"Session expired\"},\"ok\":false}",
                              NULL, &err),
                     SEAMC_EUNAUTHORIZED);
    assert_string_equal(err.type, "unauthorized");
    assert_string_equal(err.message, "Session expired");
}

static void non_api_error_bodies_are_plain_http_errors(void **state)
{
    struct seamc_error err;

    (void)state;
    assert_int_equal(classify(502, "text/html",
                              "<html><body>Bad gateway</body></html>", NULL,
                              &err),
                     SEAMC_EHTTP);
    assert_string_equal(err.type, "");
    assert_string_equal(err.message,
                        "HTTP 502: <html><body>Bad gateway</body></html>");
    /* Malformed JSON, JSON without error.type, JSON under a non-JSON
     * content type: none of them is read as an API error. */
    assert_int_equal(
        classify(400, "application/json", "{\"error\":{\"ty", NULL, &err),
        SEAMC_EHTTP);
    assert_int_equal(classify(400, "application/json",
                              "{\"error\":{\"message\":\"m\"}}", NULL, &err),
                     SEAMC_EHTTP);
    assert_int_equal(classify(400, "text/plain",
                              "{\"error\":{\"type\":\"t\",\"message\":\"m\"}}",
                              NULL, &err),
                     SEAMC_EHTTP);
    assert_int_equal(classify(404, "text/plain", "Not Found", NULL, &err),
                     SEAMC_EHTTP);
    assert_string_equal(err.message, "HTTP 404: Not Found");
}

/* ---- retry rules ----------------------------------------------------- */

static void reads_are_get_list_and_list_underscore_routes(void **state)
{
    (void)state;
    assert_true(seamc__route_is_read("/acs/users/get"));
    assert_true(seamc__route_is_read("/acs/users/list"));
    assert_true(seamc__route_is_read("/acs/users/list_accessible_entrances"));
    assert_true(seamc__route_is_read("workspaces/get"));
    assert_false(seamc__route_is_read("/acs/credentials/create"));
    assert_false(seamc__route_is_read("/acs/users/revoke_access_to_all_"
                                      "entrances"));
    assert_false(seamc__route_is_read("/webhooks/update"));
    assert_false(seamc__route_is_read("/x/getter"));
}

static void only_429_and_5xx_are_retryable(void **state)
{
    (void)state;
    assert_true(seamc__http_status_is_retryable(429));
    assert_true(seamc__http_status_is_retryable(500));
    assert_true(seamc__http_status_is_retryable(503));
    assert_false(seamc__http_status_is_retryable(400));
    assert_false(seamc__http_status_is_retryable(404));
    assert_false(seamc__http_status_is_retryable(200));
}

static void retry_after_reads_seconds_and_dates(void **state)
{
    /* 2024-01-01T00:00:00Z */
    time_t now = 1704067200;

    (void)state;
    assert_int_equal(seamc__retry_after_ms("3", now), 3000);
    assert_int_equal(seamc__retry_after_ms(" 0 ", now), 0);
    assert_int_equal(seamc__retry_after_ms("120", now), 120000);
    assert_int_equal(
        seamc__retry_after_ms("Mon, 01 Jan 2024 00:00:07 GMT", now), 7000);
    assert_int_equal(
        seamc__retry_after_ms("Sun, 31 Dec 2023 23:00:00 GMT", now), 0);
    assert_int_equal(seamc__retry_after_ms("soon", now), -1);
    assert_int_equal(seamc__retry_after_ms("3 s", now), -1);
    assert_int_equal(seamc__retry_after_ms(NULL, now), -1);
}

static void retry_after_takes_only_decimal_digits(void **state)
{
    time_t now = 1704067200;

    (void)state;
    /* strtod read these as 16 s, 1.5 s and 3 s. */
    assert_int_equal(seamc__retry_after_ms("0x10", now), -1);
    assert_int_equal(seamc__retry_after_ms("1.5", now), -1);
    assert_int_equal(seamc__retry_after_ms("3e0", now), -1);
    assert_int_equal(seamc__retry_after_ms("-5", now), -1);
    assert_int_equal(seamc__retry_after_ms("+5", now), -1);
    /* Over a year (and past any integer size) is very long, not junk. */
    assert_true(seamc__retry_after_ms("31536001", now) > 31536000000L);
    assert_true(seamc__retry_after_ms("99999999999999999999999999", now) >
                31536000000L);
    assert_true(seamc__retry_after_ms("Fri, 31 Dec 9999 23:59:59 GMT", now) >
                31536000000L);
}

static void backoff_doubles_with_jitter_inside_the_step(void **state)
{
    uint32_t random_state = 42;
    int retry;

    (void)state;
    for (retry = 1; retry <= 4; retry++) {
        long step = 100L << (retry - 1);
        int sample;

        for (sample = 0; sample < 50; sample++) {
            long delay = seamc__backoff_ms(100, retry,
                                           seamc__next_random(&random_state));

            assert_in_range(delay, step / 2, step);
        }
    }
    assert_int_equal(seamc__backoff_ms(100, 1, 0), 50);
    assert_int_equal(seamc__backoff_ms(100, 1, 50), 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_names_and_messages_come_from_the_table),
        cmocka_unit_test(redact_replaces_every_copy_of_the_key),
        cmocka_unit_test(redact_masks_keys_too_short_for_a_hint),
        cmocka_unit_test(redact_leaves_short_keys_inside_words_alone),
        cmocka_unit_test(key_hint_shows_at_most_a_third),
        cmocka_unit_test(query_sorts_keys_and_repeats_arrays),
        cmocka_unit_test(query_follows_sdk_rules_for_odd_values),
        cmocka_unit_test(query_form_encodes_reserved_characters),
        cmocka_unit_test(query_refuses_arrays_of_objects),
        cmocka_unit_test(success_needs_the_expected_key),
        cmocka_unit_test(api_error_fields_are_read),
        cmocka_unit_test(validation_tree_is_flattened),
        cmocka_unit_test(status_401_is_always_unauthorized),
        cmocka_unit_test(non_api_error_bodies_are_plain_http_errors),
        cmocka_unit_test(reads_are_get_list_and_list_underscore_routes),
        cmocka_unit_test(only_429_and_5xx_are_retryable),
        cmocka_unit_test(retry_after_reads_seconds_and_dates),
        cmocka_unit_test(retry_after_takes_only_decimal_digits),
        cmocka_unit_test(backoff_doubles_with_jitter_inside_the_step),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
