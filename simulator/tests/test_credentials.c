/* Latch credential rules, through the dispatcher. */

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

/* Creates a code credential on one entrance; returns the reply. */
static struct test_reply create_code(struct sim_server *s, const char *user,
                                     const char *entrance)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
             "\"allowed_acs_entrance_ids\":[\"%s\"],"
             "\"starts_at\":\"2024-07-13T16:50:42.072Z\","
             "\"ends_at\":\"2099-07-18T16:50:42.072Z\"}",
             user, entrance);
    return test_post(s, "/acs/credentials/create", body);
}

static void code_credential_gets_a_seven_digit_pin(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    struct test_reply r = create_code(*state, user, HUB_DOOR_1);
    const char *code = test_str(&r, "acs_credential.code");

    assert_int_equal(r.status, 200);
    assert_non_null(code);
    assert_int_equal(strlen(code), 7);
    assert_int_equal(strspn(code, "0123456789"), 7);
    assert_string_equal(test_str(&r, "acs_credential.access_method"), "code");
    assert_string_equal(test_str(&r, "acs_credential.external_type"),
                        "latch_access");
    assert_string_equal(test_str(&r, "acs_credential.acs_user_id"), user);
    assert_true(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    test_reply_free(&r);
}

static void past_start_is_moved_to_now_with_warning(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    struct test_reply r = create_code(*state, user, HUB_DOOR_1);

    assert_string_equal(test_str(&r, "acs_credential.warnings.0.warning_code"),
                        "schedule_modified");
    assert_string_equal(test_str(&r, "acs_credential.starts_at"),
                        test_str(&r, "acs_credential.created_at"));
    assert_string_equal(test_str(&r, "acs_credential.ends_at"),
                        "2099-07-18T16:50:42.072Z");
    test_reply_free(&r);
}

static void custom_code_is_refused_and_nothing_created(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    char body[512];
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
             "\"code\":\"1234567\",\"allowed_acs_entrance_ids\":[\"%s\"]}",
             user, HUB_DOOR_1);
    struct test_reply r = test_post(*state, "/acs/credentials/create", body);

    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "invalid_input");
    assert_non_null(test_get(&r, "error.validation_errors.code._errors.0"));
    assert_non_null(strstr(test_str(&r, "error.message"), "Latch generates"));
    test_reply_free(&r);

    /* A mobile key may not carry a code either. */
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"mobile_key\","
             "\"code\":\"1234\",\"allowed_acs_entrance_ids\":[\"%s\"]}",
             user, HUB_DOOR_1);
    r = test_post(*state, "/acs/credentials/create", body);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    char query[128];
    snprintf(query, sizeof query, "acs_user_id=%s", user);
    r = test_call(*state, "GET", "/acs/credentials/list", query, TEST_KEY,
                  NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_credentials")), 0);
    test_reply_free(&r);
}

static void code_needs_exactly_one_entrance(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    const char *lists[] = { "[]", "[\"" HUB_DOOR_1 "\",\"" HUB_DOOR_2 "\"]",
                            NULL };
    char body[512];

    for (int i = 0; lists[i]; i++) {
        snprintf(body, sizeof body,
                 "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
                 "\"allowed_acs_entrance_ids\":%s}",
                 user, lists[i]);
        struct test_reply r =
            test_post(*state, "/acs/credentials/create", body);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_input");
        assert_non_null(
            test_get(&r, "error.validation_errors.allowed_acs_entrance_ids"));
        assert_non_null(
            strstr(test_str(&r, "error.message"), "exactly one entrance"));
        test_reply_free(&r);
    }

    /* Omitting the list entirely is refused the same way. */
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"code\"}", user);
    struct test_reply r = test_post(*state, "/acs/credentials/create", body);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    snprintf(body, sizeof body, "acs_user_id=%s", user);
    r = test_call(*state, "GET", "/acs/credentials/list", body, TEST_KEY, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_credentials")), 0);
    test_reply_free(&r);
}

static void mobile_key_may_name_several_entrances(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    char body[512];
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"mobile_key\","
             "\"is_multi_phone_sync_credential\":true,"
             "\"allowed_acs_entrance_ids\":[\"%s\",\"%s\"]}",
             user, HUB_DOOR_1, HUB_DOOR_2);
    struct test_reply r = test_post(*state, "/acs/credentials/create", body);

    assert_int_equal(r.status, 200);
    assert_true(cJSON_IsNull(test_get(&r, "acs_credential.code")));
    assert_true(cJSON_IsTrue(
        test_get(&r, "acs_credential.is_multi_phone_sync_credential")));
    char query[128];
    snprintf(query, sizeof query, "acs_credential_id=%s",
             test_str(&r, "acs_credential.acs_credential_id"));
    test_reply_free(&r);

    r = test_call(*state, "GET", "/acs/credentials/list_accessible_entrances",
                  query, TEST_KEY, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_entrances")), 2);
    test_reply_free(&r);
}

