/*
 * Webhooks: the /webhooks routes through the dispatcher, and delivery
 * over real HTTP to a receiver on 127.0.0.1 (CivetWeb, in this process):
 * signatures, retries on the simulated clock, the same message id on
 * every attempt, deletion stopping delivery, and the worker thread.
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <civetweb.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <sodium.h>

#include "api_helpers.h"
#include "common/time.h"
#include "webhooks.h"

/* What the receiver saw of one request. */
struct received {
    char webhook_id[64];
    char webhook_timestamp[32];
    char webhook_signature[256];
    char svix_id[64];
    char svix_timestamp[32];
    char svix_signature[256];
    char content_type[64];
    char *body; /* owned */
};

#define RECEIVED_MAX 32

/*
 * A loopback HTTP receiver. It answers the n-th request with script[n]
 * while the script lasts, then with 200.
 */
struct receiver {
    struct mg_context *ctx;
    int port;
    char url[64];
    pthread_mutex_t lock;
    int script[16];
    size_t script_len;
    struct received got[RECEIVED_MAX];
    size_t count;
};

struct fixture {
    struct sim_server *server;
};

/*
 * One receiver for the whole group: CivetWeb takes up to two seconds to
 * stop, which per test would dominate the suite's run time.
 */
static struct receiver shared_rx;

static void copy_header(struct mg_connection *conn, const char *name, char *dst,
                        size_t size)
{
    const char *v = mg_get_header(conn, name);
    snprintf(dst, size, "%s", v ? v : "");
}

