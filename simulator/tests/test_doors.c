/*
 * Time, doors, events and action attempts: the simulated clock, keypads,
 * hub and door connectivity, Latch outages and Mission Control residents.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "api_helpers.h"

#define NOHUB_DOOR_2 "e2000000-0000-4000-8000-000000000002"

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

/* POSTs a printf-formatted body. */
static struct test_reply postf(struct sim_server *s, const char *path,
                               const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct test_reply postf(struct sim_server *s, const char *path,
                               const char *fmt, ...)
{
    char body[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    return test_post(s, path, body);
}

/* Creates a PIN credential; writes its id and code. */
static void make_pin(struct sim_server *s, const char *user, const char *door,
                     const char *extra, char id[40], char code[16])
{
    struct test_reply r = postf(s, "/acs/credentials/create",
                                "{\"acs_user_id\":\"%s\",\"access_method\":"
                                "\"code\",\"allowed_acs_entrance_ids\":"
                                "[\"%s\"]%s}",
                                user, door, extra);
    assert_int_equal(r.status, 200);
    snprintf(id, 40, "%s", test_str(&r, "acs_credential.acs_credential_id"));
    snprintf(code, 16, "%s", test_str(&r, "acs_credential.code"));
    test_reply_free(&r);
}

/* Types `code` at `door`; returns the reason (static buffer). */
static const char *keypad(struct sim_server *s, const char *door,
                          const char *code, bool *granted)
{
    static char reason[64];
    struct test_reply r =
        postf(s, "/_fake/latch/enter_pin",
              "{\"acs_entrance_id\":\"%s\",\"code\":\"%s\"}", door, code);
    assert_int_equal(r.status, 200);
    *granted = strcmp(test_str(&r, "keypad_entry.outcome"), "granted") == 0;
    snprintf(reason, sizeof reason, "%s", test_str(&r, "keypad_entry.reason"));
    test_reply_free(&r);
    return reason;
}

static bool is_synced(struct sim_server *s, const char *id)
{
    struct test_reply r =
        postf(s, "/acs/credentials/get", "{\"acs_credential_id\":\"%s\"}", id);
    bool synced = cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider"));
    test_reply_free(&r);
    return synced;
}

static void advance(struct sim_server *s, long long ms)
{
    struct test_reply r = postf(s, "/_fake/clock/advance", "{\"ms\":%lld}", ms);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
}

static void sync_door(struct sim_server *s, const char *door)
{
    struct test_reply r = postf(s, "/_fake/latch/sync_door",
                                "{\"acs_entrance_id\":\"%s\"}", door);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
}

/* Count of events of `type` (all time). */
static int count_events(struct sim_server *s, const char *type)
{
    struct test_reply r = postf(s, "/events/list",
                                "{\"since\":\"2000-01-01T00:00:00Z\","
                                "\"event_type\":\"%s\"}",
                                type);
    assert_int_equal(r.status, 200);
    int n = cJSON_GetArraySize(test_get(&r, "events"));
    test_reply_free(&r);
    return n;
}

static void keypad_follows_what_the_door_holds(void **state)
{
    char user[40], id[40], code[16];
    bool granted;

    snprintf(user, sizeof user, "%s",
             test_make_user(*state, NOHUB_SYSTEM, "Guest"));
    make_pin(*state, user, NOHUB_DOOR_1, "", id, code);

    /* Not at the door yet: denied, and the reason says why. */
    assert_string_equal(keypad(*state, NOHUB_DOOR_1, code, &granted),
                        "not_synced");
    assert_false(granted);
    sync_door(*state, NOHUB_DOOR_1);
    assert_string_equal(keypad(*state, NOHUB_DOOR_1, code, &granted),
                        "valid_code");
    assert_true(granted);
    /* The PIN is for one door only. */
    keypad(*state, NOHUB_DOOR_2, code, &granted);
    assert_false(granted);

    /* Deleted in the API: the door still opens until it hears of it. */
    struct test_reply r = postf(*state, "/acs/credentials/delete",
                                "{\"acs_credential_id\":\"%s\"}", id);
    test_reply_free(&r);
    keypad(*state, NOHUB_DOOR_1, code, &granted);
    assert_true(granted);
    sync_door(*state, NOHUB_DOOR_1);
    assert_string_equal(keypad(*state, NOHUB_DOOR_1, code, &granted),
                        "credential_deleted");
    assert_false(granted);
    assert_string_equal(keypad(*state, NOHUB_DOOR_1, "0000000", &granted),
                        "unknown_code");

    assert_int_equal(count_events(*state, "lock.unlocked"), 2);
    assert_int_equal(count_events(*state, "lock.access_denied"), 4);
    assert_int_equal(count_events(*state, "acs_credential.issued"), 1);
    assert_int_equal(count_events(*state, "acs_credential.deleted"), 1);
}

static void hub_delay_runs_on_the_simulated_clock(void **state)
{
    static const char fixture[] =
        "{\"workspaces\":[{\"name\":\"w\",\"api_keys\":[\"seam_slow_hub\"],"
        "\"acs_systems\":[{\"acs_system_id\":\"33333333-3333-4333-8333-"
        "333333333333\",\"name\":\"b\",\"latch\":{\"hub_installed\":true,"
        "\"hub_sync_delay_seconds\":60},\"acs_entrances\":[{"
        "\"acs_entrance_id\":\"e3000000-0000-4000-8000-000000000001\","
        "\"display_name\":\"d\"}]}]}]}";
    struct sim_server_config config = { .fixture_json = fixture };
    char err[256], body[512], id[40];
    struct sim_server *s = sim_server_new(&config, err, sizeof err);

    assert_non_null(s);
    struct test_reply r =
        test_call(s, "POST", "/_fake/clock/freeze", NULL, "seam_slow_hub",
                  "{\"at\":\"2030-01-01T00:00:00Z\"}");
    assert_int_equal(r.status, 200);
    assert_true(cJSON_IsTrue(test_get(&r, "clock.is_frozen")));
    test_reply_free(&r);
    r = test_call(s, "POST", "/acs/users/create", NULL, "seam_slow_hub",
                  "{\"acs_system_id\":\"33333333-3333-4333-8333-"
                  "333333333333\",\"full_name\":\"Slow\"}");
    snprintf(body, sizeof body,
             "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
             "\"allowed_acs_entrance_ids\":"
             "[\"e3000000-0000-4000-8000-000000000001\"]}",
             test_str(&r, "acs_user.acs_user_id"));
    test_reply_free(&r);
    r = test_call(s, "POST", "/acs/credentials/create", NULL, "seam_slow_hub",
                  body);
    snprintf(id, sizeof id, "%s",
             test_str(&r, "acs_credential.acs_credential_id"));
    assert_false(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    test_reply_free(&r);

    /* 59 s later still travelling; at 60 s it has arrived. */
    snprintf(body, sizeof body, "{\"acs_credential_id\":\"%s\"}", id);
    r = test_call(s, "POST", "/_fake/clock/advance", NULL, "seam_slow_hub",
                  "{\"seconds\":59}");
    test_reply_free(&r);
    r = test_call(s, "POST", "/acs/credentials/get", NULL, "seam_slow_hub",
                  body);
    assert_false(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    test_reply_free(&r);
    r = test_call(s, "POST", "/_fake/clock/advance", NULL, "seam_slow_hub",
                  "{\"ms\":1000}");
    test_reply_free(&r);
    r = test_call(s, "POST", "/acs/credentials/get", NULL, "seam_slow_hub",
                  body);
    assert_true(cJSON_IsTrue(test_get(
        &r, "acs_credential.is_latest_desired_state_synced_with_provider")));
    assert_string_equal(
        test_str(&r,
                 "acs_credential.latest_desired_state_synced_with_provider_at"),
        "2030-01-01T00:01:00.000Z");
    test_reply_free(&r);

    /* The issued event says when it happened, not when it was noticed. */
    r = test_call(s, "POST", "/events/list", NULL, "seam_slow_hub",
                  "{\"since\":\"2000-01-01T00:00:00Z\",\"event_type\":"
                  "\"acs_credential.issued\"}");
    assert_string_equal(test_str(&r, "events.0.occurred_at"),
                        "2030-01-01T00:01:00.000Z");
    test_reply_free(&r);

    /* The clock never runs backwards. */
    r = test_call(s, "POST", "/_fake/clock/set", NULL, "seam_slow_hub",
                  "{\"now\":\"2029-01-01T00:00:00Z\"}");
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
    sim_server_free(s);
}

static void changes_wait_while_the_path_is_down(void **state)
{
    char user[40], id[40], code[16];
    bool granted;

    snprintf(user, sizeof user, "%s",
             test_make_user(*state, HUB_SYSTEM, "Resident"));

    /* Hub offline: nothing reaches the doors. */
    struct test_reply r = test_post(*state, "/_fake/latch/set_hub",
                                    "{\"acs_system_id\":\"" HUB_SYSTEM
                                    "\",\"hub_online\":false}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    make_pin(*state, user, HUB_DOOR_1, "", id, code);
    assert_false(is_synced(*state, id));
    advance(*state, 3600 * 1000);
    assert_false(is_synced(*state, id));
    r = test_post(*state, "/_fake/latch/set_hub",
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"hub_online\":true}");
    test_reply_free(&r);
    assert_true(is_synced(*state, id));
    keypad(*state, HUB_DOOR_1, code, &granted);
    assert_true(granted);

    /* A door that drops off misses changes until it is back. */
    r = test_post(*state, "/_fake/latch/set_door",
                  "{\"acs_entrance_id\":\"" HUB_DOOR_2
                  "\",\"is_connected\":false}");
    assert_false(
        cJSON_IsTrue(test_get(&r, "acs_entrance.latch_metadata.is_connected")));
    test_reply_free(&r);
    make_pin(*state, user, HUB_DOOR_2, "", id, code);
    assert_false(is_synced(*state, id));
    r = test_post(*state, "/_fake/latch/set_door",
                  "{\"acs_entrance_id\":\"" HUB_DOOR_2
                  "\",\"is_connected\":true}");
    test_reply_free(&r);
    assert_true(is_synced(*state, id));

    /* Removing the hub turns the building into a manual-sync one. */
    r = test_post(*state, "/_fake/latch/set_hub",
                  "{\"acs_system_id\":\"" HUB_SYSTEM
                  "\",\"hub_installed\":false}");
    test_reply_free(&r);
    make_pin(*state, user, HUB_DOOR_1, "", id, code);
    assert_false(is_synced(*state, id));
    sync_door(*state, HUB_DOOR_1);
    assert_true(is_synced(*state, id));
}

static void suspension_reaches_the_door_with_the_next_sync(void **state)
{
    char user[40], id[40], code[16];
    bool granted;

    snprintf(user, sizeof user, "%s",
             test_make_user(*state, NOHUB_SYSTEM, "Tenant"));
    make_pin(*state, user, NOHUB_DOOR_1, "", id, code);
    sync_door(*state, NOHUB_DOOR_1);
    struct test_reply r =
        postf(*state, "/acs/users/suspend", "{\"acs_user_id\":\"%s\"}", user);
    test_reply_free(&r);

    /* The door has not heard yet, so the PIN still works. */
    keypad(*state, NOHUB_DOOR_1, code, &granted);
    assert_true(granted);
    sync_door(*state, NOHUB_DOOR_1);
    assert_string_equal(keypad(*state, NOHUB_DOOR_1, code, &granted),
                        "user_suspended");
    assert_false(granted);

    r = postf(*state, "/acs/users/unsuspend", "{\"acs_user_id\":\"%s\"}", user);
    test_reply_free(&r);
    sync_door(*state, NOHUB_DOOR_1);
    keypad(*state, NOHUB_DOOR_1, code, &granted);
    assert_true(granted);
}

static void schedule_windows_and_expiry(void **state)
{
    char user[40], id[40], code[16];
    bool granted;

    struct test_reply r = test_post(*state, "/_fake/clock/freeze",
                                    "{\"at\":\"2030-06-01T12:00:00Z\"}");
    test_reply_free(&r);
    snprintf(user, sizeof user, "%s",
             test_make_user(*state, HUB_SYSTEM, "Visitor"));
    make_pin(*state, user, HUB_DOOR_1,
             ",\"starts_at\":\"2030-06-02T00:00:00Z\","
             "\"ends_at\":\"2030-06-03T00:00:00Z\"",
             id, code);

    /* Before starts_at, during, and after ends_at. */
    assert_string_equal(keypad(*state, HUB_DOOR_1, code, &granted),
                        "outside_window");
    assert_false(granted);
    r = test_post(*state, "/_fake/clock/set",
                  "{\"now\":\"2030-06-02T08:00:00Z\"}");
    test_reply_free(&r);
    keypad(*state, HUB_DOOR_1, code, &granted);
    assert_true(granted);
    assert_int_equal(count_events(*state, "acs_credential.invalidated"), 0);
    advance(*state, 24LL * 3600 * 1000);
    assert_string_equal(keypad(*state, HUB_DOOR_1, code, &granted),
                        "outside_window");
    assert_false(granted);

    /* Expiry is announced once, at ends_at; the credential stays. */
    r = test_post(*state, "/events/list",
                  "{\"since\":\"2000-01-01T00:00:00Z\",\"event_type\":"
                  "\"acs_credential.invalidated\"}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "events")), 1);
    assert_string_equal(test_str(&r, "events.0.occurred_at"),
                        "2030-06-03T00:00:00.000Z");
    assert_string_equal(test_str(&r, "events.0.acs_credential_id"), id);
    test_reply_free(&r);
    advance(*state, 1000);
    assert_int_equal(count_events(*state, "acs_credential.invalidated"), 1);
    r = postf(*state, "/acs/credentials/get", "{\"acs_credential_id\":\"%s\"}",
              id);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
}

static void events_list_rules_and_filters(void **state)
{
    char a[40], b[40], id[40], code[16];

    snprintf(a, sizeof a, "%s", test_make_user(*state, HUB_SYSTEM, "A"));
    snprintf(b, sizeof b, "%s", test_make_user(*state, HUB_SYSTEM, "B"));
    make_pin(*state, a, HUB_DOOR_1, "", id, code);

    /* since or between is required, not both. */
    struct test_reply r = test_post(*state, "/events/list", "{}");
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
    r = test_post(*state, "/events/list",
                  "{\"since\":\"2000-01-01T00:00:00Z\",\"between\":"
                  "[\"2000-01-01T00:00:00Z\",\"2100-01-01T00:00:00Z\"]}");
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
    r = test_post(*state, "/events/list", "{\"between\":[\"2000-01-01\"]}");
    assert_int_equal(r.status, 400);
    test_reply_free(&r);

    /* A user's events include its credential's (filtered by reference). */
    r = postf(*state, "/events/list",
              "{\"between\":[\"2000-01-01T00:00:00Z\","
              "\"2100-01-01T00:00:00+01:00\"],\"acs_user_id\":\"%s\"}",
              a);
    const cJSON *events = test_get(&r, "events");
    assert_int_equal(cJSON_GetArraySize(events), 2);
    assert_string_equal(test_str(&r, "events.0.event_type"),
                        "acs_user.created");
    assert_string_equal(test_str(&r, "events.1.event_type"),
                        "acs_credential.issued");
    char event_id[40];
    snprintf(event_id, sizeof event_id, "%s",
             test_str(&r, "events.1.event_id"));
    test_reply_free(&r);

    r = test_call(*state, "GET", "/events/list",
                  "since=2000-01-01T00:00:00Z&event_types=acs_user.created"
                  "&limit=1",
                  TEST_KEY, NULL);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "events")), 1);
    test_reply_free(&r);

    r = postf(*state, "/events/get", "{\"event_id\":\"%s\"}", event_id);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "event.acs_credential_id"), id);
    assert_null(test_get(&r, "event.acs_user_id"));
    test_reply_free(&r);
    r = test_post(*state, "/events/get",
                  "{\"event_id\":\"00000000-0000-4000-8000-000000000000\"}");
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "event_not_found");
    test_reply_free(&r);

    /* Deleting a user announces its credentials and itself. */
    r = postf(*state, "/acs/users/delete", "{\"acs_user_id\":\"%s\"}", a);
    test_reply_free(&r);
    assert_int_equal(count_events(*state, "acs_credential.deleted"), 1);
    assert_int_equal(count_events(*state, "acs_user.deleted"), 1);
    assert_int_equal(count_events(*state, "acs_user.created"), 2);
}

