/* Small modules: time, uuid, strbuf, idmap, router, status, fixtures. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "common/json_check.h"
#include "common/strbuf.h"
#include "common/time.h"
#include "common/uuid.h"
#include "fixture.h"
#include "idmap.h"
#include "router.h"
#include "status.h"

static void time_parses_offsets_and_fractions(void **state)
{
    const struct {
        const char *text;
        int64_t ms;
    } good[] = {
        { "1970-01-01T00:00:00Z", 0 },
        { "1970-01-01T00:00:00.5Z", 500 },
        { "1970-01-01T00:00:00.123456789z", 123 },
        { "1970-01-01T01:00:00+01:00", 0 },
        { "1969-12-31T19:00:00-05:00", 0 },
        { "2024-02-29T12:00:00Z", 1709208000000LL },
        { "2024-07-13T16:50:42.072Z", 1720889442072LL },
    };
    const char *bad[] = { "2024-07-13T16:50:42",
                          "2024-07-13 16:50:42Z",
                          "2023-02-29T00:00:00Z",
                          "2024-13-01T00:00:00Z",
                          "2024-07-13T24:00:00Z",
                          "2024-07-13T16:50:42.Z",
                          "2024-07-13T16:50:42+0100",
                          "2024-07-13",
                          "2024-07-13T16:50:42Zjunk",
                          "",
                          NULL };
    int64_t ms;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_true(common_time_parse_iso(good[i].text, &ms));
        assert_int_equal(ms, good[i].ms);
    }
    for (int i = 0; bad[i]; i++) {
        ms = 42;
        assert_false(common_time_parse_iso(bad[i], &ms));
        assert_int_equal(ms, 42);
    }
    assert_false(common_time_parse_iso(NULL, &ms));
}

static void time_formats_with_milliseconds(void **state)
{
    char text[COMMON_TIME_ISO_SIZE];
    int64_t back;

    assert_string_equal(common_time_format_iso(0, text),
                        "1970-01-01T00:00:00.000Z");
    assert_string_equal(common_time_format_iso(1720889442072LL, text),
                        "2024-07-13T16:50:42.072Z");
    assert_string_equal(common_time_format_iso(-1, text),
                        "1969-12-31T23:59:59.999Z");
    /* Out of range: the nearest writable instant, never a wrapped date. */
    assert_string_equal(common_time_format_iso(COMMON_TIME_MAX_MS + 9000, text),
                        "9999-12-31T23:59:59.999Z");
    assert_string_equal(common_time_format_iso(INT64_MIN / 2, text),
                        "0000-01-01T00:00:00.000Z");
    /* Round trip across a range of instants. */
    for (int64_t t = -86400000LL * 400; t < 86400000LL * 40000;
         t += 86400000LL * 97 + 12345) {
        assert_true(
            common_time_parse_iso(common_time_format_iso(t, text), &back));
        assert_int_equal(back, t);
    }
}

static void uuids_are_v4_and_validated(void **state)
{
    char a[COMMON_UUID_SIZE], b[COMMON_UUID_SIZE];

    common_uuid_v4(a);
    common_uuid_v4(b);
    assert_true(common_uuid_is_valid(a));
    assert_string_not_equal(a, b);
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
    assert_true(common_uuid_is_valid("11111111-1111-1111-1111-11111111111A"));
    assert_false(common_uuid_is_valid("11111111-1111-1111-1111-11111111111"));
    assert_false(common_uuid_is_valid("11111111+1111-1111-1111-111111111111"));
    assert_false(common_uuid_is_valid("g1111111-1111-1111-1111-111111111111"));
    assert_false(common_uuid_is_valid(NULL));
}

static void strbuf_respects_its_cap(void **state)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, 10);
    assert_string_equal(common_strbuf_str(&sb), "");
    assert_true(common_strbuf_puts(&sb, "hello"));
    assert_true(common_strbuf_printf(&sb, "%d", 1234));
    assert_false(common_strbuf_puts(&sb, "xy"));
    assert_true(sb.overflowed);
    assert_string_equal(common_strbuf_str(&sb), "hello1234");
    char *owned = common_strbuf_detach(&sb);
    assert_string_equal(owned, "hello1234");
    free(owned);
    assert_int_equal(sb.len, 0);

    /* Long formatted output goes past the stack buffer correctly. */
    common_strbuf_init(&sb, 4096);
    assert_true(common_strbuf_printf(&sb, "%0600d", 7));
    assert_int_equal(sb.len, 600);
    common_strbuf_free(&sb);
}