static void pins_on_one_entrance_are_distinct(void **state)
{
    /* Enough credentials that a clash would be likely with 4 digits. */
    static const char fixture[] =
        "{\"workspaces\":[{\"name\":\"w\",\"api_keys\":[\"seam_short_pins\"],"
        "\"acs_systems\":[{\"acs_system_id\":\"33333333-3333-4333-8333-"
        "333333333333\",\"name\":\"b\",\"latch\":{\"hub_installed\":true,"
        "\"pin_length\":4},\"acs_entrances\":[{\"acs_entrance_id\":"
        "\"e3000000-0000-4000-8000-000000000001\",\"display_name\":\"d\"}]}]}]"
        "}";
    struct sim_server_config config = { .fixture_json = fixture };
    char err[256], body[512];
    struct sim_server *s = sim_server_new(&config, err, sizeof err);
    assert_non_null(s);

    struct test_reply r =
        test_call(s, "POST", "/acs/users/create", NULL, "seam_short_pins",
                  "{\"acs_system_id\":\"33333333-3333-4333-8333-333333333333\","
                  "\"full_name\":\"Many Pins\"}");
    char user[40];
    snprintf(user, sizeof user, "%s", test_str(&r, "acs_user.acs_user_id"));
    test_reply_free(&r);

    char seen[300][8];
    for (int i = 0; i < 300; i++) {
        snprintf(body, sizeof body,
                 "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
                 "\"allowed_acs_entrance_ids\":"
                 "[\"e3000000-0000-4000-8000-000000000001\"]}",
                 user);
        r = test_call(s, "POST", "/acs/credentials/create", NULL,
                      "seam_short_pins", body);
        assert_int_equal(r.status, 200);
        const char *code = test_str(&r, "acs_credential.code");
        assert_int_equal(strlen(code), 4);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[j], code);
        snprintf(seen[i], sizeof seen[i], "%s", code);
        test_reply_free(&r);
    }
    sim_server_free(s);
}

static void end_must_be_future_and_after_start(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    const char *cases[] = {
        /* ends in the past */
        "\"ends_at\":\"2020-01-01T00:00:00Z\"",
        /* ends before it starts */
        "\"starts_at\":\"2099-02-01T00:00:00Z\","
        "\"ends_at\":\"2099-01-01T00:00:00Z\"",
        /* no offset: not an instant */
        "\"ends_at\":\"2099-01-01T00:00:00\"",
        /* not a date */
        "\"starts_at\":\"tomorrow\"",
        NULL,
    };
    char body[512];

    for (int i = 0; cases[i]; i++) {
        snprintf(body, sizeof body,
                 "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
                 "\"allowed_acs_entrance_ids\":[\"%s\"],%s}",
                 user, HUB_DOOR_1, cases[i]);
        struct test_reply r =
            test_post(*state, "/acs/credentials/create", body);
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_input");
        test_reply_free(&r);
    }
}

static void offsets_are_read_as_instants(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    char body[512];
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
             "\"allowed_acs_entrance_ids\":[\"%s\"],"
             "\"starts_at\":\"2099-07-13T12:50:42.0721+02:00\","
             "\"ends_at\":\"2099-07-13T11:00:00-05:30\"}",
             user, HUB_DOOR_1);
    struct test_reply r = test_post(*state, "/acs/credentials/create", body);

    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_credential.starts_at"),
                        "2099-07-13T10:50:42.072Z");
    assert_string_equal(test_str(&r, "acs_credential.ends_at"),
                        "2099-07-13T16:30:00.000Z");
    test_reply_free(&r);
}

