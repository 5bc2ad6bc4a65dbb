#include "target.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "http.h"
#include "proc.h"

/* The simulator's banner lines (see simulator/src/main.c). */
#define BANNER_URL_PREFIX "listening on "
#define BANNER_KEY_PREFIX "API key: "
/* Poll step while waiting for the banner. */
#define BANNER_POLL_MS             5
#define DEFAULT_STARTUP_TIMEOUT_MS 10000L
/* Fixture files are small. */
#define FIXTURE_MAX_BYTES (4 * 1024 * 1024)

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Copies the rest of the line after `prefix` in `text` into `out`. */
static bool banner_value(const char *text, const char *prefix, char *out,
                         size_t size)
{
    const char *at = strstr(text, prefix);
    size_t len;

    if (at == NULL)
        return false;
    at += strlen(prefix);
    len = strcspn(at, "\r\n");
    if (at[len] == '\0' || len == 0 || len >= size)
        return false; /* the line is not complete yet */
    memcpy(out, at, len);
    out[len] = '\0';
    return true;
}

static bool is_loopback(const char *url)
{
    static const char *const hosts[] = {
        "http://127.0.0.1:", "http://127.0.0.1/",
        "http://localhost:", "http://localhost/", "http://[::1]:"
    };
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        if (strncmp(url, hosts[i], strlen(hosts[i])) == 0)
            return true;
    }
    return false;
}

enum harness_status harness_target_probe(struct harness_target_config *config,
                                         struct harness_error *err)
{
    struct harness_http_response response;
    char url[HARNESS_TARGET_URL_SIZE + 16];
    bool ask_health =
        config->kind == HARNESS_KIND_AUTO && is_loopback(config->endpoint);

    /* A loopback endpoint of unknown kind: ask the simulator's health
     * route. Any other: only whether it answers at all (any HTTP status
     * will do), without the key, so an unreachable API is a setup error
     * before any scenario starts. */
    snprintf(url, sizeof url, "%s%s", config->endpoint,
             ask_health ? "/health" : "");
    struct harness_http_request req = {
        .method = "GET", .url = url, .timeout_ms = ask_health ? 5000 : 15000
    };
    enum harness_status status = harness_http_send(&req, &response, err);
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(response.json, "ok");
    if (config->kind == HARNESS_KIND_AUTO)
        config->kind = ask_health && status == HARNESS_OK &&
                               response.status == 200 && cJSON_IsTrue(ok)
                           ? HARNESS_KIND_SIMULATOR
                           : HARNESS_KIND_API;
    harness_http_response_free(&response);
    if (status != HARNESS_OK) {
        /* Say which endpoint, keeping libcurl's reason after it. */
        harness_error_prefix(err, "%s does not answer: ", config->endpoint);
        if (err != NULL)
            err->status = HARNESS_ESETUP;
        return HARNESS_ESETUP;
    }
    return HARNESS_OK;
}

static enum harness_status
spawn_simulator(const struct harness_target_config *config, const char *label,
                const char *fixture_path, struct harness_target *out,
                struct harness_error *err)
{
    char stdout_path[HARNESS_TARGET_PATH_SIZE];
    const char *argv[9] = { config->simulator_path, "--port", "0",
                            "--log-level",          "warn",   NULL };
    long timeout = config->startup_timeout_ms > 0 ? config->startup_timeout_ms
                                                  : DEFAULT_STARTUP_TIMEOUT_MS;
    enum harness_status status;
    char *text = NULL;

    if (fixture_path != NULL) {
        argv[5] = "--fixture";
        argv[6] = fixture_path;
    }
    snprintf(stdout_path, sizeof stdout_path, "%s/%s.sim.out", config->work_dir,
             label);
    snprintf(out->simulator_log, sizeof out->simulator_log, "%s/%s.sim.err",
             config->work_dir, label);
    struct harness_proc_spec spec = { .argv = argv,
                                      .stdout_path = stdout_path,
                                      .stderr_path = out->simulator_log };
    status = harness_proc_start(&spec, &out->simulator_pid, err);
    if (status != HARNESS_OK)
        return status;

