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

/* ---- events ---------------------------------------------------------- */

static void events_list_sends_window_and_filters(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_events_list_params params = { 0 };
    struct seamc_event_list events = { 0 };
    static const char *const types[] = { "acs_user.created",
                                         "acs_credential.issued" };
    const cJSON *sent_types;
    cJSON *body;

    fake_server_queue_json(
        fixture->server, 200,
        "{\"events\":[{\"event_id\":\"ev1\",\"event_type\":"
        "\"acs_user.created\",\"workspace_id\":\"w1\",\"created_at\":"
        "\"2030-01-01T00:00:01.000Z\",\"occurred_at\":"
        "\"2030-01-01T00:00:00.500Z\",\"acs_user_id\":\"u1\","
        "\"acs_system_id\":\"s1\",\"new_field\":[1,2]},"
        "{\"event_id\":\"ev2\",\"event_type\":\"acs_credential.issued\","
        "\"acs_credential_id\":\"c1\",\"acs_user_id\":null}],\"ok\":true}");
    params.since = "2030-01-01T00:00:00Z";
    params.acs_system_id = "s1";
    params.event_types = types;
    params.event_type_count = 2;
    params.limit = 20;
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, NULL),
                     SEAMC_OK);

    /* Exactly the parameters set; no paging keys on this route. */
    assert_string_equal(fake_server_request(fixture->server, 0)->target,
                        "/events/list");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 4);
    assert_string_equal(cJSON_GetObjectItem(body, "since")->valuestring,
                        "2030-01-01T00:00:00Z");
    assert_string_equal(cJSON_GetObjectItem(body, "acs_system_id")->valuestring,
                        "s1");
    assert_int_equal(cJSON_GetObjectItem(body, "limit")->valueint, 20);
    sent_types = cJSON_GetObjectItem(body, "event_types");
    assert_int_equal(cJSON_GetArraySize(sent_types), 2);
    assert_string_equal(cJSON_GetArrayItem(sent_types, 1)->valuestring,
                        "acs_credential.issued");
    cJSON_Delete(body);

    /* Common fields, the ids each type names, and what we don't know. */
    assert_int_equal(events.count, 2);
    assert_string_equal(events.items[0].event_id, "ev1");
    assert_string_equal(events.items[0].event_type, "acs_user.created");
    assert_string_equal(events.items[0].workspace_id, "w1");
    assert_string_equal(events.items[0].occurred_at,
                        "2030-01-01T00:00:00.500Z");
    assert_string_equal(events.items[0].acs_user_id, "u1");
    assert_null(events.items[0].acs_credential_id);
    assert_non_null(cJSON_GetObjectItem(events.items[0].raw, "new_field"));
    assert_string_equal(events.items[1].acs_credential_id, "c1");
    assert_null(events.items[1].acs_user_id);
    seamc_event_list_release(&events);
    assert_null(events.items);
    assert_int_equal(events.count, 0);
}

static void events_list_window_is_since_or_between(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_events_list_params params = { 0 };
    struct seamc_event_list events = { 0 };
    struct seamc_error err;
    const cJSON *between;
    cJSON *body;

    /* Neither, both, half a window, a bad time, no params at all. */
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "since"));
    params.since = "2030-01-01T00:00:00Z";
    params.between[0] = "2030-01-01T00:00:00Z";
    params.between[1] = "2030-01-02T00:00:00Z";
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_EINVAL);
    params.since = NULL;
    params.between[1] = NULL;
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "between"));
    params.between[1] = "yesterday";
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_EINVAL);
    assert_int_equal(seamc_events_list(fixture->client, NULL, &events, &err),
                     SEAMC_EINVAL);
    params.between[1] = "2030-01-02T00:00:00Z";
    params.limit = -1;
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_EINVAL);
    assert_int_equal(fake_server_request_count(fixture->server), 0);

    /* A good window goes out as an array of two. */
    params.limit = 0;
    fake_server_queue_json(fixture->server, 200, "{\"events\":[],\"ok\":true}");
    assert_int_equal(seamc_events_list(fixture->client, &params, &events, &err),
                     SEAMC_OK);
    assert_int_equal(events.count, 0);
    assert_null(events.items);
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 1);
    between = cJSON_GetObjectItem(body, "between");
    assert_int_equal(cJSON_GetArraySize(between), 2);
    assert_string_equal(cJSON_GetArrayItem(between, 0)->valuestring,
                        "2030-01-01T00:00:00Z");
    assert_string_equal(cJSON_GetArrayItem(between, 1)->valuestring,
                        "2030-01-02T00:00:00Z");
    cJSON_Delete(body);
}