static void no_hub_waits_for_manual_door_sync(void **state)
{
    const char *user = test_make_user(*state, NOHUB_SYSTEM, "Sam Guest");
    struct test_reply r = create_code(*state, user, NOHUB_DOOR_1);
    char id[40], body[128];

    assert_int_equal(r.status, 200);
    assert_false(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    assert_true(cJSON_IsNull(test_get(
        &r, "acs_credential.latest_desired_state_synced_with_provider_at")));
    assert_string_equal(test_str(&r, "acs_credential.warnings.0.warning_code"),
                        "waiting_to_be_issued");
    assert_non_null(test_str(&r, "acs_credential.code"));
    snprintf(id, sizeof id, "%s",
             test_str(&r, "acs_credential.acs_credential_id"));
    test_reply_free(&r);

    /* The Latch Manager App sync delivers it. */
    snprintf(body, sizeof body, "{\"acs_entrance_id\":\"%s\"}", NOHUB_DOOR_1);
    r = test_post(*state, "/_fake/latch/sync_door", body);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_credentials.0.acs_credential_id"),
                        id);
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"acs_credential_id\":\"%s\"}", id);
    r = test_post(*state, "/acs/credentials/get", body);
    assert_true(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    assert_non_null(test_str(
        &r, "acs_credential.latest_desired_state_synced_with_provider_at"));
    /* Only schedule_modified remains; waiting_to_be_issued is gone. */
    assert_int_equal(
        cJSON_GetArraySize(test_get(&r, "acs_credential.warnings")), 1);
    test_reply_free(&r);

    /* A later change waits again until the next sync. */
    snprintf(body, sizeof body,
             "{\"acs_credential_id\":\"%s\",\"ends_at\":"
             "\"2098-01-01T00:00:00Z\"}",
             id);
    r = test_call(*state, "PATCH", "/acs/credentials/update", NULL, TEST_KEY,
                  body);
    assert_int_equal(r.status, 200);
    assert_false(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    test_reply_free(&r);
}

static void mobile_key_needs_no_hub(void **state)
{
    const char *user = test_make_user(*state, NOHUB_SYSTEM, "Sam Guest");
    char body[512];
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"mobile_key\","
             "\"allowed_acs_entrance_ids\":[\"%s\"]}",
             user, NOHUB_DOOR_1);
    struct test_reply r = test_post(*state, "/acs/credentials/create", body);

    assert_int_equal(r.status, 200);
    assert_true(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    test_reply_free(&r);
}

static void update_refuses_code_and_checks_ends_at(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    struct test_reply r = create_code(*state, user, HUB_DOOR_1);
    char id[40], body[256];
    snprintf(id, sizeof id, "%s",
             test_str(&r, "acs_credential.acs_credential_id"));
    test_reply_free(&r);

    snprintf(body, sizeof body,
             "{\"acs_credential_id\":\"%s\",\"code\":\"7654321\"}", id);
    r = test_post(*state, "/acs/credentials/update", body);
    assert_int_equal(r.status, 400);
    assert_non_null(test_get(&r, "error.validation_errors.code"));
    test_reply_free(&r);

    snprintf(body, sizeof body,
             "{\"acs_credential_id\":\"%s\",\"ends_at\":"
             "\"2021-01-01T00:00:00Z\"}",
             id);
    r = test_post(*state, "/acs/credentials/update", body);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
}

static void card_and_cloud_key_are_not_supported(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    char body[512];
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"card\","
             "\"allowed_acs_entrance_ids\":[\"%s\"]}",
             user, HUB_DOOR_1);
    struct test_reply r = test_post(*state, "/acs/credentials/create", body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "not_supported");
    test_reply_free(&r);

    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"fingerprint\","
             "\"allowed_acs_entrance_ids\":[\"%s\"]}",
             user, HUB_DOOR_1);
    r = test_post(*state, "/acs/credentials/create", body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "invalid_input");
    test_reply_free(&r);
}

static void entrance_of_other_building_is_refused(void **state)
{
    const char *user = test_make_user(*state, HUB_SYSTEM, "Jane Doe");
    struct test_reply r = create_code(*state, user, NOHUB_DOOR_1);
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    r = create_code(*state, user, "e9999999-0000-4000-8000-000000000001");
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "acs_entrance_not_found");
    test_reply_free(&r);
}

