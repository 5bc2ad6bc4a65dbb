#include "runner.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <seam/seam.h>

#include "common/strbuf.h"
#include "expect.h"
#include "http.h"
#include "jpath.h"
#include "proc.h"
#include "report.h"
#include "template.h"

/* Bytes of a body or of program output quoted in a failure report. */
#define QUOTE_MAX 800
/* Bytes of program output kept for checks. */
#define OUTPUT_MAX (1024 * 1024)
/* Cap on the details text of one result. */
#define DETAILS_MAX (64 * 1024)
/* Poll step when a scenario gives none. */
#define DEFAULT_POLL_INTERVAL_MS 200
#define DEFAULT_RUN_TIMEOUT_MS   60000L
/* Most arguments and `env` entries of a run step. */
#define RUN_ARGV_MAX 64
#define RUN_ENV_MAX  32
/* Most headers a raw step may set. */
#define RAW_HEADERS_MAX 32
/* Routes that no official schema covers: the simulator's own. */
#define FAKE_ROUTE_PREFIX "/_fake/"
#define HEALTH_ROUTE      "/health"

const char *harness_outcome_label(enum harness_outcome outcome)
{
    switch (outcome) {
#define HARNESS_OUTCOME_LABEL_CASE(name, label)                                \
    case name:                                                                 \
        return label;
        HARNESS_OUTCOME_TABLE(HARNESS_OUTCOME_LABEL_CASE)
#undef HARNESS_OUTCOME_LABEL_CASE
    }
    return "?";
}

/* Everything one scenario run carries from step to step. */
struct run {
    const struct harness_run_config *config;
    const struct harness_scenario *scenario;
    struct harness_target target;
    seamc_client *client; /* owned */
    cJSON *vars;          /* owned */
    int passed;
    int skipped;
    struct common_strbuf details;
    unsigned outputs; /* run steps so far, to name their output files */
};

/* What one attempt of a step produced. */
struct exchange {
    long status;       /* HTTP status, or a program's exit code */
    cJSON *doc;        /* owned: body (or stdout) as JSON, or NULL */
    cJSON *headers;    /* owned: lower-case header name -> value */
    char *text;        /* owned: raw body, or stdout */
    char *error_text;  /* owned: stderr of a program */
    char summary[512]; /* the request in one line, for reports */
    char route[256];   /* route without query, for the schema check */
    bool is_run;
};

