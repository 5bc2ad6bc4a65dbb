#include "api_helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct sim_server *test_server_new(void)
{
    struct sim_server_config config = { 0 };
    char err[256];
    struct sim_server *server;

    /* Keep test output to failures; access lines are tested elsewhere. */
    sim_log_set_level(SIM_LOG_WARN);
    server = sim_server_new(&config, err, sizeof err);

    if (server == NULL)
        fail_msg("server: %s", err);
    return server;
}

struct test_reply test_call(struct sim_server *server, const char *method,
                            const char *path, const char *query,
                            const char *key, const char *body)
{
    struct sim_http_request in = { 0 };
    struct sim_http_response out;
    struct test_reply reply = { 0 };
    char auth[256];

    in.method = method;
    in.path = path;
    in.query = query;
    if (key != NULL) {
        snprintf(auth, sizeof auth, "Bearer %s", key);
        in.authorization = auth;
    }
    in.content_type = body ? "application/json" : NULL;
    in.host = "127.0.0.1:1234";
    in.body = body;
    in.body_len = body ? strlen(body) : 0;
    sim_server_serve(server, &in, &out);

    reply.status = out.status;
    reply.json = out.body ? cJSON_Parse(out.body) : NULL;
    snprintf(reply.request_id, sizeof reply.request_id, "%s", out.request_id);
    snprintf(reply.allow, sizeof reply.allow, "%s", out.allow);
    reply.retry_after_s = out.retry_after_s;
    free(out.body);

    /* Every reply is a JSON object carrying "ok". */
    assert_non_null(reply.json);
    assert_true(cJSON_IsBool(cJSON_GetObjectItem(reply.json, "ok")));
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(reply.json, "ok")),
                     reply.status == 200);
    assert_int_equal(strlen(reply.request_id), 36);
    return reply;
}

struct test_reply test_post(struct sim_server *server, const char *path,
                            const char *body)
{
    return test_call(server, "POST", path, NULL, TEST_KEY, body);
}

void test_reply_free(struct test_reply *reply)
{
    cJSON_Delete(reply->json);
    reply->json = NULL;
}

const cJSON *test_get(const struct test_reply *reply, const char *path)
{
    const cJSON *node = reply->json;
    char copy[256], *save = NULL;

    snprintf(copy, sizeof copy, "%s", path);
    for (char *part = strtok_r(copy, ".", &save); part && node;
         part = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(node))
            node = cJSON_GetArrayItem(node, atoi(part));
        else
            node = cJSON_GetObjectItemCaseSensitive(node, part);
    }
    return node;
}

const char *test_str(const struct test_reply *reply, const char *path)
{
    const cJSON *node = test_get(reply, path);
    return cJSON_IsString(node) ? node->valuestring : NULL;
}

const char *test_error_type(const struct test_reply *reply)
{
    return test_str(reply, "error.type");
}

const char *test_make_user(struct sim_server *server, const char *system,
                           const char *name)
{
    static char id[40];
    char body[256];

    snprintf(body, sizeof body,
             "{\"acs_system_id\":\"%s\",\"full_name\":\"%s\"}", system, name);
    struct test_reply r = test_post(server, "/acs/users/create", body);
    assert_int_equal(r.status, 200);
    snprintf(id, sizeof id, "%s", test_str(&r, "acs_user.acs_user_id"));
    test_reply_free(&r);
    return id;
}
