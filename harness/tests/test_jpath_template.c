/*
 * Unit tests of the JSON path language (jpath.c) and the placeholders
 * (template.c) that scenario files are written in.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "jpath.h"
#include "common/time.h"
#include "template.h"

static const char *const document_text =
    "{\"acs_systems\": ["
    "  {\"name\": \"Maple (hub installed)\", \"id\": \"a\", \"n\": 1,"
    "   \"meta\": {\"kind\": \"hub\"}},"
    "  {\"name\": \"Birch (no hub)\", \"id\": \"b\", \"n\": 2,"
    "   \"meta\": {\"kind\": \"none\"}},"
    "  {\"name\": \"Oak (hub installed)\", \"id\": \"c\", \"n\": 2}"
    "], \"ok\": true}";

static cJSON *document(void)
{
    cJSON *doc = cJSON_Parse(document_text);
    assert_non_null(doc);
    return doc;
}

static void jpath_eval_should_follow_keys_and_indexes(void **state)
{
    cJSON *doc = document();
    struct harness_jpath_result r;

    assert_int_equal(harness_jpath_eval(doc, "acs_systems[1].id", &r, NULL),
                     HARNESS_OK);
    assert_int_equal(r.count, 1);
    assert_false(r.multi);
    assert_string_equal(r.items[0].node->valuestring, "b");
    assert_string_equal(r.items[0].where, "$.acs_systems[1].id");
    harness_jpath_result_free(&r);

    /* Negative indexes count from the end; "$." is optional. */
    assert_int_equal(harness_jpath_eval(doc, "$.acs_systems[-1].id", &r, NULL),
                     HARNESS_OK);
    assert_string_equal(r.items[0].node->valuestring, "c");
    harness_jpath_result_free(&r);

    /* The root itself. */
    assert_int_equal(harness_jpath_eval(doc, "$", &r, NULL), HARNESS_OK);
    assert_int_equal(r.count, 1);
    assert_ptr_equal(r.items[0].node, doc);
    harness_jpath_result_free(&r);
    cJSON_Delete(doc);
}

static void jpath_eval_should_return_nothing_for_missing_parts(void **state)
{
    cJSON *doc = document();
    struct harness_jpath_result r;

    assert_int_equal(harness_jpath_eval(doc, "acs_systems[7].id", &r, NULL),
                     HARNESS_OK);
    assert_int_equal(r.count, 0);
    harness_jpath_result_free(&r);
    assert_int_equal(harness_jpath_eval(doc, "ok.deeper", &r, NULL),
                     HARNESS_OK);
    assert_int_equal(r.count, 0);
    harness_jpath_result_free(&r);
    cJSON_Delete(doc);
}

static void jpath_eval_should_expand_wildcards_and_filters(void **state)
{
    cJSON *doc = document();
    struct harness_jpath_result r;

    assert_int_equal(harness_jpath_eval(doc, "acs_systems[*].id", &r, NULL),
                     HARNESS_OK);
    assert_true(r.multi);
    assert_int_equal(r.count, 3);
    assert_string_equal(r.items[2].where, "$.acs_systems[2].id");
    harness_jpath_result_free(&r);

    /* Regular-expression filter. */
    assert_int_equal(harness_jpath_eval(
                         doc, "acs_systems[?name~hub installed].id", &r, NULL),
                     HARNESS_OK);
    assert_int_equal(r.count, 2);
    assert_string_equal(r.items[0].node->valuestring, "a");
    assert_string_equal(r.items[1].node->valuestring, "c");
    harness_jpath_result_free(&r);

    /* Numbers compare by their JSON text; dotted fields reach inside. */
    assert_int_equal(harness_jpath_eval(doc, "acs_systems[?n=2].id", &r, NULL),
                     HARNESS_OK);
    assert_int_equal(r.count, 2);
    harness_jpath_result_free(&r);
    assert_int_equal(
        harness_jpath_eval(doc, "acs_systems[?meta.kind=hub].id", &r, NULL),
        HARNESS_OK);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.items[0].node->valuestring, "a");
    harness_jpath_result_free(&r);

    /* "!=" also keeps elements that lack the field. */
    assert_int_equal(
        harness_jpath_eval(doc, "acs_systems[?meta.kind!=hub].id", &r, NULL),
        HARNESS_OK);
    assert_int_equal(r.count, 2);
    harness_jpath_result_free(&r);
    cJSON_Delete(doc);
}

