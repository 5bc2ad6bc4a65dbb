#include "webhooks.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "idmap.h"
#include "log.h"
#include "render.h"
#include "vec.h"

/* Secrets are "whsec_" + base64 of this many random bytes, as Svix's. */
#define SECRET_BYTES  24
#define SECRET_PREFIX "whsec_"
#define SECRET_B64_SIZE                                                        \
    sodium_base64_ENCODED_LEN(SECRET_BYTES, sodium_base64_VARIANT_ORIGINAL)
#define SECRET_SIZE (sizeof SECRET_PREFIX - 1 + SECRET_B64_SIZE)

/* Message ids: "msg_" + 27 base62 characters, shaped like Svix's. */
#define MESSAGE_ID_CHARS 27
#define MESSAGE_ID_SIZE  (4 + MESSAGE_ID_CHARS + 1)

/* "v1," + base64 of an HMAC-SHA256. */
#define MAC_B64_SIZE                                                           \
    sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,                    \
                              sodium_base64_VARIANT_ORIGINAL)
#define SIGNATURE_SIZE (3 + MAC_B64_SIZE)

/* Most deliveries one pass attempts; the rest wait for the next pass. */
#define PASS_MAX_JOBS 32

/* How long one attempt may take, as a receiver that hangs must not stall
 * every other delivery for long. */
#define ATTEMPT_TIMEOUT_MS 5000L
#define CONNECT_TIMEOUT_MS 2000L

/* How often an idle worker looks for retries made due by the clock. */
#define IDLE_POLL_MS 100L

/*
 * Delay before attempt n + 1 after attempt n failed, in ms on the
 * workspace clock: Seam's documented schedule (immediately, 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h).
 */
static const int64_t retry_delay_ms[SIM_WEBHOOK_MAX_ATTEMPTS - 1] = {
    0,
    5 * 1000,
    5 * 60 * 1000,
    30 * 60 * 1000,
    2 * 3600 * 1000,
    5 * 3600 * 1000,
    10LL * 3600 * 1000,
    10LL * 3600 * 1000,
};

/* Event types a webhook may subscribe to: Seam's ACS and lock events. */
static const char *const known_event_types[] = {
    "acs_system.connected",
    "acs_system.added",
    "acs_system.disconnected",
    "acs_credential.deleted",
    "acs_credential.issued",
    "acs_credential.reissued",
    "acs_credential.invalidated",
    "acs_user.created",
    "acs_user.deleted",
    "acs_encoder.added",
    "acs_encoder.removed",
    "acs_access_group.deleted",
    "acs_entrance.added",
    "acs_entrance.removed",
    "lock.unlocked",
    "lock.locked",
    "lock.access_denied",
    NULL,
};

struct sim_webhook {
    char id[COMMON_UUID_SIZE];
    char *url;          /* owned */
    char **event_types; /* owned array of owned strings */
    size_t type_count;
    char secret[SECRET_SIZE];
    unsigned char key[SECRET_BYTES]; /* the secret, decoded: the HMAC key */
};

struct attempt {
    int64_t at;       /* workspace clock when it started */
    long status_code; /* 0 when no response arrived */
    char error[96];   /* why no response arrived; "" when one did */
};

enum delivery_status {
    DELIVERY_PENDING,
    DELIVERY_DELIVERED,
    DELIVERY_FAILED,
};

/* One message: an event on its way to one webhook, with its attempts. */
struct delivery {
    char message_id[MESSAGE_ID_SIZE];
    char webhook_id[COMMON_UUID_SIZE];
    char event_id[COMMON_UUID_SIZE];
    char event_type[64];
    char *body; /* owned JSON text; fixed when the event happened */
    size_t body_len;
    struct sim_webhook *webhook; /* borrowed; NULL once deleted */
    struct attempt attempts[SIM_WEBHOOK_MAX_ATTEMPTS];
    int attempt_count;
    enum delivery_status status;
    int64_t next_attempt_at; /* while pending */
    /*
     * A pass is attempting it with the workspace unlocked: it must not be
     * freed or attempted twice until the pass records the outcome.
     */
    bool in_flight;
};

struct sim_webhook_state {
    struct sim_vec webhooks;   /* struct sim_webhook *, owned, oldest first */
    struct sim_idmap by_id;    /* webhook_id -> struct sim_webhook * */
    struct sim_vec deliveries; /* struct delivery *, owned, oldest first */
    size_t pending;            /* deliveries whose status is pending */
};