static int receive(struct mg_connection *conn, void *data)
{
    struct receiver *rx = data;
    size_t cap = 65536, len = 0;
    /* On the heap: CivetWeb's worker threads have small stacks. */
    char *buf = malloc(cap), reply[160];
    int n, status = 200;

    /* Not an assert: cmocka cannot fail a test from another thread. */
    if (buf == NULL)
        return 500;
    while (len < cap - 1 && (n = mg_read(conn, buf + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';

    pthread_mutex_lock(&rx->lock);
    if (rx->count < rx->script_len)
        status = rx->script[rx->count];
    if (rx->count < RECEIVED_MAX) {
        struct received *r = &rx->got[rx->count];
        copy_header(conn, "webhook-id", r->webhook_id, sizeof r->webhook_id);
        copy_header(conn, "webhook-timestamp", r->webhook_timestamp,
                    sizeof r->webhook_timestamp);
        copy_header(conn, "webhook-signature", r->webhook_signature,
                    sizeof r->webhook_signature);
        copy_header(conn, "svix-id", r->svix_id, sizeof r->svix_id);
        copy_header(conn, "svix-timestamp", r->svix_timestamp,
                    sizeof r->svix_timestamp);
        copy_header(conn, "svix-signature", r->svix_signature,
                    sizeof r->svix_signature);
        copy_header(conn, "Content-Type", r->content_type,
                    sizeof r->content_type);
        r->body = buf;
        buf = NULL;
    }
    rx->count++;
    pthread_mutex_unlock(&rx->lock);

    free(buf);
    n = snprintf(reply, sizeof reply,
                 "HTTP/1.1 %d Scripted\r\nContent-Type: text/plain\r\n"
                 "Content-Length: 2\r\nConnection: close\r\n\r\nok",
                 status);
    mg_write(conn, reply, (size_t)n);
    return status;
}

static void receiver_start(struct receiver *rx)
{
    const char *options[] = { "listening_ports", "127.0.0.1:0", "num_threads",
                              "2", NULL };
    struct mg_server_port ports[2];

    pthread_mutex_init(&rx->lock, NULL);
    rx->ctx = mg_start(NULL, NULL, options);
    assert_non_null(rx->ctx);
    mg_set_request_handler(rx->ctx, "/", receive, rx);
    assert_true(mg_get_server_ports(rx->ctx, 2, ports) > 0);
    rx->port = ports[0].port;
    snprintf(rx->url, sizeof rx->url, "http://127.0.0.1:%d/hook", rx->port);
}

/* Forgets what was received and the script, between tests. */
static void receiver_reset(struct receiver *rx)
{
    pthread_mutex_lock(&rx->lock);
    for (size_t i = 0; i < rx->count && i < RECEIVED_MAX; i++)
        free(rx->got[i].body);
    memset(rx->got, 0, sizeof rx->got);
    rx->count = 0;
    rx->script_len = 0;
    pthread_mutex_unlock(&rx->lock);
}

static void receiver_stop(struct receiver *rx)
{
    mg_stop(rx->ctx);
    receiver_reset(rx);
    pthread_mutex_destroy(&rx->lock);
}

static size_t receiver_count(struct receiver *rx)
{
    pthread_mutex_lock(&rx->lock);
    size_t n = rx->count;
    pthread_mutex_unlock(&rx->lock);
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int group_setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    receiver_start(&shared_rx);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    receiver_stop(&shared_rx);
    curl_global_cleanup();
    return 0;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    f->server = test_server_new();
    receiver_reset(&shared_rx);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    /* A listening server joins its delivery thread here. */
    sim_server_free(f->server);
    free(f);
    return 0;
}

/* Registers a webhook; returns its id (static buffer) and its secret. */
static const char *make_webhook(struct sim_server *s, const char *url,
                                const char *types_json, char *secret,
                                size_t secret_size)
{
    static char id[COMMON_UUID_SIZE];
    char body[512];

    if (types_json)
        snprintf(body, sizeof body, "{\"url\":\"%s\",\"event_types\":%s}", url,
                 types_json);
    else
        snprintf(body, sizeof body, "{\"url\":\"%s\"}", url);
    struct test_reply r = test_post(s, "/webhooks/create", body);
    assert_int_equal(r.status, 200);
    snprintf(id, sizeof id, "%s", test_str(&r, "webhook.webhook_id"));
    if (secret)
        snprintf(secret, secret_size, "%s", test_str(&r, "webhook.secret"));
    test_reply_free(&r);
    return id;
}

/* The deliveries of one webhook, as /_fake/webhooks/deliveries lists. */
static struct test_reply deliveries_of(struct sim_server *s, const char *id)
{
    char body[128];

    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\"}", id);
    struct test_reply r = test_post(s, "/_fake/webhooks/deliveries", body);
    assert_int_equal(r.status, 200);
    return r;
}

/* Freezes the workspace clock now and returns the frozen reading. */
static int64_t freeze_clock(struct sim_server *s)
{
    int64_t at;
    struct test_reply r = test_post(s, "/_fake/clock/freeze", "{}");

    assert_int_equal(r.status, 200);
    assert_true(common_time_parse_iso(test_str(&r, "clock.now"), &at));
    test_reply_free(&r);
    return at;
}

static void advance_clock(struct sim_server *s, long long ms)
{
    char body[64];

    snprintf(body, sizeof body, "{\"ms\":%lld}", ms);
    struct test_reply r = test_post(s, "/_fake/clock/advance", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
}

static int64_t parse_time(const char *text)
{
    int64_t ms = 0;

    assert_non_null(text);
    assert_true(common_time_parse_iso(text, &ms));
    return ms;
}

/*
 * Checks a received signature with the secret, computed here from the
 * published scheme rather than through the simulator's code.
 */
static void assert_signed(const char *secret, const struct received *r)
{
    unsigned char key[64], mac[crypto_auth_hmacsha256_BYTES];
    size_t key_len = 0;
    char expected[128] = "v1,";
    crypto_auth_hmacsha256_state st;

    assert_int_equal(strncmp(secret, "whsec_", 6), 0);
    assert_int_equal(sodium_base642bin(key, sizeof key, secret + 6,
                                       strlen(secret + 6), NULL, &key_len, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    assert_int_equal(key_len, 24);
    crypto_auth_hmacsha256_init(&st, key, key_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)r->webhook_id,
                                  strlen(r->webhook_id));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&st,
                                  (const unsigned char *)r->webhook_timestamp,
                                  strlen(r->webhook_timestamp));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)r->body,
                                  strlen(r->body));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2base64(expected + 3, sizeof expected - 3, mac, sizeof mac,
                      sodium_base64_VARIANT_ORIGINAL);
    assert_string_equal(r->webhook_signature, expected);
    assert_string_equal(r->svix_signature, expected);
    assert_string_equal(r->svix_id, r->webhook_id);
    assert_string_equal(r->svix_timestamp, r->webhook_timestamp);
}

static void crud_round_trip(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    char body[256], id[COMMON_UUID_SIZE], secret[64];

    /* Create: defaults to every event type, with a fresh secret. */
    struct test_reply r = test_post(s, "/webhooks/create",
                                    "{\"url\":\"http://127.0.0.1:9/hook\"}");
    assert_int_equal(r.status, 200);
    snprintf(id, sizeof id, "%s", test_str(&r, "webhook.webhook_id"));
    assert_true(common_uuid_is_valid(id));
    assert_string_equal(test_str(&r, "webhook.url"), "http://127.0.0.1:9/hook");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "webhook.event_types")),
                     1);
    assert_string_equal(test_str(&r, "webhook.event_types.0"), "*");
    snprintf(secret, sizeof secret, "%s", test_str(&r, "webhook.secret"));
    assert_int_equal(strlen(secret), 6 + 32);
    assert_int_equal(strncmp(secret, "whsec_", 6), 0);
    test_reply_free(&r);

    /* A second one has its own id and secret. */
    r = test_post(s, "/webhooks/create",
                  "{\"url\":\"http://localhost:9/other\","
                  "\"event_types\":[\"acs_user.created\",\"lock.unlocked\"]}");
    assert_int_equal(r.status, 200);
    assert_string_not_equal(test_str(&r, "webhook.webhook_id"), id);
    assert_string_not_equal(test_str(&r, "webhook.secret"), secret);
    assert_string_equal(test_str(&r, "webhook.event_types.1"), "lock.unlocked");
    test_reply_free(&r);

    /* Get, by GET with a query, and list in creation order. */
    snprintf(body, sizeof body, "webhook_id=%s", id);
    r = test_call(s, "GET", "/webhooks/get", body, TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(test_str(&r, "webhook.secret"), secret);
    test_reply_free(&r);
    r = test_call(s, "GET", "/webhooks/list", NULL, TEST_KEY, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "webhooks")), 2);
    assert_string_equal(test_str(&r, "webhooks.0.webhook_id"), id);
    test_reply_free(&r);

    /* Update replaces the event types and answers only ok. */
    snprintf(body, sizeof body,
             "{\"webhook_id\":\"%s\",\"event_types\":"
             "[\"acs_credential.issued\"]}",
             id);
    r = test_call(s, "PUT", "/webhooks/update", NULL, TEST_KEY, body);
    assert_int_equal(r.status, 200);
    assert_int_equal(cJSON_GetArraySize(r.json), 1);
    test_reply_free(&r);
    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\"}", id);
    r = test_post(s, "/webhooks/get", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "webhook.event_types")),
                     1);
    assert_string_equal(test_str(&r, "webhook.event_types.0"),
                        "acs_credential.issued");
    assert_string_equal(test_str(&r, "webhook.secret"), secret);
    test_reply_free(&r);

    /* Delete, by DELETE; then it is gone. */
    r = test_call(s, "DELETE", "/webhooks/delete", NULL, TEST_KEY, body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    r = test_post(s, "/webhooks/get", body);
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "webhook_not_found");
    test_reply_free(&r);
    r = test_post(s, "/webhooks/list", "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "webhooks")), 1);
    test_reply_free(&r);
}

