#!/usr/bin/env bash
# Runs the real seam-sim binary on free loopback ports and checks what a
# user sees: the startup lines, HTTP behaviour, bad fixtures, shutdown.
# Usage: integration.sh SEAM_SIM FIXTURES_DIR
set -euo pipefail
sim=$1
fixtures=$2
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
passes=0
failures=0
check() { # check NAME COMMAND...: the check passes when COMMAND succeeds
    local name=$1
    shift
    if "$@"; then
        echo "ok - $name"
        passes=$((passes + 1))
    else
        echo "not ok - $name"
        failures=$((failures + 1))
    fi
}

# Start on port 0 and read the chosen URL from the startup lines.
"$sim" --port 0 >"$work/out" 2>"$work/err" &
pids+=($!)
for _ in $(seq 50); do grep -q '^export SEAM_API_KEY=' "$work/out" && break; sleep 0.1; done
endpoint=$(sed -n 's/^export SEAM_ENDPOINT=//p' "$work/out")
key=$(sed -n 's/^export SEAM_API_KEY=//p' "$work/out")
check "prints the endpoint" test -n "$endpoint"
check "prints the default key" test "$key" = seam_sim_default_key

# Seam's transport over real HTTP.
status=$(curl -s -o "$work/body" -w '%{http_code}' "$endpoint/acs/systems/list")
check "401 without a key" test "$status" = 401
check "401 body is JSON" jq -e '.error.type == "unauthorized" and .ok == false' "$work/body"
headers=$(curl -s -D - -o "$work/body" -H "Authorization: Bearer $key" "$endpoint/acs/systems/list")
check "seam-request-id header" grep -qi '^seam-request-id: [0-9a-f-]\{36\}' <<<"$headers"
check "JSON content type" grep -qi '^content-type: application/json' <<<"$headers"
check "two Latch buildings" jq -e '.acs_systems | length == 2' "$work/body"
status=$(curl -s -o "$work/body" -w '%{http_code}' -X DELETE -H "Authorization: Bearer $key" "$endpoint/acs/systems/list")
check "405 for a wrong method" test "$status" = 405
status=$(curl -s -o "$work/body" -w '%{http_code}' "$endpoint/no/such/route")
check "404 JSON for an unknown route" jq -e '.error.type == "not_found"' "$work/body"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$work/big"
status=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' --data-binary @"$work/big" "$endpoint/acs/systems/list")
check "413 for an oversized body" test "$status" = 413
check "413 body is JSON" jq -e '.error.type == "payload_too_large"' "$work/body"
status=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"acs_system_id":' "$endpoint/acs/systems/get")
check "400 for malformed JSON" test "$status" = 400
status=$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $key" \
    "$endpoint/acs/entrances/list?acs_system_id=11111111-1111-1111-1111-111111111111&limit=2")
check "GET with query parameters" jq -e '.acs_entrances | length == 2' "$work/body"
check "next_page_url points here" jq -e --arg e "$endpoint" '.pagination.next_page_url | startswith($e)' "$work/body"
next=$(jq -r .pagination.next_page_url "$work/body")
curl -s -o "$work/body" -H "Authorization: Bearer $key" "$next"
check "next_page_url fetches page two" jq -e '.acs_entrances | length == 2' "$work/body"
check "log lines carry request ids" grep -q '\[req [0-9a-f-]\{36\}\] GET /acs/systems/list' "$work/err"
check "log never shows the full key" bash -c "! grep -q seam_sim_default_key '$work/err'"

# Errors CivetWeb finds itself are JSON too, with a request id.
headers=$(curl -s -D - -o "$work/body" -X TRACE "$endpoint/health")
check "an unknown method gets JSON" jq -e '.ok == false and (.error.type | length > 0)' "$work/body"
check "and a request id" grep -qi '^seam-request-id: [0-9a-f-]\{36\}' <<<"$headers"

