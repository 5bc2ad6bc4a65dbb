/* Transport rules: auth, methods, bodies, queries, errors, isolation. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "api_helpers.h"

static int setup(void **state)
{
    *state = test_server_new();
    return 0;
}

static int teardown(void **state)
{
    sim_server_free(*state);
    return 0;
}

/* Serves a raw request, for cases test_call cannot express. */
static struct test_reply raw(struct sim_server *s, struct sim_http_request *in)
{
    struct sim_http_response out;
    struct test_reply reply = { 0 };

    sim_server_serve(s, in, &out);
    reply.status = out.status;
    reply.json = cJSON_Parse(out.body);
    snprintf(reply.allow, sizeof reply.allow, "%s", out.allow);
    free(out.body);
    assert_non_null(reply.json);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(reply.json, "ok")) &&
                 out.status != 200);
    return reply;
}

static void missing_or_wrong_key_is_401(void **state)
{
    const char *keys[] = { NULL, "seam_not_a_key", "", "seam_sim_default_ke",
                           "seam_sim_default_keyX" };

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        struct test_reply r =
            test_call(*state, "GET", "/acs/systems/list", NULL, keys[i], NULL);
        assert_int_equal(r.status, 401);
        assert_string_equal(test_error_type(&r), "unauthorized");
        test_reply_free(&r);
    }

    struct sim_http_request in = { .method = "GET",
                                   .path = "/acs/systems/list",
                                   .authorization = "Basic abc" };
    struct test_reply r = raw(*state, &in);
    assert_int_equal(r.status, 401);
    test_reply_free(&r);

    /* The scheme is case-insensitive. */
    in.authorization = "bearer seam_sim_default_key";
    r = raw(*state, &in);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
}

static void auth_is_checked_before_method(void **state)
{
    struct test_reply r =
        test_call(*state, "GET", "/acs/users/create", NULL, NULL, NULL);
    assert_int_equal(r.status, 401);
    test_reply_free(&r);

    r = test_call(*state, "GET", "/acs/users/create", NULL, TEST_KEY, NULL);
    assert_int_equal(r.status, 405);
    assert_string_equal(test_error_type(&r), "method_not_allowed");
    assert_string_equal(r.allow, "POST");
    test_reply_free(&r);

    r = test_call(*state, "PUT", "/acs/users/get", NULL, TEST_KEY, NULL);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "GET, POST");
    test_reply_free(&r);
}

static void unknown_route_is_json_404(void **state)
{
    struct test_reply r =
        test_call(*state, "POST", "/acs/doors/list", NULL, TEST_KEY, "{}");
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "not_found");
    test_reply_free(&r);
}

static void malformed_bodies_are_400(void **state)
{
    const char *bodies[] = { "{",
                             "{\"a\":1}}",
                             "[1,2]",
                             "\"text\"",
                             "nul",
                             "{\"acs_system_id\":\"11111111-1111-1111-1111-"
                             "111111111111\",}" };

    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct test_reply r = test_post(*state, "/acs/systems/get", bodies[i]);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_input");
        test_reply_free(&r);
    }

    /* A body with an embedded NUL byte is not valid JSON either. */
    struct sim_http_request in = { .method = "POST",
                                   .path = "/acs/systems/list",
                                   .authorization = "Bearer " TEST_KEY,
                                   .content_type = "application/json",
                                   .body = "{}\0{}",
                                   .body_len = 5 };
    struct test_reply r = raw(*state, &in);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
}

static void content_type_rules(void **state)
{
    struct sim_http_request in = { .method = "POST",
                                   .path = "/acs/systems/list",
                                   .authorization = "Bearer " TEST_KEY,
                                   .body = "{}",
                                   .body_len = 2 };
    const char *good[] = { "application/json",
                           "Application/JSON; charset=UTF-8",
                           " application/json;charset=utf-8", NULL };
    const char *bad[] = { "text/plain", "application/x-www-form-urlencoded",
                          "application/jsonx", NULL };

    for (int i = 0; good[i]; i++) {
        in.content_type = good[i];
        struct test_reply r = raw(*state, &in);
        assert_int_equal(r.status, 200);
        test_reply_free(&r);
    }
    for (int i = 0; bad[i]; i++) {
        in.content_type = bad[i];
        struct test_reply r = raw(*state, &in);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_content_type");
        test_reply_free(&r);
    }
}

static void oversized_body_is_413(void **state)
{
    struct sim_http_request in = { .method = "POST",
                                   .path = "/acs/systems/list",
                                   .authorization = "Bearer " TEST_KEY,
                                   .body_too_large = true };
    struct test_reply r = raw(*state, &in);
    assert_int_equal(r.status, 413);
    assert_string_equal(test_error_type(&r), "payload_too_large");
    test_reply_free(&r);
}

