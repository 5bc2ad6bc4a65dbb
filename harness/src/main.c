/*
 * seam-harness: runs data-driven conformance scenarios against a simulator
 * it starts itself, any endpoint, or the real Seam API. See
 * docs/harness.md for usage and docs/scenarios.md for the file format.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <seam/seam.h>

#include "proc.h"
#include "report.h"
#include "runner.h"
#include "scenario.h"
#include "schema.h"
#include "target.h"

/* Exit statuses promised to CI systems. */
#define EXIT_ALL_PASSED 0
#define EXIT_FAILURES   1
#define EXIT_USAGE      2

#define MAX_JOBS      64
#define MAX_FILTERS   32
#define MAX_SCENARIOS 4096

#ifndef HARNESS_DEFAULT_SCHEMA
#define HARNESS_DEFAULT_SCHEMA "fixtures/openapi/seam-connect.json"
#endif
#ifndef HARNESS_DEFAULT_SCENARIOS
#define HARNESS_DEFAULT_SCENARIOS "scenarios"
#endif
#ifndef HARNESS_DEFAULT_SIMULATOR
#define HARNESS_DEFAULT_SIMULATOR "seam-sim"
#endif

struct options {
    bool spawn;
    const char *simulator;
    const char *endpoint;
    const char *api_key;
    enum harness_target_kind kind;
    const char *filters[MAX_FILTERS];
    size_t filter_count;
    int jobs;
    const char *schema_path;
    const char *tap_path;
    const char *junit_path;
    bool verbose;
    bool list_only;
    bool keep_work_dir;
    long run_timeout_ms;
    cJSON *vars;        /* owned */
    const char **paths; /* borrowed from argv */
    size_t path_count;
};

/* One scenario file and what happened to it. */
struct item {
    struct harness_scenario scenario;
    struct harness_result result;
    bool loaded; /* false: malformed; result already says why */
};

/* Shared by the worker threads. */
struct pool {
    struct item *items;
    size_t count;
    size_t next;     /* next item to run; guarded by lock */
    size_t finished; /* guarded by lock */
    const struct harness_run_config *config;
    FILE *progress; /* stdout, or stderr when a report goes to stdout */
    pthread_mutex_t lock;
};

/* A --tap or --junit file, opened before anything runs so a path that
 * cannot be written is a setup error up front. */
struct report_file {
    const char *path; /* borrowed from argv; NULL: not asked for */
    int fd;           /* owned; -1 for stdout or not open */
    bool created;     /* by us: removed again when nothing is written */
};

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: seam-harness --spawn|--endpoint URL [options] "
        "[SCENARIO_FILE_OR_DIR ...]\n"
        "\n"
        "Runs Seam API conformance scenarios and reports what held.\n"
        "\n"
        "Target (one is required; without --spawn or --endpoint,\n"
        "$SEAM_ENDPOINT is used as the endpoint when it is set):\n"
        "  --spawn                 start a fresh simulator per scenario\n"
        "  --simulator PATH        seam-sim binary for --spawn\n"
        "                          (default: %s)\n"
        "  --endpoint URL          any running API (or $SEAM_ENDPOINT)\n"
        "  --api-key KEY           its API key (or $SEAM_API_KEY)\n"
        "  --target-kind KIND      auto, simulator or api (default auto:\n"
        "                          a loopback URL whose /health answers ok\n"
        "                          is a simulator)\n"
        "\n"
        "Selection and running:\n"
        "  -f, --filter TEXT       only scenarios with this tag or name\n"
        "                          part (\"tag:NAME\": tags only); repeatable\n"
        "  -j, --jobs N            run N scenarios at once (default 1)\n"
        "  --var NAME=VALUE        set a scenario variable; repeatable\n"
        "  --schema FILE           OpenAPI document (default:\n"
        "                          %s)\n"
        "  --run-timeout-ms N      default limit for run steps (60000)\n"
        "  --list                  list the selected scenarios and exit\n"
        "\n"
        "Output:\n"
        "  --tap FILE              write TAP version 13 (\"-\": stdout)\n"
        "  --junit FILE            write JUnit XML (\"-\": stdout)\n"
        "                          (with either on stdout, progress lines\n"
        "                          and the summary go to stderr)\n"
        "  -v, --verbose           log every step (to stderr)\n"
        "  --keep-work-dir         keep simulator logs and program output\n"
        "                          (kept anyway when a scenario fails)\n"
        "  -h, --help              show this help\n"
        "\n"
        "Without paths, runs every *.json in %s.\n"
        "Exit status: 0 all passed (or skipped), 1 failures or malformed\n"
        "scenarios, 2 usage or setup errors; stopped by SIGINT, SIGTERM or\n"
        "SIGHUP, it cleans up and dies of the same signal.\n",
        HARNESS_DEFAULT_SIMULATOR, HARNESS_DEFAULT_SCHEMA,
        HARNESS_DEFAULT_SCENARIOS);
}

