#!/usr/bin/env bash
# Usage: install_and_build_example.sh BUILD_DIR SOURCE_DIR EXTRA_CFLAGS [SIM]
#
# Installs libseam-client from BUILD_DIR/client into $HOME/.local of a
# temporary HOME, as docs/client.md does, extracts the program that
# docs/client.md shows, and builds it twice against the installed copy:
# with the docs' own pkg-config lines (run as written, only `cc` gets the
# warning and EXTRA_CFLAGS), then with find_package. When a seam-sim
# binary is given, both builds run against a simulator of their own with
# no LD_LIBRARY_PATH, and the pkg-config build runs twice on the same
# workspace, as a reader re-running the example would.
set -euo pipefail
build_dir=$1
source_dir=$2
extra_cflags=$3
sim=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
docs=$source_dir/docs/client.md

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home=$work/home
mkdir -p "$home" "$work/pc"
unset LD_LIBRARY_PATH

# Install only the client's part of the tree, where the docs put it.
cmake --install "$build_dir/client" --prefix "$home/.local" >/dev/null

# The text between a pair of markers, without the code fence.
between() {
    sed -n "/<!-- $1:begin -->/,/<!-- $1:end -->/p" "$docs" |
        sed '1,2d;$d' | sed '$d'
}
between example >"$work/pc/example.c"
grep -q 'int main' "$work/pc/example.c" || {
    echo "no example program found in docs/client.md" >&2
    exit 1
}
between build >"$work/pc/build.sh"
grep -q 'pkg-config' "$work/pc/build.sh" || {
    echo "no pkg-config build lines found in docs/client.md" >&2
    exit 1
}
if [ -z "$sim" ]; then
    # Nothing to run against: build only.
    sed -i '/^\.\/example$/d' "$work/pc/build.sh"
fi

# Runs the docs' build lines in $work/pc with the temporary HOME, then
# (when they ran it once) the example a second time on the same server.
cat >"$work/pc/run.sh" <<RUN
set -euo pipefail
cd "$work/pc"
export HOME="$home"
cc() { command cc -Wall -Wextra -Werror $extra_cflags "\$@"; }
. ./build.sh
if [ -n "$sim" ]; then
    ./example
fi
RUN

# 2. CMake, through the exported seam::client target.
mkdir -p "$work/consumer"
cp "$work/pc/example.c" "$work/consumer/"
cat >"$work/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(seam_client_consumer C)
find_package(seam-client REQUIRED)
add_executable(example example.c)
target_link_libraries(example PRIVATE seam::client)
CMAKE
cmake -S "$work/consumer" -B "$work/consumer/build" \
    -DCMAKE_PREFIX_PATH="$home/.local" -DCMAKE_C_FLAGS="$extra_cflags" \
    >/dev/null
cmake --build "$work/consumer/build" >/dev/null

if [ -z "$sim" ]; then
    bash "$work/pc/run.sh"
    echo "example built both ways; no simulator, so not run"
    exit 0
fi

# expect_pins COUNT FILE: the example prints one PIN per entrance.
expect_pins() {
    local pins
    cat "$2"
    pins=$(grep -cE ': PIN [0-9]{7}$' "$2" || true)
    [ "$pins" -eq "$1" ] || {
        echo "expected $1 PINs, got $pins" >&2
        exit 1
    }
}

# 1. The docs' pkg-config lines, then a second run on the same workspace.
"$here/run_with_sim.sh" "$sim" bash "$work/pc/run.sh" >"$work/output"
expect_pins 8 "$work/output"
# 2. The CMake build.
"$here/run_with_sim.sh" "$sim" "$work/consumer/build/example" \
    >"$work/output"
expect_pins 4 "$work/output"
