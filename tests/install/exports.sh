#!/bin/bash
# apigw.so exports exactly one symbol, luaopen_apigw (bindings/apigw.ver). Anything else
# defined and exported (an agw_* function of the layers linked in, cjson's strbuf_*) could
# clash with or be interposed by another module loaded into the same lua5.4.
# Usage: exports.sh BUILD_DIR/apigw.so
so=${1:?usage: $0 apigw.so}
# What some linkers add to every shared object whatever the version script says.
TOOLCHAIN='^(_init|_fini|_edata|_end|__bss_start)$'
if ! syms=$(nm -D --defined-only "$so" | awk 'NF >= 3 { print $3 }'); then
    echo "FAIL - nm -D --defined-only $so"
    exit 1
fi
exported=$(printf '%s\n' "$syms" | grep -Ev "$TOOLCHAIN" | grep -v '^$' | sort -u)
if [ "$exported" = luaopen_apigw ]; then
    echo "ok   - $so exports only luaopen_apigw"
    exit 0
fi
echo "FAIL - $so exports $(printf '%s\n' "$exported" | wc -l) symbols, expected only luaopen_apigw:"
printf '%s\n' "$exported" | head -20 | sed 's/^/       /'
exit 1
