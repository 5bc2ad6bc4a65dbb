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

/*
 * The workspace clock's "now" into `out`, then one millisecond on, so
 * everything made from here is strictly after it (`since` is exclusive).
 */
static void clock_mark(struct workspace_fixture *fixture, char *out,
                       size_t size)
{
    struct seamc_response response = { 0 };
    struct seamc_error err;
    const cJSON *now;

    if (seamc_call_json(fixture->client, "/_fake/clock/get", NULL, NULL,
                        &response, &err) != SEAMC_OK) {
        fail_msg("clock: %s", err.message);
    }
    now = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(response.body, "clock"), "now");
    assert_true(cJSON_IsString(now));
    snprintf(out, size, "%s", now->valuestring);
    assert_int_equal(seamc_call_json(fixture->client, "/_fake/clock/advance",
                                     "{\"ms\":1}", NULL, &response, &err),
                     SEAMC_OK);
    seamc_response_release(&response);
}

/* A resident with one PIN on the first entrance. */
static void create_pin(struct workspace_fixture *fixture, const char *email,
                       struct seamc_acs_user *user,
                       struct seamc_acs_credential *credential)
{
    struct seamc_acs_credentials_create_params params = { 0 };
    const char *entrance = fixture->entrances.items[0].acs_entrance_id;
    struct seamc_error err;

    create_resident(fixture, email, user);
    params.acs_user_id = user->acs_user_id;
    params.access_method = SEAMC_ACCESS_METHOD_CODE;
    params.allowed_acs_entrance_ids = &entrance;
    params.allowed_acs_entrance_count = 1;
    if (seamc_acs_credentials_create(fixture->client, &params, credential,
                                     &err) != SEAMC_OK) {
        fail_msg("credential: %s %s", err.type, err.message);
    }
}

