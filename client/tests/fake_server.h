#ifndef SEAMC_TEST_FAKE_SERVER_H
#define SEAMC_TEST_FAKE_SERVER_H

/*
 * A scripted HTTP/1.1 server on 127.0.0.1 for the unit tests. It answers
 * each connection with the next queued reply, or misbehaves as told
 * (drop the connection, answer slowly), and records every request so
 * tests can check exactly what the client sent. One request per
 * connection; it runs on its own thread.
 */

#include <stdbool.h>
#include <stddef.h>

enum fake_action {
    FAKE_RESPOND = 0, /* send the reply */
    FAKE_DROP = 1,    /* read the request, then close without a word */
};

struct fake_reply {
    enum fake_action action;
    int status;               /* e.g. 200 */
    const char *content_type; /* NULL: "application/json" */
    const char *headers;      /* extra lines, each ending "\r\n", or NULL */
    const char *body;         /* NULL: empty */
    int delay_ms;             /* wait this long before acting */
};

struct fake_request {
    char method[16];
    char target[4096]; /* path and query, as sent */
    char headers[8192];
    char *body; /* owned by the server, NUL-terminated */
    size_t body_len;
};

struct fake_server;

/* Starts on a free port; aborts the test program on failure. */
struct fake_server *fake_server_start(void);

/* Stops the thread, closes the socket and frees everything. */
void fake_server_stop(struct fake_server *server);

int fake_server_port(const struct fake_server *server);

/* "http://127.0.0.1:PORT" in a static-per-server buffer. */
const char *fake_server_url(const struct fake_server *server);

/* Queues a reply (strings are copied). Once the queue is empty the
 * server answers 599 with a plain-text complaint. */
void fake_server_queue(struct fake_server *server,
                       const struct fake_reply *reply);

/* Shorthand: queue a 200 JSON reply / an error reply. */
void fake_server_queue_json(struct fake_server *server, int status,
                            const char *body);

size_t fake_server_request_count(struct fake_server *server);

/* The i-th request received; valid until fake_server_stop. */
const struct fake_request *fake_server_request(struct fake_server *server,
                                               size_t index);

/* Copies the value of header `name` (any case) of `request` into
 * `out`; returns false when it is absent. */
bool fake_request_header(const struct fake_request *request, const char *name,
                         char *out, size_t size);

#endif
