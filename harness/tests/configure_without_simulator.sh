#!/bin/sh
# The project configures with the simulator switched off: the harness
# tests that need seam-sim are left out, with a message, not an error.
# Usage: configure_without_simulator.sh CMAKE SOURCE_DIR
set -u
cmake=$1 source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if ! "$cmake" -S "$source" -B "$scratch" -DSEAM_BUILD_SIMULATOR=OFF \
    >"$scratch/log" 2>&1; then
    echo "configure_without_simulator: cmake failed:" >&2
    sed 's/^/    /' "$scratch/log" >&2
    exit 1
fi
if ! grep -q "harness tests that need seam-sim are skipped" "$scratch/log"; then
    echo "configure_without_simulator: no message about skipped tests" >&2
    exit 1
fi
echo "configure_without_simulator: configured; simulator tests skipped"
