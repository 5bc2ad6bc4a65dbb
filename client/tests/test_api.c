/*
 * Typed calls and the paginator against the scripted loopback server:
 * what each call sends, how answers are parsed, and how paging stops.
 */

#include <stdlib.h>
#include <string.h>

#include "test_support.h"

/* ---- typed calls: request bodies ------------------------------------- */

static void credential_create_sends_latch_pin_request(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_credentials_create_params params = { 0 };
    struct seamc_acs_credential credential = { 0 };
    static const char *const entrances[] = { "e1" };
    cJSON *body;

    fake_server_queue_json(
        fixture->server, 200,
        "{\"acs_credential\":{\"acs_credential_id\":\"c1\",\"acs_user_id\":"
        "\"u1\",\"access_method\":\"code\",\"code\":\"0012345\","
        "\"external_type\":\"latch_access\",\"brand_new_field\":{\"x\":1}},"
        "\"ok\":true}");
    params.acs_user_id = "u1";
    params.access_method = SEAMC_ACCESS_METHOD_CODE;
    params.allowed_acs_entrance_ids = entrances;
    params.allowed_acs_entrance_count = 1;
    params.starts_at = "2024-07-13T16:50:42.072Z";
    params.ends_at = "2024-07-18T16:50:42.072Z";
    assert_int_equal(seamc_acs_credentials_create(fixture->client, &params,
                                                  &credential, NULL),
                     SEAMC_OK);

    /* Exactly the documented parameters, nothing more. */
    assert_string_equal(fake_server_request(fixture->server, 0)->target,
                        "/acs/credentials/create");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 5);
    assert_string_equal(cJSON_GetObjectItem(body, "access_method")->valuestring,
                        "code");
    assert_string_equal(
        cJSON_GetArrayItem(
            cJSON_GetObjectItem(body, "allowed_acs_entrance_ids"), 0)
            ->valuestring,
        "e1");
    assert_null(cJSON_GetObjectItem(body, "code"));
    cJSON_Delete(body);

    /* The PIN stays text with its leading zeros; unknown fields stay. */
    assert_string_equal(credential.acs_credential_id, "c1");
    assert_string_equal(credential.code, "0012345");
    assert_int_equal(credential.access_method, SEAMC_ACCESS_METHOD_CODE);
    assert_string_equal(credential.external_type, "latch_access");
    assert_non_null(cJSON_GetObjectItem(credential.raw, "brand_new_field"));
    seamc_acs_credential_release(&credential);
    assert_null(credential.raw);
}

static void unknown_enum_values_are_kept_as_text(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_credential credential = { 0 };

    fake_server_queue_json(
        fixture->server, 200,
        "{\"acs_credential\":{\"acs_credential_id\":\"c2\","
        "\"access_method\":\"retina_scan\",\"code\":null},\"ok\":true}");
    assert_int_equal(
        seamc_acs_credentials_get(fixture->client, "c2", &credential, NULL),
        SEAMC_OK);
    assert_int_equal(credential.access_method, SEAMC_ACCESS_METHOD_UNKNOWN);
    assert_string_equal(credential.access_method_text, "retina_scan");
    assert_null(credential.code);
    seamc_acs_credential_release(&credential);
}

static void answer_without_object_id_is_a_protocol_error(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_system system = { 0 };
    struct seamc_error err;

    fake_server_queue_json(fixture->server, 200,
                           "{\"acs_system\":{\"name\":\"x\"},\"ok\":true}");
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    assert_int_equal(
        seamc_acs_systems_get(fixture->client, "s1", &system, &err),
        SEAMC_EPROTOCOL);
    assert_null(system.raw);
    assert_int_equal(
        seamc_acs_systems_get(fixture->client, "s1", &system, &err),
        SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "acs_system"));
    assert_string_equal(err.request_id, "req_test");
}

static void update_fields_have_three_states(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_user_identities_update_params params = { 0 };
    cJSON *body;

    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    params.user_identity_id = "ui1";
    params.full_name = SEAMC_UPDATE_TO("Jane Roe");
    params.email_address = SEAMC_UPDATE_TO_NULL;
    assert_int_equal(
        seamc_user_identities_update(fixture->client, &params, NULL), SEAMC_OK);
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 3);
    assert_string_equal(cJSON_GetObjectItem(body, "full_name")->valuestring,
                        "Jane Roe");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(body, "email_address")));
    assert_false(cJSON_HasObjectItem(body, "phone_number"));
    cJSON_Delete(body);
}

