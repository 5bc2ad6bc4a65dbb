/* Retry rules: which calls, after which failures, after how long. */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "retry.h"

/* Backoff steps stop doubling here, so a huge retry count stays sane. */
#define BACKOFF_MAX_SHIFT 16

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
    time_t when;

    if (value == NULL) {
        return -1;
    }
    while (isspace((unsigned char)*value)) {
        value++;
    }

    /* delta-seconds: digits, with a fraction tolerated. */
    if (isdigit((unsigned char)*value)) {
        char *end;
        double seconds = strtod(value, &end);

        for (cursor = end; isspace((unsigned char)*cursor); cursor++) {
        }
        if (*cursor != '\0' || seconds > 86400.0 * 365) {
            return -1;
        }
        return (long)(seconds * 1000.0);
    }

    /* Otherwise an HTTP-date, which libcurl already knows how to read. */
    when = curl_getdate(value, NULL);
    if (when == (time_t)-1) {
        return -1;
    }
    return when <= now ? 0 : (long)(when - now) * 1000L;
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
