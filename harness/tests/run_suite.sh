#!/bin/sh
# The whole scenario suite against spawned simulators, two at a time, as CI
# runs it; passes when every scenario passes and the JUnit file says so.
# Usage: run_suite.sh SEAM_HARNESS SEAM_SIM SCENARIO_DIR JUNIT_FILE
set -u
harness=$1 sim=$2 scenarios=$3 junit=$4

rm -f "$junit"
"$harness" --spawn --simulator "$sim" -j 2 --junit "$junit" "$scenarios"
status=$?
if [ "$status" -ne 0 ]; then
    echo "run_suite: seam-harness exited $status" >&2
    exit 1
fi
if ! grep -q 'failures="0" errors="0"' "$junit"; then
    echo "run_suite: $junit does not report a clean run" >&2
    exit 1
fi
echo "run_suite: suite passed; JUnit report in $junit"