static void user_schedule_update_sends_object_or_null(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_users_update_params params = { 0 };
    const cJSON *schedule;
    cJSON *body;

    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    params.user.acs_user_id = "u1";
    params.access_schedule.op = SEAMC_UPDATE_SET;
    params.access_schedule.starts_at = "2030-01-01T00:00:00Z";
    assert_int_equal(seamc_acs_users_update(fixture->client, &params, NULL),
                     SEAMC_OK);
    body = request_json(fixture, 0);
    schedule = cJSON_GetObjectItem(body, "access_schedule");
    assert_string_equal(cJSON_GetObjectItem(schedule, "starts_at")->valuestring,
                        "2030-01-01T00:00:00Z");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(schedule, "ends_at")));
    cJSON_Delete(body);

    params.access_schedule.op = SEAMC_UPDATE_NULL;
    assert_int_equal(seamc_acs_users_update(fixture->client, &params, NULL),
                     SEAMC_OK);
    body = request_json(fixture, 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(body, "access_schedule")));
    cJSON_Delete(body);
}

static void misuse_is_refused_before_anything_is_sent(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_credentials_create_params create = { 0 };
    struct seamc_acs_users_update_params update = { 0 };
    struct seamc_acs_user_ref only_identity = { NULL, "ui1", NULL };
    struct seamc_acs_credential credential = { 0 };
    struct seamc_acs_user user = { 0 };
    struct seamc_error err;

    /* No owner, then no access method, then a bad timestamp. */
    create.access_method = SEAMC_ACCESS_METHOD_CODE;
    assert_int_equal(seamc_acs_credentials_create(fixture->client, &create,
                                                  &credential, &err),
                     SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "acs_user_id"));
    create.acs_user_id = "u1";
    create.access_method = SEAMC_ACCESS_METHOD_UNKNOWN;
    assert_int_equal(seamc_acs_credentials_create(fixture->client, &create,
                                                  &credential, &err),
                     SEAMC_EINVAL);
    create.access_method = SEAMC_ACCESS_METHOD_CODE;
    create.ends_at = "next tuesday";
    assert_int_equal(seamc_acs_credentials_create(fixture->client, &create,
                                                  &credential, &err),
                     SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "ends_at"));

    /* Half a user reference; SET with no value; NULL id. */
    assert_int_equal(
        seamc_acs_users_get(fixture->client, &only_identity, &user, &err),
        SEAMC_EINVAL);
    update.user.acs_user_id = "u1";
    update.full_name.op = SEAMC_UPDATE_SET;
    assert_int_equal(seamc_acs_users_update(fixture->client, &update, &err),
                     SEAMC_EINVAL);
    assert_int_equal(seamc_acs_credentials_delete(fixture->client, NULL, &err),
                     SEAMC_EINVAL);
    assert_int_equal(fake_server_request_count(fixture->server), 0);
    assert_null(credential.raw);
    assert_null(user.raw);
}

static void api_error_from_typed_call_fills_detail(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_users_create_params params = { 0 };
    struct seamc_error err;

    fake_server_queue_json(
        fixture->server, 400,
        "{\"error\":{\"type\":\"invalid_input\",\"message\":\"bad\","
        "\"validation_errors\":{\"acs_system_id\":{\"_errors\":"
        "[\"Invalid uuid\"]}}},\"ok\":false}");
    params.acs_system_id = "nope";
    params.full_name = "Jane";
    assert_int_equal(
        seamc_acs_users_create(fixture->client, &params, &user, &err),
        SEAMC_EAPI);
    assert_string_equal(err.type, "invalid_input");
    assert_int_equal(err.validation_count, 1);
    assert_string_equal(err.validation[0].param, "acs_system_id");
    assert_string_equal(err.validation[0].message, "Invalid uuid");
    assert_null(user.raw);
}

/* ---- lists and pagination -------------------------------------------- */

static const char page_one[] =
    "{\"acs_users\":[{\"acs_user_id\":\"u1\"},{\"acs_user_id\":\"u2\"}],"
    "\"pagination\":{\"has_next_page\":true,\"next_page_cursor\":\"c2\","
    "\"next_page_url\":null},\"ok\":true}";
static const char page_two[] =
    "{\"acs_users\":[{\"acs_user_id\":\"u3\"}],"
    "\"pagination\":{\"has_next_page\":true,\"next_page_cursor\":\"c3\","
    "\"next_page_url\":null},\"ok\":true}";
