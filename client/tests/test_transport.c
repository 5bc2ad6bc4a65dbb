/*
 * The handle and the generic call against the scripted loopback server:
 * configuration, request building, answer handling, retries and faults.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "test_support.h"

static const char ok_user[] =
    "{\"acs_user\":{\"acs_user_id\":\"u1\"},\"ok\":true}";

/* ---- configuration --------------------------------------------------- */

static void config_prefers_caller_then_seam_endpoint_then_api_url(void **s)
{
    struct seamc_config config;
    seamc_client *client = NULL;

    (void)s;
    seamc_config_init(&config);
    config.api_key = TEST_API_KEY;
    setenv("SEAM_ENDPOINT", "http://127.0.0.1:9/from-endpoint", 1);
    setenv("SEAM_API_URL", "http://127.0.0.1:9/from-api-url", 1);
    assert_int_equal(seamc_client_new(&config, &client, NULL), SEAMC_OK);
    assert_string_equal(seamc_client_endpoint(client),
                        "http://127.0.0.1:9/from-endpoint");
    seamc_client_free(client);

    unsetenv("SEAM_ENDPOINT");
    assert_int_equal(seamc_client_new(&config, &client, NULL), SEAMC_OK);
    assert_string_equal(seamc_client_endpoint(client),
                        "http://127.0.0.1:9/from-api-url");
    seamc_client_free(client);

    unsetenv("SEAM_API_URL");
    assert_int_equal(seamc_client_new(&config, &client, NULL), SEAMC_OK);
    assert_string_equal(seamc_client_endpoint(client),
                        "https://connect.getseam.com");
    seamc_client_free(client);

    config.endpoint = "http://127.0.0.1:9/caller///";
    setenv("SEAM_ENDPOINT", "http://127.0.0.1:9/ignored", 1);
    assert_int_equal(seamc_client_new(&config, &client, NULL), SEAMC_OK);
    assert_string_equal(seamc_client_endpoint(client),
                        "http://127.0.0.1:9/caller");
    seamc_client_free(client);
    unsetenv("SEAM_ENDPOINT");
}

static void config_requires_a_key_and_an_http_endpoint(void **s)
{
    struct seamc_config config;
    struct seamc_error err;
    seamc_client *client = (seamc_client *)&config;

    (void)s;
    unsetenv("SEAM_API_KEY");
    seamc_config_init(&config);
    config.endpoint = "http://127.0.0.1:9";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_ECONFIG);
    assert_null(client);
    assert_non_null(strstr(err.message, "SEAM_API_KEY"));

    setenv("SEAM_API_KEY", "seam_from_env_key", 1);
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_OK);
    seamc_client_free(client);
    unsetenv("SEAM_API_KEY");

    config.api_key = "seam_bad\r\nX-Injected: 1";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_EINVAL);
    assert_null(strstr(err.message, "Injected"));

    config.api_key = TEST_API_KEY;
    config.endpoint = "ftp://127.0.0.1";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_ECONFIG);
    config.endpoint = "http:///";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_ECONFIG);

    /* A query or fragment would swallow the route appended after it. */
    config.endpoint = "http://127.0.0.1:9/p?x=1";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_ECONFIG);
    assert_non_null(strstr(err.message, "query"));
    config.endpoint = "http://127.0.0.1:9/p#f";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_ECONFIG);
    assert_non_null(strstr(err.message, "fragment"));
    config.endpoint = "http://u:p@127.0.0.1:9";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_ECONFIG);
    assert_non_null(strstr(err.message, "user name or password"));
    assert_null(strstr(err.message, "u:p"));
    /* An '@' in the path is not userinfo. */
    config.endpoint = "http://127.0.0.1:9/a@b";
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_OK);
    seamc_client_free(client);
    config.endpoint = "http://127.0.0.1:9";
    config.max_retries = -1;
    assert_int_equal(seamc_client_new(&config, &client, &err), SEAMC_EINVAL);
}

/* ---- request building ------------------------------------------------ */

static void post_carries_auth_json_body_and_no_double_slash(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    const struct fake_request *request;
    char value[256];
    cJSON *body;

    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call_json(fixture->client, "/acs/users/get",
                                     "{\"acs_user_id\":\"u1\"}", NULL,
                                     &response, &err),
                     SEAMC_OK);
    request = fake_server_request(fixture->server, 0);
    assert_string_equal(request->method, "POST");
    assert_string_equal(request->target, "/acs/users/get");
    assert_true(
        fake_request_header(request, "authorization", value, sizeof(value)));
    assert_string_equal(value, "Bearer " TEST_API_KEY);
    assert_true(
        fake_request_header(request, "content-type", value, sizeof(value)));
    assert_string_equal(value, "application/json");
    body = request_json(fixture, 0);
    assert_string_equal(cJSON_GetObjectItem(body, "acs_user_id")->valuestring,
                        "u1");
    cJSON_Delete(body);

    /* The answer: status, request id, parsed body. */
    assert_int_equal(response.http_status, 200);
    assert_string_equal(response.request_id, "req_test");
    assert_int_equal(response.attempts, 1);
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetObjectItem(response.body, "acs_user"),
                            "acs_user_id")
            ->valuestring,
        "u1");
    seamc_response_release(&response);
    assert_null(response.body);
}