static void exchange_free(struct exchange *ex)
{
    cJSON_Delete(ex->doc);
    cJSON_Delete(ex->headers);
    free(ex->text);
    free(ex->error_text);
    memset(ex, 0, sizeof *ex);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void trace(const struct run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void trace(const struct run *run, const char *fmt, ...)
{
    va_list ap;
    char line[1024];

    if (run->config->trace == NULL)
        return;
    struct common_strbuf sb;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* Step names are the scenario author's text: no raw control bytes on
     * the terminal. */
    common_strbuf_init(&sb, 4 * sizeof line);
    harness_report_text_escape(&sb, run->scenario->name);
    common_strbuf_puts(&sb, "] ");
    harness_report_text_escape(&sb, line);
    fprintf(run->config->trace, "  [%s\n", common_strbuf_str(&sb));
    common_strbuf_free(&sb);
}

/* Expands a string member of `object` (e.g. a route) into `out`. */
static enum harness_status expand_text(const struct run *run, const char *text,
                                       char **out, struct harness_error *err)
{
    cJSON *value = NULL;
    enum harness_status status =
        harness_template_expand_text(text, run->vars, &value, err);

    *out = NULL;
    if (status == HARNESS_OK && !cJSON_IsString(value))
        status = harness_fail(err, HARNESS_EMALFORMED,
                              "\"%s\" must expand to text", text);
    if (status == HARNESS_OK) {
        *out = value->valuestring;
        value->valuestring = NULL;
    }
    cJSON_Delete(value);
    return status;
}

static void set_var(struct run *run, const char *name, cJSON *value)
{
    if (value == NULL)
        return;
    if (cJSON_GetObjectItemCaseSensitive(run->vars, name) != NULL)
        cJSON_ReplaceItemInObjectCaseSensitive(run->vars, name, value);
    else
        cJSON_AddItemToObject(run->vars, name, value);
}

/* ---- sending ---------------------------------------------------------- */

static enum harness_status make_client(const char *endpoint,
                                       const char *api_key, bool simulator,
                                       seamc_client **out,
                                       struct harness_error *err)
{
    struct seamc_config config;
    struct seamc_error cerr;

    seamc_config_init(&config);
    config.endpoint = endpoint;
    config.api_key = api_key;
    /* A simulator answers at once; retrying would only hide its errors. */
    if (simulator)
        config.max_retries = 0;
    if (seamc_client_new(&config, out, &cerr) != SEAMC_OK)
        return harness_fail(err, HARNESS_ESETUP, "client: %s", cerr.message);
    return HARNESS_OK;
}

/* A `call` step: one route, one JSON body, through the client library. */
static enum harness_status send_call(struct run *run, const cJSON *step,
                                     struct exchange *ex,
                                     struct harness_error *err)
{
    const cJSON *body_spec = cJSON_GetObjectItemCaseSensitive(step, "body");
    const cJSON *key_spec = cJSON_GetObjectItemCaseSensitive(step, "api_key");
    cJSON *body = NULL;
    char *route = NULL, *api_key = NULL, *printed = NULL;
    seamc_client *other = NULL;
    struct seamc_response response = { 0 };
    struct seamc_error cerr;
    struct seamc_call_options options = { .retry = SEAMC_RETRY_NEVER };
    enum harness_status status;

    /* Expand the route, the body and any other key. */
    status = expand_text(
        run, cJSON_GetObjectItemCaseSensitive(step, "call")->valuestring,
        &route, err);
    if (status == HARNESS_OK && body_spec != NULL)
        status = harness_template_expand(body_spec, run->vars, &body, err);
    if (status == HARNESS_OK && body != NULL && !cJSON_IsObject(body))
        status = harness_fail(err, HARNESS_EMALFORMED,
                              "\"body\" must expand to a JSON object");
    if (status == HARNESS_OK && key_spec != NULL) {
        status = expand_text(run, key_spec->valuestring, &api_key, err);
        if (status == HARNESS_OK)
            status = make_client(run->target.endpoint, api_key,
                                 run->target.is_simulator, &other, err);
    }
    if (status != HARNESS_OK)
        goto out;

    /* Send it. */
    printed = body ? cJSON_PrintUnformatted(body) : NULL;
    snprintf(ex->summary, sizeof ex->summary, "POST %s %.400s%s", route,
             printed ? printed : "{}", api_key ? " (with another key)" : "");
    snprintf(ex->route, sizeof ex->route, "%s", route);
    seamc_call(other ? other : run->client, route, body, &options, &response,
               &cerr);
    if (response.http_status == 0) {
        status = harness_fail(err, HARNESS_ETRANSPORT, "%s: failed: %s",
                              ex->summary, cerr.message);
        goto out;
    }

    /* Keep what came back. */
    ex->status = response.http_status;
    ex->doc = seamc_response_take_body(&response);
    ex->text = ex->doc ? cJSON_PrintUnformatted(ex->doc) : NULL;
    ex->headers = cJSON_CreateObject();
    if (ex->headers != NULL && response.request_id[0] != '\0')
        cJSON_AddStringToObject(ex->headers, "seam-request-id",
                                response.request_id);

out:
    seamc_response_release(&response);
    seamc_client_free(other);
    cJSON_Delete(body);
    free(printed);
    free(route);
    free(api_key);
    return status;
}

/* A `raw` step: any method, body and headers, straight through libcurl. */
static enum harness_status send_raw(struct run *run, const cJSON *step,
                                    struct exchange *ex,
                                    struct harness_error *err)
{
    cJSON *raw = NULL;
    const char *headers[RAW_HEADERS_MAX + 3];
    char authorization[HARNESS_TARGET_KEY_SIZE + 32];
    char header_lines[RAW_HEADERS_MAX][512];
    size_t header_count = 0;
    bool has_content_type = false;
    char *body_text = NULL;
    char url[HARNESS_TARGET_URL_SIZE + 512];
    struct harness_http_response response = { 0 };
    enum harness_status status;

    status = harness_template_expand(
        cJSON_GetObjectItemCaseSensitive(step, "raw"), run->vars, &raw, err);
    if (status != HARNESS_OK)
        return status;
    const char *method =
        cJSON_GetObjectItemCaseSensitive(raw, "method")->valuestring;
    const char *route =
        cJSON_GetObjectItemCaseSensitive(raw, "route")->valuestring;
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(raw, "body");
    const char *auth =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(raw, "auth"));
    const cJSON *header;

    /* Headers: the scenario's, then authorization. */
    cJSON_ArrayForEach(header, cJSON_GetObjectItemCaseSensitive(raw, "headers"))
    {
        if (header_count == RAW_HEADERS_MAX || !cJSON_IsString(header))
            continue;
        snprintf(header_lines[header_count], sizeof header_lines[0], "%s: %s",
                 header->string, header->valuestring);
        headers[header_count] = header_lines[header_count];
        header_count++;
        has_content_type =
            has_content_type || strcasecmp(header->string, "content-type") == 0;
    }
    if (auth == NULL || strcmp(auth, "workspace") == 0)
        auth = run->target.api_key;
    else if (strcmp(auth, "none") == 0)
        auth = NULL;
    if (auth != NULL) {
        snprintf(authorization, sizeof authorization,
                 "Authorization: Bearer %s", auth);
        headers[header_count++] = authorization;
    }

    /* A JSON body is sent as JSON unless the scenario says otherwise. */
    if (cJSON_IsString(body))
        body_text = strdup(body->valuestring);
    else if (body != NULL)
        body_text = cJSON_PrintUnformatted(body);
    if (body_text != NULL && !has_content_type)
        headers[header_count++] = "Content-Type: application/json";
    headers[header_count] = NULL;

    snprintf(url, sizeof url, "%s%s", run->target.endpoint, route);
    snprintf(ex->summary, sizeof ex->summary, "%s %s %.400s", method, route,
             body_text ? body_text : "(no body)");
    snprintf(ex->route, sizeof ex->route, "%.*s", (int)strcspn(route, "?"),
             route);
    struct harness_http_request req = {
        .method = method, .url = url, .body = body_text, .headers = headers
    };
    status = harness_http_send(&req, &response, err);
    if (status == HARNESS_OK) {
        ex->status = response.status;
        ex->doc = response.json;
        ex->headers = response.headers;
        ex->text = response.body;
        response.json = NULL;
        response.headers = NULL;
        response.body = NULL;
    }
    harness_http_response_free(&response);
    free(body_text);
    cJSON_Delete(raw);
    return status;
}

/* A `run` step: an external program pointed at the target. */
static enum harness_status send_run(struct run *run, const cJSON *step,
                                    struct exchange *ex,
                                    struct harness_error *err)
{
    cJSON *argv_json = NULL, *env_json = NULL;
    const char *argv[RUN_ARGV_MAX + 1];
    const char *env[RUN_ENV_MAX + 3];
    char env_lines[RUN_ENV_MAX + 2][1024];
    size_t argc = 0, envc = 0;
    char out_path[1024], err_path[1024];
    const cJSON *item;
    const cJSON *timeout = cJSON_GetObjectItemCaseSensitive(step, "timeout_ms");
    long timeout_ms = timeout ? (long)timeout->valuedouble
                      : run->config->run_timeout_ms > 0
                          ? run->config->run_timeout_ms
                          : DEFAULT_RUN_TIMEOUT_MS;
    int exit_code = -1;
    pid_t pid;
    enum harness_status status;

    ex->is_run = true;
    status =
        harness_template_expand(cJSON_GetObjectItemCaseSensitive(step, "run"),
                                run->vars, &argv_json, err);
    if (status == HARNESS_OK && cJSON_HasObjectItem(step, "env"))
        status = harness_template_expand(
            cJSON_GetObjectItemCaseSensitive(step, "env"), run->vars, &env_json,
            err);
    if (status != HARNESS_OK)
        goto out;

    /* Arguments and environment: the target first, then the step's. */
    cJSON_ArrayForEach(item, argv_json)
    {
        if (argc < RUN_ARGV_MAX && cJSON_IsString(item))
            argv[argc++] = item->valuestring;
    }
    argv[argc] = NULL;
    snprintf(env_lines[envc], sizeof env_lines[0], "SEAM_ENDPOINT=%s",
             run->target.endpoint);
    env[envc] = env_lines[envc];
    envc++;
    snprintf(env_lines[envc], sizeof env_lines[0], "SEAM_API_KEY=%s",
             run->target.api_key);
    env[envc] = env_lines[envc];
    envc++;
    cJSON_ArrayForEach(item, env_json)
    {
        if (envc < RUN_ENV_MAX + 2 && cJSON_IsString(item)) {
            snprintf(env_lines[envc], sizeof env_lines[0], "%s=%s",
                     item->string, item->valuestring);
            env[envc] = env_lines[envc];
            envc++;
        }
    }
    env[envc] = NULL;

    /* Start it, wait for it, keep its output. */
    run->outputs++;
    snprintf(out_path, sizeof out_path, "%s/%s.run%u.out",
             run->config->target->work_dir, run->scenario->name, run->outputs);
    snprintf(err_path, sizeof err_path, "%s/%s.run%u.err",
             run->config->target->work_dir, run->scenario->name, run->outputs);
    snprintf(ex->summary, sizeof ex->summary, "run %s%s", argv[0],
             argc > 1 ? " ..." : "");
    struct harness_proc_spec spec = { .argv = argv,
                                      .env = env,
                                      .stdout_path = out_path,
                                      .stderr_path = err_path };
    ex->status = -1; /* until it has run */
    status = harness_proc_start(&spec, &pid, err);
    if (status != HARNESS_OK) {
        /* A program that cannot start fails the step, not the setup. */
        if (err != NULL)
            err->status = HARNESS_EMISMATCH;
        status = HARNESS_EMISMATCH;
        goto out;
    }
    status = harness_proc_wait(pid, timeout_ms, &exit_code, err);
    harness_proc_read_output(out_path, OUTPUT_MAX, &ex->text, NULL);
    harness_proc_read_output(err_path, OUTPUT_MAX, &ex->error_text, NULL);
    if (status != HARNESS_OK) {
        harness_error_prefix(err, "%s: ", argv[0]);
        goto out;
    }
    ex->status = exit_code;
    ex->doc = ex->text ? cJSON_Parse(ex->text) : NULL;

out:
    cJSON_Delete(argv_json);
    cJSON_Delete(env_json);
    return status;
}

/* ---- checking --------------------------------------------------------- */

/* The last `max` bytes of `text`, for quoting program output. */
static const char *tail(const char *text, size_t max)
{
    size_t len = text ? strlen(text) : 0;
    return text == NULL ? "" : len > max ? text + len - max : text;
}

static bool status_expected(const cJSON *expected, long status, bool is_run)
{
    const cJSON *code;

    if (expected == NULL)
        return is_run ? status == 0 : status == 200;
    if (cJSON_IsNumber(expected))
        return (long)expected->valuedouble == status;
    cJSON_ArrayForEach(code, expected)
    {
        if ((long)code->valuedouble == status)
            return true;
    }
    return false;
}

static bool matches_pattern(const char *pattern, const char *text)
{
    regex_t re;
    bool matched;

    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    matched = regexec(&re, text ? text : "", 0, NULL, 0) == 0;
    regfree(&re);
    return matched;
}

/* The official schema for 2xx bodies; Seam's error envelope otherwise. */
static enum harness_status check_schema(const struct run *run,
                                        const struct exchange *ex,
                                        struct harness_error *err)
{
    const char *route = ex->route;
    enum harness_status status;

    if (strncmp(route, FAKE_ROUTE_PREFIX, strlen(FAKE_ROUTE_PREFIX)) == 0 ||
        strcmp(route, HEALTH_ROUTE) == 0)
        return HARNESS_OK;
    if (ex->status >= 200 && ex->status < 300) {
        if (!harness_schema_knows_route(run->config->schema, route) &&
            ex->doc == NULL)
            return HARNESS_OK; /* not an API route at all */
        status = harness_schema_check(run->config->schema, route, ex->doc, err);
        if (status == HARNESS_ESCHEMA)
            harness_error_prefix(err,
                                 "response breaks the official %s "
                                 "schema at ",
                                 route);
        return status;
    }

    /* An error answer with a JSON body must be Seam's envelope. */
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(ex->doc, "error");
    if (ex->doc != NULL &&
        (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(error, "type")) ||
         !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(error, "message"))))
        return harness_fail(err, HARNESS_ESCHEMA,
                            "HTTP %ld error body lacks the Seam envelope "
                            "{\"error\": {\"type\", \"message\"}}",
                            ex->status);
    return HARNESS_OK;
}