static void remote_unlock_fails_as_an_action_attempt(void **state)
{
    char user[40], id[40], code[16], attempt[40];

    snprintf(user, sizeof user, "%s", test_make_user(*state, HUB_SYSTEM, "U"));
    make_pin(*state, user, HUB_DOOR_1, "", id, code);
    struct test_reply r = postf(*state, "/acs/entrances/unlock",
                                "{\"acs_entrance_id\":\"" HUB_DOOR_1
                                "\",\"acs_credential_id\":\"%s\"}",
                                id);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "action_attempt.action_type"),
                        "UNLOCK_DOOR");
    assert_string_equal(test_str(&r, "action_attempt.status"), "error");
    assert_true(cJSON_IsNull(test_get(&r, "action_attempt.result")));
    assert_string_equal(test_str(&r, "action_attempt.error.type"),
                        "not_supported");
    snprintf(attempt, sizeof attempt, "%s",
             test_str(&r, "action_attempt.action_attempt_id"));
    test_reply_free(&r);

    r = postf(*state, "/action_attempts/get", "{\"action_attempt_id\":\"%s\"}",
              attempt);
    assert_string_equal(test_str(&r, "action_attempt.status"), "error");
    test_reply_free(&r);
    r = test_post(*state, "/action_attempts/list", "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "action_attempts")), 1);
    assert_non_null(test_get(&r, "pagination"));
    test_reply_free(&r);
    r = test_post(*state, "/action_attempts/get",
                  "{\"action_attempt_id\":"
                  "\"00000000-0000-4000-8000-000000000000\"}");
    assert_int_equal(r.status, 404);
    test_reply_free(&r);
}