static void events_get_needs_event_and_its_type(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_event_ref by_type = { NULL, "acs_user.deleted" };
    struct seamc_event_ref both = { "ev1", "acs_user.deleted" };
    struct seamc_event event = { 0 };
    struct seamc_error err;
    cJSON *body;

    assert_int_equal(seamc_events_get(fixture->client, &both, &event, &err),
                     SEAMC_EINVAL);
    assert_int_equal(seamc_events_get(fixture->client, NULL, &event, &err),
                     SEAMC_EINVAL);
    assert_int_equal(fake_server_request_count(fixture->server), 0);

    fake_server_queue_json(fixture->server, 200,
                           "{\"event\":{\"event_id\":\"ev9\",\"event_type\":"
                           "\"acs_user.deleted\"},\"ok\":true}");
    fake_server_queue_json(fixture->server, 200,
                           "{\"message\":\"nothing\",\"ok\":true}");
    fake_server_queue_json(fixture->server, 200,
                           "{\"event\":{\"event_id\":\"ev9\"},\"ok\":true}");
    assert_int_equal(seamc_events_get(fixture->client, &by_type, &event, &err),
                     SEAMC_OK);
    assert_string_equal(event.event_id, "ev9");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 1);
    assert_string_equal(cJSON_GetObjectItem(body, "event_type")->valuestring,
                        "acs_user.deleted");
    cJSON_Delete(body);
    seamc_event_release(&event);

    /* No event in the answer; an event without its type. */
    assert_int_equal(seamc_events_get(fixture->client, &by_type, &event, &err),
                     SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "event"));
    assert_int_equal(seamc_events_get(fixture->client, &by_type, &event, &err),
                     SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "event_type"));
    assert_null(event.raw);
}

/* ---- action attempts and the waiter ----------------------------------- */

#define ATTEMPT(status, rest)                                                  \
    "{\"action_attempt\":{\"action_attempt_id\":\"aa1\",\"action_type\":"      \
    "\"UNLOCK_DOOR\",\"status\":\"" status "\"," rest "},\"ok\":true}"
static const char attempt_pending[] =
    ATTEMPT("pending", "\"result\":null,\"error\":null");
static const char attempt_success[] = ATTEMPT(
    "success", "\"result\":{\"was_confirmed_by_device\":true},\"error\":null");
static const char attempt_error[] =
    ATTEMPT("error", "\"result\":null,\"error\":{\"type\":\"not_supported\","
                     "\"message\":\"no remote unlock\"}");

static void unlock_sends_both_ids_and_parses_the_attempt(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_action_attempt attempt = { 0 };
    struct seamc_error err;
    cJSON *body;

    assert_int_equal(
        seamc_acs_entrances_unlock(fixture->client, "e1", NULL, &attempt, &err),
        SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "acs_credential_id"));
    assert_int_equal(fake_server_request_count(fixture->server), 0);

    fake_server_queue_json(fixture->server, 200, attempt_error);
    assert_int_equal(
        seamc_acs_entrances_unlock(fixture->client, "e1", "c1", &attempt, &err),
        SEAMC_OK);
    assert_string_equal(fake_server_request(fixture->server, 0)->target,
                        "/acs/entrances/unlock");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 2);
    assert_string_equal(
        cJSON_GetObjectItem(body, "acs_entrance_id")->valuestring, "e1");
    assert_string_equal(
        cJSON_GetObjectItem(body, "acs_credential_id")->valuestring, "c1");
    cJSON_Delete(body);

    assert_string_equal(attempt.action_attempt_id, "aa1");
    assert_string_equal(attempt.action_type, "UNLOCK_DOOR");
    assert_int_equal(attempt.status, SEAMC_ACTION_ATTEMPT_ERROR);
    assert_string_equal(attempt.status_text, "error");
    assert_null(attempt.result);
    assert_string_equal(attempt.error_type, "not_supported");
    assert_string_equal(attempt.error_message, "no remote unlock");
    seamc_action_attempt_release(&attempt);
    assert_null(attempt.raw);
}

