#ifndef HARNESS_PROC_H
#define HARNESS_PROC_H

/*
 * Child processes: the simulators the harness spawns and the integrator
 * programs that `run` steps start.
 *
 * Children are started with posix_spawn, which is safe from the runner's
 * worker threads. Their output goes straight to files opened in the child,
 * so no pipe end can leak into a sibling started by another thread.
 *
 * Each child leads a process group of its own, and every way of waiting
 * for it ends the whole group: what a program leaves running when it
 * exits, times out or is interrupted is killed with it. (A process that
 * moves to another group or session escapes this.)
 */

#include <stddef.h>
#include <sys/types.h>

#include "status.h"

struct harness_proc_spec {
    /* Program and arguments, NULL-terminated, borrowed. argv[0] is looked
     * up in PATH when it holds no '/'. */
    const char *const *argv;
    /* "NAME=VALUE" entries, NULL-terminated, borrowed (may be NULL); they
     * replace or add to the harness's own environment. */
    const char *const *env;
    /* Files that receive stdout and stderr (created or truncated);
     * NULL sends the stream to /dev/null. Borrowed. */
    const char *stdout_path;
    const char *stderr_path;
};

/* Starts a child. On success *pid is its id; the caller must reap it with
 * harness_proc_wait or harness_proc_stop. */
enum harness_status harness_proc_start(const struct harness_proc_spec *spec,
                                       pid_t *pid, struct harness_error *err);

/*
 * Waits up to `timeout_ms` for the child to end and stores its exit code
 * (128 + signal number when a signal ended it). On timeout the child's
 * process group is killed, the child reaped, and HARNESS_ETIMEOUT
 * returned; after harness_proc_interrupt, the same at once with
 * HARNESS_EINTERRUPTED.
 */
enum harness_status harness_proc_wait(pid_t pid, long timeout_ms,
                                      int *exit_code,
                                      struct harness_error *err);

/* True while the child runs (it is reaped, and its group killed, if it
 * has ended). */
int harness_proc_alive(pid_t pid);

/* Asks the child's process group to stop (SIGTERM), waits a little, then
 * kills it; always reaps the child. */
void harness_proc_stop(pid_t pid);

/*
 * Records that the harness was told to stop by signal `signo`; waits in
 * progress give up. Async-signal-safe: meant for a signal handler.
 */
void harness_proc_interrupt(int signo);

/* The signal harness_proc_interrupt recorded, or 0. */
int harness_proc_interrupted(void);

/*
 * Reads at most `max` bytes of the file at `path` into a new string
 * (*out, freed with free()). A missing file gives "".
 */
enum harness_status harness_proc_read_output(const char *path, size_t max,
                                             char **out,
                                             struct harness_error *err);

#endif