static void route_without_slash_and_endpoint_with_slash_join_once(void **s)
{
    struct fixture *fixture = *s;
    struct seamc_response response = { 0 };
    char endpoint[128];
    struct seamc_config config;
    seamc_client *client = NULL;

    snprintf(endpoint, sizeof(endpoint), "%s/",
             fake_server_url(fixture->server));
    seamc_config_init(&config);
    config.endpoint = endpoint;
    config.api_key = TEST_API_KEY;
    assert_int_equal(seamc_client_new(&config, &client, NULL), SEAMC_OK);
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    assert_int_equal(
        seamc_call(client, "workspaces/get", NULL, NULL, &response, NULL),
        SEAMC_OK);
    assert_string_equal(fake_server_request(fixture->server, 0)->target,
                        "/workspaces/get");
    assert_string_equal(fake_server_request(fixture->server, 0)->body, "{}");
    seamc_response_release(&response);
    seamc_client_free(client);
}

static void bad_routes_are_refused_before_sending(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    static const char *const bad[] = {
        "", "/", "/acs//users", "/acs/../x", "/acs/users?x=1", "/acs/us ers"
    };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(
            seamc_call(fixture->client, bad[i], NULL, NULL, &response, &err),
            SEAMC_EINVAL);
    }
    assert_int_equal(seamc_call_json(fixture->client, "/acs/users/get", "[1]",
                                     NULL, &response, &err),
                     SEAMC_EINVAL);
    assert_int_equal(fake_server_request_count(fixture->server), 0);
}

static void use_get(struct seamc_config *config)
{
    config->read_method = SEAMC_READ_GET;
}

static void get_reads_send_a_query_and_writes_stay_post(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };

    fixture_reconfigure(fixture, use_get);
    fake_server_queue_json(fixture->server, 200,
                           "{\"acs_users\":[],\"ok\":true}");
    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call_json(fixture->client, "/acs/users/list",
                                     "{\"limit\":2,\"acs_system_id\":\"s 1\"}",
                                     NULL, &response, NULL),
                     SEAMC_OK);
    assert_string_equal(fake_server_request(fixture->server, 0)->method, "GET");
    assert_string_equal(fake_server_request(fixture->server, 0)->target,
                        "/acs/users/list?acs_system_id=s+1&limit=2");
    assert_int_equal(fake_server_request(fixture->server, 0)->body_len, 0);

    assert_int_equal(seamc_call_json(fixture->client, "/acs/users/create",
                                     "{\"full_name\":\"A\"}", NULL, &response,
                                     NULL),
                     SEAMC_OK);
    assert_string_equal(fake_server_request(fixture->server, 1)->method,
                        "POST");
    assert_string_equal(fake_server_request(fixture->server, 1)->body,
                        "{\"full_name\":\"A\"}");
    seamc_response_release(&response);
}

/* ---- answers --------------------------------------------------------- */

static void api_error_keeps_body_request_id_and_detail(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_error err;

    fake_server_queue_json(
        fixture->server, 404,
        "{\"error\":{\"type\":\"action_attempt_not_found\",\"message\":"
        "\"Not found\",\"data\":{\"action_attempt_id\":\"a1\"}},"
        "\"ok\":false}");
    assert_int_equal(seamc_call_json(fixture->client, "/action_attempts/get",
                                     "{\"action_attempt_id\":\"a1\"}", NULL,
                                     &response, &err),
                     SEAMC_EAPI);
    assert_int_equal(err.http_status, 404);
    assert_string_equal(err.type, "action_attempt_not_found");
    assert_string_equal(err.request_id, "req_test");
    assert_int_equal(err.attempts, 1);
    assert_string_equal(
        cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(response.body, "error"),
                                "data"),
            "action_attempt_id")
            ->valuestring,
        "a1");
    seamc_response_release(&response);
}

static void missing_expected_key_is_a_protocol_error(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_call_options options = { 0 };
    struct seamc_error err;

    options.expect_key = "acs_user";
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL,
                                &options, &response, &err),
                     SEAMC_EPROTOCOL);
    assert_int_equal(err.http_status, 200);
    seamc_response_release(&response);
}