static void action_attempt_status_names_round_trip(void **state)
{
    (void)state;
    assert_string_equal(
        seamc_action_attempt_status_name(SEAMC_ACTION_ATTEMPT_PENDING),
        "pending");
    assert_null(seamc_action_attempt_status_name(SEAMC_ACTION_ATTEMPT_UNKNOWN));
    assert_null(
        seamc_action_attempt_status_name((enum seamc_action_attempt_status)9));
    assert_int_equal(seamc_action_attempt_status_from_name("success"),
                     SEAMC_ACTION_ATTEMPT_SUCCESS);
    assert_int_equal(seamc_action_attempt_status_from_name("error"),
                     SEAMC_ACTION_ATTEMPT_ERROR);
    assert_int_equal(seamc_action_attempt_status_from_name("queued"),
                     SEAMC_ACTION_ATTEMPT_UNKNOWN);
    assert_int_equal(seamc_action_attempt_status_from_name(NULL),
                     SEAMC_ACTION_ATTEMPT_UNKNOWN);
    assert_string_equal(seamc_errname(SEAMC_EACTION_FAILED),
                        "SEAMC_EACTION_FAILED");
    assert_int_equal(SEAMC_EACTION_TIMEOUT, 41);
}

static void action_attempts_list_pages_with_ids(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_action_attempts_list_params params = { 0 };
    struct seamc_action_attempt_list attempts = { 0 };
    static const char *const ids[] = { "aa1", "aa2" };
    struct seamc_error err;
    cJSON *body;

    fake_server_queue_json(
        fixture->server, 200,
        "{\"action_attempts\":[{\"action_attempt_id\":\"aa1\",\"status\":"
        "\"success\",\"action_type\":\"UNLOCK_DOOR\",\"result\":{},"
        "\"error\":null}],\"pagination\":{\"has_next_page\":true,"
        "\"next_page_cursor\":\"p2\",\"next_page_url\":null},\"ok\":true}");
    fake_server_queue_json(fixture->server, 200,
                           "{\"action_attempts\":[],\"ok\":true}");
    params.action_attempt_ids = ids;
    params.action_attempt_count = 2;
    params.page.limit = 1;
    assert_int_equal(
        seamc_action_attempts_list(fixture->client, &params, &attempts, &err),
        SEAMC_OK);
    assert_int_equal(attempts.count, 1);
    assert_int_equal(attempts.items[0].status, SEAMC_ACTION_ATTEMPT_SUCCESS);
    assert_non_null(attempts.items[0].result);
    assert_true(attempts.has_next_page);
    assert_string_equal(attempts.next_page_cursor, "p2");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 2);
    assert_int_equal(
        cJSON_GetArraySize(cJSON_GetObjectItem(body, "action_attempt_ids")), 2);
    cJSON_Delete(body);
    seamc_action_attempt_list_release(&attempts);
    assert_null(attempts.next_page_cursor);

    /* A paginated route must say where the pages stop. */
    assert_int_equal(
        seamc_action_attempts_list(fixture->client, NULL, &attempts, &err),
        SEAMC_EPROTOCOL);
    assert_null(attempts.items);
}

static void waiter_polls_pending_until_success(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_action_attempt attempt = { 0 };
    struct seamc_error err;
    size_t i;

    fake_server_queue_json(fixture->server, 200, attempt_pending);
    fake_server_queue_json(fixture->server, 200, attempt_pending);
    fake_server_queue_json(fixture->server, 200, attempt_success);
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1", NULL,
                                                &attempt, &err),
                     SEAMC_OK);
    assert_int_equal(attempt.status, SEAMC_ACTION_ATTEMPT_SUCCESS);
    assert_true(cJSON_IsTrue(
        cJSON_GetObjectItem(attempt.result, "was_confirmed_by_device")));
    assert_null(attempt.error_type);

    /* Three gets of the same attempt, a second apart (the SDK default). */
    assert_int_equal(fake_server_request_count(fixture->server), 3);
    for (i = 0; i < 3; i++) {
        cJSON *body = request_json(fixture, i);

        assert_string_equal(fake_server_request(fixture->server, i)->target,
                            "/action_attempts/get");
        assert_string_equal(
            cJSON_GetObjectItem(body, "action_attempt_id")->valuestring, "aa1");
        cJSON_Delete(body);
    }
    assert_int_equal(fixture->delays.count, 2);
    assert_int_equal(fixture->delays.delays[0],
                     SEAMC_DEFAULT_ACTION_POLL_INTERVAL_MS);
    assert_int_equal(fixture->delays.delays[1],
                     SEAMC_DEFAULT_ACTION_POLL_INTERVAL_MS);
    seamc_action_attempt_release(&attempt);
}

