#include "server.h"

#include <civetweb.h>
#include <stdatomic.h>
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <netdb.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/json_check.h"
#include "common/time.h"
#include "fixture.h"
#include "idmap.h"
#include "latch.h"
#include "request.h"
#include "router.h"
#include "webhooks.h"

/*
 * CivetWeb worker threads; each serves one connection at a time, so this
 * is how many keep-alive clients can be served at once.
 */
#define DEFAULT_THREADS 64

/* A recorded parameter longer than this is kept as a size only. */
#define RECORDED_VALUE_MAX 1024

struct sim_server {
    struct sim_store *store; /* owned */
    cJSON *fixture;          /* owned, the parsed fixture */
    const cJSON *tmpl;       /* borrowed from `fixture` */
    char default_key[SIM_API_KEY_MAX + 1];
    unsigned char cursor_key[crypto_generichash_KEYBYTES];
    struct mg_context *ctx; /* owned, NULL until listening */
    char host[64];
    int port;
    int threads;
    struct sim_webhook_worker *webhooks; /* owned, NULL until listening */
    atomic_bool stopping;                /* set when shutdown begins */
};

struct sim_server *sim_server_new(const struct sim_server_config *config,
                                  char *err, size_t err_size)
{
    struct sim_server *server = calloc(1, sizeof *server);
    const char *json =
        config->fixture_json ? config->fixture_json : sim_fixture_default_json;

    if (server == NULL || (server->store = sim_store_new()) == NULL) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    crypto_generichash_keygen(server->cursor_key);
    snprintf(server->host, sizeof server->host, "%s",
             config->host ? config->host : "127.0.0.1");
    server->port = config->port;
    server->threads = config->threads > 0 ? config->threads : DEFAULT_THREADS;

    /* Parse once to keep the template, then load into the store. */
    server->fixture = sim_fixture_parse(json, err, err_size);
    if (server->fixture == NULL ||
        !sim_fixture_load(server->store, json, err, err_size))
        goto fail;
    const cJSON *first = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(server->fixture, "workspaces"), 0);
    server->tmpl = first;
    const cJSON *key = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(first, "api_keys"), 0);
    snprintf(server->default_key, sizeof server->default_key, "%s",
             key->valuestring);
    return server;
fail:
    sim_server_free(server);
    return NULL;
}

int sim_server_port(const struct sim_server *server)
{
    return server->port;
}

const char *sim_server_default_key(const struct sim_server *server)
{
    return server->default_key;
}

const unsigned char *sim_server_cursor_key(const struct sim_server *server)
{
    return server->cursor_key;
}

struct sim_store *sim_server_store(struct sim_server *server)
{
    return server->store;
}

const cJSON *sim_server_template(const struct sim_server *server)
{
    return server->tmpl;
}

/*
 * The one place that builds response bodies. Success bodies are the
 * handler's payload plus "ok": true; error bodies are Seam's envelope.
 */
static void reply_json(struct sim_http_response *out, int status, cJSON *body)
{
    out->status = status;
    out->body = body ? cJSON_PrintUnformatted(body) : NULL;
    if (out->body == NULL) {
        /* Nothing could be printed: memory is gone; say so in JSON. */
        out->status = sim_status_http(SIM_OUT_OF_MEMORY);
        out->body = strdup("{\"error\":{\"type\":\"service_unavailable\","
                           "\"message\":\"The simulator ran out of "
                           "memory\"},\"ok\":false}");
    }
    out->body_len = out->body ? strlen(out->body) : 0;
}

static void reply_error(struct sim_request *req, enum sim_status status,
                        struct sim_http_response *out)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *error = cJSON_AddObjectToObject(body, "error");

    cJSON_AddStringToObject(error, "type", sim_status_type(status));
    cJSON_AddStringToObject(error, "message",
                            req->error_message ? req->error_message
                                               : sim_status_message(status));
    if (status == SIM_INVALID_INPUT && req->validation != NULL) {
        cJSON_AddItemToObject(error, "validation_errors", req->validation);
        req->validation = NULL;
    }
    cJSON_AddBoolToObject(body, "ok", false);
    reply_json(out, sim_status_http(status), error ? body : NULL);
    cJSON_Delete(body);
}