static void idmap_puts_gets_and_removes(void **state)
{
    struct sim_idmap map;
    static char keys[2000][16];

    sim_idmap_init(&map);
    for (int i = 0; i < 2000; i++) {
        snprintf(keys[i], sizeof keys[i], "key-%d", i);
        assert_true(sim_idmap_put(&map, keys[i], &keys[i]));
    }
    assert_int_equal(map.count, 2000);
    for (int i = 0; i < 2000; i += 2)
        assert_ptr_equal(sim_idmap_remove(&map, keys[i]), &keys[i]);
    for (int i = 0; i < 2000; i++) {
        void *expected = (i % 2) ? (void *)&keys[i] : NULL;
        assert_ptr_equal(sim_idmap_get(&map, keys[i]), expected);
    }
    /* Reinserting after removals reuses tombstones without losing keys. */
    for (int i = 0; i < 2000; i += 2)
        assert_true(sim_idmap_put(&map, keys[i], &keys[i]));
    for (int i = 0; i < 2000; i++)
        assert_ptr_equal(sim_idmap_get(&map, keys[i]), &keys[i]);
    assert_null(sim_idmap_get(&map, "missing"));
    assert_null(sim_idmap_remove(&map, "missing"));
    sim_idmap_free(&map);
}

static void router_table_is_sorted_and_complete(void **state)
{
    assert_true(sim_router_table_is_sorted());
    assert_non_null(sim_router_find("/acs/credentials/create"));
    assert_non_null(sim_router_find("/user_identities/list_acs_users"));
    assert_null(sim_router_find("/acs/credentials"));
    assert_null(sim_router_find(""));
    assert_int_equal(sim_router_method_bit("PATCH"), SIM_METHOD_PATCH);
    assert_int_equal(sim_router_method_bit("patch"), 0);
}

static void status_table_maps_codes(void **state)
{
    assert_int_equal(sim_status_http(SIM_ACS_USER_NOT_FOUND), 404);
    assert_string_equal(sim_status_type(SIM_UNAUTHORIZED), "unauthorized");
    assert_int_equal(sim_status_http(SIM_STATUS_COUNT), 500);
    for (int s = 0; s < SIM_STATUS_COUNT; s++) {
        assert_true(sim_status_http(s) >= 200 && sim_status_http(s) < 600);
        assert_true(strlen(sim_status_message(s)) > 0);
    }
}