static void latch_outage_holds_changes_and_blocks_sync(void **state)
{
    char user[40], id[40], code[16];

    struct test_reply r =
        test_post(*state, "/_fake/latch/set_outage",
                  "{\"acs_system_id\":\"" NOHUB_SYSTEM "\",\"active\":true}");
    assert_string_equal(test_str(&r, "acs_system.errors.0.error_code"),
                        "provider_service_unavailable");
    test_reply_free(&r);
    snprintf(user, sizeof user, "%s",
             test_make_user(*state, NOHUB_SYSTEM, "Out"));
    make_pin(*state, user, NOHUB_DOOR_1, "", id, code);
    r = postf(*state, "/_fake/latch/sync_door",
              "{\"acs_entrance_id\":\"" NOHUB_DOOR_1 "\"}");
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "latch_cloud_unavailable");
    test_reply_free(&r);

    r = test_post(*state, "/_fake/latch/set_outage",
                  "{\"acs_system_id\":\"" NOHUB_SYSTEM "\",\"active\":false}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_system.errors")), 0);
    test_reply_free(&r);
    sync_door(*state, NOHUB_DOOR_1);
    assert_true(is_synced(*state, id));
    assert_int_equal(count_events(*state, "acs_system.disconnected"), 1);
    assert_int_equal(count_events(*state, "acs_system.connected"), 1);
}