static enum harness_status check_exchange(const struct run *run,
                                          const cJSON *step,
                                          const struct exchange *ex,
                                          struct harness_error *err)
{
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(step, "expect");
    const cJSON *item;
    enum harness_status status;

    /* Status or exit code. */
    item = cJSON_GetObjectItemCaseSensitive(expect, ex->is_run ? "exit_code"
                                                               : "status");
    if (!status_expected(item, ex->status, ex->is_run)) {
        char *shown = item ? cJSON_PrintUnformatted(item) : NULL;
        if (ex->is_run)
            harness_fail(err, HARNESS_EMISMATCH,
                         "expected exit code %s, got %ld; stderr ends: %s",
                         shown ? shown : "0", ex->status,
                         tail(ex->error_text, 400));
        else
            harness_fail(
                err, HARNESS_EMISMATCH, "expected HTTP %s, got %ld: %.300s",
                shown ? shown : "200", ex->status, ex->text ? ex->text : "");
        free(shown);
        return HARNESS_EMISMATCH;
    }

    /* The official schema, for every HTTP answer. */
    if (!ex->is_run && (status = check_schema(run, ex, err)) != HARNESS_OK)
        return status;

    /* Headers, or a program's output streams. */
    cJSON_ArrayForEach(item,
                       cJSON_GetObjectItemCaseSensitive(expect, "headers"))
    {
        char name[128];
        size_t i;
        for (i = 0; item->string[i] && i + 1 < sizeof name; i++)
            name[i] = (char)tolower((unsigned char)item->string[i]);
        name[i] = '\0';
        const char *value = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(ex->headers, name));
        if (value == NULL || !matches_pattern(item->valuestring, value))
            return harness_fail(err, HARNESS_EMISMATCH,
                                "header %s: expected to match /%s/, got %s",
                                name, item->valuestring,
                                value ? value : "no such header");
    }
    for (int i = 0; ex->is_run && i < 2; i++) {
        const char *stream = i ? "stderr" : "stdout";
        const char *text = i ? ex->error_text : ex->text;
        item = cJSON_GetObjectItemCaseSensitive(expect, stream);
        if (item != NULL && !matches_pattern(item->valuestring, text))
            return harness_fail(err, HARNESS_EMISMATCH,
                                "%s: expected to match /%s/; it ends: %s",
                                stream, item->valuestring, tail(text, 400));
    }

    /* Parts of the JSON. */
    item = cJSON_GetObjectItemCaseSensitive(expect, "json");
    if (item != NULL && ex->is_run && ex->doc == NULL)
        return harness_fail(err, HARNESS_EMISMATCH,
                            "stdout is not JSON; it ends: %s",
                            tail(ex->text, 400));
    return harness_expect_check_all(item, ex->doc, run->vars, err);
}

