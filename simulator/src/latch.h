#ifndef SIM_LATCH_H
#define SIM_LATCH_H

/*
 * Latch's rules that are more than storage: PIN generation and how a
 * credential's state travels to the door.
 *
 * Sync model. Every credential has a desired state that changes when it
 * is created or updated and when its user is suspended or unsuspended.
 * The door holds that state once it has been delivered:
 *
 *  - Mobile keys are checked by Latch's cloud and the phone, never the
 *    door, so they are delivered the moment they change.
 *  - In a building with a Latch hub, a connected door receives a change
 *    hub_sync_delay_ms after it was made.
 *  - Otherwise the change waits for a manual door sync (the Latch Manager
 *    App step, /_fake/latch/sync_door), which delivers everything changed
 *    up to that moment.
 *
 * Nothing is stored for delivery: the state is derived from the change
 * time, the building and the entrance's last manual sync, so reads never
 * need a background task.
 */

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

struct sim_latch_delivery {
    bool synced;       /* the door holds the latest desired state */
    int64_t synced_at; /* when it got it; 0 when not synced */
    bool issued;       /* the door has ever held this credential */
};

/* Where `credential` stands at simulated time `now`. */
struct sim_latch_delivery
sim_latch_delivery(const struct sim_credential *credential, int64_t now);

/*
 * Draws a PIN of the building's length for `credential`, unique among the
 * live PINs on `entrance`, into credential->code. Returns SIM_OK, or
 * SIM_PIN_SPACE_EXHAUSTED when every PIN of that length is taken.
 */
enum sim_status sim_latch_generate_pin(struct sim_credential *credential,
                                       struct sim_entrance *entrance);

/* Shortest and longest PIN a building fixture may ask for. */
#define SIM_LATCH_PIN_MIN 4
#define SIM_LATCH_PIN_MAX 12

#endif