/* Keeps only characters that can appear in a host:port authority. */
static void set_base_url(struct sim_request *req, const char *host,
                         const struct sim_server *server)
{
    char clean[128];
    size_t n = 0;

    for (; host && host[n] && n < sizeof clean - 1; n++) {
        char c = host[n];
        if (!isalnum((unsigned char)c) && !strchr(".-:[]", c))
            break;
        clean[n] = c;
    }
    clean[n] = '\0';
    if (n == 0 || (host && host[n] != '\0'))
        snprintf(clean, sizeof clean, "%s:%d", server->host, server->port);
    snprintf(req->base_url, sizeof req->base_url, "http://%s", clean);
}

/*
 * A key given twice in one object keeps its last value, as JavaScript's
 * JSON.parse (and so Seam) reads it; cJSON would answer the first.
 * Returns false when memory runs out.
 */
static bool drop_repeated_keys(cJSON *object)
{
    struct sim_idmap seen;
    bool ok = true;

    sim_idmap_init(&seen);
    for (cJSON *item = object->child ? object->child->prev : NULL; item;) {
        cJSON *before = item == object->child ? NULL : item->prev;
        if (cJSON_IsObject(item) && !drop_repeated_keys(item))
            ok = false;
        if (item->string != NULL && cJSON_IsObject(object)) {
            if (sim_idmap_get(&seen, item->string) != NULL)
                cJSON_Delete(cJSON_DetachItemViaPointer(object, item));
            else if (!sim_idmap_put(&seen, item->string, item))
                ok = false;
        }
        item = before;
    }
    sim_idmap_free(&seen);
    return ok;
}

/* Reads the JSON body into req->body (an empty object when none). */
static enum sim_status parse_body(struct sim_request *req,
                                  const struct sim_http_request *in)
{
    const char *end = NULL;
    size_t len = in->body ? in->body_len : 0;

    while (len > 0 && isspace((unsigned char)in->body[len - 1]))
        len--;
    if (len == 0) {
        req->body = cJSON_CreateObject();
        return req->body ? SIM_OK : SIM_OUT_OF_MEMORY;
    }

    /* A body must be JSON; charset parameters and case do not matter. */
    if (in->content_type != NULL) {
        const char *ct = in->content_type;
        while (*ct == ' ')
            ct++;
        size_t type_len = strcspn(ct, "; ");
        if (!(type_len == 16 && strncasecmp(ct, "application/json", 16) == 0))
            return sim_request_fail(req, SIM_INVALID_CONTENT_TYPE,
                                    "Content-Type must be application/json "
                                    "when a body is sent");
    }
    /* Checked before parsing: cJSON recurses and keeps bad bytes. */
    const char *why = NULL;
    if (!common_json_check(in->body, len, COMMON_JSON_MAX_DEPTH, &why))
        return sim_request_fail(req, SIM_INVALID_INPUT, "%s", why);
    req->body = cJSON_ParseWithLengthOpts(in->body, len, &end, false);
    if (req->body == NULL || end != in->body + len) {
        cJSON_Delete(req->body);
        req->body = NULL;
        return sim_request_fail(req, SIM_INVALID_INPUT,
                                "The request body is not valid JSON");
    }
    if (!cJSON_IsObject(req->body)) {
        cJSON_Delete(req->body);
        req->body = NULL;
        return sim_request_fail(req, SIM_INVALID_INPUT,
                                "The request body must be a JSON object");
    }
    return drop_repeated_keys(req->body) ? SIM_OK : SIM_OUT_OF_MEMORY;
}

/* Finds the workspace of "Authorization: Bearer <key>". */
static enum sim_status authenticate(struct sim_request *req,
                                    struct sim_server *server,
                                    const char *header)
{
    if (header == NULL || header[0] == '\0')
        return sim_request_fail(req, SIM_UNAUTHORIZED,
                                "No Authorization header: send "
                                "\"Authorization: Bearer <API key>\"");
    while (*header == ' ')
        header++;
    if (strncasecmp(header, "Bearer ", 7) != 0)
        return sim_request_fail(req, SIM_UNAUTHORIZED,
                                "The Authorization header must use the "
                                "Bearer scheme");
    const char *key = header + 7;
    while (*key == ' ')
        key++;
    req->ws = sim_store_find_by_key(server->store, key);
    if (req->ws == NULL)
        return sim_request_fail(req, SIM_UNAUTHORIZED,
                                "The API key was not recognized");
    req->api_key = key;
    return SIM_OK;
}

