/* Classification of HTTP answers into statuses and errors. */

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "response.h"

/* How much of a non-API error body is quoted in the message. */
#define BODY_EXCERPT_MAX 120

/* One node of the validation tree being flattened. */
struct issue_walk {
    struct seamc_error *err;
    char path[SEAMC_VALIDATION_PARAM_SIZE];
};

static bool content_type_is_json(const char *content_type)
{
    /* "application/json", "application/json; charset=utf-8", and the
     * "+json" family all count. */
    if (content_type == NULL) {
        return false;
    }
    for (; *content_type != '\0'; content_type++) {
        if (strncasecmp(content_type, "json", 4) == 0) {
            return true;
        }
    }
    return false;
}

static void add_issue(struct seamc_error *err, const char *param,
                      const cJSON *messages)
{
    struct seamc_validation_issue *issue;
    const cJSON *message;
    size_t used = 0;

    if (err->validation_count == SEAMC_VALIDATION_MAX) {
        err->truncated = true;
        return;
    }
    issue = &err->validation[err->validation_count++];
    if (!seamc__copy_text(issue->param, sizeof(issue->param), param)) {
        err->truncated = true;
    }
    issue->message[0] = '\0';

    /* A single string, or an array of strings joined with "; ". */
    if (cJSON_IsString(messages)) {
        if (!seamc__copy_text(issue->message, sizeof(issue->message),
                              messages->valuestring)) {
            err->truncated = true;
        }
        return;
    }
    cJSON_ArrayForEach(message, messages)
    {
        int written;

        if (!cJSON_IsString(message)) {
            continue;
        }
        written = snprintf(issue->message + used, sizeof(issue->message) - used,
                           "%s%s", used > 0 ? "; " : "", message->valuestring);
        if (written < 0 || (size_t)written >= sizeof(issue->message) - used) {
            err->truncated = true;
            break;
        }
        used += (size_t)written;
    }
}

static bool has_strings(const cJSON *array)
{
    const cJSON *item;

    cJSON_ArrayForEach(item, array)
    {
        if (cJSON_IsString(item)) {
            return true;
        }
    }
    return false;
}

/*
 * Walks a zod-style tree { "_errors": [...], "<param>": { ... } } and
 * records one issue per node that has messages. Plain maps of
 * param -> string or param -> [strings] are accepted as well.
 */
static void walk_issues(struct issue_walk *walk, const cJSON *node)
{
    const cJSON *child;
    size_t path_len = strlen(walk->path);

    if (cJSON_IsString(node) || (cJSON_IsArray(node) && has_strings(node))) {
        add_issue(walk->err, walk->path, node);
        return;
    }
    if (!cJSON_IsObject(node)) {
        return;
    }
    child = cJSON_GetObjectItemCaseSensitive(node, "_errors");
    if (cJSON_IsArray(child) && has_strings(child)) {
        add_issue(walk->err, walk->path, child);
    }
    cJSON_ArrayForEach(child, node)
    {
        int written;

        if (strcmp(child->string, "_errors") == 0) {
            continue;
        }
        written = snprintf(walk->path + path_len, sizeof(walk->path) - path_len,
                           "%s%s", path_len > 0 ? "." : "", child->string);
        if (written < 0 || (size_t)written >= sizeof(walk->path) - path_len) {
            walk->err->truncated = true;
        }
        walk_issues(walk, child);
        walk->path[path_len] = '\0';
    }
}

/* True, filling `err`, when `body` is a well-formed Seam error. */
static bool read_api_error(const cJSON *body, struct seamc_error *err)
{
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(body, "error");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(error, "type");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(error, "message");
    struct issue_walk walk;

    if (!cJSON_IsString(type) || !cJSON_IsString(message)) {
        return false;
    }
    if (err == NULL) {
        return true;
    }
    if (!seamc__copy_text(err->type, sizeof(err->type), type->valuestring) ||
        !seamc__copy_text(err->message, sizeof(err->message),
                          message->valuestring)) {
        err->truncated = true;
    }
    memset(&walk, 0, sizeof(walk));
    walk.err = err;
    walk_issues(&walk,
                cJSON_GetObjectItemCaseSensitive(error, "validation_errors"));
    return true;
}

/* "HTTP 502: <first line of the body, printable characters only>". */
static void describe_http_error(const struct seamc__answer *answer,
                                struct seamc_error *err)
{
    char excerpt[BODY_EXCERPT_MAX + 1];
    size_t kept = 0;
    size_t i;

    for (i = 0; i < answer->body_len && kept < BODY_EXCERPT_MAX; i++) {
        unsigned char c = (unsigned char)answer->body[i];

        if (c == '\n' || c == '\r') {
            if (kept > 0) {
                break;
            }
            continue;
        }
        excerpt[kept++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    excerpt[kept] = '\0';
    seamc__fail(err, SEAMC_EHTTP, "HTTP %ld%s%s", answer->http_status,
                kept > 0 ? ": " : "", excerpt);
}

enum seamc_status seamc__classify_answer(const struct seamc__answer *answer,
                                         const char *expect_key, cJSON **parsed,
                                         struct seamc_error *err)
{
    enum seamc_status status = SEAMC_OK;
    long code = answer->http_status;
    cJSON *body = NULL;

    /* Parse whatever came; an error body may still be useful. */
    if (answer->body_len > 0) {
        body = cJSON_ParseWithLength(answer->body, answer->body_len);
    }
    if (err != NULL) {
        err->http_status = code;
    }

    /* Success: a JSON object, holding the resource when one is due. */
    if (code >= 200 && code < 300) {
        if (!cJSON_IsObject(body)) {
            status = seamc__fail(err, SEAMC_EPROTOCOL,
                                 "HTTP %ld answer is not a JSON object", code);
        } else if (expect_key != NULL &&
                   !cJSON_HasObjectItem(body, expect_key)) {
            status =
                seamc__fail(err, SEAMC_EPROTOCOL,
                            "HTTP %ld answer lacks \"%s\"", code, expect_key);
        }
        goto out;
    }

    /* 401 is always "unauthorized", whatever the body says. */
    if (code == 401) {
        status = SEAMC_EUNAUTHORIZED;
        if (!content_type_is_json(answer->content_type) ||
            !read_api_error(body, err)) {
            seamc__fail(err, status, "unauthorized (HTTP 401)");
        }
        if (err != NULL) {
            err->status = status;
            seamc__copy_text(err->type, sizeof(err->type), "unauthorized");
        }
        goto out;
    }

    /* A Seam error, or else a plain HTTP failure. */
    if (content_type_is_json(answer->content_type) &&
        read_api_error(body, err)) {
        status = SEAMC_EAPI;
        if (err != NULL) {
            err->status = status;
        }
    } else {
        status = SEAMC_EHTTP;
        describe_http_error(answer, err);
    }

out:
    *parsed = body;
    return status;
}