static void get_with_json_body_and_query_forms(void **state)
{
    /* A GET carrying a JSON body, as Seam's curl examples send. */
    struct test_reply r =
        test_call(*state, "GET", "/acs/systems/get", NULL, TEST_KEY,
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_system.external_type"),
                        "latch_building");
    test_reply_free(&r);

    /* Arrays: repeated keys, commas, brackets; all the same filter. */
    const char *queries[] = {
        "acs_entrance_ids=" HUB_DOOR_1 "&acs_entrance_ids=" HUB_DOOR_2,
        "acs_entrance_ids=" HUB_DOOR_1 "%2C" HUB_DOOR_2,
        "acs_entrance_ids=" HUB_DOOR_1 "," HUB_DOOR_2,
        "acs_entrance_ids[]=" HUB_DOOR_1 "&acs_entrance_ids[]=" HUB_DOOR_2,
        "acs_entrance_ids%5B%5D=" HUB_DOOR_1 "," HUB_DOOR_2,
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        r = test_call(*state, "GET", "/acs/entrances/list", queries[i],
                      TEST_KEY, NULL);
        assert_int_equal(r.status, 200);
        assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_entrances")), 2);
        test_reply_free(&r);
    }

    /* key= is an empty array: no entrance matches. */
    r = test_call(*state, "GET", "/acs/entrances/list",
                  "acs_entrance_ids=", TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_entrances")), 0);
    test_reply_free(&r);

    /* The body wins over the query for the same key. */
    r = test_call(*state, "GET", "/acs/systems/get",
                  "acs_system_id=" NOHUB_SYSTEM, TEST_KEY,
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\"}");
    assert_string_equal(test_str(&r, "acs_system.acs_system_id"), HUB_SYSTEM);
    test_reply_free(&r);

    /* Broken percent-encoding is a 400, not a guess. */
    r = test_call(*state, "GET", "/acs/systems/get", "acs_system_id=%zz",
                  TEST_KEY, NULL);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
    r = test_call(*state, "GET", "/acs/systems/get", "acs_system_id=%00",
                  TEST_KEY, NULL);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
}

static void wrong_types_and_ids_are_invalid_input(void **state)
{
    const char *cases[][2] = {
        { "/acs/systems/get", "{\"acs_system_id\":\"not-a-uuid\"}" },
        { "/acs/systems/get", "{\"acs_system_id\":42}" },
        { "/acs/systems/get", "{}" },
        { "/acs/users/create", "{\"acs_system_id\":\"" HUB_SYSTEM "\"}" },
        { "/acs/users/create",
          "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"\"}" },
        { "/acs/users/create", "{\"acs_system_id\":\"" HUB_SYSTEM
                               "\",\"full_name\":\"A\",\"phone_number\":"
                               "\"555\"}" },
        { "/acs/users/create", "{\"acs_system_id\":\"" HUB_SYSTEM
                               "\",\"full_name\":\"A\",\"email_address\":"
                               "\"nope\"}" },
        { "/acs/users/list", "{\"limit\":0}" },
        { "/acs/users/list", "{\"limit\":\"ten\"}" },
        { "/acs/users/list", "{\"limit\":1.5}" },
        { "/acs/entrances/list", "{\"acs_entrance_ids\":\"" HUB_DOOR_1 "\"}" },
        { "/acs/entrances/list", "{\"acs_entrance_ids\":[1]}" },
        { "/acs/credentials/list", "{\"is_multi_phone_sync_credential\":1}" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct test_reply r = test_post(*state, cases[i][0], cases[i][1]);
        if (r.status != 400)
            fail_msg("%s %s -> %d", cases[i][0], cases[i][1], r.status);
        assert_string_equal(test_error_type(&r), "invalid_input");
        assert_non_null(test_get(&r, "error.validation_errors"));
        test_reply_free(&r);
    }

    /* Missing required parameters are named in the message. */
    struct test_reply r = test_post(*state, "/acs/systems/get", "{}");
    assert_string_equal(test_str(&r, "error.message"),
                        "acs_system_id is required");
    test_reply_free(&r);
}

static void unknown_ids_are_404_by_resource(void **state)
{
    const char *cases[][3] = {
        { "/acs/systems/get", "acs_system_id", "acs_system_not_found" },
        { "/acs/entrances/get", "acs_entrance_id", "acs_entrance_not_found" },
        { "/acs/users/get", "acs_user_id", "acs_user_not_found" },
        { "/acs/credentials/get", "acs_credential_id",
          "acs_credential_not_found" },
        { "/user_identities/get", "user_identity_id",
          "user_identity_not_found" },
    };
    char body[128];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"%s\":\"00000000-0000-4000-8000-000000000000\"}",
                 cases[i][1]);
        struct test_reply r = test_post(*state, cases[i][0], body);
        assert_int_equal(r.status, 404);
        assert_string_equal(test_error_type(&r), cases[i][2]);
        test_reply_free(&r);
    }
}

