#!/bin/sh
# Only runtime/http sees curl/curl.h: a file that includes it fails to compile with the
# include path of each other layer (and names the rule), and compiles with the transport's.
#   test_http_curl_guard.sh CC PROBE.c http:<dirs> <layer>:<dirs>...
# <dirs> is a target's include directories joined by ';'.
cc=$1
probe=$2
shift 2
fails=0
for spec in "$@"; do
    name=${spec%%:*}
    dirs=${spec#*:}
    flags=$(printf '%s' "$dirs" | tr ';' '\n' | sed -n 's/^./-I&/p' | tr '\n' ' ')
    # shellcheck disable=SC2086 # one flag per word
    out=$("$cc" -fsyntax-only $flags "$probe" 2>&1)
    rc=$?
    if [ "$name" = agw_http ]; then
        if [ $rc -ne 0 ]; then
            echo "FAIL agw_http does not compile curl.h: $out"
            fails=$((fails + 1))
        else
            echo "ok   agw_http sees curl.h"
        fi
    elif [ $rc -eq 0 ]; then
        echo "FAIL $name compiles a file that includes curl/curl.h"
        fails=$((fails + 1))
    elif ! printf '%s' "$out" | grep -q 'only runtime/http sees curl/curl.h'; then
        echo "FAIL $name: the include failed, but not on the guard: $out"
        fails=$((fails + 1))
    else
        echo "ok   $name cannot include curl.h"
    fi
done
[ $fails -eq 0 ]