static void invalid_requests_are_refused(void **state)
{
    struct sim_server *s = ((struct fixture *)*state)->server;
    const char *bad_create[] = {
        "{}",
        "{\"url\":\"\"}",
        "{\"url\":42}",
        "{\"url\":\"ftp://127.0.0.1/x\"}",
        "{\"url\":\"127.0.0.1:8080/hook\"}",
        "{\"url\":\"http://example.com/hook\"}",
        "{\"url\":\"http://10.0.0.1/hook\"}",
        "{\"url\":\"http://user@127.0.0.1/hook\"}",
        "{\"url\":\"http://127.0.0.1:0/hook\"}",
        "{\"url\":\"http://127.0.0.1:65536/hook\"}",
        "{\"url\":\"http://127.0.0.1/a b\"}",
        "{\"url\":\"http://[::1/hook\"}",
        "{\"url\":\"http:///hook\"}",
        "{\"url\":\"http://127.0.0.1/\",\"event_types\":\"nope\"}",
        "{\"url\":\"http://127.0.0.1/\",\"event_types\":[1]}",
    };
    const char *unknown = "00000000-0000-4000-8000-000000000000";
    char body[256];

    for (size_t i = 0; i < sizeof bad_create / sizeof bad_create[0]; i++) {
        struct test_reply r = test_post(s, "/webhooks/create", bad_create[i]);
        if (r.status != 400)
            fail_msg("%s answered %d", bad_create[i], r.status);
        assert_string_equal(test_error_type(&r), "invalid_input");
        test_reply_free(&r);
    }

    /* An event type that does not exist has its own error. */
    struct test_reply r =
        test_post(s, "/webhooks/create",
                  "{\"url\":\"http://127.0.0.1/\",\"event_types\":"
                  "[\"acs_user.created\",\"acs_user.exploded\"]}");
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "invalid_event_types");
    test_reply_free(&r);
    r = test_post(s, "/webhooks/list", "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "webhooks")), 0);
    test_reply_free(&r);

    /* Loopback in every spelling is accepted. */
    r = test_post(s, "/webhooks/create", "{\"url\":\"https://[::1]:8443/x\"}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    r = test_post(s, "/webhooks/create",
                  "{\"url\":\"HTTP://LOCALHOST/x?y=1\",\"event_types\":[]}");
    assert_int_equal(r.status, 200);
    test_reply_free(&r);

    /* Unknown and malformed ids. */
    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\"}", unknown);
    const char *routes[] = { "/webhooks/get", "/webhooks/delete" };
    for (size_t i = 0; i < 2; i++) {
        r = test_post(s, routes[i], body);
        assert_int_equal(r.status, 404);
        assert_string_equal(test_error_type(&r), "webhook_not_found");
        test_reply_free(&r);
        r = test_post(s, routes[i], "{\"webhook_id\":\"nope\"}");
        assert_int_equal(r.status, 400);
        assert_string_equal(test_error_type(&r), "invalid_input");
        test_reply_free(&r);
    }
    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\",\"event_types\":[]}",
             unknown);
    r = test_post(s, "/webhooks/update", body);
    assert_int_equal(r.status, 404);
    assert_string_equal(test_error_type(&r), "webhook_not_found");
    test_reply_free(&r);

    /* update needs event_types; they are checked like create's. */
    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\"}", unknown);
    r = test_post(s, "/webhooks/update", body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "invalid_input");
    test_reply_free(&r);
    snprintf(body, sizeof body,
             "{\"webhook_id\":\"%s\",\"event_types\":[\"x.y\"]}", unknown);
    r = test_post(s, "/webhooks/update", body);
    assert_int_equal(r.status, 400);
    assert_string_equal(test_error_type(&r), "invalid_event_types");
    test_reply_free(&r);

    /* Methods, as the route table says. */
    r = test_call(s, "GET", "/webhooks/create", NULL, TEST_KEY, NULL);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "POST");
    test_reply_free(&r);
    r = test_call(s, "PATCH", "/webhooks/update", NULL, TEST_KEY, "{}");
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "POST, PUT");
    test_reply_free(&r);

    /* And an API key is needed, deliveries included. */
    r = test_call(s, "POST", "/_fake/webhooks/deliveries", NULL, NULL, "{}");
    assert_int_equal(r.status, 401);
    test_reply_free(&r);
    r = test_post(s, "/_fake/webhooks/deliveries", "{\"event_id\":\"x\"}");
    assert_int_equal(r.status, 400);
    test_reply_free(&r);
}

