/*
 * The library against a running seam-sim (started by run_with_sim.sh,
 * which exports SEAM_ENDPOINT and SEAM_API_KEY). Each test works in a
 * fresh workspace from /_fake/workspaces/create, so tests cannot see
 * each other's users or credentials.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "seam/seam.h"

struct workspace_fixture {
    seamc_client *client; /* authenticated for the fresh workspace */
    char api_key[256];
    char system_id[64]; /* the building with a hub (4 entrances) */
    struct seamc_acs_entrance_list entrances;
};

static seamc_client *client_for(const char *api_key,
                                enum seamc_read_method method)
{
    struct seamc_config config;
    struct seamc_error err;
    seamc_client *client = NULL;

    seamc_config_init(&config);
    config.api_key = api_key;
    config.read_method = method;
    if (seamc_client_new(&config, &client, &err) != SEAMC_OK) {
        fail_msg("client: %s", err.message);
    }
    return client;
}

/* Finds the hub building: the Latch system with four entrances. */
static void find_hub_building(struct workspace_fixture *fixture)
{
    struct seamc_acs_system_list systems = { 0 };
    struct seamc_error err;
    size_t i;

    assert_int_equal(
        seamc_acs_systems_list(fixture->client, NULL, &systems, &err),
        SEAMC_OK);
    assert_int_equal(systems.count, 2);
    for (i = 0; i < systems.count; i++) {
        struct seamc_acs_entrances_list_params params = { 0 };
        struct seamc_acs_entrance_list found = { 0 };

        assert_string_equal(systems.items[i].external_type, "latch_building");
        params.acs_system_id = systems.items[i].acs_system_id;
        assert_int_equal(
            seamc_acs_entrances_list(fixture->client, &params, &found, &err),
            SEAMC_OK);
        if (found.count == 4) {
            snprintf(fixture->system_id, sizeof(fixture->system_id), "%s",
                     systems.items[i].acs_system_id);
            fixture->entrances = found;
        } else {
            seamc_acs_entrance_list_release(&found);
        }
    }
    seamc_acs_system_list_release(&systems);
    assert_int_not_equal(fixture->system_id[0], '\0');
}

static int workspace_setup(void **state)
{
    struct workspace_fixture *fixture = calloc(1, sizeof(*fixture));
    struct seamc_response response = { 0 };
    struct seamc_error err;
    seamc_client *admin = client_for(NULL, SEAMC_READ_POST);
    const cJSON *key;

    assert_non_null(fixture);
    if (seamc_call_json(admin, "/_fake/workspaces/create", "{}", NULL,
                        &response, &err) != SEAMC_OK) {
        fail_msg("workspace: %s", err.message);
    }
    key = cJSON_GetObjectItemCaseSensitive(response.body, "api_key");
    assert_true(cJSON_IsString(key));
    snprintf(fixture->api_key, sizeof(fixture->api_key), "%s",
             key->valuestring);
    seamc_response_release(&response);
    seamc_client_free(admin);

    fixture->client = client_for(fixture->api_key, SEAMC_READ_POST);
    find_hub_building(fixture);
    *state = fixture;
    return 0;
}

static int workspace_teardown(void **state)
{
    struct workspace_fixture *fixture = *state;

    seamc_acs_entrance_list_release(&fixture->entrances);
    seamc_client_free(fixture->client);
    free(fixture);
    return 0;
}

static void create_resident(struct workspace_fixture *fixture,
                            const char *email, struct seamc_acs_user *user)
{
    struct seamc_user_identities_create_params identity_params = { 0 };
    struct seamc_user_identity identity = { 0 };
    struct seamc_acs_users_create_params user_params = { 0 };
    struct seamc_error err;

    identity_params.email_address = email;
    identity_params.full_name = "Jane Doe";
    if (seamc_user_identities_create(fixture->client, &identity_params,
                                     &identity, &err) != SEAMC_OK) {
        fail_msg("identity: %s", err.message);
    }
    user_params.acs_system_id = fixture->system_id;
    user_params.user_identity_id = identity.user_identity_id;
    user_params.full_name = "Jane Doe";
    user_params.email_address = email;
    if (seamc_acs_users_create(fixture->client, &user_params, user, &err) !=
        SEAMC_OK) {
        fail_msg("user: %s %s", err.type, err.message);
    }
    assert_string_equal(user->user_identity_id, identity.user_identity_id);
    assert_string_equal(user->external_type, "latch_user");
    seamc_user_identity_release(&identity);
}

static bool is_pin(const char *code, size_t digits)
{
    size_t i;

    if (code == NULL || strlen(code) != digits) {
        return false;
    }
    for (i = 0; i < digits; i++) {
        if (!isdigit((unsigned char)code[i])) {
            return false;
        }
    }
    return true;
}