/*
 * Pending deliveries in the whole process, so that a pass over a store
 * with nothing to deliver locks no workspace.
 */
static atomic_long pending_total;

/*
 * Wakes workers when an event queued something. Process-wide because the
 * workspace that queues does not know which server's worker serves it;
 * a spurious wake-up costs one pass.
 */
static pthread_mutex_t kick_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t kick_cond = PTHREAD_COND_INITIALIZER;
static unsigned long kick_generation;

static void kick_workers(void)
{
    pthread_mutex_lock(&kick_lock);
    kick_generation++;
    pthread_cond_broadcast(&kick_cond);
    pthread_mutex_unlock(&kick_lock);
}

static void free_webhook(struct sim_webhook *webhook)
{
    if (webhook == NULL)
        return;
    for (size_t i = 0; i < webhook->type_count; i++)
        free(webhook->event_types[i]);
    free(webhook->event_types);
    free(webhook->url);
    sodium_memzero(webhook->key, sizeof webhook->key);
    free(webhook);
}

static void free_delivery(struct delivery *d)
{
    if (d != NULL)
        free(d->body);
    free(d);
}

/* Takes a delivery out of the pending count when it finishes. */
static void finish(struct sim_webhook_state *st, struct delivery *d,
                   enum delivery_status status)
{
    if (d->status == DELIVERY_PENDING) {
        st->pending--;
        atomic_fetch_sub(&pending_total, 1);
    }
    d->status = status;
}

static struct sim_webhook_state *state_of(struct sim_workspace *ws)
{
    if (ws->webhooks == NULL) {
        struct sim_webhook_state *st = calloc(1, sizeof *st);
        if (st == NULL)
            return NULL;
        sim_vec_init(&st->webhooks);
        sim_idmap_init(&st->by_id);
        sim_vec_init(&st->deliveries);
        ws->webhooks = st;
    }
    return ws->webhooks;
}

void sim_webhooks_free_workspace(struct sim_workspace *ws)
{
    struct sim_webhook_state *st = ws->webhooks;

    if (st == NULL)
        return;
    atomic_fetch_sub(&pending_total, (long)st->pending);
    for (size_t i = 0; i < st->deliveries.count; i++)
        free_delivery(st->deliveries.items[i]);
    for (size_t i = 0; i < st->webhooks.count; i++)
        free_webhook(st->webhooks.items[i]);
    sim_vec_free(&st->deliveries);
    sim_vec_free(&st->webhooks);
    sim_idmap_free(&st->by_id);
    free(st);
    ws->webhooks = NULL;
}

bool sim_webhooks_event_type_known(const char *type)
{
    if (strcmp(type, "*") == 0)
        return true;
    for (size_t i = 0; known_event_types[i] != NULL; i++) {
        if (strcmp(type, known_event_types[i]) == 0)
            return true;
    }
    return false;
}

/*
 * Only literal loopback addresses and "localhost" count: libcurl answers
 * "localhost" itself, without asking DNS, so no name can be pointed
 * elsewhere.
 */
static bool host_is_loopback(const char *host, size_t len, bool bracketed)
{
    char text[64];
    unsigned char addr[sizeof(struct in6_addr)];

    if (len == 0 || len >= sizeof text)
        return false;
    memcpy(text, host, len);
    text[len] = '\0';
    if (bracketed)
        return inet_pton(AF_INET6, text, addr) == 1 &&
               memcmp(addr, &in6addr_loopback, sizeof addr) == 0;
    if (strcasecmp(text, "localhost") == 0)
        return true;
    return inet_pton(AF_INET, text, addr) == 1 && addr[0] == 127;
}

static bool remote_allowed(void)
{
    const char *v = getenv(SIM_WEBHOOK_REMOTE_ENV);
    return v != NULL && strcmp(v, "1") == 0;
}

/* Checks ":digits" in 1..65535 at [p, end). */
static bool port_ok(const char *p, const char *end)
{
    long port = 0;

    if (p == end)
        return true;
    if (*p != ':' || end - p < 2 || end - p > 6)
        return false;
    for (p++; p < end; p++) {
        if (*p < '0' || *p > '9')
            return false;
        port = port * 10 + (*p - '0');
    }
    return port >= 1 && port <= 65535;
}