/* Stores the values a step's `save` names. */
static enum harness_status save_values(struct run *run, const cJSON *step,
                                       const struct exchange *ex,
                                       struct harness_error *err)
{
    const cJSON *target;

    cJSON_ArrayForEach(target, cJSON_GetObjectItemCaseSensitive(step, "save"))
    {
        const cJSON *all = cJSON_GetObjectItemCaseSensitive(target, "all");
        const char *spec =
            cJSON_IsString(target) ? target->valuestring : all->valuestring;
        struct harness_jpath_result found;
        char *path = NULL;
        cJSON *value = NULL;
        enum harness_status status = expand_text(run, spec, &path, err);

        if (status == HARNESS_OK)
            status = harness_jpath_eval(ex->doc, path, &found, err);
        if (status != HARNESS_OK) {
            free(path);
            return status;
        }
        if (all != NULL) {
            value = cJSON_CreateArray();
            for (size_t i = 0; value && i < found.count; i++)
                cJSON_AddItemToArray(value,
                                     cJSON_Duplicate(found.items[i].node, 1));
        } else if (found.count > 0) {
            value = cJSON_Duplicate(found.items[0].node, 1);
        } else {
            status = harness_fail(err, HARNESS_EMISMATCH,
                                  "save \"%s\": %s matched nothing",
                                  target->string, path);
        }
        harness_jpath_result_free(&found);
        free(path);
        if (status != HARNESS_OK)
            return status;
        set_var(run, target->string, value);
    }
    return HARNESS_OK;
}

