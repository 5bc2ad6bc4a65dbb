#!/bin/sh
# seam-harness as a CI system sees it: exit statuses for usage errors,
# setup errors and malformed scenarios, and the messages that go with them.
# Usage: cli.sh SEAM_HARNESS SEAM_SIM SCENARIO_DIR DATA_DIR
set -u
harness=$1 sim=$2 scenarios=$3 data=$4
# Failed runs keep their work directory; keep those out of the shared /tmp.
scratch=$(mktemp -d)
out=$scratch/output
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch
failures=0

# expect STATUS PATTERN -- ARGS...: runs the harness, checks both.
expect() {
    want=$1 pattern=$2
    shift 3
    "$harness" "$@" >"$out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ] || ! grep -qF -- "$pattern" "$out"; then
        echo "cli: seam-harness $*: expected exit $want and \"$pattern\";" \
             "got exit $got:" >&2
        sed 's/^/    /' "$out" >&2
        failures=$((failures + 1))
    fi
}

expect 2 "choose one target" -- "$scenarios"
expect 2 "choose one target" -- --spawn --endpoint http://127.0.0.1:9 "$scenarios"
expect 2 "-j: expected 1 to 64" -- --spawn -j 0 "$scenarios"
expect 2 "--var: expected NAME=VALUE" -- --spawn --var novalue "$scenarios"
expect 2 "unknown option" -- --spawn --frobnicate x "$scenarios"
expect 2 "no scenario selected" -- --spawn --simulator "$sim" -f no-such-tag "$scenarios"
expect 0 "seed-pin-flow" -- --list "$scenarios"
# A malformed scenario fails (exit 1) naming the file, the step and why.
expect 1 "malformed-step.json: step 2 \"typo in expect\": unknown key \"expcet\"" \
    -- --spawn --simulator "$sim" "$data/malformed-step.json"
# A simulator that cannot start is a setup error (exit 2).
expect 2 "setup: cannot start /nonexistent/seam-sim" \
    -- --spawn --simulator /nonexistent/seam-sim "$scenarios/malformed-requests.json"
# A filter by tag runs only the tagged scenarios.
expect 0 "1 scenario: 1 passed" -- --spawn --simulator "$sim" -f tag:smoke "$scenarios"

[ "$failures" -eq 0 ] || exit 1
echo "cli: all checks passed"