static void workspaces_are_isolated(void **state)
{
    struct test_reply r =
        test_call(*state, "POST", "/_fake/workspaces/create", NULL, NULL,
                  "{\"name\":\"parallel job 1\"}");
    char key[80], body[256];
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "workspace.name"), "parallel job 1");
    snprintf(key, sizeof key, "%s", test_str(&r, "api_key"));
    assert_memory_equal(key, "seam_sim_", 9);
    test_reply_free(&r);

    /* Same buildings, fresh ids, no users. */
    r = test_call(*state, "GET", "/acs/systems/list", NULL, key, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_systems")), 2);
    assert_string_not_equal(test_str(&r, "acs_systems.0.acs_system_id"),
                            HUB_SYSTEM);
    test_reply_free(&r);

    /* The default workspace's objects are unknown here. */
    char user[40];
    snprintf(user, sizeof user, "%s",
             test_make_user(*state, HUB_SYSTEM, "Default Person"));
    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", user);
    r = test_call(*state, "POST", "/acs/users/get", NULL, key, body);
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "acs_user_not_found");
    test_reply_free(&r);
    r = test_call(*state, "POST", "/acs/systems/get", NULL, key,
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\"}");
    assert_int_equal(r.status, 404);
    test_reply_free(&r);
    r = test_call(*state, "GET", "/acs/users/list", NULL, key, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 0);
    test_reply_free(&r);

    r = test_call(*state, "GET", "/workspaces/get", NULL, key, NULL);
    assert_string_equal(test_str(&r, "workspace.name"), "parallel job 1");
    test_reply_free(&r);
}

static void request_ids_are_unique(void **state)
{
    struct test_reply a = test_call(*state, "GET", "/health", NULL, NULL, NULL);
    struct test_reply b = test_call(*state, "GET", "/health", NULL, NULL, NULL);
    assert_string_not_equal(a.request_id, b.request_id);
    test_reply_free(&a);
    test_reply_free(&b);
}

static void requests_are_recorded(void **state)
{
    struct test_reply r = test_post(*state, "/acs/users/create",
                                    "{\"acs_system_id\":\"" HUB_SYSTEM
                                    "\",\"full_name\":\"Rec\"}");
    test_reply_free(&r);
    r = test_call(*state, "GET", "/_fake/requests/list",
                  "route=/acs/users/create", TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "requests")), 1);
    assert_string_equal(test_str(&r, "requests.0.params.full_name"), "Rec");
    assert_int_equal(test_get(&r, "requests.0.status")->valueint, 200);
    test_reply_free(&r);
}

static void hostile_bodies_are_refused_cleanly(void **state)
{
    char *deep = malloc(4100);
    size_t n = 0;

    /* 2,000 levels of arrays: refused before the parser recurses. */
    n += (size_t)sprintf(deep + n, "{\"a\":");
    for (int i = 0; i < 2000; i++)
        deep[n++] = '[';
    for (int i = 0; i < 2000; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    struct test_reply r = test_post(*state, "/acs/systems/list", deep);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(test_str(&r, "error.message"), "nested"));
    test_reply_free(&r);
    free(deep);

    /* Bytes the parser would keep or cut short are refused. */
    const char *bad[] = {
        "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"\xff\xfe\"}",
        "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"a\\u0000b\"}",
        "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"tab\there\"}",
        "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"\xc0\xaf\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = test_post(*state, "/acs/users/create", bad[i]);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_input");
        test_reply_free(&r);
    }
    r = test_call(*state, "GET", "/acs/users/list", "search=%FF", TEST_KEY,
                  NULL);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    /* Nothing was created by any of them. */
    r = test_post(*state, "/acs/users/list", "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 0);
    test_reply_free(&r);

    /* Valid multi-byte text is fine. */
    r = test_post(*state, "/acs/users/create",
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\","
                  "\"full_name\":\"Zoë Łukasz 山田\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_user.full_name"), "Zoë Łukasz 山田");
    test_reply_free(&r);
}

