/* Cursor pagination on the paginated list routes. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "api_helpers.h"

static int setup(void **state)
{
    struct sim_server *s = test_server_new();
    char name[32];

    for (int i = 0; i < 7; i++) {
        snprintf(name, sizeof name, "Resident %d", i);
        test_make_user(s, i < 5 ? HUB_SYSTEM : NOHUB_SYSTEM, name);
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    sim_server_free(*state);
    return 0;
}

static void walks_every_page_in_creation_order(void **state)
{
    char query[512] = "limit=2";
    int seen = 0, pages = 0;

    for (;;) {
        struct test_reply r =
            test_call(*state, "GET", "/acs/users/list", query, TEST_KEY, NULL);
        assert_int_equal(r.status, 200);
        const cJSON *users = test_get(&r, "acs_users");
        const cJSON *user;
        cJSON_ArrayForEach(user, users)
        {
            char expected[32];
            snprintf(expected, sizeof expected, "Resident %d", seen++);
            assert_string_equal(
                cJSON_GetObjectItem(user, "full_name")->valuestring, expected);
        }
        pages++;
        const char *cursor = test_str(&r, "pagination.next_page_cursor");
        if (!cJSON_IsTrue(test_get(&r, "pagination.has_next_page"))) {
            assert_true(
                cJSON_IsNull(test_get(&r, "pagination.next_page_cursor")));
            assert_true(cJSON_IsNull(test_get(&r, "pagination.next_page_url")));
            test_reply_free(&r);
            break;
        }
        assert_non_null(cursor);
        assert_non_null(strstr(test_str(&r, "pagination.next_page_url"),
                               "http://127.0.0.1:1234/acs/users/list?"));
        snprintf(query, sizeof query, "limit=2&page_cursor=%s", cursor);
        test_reply_free(&r);
    }
    assert_int_equal(seen, 7);
    assert_int_equal(pages, 4);
}

static void filters_apply_across_pages(void **state)
{
    char body[512];
    struct test_reply r =
        test_post(*state, "/acs/users/list",
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"limit\":3}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 3);
    snprintf(body, sizeof body,
             "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"limit\":3,"
             "\"page_cursor\":\"%s\"}",
             test_str(&r, "pagination.next_page_cursor"));
    test_reply_free(&r);

    r = test_post(*state, "/acs/users/list", body);
    assert_int_equal(r.status, 200);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 2);
    assert_false(cJSON_IsTrue(test_get(&r, "pagination.has_next_page")));
    test_reply_free(&r);
}

static void cursor_is_bound_to_its_parameters(void **state)
{
    char body[512], cursor[128];
    struct test_reply r = test_post(*state, "/acs/users/list", "{\"limit\":2}");
    snprintf(cursor, sizeof cursor, "%s",
             test_str(&r, "pagination.next_page_cursor"));
    test_reply_free(&r);

    /* Same cursor with another filter, another limit, another route. */
    const char *changes[] = {
        "\"limit\":2,\"acs_system_id\":\"" HUB_SYSTEM "\"",
        "\"limit\":3",
    };
    for (size_t i = 0; i < 2; i++) {
        snprintf(body, sizeof body, "{%s,\"page_cursor\":\"%s\"}", changes[i],
                 cursor);
        r = test_post(*state, "/acs/users/list", body);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "mismatched_page_parameters");
        test_reply_free(&r);
    }
    snprintf(body, sizeof body, "{\"limit\":2,\"page_cursor\":\"%s\"}", cursor);
    r = test_post(*state, "/acs/entrances/list", body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "mismatched_page_parameters");
    test_reply_free(&r);

    /* The same parameters by GET query work with the POST-made cursor. */
    snprintf(body, sizeof body, "limit=2&page_cursor=%s", cursor);
    r = test_call(*state, "GET", "/acs/users/list", body, TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_users.0.full_name"), "Resident 2");
    test_reply_free(&r);
}

static void edited_cursor_is_400_not_page_one(void **state)
{
    unsigned char raw[64];
    size_t raw_len = 0;
    char forged[128], body[256];
    struct test_reply r = test_post(*state, "/acs/users/list", "{\"limit\":2}");

    /* Rewind the position inside a genuine cursor to the start. */
    const char *cursor = test_str(&r, "pagination.next_page_cursor");
    assert_int_equal(
        sodium_base642bin(raw, sizeof raw, cursor, strlen(cursor), NULL,
                          &raw_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING),
        0);
    test_reply_free(&r);
    memset(raw + raw_len - 8, 0, 8);
    sodium_bin2base64(forged, sizeof forged, raw, raw_len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(body, sizeof body, "{\"limit\":2,\"page_cursor\":\"%s\"}", forged);
    r = test_post(*state, "/acs/users/list", body);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
}

static void malformed_cursor_is_400_not_page_one(void **state)
{
    const char *cursors[] = { "garbage", "AAAA", "!!!", "" };

    for (size_t i = 0; i < 3; i++) {
        char body[256];
        snprintf(body, sizeof body, "{\"page_cursor\":\"%s\"}", cursors[i]);
        struct test_reply r = test_post(*state, "/acs/users/list", body);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_input");
        test_reply_free(&r);
    }

    /* A null cursor (the SDK's first page) is page one. */
    struct test_reply r =
        test_post(*state, "/acs/users/list", "{\"page_cursor\":null}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
}

static void deleted_items_do_not_break_a_walk(void **state)
{
    char body[512], cursor[128], id[40];
    struct test_reply r = test_post(*state, "/acs/users/list", "{\"limit\":2}");
    snprintf(cursor, sizeof cursor, "%s",
             test_str(&r, "pagination.next_page_cursor"));
    /* Delete the last user of page one: the cursor still resumes. */
    snprintf(id, sizeof id, "%s", test_str(&r, "acs_users.1.acs_user_id"));
    test_reply_free(&r);
    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", id);
    r = test_post(*state, "/acs/users/delete", body);
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"limit\":2,\"page_cursor\":\"%s\"}", cursor);
    r = test_post(*state, "/acs/users/list", body);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_users.0.full_name"), "Resident 2");
    test_reply_free(&r);
}

static void other_paginated_routes_have_pagination(void **state)
{
    const char *routes[] = { "/acs/entrances/list", "/acs/credentials/list",
                             "/user_identities/list" };
    for (size_t i = 0; i < 3; i++) {
        struct test_reply r = test_post(*state, routes[i], "{\"limit\":1}");
        assert_int_equal(r.status, 200);
        assert_non_null(test_get(&r, "pagination.has_next_page"));
        test_reply_free(&r);
    }
    struct test_reply r =
        test_post(*state, "/acs/entrances/list", "{\"limit\":1}");
    assert_true(cJSON_IsTrue(test_get(&r, "pagination.has_next_page")));
    test_reply_free(&r);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(walks_every_page_in_creation_order),
        T(filters_apply_across_pages),
        T(cursor_is_bound_to_its_parameters),
        T(malformed_cursor_is_400_not_page_one),
        T(edited_cursor_is_400_not_page_one),
        T(deleted_items_do_not_break_a_walk),
        T(other_paginated_routes_have_pagination),
    };
    return cmocka_run_group_tests_name("pagination", tests, NULL, NULL);
}