/* The seed page's flow: resident, then one PIN per entrance. */
static void seed_flow_gives_one_pin_per_entrance(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_credentials_list_params list_params = { 0 };
    struct seamc_acs_credential_list all = { 0 };
    struct seamc_error err;
    size_t i;

    create_resident(fixture, "jane@example.com", &user);
    for (i = 0; i < fixture->entrances.count; i++) {
        struct seamc_acs_credentials_create_params params = { 0 };
        struct seamc_acs_credential credential = { 0 };
        struct seamc_acs_credential fetched = { 0 };
        struct seamc_acs_entrance_list opens = { 0 };
        const char *entrance = fixture->entrances.items[i].acs_entrance_id;

        params.acs_user_id = user.acs_user_id;
        params.access_method = SEAMC_ACCESS_METHOD_CODE;
        params.allowed_acs_entrance_ids = &entrance;
        params.allowed_acs_entrance_count = 1;
        params.starts_at = "2030-07-13T16:50:42.072Z";
        params.ends_at = "2030-07-18T16:50:42.072Z";
        if (seamc_acs_credentials_create(fixture->client, &params, &credential,
                                         &err) != SEAMC_OK) {
            fail_msg("credential: %s %s", err.type, err.message);
        }
        assert_true(is_pin(credential.code, 7));
        assert_int_equal(credential.access_method, SEAMC_ACCESS_METHOD_CODE);
        assert_string_equal(credential.external_type, "latch_access");

        /* It opens exactly its one entrance, and reads back the same. */
        assert_int_equal(
            seamc_acs_credentials_list_accessible_entrances(
                fixture->client, credential.acs_credential_id, &opens, &err),
            SEAMC_OK);
        assert_int_equal(opens.count, 1);
        assert_string_equal(opens.items[0].acs_entrance_id, entrance);
        assert_int_equal(seamc_acs_credentials_get(fixture->client,
                                                   credential.acs_credential_id,
                                                   &fetched, &err),
                         SEAMC_OK);
        assert_string_equal(fetched.code, credential.code);
        seamc_acs_entrance_list_release(&opens);
        seamc_acs_credential_release(&fetched);
        seamc_acs_credential_release(&credential);
    }

    /* All four, one page at a time. */
    list_params.acs_user_id = user.acs_user_id;
    list_params.page.limit = 1;
    list_params.page.all_pages = true;
    assert_int_equal(
        seamc_acs_credentials_list(fixture->client, &list_params, &all, &err),
        SEAMC_OK);
    assert_int_equal(all.count, fixture->entrances.count);
    seamc_acs_credential_list_release(&all);
    seamc_acs_user_release(&user);
}

static void latch_rules_come_back_as_api_errors(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_credentials_create_params params = { 0 };
    struct seamc_acs_credential credential = { 0 };
    const char *two[2];
    struct seamc_error err;

    create_resident(fixture, "rules@example.com", &user);
    two[0] = fixture->entrances.items[0].acs_entrance_id;
    two[1] = fixture->entrances.items[1].acs_entrance_id;
    params.acs_user_id = user.acs_user_id;
    params.access_method = SEAMC_ACCESS_METHOD_CODE;
    params.allowed_acs_entrance_ids = two;
    params.allowed_acs_entrance_count = 2;
    assert_int_equal(seamc_acs_credentials_create(fixture->client, &params,
                                                  &credential, &err),
                     SEAMC_EAPI);
    assert_int_equal(err.http_status, 400);
    assert_int_not_equal(err.type[0], '\0');
    assert_int_not_equal(err.request_id[0], '\0');

    params.allowed_acs_entrance_count = 1;
    params.code = "1234567";
    assert_int_equal(seamc_acs_credentials_create(fixture->client, &params,
                                                  &credential, &err),
                     SEAMC_EAPI);
    assert_int_equal(err.http_status, 400);
    assert_null(credential.raw);
    seamc_acs_user_release(&user);
}

static void unknown_ids_and_bad_keys_are_told_apart(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_acs_user_ref nobody = { "00000000-0000-4000-8000-000000000000",
                                         NULL, NULL };
    struct seamc_acs_user user = { 0 };
    struct seamc_workspace workspace = { 0 };
    struct seamc_error err;
    seamc_client *stranger = client_for("seam_not_a_real_key", SEAMC_READ_POST);
    const char *suffix;

    assert_int_equal(seamc_acs_users_get(fixture->client, &nobody, &user, &err),
                     SEAMC_EAPI);
    suffix = err.type + strlen(err.type) - strlen("_not_found");
    assert_true(strlen(err.type) > strlen("_not_found"));
    assert_string_equal(suffix, "_not_found");

    assert_int_equal(seamc_workspaces_get(stranger, &workspace, &err),
                     SEAMC_EUNAUTHORIZED);
    assert_int_equal(err.http_status, 401);
    assert_string_equal(err.type, "unauthorized");
    assert_null(strstr(err.message, "seam_not_a_real_key"));
    seamc_client_free(stranger);

    assert_int_equal(seamc_workspaces_get(fixture->client, &workspace, &err),
                     SEAMC_OK);
    assert_non_null(workspace.workspace_id);
    seamc_workspace_release(&workspace);
}

