/* The handle, its configuration, and the HTTP exchange with retries. */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client_internal.h"
#include "common/strbuf.h"
#include "error.h"
#include "query.h"
#include "response.h"
#include "retry.h"
#include "text.h"

/* Sent on every request so server logs can tell this client apart. */
#define SEAMC_SDK_NAME    "seam-latch-sim/c-client"
#define SEAMC_SDK_VERSION "0.1.0"
/* Longest log line; longer ones are cut. */
#define SEAMC_LOG_LINE_MAX 512
/* Longest header value kept from an answer (Retry-After, type). */
#define SEAMC_HEADER_VALUE_MAX 128

/* What one attempt captured from the answer. */
struct capture {
    struct common_strbuf body;
    char request_id[SEAMC_REQUEST_ID_SIZE];
    char retry_after[SEAMC_HEADER_VALUE_MAX];
    char content_type[SEAMC_HEADER_VALUE_MAX];
    bool too_big;
};

/* How one attempt ended, for the retry decision. */
struct attempt {
    enum seamc_status status;
    bool transport_retryable; /* no answer, and safe to try again */
    long http_status;
    long retry_after_ms; /* from Retry-After; -1 when absent */
    cJSON *body;         /* owned */
};

void seamc__log(const seamc_client *client, enum seamc_log_level level,
                const char *fmt, ...)
{
    char line[SEAMC_LOG_LINE_MAX];
    va_list args;

    if (client->log == NULL) {
        return;
    }
    va_start(args, fmt);
    vsnprintf(line, sizeof(line), fmt, args);
    va_end(args);
    seamc__redact(line, sizeof(line), client->api_key);
    client->log(client->log_user_data, level, line);
}

void seamc_config_init(struct seamc_config *config)
{
    memset(config, 0, sizeof(*config));
    config->max_retries = SEAMC_DEFAULT_MAX_RETRIES;
    config->timeout_ms = SEAMC_DEFAULT_TIMEOUT_MS;
    config->retry_base_delay_ms = SEAMC_DEFAULT_RETRY_BASE_DELAY_MS;
    config->max_retry_delay_ms = SEAMC_DEFAULT_MAX_RETRY_DELAY_MS;
    config->read_method = SEAMC_READ_POST;
}

enum seamc_status seamc_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? SEAMC_OK
                                                             : SEAMC_ENOMEM;
}

void seamc_global_cleanup(void)
{
    curl_global_cleanup();
}

static const char *non_empty_env(const char *name)
{
    const char *value = getenv(name);

    return (value != NULL && value[0] != '\0') ? value : NULL;
}

/* Picks the endpoint the way the SDKs do, and warns about the old name. */
static const char *choose_endpoint(const struct seamc_config *config,
                                   const seamc_client *client)
{
    const char *legacy;

    if (config->endpoint != NULL) {
        return config->endpoint;
    }
    if (non_empty_env("SEAM_ENDPOINT") != NULL) {
        return non_empty_env("SEAM_ENDPOINT");
    }
    legacy = non_empty_env("SEAM_API_URL");
    if (legacy != NULL) {
        seamc__log(client, SEAMC_LOG_WARN,
                   "SEAM_API_URL is deprecated; use SEAM_ENDPOINT");
        return legacy;
    }
    return SEAMC_DEFAULT_ENDPOINT;
}

/* Copies `endpoint` without trailing slashes, after checking that it is
 * an http(s) URL with a host and nothing but a path after it. */
static enum seamc_status normalise_endpoint(const char *endpoint, char **out,
                                            struct seamc_error *err)
{
    size_t len = strlen(endpoint);
    size_t scheme_len;
    size_t host_len;
    size_t i;