/* Merged parameters as JSON text, for the request recorder. */
static char *merged_params(const struct sim_request *req)
{
    cJSON *merged = cJSON_Duplicate(req->query, true);
    const cJSON *item;
    char *text;

    if (merged == NULL)
        return NULL;
    cJSON_ArrayForEach(item, req->body)
    {
        cJSON *copy = cJSON_Duplicate(item, true);
        if (copy == NULL)
            break;
        cJSON_DeleteItemFromObjectCaseSensitive(merged, item->string);
        cJSON_AddItemToObject(merged, item->string, copy);
    }
    /* Long values are summarised so one request cannot fill the log. */
    cJSON *item_in_merged = merged->child;
    while (item_in_merged != NULL) {
        cJSON *next = item_in_merged->next;
        char *value = cJSON_PrintUnformatted(item_in_merged);
        size_t size = value ? strlen(value) : 0;
        free(value);
        if (size > RECORDED_VALUE_MAX) {
            char note[64];
            snprintf(note, sizeof note, "<%zu bytes omitted>", size);
            cJSON *summary = cJSON_CreateString(note);
            char *key = strdup(item_in_merged->string);
            if (summary != NULL && key != NULL) {
                summary->string = key;
                cJSON_ReplaceItemViaPointer(merged, item_in_merged, summary);
            } else {
                cJSON_Delete(summary);
                free(key);
            }
        }
        item_in_merged = next;
    }
    text = cJSON_PrintUnformatted(merged);
    cJSON_Delete(merged);
    return text;
}

static void record(struct sim_request *req, int http_status)
{
    struct sim_recorded_request r = { 0 };

    if (req->ws == NULL || strncmp(req->path, "/_fake/", 7) == 0)
        return;
    memcpy(r.request_id, req->id, sizeof r.request_id);
    r.received_at = req->now;
    snprintf(r.method, sizeof r.method, "%s", req->method);
    r.route = (char *)req->path;
    r.params = merged_params(req);
    r.status = http_status;
    sim_store_record_request(req->ws, &r);
    free(r.params);
}

/*
 * Applies the workspace's injected faults to an API request (lock held).
 * Latency is served with the lock released, so a slow route does not
 * stall the workspace's other requests.
 */
static enum sim_status inject_fault(struct sim_request *req,
                                    struct sim_http_response *out)
{
    if (strncmp(req->path, "/_fake/", 7) == 0)
        return SIM_OK;
    struct sim_fault_hit hit = sim_faults_match(&req->ws->faults, req->path);
    if (hit.latency_ms > 0) {
        /* Slept in slices so a shutdown does not wait the latency out. */
        struct timespec slice = { 0, 20 * 1000000L };
        sim_store_unlock_workspace(req->ws);
        for (int waited = 0;
             waited < hit.latency_ms && !atomic_load(&req->server->stopping);
             waited += 20)
            nanosleep(&slice, NULL);
        sim_store_lock_workspace(req->ws);
    }
    switch (hit.status) {
    case 429:
        out->retry_after_s = hit.retry_after_s;
        return sim_request_fail(req, SIM_RATE_LIMITED,
                                "Injected fault: too many requests");
    case 500:
        return SIM_FAULT_INTERNAL;
    case 502:
        return SIM_FAULT_BAD_GATEWAY;
    case 503:
        return SIM_FAULT_UNAVAILABLE;
    case 504:
        return SIM_FAULT_GATEWAY_TIMEOUT;
    default:
        return SIM_OK;
    }
}

void sim_server_serve(struct sim_server *server,
                      const struct sim_http_request *in,
                      struct sim_http_response *out)
{
    struct sim_request req;
    enum sim_status status;
    cJSON *payload = NULL;
    int64_t started = common_time_now_ms();

    /* Identity of the request, for the reply header and every log line. */
    memset(out, 0, sizeof *out);
    sim_request_init(&req);
    common_uuid_v4(req.id);
    memcpy(out->request_id, req.id, sizeof req.id);
    sim_log_set_request_id(req.id);
    req.method = in->method;
    req.path = in->path;
    req.server = server;
    req.now = common_time_now_ms();
    set_base_url(&req, in->host, server);

