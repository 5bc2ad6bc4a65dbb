#ifndef SEAMC_QUERY_H
#define SEAMC_QUERY_H

/*
 * Query-string encoding of call parameters, the way the official SDKs
 * send reads over GET: keys sorted; arrays as repeated keys (an empty
 * array as "key="); nested objects as dotted keys ("a.b=..."); null as
 * an empty value; empty strings left out; booleans and numbers as text.
 * Keys and values are form-encoded (space as '+').
 */

#include <cjson/cJSON.h>

#include "common/strbuf.h"
#include "seam/status.h"

/*
 * Appends the encoding of `params` (a JSON object, borrowed; NULL encodes
 * as nothing) to `out`, without a leading '?'. Returns SEAMC_OK,
 * SEAMC_EINVAL when `params` is not an object or holds an array of
 * arrays/objects (which has no query form), or SEAMC_ENOMEM (also when
 * `out` hits its cap). On failure `out` may hold a partial encoding.
 */
enum seamc_status seamc__query_encode(const cJSON *params,
                                      struct common_strbuf *out);

#endif
