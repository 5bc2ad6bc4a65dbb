/*
 * Unit tests of the reporters (report.c): XML and TAP escaping, and the
 * JUnit and TAP documents written for passes, failures and skips.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

static char *xml_escaped(const char *text)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, 4096);
    assert_true(harness_report_xml_escape(&sb, text));
    return common_strbuf_detach(&sb);
}

static char *tap_escaped(const char *text)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, 4096);
    assert_true(harness_report_tap_escape(&sb, text));
    return common_strbuf_detach(&sb);
}

static void xml_escape_should_use_entities(void **state)
{
    char *out = xml_escaped("a<b>&\"c\" 'd'");

    assert_string_equal(out, "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;");
    free(out);
}

static void xml_escape_should_replace_what_xml_forbids(void **state)
{
    /* Control characters and broken UTF-8 become U+FFFD; tab, newline and
     * valid multi-byte characters stay. */
    char *out = xml_escaped("x\x01y\tz\n\xC3\xA9\xFF\xC3");

    assert_string_equal(out, "x\xEF\xBF\xBDy\tz\n\xC3\xA9\xEF\xBF\xBD"
                             "\xEF\xBF\xBD");
    free(out);
    /* An overlong encoding of '<' must not sneak through. */
    out = xml_escaped("\xC0\xBC");
    assert_string_equal(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
    free(out);
}

static void tap_escape_should_keep_one_line_without_directives(void **state)
{
    char *out = tap_escaped("step #3\nfailed \\ badly # SKIP");

    assert_string_equal(out, "step \\#3 failed \\\\ badly \\# SKIP");
    free(out);
}

static char *text_escaped(const char *text)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, 4096);
    assert_true(harness_report_text_escape(&sb, text));
    return common_strbuf_detach(&sb);
}

static void text_escape_should_leave_no_control_characters(void **state)
{
    /* ESC, BEL, DEL, a C1 CSI, a stray byte; UTF-8 text stays. */
    char *out = text_escaped("a\nb\tc\r\x1b[31mred\x07\x7f\xC2\x9B"
                             "\xFF caf\xC3\xA9");

    assert_string_equal(out, "a\\nb\\tc\\r\\x1B[31mred\\x07\\x7F"
                             "\\u009B\\xFF caf\xC3\xA9");
    free(out);
    out = tap_escaped("name\x1b]0;title\x07 #1");
    assert_string_equal(out, "name\\x1B]0;title\\x07 \\#1");
    free(out);
}

static void xml_attributes_should_keep_newlines_and_tabs(void **state)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, 4096);
    assert_true(harness_report_xml_escape_attribute(&sb, "a\nb\tc\rd"));
    assert_string_equal(common_strbuf_str(&sb), "a&#10;b&#9;c&#13;d");
    common_strbuf_free(&sb);
}

/* Three results: a pass with a skipped step, a failure, a skip. */
struct fixture {
    struct harness_scenario scenarios[3];
    struct harness_result results[3];
    struct harness_report_entry entries[3];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    static const char *const names[] = { "seed", "rules", "paging" };
    static const char *const titles[] = { "Seed <flow>", "Rules & #1",
                                          "Paging" };

    for (int i = 0; i < 3; i++) {
        f->scenarios[i].name = (char *)names[i];
        f->scenarios[i].title = (char *)titles[i];
        f->scenarios[i].path = (char *)names[i];
        f->entries[i].scenario = &f->scenarios[i];
        f->entries[i].result = &f->results[i];
    }
    f->results[0].outcome = HARNESS_OUTCOME_PASS;
    f->results[0].details = (char *)"skipped step 4 \"sync\": simulator "
                                    "control route\n";
    f->results[0].steps_skipped = 1;
    f->results[1].outcome = HARNESS_OUTCOME_FAIL;
    f->results[1].message = (char *)"step 2 \"x\": expected \"a\" <b>";
    f->results[1].details = (char *)"response: HTTP 400\n{\"e\":1}\n";
    f->results[2].outcome = HARNESS_OUTCOME_SKIP;
    f->results[2].message = (char *)"needs a simulator";
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* Runs a writer into memory and returns what it wrote. */
static char *written(struct fixture *f, bool junit)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    assert_non_null(out);
    if (junit)
        assert_int_equal(harness_report_write_junit(out, f->entries, 3, 1.5),
                         0);
    else
        assert_int_equal(harness_report_write_tap(out, f->entries, 3), 0);
    fclose(out);
    return text;
}

