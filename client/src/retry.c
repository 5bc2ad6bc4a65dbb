/* Retry rules: which calls, after which failures, after how long. */

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "retry.h"

/* Backoff steps stop doubling here, so a huge retry count stays sane. */
#define BACKOFF_MAX_SHIFT 16
/* Longest Retry-After kept exactly; anything longer counts as this much,
 * which is still far beyond any sane maximum wait. */
#define RETRY_AFTER_MAX_SECONDS (LONG_MAX / 1000L)

bool seamc__route_is_read(const char *route)
{
    const char *last = strrchr(route, '/');

    last = last == NULL ? route : last + 1;
    return strcmp(last, "get") == 0 || strcmp(last, "list") == 0 ||
           strncmp(last, "list_", 5) == 0;
}

bool seamc__http_status_is_retryable(long http_status)
{
    return http_status == 429 || (http_status >= 500 && http_status <= 599);
}

long seamc__retry_after_ms(const char *value, time_t now)
{
    const char *cursor;
    long seconds = 0;
    time_t when;

    if (value == NULL) {
        return -1;
    }
    while (isspace((unsigned char)*value)) {
        value++;
    }

    /* delay-seconds is 1*DIGIT (RFC 9110): no sign, fraction or hex,
     * which strtod would have taken. A huge value saturates rather than
     * being ignored, so the caller gives up instead of retrying early. */
    if (isdigit((unsigned char)*value)) {
        for (cursor = value; isdigit((unsigned char)*cursor); cursor++) {
            long digit = *cursor - '0';

            seconds = seconds > (RETRY_AFTER_MAX_SECONDS - digit) / 10
                          ? RETRY_AFTER_MAX_SECONDS
                          : seconds * 10 + digit;
        }
        while (isspace((unsigned char)*cursor)) {
            cursor++;
        }
        return *cursor == '\0' ? seconds * 1000L : -1;
    }

    /* Otherwise an HTTP-date, which libcurl already knows how to read. */
    when = curl_getdate(value, NULL);
    if (when == (time_t)-1) {
        return -1;
    }
    if (when <= now) {
        return 0;
    }
    return when - now >= RETRY_AFTER_MAX_SECONDS
               ? RETRY_AFTER_MAX_SECONDS * 1000L
               : (long)(when - now) * 1000L;
}

long seamc__backoff_ms(long base_ms, int retry, uint32_t random)
{
    int shift = retry > 1 ? retry - 1 : 0;
    long step;
    long half;

    if (shift > BACKOFF_MAX_SHIFT) {
        shift = BACKOFF_MAX_SHIFT;
    }
    step = base_ms << shift;
    half = step / 2;
    return half + (long)(random % (uint32_t)(step - half + 1));
}

uint32_t seamc__next_random(uint32_t *state)
{
    uint32_t x = *state != 0 ? *state : 0x9e3779b9u;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}