static void jpath_validate_should_reject_bad_syntax(void **state)
{
    struct harness_error err;

    assert_int_equal(harness_jpath_validate("a..b", &err), HARNESS_EINVAL);
    assert_non_null(strstr(err.text, "empty key"));
    assert_int_equal(harness_jpath_validate("a[", &err), HARNESS_EINVAL);
    assert_int_equal(harness_jpath_validate("a[x]", &err), HARNESS_EINVAL);
    assert_int_equal(harness_jpath_validate("a[?novalue]", &err),
                     HARNESS_EINVAL);
    assert_int_equal(harness_jpath_validate("a[?x~(]", &err), HARNESS_EINVAL);
    assert_non_null(strstr(err.text, "regular expression"));
    assert_int_equal(harness_jpath_validate("a.", &err), HARNESS_EINVAL);
    assert_int_equal(harness_jpath_validate("a[0].b[*].c[?d=e]", &err),
                     HARNESS_OK);
}

static void template_should_keep_the_type_of_a_lone_placeholder(void **state)
{
    cJSON *vars = cJSON_Parse("{\"ids\": [\"x\", \"y\"], \"n\": 3,"
                              " \"user\": {\"id\": \"u1\"}}");
    cJSON *out = NULL;

    assert_int_equal(harness_template_expand_text("{{ids}}", vars, &out, NULL),
                     HARNESS_OK);
    assert_true(cJSON_IsArray(out));
    assert_int_equal(cJSON_GetArraySize(out), 2);
    cJSON_Delete(out);

    assert_int_equal(harness_template_expand_text("{{ n }}", vars, &out, NULL),
                     HARNESS_OK);
    assert_true(cJSON_IsNumber(out));
    assert_int_equal(out->valueint, 3);
    cJSON_Delete(out);

    /* In longer text, strings go in as they are, others as JSON. */
    assert_int_equal(
        harness_template_expand_text("user {{user.id}} has {{n}} of {{ids}}",
                                     vars, &out, NULL),
        HARNESS_OK);
    assert_string_equal(out->valuestring, "user u1 has 3 of [\"x\",\"y\"]");
    cJSON_Delete(out);
    cJSON_Delete(vars);
}

static void template_should_name_an_undefined_variable(void **state)
{
    cJSON *vars = cJSON_CreateObject();
    cJSON *out = NULL;
    struct harness_error err;

    assert_int_equal(
        harness_template_expand_text("id={{resident}}", vars, &out, &err),
        HARNESS_EMISMATCH);
    assert_null(out);
    assert_non_null(strstr(err.text, "\"resident\" is not defined"));
    cJSON_Delete(vars);
}

static void template_expand_should_copy_containers_deeply(void **state)
{
    cJSON *vars = cJSON_Parse("{\"door\": \"d1\"}");
    cJSON *body = cJSON_Parse("{\"ids\": [\"{{door}}\"], \"n\": 1, "
                              "\"{{door}}\": true}");
    cJSON *out = NULL;

    assert_int_equal(harness_template_expand(body, vars, &out, NULL),
                     HARNESS_OK);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItem(out, "ids"), 0)->valuestring,
        "d1");
    /* Keys are left alone; the original is unchanged. */
    assert_non_null(cJSON_GetObjectItem(out, "{{door}}"));
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItem(body, "ids"), 0)->valuestring,
        "{{door}}");
    cJSON_Delete(out);
    cJSON_Delete(body);
    cJSON_Delete(vars);
}

static void template_time_should_apply_offsets_and_zones(void **state)
{
    /* 2024-07-13T16:50:42.072Z */
    const long long now = 1720889442072LL;
    char out[64];
    struct harness_error err;

    assert_int_equal(harness_template_time("now", now, out, sizeof out, &err),
                     HARNESS_OK);
    assert_string_equal(out, "2024-07-13T16:50:42.072Z");
    assert_int_equal(harness_template_time("+1d", now, out, sizeof out, &err),
                     HARNESS_OK);
    assert_string_equal(out, "2024-07-14T16:50:42.072Z");
    assert_int_equal(
        harness_template_time("-90m@+02:00", now, out, sizeof out, &err),
        HARNESS_OK);
    assert_string_equal(out, "2024-07-13T17:20:42.072+02:00");
    assert_int_equal(
        harness_template_time("now@-08:00", now, out, sizeof out, &err),
        HARNESS_OK);
    assert_string_equal(out, "2024-07-13T08:50:42.072-08:00");

    assert_int_equal(harness_template_time("+1w", now, out, sizeof out, &err),
                     HARNESS_EINVAL);
    assert_non_null(strstr(err.text, "unknown unit"));
    assert_int_equal(
        harness_template_time("+1d@0200", now, out, sizeof out, &err),
        HARNESS_EINVAL);
    assert_int_equal(
        harness_template_time("tomorrow", now, out, sizeof out, &err),
        HARNESS_EINVAL);
}

