#ifndef SIM_LOG_H
#define SIM_LOG_H

/*
 * The simulator's one logger.
 *
 * Lines go to stderr as
 *   2024-07-13T16:50:42.072Z INFO  [req 5f0c…] message
 * where the request id is the one the calling thread is serving ("-"
 * outside a request). Levels are checked before anything is formatted.
 * Client-supplied text must go through sim_log_sanitize() first.
 */

#include <stddef.h>

enum sim_log_level {
    SIM_LOG_ERROR,
    SIM_LOG_WARN,
    SIM_LOG_INFO,
    SIM_LOG_DEBUG,
};

/* Sets the most verbose level that is written. Default: SIM_LOG_INFO. */
void sim_log_set_level(enum sim_log_level level);

/* Parses "error", "warn", "info" or "debug". Returns 0, or -1 if unknown. */
int sim_log_level_parse(const char *name, enum sim_log_level *out);

/*
 * Sets the request id shown on this thread's lines. `request_id` is
 * borrowed and must stay valid until cleared with NULL.
 */
void sim_log_set_request_id(const char *request_id);

/* True when `level` would be written. */
int sim_log_enabled(enum sim_log_level level);

void sim_log(enum sim_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define sim_log_error(...) sim_log(SIM_LOG_ERROR, __VA_ARGS__)
#define sim_log_warn(...)  sim_log(SIM_LOG_WARN, __VA_ARGS__)
#define sim_log_info(...)                                                      \
    do {                                                                       \
        if (sim_log_enabled(SIM_LOG_INFO))                                     \
            sim_log(SIM_LOG_INFO, __VA_ARGS__);                                \
    } while (0)
#define sim_log_debug(...)                                                     \
    do {                                                                       \
        if (sim_log_enabled(SIM_LOG_DEBUG))                                    \
            sim_log(SIM_LOG_DEBUG, __VA_ARGS__);                               \
    } while (0)

/*
 * Copies at most size-1 bytes of untrusted `text` into `out`, replacing
 * non-printable bytes with '?' and marking truncation with "...".
 * Returns `out`.
 */
char *sim_log_sanitize(const char *text, char *out, size_t size);

/*
 * Writes a loggable form of an API key into `out`: its first 8 characters
 * followed by "..." so keys can be told apart without being revealed.
 * Returns `out`.
 */
char *sim_log_key_prefix(const char *key, char *out, size_t size);

#endif
