/*
 * Unit tests of the expectation matcher (expect.c): each check, what it
 * says when it fails, and the validation of assertions in scenario files.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "expect.h"

static const char *const body_text =
    "{\"acs_credential\": {\"code\": \"3607199\", \"access_method\": "
    "\"code\", \"ends_at\": \"2030-07-18T14:50:42.072Z\", \"n\": 3, "
    "\"warnings\": [{\"warning_code\": \"waiting_to_be_issued\"}], "
    "\"tags\": [\"a\", \"b\"]},"
    " \"requests\": [{\"params\": {\"code\": \"1234567\"}}, "
    "{\"params\": {}}]}";

/* Runs one assertion, written as JSON text, against the body. */
static enum harness_status check(const char *assertion_text,
                                 struct harness_error *err)
{
    cJSON *body = cJSON_Parse(body_text);
    cJSON *assertion = cJSON_Parse(assertion_text);
    enum harness_status status;

    assert_non_null(body);
    assert_non_null(assertion);
    assert_int_equal(harness_expect_validate(assertion, err), HARNESS_OK);
    status = harness_expect_check(assertion, body, err);
    cJSON_Delete(assertion);
    cJSON_Delete(body);
    return status;
}

static void expect_equals_should_compare_deeply(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.tags\", "
                           "\"equals\": [\"a\", \"b\"]}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.access_method\", "
                           "\"equals\": \"mobile_key\"}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_string_equal(err.text, "$.acs_credential.access_method: expected "
                                  "\"mobile_key\", got \"code\"");
}

static void expect_pattern_should_need_a_matching_string(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.code\", "
                           "\"pattern\": \"^[0-9]{7}$\"}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.n\", "
                           "\"pattern\": \"3\"}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "expected a string matching /3/"));
}

static void expect_type_should_know_integers(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.n\", "
                           "\"type\": \"integer\"}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.code\", "
                           "\"type\": \"number\"}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "expected type number, got string"));
}

static void expect_length_should_report_the_actual_length(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.tags\", "
                           "\"length\": 2, \"min_length\": 1}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.tags\", "
                           "\"length\": 3}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "expected length 3, got length 2"));
}

static void expect_absent_should_name_what_was_found(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.card_number\", "
                           "\"absent\": true}",
                           &err),
                     HARNESS_OK);
    /* The broken-integrator case: one request of many sent a code. */
    assert_int_equal(check("{\"path\": \"requests[*].params.code\", "
                           "\"absent\": true}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_string_equal(err.text,
                        "requests[*].params.code: expected absent, found "
                        "\"1234567\" at $.requests[0].params.code");
    assert_int_equal(check("{\"path\": \"acs_credential.nothing\", "
                           "\"absent\": false}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "expected present"));
}

static void expect_count_should_count_matches(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.warnings[?warning_code="
                           "waiting_to_be_issued]\", \"count\": 1}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"requests[*]\", \"count\": 3}", &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "expected 3 matches, found 2"));
}

static void expect_checks_should_need_a_match(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.missing\", "
                           "\"equals\": 1}",
                           &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "the path matched nothing"));
    /* not_equals holds for an absent value. */
    assert_int_equal(check("{\"path\": \"acs_credential.missing\", "
                           "\"not_equals\": 1}",
                           &err),
                     HARNESS_OK);
}

static void expect_contains_and_one_of_should_work(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.tags\", "
                           "\"contains\": \"b\"}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.ends_at\", "
                           "\"contains\": \"2030\"}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.access_method\", "
                           "\"one_of\": [\"code\", \"mobile_key\"]}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.access_method\", "
                           "\"one_of\": [\"card\"]}",
                           &err),
                     HARNESS_EMISMATCH);
}

static void expect_same_instant_should_ignore_the_offset(void **state)
{
    struct harness_error err;

    assert_int_equal(check("{\"path\": \"acs_credential.ends_at\", "
                           "\"same_instant\": "
                           "\"2030-07-18T16:50:42.072+02:00\"}",
                           &err),
                     HARNESS_OK);
    assert_int_equal(check("{\"path\": \"acs_credential.ends_at\", "
                           "\"same_instant\": \"2030-07-18T16:50:42.072Z\"}",
                           &err),
                     HARNESS_EMISMATCH);
}

static void expect_validate_should_reject_malformed_assertions(void **state)
{
    static const char *const bad[] = {
        "[]",
        "{\"equals\": 1}",
        "{\"path\": \"a\"}",
        "{\"path\": \"a\", \"equal\": 1}",
        "{\"path\": \"a\", \"type\": \"text\"}",
        "{\"path\": \"a\", \"length\": -1}",
        "{\"path\": \"a\", \"pattern\": \"(\"}",
        "{\"path\": \"a..b\", \"absent\": true}",
    };
    struct harness_error err;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *assertion = cJSON_Parse(bad[i]);
        assert_non_null(assertion);
        assert_int_equal(harness_expect_validate(assertion, &err),
                         HARNESS_EMALFORMED);
        assert_true(err.text[0] != '\0');
        cJSON_Delete(assertion);
    }
}

static void expect_check_all_should_expand_placeholders(void **state)
{
    cJSON *body = cJSON_Parse(body_text);
    cJSON *vars = cJSON_Parse("{\"pin\": \"3607199\"}");
    cJSON *assertions = cJSON_Parse(
        "[{\"path\": \"acs_credential.code\", \"equals\": \"{{pin}}\"},"
        " {\"path\": \"acs_credential.code\", \"not_equals\": \"{{pin}}\"}]");
    struct harness_error err;

    assert_int_equal(harness_expect_check_all(assertions, body, vars, &err),
                     HARNESS_EMISMATCH);
    assert_non_null(strstr(err.text, "anything but \"3607199\""));
    cJSON_Delete(assertions);
    cJSON_Delete(vars);
    cJSON_Delete(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expect_equals_should_compare_deeply),
        cmocka_unit_test(expect_pattern_should_need_a_matching_string),
        cmocka_unit_test(expect_type_should_know_integers),
        cmocka_unit_test(expect_length_should_report_the_actual_length),
        cmocka_unit_test(expect_absent_should_name_what_was_found),
        cmocka_unit_test(expect_count_should_count_matches),
        cmocka_unit_test(expect_checks_should_need_a_match),
        cmocka_unit_test(expect_contains_and_one_of_should_work),
        cmocka_unit_test(expect_same_instant_should_ignore_the_offset),
        cmocka_unit_test(expect_validate_should_reject_malformed_assertions),
        cmocka_unit_test(expect_check_all_should_expand_placeholders),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