/* The index of the event of `type` naming `id` in `key`, or -1. */
static long find_event(const struct seamc_event_list *events, const char *type,
                       const char *key, const char *id)
{
    size_t i;

    for (i = 0; i < events->count; i++) {
        const cJSON *named =
            cJSON_GetObjectItemCaseSensitive(events->items[i].raw, key);

        if (strcmp(events->items[i].event_type, type) == 0 &&
            cJSON_IsString(named) && strcmp(named->valuestring, id) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static void events_record_new_users_and_credentials(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_credential credential = { 0 };
    struct seamc_events_list_params params = { 0 };
    struct seamc_event_list events = { 0 };
    struct seamc_event_list only_user = { 0 };
    struct seamc_event_ref ref = { NULL, NULL };
    struct seamc_event event = { 0 };
    static const char *const created[] = { "acs_user.created" };
    struct seamc_error err;
    char since[64];
    long user_at;
    long credential_at;

    clock_mark(fixture, since, sizeof(since));
    create_pin(fixture, "events@example.com", &user, &credential);

    /* Both events, naming what they are about. */
    params.since = since;
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_OK);
    user_at = find_event(&events, "acs_user.created", "acs_user_id",
                         user.acs_user_id);
    credential_at =
        find_event(&events, "acs_credential.issued", "acs_credential_id",
                   credential.acs_credential_id);
    assert_true(user_at >= 0);
    assert_true(credential_at >= 0);
    assert_string_equal(events.items[user_at].acs_system_id,
                        fixture->system_id);
    assert_non_null(events.items[user_at].workspace_id);
    assert_non_null(events.items[user_at].created_at);
    assert_non_null(events.items[user_at].occurred_at);
    assert_string_equal(events.items[credential_at].acs_credential_id,
                        credential.acs_credential_id);

    /* Filters narrow it; the same event reads back by id. */
    params.acs_user_id = user.acs_user_id;
    params.event_types = created;
    params.event_type_count = 1;
    assert_int_equal(
        seamc_events_list(fixture->client, &params, &only_user, &err),
        SEAMC_OK);
    assert_int_equal(only_user.count, 1);
    assert_string_equal(only_user.items[0].event_id,
                        events.items[user_at].event_id);
    ref.event_id = events.items[credential_at].event_id;
    assert_int_equal(seamc_events_get(fixture->client, &ref, &event, &err),
                     SEAMC_OK);
    assert_string_equal(event.event_type, "acs_credential.issued");

    /* A window that ends before they happened holds neither. */
    seamc_event_list_release(&only_user);
    params.since = NULL;
    params.between[0] = "2000-01-01T00:00:00Z";
    params.between[1] = since;
    assert_int_equal(
        seamc_events_list(fixture->client, &params, &only_user, &err),
        SEAMC_OK);
    assert_int_equal(only_user.count, 0);

    seamc_event_release(&event);
    seamc_event_list_release(&only_user);
    seamc_event_list_release(&events);
    seamc_acs_credential_release(&credential);
    seamc_acs_user_release(&user);
}

static void latch_unlock_fails_through_the_waiter(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_credential credential = { 0 };
    struct seamc_action_attempt attempt = { 0 };
    struct seamc_action_attempt fetched = { 0 };
    struct seamc_action_attempts_list_params list_params = { 0 };
    struct seamc_action_attempt_list attempts = { 0 };
    struct seamc_action_wait_options options = { 100, 2000 };
    struct seamc_error err;
    const char *id;

    create_pin(fixture, "unlock@example.com", &user, &credential);

    /* The request is taken; the attempt has already failed. */
    assert_int_equal(seamc_acs_entrances_unlock(
                         fixture->client,
                         fixture->entrances.items[0].acs_entrance_id,
                         credential.acs_credential_id, &attempt, &err),
                     SEAMC_OK);
    assert_string_equal(attempt.action_type, "UNLOCK_DOOR");
    assert_int_equal(attempt.status, SEAMC_ACTION_ATTEMPT_ERROR);
    assert_string_equal(attempt.error_type, "not_supported");
    assert_null(attempt.result);
    id = attempt.action_attempt_id;

    /* The waiter says so with its own status and the attempt's error. */
    assert_int_equal(seamc_action_attempts_wait(fixture->client, id, &options,
                                                &fetched, &err),
                     SEAMC_EACTION_FAILED);
    assert_string_equal(err.type, "not_supported");
    assert_true(strlen(err.message) > 0);
    assert_null(fetched.raw);

    /* It is on record, by id and in the list. */
    assert_int_equal(
        seamc_action_attempts_get(fixture->client, id, &fetched, &err),
        SEAMC_OK);
    assert_string_equal(fetched.error_message, attempt.error_message);
    list_params.action_attempt_ids = &id;
    list_params.action_attempt_count = 1;
    list_params.page.all_pages = true;
    assert_int_equal(seamc_action_attempts_list(fixture->client, &list_params,
                                                &attempts, &err),
                     SEAMC_OK);
    assert_int_equal(attempts.count, 1);
    assert_string_equal(attempts.items[0].action_attempt_id, id);

    /* An unknown entrance is an API error, not an attempt. */
    seamc_action_attempt_release(&fetched);
    assert_int_equal(seamc_acs_entrances_unlock(
                         fixture->client,
                         "00000000-0000-4000-8000-000000000000",
                         credential.acs_credential_id, &fetched, &err),
                     SEAMC_EAPI);
    assert_null(fetched.raw);

    seamc_action_attempt_list_release(&attempts);
    seamc_action_attempt_release(&attempt);
    seamc_acs_credential_release(&credential);
    seamc_acs_user_release(&user);
}

static void webhooks_are_created_changed_and_deleted(void **state)
{
    struct workspace_fixture *fixture = *state;
    struct seamc_webhooks_create_params create = { 0 };
    struct seamc_webhooks_update_params update = { 0 };
    struct seamc_webhook webhook = { 0 };
    struct seamc_webhook fetched = { 0 };
    struct seamc_webhook_list webhooks = { 0 };
    static const char *const first[] = { "acs_user.created" };
    static const char *const second[] = { "acs_credential.issued",
                                          "acs_user.deleted" };
    struct seamc_error err;

    /* Nothing listens on the discard port; deliveries simply fail. */
    create.url = "http://127.0.0.1:9/seam-hooks";
    create.event_types = first;
    create.event_type_count = 1;
    assert_int_equal(
        seamc_webhooks_create(fixture->client, &create, &webhook, &err),
        SEAMC_OK);
    assert_string_equal(webhook.url, create.url);
    assert_int_equal(webhook.event_type_count, 1);
    assert_string_equal(webhook.event_types[0], "acs_user.created");
    assert_non_null(webhook.secret);
    assert_int_equal(strncmp(webhook.secret, "whsec_", 6), 0);

    assert_int_equal(seamc_webhooks_list(fixture->client, &webhooks, &err),
                     SEAMC_OK);
    assert_int_equal(webhooks.count, 1);
    assert_string_equal(webhooks.items[0].webhook_id, webhook.webhook_id);
    seamc_webhook_list_release(&webhooks);

    /* New types replace the old ones. */
    update.webhook_id = webhook.webhook_id;
    update.event_types = second;
    update.event_type_count = 2;
    assert_int_equal(seamc_webhooks_update(fixture->client, &update, &err),
                     SEAMC_OK);
    assert_int_equal(
        seamc_webhooks_get(fixture->client, webhook.webhook_id, &fetched, &err),
        SEAMC_OK);
    assert_int_equal(fetched.event_type_count, 2);
    assert_string_equal(fetched.event_types[0], "acs_credential.issued");
    assert_string_equal(fetched.event_types[1], "acs_user.deleted");
    seamc_webhook_release(&fetched);

    /* A type no webhook can have is refused by the server. */
    update.event_types = (const char *const[]){ "acs_user.teleported" };
    update.event_type_count = 1;
    assert_int_equal(seamc_webhooks_update(fixture->client, &update, &err),
                     SEAMC_EAPI);
    assert_int_equal(err.http_status, 400);

    /* Gone after delete. */
    assert_int_equal(
        seamc_webhooks_delete(fixture->client, webhook.webhook_id, &err),
        SEAMC_OK);
    assert_int_equal(
        seamc_webhooks_get(fixture->client, webhook.webhook_id, &fetched, &err),
        SEAMC_EAPI);
    assert_int_equal(err.http_status, 404);
    assert_int_equal(seamc_webhooks_list(fixture->client, &webhooks, &err),
                     SEAMC_OK);
    assert_int_equal(webhooks.count, 0);
    seamc_webhook_release(&webhook);
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
        WORKSPACE_TEST(events_record_new_users_and_credentials),
        WORKSPACE_TEST(latch_unlock_fails_through_the_waiter),
        WORKSPACE_TEST(webhooks_are_created_changed_and_deleted),
    };
    int failed;

    seamc_global_init();
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    seamc_global_cleanup();
    return failed;
}
