/* Small text helpers shared by the library's modules. */

#include <stdlib.h>
#include <string.h>

#include "text.h"

char *seamc__duplicate_text(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);

    if (copy != NULL) {
        memcpy(copy, text, len + 1);
    }
    return copy;
}
