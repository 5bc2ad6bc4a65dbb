#ifndef SIM_FIXTURE_H
#define SIM_FIXTURE_H

/*
 * Fixtures: the JSON that seeds the simulator's workspaces, described in
 * docs/fixtures.md. A fixture holds one or more workspaces, each with its
 * API keys, Latch buildings (acs_systems) and their entrances.
 *
 * Loading is strict: an unknown key, a wrong type or a bad value stops
 * the load with a message that names the JSON path, e.g.
 * "workspaces[0].acs_systems[1].latch.pin_length: must be an integer
 * from 4 to 12".
 */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* Longest name or display string a fixture (or a new workspace) takes. */
#define SIM_FIXTURE_NAME_MAX 200

/* The fixture built into the binary (fixtures/default.json). */
extern const char sim_fixture_default_json[];

/*
 * Parses and checks fixture text, then adds its workspaces to `store`.
 * On failure returns false with the reason in `err` and the store may
 * hold some of the workspaces (callers treat it as fatal).
 */
bool sim_fixture_load(struct sim_store *store, const char *json_text, char *err,
                      size_t err_size);

/*
 * Parses and checks fixture text without loading it. On success returns
 * the parsed document (the caller frees it with cJSON_Delete); on failure
 * NULL with the reason in `err`.
 */
cJSON *sim_fixture_parse(const char *json_text, char *err, size_t err_size);

/*
 * Creates a fresh workspace from one fixture workspace object (`tmpl`),
 * ignoring its ids and keys: every object gets a new random id and the
 * workspace a new random API key, written to `key_out` (at least
 * SIM_API_KEY_MAX + 1 bytes). `name` (may be NULL) overrides the
 * template's name. Returns the workspace, or NULL with the reason in
 * `err` when the template is invalid or memory runs out.
 */
struct sim_workspace *sim_fixture_instantiate(struct sim_store *store,
                                              const cJSON *tmpl,
                                              const char *name, char *key_out,
                                              char *err, size_t err_size);

#endif
