# bash completion for apigw-lua and apigw-emulator. Installed (cmake/install.cmake) as
# share/bash-completion/completions/apigw-lua and .../apigw-emulator, which bash-completion loads
# on first use; from a checkout: `source completion/apigw.bash`. It needs bash only, not the
# bash-completion package. The option lists are those of --help (man/*.txt);
# tests/install/completion.sh fails when they differ.

_apigw_lua_opts='-e -l -v --version --luals-path -h --help --region --endpoint --endpoint-type --profile --signature
  --connect-timeout --read-timeout --retries --ca-bundle --insecure --dry-run --check
  --detailed-exitcode --verbose --trace --progress --emulate --seed --hook --no-hooks'
_apigw_emulator_opts='--listen --region --seed --state --fault --fault-seed --log --tls-cert
  --tls-key --clock --print-seed -h --help --version'

# Profile names: the "name" of each profile in the aliyun CLI configuration
# (ALIBABA_CLOUD_CONFIG_FILE or ~/.aliyun/config.json) and the [sections] of the credentials
# file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials), as --profile reads them.
# Only names are read out; nothing else in those files is looked at.
_apigw_profiles() {
    local cfg=${ALIBABA_CLOUD_CONFIG_FILE:-$HOME/.aliyun/config.json}
    local ini=${ALIBABA_CLOUD_CREDENTIALS_FILE:-$HOME/.alibabacloud/credentials}
    {
        [ -r "$cfg" ] && grep -o '"name"[[:space:]]*:[[:space:]]*"[^"]*"' "$cfg" 2>/dev/null |
            sed 's/.*"\([^"]*\)"$/\1/'
        [ -r "$ini" ] && sed -n 's/^[[:space:]]*\[\([^]]*\)\][[:space:]]*$/\1/p' "$ini" 2>/dev/null
    } | sort -u
}

# _apigw_reply WORDS...: those of the words (arguments, or lines of an argument) that start
# with $cur
_apigw_reply() {
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$*" -- "$cur"))
}

_apigw_files() {
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY=($(compgen -f -- "$cur"))
}

# Sets cur and opt: the word being completed and, when it is the value of an option (given as
# "--opt value" or "--opt=value", which bash splits at "="), that option.
_apigw_words() {
    cur=${COMP_WORDS[COMP_CWORD]}
    opt=
    local prev=
    [ "$COMP_CWORD" -ge 1 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$cur" = "=" ] && [[ $prev == --* ]]; then
        opt=$prev
        cur=
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $prev == -* ]]; then
        opt=$prev
    fi
}

_apigw_lua() {
    local cur opt i
    _apigw_words
    # after the script (or --), every word is the script's: files
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -- | -) _apigw_files; return ;;
        -e | -l | --region | --endpoint | --endpoint-type | --profile | --signature | \
            --connect-timeout | --read-timeout | --retries | --ca-bundle | --seed | --hook)
            # the value, after an "=" when written --opt=value
            [ "${COMP_WORDS[i + 1]}" = "=" ] && ((i++))
            ((i++)) ;;
        -*) ;;
        *) _apigw_files; return ;;
        esac
    done
    case $opt in
    --signature) _apigw_reply v3 rpc; return ;;
    --endpoint-type) _apigw_reply vpc public; return ;;
    --profile) _apigw_reply "$(_apigw_profiles)"; return ;;
    --ca-bundle | --seed | --hook) _apigw_files; return ;;
    -e | -l | --region | --endpoint | --connect-timeout | --read-timeout | --retries)
        COMPREPLY=(); return ;;
    esac
    if [[ $cur == -* ]]; then
        _apigw_reply $_apigw_lua_opts
    else
        _apigw_files
    fi
}

_apigw_emulator() {
    local cur opt
    _apigw_words
    case $opt in
    --seed | --state | --log | --tls-cert | --tls-key) _apigw_files; return ;;
    --listen | --region | --fault | --fault-seed | --clock) COMPREPLY=(); return ;;
    esac
    _apigw_reply $_apigw_emulator_opts
}

complete -F _apigw_lua apigw-lua
complete -F _apigw_emulator apigw-emulator
