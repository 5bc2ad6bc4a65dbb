#ifndef HARNESS_REPORT_H
#define HARNESS_REPORT_H

/*
 * What the harness tells people and CI systems: a progress line per
 * scenario as it finishes, a summary, and on request TAP (version 13) and
 * JUnit XML files.
 */

#include <stddef.h>
#include <stdio.h>

#include "common/strbuf.h"
#include "runner.h"
#include "scenario.h"

/* One finished scenario; both pointers borrowed. */
struct harness_report_entry {
    const struct harness_scenario *scenario;
    const struct harness_result *result;
};

/*
 * Prints "[ i/n] PASS  name  (0.12 s)" for one scenario, plus the failure
 * message, or the skip reasons, indented below it. Names and messages are
 * escaped with harness_report_text_escape, as in the summary.
 */
void harness_report_progress(FILE *out, size_t index, size_t total,
                             const struct harness_report_entry *entry);

/* Prints the totals and the list of failed scenarios. */
void harness_report_summary(FILE *out, const struct harness_report_entry *all,
                            size_t count, double seconds);

/* Writes a TAP version 13 stream. Returns 0, or -1 on a write error. */
int harness_report_write_tap(FILE *out, const struct harness_report_entry *all,
                             size_t count);

/* Writes a JUnit XML document. Returns 0, or -1 on a write error. */
int harness_report_write_junit(FILE *out,
                               const struct harness_report_entry *all,
                               size_t count, double seconds);

/*
 * Appends `text` to `sb` escaped for XML 1.0 element content: & < > " '
 * become entities, a carriage return becomes &#13; (parsers would read a
 * raw one as a newline), and characters XML 1.0 forbids (control
 * characters other than tab, newline, carriage return; invalid UTF-8)
 * become U+FFFD. Returns false when `sb` overflowed.
 */
bool harness_report_xml_escape(struct common_strbuf *sb, const char *text);

/*
 * The same for an attribute value: newline, tab and carriage return become
 * character references, which parsers keep (raw ones read as spaces).
 */
bool harness_report_xml_escape_attribute(struct common_strbuf *sb,
                                         const char *text);

/*
 * Appends `text` to `sb` as a TAP test description: one line ('\n' and '\r'
 * become spaces), with '#' and '\' escaped by a backslash so a harness
 * cannot mistake it for a directive, and other control characters escaped
 * as by harness_report_text_escape. Returns false on overflow.
 */
bool harness_report_tap_escape(struct common_strbuf *sb, const char *text);

/*
 * Appends `text` to `sb` safe for a terminal: newline, carriage return and
 * tab become \n, \r and \t, other control characters (C0, DEL, C1) and
 * bytes that are not UTF-8 become \xNN or \u00NN, so text from a scenario
 * or a target cannot break a line or send escape sequences. Returns false
 * when `sb` overflowed.
 */
bool harness_report_text_escape(struct common_strbuf *sb, const char *text);

#endif
