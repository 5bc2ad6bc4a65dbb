#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *harness_strerror(enum harness_status status)
{
    switch (status) {
#define HARNESS_STATUS_MESSAGE_CASE(name, value, message)                      \
    case name:                                                                 \
        return message;
        HARNESS_STATUS_TABLE(HARNESS_STATUS_MESSAGE_CASE)
#undef HARNESS_STATUS_MESSAGE_CASE
    }
    return "unknown status";
}

const char *harness_errname(enum harness_status status)
{
    switch (status) {
#define HARNESS_STATUS_NAME_CASE(name, value, message)                         \
    case name:                                                                 \
        return #name;
        HARNESS_STATUS_TABLE(HARNESS_STATUS_NAME_CASE)
#undef HARNESS_STATUS_NAME_CASE
    }
    return "HARNESS_UNKNOWN";
}

void harness_error_clear(struct harness_error *err)
{
    if (err == NULL)
        return;
    err->status = HARNESS_OK;
    err->text[0] = '\0';
}

enum harness_status harness_fail(struct harness_error *err,
                                 enum harness_status status, const char *fmt,
                                 ...)
{
    va_list ap;

    if (err == NULL)
        return status;
    err->status = status;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return status;
}

void harness_error_prefix(struct harness_error *err, const char *fmt, ...)
{
    char prefix[512];
    char old[HARNESS_ERROR_TEXT_SIZE];
    va_list ap;

    if (err == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->text, sizeof old);
    snprintf(err->text, sizeof err->text, "%s%s", prefix, old);
}