    /* The banner names the port and the key once the server listens. */
    for (long waited = 0; waited < timeout; waited += BANNER_POLL_MS) {
        harness_proc_read_output(stdout_path, 4096, &text, NULL);
        if (text != NULL &&
            banner_value(text, BANNER_URL_PREFIX, out->endpoint,
                         sizeof out->endpoint) &&
            banner_value(text, BANNER_KEY_PREFIX, out->api_key,
                         sizeof out->api_key)) {
            free(text);
            out->is_simulator = true;
            return HARNESS_OK;
        }
        free(text);
        text = NULL;
        if (harness_proc_interrupted()) {
            harness_proc_stop(out->simulator_pid);
            out->simulator_pid = 0;
            return harness_fail(err, HARNESS_EINTERRUPTED, "interrupted");
        }
        if (!harness_proc_alive(out->simulator_pid)) {
            char *log = NULL;
            out->simulator_pid = 0;
            harness_proc_read_output(out->simulator_log, 600, &log, NULL);
            status = harness_fail(err, HARNESS_ESETUP,
                                  "the simulator %s exited before it "
                                  "listened: %s",
                                  config->simulator_path, log ? log : "");
            free(log);
            return status;
        }
        sleep_ms(BANNER_POLL_MS);
    }
    harness_proc_stop(out->simulator_pid);
    out->simulator_pid = 0;
    return harness_fail(err, HARNESS_ESETUP,
                        "the simulator printed no banner within %ld ms",
                        timeout);
}

/* The request body for /_fake/workspaces/create. Caller frees. */
static char *workspace_request(const char *label, const char *fixture_path,
                               struct harness_error *err)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *fixture = NULL;
    char *text = NULL;

    cJSON_AddStringToObject(body, "name", label);
    if (fixture_path != NULL) {
        char *file = NULL;
        harness_proc_read_output(fixture_path, FIXTURE_MAX_BYTES, &file, err);
        fixture = file ? cJSON_Parse(file) : NULL;
        free(file);
        cJSON *first = cJSON_DetachItemFromArray(
            cJSON_GetObjectItemCaseSensitive(fixture, "workspaces"), 0);
        if (first == NULL) {
            harness_fail(err, HARNESS_ESETUP,
                         "fixture %s: no workspaces[0] to seed from",
                         fixture_path);
            goto out;
        }
        cJSON_AddItemToObject(body, "fixture", first);
    }
    text = cJSON_PrintUnformatted(body);
    if (text == NULL)
        harness_fail(err, HARNESS_ENOMEM, "out of memory");

out:
    cJSON_Delete(fixture);
    cJSON_Delete(body);
    return text;
}

static enum harness_status
create_workspace(const struct harness_target_config *config, const char *label,
                 const char *fixture_path, struct harness_target *out,
                 struct harness_error *err)
{
    char url[HARNESS_TARGET_URL_SIZE + 32];
    const char *headers[] = { "Content-Type: application/json", NULL };
    struct harness_http_response response;
    enum harness_status status;
    char *body = workspace_request(label, fixture_path, err);

    if (body == NULL)
        return err ? err->status : HARNESS_ESETUP;
    snprintf(url, sizeof url, "%s/_fake/workspaces/create", config->endpoint);
    struct harness_http_request req = {
        .method = "POST", .url = url, .body = body, .headers = headers
    };
    status = harness_http_send(&req, &response, err);
    const char *key = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(response.json, "api_key"));
    if (status == HARNESS_OK && (response.status != 200 || key == NULL ||
                                 strlen(key) >= sizeof out->api_key))
        status = harness_fail(err, HARNESS_ESETUP,
                              "/_fake/workspaces/create answered %ld: %.300s",
                              response.status, response.body);
    if (status == HARNESS_OK) {
        snprintf(out->api_key, sizeof out->api_key, "%s", key);
        snprintf(out->endpoint, sizeof out->endpoint, "%s", config->endpoint);
        out->is_simulator = true;
    }
    harness_http_response_free(&response);
    free(body);
    return status;
}

enum harness_status
harness_target_open(const struct harness_target_config *config,
                    const char *label, const char *fixture_path,
                    struct harness_target *out, struct harness_error *err)
{
    enum harness_status status;

    memset(out, 0, sizeof *out);
    if (config->mode == HARNESS_TARGET_SPAWN)
        status = spawn_simulator(config, label, fixture_path, out, err);
    else if (config->kind == HARNESS_KIND_SIMULATOR)
        status = create_workspace(config, label, fixture_path, out, err);
    else {
        /* The real API: the workspace of the key we were given. */
        snprintf(out->endpoint, sizeof out->endpoint, "%s", config->endpoint);
        snprintf(out->api_key, sizeof out->api_key, "%s",
                 config->api_key ? config->api_key : "");
        status = HARNESS_OK;
    }
    /* An interruption is no fault of the target. */
    if (status == HARNESS_OK || status == HARNESS_EINTERRUPTED)
        return status;
    if (err != NULL)
        err->status = HARNESS_ESETUP;
    return HARNESS_ESETUP;
}

void harness_target_close(struct harness_target *target)
{
    if (target->simulator_pid > 0)
        harness_proc_stop(target->simulator_pid);
    target->simulator_pid = 0;
}
