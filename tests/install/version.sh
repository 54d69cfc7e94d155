#!/bin/bash
# --version of both programs: apigw-lua prints its version, the git revision when built from a
# git checkout, and the versions of Lua, libcurl (loaded to find out; when it cannot be, why,
# and still exit 0) and OpenSSL.
# Usage: version.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(sed -n 's/^project(apigw-lua VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
if git -C "$SRC" rev-parse --show-toplevel >/dev/null 2>&1; then
    REV=" \\(git [0-9a-f]{7,}(-dirty)?\\)"
else
    REV=
fi

expect_lines() { # REGEX... what: stdout's lines match the regexes, in order, and nothing more
    local what=${!#} i=0 line
    local -a res=("${@:1:$#-1}") lines
    mapfile -t lines <<<"$OUT"
    if [ ${#lines[@]} -ne ${#res[@]} ]; then
        fail "$what: ${#lines[@]} lines, expected ${#res[@]}"
        return
    fi
    for line in "${lines[@]}"; do
        if ! [[ $line =~ ^${res[i]}$ ]]; then
            fail "$what: line $((i + 1)) '$line' does not match '${res[i]}'"
            return
        fi
        i=$((i + 1))
    done
    pass "$what"
}

run "$LUA_BIN" --version
expect_rc 0 "apigw-lua --version"
expect_lines "apigw-lua ${VERSION//./\\.}$REV" "Lua 5\.4\.[0-9]+" "libcurl [0-9]+\.[0-9]+\.[0-9]+ \(OpenSSL/[0-9.]+\)" \
    "OpenSSL [0-9]+\.[0-9]+\.[0-9]+.*" "apigw-lua --version: version$REV, Lua, libcurl, OpenSSL"
run "$LUA_BIN" -v -e 'print("after")'
expect_rc 0 "apigw-lua -v -e: goes on after the version"
expect_out "after" "the statement ran after the version"

# a libcurl.so.4 that is not a library: the version says why, and it is not an error
mkdir -p "$T/badlib"
echo "not a library" >"$T/badlib/libcurl.so.4"
run_env LD_LIBRARY_PATH="$T/badlib" -- "$LUA_BIN" --version
expect_rc 0 "apigw-lua --version when libcurl cannot be loaded"
expect_out "libcurl: not loaded: " "it says libcurl is not loaded"
expect_out "libcurl.so.4" "and names the library it tried"

run "$EMU_BIN" --version
expect_rc 0 "apigw-emulator --version"
expect_lines "apigw-emulator ${VERSION//./\\.}$REV" "apigw-emulator --version: version$REV"

finish