/* Adds the failing exchange to the report details. */
static void note_exchange(struct run *run, const struct exchange *ex)
{
    const char *request_id = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(ex->headers, "seam-request-id"));

    common_strbuf_printf(&run->details, "request: %s\n", ex->summary);
    if (ex->is_run && ex->status < 0) {
        common_strbuf_puts(&run->details, "the program did not finish\n");
    } else if (ex->is_run) {
        common_strbuf_printf(&run->details,
                             "exit code: %ld\nstdout ends: %s\n"
                             "stderr ends: %s\n",
                             ex->status, tail(ex->text, QUOTE_MAX / 2),
                             tail(ex->error_text, QUOTE_MAX / 2));
    } else {
        common_strbuf_printf(&run->details, "response: HTTP %ld%s%s\n%.*s\n",
                             ex->status, request_id ? ", seam-request-id " : "",
                             request_id ? request_id : "", QUOTE_MAX,
                             ex->text ? ex->text : "");
    }
}

/* ---- steps ------------------------------------------------------------ */

static enum harness_status run_steps(struct run *run, const cJSON *steps,
                                     const char *prefix,
                                     struct harness_error *err);

/* Sends a call/raw/run step, polling when asked, then saves its values. */
static enum harness_status run_exchange(struct run *run, const cJSON *step,
                                        struct harness_error *err)
{
    const cJSON *poll = cJSON_GetObjectItemCaseSensitive(step, "poll");
    const cJSON *timeout = cJSON_GetObjectItemCaseSensitive(poll, "timeout_ms");
    const cJSON *interval =
        cJSON_GetObjectItemCaseSensitive(poll, "interval_ms");
    double deadline =
        now_seconds() + (timeout ? timeout->valuedouble / 1000.0 : 0);
    long pause =
        interval ? (long)interval->valuedouble : DEFAULT_POLL_INTERVAL_MS;
    struct exchange ex = { 0 };
    enum harness_status status;
    int attempts = 0;

