/*
 * Does a lookup by id cost the same in a full store as in an empty one?
 *
 * Two in-process servers: one holding a single credential, one holding
 * that plus 100,000 more (and their user). Each answers the same
 * /acs/credentials/get, /acs/users/get and /acs/entrances/get requests
 * through sim_server_serve, the dispatcher the HTTP listener calls, so
 * the measurement covers routing, parsing, lookup and rendering but not
 * the network. Rounds alternate between the two servers so drift in the
 * machine's speed hits both alike; the median round decides.
 *
 * Prints the big/small time ratio per route. With --check it exits 1 when
 * a ratio is above the target (1.10).
 */

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/time.h"
#include "server.h"

#define STORE_SIZE     100000
#define ROUNDS         15
#define GETS_PER_ROUND 4000
#define TARGET_RATIO   1.10

#define KEY    "seam_sim_default_key"
#define SYSTEM "11111111-1111-1111-1111-111111111111"

static const char *const doors[] = {
    "e1000000-0000-4000-8000-000000000001",
    "e1000000-0000-4000-8000-000000000002",
    "e1000000-0000-4000-8000-000000000003",
    "e1000000-0000-4000-8000-000000000004",
};

/* POSTs `body` and returns the parsed reply; exits on failure. */
static cJSON *post(struct sim_server *s, const char *path, const char *body)
{
    struct sim_http_request in = { .method = "POST",
                                   .path = path,
                                   .authorization = "Bearer " KEY,
                                   .content_type = "application/json",
                                   .body = body,
                                   .body_len = strlen(body) };
    struct sim_http_response out;

    sim_server_serve(s, &in, &out);
    cJSON *json = cJSON_Parse(out.body);
    if (out.status != 200 || json == NULL) {
        fprintf(stderr, "bench: %s failed: %s\n", path, out.body);
        exit(2);
    }
    free(out.body);
    return json;
}

/* Creates a user with `count` PIN credentials; writes the last ids. */
static void populate(struct sim_server *s, int count, char *user_id,
                     char *credential_id)
{
    char body[256];
    cJSON *r = post(s, "/acs/users/create",
                    "{\"acs_system_id\":\"" SYSTEM "\",\"full_name\":\"B\"}");
    snprintf(
        user_id, 40, "%s",
        cJSON_GetObjectItem(cJSON_GetObjectItem(r, "acs_user"), "acs_user_id")
            ->valuestring);
    cJSON_Delete(r);

    for (int i = 0; i < count; i++) {
        snprintf(body, sizeof body,
                 "{\"acs_user_id\":\"%s\",\"access_method\":\"code\","
                 "\"allowed_acs_entrance_ids\":[\"%s\"]}",
                 user_id, doors[i % 4]);
        r = post(s, "/acs/credentials/create", body);
        snprintf(credential_id, 40, "%s",
                 cJSON_GetObjectItem(cJSON_GetObjectItem(r, "acs_credential"),
                                     "acs_credential_id")
                     ->valuestring);
        cJSON_Delete(r);
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds for GETS_PER_ROUND GETs of `path` with `query`. */
static double time_gets(struct sim_server *s, const char *path,
                        const char *query)
{
    struct sim_http_request in = { .method = "GET",
                                   .path = path,
                                   .query = query,
                                   .authorization = "Bearer " KEY };
    struct sim_http_response out;
    double start = now_seconds();

    for (int i = 0; i < GETS_PER_ROUND; i++) {
        sim_server_serve(s, &in, &out);
        if (out.status != 200) {
            fprintf(stderr, "bench: GET %s?%s -> %d\n", path, query,
                    out.status);
            exit(2);
        }
        free(out.body);
    }
    return now_seconds() - start;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    bool check = argc > 1 && strcmp(argv[1], "--check") == 0;
    struct sim_server_config config = { 0 };
    char err[256];
    char small_user[40], small_cred[40], big_user[40], big_cred[40];
    int failed = 0;

    if (sodium_init() < 0)
        return 2;
    sim_log_set_level(SIM_LOG_ERROR);
    struct sim_server *small = sim_server_new(&config, err, sizeof err);
    struct sim_server *big = sim_server_new(&config, err, sizeof err);
    if (small == NULL || big == NULL) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }

    /* Fill the stores. */
    double t0 = now_seconds();
    populate(small, 1, small_user, small_cred);
    populate(big, STORE_SIZE + 1, big_user, big_cred);
    printf("stores: 1 vs %d credentials (filled in %.1f s)\n", STORE_SIZE + 1,
           now_seconds() - t0);

    /* Alternate rounds per route and compare medians. */
    struct {
        const char *path, *param, *small_id, *big_id;
    } routes[] = {
        { "/acs/credentials/get", "acs_credential_id", small_cred, big_cred },
        { "/acs/users/get", "acs_user_id", small_user, big_user },
        { "/acs/entrances/get", "acs_entrance_id", doors[0], doors[0] },
    };
    for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
        double small_t[ROUNDS], big_t[ROUNDS];
        char small_q[96], big_q[96];
        snprintf(small_q, sizeof small_q, "%s=%s", routes[r].param,
                 routes[r].small_id);
        snprintf(big_q, sizeof big_q, "%s=%s", routes[r].param,
                 routes[r].big_id);
        time_gets(small, routes[r].path, small_q); /* warm up */
        time_gets(big, routes[r].path, big_q);
        for (int i = 0; i < ROUNDS; i++) {
            small_t[i] = time_gets(small, routes[r].path, small_q);
            big_t[i] = time_gets(big, routes[r].path, big_q);
        }
        qsort(small_t, ROUNDS, sizeof small_t[0], compare_doubles);
        qsort(big_t, ROUNDS, sizeof big_t[0], compare_doubles);
        double ratio = big_t[ROUNDS / 2] / small_t[ROUNDS / 2];
        bool ok = ratio <= TARGET_RATIO;
        failed |= !ok;
        printf("%-24s %6.2f us/get small, %6.2f us/get big, ratio %.3f "
               "(target <= %.2f) %s\n",
               routes[r].path, small_t[ROUNDS / 2] * 1e6 / GETS_PER_ROUND,
               big_t[ROUNDS / 2] * 1e6 / GETS_PER_ROUND, ratio, TARGET_RATIO,
               ok ? "ok" : "OVER");
    }
    sim_server_free(small);
    sim_server_free(big);
    return check && failed ? 1 : 0;
}
