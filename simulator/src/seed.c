#include "seed.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

/*
 * The stream: block i is BLAKE2b(key = seed digest, message = i), 64
 * bytes at a time. A mutex keeps it consistent across worker threads.
 */
static struct {
    pthread_mutex_t lock;
    unsigned char key[crypto_generichash_KEYBYTES];
    unsigned char block[64];
    size_t used;
    uint64_t counter;
} stream = { .lock = PTHREAD_MUTEX_INITIALIZER, .used = 64 };

static const char *seeded_name(void)
{
    return "seam-sim-seeded";
}

static void seeded_buf(void *const out, const size_t size)
{
    unsigned char *p = out;
    size_t left = size;

    pthread_mutex_lock(&stream.lock);
    while (left > 0) {
        if (stream.used == sizeof stream.block) {
            unsigned char counter[8];
            for (int i = 0; i < 8; i++)
                counter[i] = (unsigned char)(stream.counter >> (8 * i));
            stream.counter++;
            crypto_generichash(stream.block, sizeof stream.block, counter,
                               sizeof counter, stream.key, sizeof stream.key);
            stream.used = 0;
        }
        size_t n = sizeof stream.block - stream.used;
        if (n > left)
            n = left;
        memcpy(p, stream.block + stream.used, n);
        stream.used += n;
        p += n;
        left -= n;
    }
    pthread_mutex_unlock(&stream.lock);
}

static uint32_t seeded_random(void)
{
    uint32_t value;
    seeded_buf(&value, sizeof value);
    return value;
}

static randombytes_implementation seeded = {
    .implementation_name = seeded_name,
    .random = seeded_random,
    .buf = seeded_buf,
};

int sim_seed_install(uint64_t seed)
{
    unsigned char bytes[8];

    for (int i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(seed >> (8 * i));
    crypto_generichash(stream.key, sizeof stream.key, bytes, sizeof bytes, NULL,
                       0);
    return randombytes_set_implementation(&seeded);
}
