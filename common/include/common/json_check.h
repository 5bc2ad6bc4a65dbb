#ifndef COMMON_JSON_CHECK_H
#define COMMON_JSON_CHECK_H

/*
 * A single pass over JSON text, before it is parsed, that refuses what a
 * parser would handle badly or silently change:
 *
 *  - nesting deeper than `max_depth` (cJSON parses recursively, so a
 *    small body of brackets could otherwise exhaust a thread's stack);
 *  - bytes that are not valid UTF-8 (they would be stored and echoed
 *    back, breaking strict clients);
 *  - raw control characters inside strings (invalid JSON that cJSON
 *    accepts);
 *  - the escape \u0000 (cJSON would cut the string short there);
 *  - more than COMMON_JSON_MAX_VALUES values.
 *
 * It does not check the grammar itself; the parser still does that.
 */

#include <stdbool.h>
#include <stddef.h>

/* Nesting depth the simulator and fixtures accept; Seam's shapes need 4. */
#define COMMON_JSON_MAX_DEPTH 64

/*
 * Values (array elements and object members) one document may hold. A
 * parsed value costs far more memory than its text, so a body of small
 * numbers could otherwise cost ~30 times its size; Seam's requests hold
 * a few dozen.
 */
#define COMMON_JSON_MAX_VALUES 100000

/*
 * Returns true when `text` (`len` bytes, NULs included) passes. Otherwise
 * returns false and, when `why` is not NULL, points it at a static
 * sentence saying what is wrong.
 */
bool common_json_check(const char *text, size_t len, int max_depth,
                       const char **why);

/*
 * True when `text` (`len` bytes) is valid UTF-8 without control
 * characters (below 0x20, or 0x7f): what a decoded query value may hold.
 */
bool common_text_is_clean(const char *text, size_t len);

#endif
