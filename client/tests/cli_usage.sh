#!/usr/bin/env bash
# Usage: cli_usage.sh SEAM_CLI
# seam-cli's help and usage errors. Nothing here reaches a server: every
# case fails (or prints help) before a request would be sent, and the
# endpoint points at a closed loopback port in case one ever were.
set -u
cli=$1
failures=0
export SEAM_ENDPOINT=http://127.0.0.1:1
export SEAM_API_KEY=seam_usage_test_key
unset SEAM_API_URL

# expect CODE DESCRIPTION COMMAND...: runs COMMAND, checks its exit code.
expect() {
    local want=$1 what=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, wanted $want" >&2
        sed 's/^/  stderr: /' "$tmp/err" >&2
        failures=$((failures + 1))
    fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --help works on every level and exits 0.
expect 0 "top help" "$cli" --help
grep -q "acs" "$tmp/out" || { echo "FAIL: top help lists no acs" >&2; failures=$((failures + 1)); }
expect 0 "group help" "$cli" acs --help
expect 0 "resource help" "$cli" acs credentials --help
grep -q "list-accessible-entrances" "$tmp/out" ||
    { echo "FAIL: credentials help misses a command" >&2; failures=$((failures + 1)); }
expect 0 "command help" "$cli" acs credentials create --help
grep -q -- "--access-method" "$tmp/out" ||
    { echo "FAIL: create help misses --access-method" >&2; failures=$((failures + 1)); }
expect 0 "help after flags" "$cli" acs users get --acs-user-id x --help
expect 0 "events help" "$cli" events --help
for command in list get; do
    grep -q "^  $command " "$tmp/out" ||
        { echo "FAIL: events help misses $command" >&2; failures=$((failures + 1)); }
done
expect 0 "events list help" "$cli" events list --help
grep -q -- "--between" "$tmp/out" ||
    { echo "FAIL: events list help misses --between" >&2; failures=$((failures + 1)); }
expect 0 "action attempts help" "$cli" action-attempts --help
expect 0 "action attempt get help" "$cli" action-attempts get --help
grep -q -- "--wait-timeout" "$tmp/out" ||
    { echo "FAIL: action-attempts get help misses --wait-timeout" >&2; failures=$((failures + 1)); }
expect 0 "unlock help" "$cli" acs entrances unlock --help
grep -q -- "--wait" "$tmp/out" ||
    { echo "FAIL: unlock help misses --wait" >&2; failures=$((failures + 1)); }
expect 0 "webhooks help" "$cli" webhooks --help
for command in create get list update delete; do
    grep -q "^  $command " "$tmp/out" ||
        { echo "FAIL: webhooks help misses $command" >&2; failures=$((failures + 1)); }
done
expect 0 "webhooks update help" "$cli" webhooks update --help
expect 0 "call help" "$cli" call --help
expect 0 "version" "$cli" --version

# Usage mistakes exit 2 and say what is wrong.
expect 2 "no command" "$cli"
expect 2 "partial command" "$cli" acs users
expect 2 "unknown command" "$cli" acs doors list
grep -q "unknown command" "$tmp/err" ||
    { echo "FAIL: unknown command not named" >&2; failures=$((failures + 1)); }
expect 2 "missing required flag" "$cli" acs credentials create --acs-user-id u1
grep -q -- "--access-method is required" "$tmp/err" ||
    { echo "FAIL: missing flag not named" >&2; failures=$((failures + 1)); }
expect 2 "unknown flag" "$cli" acs systems list --colour blue
expect 2 "flag without value" "$cli" acs systems get --acs-system-id
expect 2 "bad number" "$cli" acs users list --limit many
expect 2 "bad global number" "$cli" --retries -3 workspaces get
expect 2 "clear on non-nullable" "$cli" acs credentials update --acs-credential-id c --clear-code
expect 2 "call with bad data" "$cli" call /events/list --data '[1]'
expect 2 "webhook without url" "$cli" webhooks create --event-type acs_user.created
grep -q -- "--url is required" "$tmp/err" ||
    { echo "FAIL: missing --url not named" >&2; failures=$((failures + 1)); }
expect 2 "webhook update without types" "$cli" webhooks update --webhook-id w
expect 2 "unlock without credential" "$cli" acs entrances unlock --acs-entrance-id e
expect 2 "bad wait timeout" "$cli" acs entrances unlock --acs-entrance-id e \
    --acs-credential-id c --wait-timeout soon
expect 2 "wait on a command that answers no attempt" "$cli" webhooks list --wait
expect 2 "bad events limit" "$cli" events list --since 2030-01-01T00:00:00Z --limit lots
SEAM_API_KEY= expect 2 "no API key" "$cli" workspaces get
grep -q "SEAM_API_KEY" "$tmp/err" ||
    { echo "FAIL: missing key not explained" >&2; failures=$((failures + 1)); }

# Nobody listens on port 1: a transport failure, exit 4, key not shown.
expect 4 "connection refused" "$cli" --retries 0 workspaces get
if grep -q "seam_usage_test_key" "$tmp/err"; then
    echo "FAIL: API key printed" >&2
    failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "cli_usage: all cases passed"