static void mission_control_residents(void **state)
{
    struct test_reply r = test_post(*state, "/_fake/latch/add_resident",
                                    "{\"acs_system_id\":\"" HUB_SYSTEM
                                    "\",\"full_name\":\"Old Timer\","
                                    "\"email_address\":\"old@example.com\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_user.warnings.0.warning_code"),
                        "latch_resident_user");
    test_reply_free(&r);

    r = test_post(*state, "/acs/users/create",
                  "{\"acs_system_id\":\"" HUB_SYSTEM "\",\"full_name\":\"Old "
                  "Timer\",\"email_address\":\"OLD@example.com\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "acs_user.errors.0.error_code"),
                        "latch_conflict_with_resident_user");
    test_reply_free(&r);

    /* The other building has no such resident. */
    r = test_post(*state, "/acs/users/create",
                  "{\"acs_system_id\":\"" NOHUB_SYSTEM "\",\"full_name\":\"Old "
                  "Timer\",\"email_address\":\"old@example.com\"}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "acs_user.errors")), 0);
    test_reply_free(&r);
}

static void injected_faults(void **state)
{
    /* One 429 with Retry-After, then normal service. */
    struct test_reply r = test_post(*state, "/_fake/faults/set",
                                    "{\"route\":\"/acs/systems/list\","
                                    "\"status\":429,\"retry_after_seconds\":7,"
                                    "\"times\":1}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    r = test_post(*state, "/acs/systems/list", "{}");
    assert_int_equal(r.status, 429);
    assert_int_equal(r.retry_after_s, 7);
    assert_string_equal(test_error_type(&r), "rate_limit_exceeded");
    test_reply_free(&r);
    r = test_post(*state, "/acs/systems/list", "{}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);

    /* Every route fails with 503 until cleared; control routes do not. */
    r = test_post(*state, "/_fake/faults/set",
                  "{\"route\":\"*\",\"status\":503}");
    test_reply_free(&r);
    r = test_post(*state, "/acs/users/list", "{}");
    assert_int_equal(r.status, 503);
    assert_string_equal(test_error_type(&r), "service_unavailable");
    test_reply_free(&r);
    r = test_post(*state, "/_fake/faults/list", "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "faults")), 1);
    test_reply_free(&r);
    r = test_post(*state, "/_fake/faults/clear", "{}");
    test_reply_free(&r);
    r = test_post(*state, "/acs/users/list", "{}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);

    /* A zero chance never hits; bad rules are refused. */
    r = test_post(*state, "/_fake/faults/set",
                  "{\"route\":\"*\",\"status\":500,\"probability\":0}");
    test_reply_free(&r);
    for (int i = 0; i < 20; i++) {
        r = test_post(*state, "/acs/systems/list", "{}");
        assert_int_equal(r.status, 200);
        test_reply_free(&r);
    }
    const char *bad[] = {
        "{\"route\":\"*\",\"status\":418}",
        "{\"route\":\"acs\",\"status\":500}",
        "{\"route\":\"*\",\"status\":500,\"probability\":2}",
        "{\"route\":\"*\"}",
        "{\"status\":500}",
        "{\"route\":\"*\",\"latency_ms\":999999}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = test_post(*state, "/_fake/faults/set", bad[i]);
        assert_int_equal(r.status, 400);
        test_reply_free(&r);
    }
}

static void control_routes_refuse_what_cannot_work(void **state)
{
    const char *cases[][2] = {
        /* The clock stops short of the last writable year. */
        { "/_fake/clock/set", "{\"now\":\"9999-12-31T23:59:59.999Z\"}" },
        { "/_fake/clock/advance", "{\"seconds\":1,\"ms\":1}" },
        { "/_fake/clock/advance", "{\"seconds\":-5}" },
        /* A fault on a route that does not exist would never fire. */
        { "/_fake/faults/set", "{\"route\":\"/acs/*\",\"status\":500}" },
        { "/_fake/faults/set",
          "{\"route\":\"/_fake/clock/get\",\"status\":500}" },
        { "/_fake/faults/set",
          "{\"route\":\"/acs/users/list/\",\"status\":500}" },
        /* Keyless routes never see a workspace's faults. */
        { "/_fake/faults/set", "{\"route\":\"/health\",\"status\":503}" },
        /* A building without a hub has none to take online. */
        { "/_fake/latch/set_hub",
          "{\"acs_system_id\":\"" NOHUB_SYSTEM "\",\"hub_online\":true}" },
        { "/_fake/latch/set_hub", "{\"acs_system_id\":\"" NOHUB_SYSTEM "\"}" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct test_reply r = test_post(*state, cases[i][0], cases[i][1]);
        if (r.status != 400)
            fail_msg("%s %s -> %d", cases[i][0], cases[i][1], r.status);
        test_reply_free(&r);
    }

    /* The latest allowed time is fine, and reads back as set. */
    struct test_reply r = test_post(*state, "/_fake/clock/freeze",
                                    "{\"at\":\"9998-12-31T00:00:00Z\"}");
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "clock.now"), "9998-12-31T00:00:00.000Z");
    test_reply_free(&r);
}

static void extending_an_expired_credential_rearms_its_expiry(void **state)
{
    char user[40], id[40], code[16];

    struct test_reply r = test_post(*state, "/_fake/clock/freeze",
                                    "{\"at\":\"2031-01-01T00:00:00Z\"}");
    test_reply_free(&r);
    snprintf(user, sizeof user, "%s",
             test_make_user(*state, HUB_SYSTEM, "Stay Longer"));
    make_pin(*state, user, HUB_DOOR_1, ",\"ends_at\":\"2031-01-02T00:00:00Z\"",
             id, code);
    advance(*state, 2LL * 24 * 3600 * 1000);
    assert_int_equal(count_events(*state, "acs_credential.invalidated"), 1);

    r = postf(*state, "/acs/credentials/update",
              "{\"acs_credential_id\":\"%s\",\"ends_at\":"
              "\"2031-01-05T00:00:00Z\"}",
              id);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    bool granted;
    keypad(*state, HUB_DOOR_1, code, &granted);
    assert_true(granted);
    advance(*state, 3LL * 24 * 3600 * 1000);
    assert_int_equal(count_events(*state, "acs_credential.invalidated"), 2);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(keypad_follows_what_the_door_holds),
        cmocka_unit_test(hub_delay_runs_on_the_simulated_clock),
        T(changes_wait_while_the_path_is_down),
        T(suspension_reaches_the_door_with_the_next_sync),
        T(schedule_windows_and_expiry),
        T(events_list_rules_and_filters),
        T(remote_unlock_fails_as_an_action_attempt),
        T(latch_outage_holds_changes_and_blocks_sync),
        T(mission_control_residents),
        T(injected_faults),
        T(control_routes_refuse_what_cannot_work),
        T(extending_an_expired_credential_rearms_its_expiry),
    };
    return cmocka_run_group_tests_name("doors", tests, NULL, NULL);
}
