#!/bin/bash
# apigw-lua --luals-path: the definitions beside the executable in a build tree, under the
# prefix of an installed layout (<prefix>/bin and <prefix>/share/apigw-lua/luals), and a
# clear failure (exit 1, both places named) when there are none. The real install is checked
# by tests/install/tree.sh.
# Usage: luals_path.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"

run "$LUA_BIN" --luals-path
expect_rc 0 "--luals-path in the build tree"
[ "$OUT" = "$BUILD_DIR/luals/apigw.lua" ] && pass "it prints build/luals/apigw.lua" ||
    fail "it printed '$OUT', not $BUILD_DIR/luals/apigw.lua"
expect_no_err "apigw-lua" "nothing on stderr"

mkdir -p "$T/prefix/bin" "$T/prefix/share/apigw-lua/luals"
cp "$LUA_BIN" "$T/prefix/bin/apigw-lua"
run "$T/prefix/bin/apigw-lua" --luals-path
expect_rc 1 "--luals-path with no definitions installed"
expect_err "the LuaLS definitions are not installed (looked at $T/prefix/bin/luals/apigw.lua, $T/prefix/bin/../share/apigw-lua/luals/apigw.lua)" "it names both places"

cp "$BUILD_DIR/luals/apigw.lua" "$T/prefix/share/apigw-lua/luals/apigw.lua"
run "$T/prefix/bin/apigw-lua" --luals-path
expect_rc 0 "--luals-path in an installed layout"
[ "$OUT" = "$T/prefix/share/apigw-lua/luals/apigw.lua" ] && pass "it prints <prefix>/share/apigw-lua/luals/apigw.lua" ||
    fail "it printed '$OUT'"

# through a symlink (/usr/local/bin/apigw-lua -> ../opt/...): the executable's own path counts
ln -s "$T/prefix/bin/apigw-lua" "$T/link"
run "$T/link" --luals-path
expect_rc 0 "--luals-path through a symlink"
[ "$OUT" = "$T/prefix/share/apigw-lua/luals/apigw.lua" ] && pass "found from the real executable" ||
    fail "it printed '$OUT'"
finish
