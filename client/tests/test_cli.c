/*
 * seam-cli against the scripted loopback server: answers the library
 * would refuse, hostile server text, configuration mistakes and the
 * messages the tool prints for them.
 *
 * Usage: seamc_test_cli SEAM_CLI
 */

#define _GNU_SOURCE /* mkstemp, setenv in a C11 build */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

/* Path of the seam-cli under test, from argv[1]. */
static const char *cli_path;

/* What one run of seam-cli printed and how it ended. */
struct run {
    int code;
    char out[65536];
    char err[65536];
};

/* Reads all of `fd` (from the start) into `buffer` as a string. */
static void slurp(int fd, char *buffer, size_t size)
{
    ssize_t got;
    size_t used = 0;

    lseek(fd, 0, SEEK_SET);
    while (used + 1 < size &&
           (got = read(fd, buffer + used, size - used - 1)) > 0) {
        used += (size_t)got;
    }
    buffer[used] = '\0';
}

static int temp_file(void)
{
    char path[] = "/tmp/seamc_test_cli_XXXXXX";
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

/*
 * Runs seam-cli with `args` (NULL-terminated, program name excluded)
 * against `server`, with stdin from `stdin_fd` (-1: /dev/null). `env` is
 * a NULL-terminated list of "NAME=VALUE" to set or "NAME" to unset, on
 * top of SEAM_ENDPOINT (the server) and SEAM_API_KEY.
 */
static void run_cli(struct fake_server *server, const char *const *args,
                    const char *const *env, int stdin_fd, struct run *run)
{
    const char *argv[32];
    int out_fd = temp_file();
    int err_fd = temp_file();
    int status;
    size_t i;
    pid_t pid;

    argv[0] = cli_path;
    for (i = 0; args[i] != NULL && i < 30; i++) {
        argv[i + 1] = args[i];
    }
    argv[i + 1] = NULL;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int in_fd = stdin_fd >= 0 ? stdin_fd : open("/dev/null", O_RDONLY);

        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        setenv("SEAM_ENDPOINT", fake_server_url(server), 1);
        setenv("SEAM_API_KEY", TEST_API_KEY, 1);
        unsetenv("SEAM_API_URL");
        for (i = 0; env != NULL && env[i] != NULL; i++) {
            const char *equals = strchr(env[i], '=');

            if (equals == NULL) {
                unsetenv(env[i]);
            } else {
                char name[64];

                snprintf(name, sizeof(name), "%.*s", (int)(equals - env[i]),
                         env[i]);
                setenv(name, equals + 1, 1);
            }
        }
        execv(cli_path, (char *const *)argv);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    run->code = WEXITSTATUS(status);
    slurp(out_fd, run->out, sizeof(run->out));
    slurp(err_fd, run->err, sizeof(run->err));
    close(out_fd);
    close(err_fd);
}

static int server_setup(void **state)
{
    *state = fake_server_start();
    return 0;
}

static int server_teardown(void **state)
{
    fake_server_stop(*state);
    return 0;
}

/* ---- answer shapes ---------------------------------------------------- */

/* Expects `args` answered by `body` to fail with exit 5, printing nothing. */
static void expect_bad_answer(struct fake_server *server,
                              const char *const *args, const char *body)
{
    struct run run;

    fake_server_queue_json(server, 200, body);
    run_cli(server, args, NULL, -1, &run);
    if (run.code != 5 || run.out[0] != '\0') {
        fail_msg("%s answered %s: exit %d, stdout \"%s\"", args[1], body,
                 run.code, run.out);
    }
}

static void malformed_answers_exit_5(void **state)
{
    struct fake_server *server = *state;
    static const char *const systems_list[] = { "acs", "systems", "list",
                                                NULL };
    static const char *const users_get[] = { "acs",           "users", "get",
                                             "--acs-user-id", "u1",    NULL };
    static const char *const users_list[] = { "acs", "users", "list", NULL };
    static const char *const all_users[] = { "acs", "users", "list",
                                             "--all-pages", NULL };
    static const char *const events_list[] = { "events", "list", "--since",
                                               "2024-01-01T00:00:00Z", NULL };
    static const char *const attempt_get[] = { "action-attempts", "get",
                                               "--action-attempt-id", "a1",
                                               NULL };
    static const char *const unlock_wait[] = { "acs",    "entrances",
                                               "unlock", "--acs-entrance-id",
                                               "e1",     "--acs-credential-id",
                                               "c1",     "--wait",
                                               NULL };
    static const char *const webhooks_list[] = { "webhooks", "list", NULL };
    struct run run;

    expect_bad_answer(server, systems_list,
                      "{\"acs_systems\":{\"x\":1},\"ok\":true}");
    expect_bad_answer(server, systems_list, "{\"acs_systems\":[[[]]]}");
    expect_bad_answer(server, systems_list,
                      "{\"acs_systems\":[{\"name\":\"no id\"}]}");
    expect_bad_answer(server, users_get, "{\"acs_user\":{\"x\":1}}");
    expect_bad_answer(server, users_get, "{\"acs_user\":[]}");
    expect_bad_answer(server, users_list,
                      "{\"acs_users\":[],\"pagination\":"
                      "{\"has_next_page\":true}}");
    expect_bad_answer(server, users_list, "{\"acs_users\":[]}");
    expect_bad_answer(server, all_users,
                      "{\"acs_users\":[7],\"pagination\":"
                      "{\"has_next_page\":false}}");
    expect_bad_answer(server, events_list, "{\"events\":[{\"x\":1}]}");
    expect_bad_answer(server, attempt_get, "{\"action_attempt\":\"a1\"}");
    expect_bad_answer(server, unlock_wait, "{\"action_attempt\":{}}");
    expect_bad_answer(server, webhooks_list,
                      "{\"webhooks\":[{\"webhook_id\":\"w1\"}]}");

    /* A well-formed answer still prints. */
    fake_server_queue_json(server, 200,
                           "{\"acs_systems\":[{\"acs_system_id\":\"s1\"}],"
                           "\"ok\":true}");
    run_cli(server, systems_list, NULL, -1, &run);
    assert_int_equal(run.code, 0);
    assert_non_null(strstr(run.out, "\"s1\""));
}

/* ---- configuration ---------------------------------------------------- */

static void endpoint_with_query_or_fragment_is_refused(void **state)
{
    struct fake_server *server = *state;
    char endpoint[128];
    const char *args[] = { "--endpoint", endpoint, "acs",
                           "systems",    "list",   NULL };
    static const char *const suffixes[] = { "/p?x=1", "/p#f" };
    struct run run;
    size_t i;

    for (i = 0; i < 2; i++) {
        snprintf(endpoint, sizeof(endpoint), "%s%s", fake_server_url(server),
                 suffixes[i]);
        run_cli(server, args, NULL, -1, &run);
        assert_int_equal(run.code, 2);
        assert_non_null(strstr(run.err, i == 0 ? "query" : "fragment"));
    }
    assert_int_equal(fake_server_request_count(server), 0);
}

static void deprecated_api_url_warns_without_verbose(void **state)
{
    struct fake_server *server = *state;
    char legacy[128];
    const char *env[] = { "SEAM_ENDPOINT", legacy, NULL };
    static const char *const args[] = { "workspaces", "get", NULL };
    struct run run;

    snprintf(legacy, sizeof(legacy), "SEAM_API_URL=%s",
             fake_server_url(server));
    fake_server_queue_json(server, 200,
                           "{\"workspace\":{\"workspace_id\":\"w1\"}}");
    run_cli(server, args, env, -1, &run);
    assert_int_equal(run.code, 0);
    assert_non_null(strstr(run.err, "SEAM_API_URL is deprecated"));
    /* Without -v, the per-attempt log stays quiet. */
    assert_null(strstr(run.err, "attempt"));
}

/* ---- what reaches the terminal ----------------------------------------- */

static void server_text_cannot_drive_the_terminal(void **state)
{
    struct fake_server *server = *state;
    static const char *const args[] = { "acs", "users", "list", NULL };
    static const char *const list_systems[] = { "acs", "systems", "list",
                                                NULL };
    struct fake_reply reply = { 0 };
    struct run run;
    const char *c;

    reply.status = 400;
    reply.headers = "seam-request-id: req\x1b]0;id\x07\r\n";
    reply.body = "{\"error\":{\"type\":\"bad\\u001b[2J\",\"message\":"
                 "\"hi\\u0007\\u009b31m caf\\u00e9\"}}";
    fake_server_queue(server, &reply);
    run_cli(server, args, NULL, -1, &run);
    assert_int_equal(run.code, 1);
    for (c = run.err; *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20 && *c != '\n') {
            fail_msg("control byte 0x%02x on stderr: %s", (unsigned char)*c,
                     run.err);
        }
    }
    assert_null(strstr(run.err, "\xc2\x9b"));
    assert_non_null(strstr(run.err, "bad?[2J"));
    assert_non_null(strstr(run.err, "caf\xc3\xa9")); /* text survives */

    /* On stdout, JSON escapes keep C1 controls and DEL away too. */
    fake_server_queue_json(server, 200,
                           "{\"acs_systems\":[{\"acs_system_id\":\"s\\u009b"
                           "\\u007f\\u0007\"}]}");
    run_cli(server, list_systems, NULL, -1, &run);
    assert_int_equal(run.code, 0);
    assert_non_null(strstr(run.out, "\"s\\u009b\\u007f\\u0007\""));

    /* A next-page cursor comes from the server too. */
    fake_server_queue_json(server, 200,
                           "{\"acs_users\":[],\"pagination\":{\"has_next_page\""
                           ":true,\"next_page_cursor\":\"c\\u001b[1m\"}}");
    run_cli(server, args, NULL, -1, &run);
    assert_int_equal(run.code, 0);
    assert_null(strchr(run.err, '\x1b'));
}