    if (strncasecmp(endpoint, "https://", 8) == 0) {
        scheme_len = 8;
    } else if (strncasecmp(endpoint, "http://", 7) == 0) {
        scheme_len = 7;
    } else {
        return seamc__fail(err, SEAMC_ECONFIG,
                           "endpoint must start with http:// or https://");
    }
    for (i = 0; i < len; i++) {
        if (isspace((unsigned char)endpoint[i]) ||
            iscntrl((unsigned char)endpoint[i])) {
            return seamc__fail(err, SEAMC_ECONFIG,
                               "endpoint contains spaces or control "
                               "characters");
        }
    }
    /* Routes are appended to the endpoint as text, so a query or a
     * fragment would swallow or garble them; and credentials in the URL
     * would go out as a second Authorization and show up in logs. */
    if (strchr(endpoint, '?') != NULL) {
        return seamc__fail(err, SEAMC_ECONFIG,
                           "endpoint must not have a query (\"?...\")");
    }
    if (strchr(endpoint, '#') != NULL) {
        return seamc__fail(err, SEAMC_ECONFIG,
                           "endpoint must not have a fragment (\"#...\")");
    }
    host_len = strcspn(endpoint + scheme_len, "/");
    if (memchr(endpoint + scheme_len, '@', host_len) != NULL) {
        return seamc__fail(err, SEAMC_ECONFIG,
                           "endpoint must not carry a user name or password "
                           "(\"user@\"); the API key is the credential");
    }
    while (len > scheme_len && endpoint[len - 1] == '/') {
        len--;
    }
    if (len == scheme_len || host_len == 0) {
        return seamc__fail(err, SEAMC_ECONFIG, "endpoint has no host");
    }
    *out = malloc(len + 1);
    if (*out == NULL) {
        return seamc__fail(err, SEAMC_ENOMEM, "out of memory");
    }
    memcpy(*out, endpoint, len);
    (*out)[len] = '\0';
    return SEAMC_OK;
}

static enum seamc_status check_api_key(const char *key, struct seamc_error *err)
{
    const char *cursor;

    if (key == NULL || key[0] == '\0') {
        return seamc__fail(err, SEAMC_ECONFIG,
                           "no API key: pass one or set SEAM_API_KEY");
    }
    /* A header value must stay on one line: no CR, LF or other controls. */
    for (cursor = key; *cursor != '\0'; cursor++) {
        if (iscntrl((unsigned char)*cursor) || *cursor == ' ') {
            return seamc__fail(err, SEAMC_EINVAL,
                               "API key contains spaces or control "
                               "characters");
        }
    }
    return SEAMC_OK;
}

static enum seamc_status check_numbers(const struct seamc_config *config,
                                       struct seamc_error *err)
{
    if (config->max_retries < 0 || config->max_retries > 10) {
        return seamc__fail(err, SEAMC_EINVAL, "max_retries must be 0..10");
    }
    if (config->timeout_ms < 0 || config->retry_base_delay_ms < 0 ||
        config->retry_base_delay_ms > 60000 || config->max_retry_delay_ms < 0) {
        return seamc__fail(err, SEAMC_EINVAL,
                           "timeouts and delays must not be negative "
                           "(base delay at most 60000 ms)");
    }
    return SEAMC_OK;
}

static enum seamc_status build_headers(seamc_client *client,
                                       struct seamc_error *err)
{
    static const char *const fixed[] = {
        "Accept: application/json",
        "Content-Type: application/json",
        "seam-sdk-name: " SEAMC_SDK_NAME,
        "seam-sdk-version: " SEAMC_SDK_VERSION,
        "Expect:", /* no 100-continue round trip for small bodies */
    };
    struct common_strbuf auth;
    struct curl_slist *grown;
    enum seamc_status status = SEAMC_OK;
    size_t i;

    common_strbuf_init(&auth, 4096);
    if (!common_strbuf_printf(&auth, "Authorization: Bearer %s",
                              client->api_key)) {
        status = seamc__fail(err, SEAMC_EINVAL, "API key is too long");
        goto out;
    }
    grown = curl_slist_append(NULL, common_strbuf_str(&auth));
    for (i = 0; grown != NULL && i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        client->headers = grown;
        grown = curl_slist_append(client->headers, fixed[i]);
    }
    if (grown == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        goto out;
    }
    client->headers = grown;

out:
    /* The buffer held the key: wipe it before it goes back to malloc. */
    if (auth.data != NULL) {
        memset(auth.data, 0, auth.cap);
    }
    common_strbuf_free(&auth);
    return status;
}

static uint32_t seed_random(const void *salt)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint32_t)now.tv_nsec ^ (uint32_t)now.tv_sec ^
           (uint32_t)(uintptr_t)salt ^ 0x6d2b79f5u;
}

