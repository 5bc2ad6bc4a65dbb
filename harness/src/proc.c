#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
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

/* The signal that asked the harness to stop, or 0. Lock-free, so a signal
 * handler may set it while worker threads read it. */
static atomic_int stop_signal;

void harness_proc_interrupt(int signo)
{
    atomic_store(&stop_signal, signo);
}

int harness_proc_interrupted(void)
{
    return atomic_load(&stop_signal);
}

/*
 * Attributes of every child: a process group of its own (pgid = its pid),
 * so a timeout or an interruption reaches whatever it started too, and
 * default signal handling with nothing blocked, whatever the harness set
 * for itself (it ignores SIGPIPE, which would break a program's pipes).
 */
static int init_attributes(posix_spawnattr_t *attr)
{
    sigset_t defaults, none;

    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGHUP);
    if (posix_spawnattr_init(attr) != 0)
        return -1;
    if (posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP |
                                           POSIX_SPAWN_SETSIGDEF |
                                           POSIX_SPAWN_SETSIGMASK) != 0 ||
        posix_spawnattr_setpgroup(attr, 0) != 0 ||
        posix_spawnattr_setsigdefault(attr, &defaults) != 0 ||
        posix_spawnattr_setsigmask(attr, &none) != 0) {
        posix_spawnattr_destroy(attr);
        return -1;
    }
    return 0;
}

enum harness_status harness_proc_start(const struct harness_proc_spec *spec,
                                       pid_t *pid, struct harness_error *err)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    char **env = build_env(spec->env);
    int rc;
    const int flags = O_WRONLY | O_CREAT | O_TRUNC;

    *pid = 0;
    if (env == NULL)
        return harness_fail(err, HARNESS_ENOMEM, "out of memory");
    if (init_attributes(&attr) != 0) {
        free(env);
        return harness_fail(err, HARNESS_ESETUP, "cannot prepare to start %s",
                            spec->argv[0]);
    }

    /* stdin from /dev/null; stdout and stderr to their files. */
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(
        &actions, 1, spec->stdout_path ? spec->stdout_path : "/dev/null", flags,
        0644);
    posix_spawn_file_actions_addopen(
        &actions, 2, spec->stderr_path ? spec->stderr_path : "/dev/null", flags,
        0644);

    rc = posix_spawnp(pid, spec->argv[0], &actions, &attr,
                      (char *const *)spec->argv, env);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
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

/* True once the child has ended; it is left a zombie (WNOWAIT), so its
 * pid, and with it the process group id, cannot be reused yet. */
static bool has_ended(pid_t pid, int *error)
{
    siginfo_t info;

    memset(&info, 0, sizeof info);
    *error = 0;
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
        *error = errno == EINTR ? 0 : errno;
        return false;
    }
    return info.si_pid == pid;
}

/* Kills what is left of the child's process group, then reaps the child
 * itself; returns its exit code. */
static int kill_group_and_reap(pid_t pid, bool ended)
{
    int wstatus = 0;

    if (!ended)
        kill(pid, SIGKILL); /* in case it left its group */
    kill(-pid, SIGKILL);
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    return ended ? exit_code_of(wstatus) : -1;
}

/* harness_proc_wait; `interruptible`: give up at once when the harness is
 * told to stop. */
static enum harness_status wait_for(pid_t pid, long timeout_ms,
                                    bool interruptible, int *exit_code,
                                    struct harness_error *err)
{
    int error;

    for (long waited = 0;; waited += WAIT_STEP_MS) {
        if (has_ended(pid, &error)) {
            /* Whatever it started and left behind goes with it. */
            *exit_code = kill_group_and_reap(pid, true);
            return HARNESS_OK;
        }
        if (error != 0)
            return harness_fail(err, HARNESS_ESETUP, "waitid: %s",
                                strerror(error));
        if (interruptible && harness_proc_interrupted()) {
            *exit_code = kill_group_and_reap(pid, false);
            return harness_fail(err, HARNESS_EINTERRUPTED,
                                "interrupted; killed");
        }
        if (waited >= timeout_ms)
            break;
        sleep_ms(WAIT_STEP_MS);
    }
    *exit_code = kill_group_and_reap(pid, false);
    return harness_fail(err, HARNESS_ETIMEOUT,
                        "still running after %ld ms; killed", timeout_ms);
}

enum harness_status harness_proc_wait(pid_t pid, long timeout_ms,
                                      int *exit_code, struct harness_error *err)
{
    return wait_for(pid, timeout_ms, true, exit_code, err);
}

int harness_proc_alive(pid_t pid)
{
    int error;

    if (!has_ended(pid, &error))
        return error == 0;
    kill_group_and_reap(pid, true);
    return 0;
}

void harness_proc_stop(pid_t pid)
{
    int code;

    if (pid <= 0)
        return;
    /* The whole group, so a wrapper script's children hear it too; not
     * cut short by an interruption, so a simulator can finish its log. */
    kill(-pid, SIGTERM);
    wait_for(pid, STOP_GRACE_MS, false, &code, NULL);
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