static const char last_page[] =
    "{\"acs_users\":[{\"acs_user_id\":\"u4\"}],"
    "\"pagination\":{\"has_next_page\":false,\"next_page_cursor\":null,"
    "\"next_page_url\":null},\"ok\":true}";

static void one_page_list_reports_the_next_cursor(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_users_list_params params = { 0 };
    struct seamc_acs_user_list users = { 0 };
    cJSON *body;

    fake_server_queue_json(fixture->server, 200, page_one);
    params.acs_system_id = "s1";
    params.page.limit = 2;
    assert_int_equal(
        seamc_acs_users_list(fixture->client, &params, &users, NULL), SEAMC_OK);
    assert_int_equal(users.count, 2);
    assert_string_equal(users.items[1].acs_user_id, "u2");
    assert_true(users.has_next_page);
    assert_string_equal(users.next_page_cursor, "c2");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetObjectItem(body, "limit")->valueint, 2);
    cJSON_Delete(body);
    seamc_acs_user_list_release(&users);
    assert_null(users.items);
}

static void all_pages_follows_cursors_with_the_same_parameters(void **s)
{
    struct fixture *fixture = *s;
    struct seamc_acs_users_list_params params = { 0 };
    struct seamc_acs_user_list users = { 0 };
    cJSON *body;

    fake_server_queue_json(fixture->server, 200, page_one);
    fake_server_queue_json(fixture->server, 200, page_two);
    fake_server_queue_json(fixture->server, 200, last_page);
    params.acs_system_id = "s1";
    params.page.limit = 2;
    params.page.all_pages = true;
    assert_int_equal(
        seamc_acs_users_list(fixture->client, &params, &users, NULL), SEAMC_OK);
    assert_int_equal(users.count, 4);
    assert_string_equal(users.items[3].acs_user_id, "u4");
    assert_false(users.has_next_page);
    assert_int_equal(fake_server_request_count(fixture->server), 3);

    body = request_json(fixture, 0);
    assert_false(cJSON_HasObjectItem(body, "page_cursor"));
    cJSON_Delete(body);
    body = request_json(fixture, 2);
    assert_string_equal(cJSON_GetObjectItem(body, "page_cursor")->valuestring,
                        "c3");
    assert_string_equal(cJSON_GetObjectItem(body, "acs_system_id")->valuestring,
                        "s1");
    assert_int_equal(cJSON_GetObjectItem(body, "limit")->valueint, 2);
    cJSON_Delete(body);
    seamc_acs_user_list_release(&users);
}

static void repeated_cursor_stops_the_paginator(void **state)
{
    struct fixture *fixture = *state;
    seamc_paginator *paginator = NULL;
    const cJSON *items;
    struct seamc_error err;

    fake_server_queue_json(fixture->server, 200, page_one);
    /* The second page hands out "c2" again. */
    fake_server_queue_json(fixture->server, 200, page_one);
    fake_server_queue_json(fixture->server, 200, last_page);
    assert_int_equal(seamc_paginator_new(fixture->client, "/acs/users/list",
                                         NULL, NULL, &paginator, &err),
                     SEAMC_OK);
    assert_int_equal(seamc_paginator_next_page(paginator, &items, &err),
                     SEAMC_OK);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    assert_int_equal(seamc_paginator_next_page(paginator, &items, &err),
                     SEAMC_EPAGE_LOOP);
    assert_null(items);
    /* The failure sticks; nothing more is fetched. */
    assert_int_equal(seamc_paginator_next_page(paginator, &items, &err),
                     SEAMC_EPAGE_LOOP);
    assert_int_equal(err.status, SEAMC_EPAGE_LOOP);
    assert_int_equal(fake_server_request_count(fixture->server), 2);
    seamc_paginator_free(paginator);
}

static void starting_cursor_counts_as_seen(void **state)
{
    struct fixture *fixture = *state;
    seamc_paginator *paginator = NULL;
    cJSON *params = cJSON_Parse("{\"page_cursor\":\"c2\"}");
    cJSON *all = NULL;

    fake_server_queue_json(fixture->server, 200, page_one);
    assert_int_equal(seamc_paginator_new(fixture->client, "acs/users/list",
                                         params, NULL, &paginator, NULL),
                     SEAMC_OK);
    cJSON_Delete(params);
    assert_int_equal(seamc_paginator_collect(paginator, &all, NULL),
                     SEAMC_EPAGE_LOOP);
    assert_null(all);
    seamc_paginator_free(paginator);
}