static void remote_hosts_need_the_opt_in(void **state)
{
    char why[192];

    (void)state;
    unsetenv(SIM_WEBHOOK_REMOTE_ENV);
    assert_false(
        sim_webhooks_url_allowed("https://example.com/x", why, sizeof why));
    assert_non_null(strstr(why, SIM_WEBHOOK_REMOTE_ENV));
    assert_false(
        sim_webhooks_url_allowed("http://127.0.0.1.nip.io/", why, sizeof why));
    assert_false(sim_webhooks_url_allowed("http://[::2]/", why, sizeof why));
    assert_true(
        sim_webhooks_url_allowed("http://127.8.9.10:1/", why, sizeof why));

    setenv(SIM_WEBHOOK_REMOTE_ENV, "1", 1);
    assert_true(
        sim_webhooks_url_allowed("https://example.com/x", why, sizeof why));
    /* The other rules still hold. */
    assert_false(
        sim_webhooks_url_allowed("gopher://example.com/", why, sizeof why));
    unsetenv(SIM_WEBHOOK_REMOTE_ENV);
}

static void webhooks_are_per_workspace(void **state)
{
    struct sim_server *s = ((struct fixture *)*state)->server;
    char key[128], body[128];

    const char *id = make_webhook(s, "http://127.0.0.1:9/", NULL, NULL, 0);
    struct test_reply ws =
        test_call(s, "POST", "/_fake/workspaces/create", NULL, NULL, "{}");
    assert_int_equal(ws.status, 200);
    snprintf(key, sizeof key, "%s", test_str(&ws, "api_key"));
    test_reply_free(&ws);

    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\"}", id);
    struct test_reply r =
        test_call(s, "POST", "/webhooks/get", NULL, key, body);
    assert_int_equal(r.status, 404);
    test_reply_free(&r);
    r = test_call(s, "POST", "/webhooks/list", NULL, key, "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&r, "webhooks")), 0);
    test_reply_free(&r);
}

