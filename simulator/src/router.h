#ifndef SIM_ROUTER_H
#define SIM_ROUTER_H

/*
 * The route table: which paths exist, which HTTP methods each accepts,
 * whether it needs an API key, and the handler that serves it.
 *
 * Like Seam, every route accepts POST with a JSON body; reads also accept
 * GET, deletes DELETE, updates PATCH and "add" routes PUT.
 */

#include <cjson/cJSON.h>

#include "request.h"

enum sim_method {
    SIM_METHOD_GET = 1u << 0,
    SIM_METHOD_POST = 1u << 1,
    SIM_METHOD_PUT = 1u << 2,
    SIM_METHOD_PATCH = 1u << 3,
    SIM_METHOD_DELETE = 1u << 4,
};

enum sim_auth {
    SIM_AUTH_API_KEY, /* Authorization: Bearer <key> selects the workspace */
    SIM_AUTH_NONE,    /* simulator control and health routes */
};

/*
 * Serves one request. Adds the success payload's keys to `out` (the
 * dispatcher adds "ok") and returns SIM_OK, or returns an error status
 * with the message set through sim_request_fail(). Called with the
 * request's workspace locked (when the route has one).
 */
typedef enum sim_status (*sim_handler)(struct sim_request *req, cJSON *out);

struct sim_route {
    const char *path;
    unsigned methods; /* enum sim_method bits */
    enum sim_auth auth;
    sim_handler handler;
};

/* The route for `path`, or NULL. Binary search over the sorted table. */
const struct sim_route *sim_router_find(const char *path);

/* The enum sim_method bit for an HTTP method name, or 0 if unsupported. */
unsigned sim_router_method_bit(const char *method);

/* Writes "GET, POST"-style text for `methods` into `out`. */
void sim_router_methods_text(unsigned methods, char *out, size_t size);

/* Checks the table is sorted and unique; used by the unit tests. */
int sim_router_table_is_sorted(void);

#endif