    for (;;) {
        attempts++;
        exchange_free(&ex);
        if (cJSON_HasObjectItem(step, "call"))
            status = send_call(run, step, &ex, err);
        else if (cJSON_HasObjectItem(step, "raw"))
            status = send_raw(run, step, &ex, err);
        else
            status = send_run(run, step, &ex, err);
        if (status == HARNESS_OK)
            status = check_exchange(run, step, &ex, err);

        /* Only an unmet expectation is worth another try. */
        if (poll == NULL || status == HARNESS_OK ||
            (status != HARNESS_EMISMATCH && status != HARNESS_ETRANSPORT) ||
            now_seconds() + pause / 1000.0 > deadline)
            break;
        sleep_ms(pause);
        if (harness_proc_interrupted()) {
            status = harness_fail(err, HARNESS_EINTERRUPTED, "interrupted");
            break;
        }
    }
    if (status != HARNESS_OK && status != HARNESS_EINTERRUPTED && poll != NULL)
        harness_error_prefix(err,
                             "after polling %d times for %.0f ms: ", attempts,
                             timeout->valuedouble);
    if (status == HARNESS_OK)
        status = save_values(run, step, &ex, err);
    if (status != HARNESS_OK && ex.summary[0] != '\0')
        note_exchange(run, &ex);
    exchange_free(&ex);
    return status;
}

