/* Shared set-up for the tests that talk to the fake server. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

static void record_delay(void *user_data, long delay_ms)
{
    struct delay_log *log = user_data;

    if (log->count < sizeof(log->delays) / sizeof(log->delays[0])) {
        log->delays[log->count++] = delay_ms;
    }
}

static void record_log(void *user_data, enum seamc_log_level level,
                       const char *message)
{
    struct fixture *fixture = user_data;
    size_t used = strlen(fixture->log_text);

    (void)level;
    snprintf(fixture->log_text + used, sizeof(fixture->log_text) - used, "%s\n",
             message);
}

void fixture_reconfigure(struct fixture *fixture,
                         void (*tweak)(struct seamc_config *config))
{
    struct seamc_config config;
    struct seamc_error err;

    seamc_client_free(fixture->client);
    fixture->client = NULL;
    seamc_config_init(&config);
    config.endpoint = fake_server_url(fixture->server);
    config.api_key = TEST_API_KEY;
    config.timeout_ms = 5000;
    config.delay = record_delay;
    config.delay_user_data = &fixture->delays;
    config.log = record_log;
    config.log_user_data = fixture;
    if (tweak != NULL) {
        tweak(&config);
    }
    assert_int_equal(seamc_client_new(&config, &fixture->client, &err),
                     SEAMC_OK);
}

int fixture_setup(void **state)
{
    struct fixture *fixture = calloc(1, sizeof(*fixture));

    assert_non_null(fixture);
    fixture->server = fake_server_start();
    fixture_reconfigure(fixture, NULL);
    *state = fixture;
    return 0;
}

int fixture_teardown(void **state)
{
    struct fixture *fixture = *state;

    seamc_client_free(fixture->client);
    fake_server_stop(fixture->server);
    free(fixture);
    return 0;
}

cJSON *request_json(struct fixture *fixture, size_t index)
{
    const struct fake_request *request =
        fake_server_request(fixture->server, index);

    assert_non_null(request);
    return cJSON_Parse(request->body);
}
