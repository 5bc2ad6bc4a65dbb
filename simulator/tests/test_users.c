/* ACS users and user identities. */

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
    *state = test_server_new();
    return 0;
}

static int teardown(void **state)
{
    sim_server_free(*state);
    return 0;
}

/* Creates an identity from a JSON body; returns its id (static). */
static const char *make_identity(struct sim_server *s, const char *body)
{
    static char id[40];
    struct test_reply r = test_post(s, "/user_identities/create", body);
    assert_int_equal(r.status, 200);
    snprintf(id, sizeof id, "%s",
             test_str(&r, "user_identity.user_identity_id"));
    test_reply_free(&r);
    return id;
}

static void user_has_every_required_field(void **state)
{
    struct test_reply r = test_post(*state, "/acs/users/create",
                                    "{\"acs_system_id\":\"" HUB_SYSTEM
                                    "\",\"full_name\":\"Jane Doe\","
                                    "\"email_address\":\"jane@example.com\","
                                    "\"phone_number\":\"+15555550100\"}");
    const char *required[] = { "acs_user_id",
                               "acs_system_id",
                               "workspace_id",
                               "created_at",
                               "display_name",
                               "warnings",
                               "errors",
                               "last_successful_sync_at",
                               "connected_account_id",
                               "is_managed" };

    assert_int_equal(r.status, 200);
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "acs_user.%s", required[i]);
        assert_non_null(test_get(&r, path));
    }
    assert_string_equal(test_str(&r, "acs_user.external_type"), "latch_user");
    assert_string_equal(test_str(&r, "acs_user.display_name"), "Jane Doe");
    assert_string_equal(test_str(&r, "acs_user.phone_number"), "+15555550100");
    test_reply_free(&r);
}

static void user_found_by_identity_and_system(void **state)
{
    const char *identity = make_identity(*state, "{\"full_name\":\"Ann\"}");
    char body[256], id[40], user[40];
    snprintf(id, sizeof id, "%s", identity);

    snprintf(body, sizeof body,
             "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"Ann\","
             "\"user_identity_id\":\"%s\"}",
             id);
    struct test_reply r = test_post(*state, "/acs/users/create", body);
    assert_int_equal(r.status, 200);
    snprintf(user, sizeof user, "%s", test_str(&r, "acs_user.acs_user_id"));
    assert_string_equal(test_str(&r, "acs_user.user_identity_id"), id);
    test_reply_free(&r);

    /* A second user for the same identity in the same building: refused. */
    r = test_post(*state, "/acs/users/create", body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "acs_user_already_linked");
    test_reply_free(&r);

    snprintf(body, sizeof body, "user_identity_id=%s&acs_system_id=" HUB_SYSTEM,
             id);
    r = test_call(*state, "GET", "/acs/users/get", body, TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_user.acs_user_id"), user);
    test_reply_free(&r);

    /* An identity alone does not name a user. */
    snprintf(body, sizeof body, "user_identity_id=%s", id);
    r = test_call(*state, "GET", "/acs/users/get", body, TEST_KEY, NULL);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    /* An unknown identity on create is a 400, as Seam's fake answers. */
    r = test_post(*state, "/acs/users/create",
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"X\","
                  "\"user_identity_id\":"
                  "\"00000000-0000-4000-8000-000000000000\"}");
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "user_identity_not_found");
    test_reply_free(&r);
}

static void update_leaves_sets_or_clears(void **state)
{
    char user[40], body[256];
    struct test_reply r =
        test_post(*state, "/acs/users/create",
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"Old\","
                  "\"email_address\":\"old@example.com\"}");
    snprintf(user, sizeof user, "%s", test_str(&r, "acs_user.acs_user_id"));
    test_reply_free(&r);

    /* Set the name, clear the email, leave the rest. */
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"full_name\":\"New\","
             "\"email_address\":null}",
             user);
    r = test_call(*state, "PATCH", "/acs/users/update", NULL, TEST_KEY, body);
    assert_int_equal(r.status, 200);
    assert_int_equal(cJSON_GetArraySize(r.json), 1); /* just "ok" */
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", user);
    r = test_post(*state, "/acs/users/get", body);
    assert_string_equal(test_str(&r, "acs_user.full_name"), "New");
    assert_null(test_get(&r, "acs_user.email_address"));
    test_reply_free(&r);

    /* An empty name is refused and changes nothing. */
    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\",\"full_name\":\"\"}",
             user);
    r = test_post(*state, "/acs/users/update", body);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
}

static void schedule_not_started_warns_inactive(void **state)
{
    struct test_reply r = test_post(
        *state, "/acs/users/create",
        "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"Later\","
        "\"access_schedule\":{\"starts_at\":\"2099-01-01T00:00:00Z\","
        "\"ends_at\":\"2099-02-01T00:00:00+00:00\"}}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_user.access_schedule.ends_at"),
                        "2099-02-01T00:00:00.000Z");
    assert_string_equal(test_str(&r, "acs_user.warnings.0.warning_code"),
                        "acs_user_inactive");
    test_reply_free(&r);

    r = test_post(
        *state, "/acs/users/create",
        "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"X\","
        "\"access_schedule\":{\"ends_at\":\"2001-01-01T00:00:00Z\"}}");
    assert_int_equal(r.status, 400);
    assert_non_null(
        test_get(&r, "error.validation_errors.access_schedule.ends_at"));
    test_reply_free(&r);
}

