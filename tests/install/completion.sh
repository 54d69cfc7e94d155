#!/bin/bash
# The bash completion (completion/apigw.bash): the options it offers are exactly those of
# --help, --signature offers v3 and rpc, --profile the profiles of ~/.aliyun/config.json and
# the sections of ~/.alibabacloud/credentials, and files where files go.
# Usage: completion.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
COMPLETION=$(cd "$(dirname "$0")/../.." && pwd)/completion/apigw.bash

# complete FUNCTION WORD...: runs the completion function with the words typed so far (the last
# one is the word being completed) in a clean bash, in $T/work; the candidates go to $T/out
# one per line, sorted.
complete() {
    local fn=$1
    shift
    (cd "$T/work" && env -i PATH=/usr/bin:/bin HOME="$H" bash --norc -c '
        . "$1" || exit 1
        fn=$2
        shift 2
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        "$fn" # its status is that of its last compgen: not an error
        [ ${#COMPREPLY[@]} -gt 0 ] && printf "%s\n" "${COMPREPLY[@]}"
        exit 0' _ "$COMPLETION" "$fn" "$@") >"$T/out.raw" 2>"$T/err"
    RC=$?
    sort "$T/out.raw" >"$T/out"
    OUT=$(cat "$T/out")
}

expect_words() { # WORDS what: the candidates are exactly WORDS (space-separated)
    local want
    want=$(tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort)
    if [ "$RC" = 0 ] && [ "$OUT" = "$want" ]; then
        pass "$2"
    else
        fail "$2: expected [$(echo $want)], got [$(echo $OUT)]"
    fi
}

mkdir -p "$T/work/dir"
: >"$T/work/play.lua"
: >"$T/work/seed.json"

# options of --help (the first word of each alternative of a term), without - and --
help_options() {
    "$1" --help | sed -n 's/^  \(-[^ ,]*\(, -[^ ,]*\)*\).*/\1/p' | tr ',' '\n' | sed 's/^ *//' |
        grep -vx -- '-\|--' | sort -u | tr '\n' ' '
}

complete _apigw_lua apigw-lua -
expect_words "$(help_options "$LUA_BIN")" "apigw-lua: '-' offers every option of --help"
complete _apigw_lua apigw-lua --re
expect_words "--region --read-timeout --retries" "apigw-lua: '--re' offers the options starting so"
complete _apigw_emulator apigw-emulator -
expect_words "$(help_options "$EMU_BIN")" "apigw-emulator: '-' offers every option of --help"

complete _apigw_lua apigw-lua --signature ""
expect_words "v3 rpc" "--signature offers v3 and rpc"
complete _apigw_lua apigw-lua --signature r
expect_words "rpc" "--signature r offers rpc"
complete _apigw_lua apigw-lua --signature = ""
expect_words "v3 rpc" "--signature= offers v3 and rpc"

complete _apigw_lua apigw-lua --profile ""
expect_words "" "--profile with no configuration offers nothing"
write "$H/.aliyun/config.json" '{"current": "prod", "profiles": [{"name": "default", "mode": "AK",
 "access_key_id": "LTAIx", "access_key_secret": "notAName"}, {"name":"prod","mode":"AK"},{"name": "staging"}]}'
write "$H/.alibabacloud/credentials" '[ci]
type = access_key
[prod]
type = access_key'
complete _apigw_lua apigw-lua --profile ""
expect_words "ci default prod staging" "--profile offers the profiles of config.json and the credentials file"
complete _apigw_lua apigw-lua --region cn-hangzhou --profile = st
expect_words "staging" "--profile=st offers staging"
write "$T/work/other.json" '{"profiles": [{"name": "elsewhere"}]}'
# ALIBABA_CLOUD_CONFIG_FILE is honoured (passed through the clean environment by hand)
(cd "$T/work" && env -i PATH=/usr/bin:/bin HOME="$H" ALIBABA_CLOUD_CONFIG_FILE="$T/work/other.json" \
    bash --norc -c '. "$1"; COMP_WORDS=(apigw-lua --profile ""); COMP_CWORD=2; _apigw_lua
        printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION") | sort >"$T/out"
RC=$? OUT=$(cat "$T/out")
expect_words "ci elsewhere prod" "--profile reads ALIBABA_CLOUD_CONFIG_FILE instead of ~/.aliyun/config.json"

complete _apigw_lua apigw-lua --seed ""
expect_words "dir other.json play.lua seed.json" "--seed offers files"
complete _apigw_lua apigw-lua --emulate p
expect_words "play.lua" "the script is a file"
complete _apigw_lua apigw-lua play.lua --re
expect_words "" "after the script, words are the script's (no option offered)"
complete _apigw_lua apigw-lua --region=cn-hangzhou play.lua s
expect_words "seed.json" "after --region=ID and the script, files"
complete _apigw_lua apigw-lua --region ""
expect_words "" "--region offers nothing (a value is typed)"
complete _apigw_emulator apigw-emulator --state s
expect_words "seed.json" "apigw-emulator --state offers files"

finish
