/*
 * Unit tests of the scenario parser (scenario.c): what a valid file gives,
 * and that every kind of malformed file is refused naming the file, the
 * step and the reason.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scenario.h"

static const char *const valid_text =
    "{\n"
    "  \"title\": \"A valid scenario\",\n"
    "  \"tags\": [\"latch\", \"pin\"],\n"
    "  \"fixture\": \"fixtures/tower.json\",\n"
    "  \"vars\": {\"building\": \"hub\"},\n"
    "  \"steps\": [\n"
    "    {\"name\": \"list\", \"call\": \"/acs/systems/list\",\n"
    "     \"expect\": {\"status\": 200, \"json\": [{\"path\": \"ok\","
    " \"equals\": true}]},\n"
    "     \"save\": {\"id\": \"acs_systems[0].acs_system_id\",\n"
    "              \"all\": {\"all\": \"acs_systems[*].name\"}}},\n"
    "    {\"name\": \"sync\", \"call\": \"/_fake/latch/sync_door\"},\n"
    "    {\"name\": \"raw\", \"raw\": {\"method\": \"PUT\", \"route\":"
    " \"/x\"}, \"simulator_only\": \"why not\"},\n"
    "    {\"name\": \"loop\", \"for_each\": \"{{ids}}\", \"as\": \"id\",\n"
    "     \"steps\": [{\"name\": \"get\", \"call\": \"/acs/systems/get\",\n"
    "                 \"body\": {\"acs_system_id\": \"{{id}}\"},\n"
    "                 \"poll\": {\"timeout_ms\": 100}}]},\n"
    "    {\"name\": \"run\", \"run\": [\"true\"], \"env\": {\"A\": \"b\"},\n"
    "     \"expect\": {\"exit_code\": 0, \"stdout\": \"^$\"}}\n"
    "  ]\n"
    "}\n";

static void scenario_parse_should_read_a_valid_file(void **state)
{
    struct harness_scenario s;
    struct harness_error err;

    assert_int_equal(
        harness_scenario_parse("/suite/valid.json", valid_text, &s, &err),
        HARNESS_OK);
    assert_string_equal(s.name, "valid");
    assert_string_equal(s.dir, "/suite");
    assert_string_equal(s.title, "A valid scenario");
    assert_int_equal(s.tag_count, 2);
    assert_string_equal(s.tags[1], "pin");
    /* The fixture is resolved against the scenario's directory. */
    assert_string_equal(s.fixture, "/suite/fixtures/tower.json");
    assert_null(s.simulator_only);
    assert_int_equal(cJSON_GetArraySize(s.steps), 5);
    assert_string_equal(cJSON_GetObjectItem(s.vars, "building")->valuestring,
                        "hub");
    harness_scenario_free(&s);
    assert_null(s.root);
}

static void scenario_should_know_which_steps_need_a_simulator(void **state)
{
    struct harness_scenario s;

    assert_int_equal(harness_scenario_parse("valid.json", valid_text, &s, NULL),
                     HARNESS_OK);
    assert_null(
        harness_scenario_step_simulator_only(cJSON_GetArrayItem(s.steps, 0)));
    assert_string_equal(
        harness_scenario_step_simulator_only(cJSON_GetArrayItem(s.steps, 1)),
        "simulator control route");
    assert_string_equal(
        harness_scenario_step_simulator_only(cJSON_GetArrayItem(s.steps, 2)),
        "why not");
    harness_scenario_free(&s);
}

static void scenario_matches_should_select_by_tag_or_name(void **state)
{
    struct harness_scenario s;

    assert_int_equal(
        harness_scenario_parse("dir/seed-pin-flow.json", valid_text, &s, NULL),
        HARNESS_OK);
    assert_true(harness_scenario_matches(&s, "latch"));
    assert_true(harness_scenario_matches(&s, "tag:pin"));
    assert_true(harness_scenario_matches(&s, "seed"));
    assert_false(harness_scenario_matches(&s, "tag:seed"));
    assert_false(harness_scenario_matches(&s, "mobile"));
    harness_scenario_free(&s);
}

/* Parses `text` and checks the whole error message. */
static void assert_malformed(const char *text, const char *expected)
{
    struct harness_scenario s;
    struct harness_error err;

    assert_int_equal(
        harness_scenario_parse("scenarios/broken.json", text, &s, &err),
        HARNESS_EMALFORMED);
    assert_null(s.root);
    if (strcmp(err.text, expected) != 0)
        fail_msg("got:      %s\nexpected: %s", err.text, expected);
}

