/*
 * Unit tests of the schema checker (schema.c), against the committed
 * trimmed OpenAPI document and against small inline schemas.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schema.h"

/* A credential as the official schema describes it. */
static const char *const credential_text =
    "{\"acs_credential\": {"
    "\"acs_credential_id\": \"e9bd4535-7d27-4707-9be7-4efae93e66d0\","
    "\"acs_user_id\": \"d7f44281-b3a8-4594-aa1b-60a8e17fc66e\","
    "\"acs_system_id\": \"22222222-2222-2222-2222-222222222222\","
    "\"connected_account_id\": \"c0000000-0000-4000-8000-000000000002\","
    "\"workspace_id\": \"5e5a0000-0000-4000-8000-000000000001\","
    "\"display_name\": \"Latch PIN\", \"access_method\": \"code\","
    "\"code\": \"3607199\", \"created_at\": \"2026-12-04T15:47:34.134Z\","
    "\"starts_at\": \"2026-12-04T15:47:34.134Z\","
    "\"ends_at\": \"2030-07-18T14:50:42.072Z\","
    "\"external_type\": \"latch_access\", \"is_managed\": true,"
    "\"is_latest_desired_state_synced_with_provider\": false,"
    "\"latest_desired_state_synced_with_provider_at\": null,"
    "\"errors\": [], \"warnings\": [{\"warning_code\": "
    "\"waiting_to_be_issued\", \"message\": \"m\", "
    "\"created_at\": \"2026-12-04T15:47:34.134Z\"}]},"
    "\"ok\": true}";

static int load(void **state)
{
    struct harness_schema *schema = NULL;
    struct harness_error err;

    if (harness_schema_load(HARNESS_TEST_SCHEMA, &schema, &err) != HARNESS_OK) {
        print_error("%s\n", err.text);
        return -1;
    }
    *state = schema;
    return 0;
}

static int unload(void **state)
{
    harness_schema_free(*state);
    return 0;
}

/* Checks a variant of the credential body, edited by `edit`. */
static enum harness_status check_credential(void **state,
                                            void (*edit)(cJSON *credential),
                                            struct harness_error *err)
{
    cJSON *body = cJSON_Parse(credential_text);
    enum harness_status status;

    assert_non_null(body);
    if (edit != NULL)
        edit(cJSON_GetObjectItem(body, "acs_credential"));
    status = harness_schema_check(*state, "/acs/credentials/create", body, err);
    cJSON_Delete(body);
    return status;
}

static void drop_id(cJSON *c)
{
    cJSON_DeleteItemFromObject(c, "acs_credential_id");
}

static void code_as_number(cJSON *c)
{
    cJSON_ReplaceItemInObject(c, "code", cJSON_CreateNumber(3607199));
}

static void bad_method(cJSON *c)
{
    cJSON_ReplaceItemInObject(c, "access_method", cJSON_CreateString("pin"));
}

static void bad_uuid(cJSON *c)
{
    cJSON_ReplaceItemInObject(c, "acs_user_id", cJSON_CreateString("user-1"));
}

static void bad_warning(cJSON *c)
{
    cJSON *warning = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "warnings"), 0);
    cJSON_ReplaceItemInObject(warning, "warning_code",
                              cJSON_CreateString("door_on_fire"));
}

static void warning_without_message(cJSON *c)
{
    cJSON *warning = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "warnings"), 0);
    cJSON_DeleteItemFromObject(warning, "message");
}

static void bad_date(cJSON *c)
{
    cJSON_ReplaceItemInObject(c, "created_at",
                              cJSON_CreateString("2026-12-04 15:47"));
}

static void null_code(cJSON *c)
{
    cJSON_ReplaceItemInObject(c, "code", cJSON_CreateNull());
}

static void schema_should_accept_a_conforming_body(void **state)
{
    struct harness_error err;

    assert_true(harness_schema_knows_route(*state, "/acs/credentials/create"));
    assert_int_equal(check_credential(state, NULL, &err), HARNESS_OK);
    /* code is nullable in the schema. */
    assert_int_equal(check_credential(state, null_code, &err), HARNESS_OK);
}

static void schema_should_name_the_json_path_that_breaks_it(void **state)
{
    struct harness_error err;

    assert_int_equal(check_credential(state, drop_id, &err), HARNESS_ESCHEMA);
    assert_string_equal(err.text, "$.acs_credential.acs_credential_id: "
                                  "required property is missing");
    assert_int_equal(check_credential(state, code_as_number, &err),
                     HARNESS_ESCHEMA);
    assert_string_equal(err.text,
                        "$.acs_credential.code: expected string, got number");
    assert_int_equal(check_credential(state, bad_method, &err),
                     HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "$.acs_credential.access_method: "
                                     "\"pin\" is not one of \"code\""));
    assert_int_equal(check_credential(state, bad_uuid, &err), HARNESS_ESCHEMA);
    assert_string_equal(err.text, "$.acs_credential.acs_user_id: \"user-1\" "
                                  "is not a valid uuid");
    assert_int_equal(check_credential(state, bad_date, &err), HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "is not a valid date-time"));
}

