#!/usr/bin/env bash
# Usage: run_with_sim.sh SEAM_SIM cli_flow.sh SEAM_CLI
# The seed page's Latch PIN flow through seam-cli against the simulator,
# in a fresh workspace, checking output with jq and the exit codes; then
# its events, an unlock (which Latch refuses) and webhooks.
set -euo pipefail
cli=$1
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file" "$stderr_file.out"' EXIT
command -v jq >/dev/null || { echo "cli_flow: jq is required" >&2; exit 1; }

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A fresh workspace of our own.
workspace=$("$cli" call /_fake/workspaces/create)
SEAM_API_KEY=$(jq -er .api_key <<<"$workspace")
export SEAM_API_KEY

# The building with the hub has four entrances.
system=""
for id in $("$cli" acs systems list | jq -r '.[].acs_system_id'); do
    count=$("$cli" acs entrances list --acs-system-id "$id" --all-pages |
        jq length)
    [ "$count" -eq 4 ] && system=$id
done
[ -n "$system" ] || fail "no Latch building with four entrances"

# Resident: identity, then ACS user.
identity=$("$cli" user-identities create --email-address jane@example.com \
    --full-name "Jane Doe" | jq -er .user_identity_id)
user=$("$cli" acs users create --acs-system-id "$system" \
    --user-identity-id "$identity" --full-name "Jane Doe" \
    --email-address jane@example.com | jq -er .acs_user_id)

# One PIN per entrance, each a 7-digit string opening exactly its door.
for entrance in $("$cli" acs entrances list --acs-system-id "$system" \
    --limit 2 --all-pages | jq -r '.[].acs_entrance_id'); do
    credential=$("$cli" acs credentials create --acs-user-id "$user" \
        --access-method code --entrance "$entrance" \
        --starts-at 2030-07-13T16:50:42.072Z \
        --ends-at 2030-07-18T16:50:42.072Z)
    jq -e '.code | type == "string" and test("^[0-9]{7}$")' \
        <<<"$credential" >/dev/null || fail "bad PIN in $credential"
    id=$(jq -r .acs_credential_id <<<"$credential")
    opens=$("$cli" acs credentials list-accessible-entrances \
        --acs-credential-id "$id" | jq -r '.[].acs_entrance_id')
    [ "$opens" = "$entrance" ] || fail "credential opens '$opens'"
done
count=$("$cli" --get acs credentials list --acs-user-id "$user" --limit 1 \
    --all-pages | jq length)
[ "$count" -eq 4 ] || fail "listed $count credentials, wanted 4"

# Events: the user's creation and its four PINs, filtered on the server.
since=2000-01-01T00:00:00Z
count=$("$cli" events list --since "$since" --acs-user-id "$user" \
    --event-type acs_user.created | jq length)
[ "$count" -eq 1 ] || fail "$count acs_user.created events, wanted 1"
issued=$("$cli" events list --since "$since" --acs-user-id "$user" \
    --event-type acs_credential.issued)
[ "$(jq length <<<"$issued")" -eq 4 ] || fail "issued events: $issued"
event_id=$(jq -er '.[0].event_id' <<<"$issued")
"$cli" events get --event-id "$event_id" |
    jq -e '.event_type == "acs_credential.issued"' >/dev/null ||
    fail "events get did not find $event_id"
set +e
"$cli" events list >/dev/null 2>"$stderr_file"
code=$?
set -e
[ "$code" -eq 1 ] || fail "events list without a window exited $code"

# Unlock: Latch has none. The attempt is answered in status "error";
# with --wait that is a failure, exit 1, with the attempt's error type.
door=$("$cli" acs credentials list-accessible-entrances \
    --acs-credential-id "$id" | jq -er '.[0].acs_entrance_id')
attempt=$("$cli" acs entrances unlock --acs-entrance-id "$door" \
    --acs-credential-id "$id")
jq -e '.status == "error" and .error.type == "not_supported"' \
    <<<"$attempt" >/dev/null || fail "unlock answered $attempt"
attempt_id=$(jq -er .action_attempt_id <<<"$attempt")
set +e
"$cli" acs entrances unlock --acs-entrance-id "$door" \
    --acs-credential-id "$id" --wait >"$stderr_file.out" 2>"$stderr_file"
code=$?
set -e
[ "$code" -eq 1 ] || fail "unlock --wait exited $code"
[ ! -s "$stderr_file.out" ] || fail "unlock --wait printed a result"
grep -q "not_supported" "$stderr_file" || fail "no error type on stderr"
"$cli" action-attempts get --action-attempt-id "$attempt_id" |
    jq -e '.error.type == "not_supported"' >/dev/null ||
    fail "action-attempts get lost the error"
count=$("$cli" action-attempts list --all-pages --limit 1 | jq length)
[ "$count" -eq 2 ] || fail "listed $count action attempts, wanted 2"

# Webhooks: create (with its secret), change, delete.
webhook=$("$cli" webhooks create --url http://127.0.0.1:9/seam-hooks \
    --event-type acs_user.created)
webhook_id=$(jq -er .webhook_id <<<"$webhook")
jq -e '.secret | startswith("whsec_")' <<<"$webhook" >/dev/null ||
    fail "webhook without secret: $webhook"
[ "$("$cli" webhooks list | jq length)" -eq 1 ] || fail "webhook not listed"
"$cli" webhooks update --webhook-id "$webhook_id" \
    --event-type acs_user.deleted --event-type acs_credential.deleted |
    jq -e .ok >/dev/null || fail "webhook update"
"$cli" webhooks get --webhook-id "$webhook_id" |
    jq -e '.event_types == ["acs_user.deleted", "acs_credential.deleted"]' \
    >/dev/null || fail "webhook types not replaced"
"$cli" webhooks delete --webhook-id "$webhook_id" >/dev/null
set +e
"$cli" webhooks get --webhook-id "$webhook_id" >/dev/null 2>"$stderr_file"
code=$?
set -e
[ "$code" -eq 1 ] || fail "deleted webhook lookup exited $code"

# Two entrances on a code credential: an API error, exit 1, request id.
set +e
entrances=$("$cli" acs entrances list --acs-system-id "$system" |
    jq -r '.[0:2][].acs_entrance_id')
# shellcheck disable=SC2086
"$cli" acs credentials create --acs-user-id "$user" --access-method code \
    $(printf -- '--entrance %s ' $entrances) >/dev/null 2>"$stderr_file"
code=$?
set -e
[ "$code" -eq 1 ] || fail "two-entrance code credential exited $code"
grep -q "request id" "$stderr_file" || fail "no request id on stderr"

# A wrong key: exit 3, and the key is not echoed.
set +e
SEAM_API_KEY=seam_wrong_key_for_test "$cli" workspaces get \
    >/dev/null 2>"$stderr_file"
code=$?
set -e
[ "$code" -eq 3 ] || fail "bad key exited $code"
if grep -q seam_wrong_key_for_test "$stderr_file"; then
    fail "API key printed"
fi

# Deleting the user leaves it not found.
"$cli" acs users delete --acs-user-id "$user" >/dev/null
set +e
"$cli" acs users get --acs-user-id "$user" >/dev/null 2>"$stderr_file"
code=$?
set -e
[ "$code" -eq 1 ] || fail "deleted user lookup exited $code"
echo "cli_flow: seed flow passed"
