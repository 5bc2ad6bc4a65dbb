#!/usr/bin/env bash
# Usage: run_with_sim.sh SIM_BINARY COMMAND [ARGS...]
#
# Starts seam-sim on a free loopback port, exports SEAM_ENDPOINT and
# SEAM_API_KEY as it announces them, runs COMMAND, and always stops the
# simulator it started (and only that one) before exiting with
# COMMAND's status.
set -euo pipefail

sim=$1
shift
work=$(mktemp -d)
sim_pid=""

stop_sim() {
    if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
        kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_sim EXIT

"$sim" --port 0 >"$work/stdout" 2>"$work/stderr" &
sim_pid=$!

# Wait (up to 10 s) for the announcement lines.
for _ in $(seq 100); do
    grep -q '^export SEAM_API_KEY=' "$work/stdout" && break
    if ! kill -0 "$sim_pid" 2>/dev/null; then
        echo "run_with_sim: seam-sim exited early:" >&2
        cat "$work/stderr" >&2
        exit 1
    fi
    sleep 0.1
done
SEAM_ENDPOINT=$(sed -n 's/^export SEAM_ENDPOINT=//p' "$work/stdout")
SEAM_API_KEY=$(sed -n 's/^export SEAM_API_KEY=//p' "$work/stdout")
if [ -z "$SEAM_ENDPOINT" ] || [ -z "$SEAM_API_KEY" ]; then
    echo "run_with_sim: seam-sim did not announce its endpoint" >&2
    exit 1
fi
case "$SEAM_ENDPOINT" in
http://127.0.0.1:*) ;;
*)
    echo "run_with_sim: refusing non-loopback endpoint $SEAM_ENDPOINT" >&2
    exit 1
    ;;
esac
export SEAM_ENDPOINT SEAM_API_KEY
unset SEAM_API_URL

"$@"