static bool parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno || value < min || value > max)
        return false;
    *out = value;
    return true;
}

/* Returns 0 on success, EXIT_USAGE (after a message) otherwise. */
static int parse_options(int argc, char **argv, struct options *o)
{
    long number;

    o->jobs = 1;
    o->vars = cJSON_CreateObject();
    o->paths = calloc((size_t)argc, sizeof *o->paths);
    if (o->vars == NULL || o->paths == NULL)
        return EXIT_USAGE;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes_value = true;

        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(EXIT_ALL_PASSED);
        }
        if (arg[0] != '-') {
            o->paths[o->path_count++] = arg;
            continue;
        }
        /* "-j4" is "-j 4", as in make. */
        if (strncmp(arg, "-j", 2) == 0 && arg[2] != '\0') {
            if (!parse_long(arg + 2, 1, MAX_JOBS, &number)) {
                fprintf(stderr, "seam-harness: -j: expected 1 to %d\n",
                        MAX_JOBS);
                return EXIT_USAGE;
            }
            o->jobs = (int)number;
            continue;
        }

        /* Flags without a value. */
        if (strcmp(arg, "--spawn") == 0)
            o->spawn = true, takes_value = false;
        else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0)
            o->verbose = true, takes_value = false;
        else if (strcmp(arg, "--list") == 0)
            o->list_only = true, takes_value = false;
        else if (strcmp(arg, "--keep-work-dir") == 0)
            o->keep_work_dir = true, takes_value = false;
        if (!takes_value)
            continue;

        /* Options with a value. */
        if (value == NULL) {
            fprintf(stderr,
                    "seam-harness: %s: unknown option or missing "
                    "value\n",
                    arg);
            return EXIT_USAGE;
        }
        i++;
        if (strcmp(arg, "--simulator") == 0) {
            o->simulator = value;
        } else if (strcmp(arg, "--endpoint") == 0) {
            o->endpoint = value;
        } else if (strcmp(arg, "--api-key") == 0) {
            o->api_key = value;
        } else if (strcmp(arg, "--target-kind") == 0) {
            if (strcmp(value, "auto") == 0)
                o->kind = HARNESS_KIND_AUTO;
            else if (strcmp(value, "simulator") == 0)
                o->kind = HARNESS_KIND_SIMULATOR;
            else if (strcmp(value, "api") == 0)
                o->kind = HARNESS_KIND_API;
            else {
                fprintf(stderr, "seam-harness: --target-kind: expected "
                                "auto, simulator or api\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(arg, "-f") == 0 || strcmp(arg, "--filter") == 0) {
            if (o->filter_count == MAX_FILTERS) {
                fprintf(stderr, "seam-harness: at most %d filters\n",
                        MAX_FILTERS);
                return EXIT_USAGE;
            }
            o->filters[o->filter_count++] = value;
        } else if (strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0) {
            if (!parse_long(value, 1, MAX_JOBS, &number)) {
                fprintf(stderr, "seam-harness: %s: expected 1 to %d\n", arg,
                        MAX_JOBS);
                return EXIT_USAGE;
            }
            o->jobs = (int)number;
        } else if (strcmp(arg, "--var") == 0) {
            const char *equals = strchr(value, '=');
            char name[128];
            if (equals == NULL || equals == value ||
                (size_t)(equals - value) >= sizeof name) {
                fprintf(stderr, "seam-harness: --var: expected NAME=VALUE\n");
                return EXIT_USAGE;
            }
            snprintf(name, sizeof name, "%.*s", (int)(equals - value), value);
            cJSON_DeleteItemFromObjectCaseSensitive(o->vars, name);
            cJSON_AddStringToObject(o->vars, name, equals + 1);
        } else if (strcmp(arg, "--schema") == 0) {
            o->schema_path = value;
        } else if (strcmp(arg, "--tap") == 0) {
            o->tap_path = value;
        } else if (strcmp(arg, "--junit") == 0) {
            o->junit_path = value;
        } else if (strcmp(arg, "--run-timeout-ms") == 0) {
            if (!parse_long(value, 1, 3600000, &o->run_timeout_ms)) {
                fprintf(stderr, "seam-harness: --run-timeout-ms: expected 1 "
                                "to 3600000\n");
                return EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "seam-harness: %s: unknown option\n", arg);
            return EXIT_USAGE;
        }
    }

    /* Exactly one target, with the environment as fallback. */
    if (o->endpoint == NULL && !o->spawn)
        o->endpoint = getenv("SEAM_ENDPOINT");
    if (o->api_key == NULL)
        o->api_key = getenv("SEAM_API_KEY");
    if (o->spawn == (o->endpoint != NULL) && !o->list_only) {
        fprintf(stderr, "seam-harness: choose one target: --spawn, or "
                        "--endpoint URL (or $SEAM_ENDPOINT)\n\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (o->simulator == NULL)
        o->simulator = HARNESS_DEFAULT_SIMULATOR;
    if (o->schema_path == NULL)
        o->schema_path = HARNESS_DEFAULT_SCHEMA;
    if (o->path_count == 0)
        o->paths[o->path_count++] = HARNESS_DEFAULT_SCENARIOS;
    return 0;
}

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Expands the paths into scenario files: a directory gives its *.json
 * files (not recursively, so helper files can live in subdirectories),
 * sorted. Returns the count, or -1 after a message.
 */
static long collect_files(const struct options *o, char **files)
{
    long count = 0;

    for (size_t p = 0; p < o->path_count; p++) {
        struct stat st;
        const char *path = o->paths[p];
        long first = count;

        if (stat(path, &st) != 0) {
            fprintf(stderr, "seam-harness: %s: %s\n", path, strerror(errno));
            return -1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (count == MAX_SCENARIOS)
                return -1;
            files[count++] = strdup(path);
            continue;
        }
        DIR *dir = opendir(path);
        struct dirent *entry;
        while (dir != NULL && (entry = readdir(dir)) != NULL) {
            size_t len = strlen(entry->d_name);
            if (len < 6 || strcmp(entry->d_name + len - 5, ".json") != 0 ||
                entry->d_name[0] == '.')
                continue;
            if (count == MAX_SCENARIOS) {
                fprintf(stderr, "seam-harness: more than %d scenarios\n",
                        MAX_SCENARIOS);
                closedir(dir);
                return -1;
            }
            files[count] = malloc(strlen(path) + len + 2);
            if (files[count] != NULL)
                sprintf(files[count], "%s/%s", path, entry->d_name);
            count++;
        }
        if (dir != NULL)
            closedir(dir);
        qsort(files + first, (size_t)(count - first), sizeof *files,
              compare_text);
    }
    return count;
}

/* A malformed file still gets a line in every report. */
static void record_malformed(struct item *item, const char *path,
                             const struct harness_error *err)
{
    const char *base = strrchr(path, '/');
    size_t len;

    base = base ? base + 1 : path;
    len = strlen(base);
    item->scenario.path = strdup(path);
    item->scenario.name = strndup(base, len > 5 ? len - 5 : len);
    item->scenario.title = strdup("malformed scenario");
    item->result.outcome = HARNESS_OUTCOME_FAIL;
    item->result.message = strdup(err->text);
}

static bool selected(const struct options *o, const struct item *item)
{
    if (o->filter_count == 0)
        return true;
    for (size_t i = 0; i < o->filter_count; i++) {
        if (item->loaded
                ? harness_scenario_matches(&item->scenario, o->filters[i])
                : strstr(item->scenario.name, o->filters[i]) != NULL)
            return true;
    }
    return false;
}

static void *worker(void *arg)
{
    struct pool *pool = arg;

    for (;;) {
        pthread_mutex_lock(&pool->lock);
        size_t index = pool->next++;
        pthread_mutex_unlock(&pool->lock);
        if (index >= pool->count)
            break;

        /* Told to stop: start nothing new. */
        if (harness_proc_interrupted())
            break;
        struct item *item = &pool->items[index];
        if (item->loaded)
            harness_runner_run(pool->config, &item->scenario, &item->result);

        /* Progress lines come out whole and in finishing order. */
        pthread_mutex_lock(&pool->lock);
        struct harness_report_entry entry = { &item->scenario, &item->result };
        harness_report_progress(pool->progress, ++pool->finished, pool->count,
                                &entry);
        pthread_mutex_unlock(&pool->lock);
    }
    return NULL;
}

/* Opens `r->path` for writing without truncating it yet. Returns 0, or
 * -1 after a message. */
static int open_report(struct report_file *r)
{
    r->fd = -1;
    if (r->path == NULL || strcmp(r->path, "-") == 0)
        return 0;
    r->fd = open(r->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    r->created = r->fd >= 0;
    if (r->fd < 0 && errno == EEXIST)
        r->fd = open(r->path, O_WRONLY | O_CLOEXEC);
    if (r->fd < 0) {
        fprintf(stderr, "seam-harness: cannot write %s: %s\n", r->path,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* Closes a report that will not be written, removing it if we made it. */
static void abandon_report(struct report_file *r)
{
    if (r->fd < 0)
        return;
    close(r->fd);
    r->fd = -1;
    if (r->created)
        unlink(r->path);
}

/* Opens both report files; refuses two reports in one place. Returns 0,
 * or -1 after a message. */
static int open_reports(struct report_file *tap, struct report_file *junit)
{
    struct stat a, b;

    if (tap->path != NULL && junit->path != NULL &&
        strcmp(tap->path, junit->path) == 0) {
        fprintf(stderr, "seam-harness: --tap and --junit both name %s\n",
                tap->path);
        return -1;
    }
    if (open_report(tap) != 0 || open_report(junit) != 0)
        return -1;
    /* Two names for one file: each report would overwrite the other. */
    if (tap->fd >= 0 && junit->fd >= 0 && fstat(tap->fd, &a) == 0 &&
        fstat(junit->fd, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino) {
        fprintf(stderr,
                "seam-harness: --tap %s and --junit %s are the same "
                "file\n",
                tap->path, junit->path);
        return -1;
    }
    return 0;
}

static int write_report(struct report_file *r,
                        const struct harness_report_entry *e, size_t count,
                        double seconds, bool junit)
{
    FILE *out = r->fd < 0 ? stdout : fdopen(r->fd, "w");
    int rc;

    if (out == NULL || (out != stdout && ftruncate(r->fd, 0) != 0)) {
        fprintf(stderr, "seam-harness: cannot write %s: %s\n", r->path,
                strerror(errno));
        return -1;
    }
    r->fd = -1; /* now owned by `out` */
    rc = junit ? harness_report_write_junit(out, e, count, seconds)
               : harness_report_write_tap(out, e, count);
    if (out == stdout ? fflush(out) != 0 : fclose(out) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "seam-harness: writing %s failed\n", r->path);
    return rc;
}

/*
 * Loads every file into `items` (room for `file_count`), keeping only the
 * selected ones. A malformed file becomes a failed item. Returns how many
 * items were kept.
 */
static size_t load_items(const struct options *o, char **files, long file_count,
                         struct item *items)
{
    struct harness_error err;
    size_t count = 0;

    for (long i = 0; i < file_count; i++) {
        struct item *item = &items[count];
        if (files[i] == NULL)
            continue;
        item->loaded = harness_scenario_load(files[i], &item->scenario, &err) ==
                       HARNESS_OK;
        if (!item->loaded)
            record_malformed(item, files[i], &err);
        if (selected(o, item)) {
            count++;
        } else {
            harness_scenario_free(&item->scenario);
            harness_result_free(&item->result);
        }
    }
    return count;
}

/* Runs every item of `pool` on `jobs` threads (or this one). */
static void run_all(struct pool *pool, int jobs)
{
    pthread_t threads[MAX_JOBS];
    int started = 0;

    pthread_mutex_init(&pool->lock, NULL);
    for (int i = 0; i < jobs && (size_t)i < pool->count; i++) {
        if (pthread_create(&threads[i], NULL, worker, pool) == 0)
            started++;
    }
    if (started == 0)
        worker(pool);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&pool->lock);
}

/* Prints the summary, writes the report files, returns the exit status. */
static int report_all(struct report_file *tap, struct report_file *junit,
                      FILE *progress, const struct item *items, size_t count,
                      double seconds)
{
    struct harness_report_entry *entries = calloc(count, sizeof *entries);
    int exit_status = EXIT_ALL_PASSED;

    if (entries == NULL)
        return EXIT_USAGE;
    for (size_t i = 0; i < count; i++) {
        entries[i].scenario = &items[i].scenario;
        entries[i].result = &items[i].result;
        if (items[i].result.outcome == HARNESS_OUTCOME_ERROR)
            exit_status = EXIT_USAGE;
        else if (items[i].result.outcome == HARNESS_OUTCOME_FAIL &&
                 exit_status == EXIT_ALL_PASSED)
            exit_status = EXIT_FAILURES;
    }
    harness_report_summary(progress, entries, count, seconds);
    if (tap->path != NULL &&
        write_report(tap, entries, count, seconds, false) != 0)
        exit_status = EXIT_USAGE;
    if (junit->path != NULL &&
        write_report(junit, entries, count, seconds, true) != 0)
        exit_status = EXIT_USAGE;
    free(entries);
    return exit_status;
}

/* The directory of this executable, for {{harness_bin_dir}}. */
static void find_bin_dir(char *out, size_t size)
{
    ssize_t len = readlink("/proc/self/exe", out, size - 1);

    if (len <= 0)
        return; /* keeps the caller's default */
    out[len] = '\0';
    const char *dir = dirname(out); /* may point into `out` */
    memmove(out, dir, strlen(dir) + 1);
}

/* Fills the target config and, for an endpoint, probes what it is.
 * Returns 0, or -1 after a message. */
static int prepare_target(const struct options *o, const char *work_dir,
                          struct harness_target_config *target)
{
    struct harness_error err;

    target->mode = o->spawn ? HARNESS_TARGET_SPAWN : HARNESS_TARGET_ENDPOINT;
    target->simulator_path = o->simulator;
    target->endpoint = o->endpoint;
    target->api_key = o->api_key;
    target->kind = o->kind;
    target->work_dir = work_dir;
    if (o->spawn)
        return 0;
    if (harness_target_probe(target, &err) != HARNESS_OK) {
        fprintf(stderr, "seam-harness: %s\n", err.text);
        return -1;
    }
    if (target->kind == HARNESS_KIND_API &&
        (o->api_key == NULL || o->api_key[0] == '\0')) {
        fprintf(stderr,
                "seam-harness: --api-key (or $SEAM_API_KEY) is required for "
                "%s\n",
                o->endpoint);
        return -1;
    }
    return 0;
}

/* Removes the work directory and the files directly in it. */
static void remove_work_dir(const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *entry;
    char file[PATH_MAX];

    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        snprintf(file, sizeof file, "%s/%s", path, entry->d_name);
        unlink(file);
    }
    if (dir != NULL)
        closedir(dir);
    rmdir(path);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Marks a loaded item malformed after all, with `err` as the reason. */
static void mark_malformed(struct item *item, const struct harness_error *err)
{
    char *path = strdup(item->scenario.path);

    harness_scenario_free(&item->scenario);
    record_malformed(item, path ? path : "?", err);
    item->loaded = false;
    free(path);
}

/* Writes `text` with control characters escaped, padded to `width`
 * columns, then `end`. */
static void print_escaped(FILE *out, int width, const char *text,
                          const char *end)
{
    struct common_strbuf sb;

    common_strbuf_init(&sb, 64 * 1024);
    harness_report_text_escape(&sb, text);
    fprintf(out, "%-*s%s", width, common_strbuf_str(&sb), end);
    common_strbuf_free(&sb);
}

/* Only records the signal: the workers notice, stop their children and
 * return, and main cleans up before dying of the same signal. */
static void on_stop_signal(int signo)
{
    harness_proc_interrupt(signo);
}

/* A signal ignored on entry (nohup, a shell's background job) stays
 * ignored: whoever started us chose that. */
static void catch_stop_signals(void)
{
    static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction action, old;

    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &action, NULL);
    }
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    struct harness_error err;
    struct harness_schema *schema = NULL;
    struct harness_target_config target = { 0 };
    struct report_file tap = { .fd = -1 }, junit = { .fd = -1 };
    FILE *progress = stdout;
    char **files = NULL;
    struct item *items = NULL;
    size_t count = 0;
    long file_count;
    char work_dir[PATH_MAX] = "";
    char bin_dir[PATH_MAX] = ".";
    int exit_status = EXIT_USAGE;
    int stopped_by = 0;
    bool ran = false;
    double started = now_seconds();

    /* Options, process-wide libraries, and the schema. */
    if (parse_options(argc, argv, &o) != 0)
        goto out;
    tap.path = o.tap_path;
    junit.path = o.junit_path;
    /* A report on stdout must be all there is on stdout. */
    if ((tap.path != NULL && strcmp(tap.path, "-") == 0) ||
        (junit.path != NULL && strcmp(junit.path, "-") == 0))
        progress = stderr;
    signal(SIGPIPE, SIG_IGN);
    catch_stop_signals();
    if (sodium_init() < 0 || seamc_global_init() != SEAMC_OK) {
        fprintf(stderr, "seam-harness: library initialisation failed\n");
        goto out;
    }
    if (harness_schema_load(o.schema_path, &schema, &err) != HARNESS_OK) {
        fprintf(stderr, "seam-harness: schema: %s\n", err.text);
        goto out;
    }

    /* Scenario files: load them all, so malformed ones fail up front. */
    files = calloc(MAX_SCENARIOS, sizeof *files);
    file_count = files ? collect_files(&o, files) : -1;
    if (file_count < 0)
        goto out;
    items = calloc((size_t)file_count + 1, sizeof *items);
    if (items == NULL)
        goto out;
    count = load_items(&o, files, file_count, items);
    if (count == 0) {
        fprintf(stderr, "seam-harness: no scenario selected\n");
        goto out;
    }
    if (o.list_only) {
        for (size_t i = 0; i < count; i++) {
            print_escaped(stdout, 36, items[i].scenario.name, " ");
            print_escaped(stdout, 0, items[i].scenario.title, "\n");
        }
        exit_status = EXIT_ALL_PASSED;
        goto out;
    }

    /* Report files and variables: checked before anything starts. */
    if (open_reports(&tap, &junit) != 0)
        goto out;
    find_bin_dir(bin_dir, sizeof bin_dir);
    struct harness_run_config config = { .target = &target,
                                         .schema = schema,
                                         .overrides = o.vars,
                                         .bin_dir = bin_dir,
                                         .run_timeout_ms = o.run_timeout_ms,
                                         .trace = o.verbose ? stderr : NULL };
    for (size_t i = 0; i < count; i++) {
        if (items[i].loaded &&
            harness_runner_check_vars(&config, &items[i].scenario, &err) !=
                HARNESS_OK)
            mark_malformed(&items[i], &err);
    }

    /* The target: checked once before any scenario runs. */
    snprintf(work_dir, sizeof work_dir, "%s/seam-harness-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(work_dir) == NULL) {
        fprintf(stderr, "seam-harness: cannot create %s: %s\n", work_dir,
                strerror(errno));
        work_dir[0] = '\0';
        goto out;
    }
    if (prepare_target(&o, work_dir, &target) != 0)
        goto out;
    fprintf(progress,
            "seam-harness: %zu scenario%s against %s%s, %d at a time\n", count,
            count == 1 ? "" : "s",
            o.spawn ? "a fresh simulator each" : o.endpoint,
            o.spawn                                 ? ""
            : target.kind == HARNESS_KIND_SIMULATOR ? " (simulator)"
                                                    : " (real API)",
            o.jobs);

    /* Run them. */
    struct pool pool = {
        .items = items, .count = count, .config = &config, .progress = progress
    };
    run_all(&pool, o.jobs);
    ran = true;

    /* Reports and the exit status, unless told to stop: then what ran is
     * not the run that was asked for. */
    if (harness_proc_interrupted() == 0)
        exit_status = report_all(&tap, &junit, progress, items, count,
                                 now_seconds() - started);

out:
    stopped_by = harness_proc_interrupted();
    abandon_report(&tap);
    abandon_report(&junit);
    if (work_dir[0] != '\0') {
        /* Keep what failed scenarios left, for the reader of the report;
         * a passing or interrupted run leaves nothing behind. */
        bool failed = ran && stopped_by == 0 && exit_status != EXIT_ALL_PASSED;
        /* An empty one (only malformed files failed) is not worth a
         * mention: rmdir removes a directory only when it is empty. */
        if (o.keep_work_dir || (failed && rmdir(work_dir) != 0))
            fprintf(progress,
                    "seam-harness: simulator logs and program output kept in "
                    "%s (remove it when done)\n",
                    work_dir);
        else
            remove_work_dir(work_dir);
    }
    for (size_t i = 0; items != NULL && i < count; i++) {
        harness_scenario_free(&items[i].scenario);
        harness_result_free(&items[i].result);
    }
    for (size_t i = 0; files != NULL && i < MAX_SCENARIOS; i++)
        free(files[i]);
    free(files);
    free(items);
    free(o.paths);
    cJSON_Delete(o.vars);
    harness_schema_free(schema);
    seamc_global_cleanup();
    if (stopped_by != 0) {
        /* Dying of the signal tells the caller (a shell, make, CI) what
         * happened, as if no handler had been installed. */
        fprintf(stderr, "seam-harness: stopped by %s; no reports written\n",
                strsignal(stopped_by));
        signal(stopped_by, SIG_DFL);
        raise(stopped_by);
        return 128 + stopped_by;
    }
    return exit_status;
}