static void schema_should_follow_the_discriminator(void **state)
{
    struct harness_error err;

    assert_int_equal(check_credential(state, bad_warning, &err),
                     HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "$.acs_credential.warnings[0]."
                                     "warning_code: \"door_on_fire\" is not "
                                     "one of the documented values "
                                     "(waiting_to_be_issued"));
    assert_int_equal(check_credential(state, warning_without_message, &err),
                     HARNESS_ESCHEMA);
    assert_string_equal(err.text, "$.acs_credential.warnings[0].message: "
                                  "required property is missing");
}

static void schema_should_refuse_an_unknown_route(void **state)
{
    struct harness_error err;
    cJSON *body = cJSON_CreateObject();

    assert_false(harness_schema_knows_route(*state, "/locks/list"));
    assert_int_equal(harness_schema_check(*state, "/locks/list", body, &err),
                     HARNESS_EINVAL);
    assert_non_null(strstr(err.text, "scripts/refresh-openapi"));
    cJSON_Delete(body);
}

/* Checks `value_text` against the inline schema `schema_text`. */
static enum harness_status check_inline(const char *schema_text,
                                        const char *value_text,
                                        struct harness_error *err)
{
    cJSON *doc = cJSON_Parse("{\"paths\": {}, \"components\": {\"schemas\": "
                             "{\"thing\": {\"type\": \"object\", "
                             "\"required\": [\"id\"], \"properties\": "
                             "{\"id\": {\"type\": \"integer\"}}}}}}");
    struct harness_schema *schema = NULL;
    cJSON *node = cJSON_Parse(schema_text);
    cJSON *value = cJSON_Parse(value_text);
    enum harness_status status;

    assert_int_equal(harness_schema_adopt(doc, &schema, NULL), HARNESS_OK);
    assert_non_null(node);
    assert_non_null(value);
    status = harness_schema_check_node(schema, node, value, err);
    cJSON_Delete(node);
    cJSON_Delete(value);
    harness_schema_free(schema);
    return status;
}

static void schema_should_handle_combinators_and_refs(void **state)
{
    struct harness_error err;
    const char *one_of = "{\"oneOf\": [{\"type\": \"string\"}, "
                         "{\"type\": \"integer\"}]}";
    const char *strict = "{\"type\": \"object\", \"additionalProperties\": "
                         "false, \"properties\": {\"a\": {}}}";

    assert_int_equal(check_inline(one_of, "\"x\"", &err), HARNESS_OK);
    assert_int_equal(check_inline(one_of, "true", &err), HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "matches none of the oneOf schemas"));
    assert_int_equal(check_inline("{\"oneOf\": [{\"type\": \"number\"}, "
                                  "{\"type\": \"integer\"}]}",
                                  "3", &err),
                     HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "matches 2 of the oneOf schemas"));
    assert_int_equal(check_inline(strict, "{\"a\": 1, \"b\": 2}", &err),
                     HARNESS_ESCHEMA);
    assert_string_equal(err.text, "$.b: property not allowed by the schema");
    assert_int_equal(check_inline("{\"type\": \"array\", \"items\": "
                                  "{\"$ref\": \"#/components/schemas/thing\"}}",
                                  "[{\"id\": 1}, {\"id\": 1.5}]", &err),
                     HARNESS_ESCHEMA);
    assert_string_equal(err.text, "$[1].id: expected integer, got number");
    assert_int_equal(
        check_inline("{\"$ref\": \"#/components/schemas/nope\"}", "{}", &err),
        HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "unresolvable $ref"));
    assert_int_equal(check_inline("{\"allOf\": [{\"minLength\": 2}, "
                                  "{\"maxLength\": 3}]}",
                                  "\"abcd\"", &err),
                     HARNESS_ESCHEMA);
    assert_non_null(strstr(err.text, "longer than maxLength 3"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_should_accept_a_conforming_body),
        cmocka_unit_test(schema_should_name_the_json_path_that_breaks_it),
        cmocka_unit_test(schema_should_follow_the_discriminator),
        cmocka_unit_test(schema_should_refuse_an_unknown_route),
        cmocka_unit_test(schema_should_handle_combinators_and_refs),
    };

    return cmocka_run_group_tests(tests, load, unload);
}