bool sim_webhooks_url_allowed(const char *url, char *why, size_t why_size)
{
    const char *p, *host, *rest;
    size_t len = strlen(url), host_len;
    bool bracketed = false;

    if (len > SIM_WEBHOOK_URL_MAX) {
        snprintf(why, why_size, "url is longer than %d bytes",
                 SIM_WEBHOOK_URL_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f) {
            snprintf(why, why_size,
                     "url must be ASCII without spaces or "
                     "control characters (percent-encode)");
            return false;
        }
    }
    if (strncasecmp(url, "http://", 7) == 0)
        p = url + 7;
    else if (strncasecmp(url, "https://", 8) == 0)
        p = url + 8;
    else {
        snprintf(why, why_size, "url must start with http:// or https://");
        return false;
    }

    /* The authority: [user@]host[:port]; user information is refused. */
    size_t auth_len = strcspn(p, "/?#");
    const char *auth_end = p + auth_len;
    if (memchr(p, '@', auth_len) != NULL) {
        snprintf(why, why_size, "url must not contain user information");
        return false;
    }
    if (p[0] == '[') {
        const char *close = memchr(p, ']', auth_len);
        if (close == NULL) {
            snprintf(why, why_size, "url has an unclosed [ in its host");
            return false;
        }
        bracketed = true;
        host = p + 1;
        host_len = (size_t)(close - host);
        rest = close + 1;
    } else {
        const char *colon = memchr(p, ':', auth_len);
        host = p;
        host_len = colon ? (size_t)(colon - p) : auth_len;
        rest = host + host_len;
    }
    if (host_len == 0 || !port_ok(rest, auth_end)) {
        snprintf(why, why_size, "url must name a host and at most a port");
        return false;
    }

    /* Tests and CI must never be able to send traffic off the machine. */
    if (!remote_allowed() && !host_is_loopback(host, host_len, bracketed)) {
        snprintf(why, why_size,
                 "url must point at a loopback host (127.0.0.1, [::1] or "
                 "localhost); set %s=1 to allow other hosts",
                 SIM_WEBHOOK_REMOTE_ENV);
        return false;
    }
    return true;
}

/* Copies `types` into a fresh array; NULL on OOM (nothing leaks). */
static char **copy_types(const char *const *types, size_t count)
{
    char **copy = calloc(count ? count : 1, sizeof *copy);

    for (size_t i = 0; copy != NULL && i < count; i++) {
        if ((copy[i] = strdup(types[i])) == NULL) {
            while (i > 0)
                free(copy[--i]);
            free(copy);
            copy = NULL;
        }
    }
    return copy;
}

struct sim_webhook *sim_webhooks_create(struct sim_workspace *ws,
                                        const char *url,
                                        const char *const *types, size_t count)
{
    struct sim_webhook_state *st = state_of(ws);
    struct sim_webhook *webhook = calloc(1, sizeof *webhook);

    if (st == NULL || webhook == NULL)
        goto fail;
    common_uuid_v4(webhook->id);
    webhook->url = strdup(url);
    webhook->event_types = copy_types(types, count);
    if (webhook->url == NULL || webhook->event_types == NULL)
        goto fail;
    webhook->type_count = count;

    /* The secret is the key in base64, which is how receivers decode it. */
    randombytes_buf(webhook->key, sizeof webhook->key);
    memcpy(webhook->secret, SECRET_PREFIX, sizeof SECRET_PREFIX - 1);
    sodium_bin2base64(webhook->secret + sizeof SECRET_PREFIX - 1,
                      SECRET_B64_SIZE, webhook->key, sizeof webhook->key,
                      sodium_base64_VARIANT_ORIGINAL);

    if (!sim_vec_push(&st->webhooks, webhook))
        goto fail;
    if (!sim_idmap_put(&st->by_id, webhook->id, webhook)) {
        sim_vec_remove(&st->webhooks, webhook);
        goto fail;
    }
    return webhook;

fail:
    free_webhook(webhook);
    return NULL;
}

struct sim_webhook *sim_webhooks_find(struct sim_workspace *ws, const char *id)
{
    struct sim_webhook_state *st = ws->webhooks;
    return st ? sim_idmap_get(&st->by_id, id) : NULL;
}