static void reads_over_get_match_reads_over_post(void **state)
{
    struct workspace_fixture *fixture = *state;
    seamc_client *getter = client_for(fixture->api_key, SEAMC_READ_GET);
    struct seamc_acs_entrances_list_params params = { 0 };
    struct seamc_acs_entrance_list entrances = { 0 };
    struct seamc_error err;

    params.acs_system_id = fixture->system_id;
    params.page.limit = 3;
    params.page.all_pages = true;
    assert_int_equal(
        seamc_acs_entrances_list(getter, &params, &entrances, &err), SEAMC_OK);
    assert_int_equal(entrances.count, fixture->entrances.count);
    seamc_acs_entrance_list_release(&entrances);
    seamc_client_free(getter);
}

static void users_and_identities_change_and_go(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_user fetched = { 0 };
    struct seamc_acs_users_update_params update = { 0 };
    struct seamc_user_identities_update_params identity_update = { 0 };
    struct seamc_user_identity identity = { 0 };
    struct seamc_user_identity_ref identity_ref = { NULL, NULL };
    struct seamc_acs_user_list identity_users = { 0 };
    struct seamc_acs_user_ref ref = { NULL, NULL, NULL };
    struct seamc_error err;

    create_resident(fixture, "change@example.com", &user);
    ref.acs_user_id = user.acs_user_id;

    /* Rename, suspend, unsuspend. */
    update.user = ref;
    update.full_name = SEAMC_UPDATE_TO("Jane Q. Doe");
    assert_int_equal(seamc_acs_users_update(fixture->client, &update, &err),
                     SEAMC_OK);
    assert_int_equal(seamc_acs_users_suspend(fixture->client, &ref, &err),
                     SEAMC_OK);
    assert_int_equal(seamc_acs_users_get(fixture->client, &ref, &fetched, &err),
                     SEAMC_OK);
    assert_string_equal(fetched.full_name, "Jane Q. Doe");
    assert_true(fetched.is_suspended);
    seamc_acs_user_release(&fetched);
    assert_int_equal(seamc_acs_users_unsuspend(fixture->client, &ref, &err),
                     SEAMC_OK);

    /* The identity: clear its email, list its users. */
    identity_ref.user_identity_id = user.user_identity_id;
    identity_update.user_identity_id = user.user_identity_id;
    identity_update.email_address = SEAMC_UPDATE_TO_NULL;
    assert_int_equal(
        seamc_user_identities_update(fixture->client, &identity_update, &err),
        SEAMC_OK);
    assert_int_equal(seamc_user_identities_get(fixture->client, &identity_ref,
                                               &identity, &err),
                     SEAMC_OK);
    assert_null(identity.email_address);
    assert_int_equal(
        seamc_user_identities_list_acs_users(
            fixture->client, user.user_identity_id, &identity_users, &err),
        SEAMC_OK);
    assert_int_equal(identity_users.count, 1);
    assert_string_equal(identity_users.items[0].acs_user_id, user.acs_user_id);
    seamc_acs_user_list_release(&identity_users);
    seamc_user_identity_release(&identity);

    /* Delete the user: it is gone. */
    assert_int_equal(seamc_acs_users_delete(fixture->client, &ref, &err),
                     SEAMC_OK);
    assert_int_equal(seamc_acs_users_get(fixture->client, &ref, &fetched, &err),
                     SEAMC_EAPI);
    seamc_acs_user_release(&user);
}

int main(void)
{
#define WORKSPACE_TEST(name)                                                   \
    cmocka_unit_test_setup_teardown(name, workspace_setup, workspace_teardown)
    const struct CMUnitTest tests[] = {
        WORKSPACE_TEST(seed_flow_gives_one_pin_per_entrance),
        WORKSPACE_TEST(latch_rules_come_back_as_api_errors),
        WORKSPACE_TEST(unknown_ids_and_bad_keys_are_told_apart),
        WORKSPACE_TEST(reads_over_get_match_reads_over_post),
        WORKSPACE_TEST(users_and_identities_change_and_go),
    };
    int failed;

    seamc_global_init();
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    seamc_global_cleanup();
    return failed;
}