enum seamc_status seamc_client_new(const struct seamc_config *config,
                                   seamc_client **out, struct seamc_error *err)
{
    struct seamc_config defaults;
    seamc_client *client = NULL;
    const char *key;
    char hint[SEAMC_KEY_HINT_SIZE];
    enum seamc_status status;

    seamc_error_clear(err);
    if (out == NULL) {
        return seamc__fail(err, SEAMC_EINVAL, "out must not be NULL");
    }
    *out = NULL;
    if (config == NULL) {
        seamc_config_init(&defaults);
        config = &defaults;
    }
    status = check_numbers(config, err);
    if (status != SEAMC_OK) {
        goto out;
    }

    /* Copy the settings; zero timeouts and delays mean "default". */
    client = calloc(1, sizeof(*client));
    if (client == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        goto out;
    }
    client->log = config->log;
    client->log_user_data = config->log_user_data;
    client->delay = config->delay;
    client->delay_user_data = config->delay_user_data;
    client->max_retries = config->max_retries;
    client->retry_writes = config->retry_writes;
    client->read_method = config->read_method;
    client->timeout_ms =
        config->timeout_ms > 0 ? config->timeout_ms : SEAMC_DEFAULT_TIMEOUT_MS;
    client->retry_base_delay_ms = config->retry_base_delay_ms > 0
                                      ? config->retry_base_delay_ms
                                      : SEAMC_DEFAULT_RETRY_BASE_DELAY_MS;
    client->max_retry_delay_ms = config->max_retry_delay_ms > 0
                                     ? config->max_retry_delay_ms
                                     : SEAMC_DEFAULT_MAX_RETRY_DELAY_MS;
    client->random_state = seed_random(client);

    /* Endpoint and key: the caller's, else the environment's. */
    status = normalise_endpoint(choose_endpoint(config, client),
                                &client->endpoint, err);
    if (status != SEAMC_OK) {
        goto out;
    }
    key = config->api_key != NULL ? config->api_key
                                  : non_empty_env("SEAM_API_KEY");
    status = check_api_key(key, err);
    if (status != SEAMC_OK) {
        goto out;
    }
    client->api_key = seamc__duplicate_text(key);
    if (client->api_key == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
        goto out;
    }

    /* The connection and the headers every request carries. */
    status = build_headers(client, err);
    if (status != SEAMC_OK) {
        goto out;
    }
    client->curl = curl_easy_init();
    if (client->curl == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "curl_easy_init failed");
        goto out;
    }
    seamc__key_hint(client->api_key, hint);
    seamc__log(client, SEAMC_LOG_DEBUG, "client for %s with key %s",
               client->endpoint, hint);
    *out = client;
    client = NULL;

out:
    seamc_client_free(client);
    return status;
}

void seamc_client_free(seamc_client *client)
{
    if (client == NULL) {
        return;
    }
    if (client->curl != NULL) {
        curl_easy_cleanup(client->curl);
    }
    curl_slist_free_all(client->headers);
    if (client->api_key != NULL) {
        memset(client->api_key, 0, strlen(client->api_key));
        free(client->api_key);
    }
    free(client->endpoint);
    free(client);
}

const char *seamc_client_endpoint(const seamc_client *client)
{
    return client->endpoint;
}

void seamc_response_release(struct seamc_response *response)
{
    if (response == NULL) {
        return;
    }
    cJSON_Delete(response->body);
    memset(response, 0, sizeof(*response));
}

cJSON *seamc_response_take_body(struct seamc_response *response)
{
    cJSON *body = response->body;

    response->body = NULL;
    return body;
}

/* ---- one attempt ----------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    struct capture *capture = user;
    size_t len = size * count;

    if (!common_strbuf_append(&capture->body, data, len)) {
        capture->too_big = true;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    return len;
}

/* Copies the value of header line `line` into `out` if it is `name`. */
static void match_header(const char *line, size_t len, const char *name,
                         char *out, size_t size)
{
    size_t name_len = strlen(name);
    size_t start;
    size_t end;

    if (len <= name_len || line[name_len] != ':' ||
        strncasecmp(line, name, name_len) != 0) {
        return;
    }
    start = name_len + 1;
    end = len;
    while (start < end && isspace((unsigned char)line[start])) {
        start++;
    }
    while (end > start && isspace((unsigned char)line[end - 1])) {
        end--;
    }
    if (end - start >= size) {
        end = start + size - 1;
    }
    memcpy(out, line + start, end - start);
    out[end - start] = '\0';
}