bool sim_webhooks_set_event_types(struct sim_webhook *webhook,
                                  const char *const *types, size_t count)
{
    char **copy = copy_types(types, count);

    if (copy == NULL)
        return false;
    for (size_t i = 0; i < webhook->type_count; i++)
        free(webhook->event_types[i]);
    free(webhook->event_types);
    webhook->event_types = copy;
    webhook->type_count = count;
    return true;
}

void sim_webhooks_delete(struct sim_workspace *ws, struct sim_webhook *webhook)
{
    struct sim_webhook_state *st = ws->webhooks;

    /* Nothing more goes to it; an attempt in flight finishes on its own. */
    for (size_t i = 0; i < st->deliveries.count; i++) {
        struct delivery *d = st->deliveries.items[i];
        if (d->webhook != webhook)
            continue;
        d->webhook = NULL;
        if (!d->in_flight)
            finish(st, d, DELIVERY_FAILED);
    }
    sim_idmap_remove(&st->by_id, webhook->id);
    sim_vec_remove(&st->webhooks, webhook);
    free_webhook(webhook);
}

cJSON *sim_webhooks_render(const struct sim_webhook *webhook)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *types;

    cJSON_AddStringToObject(o, "webhook_id", webhook->id);
    cJSON_AddStringToObject(o, "url", webhook->url);
    types = cJSON_AddArrayToObject(o, "event_types");
    for (size_t i = 0; types && i < webhook->type_count; i++) {
        if (!cJSON_AddItemToArray(types,
                                  cJSON_CreateString(webhook->event_types[i])))
            types = NULL;
    }
    cJSON_AddStringToObject(o, "secret", webhook->secret);
    if (types == NULL || cJSON_GetArraySize(o) != 4) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *sim_webhooks_render_all(struct sim_workspace *ws)
{
    struct sim_webhook_state *st = ws->webhooks;
    cJSON *array = cJSON_CreateArray();

    for (size_t i = 0; st && array && i < st->webhooks.count; i++) {
        cJSON *item = sim_webhooks_render(st->webhooks.items[i]);
        if (!cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return array;
}

static const char *status_text(enum delivery_status status)
{
    switch (status) {
    case DELIVERY_PENDING:
        return "pending";
    case DELIVERY_DELIVERED:
        return "delivered";
    case DELIVERY_FAILED:
        break;
    }
    return "failed";
}

static cJSON *render_delivery(const struct delivery *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *attempts;
    bool ok;

    cJSON_AddStringToObject(o, "message_id", d->message_id);
    cJSON_AddStringToObject(o, "webhook_id", d->webhook_id);
    cJSON_AddStringToObject(o, "event_id", d->event_id);
    cJSON_AddStringToObject(o, "event_type", d->event_type);
    attempts = cJSON_AddArrayToObject(o, "attempts");
    ok = attempts != NULL;
    for (int i = 0; ok && i < d->attempt_count; i++) {
        const struct attempt *a = &d->attempts[i];
        cJSON *item = cJSON_CreateObject();
        sim_render_add_time(item, "attempted_at", a->at);
        if (a->status_code > 0)
            cJSON_AddNumberToObject(item, "status_code",
                                    (double)a->status_code);
        else
            cJSON_AddNullToObject(item, "status_code");
        if (a->error[0])
            cJSON_AddStringToObject(item, "error", a->error);
        else
            cJSON_AddNullToObject(item, "error");
        ok = cJSON_GetArraySize(item) == 3 &&
             cJSON_AddItemToArray(attempts, item);
        if (!ok)
            cJSON_Delete(item);
    }
    cJSON_AddStringToObject(o, "status", status_text(d->status));
    if (d->status == DELIVERY_PENDING)
        sim_render_add_time(o, "next_attempt_at", d->next_attempt_at);
    else
        cJSON_AddNullToObject(o, "next_attempt_at");
    if (!ok || cJSON_GetArraySize(o) != 7) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *sim_webhooks_render_deliveries(struct sim_workspace *ws,
                                      const char *webhook_id,
                                      const char *event_id)
{
    struct sim_webhook_state *st = ws->webhooks;
    cJSON *array = cJSON_CreateArray();

    for (size_t i = 0; st && array && i < st->deliveries.count; i++) {
        const struct delivery *d = st->deliveries.items[i];
        if (webhook_id && strcmp(webhook_id, d->webhook_id) != 0)
            continue;
        if (event_id && strcmp(event_id, d->event_id) != 0)
            continue;
        cJSON *item = render_delivery(d);
        if (!cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            cJSON_Delete(array);
            array = NULL;
        }
    }
    return array;
}

static bool subscribes(const struct sim_webhook *webhook, const char *type)
{
    for (size_t i = 0; i < webhook->type_count; i++) {
        const char *t = webhook->event_types[i];
        if (strcmp(t, "*") == 0 || strcmp(t, type) == 0)
            return true;
    }
    return false;
}

static void new_message_id(char out[MESSAGE_ID_SIZE])
{
    static const char alphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    memcpy(out, "msg_", 4);
    for (size_t i = 0; i < MESSAGE_ID_CHARS; i++)
        out[4 + i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[MESSAGE_ID_SIZE - 1] = '\0';
}

/*
 * Makes room for one more delivery: the oldest finished one goes first;
 * only when every kept delivery is still pending does the oldest pending
 * one go (with a warning), so memory stays bounded when a receiver is
 * down for long.
 */
static void make_room(struct sim_webhook_state *st)
{
    size_t victim = st->deliveries.count;

    if (st->deliveries.count < SIM_WEBHOOK_DELIVERIES_MAX)
        return;
    for (size_t i = 0; i < st->deliveries.count; i++) {
        const struct delivery *d = st->deliveries.items[i];
        if (d->status != DELIVERY_PENDING) {
            victim = i;
            break;
        }
        if (!d->in_flight && victim == st->deliveries.count)
            victim = i;
    }
    if (victim == st->deliveries.count)
        return;
    struct delivery *d = st->deliveries.items[victim];
    if (d->status == DELIVERY_PENDING)
        sim_log_warn("webhook delivery %s dropped: over %d kept", d->message_id,
                     SIM_WEBHOOK_DELIVERIES_MAX);
    finish(st, d, DELIVERY_FAILED);
    sim_vec_remove_at(&st->deliveries, victim);
    free_delivery(d);
}

static bool queue_delivery(struct sim_workspace *ws, struct sim_webhook *wh,
                           const struct sim_event *event)
{
    struct sim_webhook_state *st = ws->webhooks;
    struct delivery *d = calloc(1, sizeof *d);

    if (d == NULL || (d->body = cJSON_PrintUnformatted(event->body)) == NULL)
        goto fail;
    d->body_len = strlen(d->body);
    new_message_id(d->message_id);
    snprintf(d->webhook_id, sizeof d->webhook_id, "%s", wh->id);
    snprintf(d->event_id, sizeof d->event_id, "%s", event->head.id);
    snprintf(d->event_type, sizeof d->event_type, "%s", event->event_type);
    d->webhook = wh;
    d->status = DELIVERY_PENDING;
    d->next_attempt_at = ws->now;
    make_room(st);
    if (!sim_vec_push(&st->deliveries, d))
        goto fail;
    st->pending++;
    atomic_fetch_add(&pending_total, 1);
    return true;

fail:
    free_delivery(d);
    return false;
}

void sim_webhooks_on_event(struct sim_workspace *ws,
                           const struct sim_event *event)
{
    struct sim_webhook_state *st = ws->webhooks;
    bool queued = false;

    if (st == NULL || event->body == NULL)
        return;
    for (size_t i = 0; i < st->webhooks.count; i++) {
        struct sim_webhook *wh = st->webhooks.items[i];
        if (!subscribes(wh, event->event_type))
            continue;
        if (queue_delivery(ws, wh, event))
            queued = true;
        else
            sim_log_error("webhook delivery of event %s dropped: out of "
                          "memory",
                          event->head.id);
    }
    if (queued)
        kick_workers();
}

/*
 * The signature header value: "v1," + base64(HMAC-SHA256(key,
 * "<message id>.<timestamp>.<body>")).
 */
static void sign(const struct sim_webhook *wh, const char *message_id,
                 const char *timestamp, const char *body, size_t body_len,
                 char out[SIGNATURE_SIZE])
{
    crypto_auth_hmacsha256_state state;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];

    crypto_auth_hmacsha256_init(&state, wh->key, sizeof wh->key);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)message_id,
                                  strlen(message_id));
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)timestamp,
                                  strlen(timestamp));
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)body,
                                  body_len);
    crypto_auth_hmacsha256_final(&state, mac);
    memcpy(out, "v1,", 3);
    sodium_bin2base64(out + 3, MAC_B64_SIZE, mac, sizeof mac,
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(&state, sizeof state);
}