# More headers than CivetWeb reads: refused and closed, never a second
# request smuggled in the body.
headers=()
for i in $(seq 70); do headers+=(-H "X-Filler-$i: $i"); done
status=$(curl -s -o "$work/body" -w '%{http_code}' "${headers[@]}" "$endpoint/health")
check "too many headers is a JSON 431" test "$status" = 431
check "431 body is JSON" jq -e '.error.type == "request_header_fields_too_large"' "$work/body"
# The same with a body that is itself a request: it must not be served.
inner_body='{"acs_system_id":"11111111-1111-1111-1111-111111111111","full_name":"SMUGGLED"}'
inner=$(printf 'POST /acs/users/create HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$key" "${#inner_body}" "$inner_body")
{
    printf 'GET /health HTTP/1.1\r\nHost: x\r\n'
    for i in $(seq 70); do printf 'X-Filler-%d: v\r\n' "$i"; done
    printf 'Content-Length: %d\r\n\r\n%s' "${#inner}" "$inner"
} >"$work/smuggle"
port=${endpoint##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
cat "$work/smuggle" >&3
timeout 3 cat <&3 >"$work/smuggled" || true
exec 3<&-
check "one answer to a request with too many headers" test "$(grep -c '^HTTP/1' "$work/smuggled")" = 1
curl -s -o "$work/body" -H "Authorization: Bearer $key" "$endpoint/acs/users/list"
check "nothing smuggled in was created" jq -e '[.acs_users[] | select(.full_name == "SMUGGLED")] | length == 0' "$work/body"

# A second server on the same port must fail with a clear message.
port=${endpoint##*:}
if "$sim" --port "$port" >/dev/null 2>"$work/err2"; then
    check "refuses a busy port" false
else
    check "refuses a busy port" grep -q "cannot listen" "$work/err2"
fi

# SIGTERM stops it cleanly (exit status 0).
kill -TERM "${pids[0]}"
set +e
wait "${pids[0]}"
code=$?
set -e
pids=()
check "SIGTERM exits 0" test "$code" = 0

# Bad fixtures stop the server with a message that names the problem.
echo '{"workspaces":[{"name":"w","api_keys":["seam_x_key"],"acs_systems":[{"name":"b","latch":{"hub_installed":"yes"}}]}]}' >"$work/bad.json"
if "$sim" --fixture "$work/bad.json" --port 0 >/dev/null 2>"$work/err3"; then
    check "bad fixture is refused" false
else
    check "bad fixture names the path" grep -q 'acs_systems\[0\].latch.hub_installed: must be true or false' "$work/err3"
fi
if "$sim" --fixture "$work/missing.json" >/dev/null 2>"$work/err4"; then
    check "missing fixture is refused" false
else
    check "missing fixture is named" grep -q "cannot open fixture" "$work/err4"
fi
check "the default fixture file checks" "$sim" --check-fixture --fixture "$fixtures/default.json"
mkfifo "$work/pipe"
if timeout 5 "$sim" --fixture "$work/pipe" >/dev/null 2>"$work/err5"; then
    check "a pipe as fixture is refused" false
else
    check "a pipe as fixture is refused" grep -q "not a regular file" "$work/err5"
fi
if "$sim" --port 70000 >/dev/null 2>&1; then check "bad port refused" false; else check "bad port refused" true; fi

# --seed makes ids and PINs repeatable across runs.
seeded_user() {
    "$sim" --port 0 --seed 42 >"$work/seed-out" 2>/dev/null &
    local pid=$!
    for _ in $(seq 50); do grep -q '^export SEAM_API_KEY=' "$work/seed-out" && break; sleep 0.1; done
    local url
    url=$(sed -n 's/^export SEAM_ENDPOINT=//p' "$work/seed-out")
    curl -s -H "Authorization: Bearer seam_sim_default_key" -H 'Content-Type: application/json' \
        -d '{"acs_system_id":"11111111-1111-1111-1111-111111111111","full_name":"S"}' \
        "$url/acs/users/create" | jq -r .acs_user.acs_user_id
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}
first=$(seeded_user)
second=$(seeded_user)
check "--seed repeats ids" test -n "$first" -a "$first" = "$second"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
