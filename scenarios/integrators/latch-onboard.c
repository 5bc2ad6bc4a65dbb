/*
 * latch-onboard: a small integrator program of the kind a property manager
 * would write, built on the seam-client library. It onboards one resident
 * into a Latch building the way Seam's Latch guide describes: create the
 * ACS user, then one PIN credential per entrance (Latch takes exactly one
 * entrance per code and generates the PIN itself).
 *
 * Usage: latch-onboard ACS_SYSTEM_ID FULL_NAME EMAIL
 * Reads SEAM_ENDPOINT and SEAM_API_KEY, as the official SDKs do. Prints a
 * JSON summary on stdout: {"acs_user_id", "credentials": [{acs_credential_id,
 * acs_entrance_id, code}]}. Exits 0 on success, 1 on an API error.
 *
 * Built a second time with INTEGRATOR_SENDS_CUSTOM_CODE defined, as
 * latch-onboard-broken: that build first tries to choose the PIN itself,
 * which Latch forbids, and quietly retries without it when refused. Its end
 * state looks right; only the requests it sent give it away, which is what
 * the harness scenario integrator-c.json checks.
 */

#include <stdio.h>
#include <stdlib.h>

#include <seam/seam.h>

/* The PIN the broken build tries to impose on every door. */
#define CUSTOM_PIN "1234567"

static int fail(const char *what, const struct seamc_error *err)
{
    fprintf(stderr, "latch-onboard: %s: %s (%s, HTTP %ld, request %s)\n", what,
            err->message, err->type[0] ? err->type : "no type",
            err->http_status, err->request_id[0] ? err->request_id : "-");
    return 1;
}

/* One PIN credential for one entrance; fills `out` on success. */
static enum seamc_status create_pin(seamc_client *client,
                                    const char *acs_user_id,
                                    const char *entrance_id,
                                    struct seamc_acs_credential *out,
                                    struct seamc_error *err)
{
    const char *entrances[] = { entrance_id };
    struct seamc_acs_credentials_create_params params = {
        .acs_user_id = acs_user_id,
        .access_method = SEAMC_ACCESS_METHOD_CODE,
        .allowed_acs_entrance_ids = entrances,
        .allowed_acs_entrance_count = 1,
    };

#ifdef INTEGRATOR_SENDS_CUSTOM_CODE
    /* The bug under test: choosing the PIN, then hiding the refusal. */
    params.code = CUSTOM_PIN;
    if (seamc_acs_credentials_create(client, &params, out, err) == SEAMC_OK)
        return SEAMC_OK;
    params.code = NULL;
#endif
    return seamc_acs_credentials_create(client, &params, out, err);
}

int main(int argc, char **argv)
{
    seamc_client *client = NULL;
    struct seamc_error err;
    struct seamc_acs_user user = { 0 };
    struct seamc_acs_entrance_list entrances = { 0 };
    cJSON *summary = NULL, *credentials = NULL;
    char *printed = NULL;
    int exit_code = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: latch-onboard ACS_SYSTEM_ID FULL_NAME "
                        "EMAIL\n");
        return 2;
    }
    if (seamc_global_init() != SEAMC_OK)
        return 1;

    /* The client, configured from SEAM_ENDPOINT and SEAM_API_KEY. */
    if (seamc_client_new(NULL, &client, &err) != SEAMC_OK) {
        exit_code = fail("configuration", &err);
        goto out;
    }

    /* The resident. */
    struct seamc_acs_users_create_params user_params = {
        .acs_system_id = argv[1],
        .full_name = argv[2],
        .email_address = argv[3],
    };
    if (seamc_acs_users_create(client, &user_params, &user, &err) != SEAMC_OK) {
        exit_code = fail("creating the ACS user", &err);
        goto out;
    }

    /* Every entrance of the building, across all pages. */
    struct seamc_acs_entrances_list_params list_params = {
        .acs_system_id = argv[1],
        .page = { .limit = 2, .all_pages = true },
    };
    if (seamc_acs_entrances_list(client, &list_params, &entrances, &err) !=
        SEAMC_OK) {
        exit_code = fail("listing entrances", &err);
        goto out;
    }

    /* One PIN credential per entrance. */
    summary = cJSON_CreateObject();
    cJSON_AddStringToObject(summary, "acs_user_id", user.acs_user_id);
    credentials = cJSON_AddArrayToObject(summary, "credentials");
    for (size_t i = 0; i < entrances.count; i++) {
        struct seamc_acs_credential credential = { 0 };
        const char *entrance_id = entrances.items[i].acs_entrance_id;

        if (create_pin(client, user.acs_user_id, entrance_id, &credential,
                       &err) != SEAMC_OK) {
            exit_code = fail("creating a PIN credential", &err);
            goto out;
        }
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "acs_credential_id",
                                credential.acs_credential_id);
        cJSON_AddStringToObject(item, "acs_entrance_id", entrance_id);
        if (credential.code != NULL)
            cJSON_AddStringToObject(item, "code", credential.code);
        else
            cJSON_AddNullToObject(item, "code");
        cJSON_AddItemToArray(credentials, item);
        seamc_acs_credential_release(&credential);
    }

    /* The summary the harness reads. */
    printed = cJSON_Print(summary);
    if (printed != NULL) {
        puts(printed);
        exit_code = 0;
    }

out:
    free(printed);
    cJSON_Delete(summary);
    seamc_acs_entrance_list_release(&entrances);
    seamc_acs_user_release(&user);
    seamc_client_free(client);
    seamc_global_cleanup();
    return exit_code;
}
