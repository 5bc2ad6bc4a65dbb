#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/time.h"

static enum sim_log_level current_level = SIM_LOG_INFO;
static _Thread_local const char *thread_request_id;

static const char *const level_names[] = { "ERROR", "WARN", "INFO", "DEBUG" };

void sim_log_set_level(enum sim_log_level level)
{
    current_level = level;
}

int sim_log_level_parse(const char *name, enum sim_log_level *out)
{
    static const char *const lower[] = { "error", "warn", "info", "debug" };

    for (int i = 0; i < 4; i++) {
        if (strcmp(name, lower[i]) == 0) {
            *out = (enum sim_log_level)i;
            return 0;
        }
    }
    return -1;
}

void sim_log_set_request_id(const char *request_id)
{
    thread_request_id = request_id;
}

int sim_log_enabled(enum sim_log_level level)
{
    return level <= current_level;
}

void sim_log(enum sim_log_level level, const char *fmt, ...)
{
    char stamp[COMMON_TIME_ISO_SIZE];
    char message[1024];
    va_list ap;

    if (!sim_log_enabled(level))
        return;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    /* One fprintf per line keeps lines from different threads whole. */
    fprintf(stderr, "%s %-5s [req %s] %s\n",
            common_time_format_iso(common_time_now_ms(), stamp),
            level_names[level], thread_request_id ? thread_request_id : "-",
            message);
}

char *sim_log_sanitize(const char *text, char *out, size_t size)
{
    size_t n = 0;

    if (size == 0)
        return out;
    for (; text && text[n] && n + 1 < size; n++) {
        unsigned char c = (unsigned char)text[n];
        out[n] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    out[n] = '\0';
    if (text && text[n] && size > 4)
        memcpy(out + size - 4, "...", 4);
    return out;
}

char *sim_log_key_prefix(const char *key, char *out, size_t size)
{
    char visible[9] = "";
    size_t n = 0;

    /* Eight characters tell keys apart and reveal nothing usable. */
    for (; key && key[n] && n < sizeof visible - 1; n++) {
        unsigned char c = (unsigned char)key[n];
        visible[n] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    visible[n] = '\0';
    snprintf(out, size, "%s...", visible);
    return out;
}
