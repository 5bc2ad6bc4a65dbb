#ifndef SEAMC_TEST_SUPPORT_H
#define SEAMC_TEST_SUPPORT_H

/* Shared set-up for the tests that talk to the fake server. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_server.h"
#include "seam/seam.h"

#define TEST_API_KEY "seam_test_key_5f3c9a1b2d"

/* Delays the client asked for, recorded instead of slept. */
struct delay_log {
    long delays[16];
    size_t count;
};

/* Everything one test needs; set up and torn down per test. */
struct fixture {
    struct fake_server *server;
    seamc_client *client;
    struct delay_log delays;
    char log_text[8192]; /* every log line, newline-separated */
};

/* Starts a server and a client for it (retries recorded, not slept;
 * 5 s timeout); the teardown stops both. Return 0 for cmocka. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* Recreates the fixture's client with a modified config. */
void fixture_reconfigure(struct fixture *fixture,
                         void (*tweak)(struct seamc_config *config));

/* Parses the body of request `index` as JSON (owned by the caller). */
cJSON *request_json(struct fixture *fixture, size_t index);

#endif
