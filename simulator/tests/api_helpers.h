#ifndef SIM_TEST_API_HELPERS_H
#define SIM_TEST_API_HELPERS_H

/*
 * Helpers for tests that drive the simulator through sim_server_serve(),
 * the same dispatcher the HTTP listener calls, without a network.
 */

#include <cjson/cJSON.h>

#include "server.h"

#define TEST_KEY     "seam_sim_default_key"
#define HUB_SYSTEM   "11111111-1111-1111-1111-111111111111"
#define NOHUB_SYSTEM "22222222-2222-2222-2222-222222222222"
#define HUB_DOOR_1   "e1000000-0000-4000-8000-000000000001"
#define HUB_DOOR_2   "e1000000-0000-4000-8000-000000000002"
#define NOHUB_DOOR_1 "e2000000-0000-4000-8000-000000000001"

struct test_reply {
    int status;
    cJSON *json; /* owned; NULL if the body was not JSON */
    char request_id[40];
    char allow[48];
    int retry_after_s;
};

/* A server on the embedded fixture; the test frees it. */
struct sim_server *test_server_new(void);

/*
 * Sends a request. `query` and `body` may be NULL; `key` NULL sends no
 * Authorization header. The reply's json must be freed with
 * test_reply_free().
 */
struct test_reply test_call(struct sim_server *server, const char *method,
                            const char *path, const char *query,
                            const char *key, const char *body);

/* POST with a JSON body and the default key. */
struct test_reply test_post(struct sim_server *server, const char *path,
                            const char *body);

void test_reply_free(struct test_reply *reply);

/* The string at a dotted path ("acs_user.acs_user_id"), or NULL. */
const char *test_str(const struct test_reply *reply, const char *path);

/* The item at a dotted path, or NULL. Array indexes are numbers. */
const cJSON *test_get(const struct test_reply *reply, const char *path);

/* The error type of an error reply, or NULL. */
const char *test_error_type(const struct test_reply *reply);

/* Creates an ACS user in `system` and returns its id (static buffer). */
const char *test_make_user(struct sim_server *server, const char *system,
                           const char *name);

#endif
