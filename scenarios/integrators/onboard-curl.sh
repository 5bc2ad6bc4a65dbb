#!/bin/sh
# onboard-curl.sh: the Latch onboarding flow as a shell integrator would
# write it with curl and jq. Creates the ACS user, then one PIN credential
# per entrance of the building, and prints a JSON summary:
#   {"acs_user_id": "...", "credentials": [{acs_credential_id,
#    acs_entrance_id, code}, ...]}
#
# Usage: onboard-curl.sh ACS_SYSTEM_ID FULL_NAME EMAIL
# Reads SEAM_ENDPOINT and SEAM_API_KEY, like the official SDKs.
set -eu

if [ $# -ne 3 ]; then
    echo "usage: onboard-curl.sh ACS_SYSTEM_ID FULL_NAME EMAIL" >&2
    exit 2
fi
: "${SEAM_ENDPOINT:?SEAM_ENDPOINT must be set}"
: "${SEAM_API_KEY:?SEAM_API_KEY must be set}"
system_id=$1

# One API call; prints the body, fails loudly on an HTTP error.
seam() {
    curl --silent --show-error --fail-with-body \
        -X POST "$SEAM_ENDPOINT$1" \
        -H "Authorization: Bearer $SEAM_API_KEY" \
        -H "Content-Type: application/json" \
        -d "$2"
}

user=$(seam /acs/users/create "$(jq -n --arg s "$system_id" \
    --arg n "$2" --arg e "$3" \
    '{acs_system_id: $s, full_name: $n, email_address: $e}')")
user_id=$(printf '%s' "$user" | jq -er .acs_user.acs_user_id)

entrances=$(seam /acs/entrances/list "$(jq -n --arg s "$system_id" \
    '{acs_system_id: $s}')" | jq -er '.acs_entrances[].acs_entrance_id')

# Latch takes exactly one entrance per PIN and chooses the PIN itself.
credentials=""
for entrance_id in $entrances; do
    credential=$(seam /acs/credentials/create "$(jq -n \
        --arg u "$user_id" --arg d "$entrance_id" \
        '{acs_user_id: $u, access_method: "code",
          allowed_acs_entrance_ids: [$d]}')")
    credentials="$credentials$(printf '%s' "$credential" | jq -c \
        --arg d "$entrance_id" '{acs_credential_id:
          .acs_credential.acs_credential_id, acs_entrance_id: $d,
          code: .acs_credential.code}')"
done

printf '%s' "$credentials" | jq -s --arg u "$user_id" \
    '{acs_user_id: $u, credentials: .}'