static void delivers_signed_event_over_http(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    char secret[64], webhook_id[COMMON_UUID_SIZE];

    int64_t frozen = freeze_clock(s);
    snprintf(webhook_id, sizeof webhook_id, "%s",
             make_webhook(s, shared_rx.url, NULL, secret, sizeof secret));
    const char *user = test_make_user(s, HUB_SYSTEM, "Webhook Person");

    /* Queued, not yet attempted: due right away. */
    struct test_reply d = deliveries_of(s, webhook_id);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    assert_string_equal(test_str(&d, "deliveries.0.event_type"),
                        "acs_user.created");
    assert_string_equal(test_str(&d, "deliveries.0.status"), "pending");
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries.0.attempts")),
                     0);
    assert_int_equal(parse_time(test_str(&d, "deliveries.0.next_attempt_at")),
                     frozen);
    char message_id[64], event_id[COMMON_UUID_SIZE];
    snprintf(message_id, sizeof message_id, "%s",
             test_str(&d, "deliveries.0.message_id"));
    snprintf(event_id, sizeof event_id, "%s",
             test_str(&d, "deliveries.0.event_id"));
    assert_int_equal(strncmp(message_id, "msg_", 4), 0);
    assert_int_equal(strlen(message_id), 31);
    test_reply_free(&d);

    assert_int_equal(sim_webhooks_deliver_due(sim_server_store(s)), 1);
    assert_int_equal(receiver_count(&shared_rx), 1);

    /* The body is the event itself; the headers name the message. */
    const struct received *got = &shared_rx.got[0];
    cJSON *event = cJSON_Parse(got->body);
    assert_non_null(event);
    assert_string_equal(cJSON_GetObjectItem(event, "event_type")->valuestring,
                        "acs_user.created");
    assert_string_equal(cJSON_GetObjectItem(event, "event_id")->valuestring,
                        event_id);
    assert_string_equal(cJSON_GetObjectItem(event, "acs_user_id")->valuestring,
                        user);
    cJSON_Delete(event);
    assert_string_equal(got->webhook_id, message_id);
    assert_int_equal(strtoll(got->webhook_timestamp, NULL, 10), frozen / 1000);
    assert_non_null(strstr(got->content_type, "application/json"));
    assert_signed(secret, got);

    /* The event is the one /events/get knows. */
    char body[128];
    snprintf(body, sizeof body, "{\"event_id\":\"%s\"}", event_id);
    struct test_reply e = test_post(s, "/events/get", body);
    assert_int_equal(e.status, 200);
    assert_string_equal(test_str(&e, "event.event_type"), "acs_user.created");
    test_reply_free(&e);

    /* Recorded as delivered; nothing more is due. */
    d = deliveries_of(s, webhook_id);
    assert_string_equal(test_str(&d, "deliveries.0.status"), "delivered");
    assert_true(cJSON_IsNull(test_get(&d, "deliveries.0.next_attempt_at")));
    assert_int_equal(
        test_get(&d, "deliveries.0.attempts.0.status_code")->valueint, 200);
    assert_true(cJSON_IsNull(test_get(&d, "deliveries.0.attempts.0.error")));
    assert_int_equal(
        parse_time(test_str(&d, "deliveries.0.attempts.0.attempted_at")),
        frozen);
    test_reply_free(&d);
    assert_int_equal(sim_webhooks_deliver_due(sim_server_store(s)), 0);
    assert_int_equal(receiver_count(&shared_rx), 1);

    /* Filtering by event id finds it; another id finds nothing. */
    snprintf(body, sizeof body, "{\"event_id\":\"%s\"}", event_id);
    d = test_post(s, "/_fake/webhooks/deliveries", body);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    test_reply_free(&d);
    d = test_post(s, "/_fake/webhooks/deliveries",
                  "{\"event_id\":\"00000000-0000-4000-8000-000000000000\"}");
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 0);
    test_reply_free(&d);
}

/* Seam's schedule after each failed attempt, in ms. */
static const long long schedule_ms[] = {
    0, 5000, 300000, 1800000, 7200000LL, 18000000LL, 36000000LL, 36000000LL,
};