static void oversized_parameters_name_the_limit(void **state)
{
    char *body = malloc(64 * 1024);
    size_t n = (size_t)sprintf(body, "{\"search\":\"");

    memset(body + n, 'a', 9000);
    n += 9000;
    strcpy(body + n, "\"}");
    struct test_reply r = test_post(*state, "/acs/users/list", body);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(test_str(&r, "error.message"), "at most 1000"));
    test_reply_free(&r);

    /* 1,001 ids in one array. */
    n = (size_t)sprintf(body, "{\"acs_entrance_ids\":[");
    for (int i = 0; i < 1001; i++)
        n += (size_t)sprintf(body + n, "%s\"%s\"", i ? "," : "", HUB_DOOR_1);
    strcpy(body + n, "]}");
    r = test_post(*state, "/acs/entrances/list", body);
    assert_int_equal(r.status, 400);
    assert_true(strlen(test_str(&r, "error.message")) > 0);
    test_reply_free(&r);
    free(body);
}

static void truncated_and_encoded_bodies_are_refused(void **state)
{
    struct sim_http_request in = { .method = "POST",
                                   .path = "/acs/systems/list",
                                   .authorization = "Bearer " TEST_KEY,
                                   .content_type = "application/json",
                                   .body = "{}",
                                   .body_len = 2,
                                   .body_incomplete = true };
    struct test_reply r = raw(*state, &in);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    in.body_incomplete = false;
    in.content_encoding = "gzip";
    r = raw(*state, &in);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "invalid_content_type");
    test_reply_free(&r);
}

static void too_many_headers_is_431(void **state)
{
    struct sim_http_request in = { .method = "POST",
                                   .path = "/acs/users/create",
                                   .too_many_headers = true };
    struct test_reply r = raw(*state, &in);
    assert_int_equal(r.status, 431);
    assert_string_equal(test_error_type(&r), "request_header_fields_too_large");
    test_reply_free(&r);
}

static void a_repeated_key_keeps_its_last_value(void **state)
{
    /* JSON.parse, and so Seam, keeps the last of two equal keys. */
    struct test_reply r = test_post(*state, "/acs/systems/get",
                                    "{\"acs_system_id\":\"" NOHUB_SYSTEM
                                    "\",\"acs_system_id\":\"" HUB_SYSTEM "\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_system.acs_system_id"), HUB_SYSTEM);
    test_reply_free(&r);
}

static void cursors_belong_to_their_workspace(void **state)
{
    char key[80], body[256];

    test_make_user(*state, HUB_SYSTEM, "A");
    test_make_user(*state, HUB_SYSTEM, "B");
    struct test_reply r = test_post(*state, "/acs/users/list", "{\"limit\":1}");
    snprintf(body, sizeof body, "{\"limit\":1,\"page_cursor\":\"%s\"}",
             test_str(&r, "pagination.next_page_cursor"));
    test_reply_free(&r);

    r = test_call(*state, "POST", "/_fake/workspaces/create", NULL, NULL, "{}");
    snprintf(key, sizeof key, "%s", test_str(&r, "api_key"));
    test_reply_free(&r);
    r = test_call(*state, "POST", "/acs/users/list", NULL, key, body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "mismatched_page_parameters");
    test_reply_free(&r);
}

static void recorded_requests_stay_small(void **state)
{
    char *body = malloc(8192);
    size_t n = (size_t)sprintf(body, "{\"acs_system_id\":\"" HUB_SYSTEM
                                     "\",\"full_name\":\"Big\",\"pad\":\"");

    memset(body + n, 'x', 5000);
    strcpy(body + n + 5000, "\"}");
    struct test_reply r = test_post(*state, "/acs/users/create", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    free(body);

    r = test_call(*state, "GET", "/_fake/requests/list",
                  "route=/acs/users/create", TEST_KEY, NULL);
    assert_string_equal(test_str(&r, "requests.0.params.full_name"), "Big");
    assert_non_null(
        strstr(test_str(&r, "requests.0.params.pad"), "bytes omitted"));
    test_reply_free(&r);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(missing_or_wrong_key_is_401),
        T(auth_is_checked_before_method),
        T(unknown_route_is_json_404),
        T(malformed_bodies_are_400),
        T(content_type_rules),
        T(oversized_body_is_413),
        T(get_with_json_body_and_query_forms),
        T(wrong_types_and_ids_are_invalid_input),
        T(unknown_ids_are_404_by_resource),
        T(workspaces_are_isolated),
        T(request_ids_are_unique),
        T(requests_are_recorded),
        T(hostile_bodies_are_refused_cleanly),
        T(oversized_parameters_name_the_limit),
        T(truncated_and_encoded_bodies_are_refused),
        T(cursors_belong_to_their_workspace),
        T(a_repeated_key_keeps_its_last_value),
        T(too_many_headers_is_431),
        T(recorded_requests_stay_small),
    };
    return cmocka_run_group_tests_name("transport", tests, NULL, NULL);
}