/* One attempt, prepared under the lock and made without it. */
struct job {
    struct sim_workspace *ws;  /* borrowed */
    struct delivery *delivery; /* borrowed; kept alive by in_flight */
    char *url;                 /* owned copy: the webhook may go */
    const char *body;          /* borrowed from the delivery */
    size_t body_len;
    char message_id[MESSAGE_ID_SIZE];
    char timestamp[24];
    char signature[SIGNATURE_SIZE];
    int64_t attempted_at;
    bool attempted; /* false when shutdown came first */
    long status_code;
    char error[96];
};

struct pass {
    struct job jobs[PASS_MAX_JOBS];
    size_t count;
};

/* sim_store_each_workspace callback: claims the workspace's due work. */
static void collect(struct sim_workspace *ws, void *arg)
{
    struct pass *pass = arg;

    if (pass->count == PASS_MAX_JOBS)
        return;
    sim_store_lock_workspace(ws);
    struct sim_webhook_state *st = ws->webhooks;
    for (size_t i = 0; st && st->pending && i < st->deliveries.count; i++) {
        struct delivery *d = st->deliveries.items[i];
        struct job *job = &pass->jobs[pass->count];
        if (pass->count == PASS_MAX_JOBS)
            break;
        if (d->status != DELIVERY_PENDING || d->in_flight ||
            d->webhook == NULL || d->next_attempt_at > ws->now)
            continue;
        memset(job, 0, sizeof *job);
        if ((job->url = strdup(d->webhook->url)) == NULL)
            break;
        job->ws = ws;
        job->delivery = d;
        job->body = d->body;
        job->body_len = d->body_len;
        memcpy(job->message_id, d->message_id, sizeof job->message_id);
        job->attempted_at = ws->now;

        /* Timestamps are whole seconds of the simulated clock. */
        snprintf(job->timestamp, sizeof job->timestamp, "%lld",
                 (long long)(ws->now / 1000));
        sign(d->webhook, d->message_id, job->timestamp, d->body, d->body_len,
             job->signature);
        d->in_flight = true;
        pass->count++;
    }
    sim_store_unlock_workspace(ws);
}