    /* Route, body and query: bad input is refused before auth. */
    if (in->too_many_headers) {
        status = sim_request_fail(&req, SIM_HEADERS_TOO_LARGE,
                                  "More than %d headers; the simulator "
                                  "does not read the rest",
                                  MG_MAX_HEADERS - 1);
        goto reply;
    }
    req.route = sim_router_find(in->path);
    if (req.route == NULL) {
        char path[96];
        status =
            sim_request_fail(&req, SIM_ROUTE_NOT_FOUND,
                             "No route %s; the README lists the routes",
                             sim_log_sanitize(in->path, path, sizeof path));
        goto reply;
    }
    if (in->body_too_large) {
        status = sim_request_fail(&req, SIM_PAYLOAD_TOO_LARGE,
                                  "The request body is over %d bytes",
                                  SIM_MAX_BODY_BYTES);
        goto reply;
    }
    if (in->body_incomplete) {
        status = sim_request_fail(&req, SIM_INVALID_INPUT,
                                  "The request body ended before its "
                                  "Content-Length");
        goto reply;
    }
    if (in->content_encoding != NULL &&
        strcasecmp(in->content_encoding, "identity") != 0) {
        status = sim_request_fail(&req, SIM_INVALID_CONTENT_TYPE,
                                  "Send the body uncompressed: "
                                  "Content-Encoding is not supported");
        goto reply;
    }
    if ((status = parse_body(&req, in)) != SIM_OK)
        goto reply;
    if (!sim_request_parse_query(&req, in->query)) {
        status = SIM_INVALID_INPUT;
        goto reply;
    }

    /* Auth comes before the method check, as in Seam's stack. */
    if (req.route->auth == SIM_AUTH_API_KEY &&
        (status = authenticate(&req, server, in->authorization)) != SIM_OK)
        goto reply;
    if ((sim_router_method_bit(in->method) & req.route->methods) == 0) {
        char allowed[48];
        sim_router_methods_text(req.route->methods, allowed, sizeof allowed);
        snprintf(out->allow, sizeof out->allow, "%s", allowed);
        status = sim_request_fail(&req, SIM_METHOD_NOT_ALLOWED,
                                  "Only %s accepted", allowed);
        goto reply;
    }

    /* Run the handler under the workspace's lock. */
    payload = cJSON_CreateObject();
    if (payload == NULL) {
        status = SIM_OUT_OF_MEMORY;
        goto reply;
    }
    if (req.ws != NULL) {
        sim_store_lock_workspace(req.ws);
        if ((status = inject_fault(&req, out)) != SIM_OK) {
            record(&req, sim_status_http(status));
            sim_store_unlock_workspace(req.ws);
            goto reply;
        }
        req.now = sim_store_now(req.ws);
        /* Whatever came due on the simulated clock happens first. */
        sim_latch_advance(req.ws);
    }
    status = req.route->handler(&req, payload);
    if (req.ws != NULL) {
        record(&req, sim_status_http(status));
        sim_store_unlock_workspace(req.ws);
    }

reply:
    if (status == SIM_OK && cJSON_AddBoolToObject(payload, "ok", true))
        reply_json(out, 200, payload);
    else
        reply_error(&req, status == SIM_OK ? SIM_OUT_OF_MEMORY : status, out);
    cJSON_Delete(payload);

    /* One access line per request; the key shows as a prefix only. */
    if (sim_log_enabled(SIM_LOG_INFO)) {
        char path[96], key[16];
        sim_log(out->status >= 500 ? SIM_LOG_ERROR : SIM_LOG_INFO,
                "%s %s -> %d (%lld ms) key=%s%s%s", in->method,
                sim_log_sanitize(in->path, path, sizeof path), out->status,
                (long long)(common_time_now_ms() - started),
                req.api_key ? sim_log_key_prefix(req.api_key, key, sizeof key)
                            : "-",
                status != SIM_OK ? " error=" : "",
                status != SIM_OK ? sim_status_type(status) : "");
    }
    sim_request_free(&req);
    sim_log_set_request_id(NULL);
}

/* Reads the body; sets body_too_large instead of reading past the cap. */
static char *read_body(struct mg_connection *conn, struct sim_http_request *in)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    size_t cap = 4096, len = 0;
    char *buf;

    if (ri->content_length > SIM_MAX_BODY_BYTES) {
        in->body_too_large = true;
        return NULL;
    }
    if (ri->content_length == 0)
        return NULL;
    if ((buf = malloc(cap)) == NULL)
        return NULL;
    for (;;) {
        if (len == cap) {
            if (cap > SIM_MAX_BODY_BYTES) {
                in->body_too_large = true;
                break;
            }
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL)
                break;
            buf = bigger;
            cap *= 2;
        }
        int n = mg_read(conn, buf + len, cap - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    if (len > SIM_MAX_BODY_BYTES)
        in->body_too_large = true;
    /* A client that closed before sending all it announced. */
    if (ri->content_length > 0 && (long long)len < ri->content_length)
        in->body_incomplete = true;
    in->body = buf;
    in->body_len = len;
    return buf;
}