static void waiter_reports_a_failed_attempt(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_action_wait_options options = { 250, 5000 };
    struct seamc_action_attempt attempt = { 0 };
    struct seamc_error err;

    fake_server_queue_json(fixture->server, 200, attempt_pending);
    fake_server_queue_json(fixture->server, 200, attempt_error);
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1",
                                                &options, &attempt, &err),
                     SEAMC_EACTION_FAILED);
    assert_int_equal(err.status, SEAMC_EACTION_FAILED);
    assert_string_equal(err.type, "not_supported");
    assert_string_equal(err.message, "no remote unlock");
    assert_null(attempt.raw);
    assert_int_equal(fake_server_request_count(fixture->server), 2);
    assert_int_equal(fixture->delays.count, 1);
    assert_int_equal(fixture->delays.delays[0], 250);
}

static void waiter_gives_up_at_the_timeout(void **state)
{
    struct fixture *fixture = *state;
    /* Long enough that real request time never outruns the pauses. */
    struct seamc_action_wait_options options = { 1000, 2500 };
    struct seamc_action_attempt attempt = { 0 };
    struct seamc_error err;
    size_t i;

    for (i = 0; i < 6; i++) {
        fake_server_queue_json(fixture->server, 200, attempt_pending);
    }
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1",
                                                &options, &attempt, &err),
                     SEAMC_EACTION_TIMEOUT);
    assert_non_null(strstr(err.message, "pending"));
    assert_null(attempt.raw);

    /* Polls at 0, 1000, 2000 and, last, on the deadline at 2500. */
    assert_int_equal(fake_server_request_count(fixture->server), 4);
    assert_int_equal(fixture->delays.count, 3);
    assert_int_equal(fixture->delays.delays[0], 1000);
    assert_int_equal(fixture->delays.delays[1], 1000);
    assert_int_equal(fixture->delays.delays[2], 500);
}

static void waiter_refuses_bad_answers_and_input(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_action_wait_options negative = { -1, 0 };
    struct seamc_action_attempt attempt = { 0 };
    struct seamc_error err;

    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1",
                                                &negative, &attempt, &err),
                     SEAMC_EINVAL);
    assert_int_equal(
        seamc_action_attempts_wait(fixture->client, NULL, NULL, &attempt, &err),
        SEAMC_EINVAL);
    assert_int_equal(fake_server_request_count(fixture->server), 0);

    /* No attempt; no status; a status newer than the library; a 404. */
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    fake_server_queue_json(fixture->server, 200,
                           "{\"action_attempt\":{\"action_attempt_id\":"
                           "\"aa1\"},\"ok\":true}");
    fake_server_queue_json(fixture->server, 200, ATTEMPT("queued", "\"x\":1"));
    fake_server_queue_json(
        fixture->server, 404,
        "{\"error\":{\"type\":\"action_attempt_not_found\",\"message\":"
        "\"gone\"},\"ok\":false}");
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1", NULL,
                                                &attempt, &err),
                     SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "action_attempt"));
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1", NULL,
                                                &attempt, &err),
                     SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "status"));
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1", NULL,
                                                &attempt, &err),
                     SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "queued"));
    assert_int_equal(seamc_action_attempts_wait(fixture->client, "aa1", NULL,
                                                &attempt, &err),
                     SEAMC_EAPI);
    assert_string_equal(err.type, "action_attempt_not_found");
    assert_null(attempt.raw);
    assert_int_equal(fixture->delays.count, 0);
}

/* ---- webhooks -------------------------------------------------------- */

