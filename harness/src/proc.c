#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

/* How long a child gets to honour SIGTERM before SIGKILL. */
#define STOP_GRACE_MS 3000
/* Poll step while waiting for a child. */
#define WAIT_STEP_MS 5

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* True when `entry` ("NAME=...") sets the variable named in `assignment`. */
static int same_name(const char *entry, const char *assignment)
{
    size_t len = strcspn(assignment, "=");
    return strncmp(entry, assignment, len) == 0 && entry[len] == '=';
}

/* The child's environment: ours minus overridden names, plus overrides.
 * The array is owned by the caller; the strings are borrowed. */
static char **build_env(const char *const *overrides)
{
    size_t ours = 0, extra = 0, used = 0;
    char **env;

    while (environ[ours] != NULL)
        ours++;
    while (overrides != NULL && overrides[extra] != NULL)
        extra++;
    env = calloc(ours + extra + 1, sizeof *env);
    if (env == NULL)
        return NULL;
    for (size_t i = 0; i < ours; i++) {
        int replaced = 0;
        for (size_t j = 0; j < extra && !replaced; j++)
            replaced = same_name(environ[i], overrides[j]);
        if (!replaced)
            env[used++] = environ[i];
    }
    for (size_t j = 0; j < extra; j++)
        env[used++] = (char *)overrides[j];
    return env;
}

enum harness_status harness_proc_start(const struct harness_proc_spec *spec,
                                       pid_t *pid, struct harness_error *err)
{
    posix_spawn_file_actions_t actions;
    char **env = build_env(spec->env);
    int rc;
    const int flags = O_WRONLY | O_CREAT | O_TRUNC;

    *pid = 0;
    if (env == NULL)
        return harness_fail(err, HARNESS_ENOMEM, "out of memory");

    /* stdin from /dev/null; stdout and stderr to their files. */
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(
        &actions, 1, spec->stdout_path ? spec->stdout_path : "/dev/null", flags,
        0644);
    posix_spawn_file_actions_addopen(
        &actions, 2, spec->stderr_path ? spec->stderr_path : "/dev/null", flags,
        0644);

    rc = posix_spawnp(pid, spec->argv[0], &actions, NULL,
                      (char *const *)spec->argv, env);
    posix_spawn_file_actions_destroy(&actions);
    free(env);
    if (rc != 0) {
        *pid = 0;
        return harness_fail(err, HARNESS_ESETUP, "cannot start %s: %s",
                            spec->argv[0], strerror(rc));
    }
    return HARNESS_OK;
}

static int exit_code_of(int wstatus)
{
    if (WIFEXITED(wstatus))
        return WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus))
        return 128 + WTERMSIG(wstatus);
    return -1;
}

enum harness_status harness_proc_wait(pid_t pid, long timeout_ms,
                                      int *exit_code, struct harness_error *err)
{
    int wstatus;

    for (long waited = 0;; waited += WAIT_STEP_MS) {
        pid_t done = waitpid(pid, &wstatus, WNOHANG);
        if (done == pid) {
            *exit_code = exit_code_of(wstatus);
            return HARNESS_OK;
        }
        if (done < 0 && errno != EINTR)
            return harness_fail(err, HARNESS_ESETUP, "waitpid: %s",
                                strerror(errno));
        if (waited >= timeout_ms)
            break;
        sleep_ms(WAIT_STEP_MS);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &wstatus, 0);
    *exit_code = -1;
    return harness_fail(err, HARNESS_ETIMEOUT,
                        "still running after %ld ms; killed", timeout_ms);
}

int harness_proc_alive(pid_t pid)
{
    int wstatus;
    return waitpid(pid, &wstatus, WNOHANG) == 0;
}

void harness_proc_stop(pid_t pid)
{
    int code;

    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    harness_proc_wait(pid, STOP_GRACE_MS, &code, NULL);
}

enum harness_status harness_proc_read_output(const char *path, size_t max,
                                             char **out,
                                             struct harness_error *err)
{
    FILE *f = fopen(path, "rb");
    size_t len = 0;

    *out = malloc(max + 1);
    if (*out == NULL) {
        if (f != NULL)
            fclose(f);
        return harness_fail(err, HARNESS_ENOMEM, "out of memory");
    }
    if (f != NULL) {
        len = fread(*out, 1, max, f);
        fclose(f);
    }
    (*out)[len] = '\0';
    return HARNESS_OK;
}