/* Loads `json`; asserts it fails with a message containing `expected`. */
static void assert_fixture_error(const char *json, const char *expected)
{
    char err[512] = "";
    cJSON *doc = sim_fixture_parse(json, err, sizeof err);

    if (doc != NULL)
        fail_msg("fixture unexpectedly valid: %s", json);
    if (strstr(err, expected) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", err, expected);
}

#define WS_OPEN                                                                \
    "{\"workspaces\":[{\"name\":\"w\",\"api_keys\":[\"seam_ok_key\"],"
#define SYS_OPEN "\"acs_systems\":[{\"name\":\"b\",\"latch\":"

static void bad_fixtures_name_the_problem(void **state)
{
    assert_fixture_error("{", "not valid JSON");
    assert_fixture_error("[]", "must be a JSON object");
    assert_fixture_error("{\"workspaces\":[]}", "workspaces: must be a "
                                                "non-empty array");
    assert_fixture_error("{\"workspace\":[]}", "workspace: unknown key");
    assert_fixture_error("{\"workspaces\":[{\"api_keys\":[\"seam_ok_key\"]}]}",
                         "workspaces[0].name: is required");
    assert_fixture_error(
        "{\"workspaces\":[{\"name\":\"w\",\"api_keys\":[\"sk_live\"]}]}",
        "workspaces[0].api_keys[0]: must start with \"seam_\"");
    assert_fixture_error("{\"workspaces\":[{\"name\":\"w\"}]}",
                         "workspaces[0].api_keys: needs at least one");
    assert_fixture_error(WS_OPEN SYS_OPEN "{\"hub_installed\":true,"
                                          "\"pin_length\":3}}]}]}",
                         "workspaces[0].acs_systems[0].latch.pin_length: "
                         "must be an integer from 4 to 12");
    assert_fixture_error(WS_OPEN SYS_OPEN "{}}]}]}",
                         "acs_systems[0].latch.hub_installed: is required");
    assert_fixture_error(WS_OPEN "\"acs_systems\":[{\"name\":\"b\"}]}]}",
                         "acs_systems[0].latch: is required");
    assert_fixture_error(WS_OPEN SYS_OPEN "{\"hub_installed\":true},"
                                          "\"acs_entrances\":[{\"display_"
                                          "name\":\"d\",\"acs_entrance_id\":"
                                          "\"x\"}]}]}]}",
                         "acs_entrances[0].acs_entrance_id: must be a UUID");
}

static void fixture_refuses_duplicates_and_unknown_values(void **state)
{
    assert_fixture_error("{\"workspaces\":[],\"workspaces\":[]}",
                         "workspaces: is given twice");
    assert_fixture_error(WS_OPEN SYS_OPEN "{\"hub_installed\":true},"
                                          "\"acs_entrances\":[{\"display_"
                                          "name\":\"d\",\"door_type\":"
                                          "\"WINDOW\"}]}]}]}",
                         "acs_entrances[0].door_type: must be DOOR or "
                         "ELEVATOR");
    assert_fixture_error("{\"workspaces\":[{\"name\":\"\xff\"}]}",
                         "not valid UTF-8");
}

static void json_check_catches_what_parsers_mishandle(void **state)
{
    const char *why = NULL;

    assert_true(
        common_json_check("{\"a\":[1,{\"b\":\"\\u0041\"}]}", 21, 3, &why));
    assert_false(common_json_check("[[[[1]]]]", 9, 3, &why));
    assert_non_null(strstr(why, "nested"));
    /* Brackets inside strings do not count. */
    assert_true(common_json_check("[\"[[[[[[\"]", 10, 1, &why));
    /* An escaped backslash followed by u0000 is plain text. */
    assert_true(common_json_check("[\"\\\\u0000\"]", 11, 2, &why));
    assert_false(common_json_check("[\"\\u0000\"]", 10, 2, &why));
    assert_false(common_json_check("[\"\xed\xa0\x80\"]", 7, 2, &why));
    assert_false(common_json_check("[\"\xf4\x90\x80\x80\"]", 8, 2, &why));
    assert_true(common_json_check("[\"\xf0\x9f\x94\x91\"]", 8, 2, &why));
    assert_false(common_json_check("[1]\0", 4, 2, &why));

    /* More values than a request could need. */
    size_t n = COMMON_JSON_MAX_VALUES + 2;
    char *many = malloc(2 * n + 2);
    many[0] = '[';
    for (size_t i = 0; i < n; i++) {
        many[1 + 2 * i] = '1';
        many[2 + 2 * i] = i + 1 < n ? ',' : ']';
    }
    assert_false(common_json_check(many, 2 * n + 1, 2, &why));
    assert_non_null(strstr(why, "too many values"));
    free(many);
    assert_true(common_text_is_clean("plain é", strlen("plain é")));
    assert_false(common_text_is_clean("bell\a", 5));
    assert_false(common_text_is_clean("\x80", 1));
}

static void default_fixture_is_valid(void **state)
{
    char err[256];
    cJSON *doc = sim_fixture_parse(sim_fixture_default_json, err, sizeof err);

    assert_non_null(doc);
    cJSON_Delete(doc);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(time_parses_offsets_and_fractions),
        cmocka_unit_test(time_formats_with_milliseconds),
        cmocka_unit_test(uuids_are_v4_and_validated),
        cmocka_unit_test(strbuf_respects_its_cap),
        cmocka_unit_test(idmap_puts_gets_and_removes),
        cmocka_unit_test(router_table_is_sorted_and_complete),
        cmocka_unit_test(status_table_maps_codes),
        cmocka_unit_test(bad_fixtures_name_the_problem),
        cmocka_unit_test(default_fixture_is_valid),
        cmocka_unit_test(fixture_refuses_duplicates_and_unknown_values),
        cmocka_unit_test(json_check_catches_what_parsers_mishandle),
    };
    return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