static void next_item_walks_across_pages(void **state)
{
    struct fixture *fixture = *state;
    seamc_paginator *paginator = NULL;
    const cJSON *item;
    const char *expected[] = { "u1", "u2", "u3", "u4" };
    size_t i;

    fake_server_queue_json(fixture->server, 200, page_one);
    fake_server_queue_json(fixture->server, 200, page_two);
    fake_server_queue_json(fixture->server, 200, last_page);
    assert_int_equal(seamc_paginator_new(fixture->client, "/acs/users/list",
                                         NULL, "acs_users", &paginator, NULL),
                     SEAMC_OK);
    for (i = 0; i < 4; i++) {
        assert_int_equal(seamc_paginator_next_item(paginator, &item, NULL),
                         SEAMC_OK);
        assert_string_equal(
            cJSON_GetObjectItem(item, "acs_user_id")->valuestring, expected[i]);
    }
    assert_int_equal(seamc_paginator_next_item(paginator, &item, NULL),
                     SEAMC_OK);
    assert_null(item);
    assert_int_equal(seamc_paginator_page_count(paginator), 3);
    seamc_paginator_free(paginator);
}

static void page_without_pagination_or_cursor_is_refused(void **state)
{
    struct fixture *fixture = *state;
    seamc_paginator *paginator = NULL;
    const cJSON *items;
    struct seamc_acs_user_list users = { 0 };
    struct seamc_acs_users_list_params params = { 0 };
    struct seamc_error err;

    fake_server_queue_json(fixture->server, 200,
                           "{\"acs_users\":[],\"ok\":true}");
    fake_server_queue_json(fixture->server, 200,
                           "{\"acs_users\":[],\"pagination\":{"
                           "\"has_next_page\":true,\"next_page_cursor\":"
                           "null},\"ok\":true}");
    assert_int_equal(
        seamc_acs_users_list(fixture->client, &params, &users, &err),
        SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "pagination"));
    assert_int_equal(seamc_paginator_new(fixture->client, "/acs/users/list",
                                         NULL, NULL, &paginator, NULL),
                     SEAMC_OK);
    assert_int_equal(seamc_paginator_next_page(paginator, &items, &err),
                     SEAMC_EPROTOCOL);
    seamc_paginator_free(paginator);
    assert_int_equal(seamc_paginator_new(fixture->client, "/events/list", NULL,
                                         NULL, &paginator, &err),
                     SEAMC_EINVAL);
    assert_null(paginator);
}

static void unpaginated_list_parses_every_item(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_entrance_list entrances = { 0 };

    fake_server_queue_json(
        fixture->server, 200,
        "{\"acs_entrances\":[{\"acs_entrance_id\":\"e1\",\"display_name\":"
        "\"Lobby\"},{\"acs_entrance_id\":\"e2\"}],\"ok\":true}");
    assert_int_equal(seamc_acs_credentials_list_accessible_entrances(
                         fixture->client, "c1", &entrances, NULL),
                     SEAMC_OK);
    assert_int_equal(entrances.count, 2);
    assert_string_equal(entrances.items[0].display_name, "Lobby");
    assert_null(entrances.items[1].display_name);
    seamc_acs_entrance_list_release(&entrances);
}

int main(void)
{
#define FIXTURE_TEST(name)                                                     \
    cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        FIXTURE_TEST(credential_create_sends_latch_pin_request),
        FIXTURE_TEST(unknown_enum_values_are_kept_as_text),
        FIXTURE_TEST(answer_without_object_id_is_a_protocol_error),
        FIXTURE_TEST(update_fields_have_three_states),
        FIXTURE_TEST(user_schedule_update_sends_object_or_null),
        FIXTURE_TEST(misuse_is_refused_before_anything_is_sent),
        FIXTURE_TEST(api_error_from_typed_call_fills_detail),
        FIXTURE_TEST(one_page_list_reports_the_next_cursor),
        FIXTURE_TEST(all_pages_follows_cursors_with_the_same_parameters),
        FIXTURE_TEST(repeated_cursor_stops_the_paginator),
        FIXTURE_TEST(starting_cursor_counts_as_seen),
        FIXTURE_TEST(next_item_walks_across_pages),
        FIXTURE_TEST(page_without_pagination_or_cursor_is_refused),
        FIXTURE_TEST(unpaginated_list_parses_every_item),
    };
    int failed;

    seamc_global_init();
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    seamc_global_cleanup();
    return failed;
}
