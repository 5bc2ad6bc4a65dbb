/*
 * seam-sim: an offline stand-in for the Seam Connect API with Latch
 * buildings behind it. See README.md and docs/simulator.md.
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "seed.h"
#include "server.h"

/* A fixed default port, so SEAM_ENDPOINT stays the same between runs. */
#define SIM_DEFAULT_PORT 8720

/* Fixture files are small; anything larger is surely a wrong path. */
#define FIXTURE_MAX_BYTES (16 * 1024 * 1024)

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void usage(FILE *out)
{
    fprintf(out, "Usage: seam-sim [options]\n"
                 "\n"
                 "An offline Seam Connect API with Latch access control.\n"
                 "\n"
                 "Options:\n"
                 "  --host ADDR        listen address (default 127.0.0.1)\n"
                 "  --port N           listen port; 0 picks a free one "
                 "(default 8720)\n"
                 "  --fixture FILE     seed data (default: the built-in "
                 "fixture)\n"
                 "  --log-level LEVEL  error, warn, info or debug "
                 "(default info)\n"
                 "  --threads N        worker threads (default 64)\n"
                 "  --seed N           make ids, PINs and keys repeatable "
                 "(testing only)\n"
                 "  --check-fixture    validate the fixture and exit\n"
                 "  -h, --help         show this help\n");
}

/* Reads a whole file; NULL with a message on failure. Caller frees. */
static char *read_file(const char *path, char *err, size_t err_size)
{
    char *text = NULL;
    size_t len = 0;
    struct stat st;

    /*
     * Opened without blocking and checked before reading: a pipe or a
     * device could otherwise hang the server; fixtures are files.
     */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, err_size, "cannot open fixture %s: %s", path,
                 strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "fixture %s is not a regular file", path);
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        snprintf(err, err_size, "cannot read fixture %s: %s", path,
                 strerror(errno));
        close(fd);
        return NULL;
    }
    text = malloc(FIXTURE_MAX_BYTES + 1);
    if (text != NULL)
        len = fread(text, 1, FIXTURE_MAX_BYTES + 1, f);
    if (text == NULL || ferror(f) || len > FIXTURE_MAX_BYTES) {
        snprintf(err, err_size, "cannot read fixture %s: %s", path,
                 text == NULL ? "out of memory"
                 : ferror(f)  ? strerror(errno)
                              : "larger than 16 MiB");
        free(text);
        fclose(f);
        return NULL;
    }
    fclose(f);
    text[len] = '\0';
    if (strlen(text) != len) {
        snprintf(err, err_size, "fixture %s: contains a NUL byte", path);
        free(text);
        return NULL;
    }
    return text;
}

/* Parses a whole decimal integer in [min, max]. */
static bool parse_int(const char *text, int min, int max, int *out)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno || value < min || value > max)
        return false;
    *out = (int)value;
    return true;
}

int main(int argc, char **argv)
{
    struct sim_server_config config = { .port = SIM_DEFAULT_PORT };
    const char *fixture_path = NULL;
    bool check_only = false;
    char err[512];
    char *fixture_text = NULL;
    struct sim_server *server = NULL;
    int status = 1;

    /* Arguments. */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        enum sim_log_level level;

        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(arg, "--check-fixture") == 0) {
            check_only = true;
            continue;
        }
        if (value == NULL || strncmp(arg, "--", 2) != 0) {
            fprintf(stderr,
                    "seam-sim: %s: unknown option or missing "
                    "value\n\n",
                    arg);
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(arg, "--host") == 0) {
            config.host = value;
        } else if (strcmp(arg, "--port") == 0) {
            if (!parse_int(value, 0, 65535, &config.port)) {
                fprintf(stderr, "seam-sim: --port: expected 0 to 65535\n");
                return 2;
            }
        } else if (strcmp(arg, "--threads") == 0) {
            if (!parse_int(value, 1, 256, &config.threads)) {
                fprintf(stderr, "seam-sim: --threads: expected 1 to 256\n");
                return 2;
            }
        } else if (strcmp(arg, "--seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long seed = strtoull(value, &end, 10);
            if (value[0] == '\0' || value[0] == '-' || *end != '\0' ||
                errno != 0) {
                fprintf(stderr, "seam-sim: --seed: expected a whole number\n");
                return 2;
            }
            if (sim_seed_install(seed) != 0) {
                fprintf(stderr, "seam-sim: --seed: cannot install\n");
                return 1;
            }
        } else if (strcmp(arg, "--fixture") == 0) {
            fixture_path = value;
        } else if (strcmp(arg, "--log-level") == 0) {
            if (sim_log_level_parse(value, &level) != 0) {
                fprintf(stderr, "seam-sim: --log-level: expected error, "
                                "warn, info or debug\n");
                return 2;
            }
            sim_log_set_level(level);
        } else {
            fprintf(stderr, "seam-sim: %s: unknown option\n\n", arg);
            usage(stderr);
            return 2;
        }
    }

#ifdef M_ARENA_MAX
    /*
     * glibc gives busy threads their own malloc arenas and keeps what
     * they freed; with 64 workers that retained memory can reach hundreds
     * of megabytes. A few shared arenas are plenty for this server.
     */
    mallopt(M_ARENA_MAX, 4);
#endif

    /* Fixture and store. */
    if (sodium_init() < 0) {
        fprintf(stderr, "seam-sim: libsodium failed to initialise\n");
        return 1;
    }
    if (fixture_path != NULL &&
        (fixture_text = read_file(fixture_path, err, sizeof err)) == NULL) {
        fprintf(stderr, "seam-sim: %s\n", err);
        return 1;
    }
    config.fixture_json = fixture_text;
    server = sim_server_new(&config, err, sizeof err);
    if (server == NULL) {
        fprintf(stderr, "seam-sim: %s%s%s\n", err, fixture_path ? " in " : "",
                fixture_path ? fixture_path : "");
        goto out;
    }
    if (check_only) {
        printf("fixture OK\n");
        status = 0;
        goto out;
    }

    /* Listen, then tell the user how to point an SDK here. */
    /*
     * Block the stop signals in every thread; only the wait below takes
     * them, so none is lost between the check and the wait.
     */
    sigset_t stop_signals, previous;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    if (!sim_server_listen(server, err, sizeof err)) {
        fprintf(stderr, "seam-sim: %s\n", err);
        goto out;
    }
    const char *host = config.host ? config.host : "127.0.0.1";
    const char *open = strchr(host, ':') ? "[" : "";
    const char *close = strchr(host, ':') ? "]" : "";
    printf("Seam simulator (Latch) listening on http://%s%s%s:%d\n"
           "API key: %s\n"
           "export SEAM_ENDPOINT=http://%s%s%s:%d\n"
           "export SEAM_API_KEY=%s\n",
           open, host, close, sim_server_port(server),
           sim_server_default_key(server), open, host, close,
           sim_server_port(server), sim_server_default_key(server));
    fflush(stdout);
    sim_log_info("ready on port %d", sim_server_port(server));

    /* Serve until SIGINT or SIGTERM. */
    while (!stop_requested)
        sigsuspend(&previous);
    sim_log_info("shutting down");
    status = 0;
out:
    sim_server_free(server);
    free(fixture_text);
    return status;
}
