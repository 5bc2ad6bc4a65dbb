#ifndef SIM_LATCH_H
#define SIM_LATCH_H

/*
 * Latch's behaviour beyond storage: PIN generation, how changes travel to
 * the doors, what a door's keypad decides, and when credentials expire.
 *
 * Delivery. A credential's desired state changes when it is created,
 * when its ends_at is updated, when its user is suspended or unsuspended,
 * and when it is deleted. Each change waits in the workspace's pending
 * list until it is delivered:
 *
 *  - Mobile keys are checked by Latch's cloud and the phone, never the
 *    door, so their changes are delivered at once.
 *  - A PIN change travels through the building's Latch hub when the path
 *    is up (hub installed and online, no Latch outage, door connected):
 *    it arrives hub_sync_delay_ms after it was made, or after the path
 *    came back up, whichever is later.
 *  - Otherwise it waits for a manual door sync (the Latch Manager App
 *    step), which delivers everything pending on that door at once.
 *
 * Every function below runs with the workspace locked and uses ws->now.
 * sim_latch_advance() delivers whatever has come due since the last call
 * and announces expired credentials; the dispatcher calls it before every
 * request, so the simulated clock drives delivery without a thread.
 */

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

/* Shortest and longest PIN a building fixture may ask for. */
#define SIM_LATCH_PIN_MIN 4
#define SIM_LATCH_PIN_MAX 12

/*
 * Draws a PIN of the building's length for `credential`, unique among the
 * PINs `entrance` knows (live ones and deleted ones still on the door),
 * into credential->code. Returns SIM_OK, or SIM_PIN_SPACE_EXHAUSTED.
 */
enum sim_status sim_latch_generate_pin(struct sim_credential *credential,
                                       struct sim_entrance *entrance);

/*
 * Records that the credential's desired state changed now (after a
 * create, update or suspension) and delivers it at once when it can.
 * Also schedules the announcement of its ends_at. Returns false on OOM,
 * in which case the change stays undelivered.
 */
bool sim_latch_changed(struct sim_workspace *ws,
                       struct sim_credential *credential);

/*
 * Deletes a credential the API's way: announces acs_credential.deleted,
 * leaves a tombstone on a door that knows the PIN (so it keeps opening
 * until the removal is delivered), and frees the credential.
 */
void sim_latch_delete_credential(struct sim_workspace *ws,
                                 struct sim_credential *credential);

/* Delivers everything due by ws->now and announces expired credentials. */
void sim_latch_advance(struct sim_workspace *ws);

/* A manual door sync of `entrance` (Latch Manager App). */
void sim_latch_sync_door(struct sim_workspace *ws,
                         struct sim_entrance *entrance);

/* True when the hub can reach `entrance` now. */
bool sim_latch_path_up(const struct sim_entrance *entrance);

/*
 * Call after anything that may change whether the hub reaches the
 * building's doors (hub installed or online, outage, a door's
 * connection), passing each entrance's path state from before the
 * change. Restarts the wait of changes on doors that came back.
 */
void sim_latch_path_changed(struct sim_workspace *ws,
                            struct sim_entrance *entrance, bool was_up);

/* What a keypad decided. */
struct sim_latch_keypad {
    bool granted;
    const char *reason; /* a short code: see docs/doors.md */
    const char *message;
    const char *acs_credential_id; /* the PIN's credential, or NULL */
    const char *acs_user_id;       /* its user, or NULL */
    const char *user_identity_id;  /* its user's identity, or NULL */
    bool deleted;                  /* the credential was deleted */
};

/*
 * Someone types `code` on `entrance`'s keypad now. Decides from what the
 * door holds, announces lock.unlocked or lock.access_denied, and returns
 * the decision (strings borrowed from the workspace, valid until the
 * lock is released).
 */
struct sim_latch_keypad sim_latch_enter_pin(struct sim_workspace *ws,
                                            struct sim_entrance *entrance,
                                            const char *code);

/* True when the door `credential` names has its latest state. */
bool sim_latch_is_synced(const struct sim_credential *credential);

#endif