static void identity_credential_reuses_or_creates_user(void **state)
{
    struct test_reply r = test_post(
        *state, "/user_identities/create",
        "{\"email_address\":\"jane@example.com\",\"full_name\":\"Jane\"}");
    char identity[40], body[512], first_user[40];
    assert_int_equal(r.status, 200);
    snprintf(identity, sizeof identity, "%s",
             test_str(&r, "user_identity.user_identity_id"));
    test_reply_free(&r);

    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body,
                 "{\"user_identity_id\":\"%s\",\"acs_system_id\":\"%s\","
                 "\"access_method\":\"code\","
                 "\"allowed_acs_entrance_ids\":[\"%s\"]}",
                 identity, HUB_SYSTEM, i ? HUB_DOOR_2 : HUB_DOOR_1);
        r = test_post(*state, "/acs/credentials/create", body);
        assert_int_equal(r.status, 200);
        assert_string_equal(test_str(&r, "acs_credential.user_identity_id"),
                            identity);
        if (i == 0)
            snprintf(first_user, sizeof first_user, "%s",
                     test_str(&r, "acs_credential.acs_user_id"));
        else
            assert_string_equal(test_str(&r, "acs_credential.acs_user_id"),
                                first_user);
        test_reply_free(&r);
    }

    /* The identity's user now has both entrances. */
    snprintf(body, sizeof body, "{\"user_identity_id\":\"%s\"}", identity);
    r = test_post(*state, "/user_identities/list_accessible_entrances", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_entrances")), 2);
    test_reply_free(&r);
    r = test_post(*state, "/user_identities/list_acs_users", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_users")), 1);
    assert_string_equal(test_str(&r, "acs_users.0.email_address"),
                        "jane@example.com");
    test_reply_free(&r);
}

static void suspended_user_changes_desired_state(void **state)
{
    const char *user = test_make_user(*state, NOHUB_SYSTEM, "Sam");
    char body[256], uid[40], cid[40];
    snprintf(uid, sizeof uid, "%s", user);
    struct test_reply r = create_code(*state, uid, NOHUB_DOOR_1);
    snprintf(cid, sizeof cid, "%s",
             test_str(&r, "acs_credential.acs_credential_id"));
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"acs_entrance_id\":\"%s\"}", NOHUB_DOOR_1);
    r = test_post(*state, "/_fake/latch/sync_door", body);
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", uid);
    r = test_post(*state, "/acs/users/suspend", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    r = test_post(*state, "/acs/users/get", body);
    assert_true(cJSON_IsTrue(test_get(&r, "acs_user.is_suspended")));
    test_reply_free(&r);

    /* The door must learn of the suspension. */
    snprintf(body, sizeof body, "{\"acs_credential_id\":\"%s\"}", cid);
    r = test_post(*state, "/acs/credentials/get", body);
    assert_false(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"acs_user_id\":\"%s\"}", uid);
    r = test_post(*state, "/acs/users/unsuspend", body);
    test_reply_free(&r);
    r = test_post(*state, "/acs/users/get", body);
    assert_false(cJSON_IsTrue(test_get(&r, "acs_user.is_suspended")));
    test_reply_free(&r);
}

static void deleting_user_removes_credentials(void **state)
{
    char uid[40], cid[40], body[256];
    snprintf(uid, sizeof uid, "%s",
             test_make_user(*state, HUB_SYSTEM, "Gone Soon"));
    struct test_reply r = create_code(*state, uid, HUB_DOOR_1);
    snprintf(cid, sizeof cid, "%s",
             test_str(&r, "acs_credential.acs_credential_id"));
    test_reply_free(&r);

    snprintf(body, sizeof body, "acs_user_id=%s", uid);
    r = test_call(*state, "DELETE", "/acs/users/delete", body, TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);

    snprintf(body, sizeof body, "{\"acs_credential_id\":\"%s\"}", cid);
    r = test_post(*state, "/acs/credentials/get", body);
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "acs_credential_not_found");
    test_reply_free(&r);

    /* Its PIN is free again on the entrance's index (no dangling entry). */
    snprintf(body, sizeof body, "{\"acs_entrance_id\":\"%s\"}", HUB_DOOR_1);
    r = test_post(*state, "/acs/entrances/list_credentials_with_access", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_credentials")), 0);
    test_reply_free(&r);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(code_credential_gets_a_seven_digit_pin,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(past_start_is_moved_to_now_with_warning,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            custom_code_is_refused_and_nothing_created, setup, teardown),
        cmocka_unit_test_setup_teardown(code_needs_exactly_one_entrance, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(mobile_key_may_name_several_entrances,
                                        setup, teardown),
        cmocka_unit_test(pins_on_one_entrance_are_distinct),
        cmocka_unit_test_setup_teardown(end_must_be_future_and_after_start,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(offsets_are_read_as_instants, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(no_hub_waits_for_manual_door_sync,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(mobile_key_needs_no_hub, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(update_refuses_code_and_checks_ends_at,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(card_and_cloud_key_are_not_supported,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(entrance_of_other_building_is_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            identity_credential_reuses_or_creates_user, setup, teardown),
        cmocka_unit_test_setup_teardown(suspended_user_changes_desired_state,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(deleting_user_removes_credentials,
                                        setup, teardown),
    };
    return cmocka_run_group_tests_name("credentials", tests, NULL, NULL);
}