static void short_key_does_not_mangle_messages(void **state)
{
    struct fake_server *server = *state;
    static const char *const args[] = { "--api-key", "k",    "acs",
                                        "systems",   "list", NULL };
    static const char *const echo_args[] = { "--api-key", "k", "workspaces",
                                             "get", NULL };
    struct fake_reply reply = { 0 };
    struct run run;

    fake_server_queue_json(server, 200, "{\"ok\":true}");
    run_cli(server, args, NULL, -1, &run);
    assert_int_equal(run.code, 5);
    assert_non_null(strstr(run.err, "lacks \"acs_systems\""));

    /* The key itself, standing alone, is still hidden. */
    reply.status = 400;
    reply.body = "{\"error\":{\"type\":\"bad\",\"message\":\"key k is bad\"}}";
    fake_server_queue(server, &reply);
    run_cli(server, echo_args, NULL, -1, &run);
    assert_int_equal(run.code, 1);
    assert_non_null(strstr(run.err, "key * is bad"));
}

/* ---- usage messages ---------------------------------------------------- */

static void oversized_stdin_and_limit_say_the_bound(void **state)
{
    struct fake_server *server = *state;
    static const char *const call_args[] = { "call", "/acs/users/list",
                                             "--data", "-", NULL };
    static const char *const limit_args[] = {
        "acs", "users", "list", "--limit", "99999999999999", NULL
    };
    static char chunk[1 << 16];
    int data_fd = temp_file();
    struct run run;
    size_t written;

    /* 5 MiB of JSON-ish text, over the 4 MiB cap. */
    memset(chunk, ' ', sizeof(chunk));
    for (written = 0; written < 5u * 1024u * 1024u; written += sizeof(chunk)) {
        assert_int_equal(write(data_fd, chunk, sizeof(chunk)),
                         (ssize_t)sizeof(chunk));
    }
    lseek(data_fd, 0, SEEK_SET);
    run_cli(server, call_args, NULL, data_fd, &run);
    close(data_fd);
    assert_int_equal(run.code, 2);
    assert_non_null(strstr(run.err, "larger than"));
    assert_null(strstr(run.err, "could not read"));

    /* Exactly 4 MiB is still read (and then judged as JSON). */
    data_fd = temp_file();
    assert_int_equal(write(data_fd, "{}", 2), 2);
    for (written = 2; written < 4u * 1024u * 1024u; written += sizeof(chunk)) {
        size_t part = 4u * 1024u * 1024u - written;

        part = part < sizeof(chunk) ? part : sizeof(chunk);
        assert_int_equal(write(data_fd, chunk, part), (ssize_t)part);
    }
    lseek(data_fd, 0, SEEK_SET);
    fake_server_queue_json(server, 200, "{\"ok\":true}");
    run_cli(server, call_args, NULL, data_fd, &run);
    close(data_fd);
    assert_int_equal(run.code, 0);

    run_cli(server, limit_args, NULL, -1, &run);
    assert_int_equal(run.code, 2);
    assert_non_null(strstr(run.err, "from 0 to 1000000"));
}

int main(int argc, char **argv)
{
#define SERVER_TEST(name)                                                      \
    cmocka_unit_test_setup_teardown(name, server_setup, server_teardown)
    const struct CMUnitTest tests[] = {
        SERVER_TEST(malformed_answers_exit_5),
        SERVER_TEST(endpoint_with_query_or_fragment_is_refused),
        SERVER_TEST(deprecated_api_url_warns_without_verbose),
        SERVER_TEST(server_text_cannot_drive_the_terminal),
        SERVER_TEST(short_key_does_not_mangle_messages),
        SERVER_TEST(oversized_stdin_and_limit_say_the_bound),
    };

    if (argc != 2) {
        fprintf(stderr, "usage: %s SEAM_CLI\n", argv[0]);
        return 2;
    }
    cli_path = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