static void retries_follow_schedule_on_simulated_clock(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    struct sim_store *store = sim_server_store(s);
    char secret[64], webhook_id[COMMON_UUID_SIZE];

    /* The receiver always fails. */
    shared_rx.script_len = 16;
    for (size_t i = 0; i < 16; i++)
        shared_rx.script[i] = 500;
    int64_t now = freeze_clock(s);
    snprintf(webhook_id, sizeof webhook_id, "%s",
             make_webhook(s, shared_rx.url, "[\"acs_user.created\"]", secret,
                          sizeof secret));
    test_make_user(s, HUB_SYSTEM, "Retry Person");

    for (size_t attempt = 1; attempt <= 9; attempt++) {
        assert_int_equal(sim_webhooks_deliver_due(store), 1);
        assert_int_equal(receiver_count(&shared_rx), attempt);
        const struct received *got = &shared_rx.got[attempt - 1];
        assert_int_equal(strtoll(got->webhook_timestamp, NULL, 10), now / 1000);
        assert_signed(secret, got);
        assert_string_equal(got->webhook_id, shared_rx.got[0].webhook_id);

        struct test_reply d = deliveries_of(s, webhook_id);
        const cJSON *attempts = test_get(&d, "deliveries.0.attempts");
        assert_int_equal(cJSON_GetArraySize(attempts), attempt);
        const cJSON *last = cJSON_GetArrayItem(attempts, (int)attempt - 1);
        assert_int_equal(cJSON_GetObjectItem(last, "status_code")->valueint,
                         500);
        if (attempt == 9) {
            assert_string_equal(test_str(&d, "deliveries.0.status"), "failed");
            assert_true(
                cJSON_IsNull(test_get(&d, "deliveries.0.next_attempt_at")));
            test_reply_free(&d);
            break;
        }
        long long delay = schedule_ms[attempt - 1];
        assert_string_equal(test_str(&d, "deliveries.0.status"), "pending");
        assert_int_equal(
            parse_time(test_str(&d, "deliveries.0.next_attempt_at")),
            now + delay);
        test_reply_free(&d);

        /* Not a millisecond early, on the simulated clock. */
        if (delay > 0) {
            advance_clock(s, delay - 1);
            assert_int_equal(sim_webhooks_deliver_due(store), 0);
            advance_clock(s, 1);
            now += delay;
        }
    }

    /* Exhausted: nothing is ever due again. */
    advance_clock(s, 48LL * 3600 * 1000);
    assert_int_equal(sim_webhooks_deliver_due(store), 0);
    assert_int_equal(receiver_count(&shared_rx), 9);
}

static void failed_then_succeeds_keeps_message_id(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    struct sim_store *store = sim_server_store(s);
    char secret[64], webhook_id[COMMON_UUID_SIZE];

    shared_rx.script[0] = 503;
    shared_rx.script[1] = 404;
    shared_rx.script_len = 2;
    freeze_clock(s);
    snprintf(webhook_id, sizeof webhook_id, "%s",
             make_webhook(s, shared_rx.url, NULL, secret, sizeof secret));
    test_make_user(s, HUB_SYSTEM, "Third Time");

    /* First attempt and the immediate retry, then 5 s later success. */
    assert_int_equal(sim_webhooks_deliver_due(store), 1);
    assert_int_equal(sim_webhooks_deliver_due(store), 1);
    assert_int_equal(sim_webhooks_deliver_due(store), 0);
    advance_clock(s, 5000);
    assert_int_equal(sim_webhooks_deliver_due(store), 1);
    assert_int_equal(receiver_count(&shared_rx), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(shared_rx.got[i].webhook_id,
                            shared_rx.got[0].webhook_id);
        assert_string_equal(shared_rx.got[i].body, shared_rx.got[0].body);
        assert_signed(secret, &shared_rx.got[i]);
    }
    /* A new timestamp, so a new signature, on the later attempt. */
    assert_int_equal(strtoll(shared_rx.got[2].webhook_timestamp, NULL, 10) -
                         strtoll(shared_rx.got[0].webhook_timestamp, NULL, 10),
                     5);
    assert_string_not_equal(shared_rx.got[2].webhook_signature,
                            shared_rx.got[0].webhook_signature);

    struct test_reply d = deliveries_of(s, webhook_id);
    assert_string_equal(test_str(&d, "deliveries.0.status"), "delivered");
    assert_int_equal(
        test_get(&d, "deliveries.0.attempts.0.status_code")->valueint, 503);
    assert_int_equal(
        test_get(&d, "deliveries.0.attempts.1.status_code")->valueint, 404);
    assert_int_equal(
        test_get(&d, "deliveries.0.attempts.2.status_code")->valueint, 200);
    test_reply_free(&d);
}