static size_t on_header(char *line, size_t size, size_t count, void *user)
{
    struct capture *capture = user;
    size_t len = size * count;

    /* A new status line starts a new answer (after a 1xx, say). */
    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        capture->request_id[0] = '\0';
        capture->retry_after[0] = '\0';
        capture->content_type[0] = '\0';
        return len;
    }
    match_header(line, len, "seam-request-id", capture->request_id,
                 sizeof(capture->request_id));
    match_header(line, len, "retry-after", capture->retry_after,
                 sizeof(capture->retry_after));
    match_header(line, len, "content-type", capture->content_type,
                 sizeof(capture->content_type));
    return len;
}

/* Failures where nothing (or half an answer) came back: another
 * attempt may well succeed. */
static bool curl_code_is_retryable(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

static enum seamc_status set_request(seamc_client *client, const char *url,
                                     const char *body, struct capture *capture,
                                     char *curl_error)
{
    CURL *curl = client->curl;
    CURLcode code = CURLE_OK;

    curl_easy_reset(curl);
    code |= curl_easy_setopt(curl, CURLOPT_URL, url);
    code |= curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    code |= curl_easy_setopt(curl, CURLOPT_HTTPHEADER, client->headers);
    code |= curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, client->timeout_ms);
    code |= curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    code |= curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    code |= curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    code |= curl_easy_setopt(curl, CURLOPT_WRITEDATA, capture);
    code |= curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    code |= curl_easy_setopt(curl, CURLOPT_HEADERDATA, capture);
    if (body != NULL) {
        code |= curl_easy_setopt(curl, CURLOPT_POST, 1L);
        code |= curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        code |= curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                                 (curl_off_t)strlen(body));
    } else {
        code |= curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    }
    return code == CURLE_OK ? SEAMC_OK : SEAMC_ENOMEM;
}

/*
 * Sends one request and classifies the answer. `body` NULL means GET.
 * Fills `result`, `response` (status and request id) and `err`.
 */
static void attempt_once(seamc_client *client, const char *url,
                         const char *body, const char *expect_key,
                         struct attempt *result,
                         struct seamc_response *response,
                         struct seamc_error *err)
{
    char curl_error[CURL_ERROR_SIZE] = "";
    struct capture capture;
    struct seamc__answer answer;
    CURLcode code;

    memset(&capture, 0, sizeof(capture));
    common_strbuf_init(&capture.body, SEAMC_MAX_RESPONSE_BYTES);
    memset(result, 0, sizeof(*result));
    result->retry_after_ms = -1;
    seamc_error_clear(err);

    /* Send. */
    result->status = set_request(client, url, body, &capture, curl_error);
    if (result->status != SEAMC_OK) {
        seamc__fail(err, result->status, "could not configure libcurl");
        goto out;
    }
    code = curl_easy_perform(client->curl);
    curl_easy_getinfo(client->curl, CURLINFO_RESPONSE_CODE,
                      &result->http_status);
    response->http_status = result->http_status;
    seamc__copy_text(response->request_id, sizeof(response->request_id),
                     capture.request_id);

    /* No complete answer: say why, in libcurl's words. */
    if (code != CURLE_OK) {
        if (capture.too_big) {
            result->status =
                seamc__fail(err, SEAMC_ETOOBIG, "answer larger than %u bytes",
                            SEAMC_MAX_RESPONSE_BYTES);
        } else if (code == CURLE_OPERATION_TIMEDOUT) {
            result->status =
                seamc__fail(err, SEAMC_ETIMEOUT, "no answer within %ld ms",
                            client->timeout_ms);
        } else {
            result->transport_retryable = curl_code_is_retryable(code);
            result->status = seamc__fail(
                err, SEAMC_ETRANSPORT, "%s%s%s", curl_easy_strerror(code),
                curl_error[0] != '\0' ? ": " : "", curl_error);
        }
        if (err != NULL) {
            err->http_status = result->http_status;
        }
        goto out;
    }

    /* An answer: classify it. */
    answer.http_status = result->http_status;
    answer.content_type =
        capture.content_type[0] != '\0' ? capture.content_type : NULL;
    answer.body = common_strbuf_str(&capture.body);
    answer.body_len = capture.body.len;
    result->status =
        seamc__classify_answer(&answer, expect_key, &result->body, err);

