#!/bin/sh
# Nothing the harness starts outlives it: a run step that times out takes
# the processes it started along (even ones ignoring SIGTERM), a harness
# stopped by SIGTERM stops its simulators and programs and removes its work
# directory, and a passing run leaves no work directory either.
# Usage: cleanup.sh SEAM_HARNESS SEAM_SIM FIXTURE
set -u
harness=$1 sim=$2 fixture=$3
# Without pgrep every survivor check would pass vacuously.
command -v pgrep >/dev/null || {
    echo "cleanup: needs pgrep (procps)" >&2
    exit 1
}
scratch=$(mktemp -d)
out=$scratch/output
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch/tmp
mkdir "$TMPDIR"
unset SEAM_ENDPOINT SEAM_API_KEY
failures=0

problem() {
    echo "cleanup: $1" >&2
    sed 's/^/    /' "$out" >&2
    failures=$((failures + 1))
}

# Markers only our processes carry: the sleeps' duration and the path of
# the fixture the simulators are started with.
mark=$((200000 + $$))
cp "$fixture" "$scratch/fixture-$mark.json"
ours() {
    pgrep -f -- "sleep $mark|fixture-$mark" >/dev/null
}
# gone SECONDS: true once none of ours is left, polling that long.
gone() {
    tries=$(($1 * 10))
    while ours; do
        [ "$tries" -gt 0 ] || return 1
        tries=$((tries - 1))
        sleep 0.1
    done
}

# scenario NAME TIMEOUT_MS: a run step whose shell ignores SIGTERM and
# starts a sleep in the background next to its own.
scenario() {
    cat >"$scratch/$1.json" <<JSON
{"title": "$1", "fixture": "fixture-$mark.json",
 "steps": [{"name": "sleeps",
            "run": ["sh", "-c", "trap '' TERM; sleep $mark & sleep $mark; wait"],
            "timeout_ms": $2}]}
JSON
}

# 1. A timed-out run step: its whole process group goes.
scenario hang 1000
"$harness" --spawn --simulator "$sim" "$scratch/hang.json" >"$out" 2>&1
status=$?
[ "$status" -eq 1 ] || problem "timeout: expected exit 1, got $status"
grep -qF "still running after 1000 ms; killed" "$out" ||
    problem "timeout: no message"
gone 3 || problem "timeout: processes survived: $(pgrep -af -- "sleep $mark")"
# A failed run keeps its work directory and says where.
grep -qF "kept in $TMPDIR/seam-harness-" "$out" ||
    problem "a failed run did not say where its work directory is"
rm -rf "$TMPDIR"/seam-harness-*

# 2. The harness stopped by SIGTERM mid-run, two scenarios at a time.
scenario slow1 60000
scenario slow2 60000
"$harness" --spawn --simulator "$sim" -j 2 "$scratch/slow1.json" \
    "$scratch/slow2.json" >"$out" 2>&1 &
pid=$!
tries=100
while [ "$(pgrep -f -- "sleep $mark" | wc -l)" -lt 4 ] && [ "$tries" -gt 0 ]; do
    tries=$((tries - 1))
    sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
status=$?
[ "$status" -eq 143 ] || problem "SIGTERM: expected exit 143, got $status"
grep -qF "stopped by" "$out" || problem "SIGTERM: no message"
gone 5 || problem "SIGTERM: survivors: $(pgrep -af -- "sleep $mark|fixture-$mark")"
[ -z "$(ls -A "$TMPDIR")" ] ||
    problem "SIGTERM: left $(ls -A "$TMPDIR") in $TMPDIR"

# 3. A passing run leaves nothing in TMPDIR.
cat >"$scratch/pass.json" <<JSON
{"title": "pass", "steps": [{"name": "true", "run": ["true"]}]}
JSON
"$harness" --spawn --simulator "$sim" "$scratch/pass.json" >"$out" 2>&1 ||
    problem "the passing scenario failed"
[ -z "$(ls -A "$TMPDIR")" ] || problem "a passing run left $(ls -A "$TMPDIR")"

[ "$failures" -eq 0 ] || exit 1
echo "cleanup: nothing outlived the harness"