/* A loopback port with nothing listening (bound, then released). */
static int dead_port(void)
{
    struct sockaddr_in addr = { 0 };
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    return ntohs(addr.sin_port);
}

static void connection_errors_are_recorded(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    char url[64], webhook_id[COMMON_UUID_SIZE];

    snprintf(url, sizeof url, "http://127.0.0.1:%d/gone", dead_port());
    freeze_clock(s);
    snprintf(webhook_id, sizeof webhook_id, "%s",
             make_webhook(s, url, NULL, NULL, 0));
    test_make_user(s, HUB_SYSTEM, "Nobody Home");
    assert_int_equal(sim_webhooks_deliver_due(sim_server_store(s)), 1);

    struct test_reply d = deliveries_of(s, webhook_id);
    assert_string_equal(test_str(&d, "deliveries.0.status"), "pending");
    assert_true(
        cJSON_IsNull(test_get(&d, "deliveries.0.attempts.0.status_code")));
    const char *error = test_str(&d, "deliveries.0.attempts.0.error");
    assert_non_null(error);
    assert_true(strlen(error) > 0);
    test_reply_free(&d);
}

static void deleting_stops_delivery(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    struct sim_store *store = sim_server_store(s);
    char body[128], webhook_id[COMMON_UUID_SIZE];

    shared_rx.script[0] = 500;
    shared_rx.script[1] = 500;
    shared_rx.script_len = 2;
    freeze_clock(s);
    snprintf(webhook_id, sizeof webhook_id, "%s",
             make_webhook(s, shared_rx.url, NULL, NULL, 0));
    test_make_user(s, HUB_SYSTEM, "Deleted Hook");
    assert_int_equal(sim_webhooks_deliver_due(store), 1);

    snprintf(body, sizeof body, "{\"webhook_id\":\"%s\"}", webhook_id);
    struct test_reply r = test_post(s, "/webhooks/delete", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);

    /* The immediate retry never happens; the record stays, failed. */
    assert_int_equal(sim_webhooks_deliver_due(store), 0);
    advance_clock(s, 3600 * 1000);
    assert_int_equal(sim_webhooks_deliver_due(store), 0);
    assert_int_equal(receiver_count(&shared_rx), 1);
    struct test_reply d = deliveries_of(s, webhook_id);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    assert_string_equal(test_str(&d, "deliveries.0.status"), "failed");
    assert_true(cJSON_IsNull(test_get(&d, "deliveries.0.next_attempt_at")));
    test_reply_free(&d);

    /* New events are not queued for it either. */
    test_make_user(s, HUB_SYSTEM, "After Delete");
    d = test_post(s, "/_fake/webhooks/deliveries", "{}");
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    test_reply_free(&d);
}

static void event_types_filter_deliveries(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    char narrow[COMMON_UUID_SIZE], every[COMMON_UUID_SIZE], body[256];

    snprintf(
        narrow, sizeof narrow, "%s",
        make_webhook(s, shared_rx.url, "[\"acs_credential.issued\"]", NULL, 0));
    snprintf(every, sizeof every, "%s",
             make_webhook(s, shared_rx.url, "[\"*\"]", NULL, 0));
    test_make_user(s, HUB_SYSTEM, "Filtered");

    struct test_reply d = deliveries_of(s, narrow);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 0);
    test_reply_free(&d);
    d = deliveries_of(s, every);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    test_reply_free(&d);

    /* After an update the narrow one subscribes to user events. */
    snprintf(body, sizeof body,
             "{\"webhook_id\":\"%s\",\"event_types\":[\"acs_user.deleted\","
             "\"acs_user.created\"]}",
             narrow);
    struct test_reply r = test_post(s, "/webhooks/update", body);
    assert_int_equal(r.status, 200);
    test_reply_free(&r);
    test_make_user(s, HUB_SYSTEM, "Filtered Again");
    d = deliveries_of(s, narrow);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    assert_string_equal(test_str(&d, "deliveries.0.event_type"),
                        "acs_user.created");
    test_reply_free(&d);
}

/*
 * sim_webhooks_on_event on its own, with a hand-made event: the module's
 * contract with events.c, independent of which routes emit what.
 */
