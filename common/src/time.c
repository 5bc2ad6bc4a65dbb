#include "common/time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t common_time_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

char *common_time_format_iso(int64_t ms, char out[COMMON_TIME_ISO_SIZE])
{
    if (ms < COMMON_TIME_MIN_MS)
        ms = COMMON_TIME_MIN_MS;
    if (ms > COMMON_TIME_MAX_MS)
        ms = COMMON_TIME_MAX_MS;

    int64_t days = ms / 86400000;
    int64_t rem = ms % 86400000;
    int64_t year;
    unsigned month, day;

    if (rem < 0) {
        rem += 86400000;
        days -= 1;
    }
    civil_from_days(days, &year, &month, &day);
    if (year < 0)
        year = 0;
    if (year > 9999)
        year = 9999;
    /* Every field is range-bound, so the text is always 24 characters. */
    unsigned hms_ms[4] = { (unsigned)(rem / 3600000) % 24,
                           (unsigned)(rem / 60000 % 60),
                           (unsigned)(rem / 1000 % 60),
                           (unsigned)(rem % 1000) };
    snprintf(out, COMMON_TIME_ISO_SIZE, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
             (unsigned)year % 10000, month % 13, day % 32, hms_ms[0], hms_ms[1],
             hms_ms[2], hms_ms[3]);
    return out;
}

/* Reads exactly `n` digits at *p into *out and advances *p. */
static bool read_digits(const char **p, int n, int *out)
{
    int value = 0;

    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    *p += n;
    *out = value;
    return true;
}

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool common_time_parse_iso(const char *text, int64_t *out_ms)
{
    const char *p = text;
    int year, month, day, hour, minute, second, millis = 0;
    int offset_minutes = 0;

    if (text == NULL)
        return false;

    /* Date and time of day. */
    if (!read_digits(&p, 4, &year) || *p++ != '-' ||
        !read_digits(&p, 2, &month) || *p++ != '-' || !read_digits(&p, 2, &day))
        return false;
    if (*p != 'T' && *p != 't')
        return false;
    p++;
    if (!read_digits(&p, 2, &hour) || *p++ != ':' ||
        !read_digits(&p, 2, &minute) || *p++ != ':' ||
        !read_digits(&p, 2, &second))
        return false;
    if (month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month) || hour > 23 || minute > 59 ||
        second > 59)
        return false;

    /* Optional fraction: keep milliseconds, ignore finer digits. */
    if (*p == '.') {
        int digits = 0;
        p++;
        while (*p >= '0' && *p <= '9') {
            if (digits < 3)
                millis = millis * 10 + (*p - '0');
            digits++;
            p++;
        }
        if (digits == 0)
            return false;
        for (; digits < 3; digits++)
            millis *= 10;
    }

    /* Required offset. */
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh, om;
        if (!read_digits(&p, 2, &oh) || *p++ != ':' ||
            !read_digits(&p, 2, &om) || oh > 23 || om > 59)
            return false;
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return false;
    }
    if (*p != '\0')
        return false;

    int64_t days = days_from_civil(year, (unsigned)month, (unsigned)day);
    int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second -
                   (int64_t)offset_minutes * 60;
    *out_ms = secs * 1000 + millis;
    return true;
}
