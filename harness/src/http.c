#include "http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "common/strbuf.h"

#define DEFAULT_TIMEOUT_MS 30000L
/* Header lines longer than this are ignored (none we read is close). */
#define HEADER_LINE_MAX 4096

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    struct common_strbuf *body = user;
    size_t len = size * count;

    /* Returning less than given makes libcurl stop with an error. */
    return common_strbuf_append(body, data, len) ? len : 0;
}

static size_t on_header(char *data, size_t size, size_t count, void *user)
{
    cJSON *headers = user;
    size_t len = size * count;
    char line[HEADER_LINE_MAX];
    char *colon, *value, *end;

    if (len >= sizeof line)
        return len;
    memcpy(line, data, len);
    line[len] = '\0';
    colon = strchr(line, ':');
    if (colon == NULL)
        return len; /* the status line or the blank line */
    *colon = '\0';
    for (char *c = line; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    value = colon + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    end = value + strlen(value);
    while (end > value &&
           (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        *--end = '\0';
    cJSON_DeleteItemFromObjectCaseSensitive(headers, line);
    cJSON_AddStringToObject(headers, line, value);
    return len;
}

enum harness_status harness_http_send(const struct harness_http_request *req,
                                      struct harness_http_response *response,
                                      struct harness_error *err)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = NULL;
    struct common_strbuf body;
    enum harness_status status = HARNESS_OK;
    CURLcode rc;

    memset(response, 0, sizeof *response);
    common_strbuf_init(&body, HARNESS_HTTP_MAX_BODY);
    response->headers = cJSON_CreateObject();
    if (curl == NULL || response->headers == NULL) {
        status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
        goto out;
    }

    /* The request as given, nothing added but what libcurl must add. */
    for (size_t i = 0; req->headers != NULL && req->headers[i] != NULL; i++)
        headers = curl_slist_append(headers, req->headers[i]);
    curl_easy_setopt(curl, CURLOPT_URL, req->url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(req->body));
    } else if (strcmp(req->method, "GET") == 0) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     req->timeout_ms > 0 ? req->timeout_ms
                                         : DEFAULT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, response->headers);

    /* Send, then keep whatever arrived. */
    rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->status);
    if (rc != CURLE_OK) {
        status = harness_fail(err, HARNESS_ETRANSPORT, "%s %s: %s", req->method,
                              req->url,
                              body.overflowed ? "response body too large"
                                              : curl_easy_strerror(rc));
        goto out;
    }
    response->body_len = body.len;
    response->body = common_strbuf_detach(&body);
    if (response->body == NULL) {
        status = harness_fail(err, HARNESS_ENOMEM, "out of memory");
        goto out;
    }
    response->json = cJSON_ParseWithLength(response->body, response->body_len);

out:
    common_strbuf_free(&body);
    curl_slist_free_all(headers);
    if (curl != NULL)
        curl_easy_cleanup(curl);
    if (response->body == NULL)
        response->body = calloc(1, 1);
    return status;
}

void harness_http_response_free(struct harness_http_response *response)
{
    if (response == NULL)
        return;
    free(response->body);
    cJSON_Delete(response->json);
    cJSON_Delete(response->headers);
    memset(response, 0, sizeof *response);
}
