#ifndef SIM_SERVER_H
#define SIM_SERVER_H

/*
 * The simulator server: request dispatch, and the CivetWeb listener.
 *
 * Dispatch is independent of the network: sim_server_serve() takes a
 * parsed HTTP request and produces the response, which is what the
 * listener, the unit tests and the benchmark all call. Every response
 * goes through one place (reply_error/reply_json in server.c), so every
 * one is JSON with "ok" and carries a seam-request-id.
 */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "log.h"
#include "store.h"

/* Largest request body accepted, as Seam's stack does (1 MB). */
#define SIM_MAX_BODY_BYTES (1024 * 1024)

struct sim_server_config {
    const char *fixture_json; /* borrowed; NULL: the embedded default */
    const char *host;         /* borrowed; NULL: "127.0.0.1" */
    int port;                 /* 0 picks a free port */
    int threads;              /* worker threads; 0: a sensible default */
};

/* One HTTP request, as the listener (or a test) received it. */
struct sim_http_request {
    const char *method;        /* "GET", "POST", ... */
    const char *path;          /* without the query string */
    const char *query;         /* raw, may be NULL */
    const char *authorization; /* header value, may be NULL */
    const char *content_type;  /* header value, may be NULL */
    const char *host;          /* Host header, may be NULL */
    const char *body;          /* may be NULL; need not be NUL-terminated */
    size_t body_len;
    bool body_too_large;   /* the body was over SIM_MAX_BODY_BYTES */
    bool body_incomplete;  /* fewer bytes came than Content-Length said */
    bool too_many_headers; /* CivetWeb dropped headers past its limit */
    const char *content_encoding; /* header value, may be NULL */
};

/* The response to send. */
struct sim_http_response {
    int status;
    char request_id[COMMON_UUID_SIZE];
    char allow[48];    /* the Allow header for 405, "" otherwise */
    int retry_after_s; /* the Retry-After header for 429, 0 otherwise */
    char *body;        /* owned JSON text; free with free() */
    size_t body_len;
};

struct sim_server;

/*
 * Creates a server with its store loaded from the fixture. Does not
 * listen. Returns NULL with the reason in `err` on a bad fixture or when
 * memory runs out.
 */
struct sim_server *sim_server_new(const struct sim_server_config *config,
                                  char *err, size_t err_size);

/*
 * Starts listening on the configured host and port. Returns false with
 * the reason in `err` (port in use, bad address).
 */
bool sim_server_listen(struct sim_server *server, char *err, size_t err_size);

/* The port actually listened on (useful with port 0), or 0. */
int sim_server_port(const struct sim_server *server);

/* The first API key of the fixture's first workspace; borrowed. */
const char *sim_server_default_key(const struct sim_server *server);

/*
 * The key that signs page cursors, so a cursor cannot be forged or moved
 * to another workspace; crypto_generichash_KEYBYTES long, borrowed.
 */
const unsigned char *sim_server_cursor_key(const struct sim_server *server);

/* The store; borrowed. */
struct sim_store *sim_server_store(struct sim_server *server);

/*
 * The workspace template that /_fake/workspaces/create copies (the
 * fixture's first workspace); borrowed.
 */
const cJSON *sim_server_template(const struct sim_server *server);

/*
 * Serves one request. Always fills `response` (free its body with
 * free()); never fails.
 */
void sim_server_serve(struct sim_server *server,
                      const struct sim_http_request *request,
                      struct sim_http_response *response);

/* Stops listening (if started) and frees everything. */
void sim_server_free(struct sim_server *server);

#endif
