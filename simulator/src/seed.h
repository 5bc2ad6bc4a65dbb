#ifndef SIM_SEED_H
#define SIM_SEED_H

/*
 * Deterministic randomness for `seam-sim --seed N`.
 *
 * Everything random in the simulator (ids, PINs, API keys of new
 * workspaces, webhook secrets, fault chances) comes from libsodium's
 * randombytes. With a seed, that source is replaced by a keyed stream
 * derived from the seed, so the same requests in the same order give the
 * same answers. Never use a seed where secrets matter.
 */

#include <stdint.h>

/* Installs the seeded source. Must run before sodium_init(). */
int sim_seed_install(uint64_t seed);

#endif