static void list_filters_and_search(void **state)
{
    test_make_user(*state, HUB_SYSTEM, "Alice Smith");
    test_make_user(*state, HUB_SYSTEM, "Bob Jones");
    test_make_user(*state, NOHUB_SYSTEM, "Carol Smith");

    struct test_reply r = test_call(*state, "GET", "/acs/users/list",
                                    "search=smith", TEST_KEY, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 2);
    test_reply_free(&r);
    r = test_call(*state, "GET", "/acs/users/list",
                  "search=smith&acs_system_id=" HUB_SYSTEM, TEST_KEY, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 1);
    assert_string_equal(test_str(&r, "acs_users.0.full_name"), "Alice Smith");
    test_reply_free(&r);
    r = test_call(*state, "GET", "/acs/users/list",
                  "created_before=2000-01-01T00:00:00Z", TEST_KEY, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 0);
    test_reply_free(&r);
}

static void identity_fields_are_unique(void **state)
{
    make_identity(*state, "{\"email_address\":\"a@example.com\","
                          "\"user_identity_key\":\"guest-1\","
                          "\"phone_number\":\"+15555550101\"}");
    const char *dupes[] = {
        "{\"email_address\":\"A@EXAMPLE.com\"}",
        "{\"user_identity_key\":\"guest-1\"}",
        "{\"phone_number\":\"+15555550101\"}",
    };
    for (size_t i = 0; i < 3; i++) {
        struct test_reply r =
            test_post(*state, "/user_identities/create", dupes[i]);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r),
                            "user_identity_already_exists");
        test_reply_free(&r);
    }

    /* Lookup by key works too. */
    struct test_reply r =
        test_call(*state, "GET", "/user_identities/get",
                  "user_identity_key=guest-1", TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "user_identity.email_address"),
                        "a@example.com");
    test_reply_free(&r);
}

static void identity_create_links_systems(void **state)
{
    char user[40];
    struct test_reply r = test_post(*state, "/acs/users/create",
                                    "{\"acs_system_id\":\"" HUB_SYSTEM
                                    "\",\"full_name\":\"Existing\","
                                    "\"email_address\":\"ex@example.com\"}");
    snprintf(user, sizeof user, "%s", test_str(&r, "acs_user.acs_user_id"));
    test_reply_free(&r);

    /* The hub building's user is linked; the other building gets one. */
    r = test_post(*state, "/user_identities/create",
                  "{\"email_address\":\"ex@example.com\",\"acs_system_ids\":"
                  "[\"" HUB_SYSTEM "\",\"" NOHUB_SYSTEM "\"]}");
    assert_int_equal(r.status, 200);
    const cJSON *ids = test_get(&r, "user_identity.acs_user_ids");
    assert_int_equal(cJSON_GetArraySize(ids), 2);
    assert_string_equal(cJSON_GetArrayItem(ids, 0)->valuestring, user);
    test_reply_free(&r);
}

static void add_remove_and_delete_identity(void **state)
{
    char identity[40], user[40], body[256];
    snprintf(identity, sizeof identity, "%s",
             make_identity(*state, "{\"full_name\":\"Pat\"}"));
    snprintf(user, sizeof user, "%s",
             test_make_user(*state, HUB_SYSTEM, "Pat"));

    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"user_identity_id\":\"%s\"}", user,
             identity);
    struct test_reply r = test_call(
        *state, "PUT", "/user_identities/add_acs_user", NULL, TEST_KEY, body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", user);
    r = test_post(*state, "/acs/users/get", body);
    assert_string_equal(test_str(&r, "acs_user.user_identity_id"), identity);
    test_reply_free(&r);

    snprintf(body, sizeof body, "acs_user_id=%s&user_identity_id=%s", user,
             identity);
    r = test_call(*state, "DELETE", "/user_identities/remove_acs_user", body,
                  TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    r = test_call(*state, "DELETE", "/user_identities/remove_acs_user", body,
                  TEST_KEY, NULL);
    assert_int_equal(r.status, 404);
    test_reply_free(&r);

    /* Deleting the identity takes its linked users along. */
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"user_identity_id\":\"%s\"}", user,
             identity);
    r = test_post(*state, "/user_identities/add_acs_user", body);
    test_reply_free(&r);
    snprintf(body, sizeof body, "{\"user_identity_id\":\"%s\"}", identity);
    r = test_post(*state, "/user_identities/delete", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", user);
    r = test_post(*state, "/acs/users/get", body);
    assert_int_equal(r.status, 404);
    test_reply_free(&r);
}

static void revoke_removes_every_credential(void **state)
{
    char user[40], body[512];
    snprintf(user, sizeof user, "%s",
             test_make_user(*state, HUB_SYSTEM, "Rev"));
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body,
                 "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
                 "\"allowed_acs_entrance_ids\":[\"%s\"]}",
                 user, i ? HUB_DOOR_2 : HUB_DOOR_1);
        struct test_reply r =
            test_post(*state, "/acs/credentials/create", body);
        assert_int_equal(r.status, 200);
        test_reply_free(&r);
    }
    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", user);
    struct test_reply r =
        test_post(*state, "/acs/users/list_accessible_entrances", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_entrances")), 2);
    test_reply_free(&r);

    r = test_post(*state, "/acs/users/revoke_access_to_all_entrances", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    r = test_post(*state, "/acs/users/list_accessible_entrances", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_entrances")), 0);
    test_reply_free(&r);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(user_has_every_required_field),
        T(user_found_by_identity_and_system),
        T(update_leaves_sets_or_clears),
        T(schedule_not_started_warns_inactive),
        T(list_filters_and_search),
        T(identity_fields_are_unique),
        T(identity_create_links_systems),
        T(add_remove_and_delete_identity),
        T(revoke_removes_every_credential),
    };
    return cmocka_run_group_tests_name("users", tests, NULL, NULL);
}