static size_t discard_body(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

/* Ends a transfer early when the worker is being stopped. */
static int check_stop(void *arg, curl_off_t a, curl_off_t b, curl_off_t c,
                      curl_off_t d)
{
    const atomic_bool *stop = arg;

    (void)a;
    (void)b;
    (void)c;
    (void)d;
    return stop != NULL && atomic_load(stop) ? 1 : 0;
}

static struct curl_slist *add_header(struct curl_slist *list, const char *name,
                                     const char *value)
{
    char line[256];
    struct curl_slist *more;

    if (list == NULL)
        return NULL;
    snprintf(line, sizeof line, "%s: %s", name, value);
    if ((more = curl_slist_append(list, line)) == NULL)
        curl_slist_free_all(list);
    return more;
}

/* POSTs the job's body; fills status_code or error. */
static void post(struct job *job, const atomic_bool *stop)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: "
                                                         "application/json");
    CURLcode rc;

    /*
     * The same values under both names: Svix's verifier prefers svix-*,
     * the Standard Webhooks ones read webhook-*.
     */
    headers = add_header(headers, "User-Agent", "seam-sim-webhooks");
    headers = add_header(headers, "Expect", "");
    headers = add_header(headers, "webhook-id", job->message_id);
    headers = add_header(headers, "webhook-timestamp", job->timestamp);
    headers = add_header(headers, "webhook-signature", job->signature);
    headers = add_header(headers, "svix-id", job->message_id);
    headers = add_header(headers, "svix-timestamp", job->timestamp);
    headers = add_header(headers, "svix-signature", job->signature);
    if (curl == NULL || headers == NULL) {
        snprintf(job->error, sizeof job->error, "out of memory");
        job->attempted = true;
        goto done;
    }

    curl_easy_setopt(curl, CURLOPT_URL, job->url);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, job->body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t)job->body_len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, ATTEMPT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard_body);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_stop);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)stop);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);

    /* Only the registered URL: no redirects, no proxy from the env. */
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");

    rc = curl_easy_perform(curl);
    if (rc == CURLE_ABORTED_BY_CALLBACK)
        goto done;
    job->attempted = true;
    if (rc == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &job->status_code);
    else
        snprintf(job->error, sizeof job->error, "%s", curl_easy_strerror(rc));

