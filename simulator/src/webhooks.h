#ifndef SIM_WEBHOOKS_H
#define SIM_WEBHOOKS_H

/*
 * Webhooks: endpoints a workspace registers, and delivery of its events
 * to them (docs/webhooks.md).
 *
 * Registration and the delivery queue live in the workspace
 * (ws->webhooks) and follow the store's rule: every function taking a
 * `struct sim_workspace *` needs that workspace locked.
 *
 * Delivery is done by a worker thread (sim_webhooks_worker_start) or,
 * in tests, one pass at a time (sim_webhooks_deliver_due). Either way a
 * pass locks each workspace only to pick the deliveries that are due on
 * its simulated clock and, later, to record their outcome; the HTTP
 * requests themselves run with no workspace locked.
 */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Longest URL a webhook may have. */
#define SIM_WEBHOOK_URL_MAX 2048

/* Attempts per message: the first, then one per step of the schedule. */
#define SIM_WEBHOOK_MAX_ATTEMPTS 9

/* Deliveries kept per workspace; finished ones are dropped first. */
#define SIM_WEBHOOK_DELIVERIES_MAX 10000

/*
 * Set to "1" to let webhooks point at hosts other than loopback
 * addresses. Read when a webhook is created.
 */
#define SIM_WEBHOOK_REMOTE_ENV "SEAM_SIM_WEBHOOK_ALLOW_REMOTE"

/* A registered webhook; owned by its workspace's webhook state. */
struct sim_webhook;

/*
 * Called for every new event, with the workspace locked. Queues a
 * delivery to each of the workspace's webhooks that subscribe to the
 * event's type.
 */
void sim_webhooks_on_event(struct sim_workspace *ws,
                           const struct sim_event *event);

/* Frees ws->webhooks and everything queued in it. */
void sim_webhooks_free_workspace(struct sim_workspace *ws);

/* True when a webhook may subscribe to `type` ("*" means every type). */
bool sim_webhooks_event_type_known(const char *type);

/*
 * True when `url` may be registered: http or https, a host, no spaces or
 * control characters, at most SIM_WEBHOOK_URL_MAX bytes, and a loopback
 * host unless SIM_WEBHOOK_REMOTE_ENV allows others. Otherwise writes the
 * reason into `why`.
 */
bool sim_webhooks_url_allowed(const char *url, char *why, size_t why_size);

/*
 * Registers a webhook for `url` subscribing to `types` (`count` strings,
 * already checked; all copied), with a fresh id and secret. Returns it,
 * owned by the workspace, or NULL when memory runs out.
 */
struct sim_webhook *sim_webhooks_create(struct sim_workspace *ws,
                                        const char *url,
                                        const char *const *types, size_t count);

/* The webhook with `id`, or NULL. */
struct sim_webhook *sim_webhooks_find(struct sim_workspace *ws, const char *id);

/*
 * Replaces the webhook's event types with copies of `types`. Returns
 * false, changing nothing, when memory runs out.
 */
bool sim_webhooks_set_event_types(struct sim_webhook *webhook,
                                  const char *const *types, size_t count);

/*
 * Deletes and frees the webhook. Its pending deliveries end as failed;
 * one being attempted right now still records its outcome.
 */
void sim_webhooks_delete(struct sim_workspace *ws, struct sim_webhook *webhook);

/* The webhook object of the API. New cJSON owned by the caller. */
cJSON *sim_webhooks_render(const struct sim_webhook *webhook);

/* Every webhook of the workspace, oldest first. New array, caller owns. */
cJSON *sim_webhooks_render_all(struct sim_workspace *ws);

/*
 * The deliveries of /_fake/webhooks/deliveries, oldest first, limited to
 * `webhook_id` and `event_id` when they are not NULL. New array, caller
 * owns.
 */
cJSON *sim_webhooks_render_deliveries(struct sim_workspace *ws,
                                      const char *webhook_id,
                                      const char *event_id);

/*
 * Makes every delivery of the store that is due now, waits for the
 * answers and records them. Returns how many attempts were made.
 * Call with no workspace locked. libcurl must be initialised.
 */
size_t sim_webhooks_deliver_due(struct sim_store *store);

/* The delivery thread of a listening server. */
struct sim_webhook_worker;

/*
 * Initialises libcurl and starts a thread that delivers for `store`
 * (borrowed; it must outlive the worker) until stopped. Returns NULL
 * when the thread cannot be started.
 */
struct sim_webhook_worker *sim_webhooks_worker_start(struct sim_store *store);

/*
 * Stops the thread (an attempt in progress is cut short), joins it and
 * frees the worker. NULL is allowed.
 */
void sim_webhooks_worker_stop(struct sim_webhook_worker *worker);

#endif