static void echoed_key_never_reaches_error_or_log(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    struct fake_reply reply = { 0 };

    reply.status = 403;
    reply.content_type = "text/plain";
    reply.body = "key " TEST_API_KEY " is not allowed";
    fake_server_queue(fixture->server, &reply);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/create", NULL,
                                NULL, &response, &err),
                     SEAMC_EHTTP);
    assert_null(strstr(err.message, TEST_API_KEY));
    assert_non_null(strstr(err.message, "seam_tes..."));
    assert_null(strstr(fixture->log_text, TEST_API_KEY));
    assert_non_null(strstr(fixture->log_text, "/acs/users/create"));
    seamc_response_release(&response);
}

/* ---- retries --------------------------------------------------------- */

static void read_is_retried_after_429_with_retry_after_seconds(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply busy = { 0 };

    busy.status = 429;
    busy.headers = "Retry-After: 2\r\n";
    busy.body = "{\"error\":{\"type\":\"rate_limited\",\"message\":\"slow\"}}";
    fake_server_queue(fixture->server, &busy);
    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_OK);
    assert_int_equal(response.attempts, 2);
    assert_int_equal(fixture->delays.count, 1);
    assert_int_equal(fixture->delays.delays[0], 2000);
    seamc_response_release(&response);
}

static void retry_after_as_http_date_wins_over_backoff(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply busy = { 0 };
    char header[128];
    time_t later = time(NULL) + 5;
    struct tm when;

    gmtime_r(&later, &when);
    strftime(header, sizeof(header),
             "Retry-After: %a, %d %b %Y %H:%M:%S "
             "GMT\r\n",
             &when);
    busy.status = 503;
    busy.headers = header;
    fake_server_queue(fixture->server, &busy);
    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_OK);
    assert_int_equal(fixture->delays.count, 1);
    assert_in_range(fixture->delays.delays[0], 3000, 5000);
    seamc_response_release(&response);
}

static void server_errors_use_jittered_backoff_and_stop_at_three(void **s)
{
    struct fixture *fixture = *s;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    struct fake_reply html = { 0 };
    int i;

    html.status = 500;
    html.content_type = "text/html";
    html.body = "<html>oops</html>";
    for (i = 0; i < 4; i++) {
        fake_server_queue(fixture->server, &html);
    }
    assert_int_equal(seamc_call(fixture->client, "/acs/entrances/list", NULL,
                                NULL, &response, &err),
                     SEAMC_EHTTP);
    assert_int_equal(fake_server_request_count(fixture->server), 3);
    assert_int_equal(err.attempts, 3);
    assert_int_equal(err.http_status, 500);
    assert_int_equal(fixture->delays.count, 2);
    assert_in_range(fixture->delays.delays[0], 100, 200);
    assert_in_range(fixture->delays.delays[1], 200, 400);
    seamc_response_release(&response);
}

static void writes_are_never_replayed_by_default(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply busy = { 0 };

    busy.status = 503;
    busy.body = "";
    fake_server_queue(fixture->server, &busy);
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    assert_int_equal(seamc_call(fixture->client, "/acs/credentials/create",
                                NULL, NULL, &response, NULL),
                     SEAMC_EHTTP);
    assert_int_equal(fake_server_request_count(fixture->server), 1);
    assert_int_equal(fixture->delays.count, 0);
    seamc_response_release(&response);
}

static void caller_may_ask_to_replay_a_write(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_call_options options = { 0 };
    struct fake_reply busy = { 0 };

    busy.status = 503;
    fake_server_queue(fixture->server, &busy);
    fake_server_queue_json(fixture->server, 200, "{\"ok\":true}");
    options.retry = SEAMC_RETRY_ALWAYS;
    assert_int_equal(seamc_call(fixture->client, "/acs/users/suspend", NULL,
                                &options, &response, NULL),
                     SEAMC_OK);
    assert_int_equal(fake_server_request_count(fixture->server), 2);
    seamc_response_release(&response);
}

static void no_retries(struct seamc_config *config)
{
    config->max_retries = 0;
}

static void zero_retries_means_one_attempt(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply busy = { 0 };

    fixture_reconfigure(fixture, no_retries);
    busy.status = 429;
    busy.headers = "Retry-After: 0\r\n";
    fake_server_queue(fixture->server, &busy);
    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_EHTTP);
    assert_int_equal(fake_server_request_count(fixture->server), 1);
    seamc_response_release(&response);
}

static void too_long_retry_after_gives_up(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply busy = { 0 };

    busy.status = 429;
    busy.headers = "Retry-After: 3600\r\n";
    fake_server_queue(fixture->server, &busy);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_EHTTP);
    assert_int_equal(response.http_status, 429);
    assert_int_equal(fake_server_request_count(fixture->server), 1);
    assert_int_equal(fixture->delays.count, 0);
    seamc_response_release(&response);
}

