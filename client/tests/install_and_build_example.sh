#!/usr/bin/env bash
# Usage: install_and_build_example.sh BUILD_DIR SOURCE_DIR EXTRA_CFLAGS [SIM]
#
# Installs libseam-client from BUILD_DIR/client into a temporary prefix,
# extracts the program that docs/client.md shows, builds it twice against
# the installed copy (pkg-config, then find_package), and, when a seam-sim
# binary is given, runs it against a simulator of its own.
set -euo pipefail
build_dir=$1
source_dir=$2
extra_cflags=$3
sim=${4:-}
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

# Install only the client's part of the tree.
cmake --install "$build_dir/client" --prefix "$prefix" >/dev/null

# The program between the example markers, without the code fence.
sed -n '/<!-- example:begin -->/,/<!-- example:end -->/p' \
    "$source_dir/docs/client.md" | sed '1,2d;$d' | sed '$d' \
    >"$work/example.c"
grep -q 'int main' "$work/example.c" || {
    echo "no example program found in docs/client.md" >&2
    exit 1
}

# 1. pkg-config, from the temporary prefix only.
pc_dir=$(dirname "$(find "$prefix" -name seam-client.pc | head -1)")
lib_dir=$(dirname "$(find "$prefix" -name 'libseam-client.so' | head -1)")
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror $extra_cflags "$work/example.c" \
    $(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs seam-client) \
    -o "$work/example-pc"

# 2. CMake, through the exported seam::client target.
mkdir -p "$work/consumer"
cp "$work/example.c" "$work/consumer/"
cat >"$work/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(seam_client_consumer C)
find_package(seam-client REQUIRED)
add_executable(example example.c)
target_link_libraries(example PRIVATE seam::client)
CMAKE
cmake -S "$work/consumer" -B "$work/consumer/build" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$extra_cflags" \
    >/dev/null
cmake --build "$work/consumer/build" >/dev/null

if [ -z "$sim" ]; then
    echo "example built both ways; no simulator, so not run"
    exit 0
fi

# Run both builds against fresh simulators; each must print 4 PINs.
for binary in "$work/example-pc" "$work/consumer/build/example"; do
    LD_LIBRARY_PATH=$lib_dir "$here/run_with_sim.sh" "$sim" "$binary" \
        >"$work/output"
    cat "$work/output"
    pins=$(grep -cE ': PIN [0-9]{7}$' "$work/output" || true)
    [ "$pins" -eq 4 ] || {
        echo "expected 4 PINs from $binary, got $pins" >&2
        exit 1
    }
done
