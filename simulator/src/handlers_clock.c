/*
 * The /_fake/clock routes: each workspace's simulated clock. It follows real
 * time until frozen, and only ever moves forward, so events and deliveries keep
 * their order.
 */

#include "handlers.h"
#include "latch.h"
#include "render.h"
#include "store.h"

/* At most a year per advance: a guard against unit mistakes (ms vs s). */
#define CLOCK_STEP_MAX_MS (366LL * 24 * 3600 * 1000)

/*
 * The latest time the clock may be moved to: the start of year 9999,
 * leaving a year of headroom before timestamps can no longer be written.
 */
#define CLOCK_LATEST_MS (253370764800000LL)

static enum sim_status put_clock(struct sim_request *req, cJSON *out)
{
    cJSON *clock = cJSON_CreateObject();

    sim_render_add_time(clock, "now", req->ws->now);
    cJSON_AddBoolToObject(clock, "is_frozen", req->ws->clock_frozen);
    cJSON_AddNumberToObject(clock, "offset_ms",
                            (double)req->ws->clock_offset_ms);
    return sim_handlers_put(out, "clock", clock);
}

/* Moves the clock to `to` and lets whatever came due happen. */
static enum sim_status move_clock(struct sim_request *req, cJSON *out,
                                  int64_t to, bool frozen)
{
    if (to < req->ws->now)
        return sim_request_fail(req, SIM_INVALID_INPUT,
                                "The simulated clock only moves forward");
    if (to > CLOCK_LATEST_MS && to > req->ws->now)
        return sim_request_fail(req, SIM_INVALID_INPUT,
                                "The simulated clock stops at "
                                "9999-01-01T00:00:00Z");
    sim_store_set_clock(req->ws, to, frozen);
    req->now = to;
    sim_latch_advance(req->ws);
    return put_clock(req, out);
}

SIM_HANDLER(sim_handle_fake_clock_get)
{
    return put_clock(req, out);
}

SIM_HANDLER(sim_handle_fake_clock_freeze)
{
    int64_t at = req->now;
    enum sim_status status;

    sim_param_time(req, "at", 0, &at);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    return move_clock(req, out, at, true);
}

SIM_HANDLER(sim_handle_fake_clock_unfreeze)
{
    return move_clock(req, out, req->now, false);
}

SIM_HANDLER(sim_handle_fake_clock_set)
{
    int64_t to = 0;
    enum sim_status status;

    sim_param_time(req, "now", SIM_REQUIRED, &to);
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    return move_clock(req, out, to, req->ws->clock_frozen);
}

SIM_HANDLER(sim_handle_fake_clock_advance)
{
    long long ms = 0, seconds = 0;
    bool has_ms, has_seconds;
    enum sim_status status;

    has_ms = sim_param_int(req, "ms", 0, 0, CLOCK_STEP_MAX_MS, &ms);
    has_seconds =
        sim_param_int(req, "seconds", 0, 0, CLOCK_STEP_MAX_MS / 1000, &seconds);
    if (!has_ms && !has_seconds && !sim_param_present(req, "ms") &&
        !sim_param_present(req, "seconds"))
        sim_request_invalid(req, "ms", "Give ms or seconds to advance by");
    if (has_ms && has_seconds)
        sim_request_invalid(req, "ms", "Give ms or seconds, not both");
    if ((status = sim_request_validated(req)) != SIM_OK)
        return status;
    return move_clock(req, out, req->now + ms + seconds * 1000,
                      req->ws->clock_frozen);
}
