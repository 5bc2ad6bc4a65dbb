#ifndef SIM_REQUEST_H
#define SIM_REQUEST_H

/*
 * One API request as handlers see it, and typed access to its parameters.
 *
 * Parameters come from the JSON body and the query string, merged the way
 * Seam merges them: a key in the body wins over the same key in the
 * query. Values from the query are text and are converted to the type the
 * route expects (numbers, booleans, arrays in the repeated, comma and
 * `key[]` forms; an empty value is an empty array or, where the parameter
 * may be null, null). Values from the body must already have that type.
 *
 * Every sim_param_* getter validates its parameter and, when it is wrong
 * or missing while required, records a validation error on the request
 * and returns "absent". A handler reads all its parameters, then calls
 * sim_request_validated(), which turns the recorded errors into one
 * invalid_input reply. Strings returned by the getters are owned by the
 * request and live until it ends.
 */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/uuid.h"
#include "status.h"

struct sim_server;
struct sim_workspace;
struct sim_route;

struct sim_request {
    char id[COMMON_UUID_SIZE];     /* the seam-request-id */
    const char *method;            /* borrowed from CivetWeb */
    const char *path;              /* borrowed from CivetWeb */
    const struct sim_route *route; /* borrowed, static */
    struct sim_server *server;     /* borrowed */
    struct sim_workspace *ws;      /* borrowed, locked while handling */
    const char *api_key;           /* borrowed, NULL when none was sent */
    int64_t now;                   /* the workspace clock at arrival */
    char base_url[160];            /* "http://host:port" as the client saw */
    cJSON *body;                   /* owned, always an object */
    cJSON *query;                  /* owned, always an object */
    cJSON *validation;             /* owned, zod-style error tree or NULL */
    int invalid_count;
    char *error_message; /* owned; the message for an error reply */
    void *allocations;   /* owned; request-scoped memory, see below */
};

/*
 * Longest string and longest array a parameter may be. Seam's own limits
 * are unpublished; these keep one request's work bounded.
 */
#define SIM_PARAM_STRING_MAX 1000
#define SIM_PARAM_ARRAY_MAX  1000

/* Flags for the parameter getters. */
#define SIM_REQUIRED 0x1u /* absent (or null) is an error */
#define SIM_NULLABLE 0x2u /* null is a value; query "" means null */
#define SIM_NONEMPTY 0x4u /* the empty string is an error */

enum sim_param_state {
    SIM_PARAM_ABSENT, /* not given, or invalid (an error was recorded) */
    SIM_PARAM_NULL,   /* given as null (only with SIM_NULLABLE) */
    SIM_PARAM_SET,    /* given with a valid value */
};

/* Sets up an empty request. */
void sim_request_init(struct sim_request *req);

/* Frees everything the request owns. */
void sim_request_free(struct sim_request *req);

/*
 * Fills req->query from a raw query string (may be NULL). Returns false
 * when a key or value is not valid percent-encoding or memory runs out;
 * the message is in req->error_message.
 */
bool sim_request_parse_query(struct sim_request *req, const char *query);

/* Request-scoped allocation, freed with the request. NULL on OOM. */
void *sim_request_alloc(struct sim_request *req, size_t size);
char *sim_request_strdup(struct sim_request *req, const char *text);

/*
 * Sets the error message for the reply and returns `status`, so handlers
 * can write `return sim_request_fail(req, SIM_X, "...", ...);`.
 */
enum sim_status sim_request_fail(struct sim_request *req,
                                 enum sim_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a validation error for parameter `name` (any message). */
void sim_request_invalid(struct sim_request *req, const char *name,
                         const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * SIM_OK when no parameter was invalid; otherwise SIM_INVALID_INPUT with
 * the message built from the recorded errors.
 */
enum sim_status sim_request_validated(struct sim_request *req);

/* True when the parameter was sent at all (even as null). */
bool sim_param_present(struct sim_request *req, const char *name);

/* A string. With SIM_NULLABLE, null gives SIM_PARAM_NULL. */
enum sim_param_state sim_param_string(struct sim_request *req, const char *name,
                                      unsigned flags, const char **out);

/* A UUID, returned lower-cased. */
enum sim_param_state sim_param_uuid(struct sim_request *req, const char *name,
                                    unsigned flags, const char **out);

/* An RFC 3339 timestamp with an offset, as ms since the epoch. */
enum sim_param_state sim_param_time(struct sim_request *req, const char *name,
                                    unsigned flags, int64_t *out);

/* An integer in [min, max]. */
enum sim_param_state sim_param_int(struct sim_request *req, const char *name,
                                   unsigned flags, long long min, long long max,
                                   long long *out);

enum sim_param_state sim_param_bool(struct sim_request *req, const char *name,
                                    unsigned flags, bool *out);

/*
 * One of `choices` (a NULL-terminated list); *out is its index.
 */
enum sim_param_state sim_param_enum(struct sim_request *req, const char *name,
                                    unsigned flags, const char *const *choices,
                                    int *out);

/*
 * An array of UUIDs (lower-cased, request-owned). *count may be 0 for an
 * empty array.
 */
enum sim_param_state sim_param_uuid_array(struct sim_request *req,
                                          const char *name, unsigned flags,
                                          const char ***out, size_t *count);

/*
 * An object parameter (body only), borrowed from the request. Used for
 * nested values such as `access_schedule`.
 */
enum sim_param_state sim_param_object(struct sim_request *req, const char *name,
                                      unsigned flags, cJSON **out);

/*
 * Reads a timestamp from a field of an object parameter, reporting errors
 * under "object.field".
 */
enum sim_param_state sim_param_time_in(struct sim_request *req,
                                       const cJSON *object,
                                       const char *object_name,
                                       const char *field, unsigned flags,
                                       int64_t *out);

/*
 * An array of strings (request-owned pointers into the request). Query
 * values split on commas like sim_param_uuid_array.
 */
enum sim_param_state sim_param_string_array(struct sim_request *req,
                                            const char *name, unsigned flags,
                                            const char ***out, size_t *count);

/*
 * Reads element `index` of an array parameter as a timestamp, reporting
 * errors under "name[index]". The element may be a string from a query.
 */
enum sim_param_state sim_param_time_in_array(struct sim_request *req,
                                             const cJSON *array,
                                             const char *name, int index,
                                             int64_t *out);

/* An email address: one '@' with text on both sides, no spaces. */
enum sim_param_state sim_param_email(struct sim_request *req, const char *name,
                                     unsigned flags, const char **out);

/* A phone number in E.164 form: '+' and 2 to 15 digits, no leading 0. */
enum sim_param_state sim_param_phone(struct sim_request *req, const char *name,
                                     unsigned flags, const char **out);

#endif
