#ifndef SIM_STATUS_H
#define SIM_STATUS_H

/*
 * Every outcome a simulator handler can reply with, from one table.
 *
 * Each row: the enum name, the HTTP status, Seam's `error.type` string and
 * the default message used when a handler has nothing more specific to
 * say. Rows are never renumbered; add new ones before the sentinel.
 */

#define SIM_STATUS_TABLE(X)                                                    \
    X(OK, 200, "ok", "OK")                                                     \
    X(INVALID_INPUT, 400, "invalid_input", "The request is invalid")           \
    X(INVALID_CONTENT_TYPE, 400, "invalid_content_type",                       \
      "Send the body as JSON with Content-Type: application/json")             \
    X(MISMATCHED_PAGE_PARAMETERS, 400, "mismatched_page_parameters",           \
      "The page cursor was made for different parameters")                     \
    X(NOT_SUPPORTED, 400, "not_supported",                                     \
      "The access control system does not support this")                       \
    X(USER_IDENTITY_NOT_FOUND_INPUT, 400, "user_identity_not_found",           \
      "User identity not found")                                               \
    X(DUPLICATE_USER_IDENTITY, 400, "user_identity_already_exists",            \
      "Another user identity already has this key, email or phone")            \
    X(ACS_USER_ALREADY_LINKED, 400, "acs_user_already_linked",                 \
      "The user identity already has an ACS user in this system")              \
    X(PIN_SPACE_EXHAUSTED, 400, "no_free_pin_code",                            \
      "Every PIN code of this length is in use on the entrance")               \
    X(UNAUTHORIZED, 401, "unauthorized", "Unauthorized")                       \
    X(ROUTE_NOT_FOUND, 404, "not_found", "No such route")                      \
    X(WORKSPACE_NOT_FOUND, 404, "workspace_not_found", "Workspace not found")  \
    X(ACS_SYSTEM_NOT_FOUND, 404, "acs_system_not_found",                       \
      "Access system not found")                                               \
    X(ACS_ENTRANCE_NOT_FOUND, 404, "acs_entrance_not_found",                   \
      "Entrance not found")                                                    \
    X(ACS_USER_NOT_FOUND, 404, "acs_user_not_found",                           \
      "Access system user not found")                                          \
    X(ACS_CREDENTIAL_NOT_FOUND, 404, "acs_credential_not_found",               \
      "Credential not found")                                                  \
    X(USER_IDENTITY_NOT_FOUND, 404, "user_identity_not_found",                 \
      "User identity not found")                                               \
    X(METHOD_NOT_ALLOWED, 405, "method_not_allowed", "Method not allowed")     \
    X(PAYLOAD_TOO_LARGE, 413, "payload_too_large",                             \
      "The request body is too large")                                         \
    X(INTERNAL, 500, "internal_server_error", "Internal server error")         \
    X(OUT_OF_MEMORY, 503, "service_unavailable",                               \
      "The simulator ran out of memory")                                       \
    X(EVENT_NOT_FOUND, 404, "event_not_found", "Event not found")              \
    X(ACTION_ATTEMPT_NOT_FOUND, 404, "action_attempt_not_found",               \
      "Action attempt not found")                                              \
    X(LATCH_UNAVAILABLE, 400, "latch_cloud_unavailable",                       \
      "Latch's cloud is unavailable for this building")                        \
    X(RATE_LIMITED, 429, "rate_limit_exceeded", "Too many requests")           \
    X(FAULT_INTERNAL, 500, "internal_server_error",                            \
      "Injected fault: internal server error")                                 \
    X(FAULT_BAD_GATEWAY, 502, "bad_gateway", "Injected fault: bad gateway")    \
    X(FAULT_UNAVAILABLE, 503, "service_unavailable",                           \
      "Injected fault: service unavailable")                                   \
    X(FAULT_GATEWAY_TIMEOUT, 504, "gateway_timeout",                           \
      "Injected fault: gateway timeout")                                       \
    X(WEBHOOK_NOT_FOUND, 404, "webhook_not_found", "Webhook not found")        \
    X(INVALID_EVENT_TYPES, 400, "invalid_event_types",                         \
      "A webhook cannot subscribe to one of these event types")                \
    X(TOO_MANY_WORKSPACES, 400, "too_many_workspaces",                         \
      "The simulator holds as many workspaces as it allows")                   \
    X(HEADERS_TOO_LARGE, 431, "request_header_fields_too_large",               \
      "The request has more headers than the simulator reads")

enum sim_status {
#define SIM_STATUS_ENUM(name, http, type, message) SIM_##name,
    SIM_STATUS_TABLE(SIM_STATUS_ENUM)
#undef SIM_STATUS_ENUM
        SIM_STATUS_COUNT
};

/* The HTTP status of `status`; 500 for a value outside the table. */
int sim_status_http(enum sim_status status);

/* Seam's `error.type` string; a static string, never NULL. */
const char *sim_status_type(enum sim_status status);

/* The default human-readable message; a static string, never NULL. */
const char *sim_status_message(enum sim_status status);

#endif
