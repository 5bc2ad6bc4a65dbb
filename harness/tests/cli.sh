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
# The target must come from the arguments each check gives.
unset SEAM_ENDPOINT SEAM_API_KEY
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

problem() {
    echo "cli: $1" >&2
    failures=$((failures + 1))
}

# refute PATTERN: the output of the last check must not contain PATTERN.
refute() {
    if grep -qF -- "$1" "$out"; then
        echo "cli: unexpected \"$1\" in:" >&2
        sed 's/^/    /' "$out" >&2
        failures=$((failures + 1))
    fi
}

# first_line FILE TEXT: FILE (a stream on its own) starts with TEXT.
first_line() {
    if [ "$(head -n 1 "$1")" != "$2" ]; then
        echo "cli: $1 does not start with \"$2\":" >&2
        sed 's/^/    /' "$1" >&2
        failures=$((failures + 1))
    fi
}

expect 2 "choose one target" -- "$scenarios"
# Without a target option, $SEAM_ENDPOINT is the endpoint, as the help says.
expect 0 '$SEAM_ENDPOINT is used as the endpoint' -- --help
export SEAM_ENDPOINT=http://127.0.0.1:9
expect 2 "http://127.0.0.1:9 does not answer" -- "$scenarios/faults.json"
unset SEAM_ENDPOINT
# An endpoint that does not answer is a setup error, whatever its kind.
expect 2 "http://127.0.0.1:9 does not answer" -- --endpoint \
    http://127.0.0.1:9 --target-kind api --api-key k "$scenarios/faults.json"
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
# Malformed before anything starts: a fixture that is not there, a default
# variable built from an undefined one. Exit 1, file and reason.
expect 1 "missing-fixture.json: fixture $data/fixtures/no-such-fixture.json: No such file" \
    -- --spawn --simulator "$sim" "$data/missing-fixture.json"
expect 1 "undefined-var.json: vars.greeting: variable \"nobody\" is not defined" \
    -- --spawn --simulator "$sim" "$data/undefined-var.json"
refute "setup:"
# Report files that cannot be written are setup errors before any run.
expect 2 "cannot write $scratch/no/such/dir/r.tap" -- --spawn --simulator \
    "$sim" --tap "$scratch/no/such/dir/r.tap" "$scenarios/faults.json"
refute "scenario against"
expect 2 "are the same file" -- --spawn --simulator "$sim" \
    --tap "$scratch/r.xml" --junit "$scratch/./r.xml" "$scenarios/faults.json"
refute "scenario against"
[ ! -e "$scratch/r.xml" ] || problem "a report never written was left behind"
expect 2 "--tap and --junit both name -" -- --spawn --simulator "$sim" \
    --tap - --junit - "$scenarios/faults.json"
# A report on stdout is all there is on stdout; progress goes to stderr.
"$harness" --spawn --simulator "$sim" --tap - "$scenarios/faults.json" \
    >"$scratch/tap" 2>"$out"
first_line "$scratch/tap" "TAP version 13"
! grep -v -e '^ok 1 ' -e '^TAP version 13$' -e '^1\.\.1$' "$scratch/tap" ||
    problem "--tap -: more than TAP on stdout"
grep -qF "1 scenario: 1 passed" "$out" || problem "--tap -: no summary on stderr"
"$harness" --spawn --simulator "$sim" --junit - "$scenarios/faults.json" \
    >"$scratch/xml" 2>"$out"
first_line "$scratch/xml" '<?xml version="1.0" encoding="UTF-8"?>'
# A filter by tag runs only the tagged scenarios.
expect 0 "1 scenario: 1 passed" -- --spawn --simulator "$sim" -f tag:smoke "$scenarios"

[ "$failures" -eq 0 ] || exit 1
echo "cli: all checks passed"
