#!/bin/sh
# Proves the harness catches a broken integrator: latch-onboard-broken
# tries a custom PIN (Latch forbids it) and hides the refusal, so its end
# state looks right. The integrator-c scenario must fail, exit 1, and say
# exactly which request gave it away.
# Usage: broken_integrator.sh SEAM_HARNESS SEAM_SIM BROKEN_PROGRAM SCENARIO
set -u
harness=$1 sim=$2 program=$3 scenario=$4
# Failed runs keep their work directory; keep those out of the shared /tmp.
scratch=$(mktemp -d)
out=$scratch/output
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch

"$harness" --spawn --simulator "$sim" \
    --var "integrator_program=$program" "$scenario" >"$out" 2>&1
status=$?
cat "$out"

fail() {
    echo "broken_integrator: $1" >&2
    exit 1
}
[ "$status" -eq 1 ] || fail "expected exit status 1, got $status"
grep -q 'FAIL  integrator-c' "$out" || fail "no FAIL line for integrator-c"
grep -qF 'step 4 "the integrator never sent a custom code": requests[*].params.code: expected absent, found "1234567" at $.requests[0].params.code' "$out" ||
    fail "the failure does not name the custom code the program sent"
echo "broken_integrator: caught, with the request that gave it away"