done:
    curl_slist_free_all(headers);
    if (curl != NULL)
        curl_easy_cleanup(curl);
}

/* Records the job's outcome and schedules the retry, if any. */
static void record(struct job *job)
{
    struct delivery *d = job->delivery;

    sim_store_lock_workspace(job->ws);
    struct sim_webhook_state *st = job->ws->webhooks;
    d->in_flight = false;
    if (job->attempted && d->attempt_count < SIM_WEBHOOK_MAX_ATTEMPTS) {
        struct attempt *a = &d->attempts[d->attempt_count++];
        a->at = job->attempted_at;
        a->status_code = job->status_code;
        snprintf(a->error, sizeof a->error, "%s", job->error);
    }
    if (job->attempted && job->status_code >= 200 && job->status_code < 300)
        finish(st, d, DELIVERY_DELIVERED);
    else if (d->webhook == NULL || d->attempt_count >= SIM_WEBHOOK_MAX_ATTEMPTS)
        finish(st, d, DELIVERY_FAILED);
    else if (job->attempted)
        d->next_attempt_at =
            job->ws->now + retry_delay_ms[d->attempt_count - 1];
    sim_store_unlock_workspace(job->ws);
}

static size_t deliver_pass(struct sim_store *store, const atomic_bool *stop)
{
    struct pass *pass;
    size_t made = 0;

    if (atomic_load(&pending_total) <= 0)
        return 0;
    if ((pass = calloc(1, sizeof *pass)) == NULL)
        return 0;

    /* Claim what is due, lock by lock; then talk with no lock held. */
    sim_store_each_workspace(store, collect, pass);
    for (size_t i = 0; i < pass->count; i++) {
        if (stop == NULL || !atomic_load(stop))
            post(&pass->jobs[i], stop);
    }

    /* Record every claimed job, attempted or not, to release it. */
    for (size_t i = 0; i < pass->count; i++) {
        struct job *job = &pass->jobs[i];
        if (job->attempted) {
            made++;
            if (job->status_code > 0)
                sim_log_debug("webhook %s -> %ld", job->message_id,
                              job->status_code);
            else
                sim_log_info("webhook %s failed: %s", job->message_id,
                             job->error);
        }
        record(job);
        free(job->url);
    }
    free(pass);
    return made;
}

size_t sim_webhooks_deliver_due(struct sim_store *store)
{
    return deliver_pass(store, NULL);
}

struct sim_webhook_worker {
    struct sim_store *store; /* borrowed */
    pthread_t thread;
    atomic_bool stop;
};

static void *worker_main(void *arg)
{
    struct sim_webhook_worker *w = arg;

    while (!atomic_load(&w->stop)) {
        pthread_mutex_lock(&kick_lock);
        unsigned long seen = kick_generation;
        pthread_mutex_unlock(&kick_lock);

        /* A pass that did something may have made an immediate retry. */
        if (deliver_pass(w->store, &w->stop) > 0)
            continue;

        /* Idle: wait for an event, or poll for clock-driven retries. */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += IDLE_POLL_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_mutex_lock(&kick_lock);
        if (!atomic_load(&w->stop) && kick_generation == seen)
            pthread_cond_timedwait(&kick_cond, &kick_lock, &until);
        pthread_mutex_unlock(&kick_lock);
    }
    return NULL;
}

struct sim_webhook_worker *sim_webhooks_worker_start(struct sim_store *store)
{
    struct sim_webhook_worker *w = calloc(1, sizeof *w);

    if (w == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        free(w);
        return NULL;
    }
    w->store = store;
    atomic_init(&w->stop, false);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        curl_global_cleanup();
        free(w);
        return NULL;
    }
    return w;
}

void sim_webhooks_worker_stop(struct sim_webhook_worker *worker)
{
    if (worker == NULL)
        return;

    /* Under the kick lock, so the worker cannot miss it before waiting. */
    pthread_mutex_lock(&kick_lock);
    atomic_store(&worker->stop, true);
    pthread_cond_broadcast(&kick_cond);
    pthread_mutex_unlock(&kick_lock);
    pthread_join(worker->thread, NULL);
    curl_global_cleanup();
    free(worker);
}