/* Writes a response built by the dispatcher; frees its body. */
static void send_response(struct mg_connection *conn,
                          struct sim_http_response *out, bool close, bool head)
{
    char length[32];

    snprintf(length, sizeof length, "%zu", out->body_len);
    mg_response_header_start(conn, out->status);
    mg_response_header_add(conn, "Content-Type",
                           "application/json; charset=utf-8", -1);
    mg_response_header_add(conn, "Content-Length", length, -1);
    mg_response_header_add(conn, "seam-request-id", out->request_id, -1);
    if (out->allow[0])
        mg_response_header_add(conn, "Allow", out->allow, -1);
    if (out->retry_after_s > 0) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%d", out->retry_after_s);
        mg_response_header_add(conn, "Retry-After", seconds, -1);
    }
    if (close)
        mg_response_header_add(conn, "Connection", "close", -1);
    mg_response_header_send(conn);
    if (!head && out->body_len > 0)
        mg_write(conn, out->body, out->body_len);
    free(out->body);
    out->body = NULL;
}

static int handle_http(struct mg_connection *conn, void *data)
{
    struct sim_server *server = data;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct sim_http_request in = { 0 };
    struct sim_http_response out;

    in.method = ri->request_method;
    in.path = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;

    /*
     * CivetWeb keeps MG_MAX_HEADERS headers and drops the rest without a
     * word, Content-Length and Authorization included; reading on would
     * take the body for a second request. Refuse, and make CivetWeb close
     * the connection: it decides from the request's Connection header,
     * which is rewritten here (the request is being refused anyway).
     */
    if (ri->num_headers >= MG_MAX_HEADERS) {
        struct mg_request_info *writable = (struct mg_request_info *)ri;
        for (int i = 0; i < ri->num_headers; i++) {
            if (strcasecmp(ri->http_headers[i].name, "Connection") == 0)
                writable->http_headers[i].value = "close";
        }
        writable->http_headers[MG_MAX_HEADERS - 1].name = "Connection";
        writable->http_headers[MG_MAX_HEADERS - 1].value = "close";
        in.too_many_headers = true;
        sim_server_serve(server, &in, &out);
        send_response(conn, &out, true, false);
        return out.status;
    }

    in.query = ri->query_string;
    in.authorization = mg_get_header(conn, "Authorization");
    in.content_type = mg_get_header(conn, "Content-Type");
    in.content_encoding = mg_get_header(conn, "Content-Encoding");
    in.host = mg_get_header(conn, "Host");
    char *body = read_body(conn, &in);
    sim_server_serve(server, &in, &out);
    free(body);

    /* The unread rest of a refused body cannot be skipped safely. */
    send_response(conn, &out, in.body_too_large || in.body_incomplete,
                  strcmp(in.method, "HEAD") == 0);
    return out.status;
}

/*
 * Errors CivetWeb finds before a request reaches the dispatcher (an
 * unknown method, a malformed request line, headers too large) are
 * answered in the same JSON envelope, with a request id.
 */
static int handle_civetweb_error(struct mg_connection *conn, int status,
                                 const char *message)
{
    struct sim_request req;
    struct sim_http_response out;
    enum sim_status kind = status == 405   ? SIM_METHOD_NOT_ALLOWED
                           : status == 413 ? SIM_PAYLOAD_TOO_LARGE
                           : status >= 500 ? SIM_INTERNAL
                                           : SIM_INVALID_INPUT;
    char clean[160];

    memset(&out, 0, sizeof out);
    sim_request_init(&req);
    common_uuid_v4(req.id);
    memcpy(out.request_id, req.id, sizeof req.id);
    sim_request_fail(&req, kind, "%s",
                     sim_log_sanitize(message ? message : "Bad request", clean,
                                      sizeof clean));
    reply_error(&req, kind, &out);
    out.status = status >= 400 && status < 600 ? status : out.status;
    sim_log_set_request_id(req.id);
    sim_log_info("HTTP error %d: %s", status, clean);
    sim_log_set_request_id(NULL);
    sim_request_free(&req);
    send_response(conn, &out, true, false);
    return 0;
}