static void webhook_create_sends_url_and_types(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_webhooks_create_params params = { 0 };
    struct seamc_webhook webhook = { 0 };
    static const char *const types[] = { "acs_user.created" };
    struct seamc_error err;
    cJSON *body;

    assert_int_equal(
        seamc_webhooks_create(fixture->client, &params, &webhook, &err),
        SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "url"));
    assert_int_equal(fake_server_request_count(fixture->server), 0);

    /* Types that are not text are skipped; the raw JSON keeps them. */
    fake_server_queue_json(
        fixture->server, 200,
        "{\"webhook\":{\"webhook_id\":\"wh1\",\"url\":"
        "\"http://127.0.0.1:9/hook\",\"event_types\":[\"acs_user.created\","
        "7,\"acs_credential.issued\"],\"secret\":\"whsec_abc\"},\"ok\":true}");
    params.url = "http://127.0.0.1:9/hook";
    params.event_types = types;
    params.event_type_count = 1;
    assert_int_equal(
        seamc_webhooks_create(fixture->client, &params, &webhook, &err),
        SEAMC_OK);
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 2);
    assert_string_equal(cJSON_GetObjectItem(body, "url")->valuestring,
                        "http://127.0.0.1:9/hook");
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItem(body, "event_types"), 0)
            ->valuestring,
        "acs_user.created");
    cJSON_Delete(body);
    assert_string_equal(webhook.webhook_id, "wh1");
    assert_string_equal(webhook.secret, "whsec_abc");
    assert_int_equal(webhook.event_type_count, 2);
    assert_string_equal(webhook.event_types[0], "acs_user.created");
    assert_string_equal(webhook.event_types[1], "acs_credential.issued");
    seamc_webhook_release(&webhook);
    assert_null(webhook.event_types);
    assert_int_equal(webhook.event_type_count, 0);
}

static void webhook_update_sends_types_even_when_empty(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_webhooks_update_params params = { 0 };
    static const char *const none[] = { NULL };
    struct seamc_error err;
    cJSON *body;

    /* The types are required: a NULL array is refused. */
    params.webhook_id = "wh1";
    assert_int_equal(seamc_webhooks_update(fixture->client, &params, &err),
                     SEAMC_EINVAL);
    assert_non_null(strstr(err.message, "event_types"));
    assert_int_equal(fake_server_request_count(fixture->server), 0);

    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    params.event_types = none;
    params.event_type_count = 0;
    assert_int_equal(seamc_webhooks_update(fixture->client, &params, &err),
                     SEAMC_OK);
    assert_string_equal(fake_server_request(fixture->server, 0)->target,
                        "/webhooks/update");
    body = request_json(fixture, 0);
    assert_int_equal(cJSON_GetArraySize(body), 2);
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(body, "event_types")));
    assert_int_equal(
        cJSON_GetArraySize(cJSON_GetObjectItem(body, "event_types")), 0);
    cJSON_Delete(body);
}

static void webhook_get_list_and_delete(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_webhook webhook = { 0 };
    struct seamc_webhook_list webhooks = { 0 };
    struct seamc_error err;
    cJSON *body;

    fake_server_queue_json(
        fixture->server, 200,
        "{\"webhook\":{\"webhook_id\":\"wh1\",\"url\":\"http://127.0.0.1/a\"},"
        "\"ok\":true}");
    fake_server_queue_json(
        fixture->server, 200,
        "{\"webhooks\":[{\"webhook_id\":\"wh1\",\"url\":\"http://127.0.0.1/a\","
        "\"event_types\":[\"*\"]},{\"webhook_id\":\"wh2\",\"url\":"
        "\"http://127.0.0.1/b\",\"event_types\":[]}],\"ok\":true}");
    fake_server_queue_json(fixture->server, 200,
                           "{\"webhooks\":[{\"webhook_id\":\"wh3\"}],"
                           "\"ok\":true}");
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");

    /* Without event_types or secret those stay empty. */
    assert_int_equal(seamc_webhooks_get(fixture->client, "wh1", &webhook, &err),
                     SEAMC_OK);
    assert_string_equal(webhook.url, "http://127.0.0.1/a");
    assert_null(webhook.event_types);
    assert_int_equal(webhook.event_type_count, 0);
    assert_null(webhook.secret);
    seamc_webhook_release(&webhook);

    assert_int_equal(seamc_webhooks_list(fixture->client, &webhooks, &err),
                     SEAMC_OK);
    assert_int_equal(webhooks.count, 2);
    assert_int_equal(webhooks.items[0].event_type_count, 1);
    assert_string_equal(webhooks.items[0].event_types[0], "*");
    assert_int_equal(webhooks.items[1].event_type_count, 0);
    seamc_webhook_list_release(&webhooks);

    /* A webhook without its url is not a webhook. */
    assert_int_equal(seamc_webhooks_list(fixture->client, &webhooks, &err),
                     SEAMC_EPROTOCOL);
    assert_non_null(strstr(err.message, "url"));
    assert_null(webhooks.items);

    assert_int_equal(seamc_webhooks_delete(fixture->client, "wh1", &err),
                     SEAMC_OK);
    assert_string_equal(fake_server_request(fixture->server, 3)->target,
                        "/webhooks/delete");
    body = request_json(fixture, 3);
    assert_string_equal(cJSON_GetObjectItem(body, "webhook_id")->valuestring,
                        "wh1");
    cJSON_Delete(body);
    assert_int_equal(seamc_webhooks_delete(fixture->client, "", &err),
                     SEAMC_EINVAL);
    assert_int_equal(fake_server_request_count(fixture->server), 4);
}