static void on_event_queues_only_subscribers(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    struct sim_event event = { 0 };
    char lock_hook[COMMON_UUID_SIZE], user_hook[COMMON_UUID_SIZE];

    snprintf(lock_hook, sizeof lock_hook, "%s",
             make_webhook(s, shared_rx.url, "[\"lock.unlocked\"]", NULL, 0));
    snprintf(user_hook, sizeof user_hook, "%s",
             make_webhook(s, shared_rx.url, "[\"acs_user.created\"]", NULL, 0));

    struct sim_workspace *ws =
        sim_store_find_by_key(sim_server_store(s), TEST_KEY);
    snprintf(event.head.id, sizeof event.head.id,
             "11111111-2222-4333-8444-555555555555");
    snprintf(event.event_type, sizeof event.event_type, "lock.unlocked");
    event.body = cJSON_CreateObject();
    cJSON_AddStringToObject(event.body, "event_id", event.head.id);
    cJSON_AddStringToObject(event.body, "event_type", "lock.unlocked");
    sim_store_lock_workspace(ws);
    sim_webhooks_on_event(ws, &event);
    sim_store_unlock_workspace(ws);
    cJSON_Delete(event.body);

    struct test_reply d = deliveries_of(s, lock_hook);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 1);
    assert_string_equal(test_str(&d, "deliveries.0.event_id"), event.head.id);
    test_reply_free(&d);
    d = deliveries_of(s, user_hook);
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries")), 0);
    test_reply_free(&d);

    /* The body was copied when queued: the event may go, it still sends. */
    assert_int_equal(sim_webhooks_deliver_due(sim_server_store(s)), 1);
    cJSON *got = cJSON_Parse(shared_rx.got[0].body);
    assert_string_equal(cJSON_GetObjectItem(got, "event_type")->valuestring,
                        "lock.unlocked");
    cJSON_Delete(got);
}

/* A listening server delivers by itself, from its worker thread. */
static void worker_thread_delivers(void **state)
{
    struct fixture *f = *state;
    struct sim_server *s = f->server;
    char err[256], webhook_id[COMMON_UUID_SIZE];

    assert_true(sim_server_listen(s, err, sizeof err));
    shared_rx.script[0] = 500;
    shared_rx.script_len = 1;
    snprintf(webhook_id, sizeof webhook_id, "%s",
             make_webhook(s, shared_rx.url, NULL, NULL, 0));
    test_make_user(s, HUB_SYSTEM, "Threaded");

    /* The failure and its immediate retry, with no help from the test. */
    for (int i = 0; i < 500 && receiver_count(&shared_rx) < 2; i++)
        sleep_ms(10);
    assert_int_equal(receiver_count(&shared_rx), 2);
    struct test_reply d = { 0 };
    for (int i = 0; i < 500; i++) {
        d = deliveries_of(s, webhook_id);
        if (strcmp(test_str(&d, "deliveries.0.status"), "delivered") == 0)
            break;
        test_reply_free(&d);
        sleep_ms(10);
    }
    assert_string_equal(test_str(&d, "deliveries.0.status"), "delivered");
    assert_int_equal(cJSON_GetArraySize(test_get(&d, "deliveries.0.attempts")),
                     2);
    test_reply_free(&d);

    /* A retry made due by moving the clock is picked up too. */
    shared_rx.script[2] = 500;
    shared_rx.script[3] = 500;
    shared_rx.script_len = 4;
    test_make_user(s, HUB_SYSTEM, "Threaded Twice");
    for (int i = 0; i < 500 && receiver_count(&shared_rx) < 4; i++)
        sleep_ms(10);
    assert_int_equal(receiver_count(&shared_rx), 4);
    sleep_ms(300);
    assert_int_equal(receiver_count(&shared_rx), 4);
    advance_clock(s, 5000);
    for (int i = 0; i < 500 && receiver_count(&shared_rx) < 5; i++)
        sleep_ms(10);
    assert_int_equal(receiver_count(&shared_rx), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(crud_round_trip),
        T(invalid_requests_are_refused),
        T(remote_hosts_need_the_opt_in),
        T(webhooks_are_per_workspace),
        T(delivers_signed_event_over_http),
        T(retries_follow_schedule_on_simulated_clock),
        T(failed_then_succeeds_keeps_message_id),
        T(connection_errors_are_recorded),
        T(deleting_stops_delivery),
        T(event_types_filter_deliveries),
        T(on_event_queues_only_subscribers),
        T(worker_thread_delivers),
#undef T
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