static int log_civetweb(const struct mg_connection *conn, const char *message)
{
    char clean[256];

    (void)conn;
    sim_log_warn("civetweb: %s",
                 sim_log_sanitize(message, clean, sizeof clean));
    return 1;
}

bool sim_server_listen(struct sim_server *server, char *err, size_t err_size)
{
    char ports[96], threads[16];
    struct mg_callbacks callbacks = { 0 };
    struct mg_init_data init = { 0 };
    struct mg_error_data error = { 0 };
    struct mg_server_port bound[4];
    char error_text[256] = "";

    /* Debian's CivetWeb is built without IPv6 (feature bit 8). */
    if (strchr(server->host, ':') && !mg_check_feature(8)) {
        snprintf(err, err_size,
                 "cannot listen on %s: this CivetWeb build has no IPv6 "
                 "support; use an IPv4 address such as 127.0.0.1",
                 server->host);
        return false;
    }

    /* IPv6 literals need brackets in CivetWeb's port syntax. */
    if (strchr(server->host, ':'))
        snprintf(ports, sizeof ports, "[%s]:%d", server->host, server->port);
    else
        snprintf(ports, sizeof ports, "%s:%d", server->host, server->port);
    snprintf(threads, sizeof threads, "%d", server->threads);
    const char *options[] = { "listening_ports", ports, "num_threads", threads,
                              "enable_keep_alive", "yes",
                              /* Small JSON replies must not wait for ACKs. */
                              "tcp_nodelay", "1", "request_timeout_ms", "30000",
                              NULL };

    callbacks.log_message = log_civetweb;
    callbacks.http_error = handle_civetweb_error;
    init.callbacks = &callbacks;
    init.user_data = server;
    init.configuration_options = options;
    error.text = error_text;
    error.text_buffer_size = sizeof error_text;
    server->ctx = mg_start2(&init, &error);
    if (server->ctx == NULL) {
        snprintf(err, err_size, "cannot listen on %s: %s", ports,
                 error_text[0] ? error_text : "unknown error");
        return false;
    }
    mg_set_request_handler(server->ctx, "/", handle_http, server);
    if (mg_get_server_ports(server->ctx, 4, bound) > 0)
        server->port = bound[0].port;

    /* Webhooks are delivered only by a server that is listening. */
    server->webhooks = sim_webhooks_worker_start(server->store);
    if (server->webhooks == NULL) {
        snprintf(err, err_size, "cannot start the webhook delivery thread");
        mg_stop(server->ctx);
        server->ctx = NULL;
        return false;
    }
    return true;
}

/*
 * CivetWeb's accept loop looks for a stop request only between polls of
 * up to two seconds. Connecting to our own port once the stop is under
 * way wakes it at once, so shutdown takes milliseconds, not seconds.
 */
static void *wake_listener(void *arg)
{
    const struct sim_server *server = arg;
    struct timespec pause = { 0, 20 * 1000000L };
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
    struct addrinfo *found = NULL;
    char port[8];
    const char *host = server->host;

    if (strcmp(host, "0.0.0.0") == 0)
        host = "127.0.0.1";
    else if (strcmp(host, "::") == 0)
        host = "::1";
    snprintf(port, sizeof port, "%d", server->port);
    nanosleep(&pause, NULL);
    if (getaddrinfo(host, port, &hints, &found) == 0 && found != NULL) {
        int fd = socket(found->ai_family, SOCK_STREAM, 0);
        if (fd >= 0) {
            (void)connect(fd, found->ai_addr, found->ai_addrlen);
            close(fd);
        }
        freeaddrinfo(found);
    }
    return NULL;
}

/* Stops CivetWeb, waking its accept loop so the stop is quick. */
static void stop_listener(struct sim_server *server)
{
    pthread_t waker;
    bool waking = pthread_create(&waker, NULL, wake_listener, server) == 0;

    atomic_store(&server->stopping, true);
    mg_stop(server->ctx);
    if (waking)
        pthread_join(waker, NULL);
}

void sim_server_free(struct sim_server *server)
{
    if (server == NULL)
        return;
    sim_webhooks_worker_stop(server->webhooks);
    if (server->ctx != NULL)
        stop_listener(server);
    sim_store_free(server->store);
    cJSON_Delete(server->fixture);
    free(server);
}
