#!/bin/bash
# The Debian package, as a user gets it: built by cmake/deb.cmake (what `make deb` runs),
# installed on this machine with dpkg -i, used from outside the tree (the installed example
# under --emulate, `require "apigw"` in a stock lua5.4, man -w, the completion), then purged,
# leaving nothing behind. Needs root (skipped otherwise, exit 77); one run at a time per
# machine (a lock), and it refuses to touch an apigw-lua package it did not install.
# Usage: deb.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PKG=apigw-lua

if [ "$(id -u)" != 0 ]; then
    echo "skipped: installing a package with dpkg -i needs root"
    exit 77
fi
exec 9>/tmp/apigw-lua-deb-test.lock
if ! flock -w 600 9; then
    fail "another run of this test holds /tmp/apigw-lua-deb-test.lock"
    finish
    exit 1
fi
if dpkg-query -W -f='${Status}\n' $PKG 2>/dev/null | grep -q ' installed$'; then
    fail "the package $PKG is already installed here; this test installs and purges it, so" \
        "it stops rather than remove yours (dpkg -P $PKG, then run it again)"
    finish
    exit 1
fi

# dpkg refuses at once when another dpkg or apt holds its lock: wait for it a while
dpkg_run() {
    local i
    for i in $(seq 60); do
        # root's PATH: dpkg wants ldconfig and start-stop-daemon from the sbin directories
        run_env PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive -- dpkg "$@"
        grep -q "lock" "$T/err" || return 0
        sleep 1
    done
}
INSTALLED=
deb_cleanup() {
    [ -n "$INSTALLED" ] && dpkg -P $PKG >/dev/null 2>&1
    cleanup
}
trap deb_cleanup EXIT

echo "# build"
VERSION=$("$LUA_BIN" --version | sed -n '1s/^apigw-lua \([^ ]*\).*/\1/p')
ARCH=$(dpkg --print-architecture)
run cmake -DBUILD_DIR="$BUILD_DIR" -DOUT_DIR="$T" -DVERSION="$VERSION" -DCOMPONENT=apigw \
    -P "$SRC/cmake/deb.cmake"
expect_rc 0 "cmake/deb.cmake builds the package"
DEB=$T/${PKG}_${VERSION}_$ARCH.deb
[ -f "$DEB" ] && pass "it is named ${PKG}_${VERSION}_$ARCH.deb" || fail "no $DEB"

echo "# control fields and dependencies"
[ "$(dpkg-deb -f "$DEB" Package)" = $PKG ] && pass "Package: $PKG" || fail "Package field"
[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] && pass "Version: $VERSION" || fail "Version field"
DEPENDS=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//')
for p in lua5.4 lua-cjson libcurl4 libssl3 libmicrohttpd12 libcjson1; do
    grep -qx "$p" <<<"$DEPENDS" && pass "Depends names $p" || fail "Depends lacks $p"
done
# every library the programs and the module link, and those the code dlopens, comes from a
# package that Depends names
dpkg-deb -x "$DEB" "$T/x"
sonames=$(for f in "$T"/x/usr/bin/* $(find "$T/x" -name '*.so'); do
    objdump -p "$f" | awk '$1 == "NEEDED" { print $2 }'
done
    sed -n 's/^#define AGW_[A-Z]*_SONAME "\(.*\)"$/\1/p' "$SRC/runtime/http/curlapi.c" \
        "$SRC/emulator/server/mhdapi.c")
for so in $(sort -u <<<"$sonames"); do
    case $so in lib[at]san.so* | libubsan.so* | libstdc++*) [ -n "$AGW_SANITIZE" ] && continue ;; esac
    owners=$(dpkg -S "*/$so" 2>/dev/null | grep -E ": (/usr)?/lib/[^/]+/$so\$" | sed 's/[:,].*//' | sort -u)
    hit=
    for o in $owners; do grep -qx "$o" <<<"$DEPENDS" && hit=$o; done
    if [ -n "$hit" ]; then
        pass "$so comes from $hit, which Depends names"
    else
        fail "$so (from package: ${owners:-none}) is not covered by Depends: $(echo $DEPENDS)"
    fi
done

echo "# install"
dpkg_run -i --path-include="/usr/share/man/man1/apigw-*" "$DEB"
expect_rc 0 "dpkg -i $(basename "$DEB")"
INSTALLED=1
dpkg-query -L $PKG | grep -vx "/\." | sort >"$T/files"
run_env -- bash -c 'command -v apigw-lua'
[ "$OUT" = /usr/bin/apigw-lua ] && pass "apigw-lua is /usr/bin/apigw-lua on PATH" ||
    fail "command -v apigw-lua gives '$OUT'"
mkdir -p "$T/elsewhere"
(cd "$T/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$H" apigw-lua --emulate \
    /usr/share/apigw-lua/examples/bind_domain.lua >"$T/out" 2>"$T/err")
RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
expect_rc 0 "apigw-lua --emulate runs the installed example"
expect_out "DomainBindingStatus" "the installed example binds the domain"
CMOD=$(pkg-config --variable=INSTALL_CMOD lua5.4)
(cd "$T/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$H" \
    ${AGW_MODULE_PRELOAD:+LD_PRELOAD=$AGW_MODULE_PRELOAD ASAN_OPTIONS=detect_leaks=0} \
    lua5.4 -e 'local a = require "apigw"
        print(package.searchpath("apigw", package.cpath), a.version)' >"$T/out" 2>"$T/err")
RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
expect_rc 0 "lua5.4 -e 'require \"apigw\"' from outside the tree, no LUA_CPATH"
expect_out "$CMOD/apigw.so	$VERSION" "lua5.4 loads $CMOD/apigw.so"
for page in apigw-lua apigw-emulator; do
    run man -w $page
    expect_rc 0 "man -w $page"
    expect_out "/usr/share/man/man1/$page.1" "man -w $page finds the installed page"
done
run_env MANWIDTH=80 -- man apigw-lua
expect_out "--signature v3|rpc" "man apigw-lua shows the options"
run_env -- bash --norc -c '. /usr/share/bash-completion/completions/apigw-lua && complete -p apigw-lua apigw-emulator'
expect_rc 0 "the installed completion loads"
expect_out "complete -F _apigw_lua apigw-lua" "it completes apigw-lua"
run apigw-lua --version
expect_out "apigw-lua $VERSION" "the installed apigw-lua --version"

echo "# purge"
dpkg_run -P $PKG
expect_rc 0 "dpkg -P $PKG"
INSTALLED=
run_env -- dpkg-query -W -f='${Status}\n' $PKG
if [ "$RC" != 0 ] || ! grep -q ' installed$' <<<"$OUT"; then
    pass "dpkg no longer lists $PKG as installed"
else
    fail "dpkg still lists $PKG: $OUT"
fi
left=
while read -r f; do
    # directories the package shares with others (/usr/bin...) stay; our own must go
    if [ -e "$f" ] && ! { [ -d "$f" ] && dpkg -S "$f" >/dev/null 2>&1; }; then left="$left $f"; fi
done <"$T/files"
[ -z "$left" ] && pass "nothing of the package is left ($(wc -l <"$T/files") paths checked)" ||
    fail "left behind:$left"
for d in /usr/share/apigw-lua /usr/share/doc/apigw-lua; do
    [ ! -e $d ] && pass "$d is gone" || fail "$d is still there"
done
run_env -- bash -c 'command -v apigw-lua'
expect_rc 1 "apigw-lua is no longer on PATH"

finish