static void huge_or_hex_retry_after_never_retries_early(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply busy = { 0 };

    /* Over a year used to fall back to the short backoff. */
    busy.status = 429;
    busy.headers = "Retry-After: 40000000\r\n";
    fake_server_queue(fixture->server, &busy);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_EHTTP);
    assert_int_equal(fake_server_request_count(fixture->server), 1);
    assert_int_equal(fixture->delays.count, 0);

    /* Hex is junk, not 16 s: the library's own backoff applies. */
    busy.headers = "Retry-After: 0x10\r\n";
    fake_server_queue(fixture->server, &busy);
    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_OK);
    assert_int_equal(fixture->delays.count, 1);
    assert_true(fixture->delays.delays[0] < 16000);
    seamc_response_release(&response);
}

static void dropped_connection_is_retried_for_reads(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct fake_reply drop = { 0 };

    drop.action = FAKE_DROP;
    fake_server_queue(fixture->server, &drop);
    fake_server_queue_json(fixture->server, 200, ok_user);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, NULL),
                     SEAMC_OK);
    assert_int_equal(response.attempts, 2);
    seamc_response_release(&response);
}

static void dropped_connection_fails_a_write(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    struct fake_reply drop = { 0 };

    drop.action = FAKE_DROP;
    fake_server_queue(fixture->server, &drop);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/create", NULL,
                                NULL, &response, &err),
                     SEAMC_ETRANSPORT);
    assert_int_equal(err.http_status, 0);
    assert_int_equal(response.http_status, 0);
    assert_null(response.body);
    seamc_response_release(&response);
}

static void short_timeout(struct seamc_config *config)
{
    config->timeout_ms = 200;
}

static void slow_answer_times_out_without_retry(void **state)
{
    struct fixture *fixture = *state;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    struct fake_reply slow = { 0 };

    fixture_reconfigure(fixture, short_timeout);
    slow.status = 200;
    slow.body = ok_user;
    slow.delay_ms = 1500;
    fake_server_queue(fixture->server, &slow);
    assert_int_equal(seamc_call(fixture->client, "/acs/users/get", NULL, NULL,
                                &response, &err),
                     SEAMC_ETIMEOUT);
    assert_int_equal(err.attempts, 1);
    seamc_response_release(&response);
}

static void refused_connection_is_a_transport_error(void **state)
{
    struct seamc_config config;
    struct seamc_response response = { 0 };
    struct seamc_error err;
    seamc_client *client = NULL;
    struct fake_server *gone = fake_server_start();
    char endpoint[64];

    (void)state;
    /* A port that was just free and now has nobody listening. */
    snprintf(endpoint, sizeof(endpoint), "%s", fake_server_url(gone));
    fake_server_stop(gone);
    seamc_config_init(&config);
    config.endpoint = endpoint;
    config.api_key = TEST_API_KEY;
    config.max_retries = 1;
    config.retry_base_delay_ms = 1;
    assert_int_equal(seamc_client_new(&config, &client, NULL), SEAMC_OK);
    assert_int_equal(
        seamc_call(client, "/acs/users/get", NULL, NULL, &response, &err),
        SEAMC_ETRANSPORT);
    assert_int_equal(err.attempts, 2);
    assert_null(strstr(err.message, TEST_API_KEY));
    seamc_response_release(&response);
    seamc_client_free(client);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_prefers_caller_then_seam_endpoint_then_api_url),
        cmocka_unit_test(config_requires_a_key_and_an_http_endpoint),
        cmocka_unit_test_setup_teardown(
            post_carries_auth_json_body_and_no_double_slash, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(
            route_without_slash_and_endpoint_with_slash_join_once,
            fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(bad_routes_are_refused_before_sending,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            get_reads_send_a_query_and_writes_stay_post, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(
            api_error_keeps_body_request_id_and_detail, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(
            missing_expected_key_is_a_protocol_error, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(echoed_key_never_reaches_error_or_log,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            read_is_retried_after_429_with_retry_after_seconds, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(
            retry_after_as_http_date_wins_over_backoff, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(
            server_errors_use_jittered_backoff_and_stop_at_three, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(writes_are_never_replayed_by_default,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(caller_may_ask_to_replay_a_write,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(zero_retries_means_one_attempt,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(too_long_retry_after_gives_up,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            huge_or_hex_retry_after_never_retries_early, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(dropped_connection_is_retried_for_reads,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(dropped_connection_fails_a_write,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(slow_answer_times_out_without_retry,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test(refused_connection_is_a_transport_error),
    };
    int failed;

    seamc_global_init();
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    seamc_global_cleanup();
    return failed;
}