static void template_time_should_refuse_dates_it_cannot_write(void **state)
{
    const long long now = 1720889442072LL;
    char out[64];
    struct harness_error err;

    /* Past what a long long holds: no overflow (UBSan), no silent "now". */
    assert_int_equal(harness_template_time("-99999999999999999999999d", now,
                                           out, sizeof out, &err),
                     HARNESS_EINVAL);
    assert_non_null(strstr(err.text, "outside the years 0000 to 9999"));
    assert_int_equal(harness_template_time("+9223372036854775807d", now, out,
                                           sizeof out, &err),
                     HARNESS_EINVAL);
    assert_int_equal(harness_template_time("-9223372036854775807ms", now, out,
                                           sizeof out, &err),
                     HARNESS_EINVAL);
    /* Representable offsets that land past 9999 or before 0000. */
    assert_int_equal(
        harness_template_time("+3000000d", now, out, sizeof out, &err),
        HARNESS_EINVAL);
    assert_int_equal(harness_template_time("-1ms", COMMON_TIME_MIN_MS, out,
                                           sizeof out, &err),
                     HARNESS_EINVAL);
    /* The local date counts: 9999-12-31T23:59Z is year 10000 at +02:00. */
    assert_int_equal(harness_template_time("now@+02:00", COMMON_TIME_MAX_MS,
                                           out, sizeof out, &err),
                     HARNESS_EINVAL);
    /* The edges themselves are fine. */
    assert_int_equal(
        harness_template_time("now", COMMON_TIME_MAX_MS, out, sizeof out, &err),
        HARNESS_OK);
    assert_string_equal(out, "9999-12-31T23:59:59.999Z");
    assert_int_equal(harness_template_time("+1ms", COMMON_TIME_MIN_MS - 1, out,
                                           sizeof out, &err),
                     HARNESS_OK);
    assert_string_equal(out, "0000-01-01T00:00:00.000Z");
    /* Loading a scenario finds it, not only running it. */
    assert_int_equal(harness_template_validate("{{time:+3000000d}}", &err),
                     HARNESS_EINVAL);
}

static void template_validate_should_catch_unclosed_placeholders(void **state)
{
    struct harness_error err;

    assert_int_equal(harness_template_validate("a {{b", &err), HARNESS_EINVAL);
    assert_non_null(strstr(err.text, "without '}}'"));
    assert_int_equal(harness_template_validate("{{time:+1x}}", &err),
                     HARNESS_EINVAL);
    assert_int_equal(harness_template_validate("{{}}", &err), HARNESS_EINVAL);
    assert_int_equal(harness_template_validate("{{a[0].b}} {{uuid}} "
                                               "{{time:+1d@Z}}",
                                               &err),
                     HARNESS_OK);
}

static void template_should_make_fresh_unique_values(void **state)
{
    cJSON *vars = cJSON_CreateObject();
    cJSON *a = NULL, *b = NULL;

    assert_int_equal(harness_template_expand_text("{{unique}}", vars, &a, NULL),
                     HARNESS_OK);
    assert_int_equal(harness_template_expand_text("{{unique}}", vars, &b, NULL),
                     HARNESS_OK);
    assert_int_equal(strlen(a->valuestring), 12);
    assert_string_not_equal(a->valuestring, b->valuestring);
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(vars);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jpath_eval_should_follow_keys_and_indexes),
        cmocka_unit_test(jpath_eval_should_return_nothing_for_missing_parts),
        cmocka_unit_test(jpath_eval_should_expand_wildcards_and_filters),
        cmocka_unit_test(jpath_validate_should_reject_bad_syntax),
        cmocka_unit_test(template_should_keep_the_type_of_a_lone_placeholder),
        cmocka_unit_test(template_should_name_an_undefined_variable),
        cmocka_unit_test(template_expand_should_copy_containers_deeply),
        cmocka_unit_test(template_time_should_apply_offsets_and_zones),
        cmocka_unit_test(template_time_should_refuse_dates_it_cannot_write),
        cmocka_unit_test(template_validate_should_catch_unclosed_placeholders),
        cmocka_unit_test(template_should_make_fresh_unique_values),
    };

    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
