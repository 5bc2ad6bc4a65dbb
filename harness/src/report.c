#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Escaped texts are bounded; a result's details are capped far below. */
#define ESCAPED_MAX (1024 * 1024)

/* Length of the valid UTF-8 sequence at `s`, or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s)
{
    size_t len;
    uint32_t code;

    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0)
        len = 2, code = s[0] & 0x1F;
    else if ((s[0] & 0xF0) == 0xE0)
        len = 3, code = s[0] & 0x0F;
    else if ((s[0] & 0xF8) == 0xF0)
        len = 4, code = s[0] & 0x07;
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid;
     * U+FFFE and U+FFFF are not XML characters either. */
    if ((len == 2 && code < 0x80) || (len == 3 && code < 0x800) ||
        (len == 4 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF)
        return 0;
    return len;
}

/* Appends the character at `s` for a terminal; returns the bytes read. */
static size_t text_escape_one(struct common_strbuf *sb, const unsigned char *s)
{
    size_t len = utf8_length(s);

    if (*s == '\n')
        common_strbuf_puts(sb, "\\n");
    else if (*s == '\r')
        common_strbuf_puts(sb, "\\r");
    else if (*s == '\t')
        common_strbuf_puts(sb, "\\t");
    else if (len == 0 || *s < 0x20 || *s == 0x7F)
        common_strbuf_printf(sb, "\\x%02X", *s);
    else if (len == 2 && s[0] == 0xC2 && s[1] < 0xA0)
        common_strbuf_printf(sb, "\\u%04X", s[1]); /* a C1 control */
    else
        common_strbuf_append(sb, s, len);
    return len ? len : 1;
}

bool harness_report_text_escape(struct common_strbuf *sb, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;

    while (*s)
        s += text_escape_one(sb, s);
    return !sb->overflowed;
}

/* Writes `text` through harness_report_text_escape. */
static void text_put(FILE *out, const char *text)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, ESCAPED_MAX);
    harness_report_text_escape(&sb, text ? text : "");
    fputs(common_strbuf_str(&sb), out);
    common_strbuf_free(&sb);
}

/* Writes each line of `text` as `prefix` + the line, escaped. */
static void lines_put(FILE *out, const char *prefix, const char *text)
{
    while (*text) {
        size_t len = strcspn(text, "\n");
        char *line = strndup(text, len);
        fputs(prefix, out);
        text_put(out, line ? line : "");
        fputc('\n', out);
        free(line);
        text += len + (text[len] == '\n');
    }
}

void harness_report_progress(FILE *out, size_t index, size_t total,
                             const struct harness_report_entry *entry)
{
    const struct harness_result *r = entry->result;

    fprintf(out, "[%*zu/%zu] %-5s ", total >= 100 ? 3 : 2, index, total,
            harness_outcome_label(r->outcome));
    text_put(out, entry->scenario->name);
    fprintf(out, "  (%.2f s", r->seconds);
    if (r->steps_skipped > 0)
        fprintf(out, ", %d step%s skipped", r->steps_skipped,
                r->steps_skipped == 1 ? "" : "s");
    fprintf(out, ")\n");
    /* Names, messages and quoted responses come from scenario files and
     * the target; escaped, none can move the cursor or recolour the
     * terminal. */
    if (r->message != NULL) {
        fputs("        ", out);
        text_put(out, r->message);
        fputc('\n', out);
    }
    if (r->outcome != HARNESS_OUTCOME_PASS && r->details != NULL)
        lines_put(out, "        | ", r->details);
    fflush(out);
}

void harness_report_summary(FILE *out, const struct harness_report_entry *all,
                            size_t count, double seconds)
{
    size_t by_outcome[4] = { 0 };

    for (size_t i = 0; i < count; i++)
        by_outcome[all[i].result->outcome]++;
    fprintf(out,
            "\n%zu scenario%s: %zu passed, %zu failed, %zu skipped, %zu "
            "setup error%s (%.2f s)\n",
            count, count == 1 ? "" : "s", by_outcome[HARNESS_OUTCOME_PASS],
            by_outcome[HARNESS_OUTCOME_FAIL], by_outcome[HARNESS_OUTCOME_SKIP],
            by_outcome[HARNESS_OUTCOME_ERROR],
            by_outcome[HARNESS_OUTCOME_ERROR] == 1 ? "" : "s", seconds);
    for (size_t i = 0; i < count; i++) {
        const struct harness_result *r = all[i].result;
        if (r->outcome == HARNESS_OUTCOME_FAIL ||
            r->outcome == HARNESS_OUTCOME_ERROR) {
            fprintf(out, "  %s ", harness_outcome_label(r->outcome));
            text_put(out, all[i].scenario->name);
            fputs(": ", out);
            text_put(out, r->message);
            fputc('\n', out);
        }
    }
    fflush(out);
}

