#!/bin/bash
# `make install` and `make uninstall`, into a DESTDIR (no root needed): for the prefixes
# /usr/local and /usr, the files land where cmake/install.cmake says (the module where a stock
# lua5.4 looks for that prefix), the installed programs, module, examples and man pages work
# from there, and the uninstall removes exactly what the install wrote, no more (a file that
# was there before stays, with its directories) and no less.
# Usage: tree.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
COMPONENT=apigw # the tests' manifest is install_manifest_apigw.txt, not a real install's
MANIFEST=$BUILD_DIR/install_manifest_$COMPONENT.txt
DIRS=$BUILD_DIR/install_dirs_$COMPONENT.txt
CMOD_USR=$(pkg-config --variable=INSTALL_CMOD lua5.4)
STOCK_CPATH=$(env -i PATH=/usr/bin:/bin lua5.4 -e 'io.write(package.cpath)')

for prefix in /usr/local /usr; do
    D=$T/stage${prefix//\//_}
    P=$D$prefix
    if [ $prefix = /usr ]; then cmod=$CMOD_USR; else cmod=$prefix/lib/lua/5.4; fi
    echo "# prefix $prefix (module in $cmod)"
    # someone else's file, in a directory the install also writes to
    mkdir -p "$P/bin" && echo other >"$P/bin/other-tool"

    rm -f "$MANIFEST" "$DIRS"
    run_env DESTDIR="$D" -- cmake --install "$BUILD_DIR" --prefix $prefix --component $COMPONENT
    expect_rc 0 "cmake --install --prefix $prefix"

    # exactly the expected files: programs, module, pages, completions, examples, docs
    {
        printf '%s\n' "$prefix/bin/apigw-lua" "$prefix/bin/apigw-emulator" "$cmod/apigw.so" \
            "$prefix/share/man/man1/apigw-lua.1" "$prefix/share/man/man1/apigw-emulator.1" \
            "$prefix/share/bash-completion/completions/apigw-lua" \
            "$prefix/share/bash-completion/completions/apigw-emulator" \
            "$prefix/share/doc/apigw-lua/README.md" "$prefix/share/doc/apigw-lua/CHANGELOG.md"
        (cd "$SRC/scripts" && find . -type f) | sed "s|^\.|$prefix/share/apigw-lua/examples|"
        (cd "$SRC/docs" && find . -type f) | sed "s|^\.|$prefix/share/doc/apigw-lua|"
        [ -f "$BUILD_DIR/luals/apigw.lua" ] && echo "$prefix/share/apigw-lua/luals/apigw.lua"
    } | sort >"$T/want"
    (cd "$D" && find . -type f ! -name other-tool) | sed 's|^\.||' | sort >"$T/got"
    if diff "$T/want" "$T/got" >"$T/diff"; then
        pass "the install wrote the $(wc -l <"$T/want") expected files"
    else
        fail "installed files differ from the expected ones (< expected, > installed): $(cat "$T/diff")"
    fi
    if sort "$MANIFEST" | diff "$T/got" - >/dev/null; then
        pass "the manifest lists exactly the installed files"
    else
        fail "the manifest $MANIFEST differs from the installed files"
    fi
    case ";$STOCK_CPATH;" in
    *";$cmod/?.so;"*) pass "a stock lua5.4 searches $cmod" ;;
    *) fail "a stock lua5.4 does not search $cmod (its cpath: $STOCK_CPATH)" ;;
    esac

    # the installed things work from where they are
    run "$P/bin/apigw-lua" --version
    expect_rc 0 "installed apigw-lua --version"
    expect_out "apigw-lua " "installed apigw-lua --version names itself"
    run "$P/bin/apigw-lua" --luals-path
    expect_rc 0 "installed apigw-lua --luals-path"
    expect_out "$P/share/apigw-lua/luals/apigw.lua" "--luals-path prints the installed definitions"
    (cd "$T" && env -i PATH=/usr/bin:/bin HOME="$H" "$P/bin/apigw-lua" --emulate \
        "$P/share/apigw-lua/examples/bind_domain.lua" >"$T/out" 2>"$T/err")
    RC=$? OUT=$(cat "$T/out")
    expect_rc 0 "installed apigw-lua --emulate runs the installed example bind_domain.lua"
    expect_out "DomainBindingStatus" "the example prints the binding"
    (cd "$T" && env -i PATH=/usr/bin:/bin HOME="$H" LUA_CPATH="$D$cmod/?.so;;" ${AGW_MODULE_PRELOAD:+LD_PRELOAD=$AGW_MODULE_PRELOAD} \
        ASAN_OPTIONS=detect_leaks=0 lua5.4 -e \
        'local a = require "apigw"; print(package.searchpath("apigw", package.cpath), type(a.set_domain))' \
        >"$T/out" 2>"$T/err")
    RC=$? OUT=$(cat "$T/out")
    expect_rc 0 "lua5.4 requires the installed module"
    expect_out "$D$cmod/apigw.so	function" "lua5.4 found the installed apigw.so"
    run "$P/bin/apigw-emulator" --help
    expect_rc 0 "installed apigw-emulator --help"
    run_env MANWIDTH=80 -- man -l "$P/share/man/man1/apigw-lua.1"
    expect_rc 0 "man -l renders the installed apigw-lua(1)"
    expect_out "--endpoint HOST|URL" "the installed page documents --endpoint"

    # uninstall: nothing of ours is left, the other file and its directory are
    run_env DESTDIR="$D" -- cmake -DMANIFEST="$MANIFEST" -DDIRS="$DIRS" -P "$SRC/cmake/uninstall.cmake"
    expect_rc 0 "uninstall"
    left=$(cd "$D" && find . -mindepth 1 | sort | tr '\n' ' ')
    case $prefix in
    /usr/local) want_left="./usr ./usr/local ./usr/local/bin ./usr/local/bin/other-tool " ;;
    /usr) want_left="./usr ./usr/bin ./usr/bin/other-tool " ;;
    esac
    if [ "$left" = "$want_left" ]; then
        pass "uninstall removed exactly what the install wrote (left: $left)"
    else
        fail "after uninstall, left: $left; expected: $want_left"
    fi
    [ ! -e "$MANIFEST" ] && [ ! -e "$DIRS" ] && pass "uninstall removed its lists" ||
        fail "uninstall left $MANIFEST or $DIRS"
    run_env DESTDIR="$D" -- cmake -DMANIFEST="$MANIFEST" -DDIRS="$DIRS" -P "$SRC/cmake/uninstall.cmake"
    expect_rc 1 "a second uninstall fails"
    expect_err "nothing was installed" "a second uninstall says there is nothing to remove"
done

finish