#define ONE_STEP(step)                                                         \
    "{\"title\": \"t\", \"steps\": [{\"name\": \"ok\", \"call\": "             \
    "\"/a\"}, " step "]}"

static void scenario_parse_should_name_file_step_and_reason(void **state)
{
    assert_malformed("{\"title\": \"t\",\n \"steps\": [\n {,}]}",
                     "scenarios/broken.json: not valid JSON (near line 3)");
    assert_malformed("{\"steps\": [{\"name\": \"a\", \"call\": \"/a\"}]}",
                     "scenarios/broken.json: \"title\" is required: one "
                     "line saying what the scenario shows");
    assert_malformed("{\"title\": \"t\", \"step\": []}",
                     "scenarios/broken.json: unknown top-level key \"step\"");
    assert_malformed("{\"title\": \"t\", \"steps\": []}",
                     "scenarios/broken.json: \"steps\" must be a non-empty "
                     "array");
    assert_malformed(ONE_STEP("{\"name\": \"typo\", \"call\": \"/a\", "
                              "\"expcet\": {}}"),
                     "scenarios/broken.json: step 2 \"typo\": unknown key "
                     "\"expcet\"");
    assert_malformed(ONE_STEP("{\"name\": \"two\", \"call\": \"/a\", "
                              "\"run\": [\"x\"]}"),
                     "scenarios/broken.json: step 2 \"two\": a step does one "
                     "thing: both \"call\" and \"run\" given");
    assert_malformed(ONE_STEP("{\"name\": \"none\"}"),
                     "scenarios/broken.json: step 2 \"none\": a step needs "
                     "one of \"call\", \"raw\", \"run\" or \"for_each\"");
    assert_malformed(ONE_STEP("{\"call\": \"/a\"}"),
                     "scenarios/broken.json: step 2 \"?\": a step needs a "
                     "\"name\"");
}

static void scenario_parse_should_check_expectations_and_saves(void **state)
{
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"expect\": {\"exit_code\": 0}}"),
                     "scenarios/broken.json: step 2 \"s\": unknown key "
                     "\"exit_code\" in \"expect\" (call and raw steps take "
                     "status, json, headers)");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"expect\": {\"status\": \"200\"}}"),
                     "scenarios/broken.json: step 2 \"s\": \"expect.status\" "
                     "must be an HTTP status (100 to 599) or an array of "
                     "them");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"expect\": {\"json\": [{\"path\": \"a\", "
                              "\"equal\": 1}]}}"),
                     "scenarios/broken.json: step 2 \"s\": expect.json[0]: "
                     "assertion on \"a\": unknown check \"equal\"");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"save\": {\"x\": \"a..b\"}}"),
                     "scenarios/broken.json: step 2 \"s\": save \"x\": path "
                     "\"a..b\" has an empty key");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"body\": {\"x\": \"{{open\"}}"),
                     "scenarios/broken.json: step 2 \"s\": in \"body\": "
                     "\"{{open\": '{{' without '}}'");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"run\": [\"x\"], "
                              "\"poll\": {\"timeout_ms\": 5}}"),
                     "scenarios/broken.json: step 2 \"s\": only call and raw "
                     "steps can poll");
}

static void scenario_parse_should_label_nested_steps(void **state)
{
    assert_malformed(ONE_STEP("{\"name\": \"loop\", \"for_each\": \"{{x}}\","
                              " \"as\": \"y\", \"steps\": ["
                              "{\"name\": \"fine\", \"call\": \"/a\"}, "
                              "{\"name\": \"inner\", \"call\": \"a\"}]}"),
                     "scenarios/broken.json: step 2.2 \"inner\": \"call\" "
                     "must be a route such as \"/acs/users/list\"");
    assert_malformed(ONE_STEP("{\"name\": \"loop\", \"for_each\": \"x\","
                              " \"as\": \"y\", \"steps\": []}"),
                     "scenarios/broken.json: step 2 \"loop\": \"for_each\" "
                     "must be a placeholder naming an array, e.g. "
                     "\"{{entrances}}\"");
}

/* `levels` for_each steps inside each other around one call. */
static char *nested_loops(int levels)
{
    static const char open[] = "{\"name\": \"loop\", \"for_each\": "
                               "\"{{x}}\", \"as\": \"y\", \"steps\": [";
    size_t size = 64 + (size_t)levels * (sizeof open + 3);
    char *text = malloc(size);

    assert_non_null(text);
    strcpy(text, "{\"title\": \"t\", \"steps\": [");
    for (int i = 0; i < levels; i++)
        strcat(text, open);
    strcat(text, "{\"name\": \"c\", \"call\": \"/a\"}");
    for (int i = 0; i < levels; i++)
        strcat(text, "]}");
    strcat(text, "]}");
    return text;
}