/* ---- checking kept answers ------------------------------------------ */

static enum seamc_status check_text(const char *text, const char *key,
                                    bool paginated)
{
    cJSON *body = cJSON_Parse(text);
    enum seamc_status status;

    assert_non_null(body);
    status = seamc_check_answer(body, key, paginated, NULL);
    cJSON_Delete(body);
    return status;
}

static void check_answer_matches_the_typed_calls(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_acs_system_list systems = { 0 };
    static const char *const bad[] = {
        "{\"acs_systems\":{\"x\":1},\"ok\":true}",
        "{\"acs_systems\":[[[]]]}",
        "{\"acs_systems\":[{\"name\":\"no id\"}]}",
        "{\"ok\":true}",
    };
    size_t i;

    /* Every answer the typed call refuses, the check refuses too. */
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fake_server_queue_json(fixture->server, 200, bad[i]);
        assert_int_equal(
            seamc_acs_systems_list(fixture->client, NULL, &systems, NULL),
            SEAMC_EPROTOCOL);
        assert_int_equal(check_text(bad[i], "acs_systems", false),
                         SEAMC_EPROTOCOL);
    }
    assert_int_equal(
        check_text("{\"acs_systems\":[{\"acs_system_id\":\"s1\"}]}",
                   "acs_systems", false),
        SEAMC_OK);
    assert_int_equal(check_text("{\"acs_system\":[]}", "acs_system", false),
                     SEAMC_EPROTOCOL);
    assert_int_equal(
        check_text("{\"webhook\":{\"webhook_id\":\"w\"}}", "webhook", false),
        SEAMC_EPROTOCOL); /* url is required */

    /* Paginated lists need a usable pagination object as well. */
    assert_int_equal(check_text("{\"acs_users\":[]}", "acs_users", true),
                     SEAMC_EPROTOCOL);
    assert_int_equal(check_text("{\"acs_users\":[],\"pagination\":"
                                "{\"has_next_page\":true}}",
                                "acs_users", true),
                     SEAMC_EPROTOCOL);
    assert_int_equal(check_text("{\"acs_users\":[],\"pagination\":"
                                "{\"has_next_page\":false}}",
                                "acs_users", true),
                     SEAMC_OK);
    assert_int_equal(check_text("{}", "no_such_thing", false), SEAMC_EINVAL);
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
        FIXTURE_TEST(events_list_sends_window_and_filters),
        FIXTURE_TEST(events_list_window_is_since_or_between),
        FIXTURE_TEST(events_get_needs_event_and_its_type),
        FIXTURE_TEST(unlock_sends_both_ids_and_parses_the_attempt),
        cmocka_unit_test(action_attempt_status_names_round_trip),
        FIXTURE_TEST(action_attempts_list_pages_with_ids),
        FIXTURE_TEST(waiter_polls_pending_until_success),
        FIXTURE_TEST(waiter_reports_a_failed_attempt),
        FIXTURE_TEST(waiter_gives_up_at_the_timeout),
        FIXTURE_TEST(waiter_refuses_bad_answers_and_input),
        FIXTURE_TEST(webhook_create_sends_url_and_types),
        FIXTURE_TEST(webhook_update_sends_types_even_when_empty),
        FIXTURE_TEST(webhook_get_list_and_delete),
        FIXTURE_TEST(check_answer_matches_the_typed_calls),
    };
    int failed;

    seamc_global_init();
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    seamc_global_cleanup();
    return failed;
}