/* Runs the inner steps once per element of a saved array. */
static enum harness_status run_loop(struct run *run, const cJSON *step,
                                    const char *label,
                                    struct harness_error *err)
{
    const char *as = cJSON_GetObjectItemCaseSensitive(step, "as")->valuestring;
    cJSON *items = NULL;
    const cJSON *element;
    enum harness_status status;
    int index = 0;
    char index_name[160];

    status = harness_template_expand_text(
        cJSON_GetObjectItemCaseSensitive(step, "for_each")->valuestring,
        run->vars, &items, err);
    if (status == HARNESS_OK && !cJSON_IsArray(items))
        status = harness_fail(err, HARNESS_EMISMATCH,
                              "for_each: the value is not an array");
    snprintf(index_name, sizeof index_name, "%s_index", as);
    cJSON_ArrayForEach(element, items)
    {
        char inner[96];
        if (status != HARNESS_OK)
            break;
        set_var(run, as, cJSON_Duplicate(element, 1));
        set_var(run, index_name, cJSON_CreateNumber(index));
        snprintf(inner, sizeof inner, "%s[%d]", label, index++);
        status = run_steps(run, cJSON_GetObjectItemCaseSensitive(step, "steps"),
                           inner, err);
    }
    cJSON_Delete(items);
    return status;
}

static enum harness_status run_steps(struct run *run, const cJSON *steps,
                                     const char *prefix,
                                     struct harness_error *err)
{
    const cJSON *step;
    int index = 0;

    cJSON_ArrayForEach(step, steps)
    {
        const char *name =
            cJSON_GetObjectItemCaseSensitive(step, "name")->valuestring;
        const char *needs_simulator =
            harness_scenario_step_simulator_only(step);
        char label[96];
        enum harness_status status;

        snprintf(label, sizeof label, "%s%s%d", prefix, prefix[0] ? "." : "",
                 ++index);
        if (harness_proc_interrupted())
            return harness_fail(err, HARNESS_EINTERRUPTED, "interrupted");

        /* Steps only a simulator can do are skipped elsewhere, with why. */
        if (needs_simulator != NULL && !run->target.is_simulator) {
            run->skipped++;
            common_strbuf_printf(&run->details, "skipped step %s \"%s\": %s\n",
                                 label, name, needs_simulator);
            trace(run, "step %s %s: skipped (%s)", label, name,
                  needs_simulator);
            continue;
        }

        double started = now_seconds();
        if (cJSON_HasObjectItem(step, "for_each"))
            status = run_loop(run, step, label, err);
        else
            status = run_exchange(run, step, err);
        if (status != HARNESS_OK) {
            /* Inner steps already name themselves. */
            if (err != NULL && strncmp(err->text, "step ", 5) != 0)
                harness_error_prefix(err, "step %s \"%s\": ", label, name);
            return status;
        }
        run->passed++;
        trace(run, "step %s %s: ok (%.0f ms)", label, name,
              (now_seconds() - started) * 1000);
    }
    return HARNESS_OK;
}

/* ---- the scenario ----------------------------------------------------- */

/* Built-ins, then the --var overrides, then the scenario's defaults that
 * were not overridden, in file order: a default may use any of those
 * before it. */
static enum harness_status init_vars(struct run *run, struct harness_error *err)
{
    const cJSON *item;

    run->vars = cJSON_CreateObject();
    if (run->vars == NULL)
        return harness_fail(err, HARNESS_ENOMEM, "out of memory");
    set_var(run, "endpoint", cJSON_CreateString(run->target.endpoint));
    set_var(run, "api_key", cJSON_CreateString(run->target.api_key));
    set_var(run, "is_simulator", cJSON_CreateBool(run->target.is_simulator));
    set_var(run, "scenario_dir", cJSON_CreateString(run->scenario->dir));
    set_var(run, "scenario_name", cJSON_CreateString(run->scenario->name));
    set_var(
        run, "harness_bin_dir",
        cJSON_CreateString(run->config->bin_dir ? run->config->bin_dir : "."));
    cJSON_ArrayForEach(item, run->config->overrides)
    {
        set_var(run, item->string, cJSON_Duplicate(item, 1));
    }
    cJSON_ArrayForEach(item, run->scenario->vars)
    {
        cJSON *value = NULL;
        if (cJSON_GetObjectItemCaseSensitive(run->config->overrides,
                                             item->string) != NULL)
            continue;
        enum harness_status status =
            harness_template_expand(item, run->vars, &value, err);
        if (status != HARNESS_OK) {
            harness_error_prefix(err, "vars.%s: ", item->string);
            return status;
        }
        set_var(run, item->string, value);
    }
    return HARNESS_OK;
}

