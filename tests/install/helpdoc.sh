#!/bin/bash
# --help and the man pages say the same thing, and say all of it: both come from man/*.txt
# (cmake/helpgen.c), and this checks the result against the code.
# - the words of `PROGRAM --help` are those of the rendered PROGRAM.1, in the same order;
# - every option the parser knows (the quoted "-x"/"--name" literals of its source) is a term
#   of --help, and every option --help lists is one the parser knows;
# - every environment variable the code reads (ALIBABA_*, ALICLOUD_*, APIGW_*) is in
#   apigw-lua --help; every exit status the programs define (EXIT_* macros) is listed.
# Usage: helpdoc.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)

words_of_help() { # PROGRAM: --help, the usage line as the man page's synopsis, headings in capitals
    "$1" --help | sed -e '1s/^usage: //' -e 's/^\([A-Z][^:]*\):$/\U\1/' | tr -s ' \n' '\n\n'
}
words_of_page() { # PAGE: rendered, without the header and footer lines and the NAME section
    groff -man -Tascii -P-cbou -rLL=2000n "$1" |
        sed -e '1{/([0-9])/d}' -e '${/([0-9])/d}' -e '/^NAME$/,/^SYNOPSIS$/d' -e '/^DESCRIPTION$/d' |
        sed 's/^ *//' | tr -s ' \n' '\n\n' | sed '/^$/d'
}
# options PROGRAM: the options --help lists (the first word of each alternative of a term)
options_of_help() {
    "$1" --help | sed -n 's/^  \(-[^ ,]*\(, -[^ ,]*\)*\).*/\1/p' | tr ',' '\n' | sed 's/^ *//; /^$/d' | sort -u
}
# options FILE...: the option literals of a parser's source
options_of_source() {
    grep -ohE '"--?[a-z]?[a-z0-9-]*"' "$@" | tr -d '"' | sort -u
}

check_program() { # PROGRAM PAGE PARSER_SOURCES...
    local prog=$1 page=$2 name
    name=$(basename "$prog")
    shift 2
    run "$prog" --help
    expect_rc 0 "$name --help"
    unset RC # the checks below are not about this run's output
    if ! command -v groff >/dev/null; then
        fail "groff is needed to render $page (Debian: groff-base, a dependency of man-db)"
    elif diff <(words_of_help "$prog") <(words_of_page "$page") >"$T/diff"; then
        pass "$name --help and $(basename "$page") have the same words in the same order"
    else
        fail "$name --help and $(basename "$page") differ (< help, > man):"
        sed 's/^/       /' "$T/diff" | head -20
    fi
    if groff -man -ww -z "$page" 2>"$T/groff" && [ ! -s "$T/groff" ]; then
        pass "$(basename "$page") renders without a groff warning"
    else
        fail "groff warns about $page: $(head -5 "$T/groff")"
    fi
    local missing extra
    missing=$(comm -23 <(options_of_source "$@") <(options_of_help "$prog") | tr '\n' ' ')
    extra=$(comm -13 <(options_of_source "$@") <(options_of_help "$prog") | tr '\n' ' ')
    if [ -z "$missing" ]; then
        pass "$name --help lists every option its parser knows ($(options_of_source "$@" | wc -l))"
    else
        fail "$name --help does not list: $missing(parser: $*)"
    fi
    if [ -z "$extra" ]; then
        pass "every option $name --help lists is one its parser knows"
    else
        fail "$name --help lists options its parser does not know: $extra"
    fi
    # exit statuses: the EXIT_* macros of the program's sources, and 0
    local codes listed c bad=
    codes=$(sed -n 's/^#define EXIT_[A-Z_]* \([0-9][0-9]*\)$/\1/p' "$@" | sort -un)
    listed=$("$prog" --help | sed -n '/^Exit codes:$/,/^$/s/^  \([0-9][0-9]*\) .*/\1/p')
    for c in 0 $codes; do
        grep -qx "$c" <<<"$listed" || bad="$bad $c"
    done
    if [ -z "$bad" ]; then
        pass "$name --help lists every exit status it defines (0 $(echo $codes))"
    else
        fail "$name --help does not list the exit status$bad"
    fi
}

check_program "$LUA_BIN" "$BUILD_DIR/man/apigw-lua.1" "$SRC/runtime/host/cli.c" "$SRC/runtime/host/main.c"
check_program "$EMU_BIN" "$BUILD_DIR/man/apigw-emulator.1" "$SRC/emulator/main.c"

# Environment variables read anywhere in the code (not tests) are documented.
run "$LUA_BIN" --help
unset RC
vars=$(grep -rohE '"(ALIBABA|ALICLOUD|APIGW)_[A-Z0-9_]+"' "$SRC/runtime" "$SRC/bindings" "$SRC/emulator" |
    tr -d '"' | sort -u)
undoc=
for v in $vars; do
    grep -qE "(^|[ ,])$v(,| |$)" <<<"$(sed -n '/^Environment:$/,/^$/p' "$T/out")" || undoc="$undoc $v"
done
if [ -z "$undoc" ]; then
    pass "apigw-lua --help documents every environment variable the code reads ($(echo $vars | wc -w))"
else
    fail "apigw-lua --help does not document:$undoc"
fi

finish
