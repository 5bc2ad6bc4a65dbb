#include "latch.h"

#include <sodium.h>
#include <stdio.h>

/* Delivery time of a change made at `changed_at`, or 0 if still waiting. */
static int64_t delivered_at(const struct sim_credential *credential,
                            int64_t changed_at, uint64_t changed_seq,
                            int64_t now)
{
    const struct sim_system *system = credential->system;
    int64_t best = 0;

    if (credential->access_method == SIM_ACCESS_MOBILE_KEY)
        return changed_at;

    for (size_t i = 0; i < credential->entrances.count; i++) {
        const struct sim_entrance *e = credential->entrances.items[i];
        int64_t at = 0;

        if (system->hub_installed && e->is_connected &&
            changed_at + system->hub_sync_delay_ms <= now)
            at = changed_at + system->hub_sync_delay_ms;
        if (e->last_manual_sync_seq > changed_seq &&
            (at == 0 || e->last_manual_sync_at < at))
            at = e->last_manual_sync_at;
        /* Every door must have it; the latest door decides. */
        if (at == 0)
            return 0;
        if (at > best)
            best = at;
    }
    return best;
}

struct sim_latch_delivery
sim_latch_delivery(const struct sim_credential *credential, int64_t now)
{
    struct sim_latch_delivery d = { 0 };

    d.synced_at = delivered_at(credential, credential->desired_state_changed_at,
                               credential->desired_state_seq, now);
    d.synced = d.synced_at != 0;
    d.issued = d.synced || delivered_at(credential, credential->head.created_at,
                                        credential->head.seq, now) != 0;
    return d;
}

enum sim_status sim_latch_generate_pin(struct sim_credential *credential,
                                       struct sim_entrance *entrance)
{
    int digits = credential->system->pin_length;
    uint64_t space = 1;

    for (int i = 0; i < digits; i++)
        space *= 10;

    /*
     * Random draws find a free PIN at once unless the entrance is nearly
     * full; after that, walk from a random start so a free PIN is always
     * found while one exists.
     */
    uint64_t candidate = 0;
    for (int attempt = 0; attempt < 64; attempt++) {
        candidate =
            ((uint64_t)randombytes_random() << 32 | randombytes_random()) %
            space;
        snprintf(credential->code, sizeof credential->code, "%0*llu", digits,
                 (unsigned long long)candidate);
        if (sim_store_pin_owner(entrance, credential->code) == NULL)
            return SIM_OK;
    }
    for (uint64_t step = 1; step < space; step++) {
        snprintf(credential->code, sizeof credential->code, "%0*llu", digits,
                 (unsigned long long)((candidate + step) % space));
        if (sim_store_pin_owner(entrance, credential->code) == NULL)
            return SIM_OK;
    }
    credential->code[0] = '\0';
    return SIM_PIN_SPACE_EXHAUSTED;
}