static void scenario_parse_should_allow_exactly_the_nesting_limit(void **state)
{
    struct harness_scenario s;
    char *text = nested_loops(HARNESS_SCENARIO_MAX_NESTING);

    assert_int_equal(HARNESS_SCENARIO_MAX_NESTING, 4);
    assert_int_equal(harness_scenario_parse("n.json", text, &s, NULL),
                     HARNESS_OK);
    harness_scenario_free(&s);
    free(text);
    text = nested_loops(HARNESS_SCENARIO_MAX_NESTING + 1);
    assert_malformed(text, "scenarios/broken.json: step 1.1.1.1.1 \"loop\": "
                           "for_each nested more than 4 deep");
    free(text);
}

static void scenario_parse_should_refuse_repeated_keys(void **state)
{
    assert_malformed("{\"title\": \"a\", \"title\": \"b\", \"steps\": "
                     "[{\"name\": \"s\", \"call\": \"/a\"}]}",
                     "scenarios/broken.json: key \"title\" given twice");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"expect\": {\"status\": 200, \"json\": [], "
                              "\"status\": 404}}"),
                     "scenarios/broken.json: key \"status\" given twice in "
                     "steps[1].expect");
}

static void scenario_parse_should_say_what_is_wrong_with_a_value(void **state)
{
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"expect\": {\"status\": 99999}}"),
                     "scenarios/broken.json: step 2 \"s\": \"expect.status\" "
                     "must be an HTTP status (100 to 599) or an array of "
                     "them");
    assert_malformed(ONE_STEP("{\"name\": \"s\", \"call\": \"/a\", "
                              "\"expect\": {\"status\": [200, 600]}}"),
                     "scenarios/broken.json: step 2 \"s\": \"expect.status\" "
                     "must be an HTTP status (100 to 599) or an array of "
                     "them");
    assert_malformed("{\"title\": 5, \"steps\": [{\"name\": \"s\", "
                     "\"call\": \"/a\"}]}",
                     "scenarios/broken.json: \"title\" must be a string: one "
                     "line saying what the scenario shows");
    assert_malformed(ONE_STEP("{\"name\": 5, \"call\": \"/a\"}"),
                     "scenarios/broken.json: step 2 \"?\": a step's "
                     "\"name\" must be a string");
}

static void scenario_load_should_refuse_a_missing_fixture(void **state)
{
    char dir[] = "/tmp/harness-test-XXXXXX";
    char path[64];
    struct harness_scenario s;
    struct harness_error err;
    char expected[256];
    FILE *f;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/x.json", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"title\": \"t\", \"fixture\": \"fixtures/none.json\", "
          "\"steps\": [{\"name\": \"s\", \"call\": \"/a\"}]}",
          f);
    fclose(f);
    assert_int_equal(harness_scenario_load(path, &s, &err), HARNESS_EMALFORMED);
    assert_null(s.root);
    snprintf(expected, sizeof expected,
             "%s: fixture %s/fixtures/none.json: No such file or directory",
             path, dir);
    assert_string_equal(err.text, expected);
    unlink(path);
    rmdir(dir);
}

static void scenario_load_should_report_a_missing_file(void **state)
{
    struct harness_scenario s;
    struct harness_error err;

    assert_int_equal(harness_scenario_load("/nonexistent/x.json", &s, &err),
                     HARNESS_EIO);
    assert_string_equal(err.text, "/nonexistent/x.json: cannot open the file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario_parse_should_read_a_valid_file),
        cmocka_unit_test(scenario_should_know_which_steps_need_a_simulator),
        cmocka_unit_test(scenario_matches_should_select_by_tag_or_name),
        cmocka_unit_test(scenario_parse_should_name_file_step_and_reason),
        cmocka_unit_test(scenario_parse_should_check_expectations_and_saves),
        cmocka_unit_test(scenario_parse_should_label_nested_steps),
        cmocka_unit_test(scenario_parse_should_allow_exactly_the_nesting_limit),
        cmocka_unit_test(scenario_parse_should_refuse_repeated_keys),
        cmocka_unit_test(scenario_parse_should_say_what_is_wrong_with_a_value),
        cmocka_unit_test(scenario_load_should_refuse_a_missing_fixture),
        cmocka_unit_test(scenario_load_should_report_a_missing_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