static void junit_should_count_and_escape(void **state)
{
    char *xml = written(*state, true);

    assert_non_null(strstr(xml, "<testsuites name=\"seam-harness\" tests=\"3\""
                                " failures=\"1\" errors=\"0\" skipped=\"1\""));
    assert_non_null(strstr(xml, "name=\"Seed &lt;flow&gt;\""));
    assert_non_null(strstr(xml, "<failure message=\"step 2 &quot;x&quot;: "
                                "expected &quot;a&quot; &lt;b&gt;\">"
                                "response: HTTP 400\n{&quot;e&quot;:1}\n"
                                "</failure>"));
    assert_non_null(strstr(xml, "<skipped message=\"needs a simulator\">"));
    /* A pass shows its skipped steps in system-out. */
    assert_non_null(strstr(xml, "<system-out>skipped step 4 &quot;sync"
                                "&quot;: simulator control route\n"
                                "</system-out>"));
    free(xml);
}

static void tap_should_mark_failures_and_skips(void **state)
{
    char *tap = written(*state, false);

    assert_non_null(strstr(tap, "TAP version 13\n1..3\n"));
    assert_non_null(strstr(tap, "\nok 1 - seed - Seed <flow>\n"));
    assert_non_null(strstr(tap, "\nnot ok 2 - rules - Rules & \\#1\n"));
    assert_non_null(strstr(tap, "  message: |\n    step 2 \"x\": expected "
                                "\"a\" <b>\n"));
    assert_non_null(strstr(tap, "  details: |\n    response: HTTP 400\n"
                                "    {\"e\":1}\n  ...\n"));
    assert_non_null(strstr(tap, "\nok 3 - paging - Paging # SKIP needs a "
                                "simulator\n"));
    free(tap);
}

static void progress_should_show_outcome_and_reason(void **state)
{
    struct fixture *f = *state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    harness_report_progress(out, 1, 3, &f->entries[0]);
    harness_report_progress(out, 2, 3, &f->entries[1]);
    harness_report_summary(out, f->entries, 3, 2.0);
    fclose(out);
    assert_non_null(strstr(text, "[ 1/3] PASS  seed  (0.00 s, 1 step "
                                 "skipped)\n"));
    assert_non_null(strstr(text, "[ 2/3] FAIL  rules  (0.00 s)\n        "
                                 "step 2 \"x\": expected \"a\" <b>\n"
                                 "        | response: HTTP 400\n"));
    assert_non_null(strstr(text, "3 scenarios: 1 passed, 1 failed, 1 "
                                 "skipped, 0 setup errors"));
    free(text);
}

static void reports_should_escape_names_from_scenario_files(void **state)
{
    struct fixture *f = *state;
    char *text = NULL;
    size_t size = 0;
    FILE *out;

    f->scenarios[1].name = (char *)"evil\x1b[2J";
    f->scenarios[1].title = (char *)"two\nlines\x1b[31m";
    f->results[1].message = (char *)"step 1 \"a\nb\x1b[0m\": broke";
    f->results[1].details = (char *)"body \x1b[1mloud\nnext\n";

    out = open_memstream(&text, &size);
    harness_report_progress(out, 2, 3, &f->entries[1]);
    harness_report_summary(out, f->entries, 3, 1.0);
    fclose(out);
    assert_null(strchr(text, '\x1b'));
    assert_non_null(strstr(text, "FAIL  evil\\x1B[2J  (0.00 s)\n"
                                 "        step 1 \"a\\nb\\x1B[0m\": broke\n"
                                 "        | body \\x1B[1mloud\n"
                                 "        | next\n"));
    assert_non_null(strstr(text, "  FAIL evil\\x1B[2J: step 1"));
    free(text);

    text = written(f, false);
    assert_null(strchr(text, '\x1b'));
    assert_non_null(strstr(text, "\nnot ok 2 - evil\\x1B[2J - two lines"
                                 "\\x1B[31m\n"));
    free(text);

    /* Attributes keep the newline as a reference; XML allows no ESC. */
    text = written(f, true);
    assert_null(strchr(text, '\x1b'));
    assert_non_null(strstr(text, "name=\"two&#10;lines\xEF\xBF\xBD[31m\""));
    assert_non_null(strstr(text, "message=\"step 1 &quot;a&#10;b"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xml_escape_should_use_entities),
        cmocka_unit_test(xml_escape_should_replace_what_xml_forbids),
        cmocka_unit_test(tap_escape_should_keep_one_line_without_directives),
        cmocka_unit_test(text_escape_should_leave_no_control_characters),
        cmocka_unit_test(xml_attributes_should_keep_newlines_and_tabs),
        cmocka_unit_test_setup_teardown(junit_should_count_and_escape, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(tap_should_mark_failures_and_skips,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(progress_should_show_outcome_and_reason,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            reports_should_escape_names_from_scenario_files, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
