#include "common/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void common_strbuf_init(struct common_strbuf *sb, size_t max)
{
    memset(sb, 0, sizeof *sb);
    sb->max = max;
}

void common_strbuf_free(struct common_strbuf *sb)
{
    size_t max = sb->max;

    free(sb->data);
    common_strbuf_init(sb, max);
}

/* Makes room for `extra` more bytes plus the terminator. */
static bool reserve(struct common_strbuf *sb, size_t extra)
{
    if (extra > sb->max - sb->len) {
        sb->overflowed = true;
        return false;
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return true;

    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    char *data = realloc(sb->data, cap);
    if (data == NULL) {
        sb->overflowed = true;
        return false;
    }
    sb->data = data;
    sb->cap = cap;
    return true;
}

bool common_strbuf_append(struct common_strbuf *sb, const void *bytes,
                          size_t len)
{
    if (!reserve(sb, len))
        return false;
    if (len > 0)
        memcpy(sb->data + sb->len, bytes, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
    return true;
}

bool common_strbuf_puts(struct common_strbuf *sb, const char *text)
{
    return common_strbuf_append(sb, text, strlen(text));
}

bool common_strbuf_printf(struct common_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    char small[256];

    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return common_strbuf_append(sb, small, (size_t)n);

    /* Too long for the stack buffer: format straight into the buffer. */
    if (!reserve(sb, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
    return true;
}

const char *common_strbuf_str(const struct common_strbuf *sb)
{
    return sb->data ? sb->data : "";
}

char *common_strbuf_detach(struct common_strbuf *sb)
{
    char *data = sb->data ? sb->data : calloc(1, 1);

    sb->data = NULL;
    common_strbuf_free(sb);
    return data;
}
