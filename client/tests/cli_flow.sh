#!/usr/bin/env bash
# Usage: run_with_sim.sh SEAM_SIM cli_flow.sh SEAM_CLI
# The seed page's Latch PIN flow through seam-cli against the simulator,
# in a fresh workspace, checking output with jq and the exit codes.
set -euo pipefail
cli=$1
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT
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