    /* Remember how long the server asked us to wait, if it did. */
    if (result->status != SEAMC_OK) {
        result->retry_after_ms = seamc__retry_after_ms(
            capture.retry_after[0] != '\0' ? capture.retry_after : NULL,
            time(NULL));
    }

out:
    if (err != NULL) {
        seamc__copy_text(err->request_id, sizeof(err->request_id),
                         capture.request_id);
    }
    common_strbuf_free(&capture.body);
}

/* ---- the call, with retries ------------------------------------------ */

void seamc__pause(const seamc_client *client, long delay_ms)
{
    struct timespec left;

    if (client->delay != NULL) {
        client->delay(client->delay_user_data, delay_ms);
        return;
    }
    left.tv_sec = delay_ms / 1000;
    left.tv_nsec = (delay_ms % 1000) * 1000000L;
    while (nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
}

/*
 * A route is "/" followed by segments of letters, digits, '_', '-' and
 * '.', without empty or dot-only segments. The leading slash may be
 * omitted by the caller; it is added to `out` either way.
 */
static enum seamc_status normalise_route(const char *route,
                                         struct common_strbuf *out,
                                         struct seamc_error *err)
{
    const char *cursor;
    size_t segment_len = 0;
    bool segment_all_dots = true;

    if (route == NULL) {
        return seamc__fail(err, SEAMC_EINVAL, "route must not be NULL");
    }
    if (route[0] == '/') {
        route++;
    }
    for (cursor = route;; cursor++) {
        char c = *cursor;

        if (c == '/' || c == '\0') {
            if (segment_len == 0 || segment_all_dots) {
                return seamc__fail(err, SEAMC_EINVAL,
                                   "route \"/%.64s\" has an empty or "
                                   "dot segment",
                                   route);
            }
            if (c == '\0') {
                break;
            }
            segment_len = 0;
            segment_all_dots = true;
            continue;
        }
        if (!isalnum((unsigned char)c) && c != '_' && c != '-' && c != '.') {
            return seamc__fail(err, SEAMC_EINVAL,
                               "route contains character 0x%02x, which "
                               "no Seam route has",
                               (unsigned)(unsigned char)c);
        }
        segment_all_dots = segment_all_dots && c == '.';
        segment_len++;
    }
    if (!common_strbuf_puts(out, "/") || !common_strbuf_puts(out, route)) {
        return seamc__fail(err, SEAMC_ENOMEM, "route too long");
    }
    return SEAMC_OK;
}

/* Builds the URL and, for POST, the JSON body. `*body` NULL means GET. */
static enum seamc_status build_request(const seamc_client *client,
                                       const char *route, const cJSON *params,
                                       bool as_get, struct common_strbuf *url,
                                       char **body, struct seamc_error *err)
{
    struct common_strbuf path;
    enum seamc_status status;

    *body = NULL;
    common_strbuf_init(&path, 1024);
    status = normalise_route(route, &path, err);
    if (status != SEAMC_OK) {
        goto out;
    }
    if (params != NULL && !cJSON_IsObject(params)) {
        status =
            seamc__fail(err, SEAMC_EINVAL, "parameters must be a JSON object");
        goto out;
    }
    if (!common_strbuf_puts(url, client->endpoint) ||
        !common_strbuf_puts(url, common_strbuf_str(&path))) {
        status = seamc__fail(err, SEAMC_ENOMEM, "URL too long");
        goto out;
    }

    /* Reads over GET carry the parameters in the query string. */
    if (as_get) {
        size_t before = url->len;

        if (!common_strbuf_puts(url, "?")) {
            status = seamc__fail(err, SEAMC_ENOMEM, "URL too long");
            goto out;
        }
        status = seamc__query_encode(params, url);
        if (status != SEAMC_OK) {
            status = seamc__fail(err, status,
                                 status == SEAMC_EINVAL
                                     ? "parameters have no query form "
                                       "(array of arrays or objects)"
                                     : "URL too long");
            goto out;
        }
        if (url->len == before + 1) {
            url->data[--url->len] = '\0'; /* no parameters: drop the '?' */
        }
        goto out;
    }

    /* Everything else is POSTed as JSON; no parameters is {}. */
    *body = params != NULL ? cJSON_PrintUnformatted(params) : NULL;
    if (*body == NULL) {
        *body = malloc(3);
        if (*body != NULL) {
            memcpy(*body, "{}", 3);
        }
    }
    if (*body == NULL) {
        status = seamc__fail(err, SEAMC_ENOMEM, "out of memory");
    }

out:
    common_strbuf_free(&path);
    return status;
}

static bool may_retry(const seamc_client *client, bool is_read,
                      enum seamc_retry retry)
{
    switch (retry) {
    case SEAMC_RETRY_NEVER:
        return false;
    case SEAMC_RETRY_ALWAYS:
        return true;
    case SEAMC_RETRY_AUTO:
        break;
    }
    return is_read || client->retry_writes;
}

/* How long to wait before retry number `retry`, or -1 to give up. */
static long retry_delay(seamc_client *client, const struct attempt *last,
                        int retry)
{
    long delay;

    if (!last->transport_retryable &&
        !seamc__http_status_is_retryable(last->http_status)) {
        return -1;
    }
    delay = last->retry_after_ms >= 0
                ? last->retry_after_ms
                : seamc__backoff_ms(client->retry_base_delay_ms, retry,
                                    seamc__next_random(&client->random_state));
    return delay <= client->max_retry_delay_ms ? delay : -1;
}

enum seamc_status seamc_call(seamc_client *client, const char *route,
                             const cJSON *params,
                             const struct seamc_call_options *options,
                             struct seamc_response *response,
                             struct seamc_error *err)
{
    static const struct seamc_call_options no_options;
    struct common_strbuf url;
    struct attempt last;
    char *body = NULL;
    bool is_read;
    bool retry_allowed;
    int attempt;
    enum seamc_status status;

    memset(&last, 0, sizeof(last));
    common_strbuf_init(&url, 64 * 1024);
    seamc_error_clear(err);
    if (client == NULL || response == NULL) {
        status = seamc__fail(err, SEAMC_EINVAL,
                             "client and response must not be NULL");
        goto out;
    }
    seamc_response_release(response);
    if (options == NULL) {
        options = &no_options;
    }

    /* Build the request once; every attempt sends the same bytes. */
    is_read =
        options->force_read || (route != NULL && seamc__route_is_read(route));
    status = build_request(client, route, params,
                           is_read && client->read_method == SEAMC_READ_GET,
                           &url, &body, err);
    if (status != SEAMC_OK) {
        goto out;
    }
    retry_allowed = may_retry(client, is_read, options->retry);

    /* Attempt, and retry while the rules allow. */
    for (attempt = 1;; attempt++) {
        long delay;

        cJSON_Delete(last.body);
        attempt_once(client, common_strbuf_str(&url), body, options->expect_key,
                     &last, response, err);
        response->attempts = attempt;
        seamc__log(client, SEAMC_LOG_DEBUG,
                   "%s %s attempt %d: %s, HTTP %ld, request id \"%s\"",
                   body != NULL ? "POST" : "GET", common_strbuf_str(&url),
                   attempt, seamc_errname(last.status), last.http_status,
                   response->request_id);
        if (last.status == SEAMC_OK || !retry_allowed ||
            attempt > client->max_retries) {
            break;
        }
        delay = retry_delay(client, &last, attempt);
        if (delay < 0) {
            break;
        }
        seamc__log(client, SEAMC_LOG_INFO,
                   "retrying %s in %ld ms (attempt %d of %d)",
                   common_strbuf_str(&url), delay, attempt + 1,
                   client->max_retries + 1);
        seamc__pause(client, delay);
    }
    status = last.status;
    response->body = last.body;
    last.body = NULL;
    if (err != NULL) {
        err->attempts = response->attempts;
    }

out:
    if (err != NULL && client != NULL) {
        seamc__error_redact(err, client->api_key);
    }
    free(body);
    common_strbuf_free(&url);
    return status;
}

enum seamc_status seamc_call_json(seamc_client *client, const char *route,
                                  const char *params_json,
                                  const struct seamc_call_options *options,
                                  struct seamc_response *response,
                                  struct seamc_error *err)
{
    cJSON *params = NULL;
    enum seamc_status status;

    if (params_json != NULL && params_json[0] != '\0') {
        params = cJSON_Parse(params_json);
        if (!cJSON_IsObject(params)) {
            seamc_error_clear(err);
            status = seamc__fail(err, SEAMC_EINVAL,
                                 "parameters are not a JSON object");
            goto out;
        }
    }
    status = seamc_call(client, route, params, options, response, err);

out:
    cJSON_Delete(params);
    return status;
}