/* In attributes, parsers turn raw newlines and tabs into spaces. */
static bool xml_escape(struct common_strbuf *sb, const char *text,
                       bool attribute)
{
    const unsigned char *s = (const unsigned char *)text;

    while (*s) {
        size_t len = utf8_length(s);
        const char *entity = NULL;

        switch (*s) {
        case '\n':
            entity = attribute ? "&#10;" : NULL;
            break;
        case '\t':
            entity = attribute ? "&#9;" : NULL;
            break;
        case '\r':
            /* Raw, it would be read back as a newline. */
            entity = "&#13;";
            break;
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = "&quot;";
            break;
        case '\'':
            entity = "&apos;";
            break;
        default:
            break;
        }
        if (entity != NULL) {
            common_strbuf_puts(sb, entity);
        } else if (len == 0 ||
                   (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')) {
            common_strbuf_puts(sb, "\xEF\xBF\xBD"); /* U+FFFD */
            len = 1;
        } else {
            common_strbuf_append(sb, s, len);
        }
        s += len ? len : 1;
    }
    return !sb->overflowed;
}

bool harness_report_xml_escape(struct common_strbuf *sb, const char *text)
{
    return xml_escape(sb, text, false);
}

bool harness_report_xml_escape_attribute(struct common_strbuf *sb,
                                         const char *text)
{
    return xml_escape(sb, text, true);
}

bool harness_report_tap_escape(struct common_strbuf *sb, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;

    while (*s) {
        if (*s == '\n' || *s == '\r') {
            common_strbuf_puts(sb, " ");
            s++;
        } else if (*s == '#' || *s == '\\') {
            common_strbuf_printf(sb, "\\%c", *s);
            s++;
        } else {
            s += text_escape_one(sb, s);
        }
    }
    return !sb->overflowed;
}

/* Writes `text` as YAML block-scalar lines, escaped: YAML forbids most
 * control characters. */
static void tap_yaml_block(FILE *out, const char *key, const char *text)
{
    fprintf(out, "  %s: |\n", key);
    lines_put(out, "    ", text);
}

int harness_report_write_tap(FILE *out, const struct harness_report_entry *all,
                             size_t count)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, ESCAPED_MAX);
    fprintf(out, "TAP version 13\n1..%zu\n", count);
    for (size_t i = 0; i < count; i++) {
        const struct harness_result *r = all[i].result;
        bool ok = r->outcome == HARNESS_OUTCOME_PASS ||
                  r->outcome == HARNESS_OUTCOME_SKIP;

        common_strbuf_free(&sb);
        harness_report_tap_escape(&sb, all[i].scenario->name);
        common_strbuf_puts(&sb, " - ");
        harness_report_tap_escape(&sb, all[i].scenario->title);
        fprintf(out, "%s %zu - %s", ok ? "ok" : "not ok", i + 1,
                common_strbuf_str(&sb));
        if (r->outcome == HARNESS_OUTCOME_SKIP) {
            common_strbuf_free(&sb);
            harness_report_tap_escape(&sb, r->message ? r->message : "");
            fprintf(out, " # SKIP %s", common_strbuf_str(&sb));
        }
        fputc('\n', out);

        /* Diagnostics as a YAML block for failures and partial skips. */
        if ((!ok || r->details != NULL) && r->outcome != HARNESS_OUTCOME_SKIP) {
            fprintf(out, "  ---\n  outcome: %s\n",
                    harness_outcome_label(r->outcome));
            if (r->message != NULL)
                tap_yaml_block(out, "message", r->message);
            if (r->details != NULL)
                tap_yaml_block(out, "details", r->details);
            fprintf(out, "  ...\n");
        }
    }
    common_strbuf_free(&sb);
    return ferror(out) ? -1 : 0;
}

/* Prints `text` XML-escaped for an attribute or element content. */
static void xml_put(FILE *out, const char *text, bool attribute)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, ESCAPED_MAX);
    xml_escape(&sb, text ? text : "", attribute);
    fputs(common_strbuf_str(&sb), out);
    common_strbuf_free(&sb);
}

int harness_report_write_junit(FILE *out,
                               const struct harness_report_entry *all,
                               size_t count, double seconds)
{
    size_t failures = 0, errors = 0, skipped = 0;

    for (size_t i = 0; i < count; i++) {
        failures += all[i].result->outcome == HARNESS_OUTCOME_FAIL;
        errors += all[i].result->outcome == HARNESS_OUTCOME_ERROR;
        skipped += all[i].result->outcome == HARNESS_OUTCOME_SKIP;
    }
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(out,
            "<testsuites name=\"seam-harness\" tests=\"%zu\" failures=\"%zu\" "
            "errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
            count, failures, errors, skipped, seconds);
    fprintf(out,
            "  <testsuite name=\"scenarios\" tests=\"%zu\" failures=\"%zu\" "
            "errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
            count, failures, errors, skipped, seconds);

    for (size_t i = 0; i < count; i++) {
        const struct harness_result *r = all[i].result;
        const char *element = r->outcome == HARNESS_OUTCOME_FAIL    ? "failure"
                              : r->outcome == HARNESS_OUTCOME_ERROR ? "error"
                                                                    : "skipped";

        fprintf(out, "    <testcase classname=\"scenarios.");
        xml_put(out, all[i].scenario->name, true);
        fprintf(out, "\" name=\"");
        xml_put(out, all[i].scenario->title, true);
        fprintf(out, "\" file=\"");
        xml_put(out, all[i].scenario->path, true);
        fprintf(out, "\" time=\"%.3f\">\n", r->seconds);
        if (r->outcome != HARNESS_OUTCOME_PASS) {
            fprintf(out, "      <%s message=\"", element);
            xml_put(out, r->message, true);
            fprintf(out, "\">");
            xml_put(out, r->outcome == HARNESS_OUTCOME_SKIP ? "" : r->details,
                    false);
            fprintf(out, "</%s>\n", element);
        }
        /* Failures carry their details already; a pass may still have
         * skipped steps worth showing. */
        if (r->details != NULL && r->outcome == HARNESS_OUTCOME_PASS) {
            fprintf(out, "      <system-out>");
            xml_put(out, r->details, false);
            fprintf(out, "</system-out>\n");
        }
        fprintf(out, "    </testcase>\n");
    }
    fprintf(out, "  </testsuite>\n</testsuites>\n");
    return ferror(out) ? -1 : 0;
}