enum harness_status
harness_runner_check_vars(const struct harness_run_config *config,
                          const struct harness_scenario *scenario,
                          struct harness_error *err)
{
    /* The built-ins only need to exist; their values come with the
     * target. */
    struct run run = { .config = config, .scenario = scenario };
    enum harness_status status = init_vars(&run, err);

    if (status != HARNESS_OK) {
        if (err != NULL)
            err->status = HARNESS_EMALFORMED;
        harness_error_prefix(err, "%s: ", scenario->path);
        status = HARNESS_EMALFORMED;
    }
    cJSON_Delete(run.vars);
    return status;
}

static char *dup_or_null(const char *text)
{
    return text && text[0] ? strdup(text) : NULL;
}

void harness_runner_run(const struct harness_run_config *config,
                        const struct harness_scenario *scenario,
                        struct harness_result *out)
{
    struct run run = { .config = config, .scenario = scenario };
    struct harness_error err;
    enum harness_status status;
    double started = now_seconds();
    bool real_api = config->target->mode == HARNESS_TARGET_ENDPOINT &&
                    config->target->kind == HARNESS_KIND_API;

    memset(out, 0, sizeof *out);
    harness_error_clear(&err);
    common_strbuf_init(&run.details, DETAILS_MAX);

    /* A scenario that needs a simulator is skipped against the real API. */
    if (scenario->simulator_only != NULL && real_api) {
        out->outcome = HARNESS_OUTCOME_SKIP;
        out->message = dup_or_null(scenario->simulator_only);
        goto out;
    }

    /* Its own simulator or workspace, a client, and the variables. */
    status = harness_target_open(config->target, scenario->name,
                                 scenario->fixture, &run.target, &err);
    if (status == HARNESS_OK)
        status = make_client(run.target.endpoint, run.target.api_key,
                             run.target.is_simulator, &run.client, &err);
    if (status == HARNESS_OK)
        status = init_vars(&run, &err);
    if (status != HARNESS_OK) {
        out->outcome = HARNESS_OUTCOME_ERROR;
        harness_error_prefix(&err, "%s: %s", scenario->path,
                             status == HARNESS_EINTERRUPTED ? "" : "setup: ");
        out->message = dup_or_null(err.text);
        goto out;
    }

    /* The steps. */
    status = run_steps(&run, scenario->steps, "", &err);
    if (status == HARNESS_EINTERRUPTED) {
        /* Not the scenario's fault, and not a verdict on the target. */
        out->outcome = HARNESS_OUTCOME_ERROR;
        harness_error_prefix(&err, "%s: ", scenario->path);
        out->message = dup_or_null(err.text);
    } else if (status != HARNESS_OK) {
        out->outcome = HARNESS_OUTCOME_FAIL;
        harness_error_prefix(&err, "%s: ", scenario->path);
        out->message = dup_or_null(err.text);
        if (run.target.simulator_log[0] != '\0')
            common_strbuf_printf(&run.details, "simulator log: %s\n",
                                 run.target.simulator_log);
    } else {
        out->outcome = HARNESS_OUTCOME_PASS;
    }

out:
    out->steps_passed = run.passed;
    out->steps_skipped = run.skipped;
    out->details = run.details.len ? common_strbuf_detach(&run.details) : NULL;
    out->seconds = now_seconds() - started;
    common_strbuf_free(&run.details);
    seamc_client_free(run.client);
    cJSON_Delete(run.vars);
    harness_target_close(&run.target);
}

void harness_result_free(struct harness_result *result)
{
    if (result == NULL)
        return;
    free(result->message);
    free(result->details);
    memset(result, 0, sizeof *result);
}
