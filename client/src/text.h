#ifndef SEAMC_TEXT_H
#define SEAMC_TEXT_H

/* Small text helpers shared by the library's modules. */

/* A malloc'd copy of `text` (freed with free()), or NULL when out of
 * memory. `text` must not be NULL. */
char *seamc__duplicate_text(const char *text);

#endif
