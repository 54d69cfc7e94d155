#!/bin/bash
# Runs a command and checks its exit status and its output (stdout and stderr together, in
# the order written, as ctest shows them), so that a test passes on what it prints only if
# the command also exits as it should: PASS_REGULAR_EXPRESSION alone ignores the status.
#   expect.sh [--rc N] [--match ERE]... [--no-match ERE]... [--tty] -- command [args...]
# --rc N        the exit status required (default 0)
# --match ERE   the whole output must contain a match (bash =~: '.' matches newlines too)
# --no-match    the whole output must not contain a match
# --tty         run the command on a terminal (script(1)); its status is the command's
# On failure it prints what differed and the output, and exits 1.
rc_want=0
matches=()
nomatches=()
tty=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rc) rc_want=$2; shift 2 ;;
    --match) matches+=("$2"); shift 2 ;;
    --no-match) nomatches+=("$2"); shift 2 ;;
    --tty) tty=1; shift ;;
    --) shift; break ;;
    *) echo "expect.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "expect.sh: no command given" >&2; exit 2; }

if [ $tty = 1 ]; then
  command -v script >/dev/null || { echo "expect.sh: --tty needs script(1)" >&2; exit 2; }
  printf -v cmdline '%q ' "$@"
  out=$(script -qec "$cmdline" /dev/null 2>&1)
else
  out=$("$@" 2>&1)
fi
rc=$?
# $(...) drops trailing newlines; put one back so that patterns can end in \n$ as before
out+=$'\n'

fail=0
if [ "$rc" != "$rc_want" ]; then
  echo "expect.sh: exit status $rc, expected $rc_want"
  fail=1
fi
for re in "${matches[@]}"; do
  if ! [[ $out =~ $re ]]; then
    echo "expect.sh: output does not match: $re"
    fail=1
  fi
done
for re in "${nomatches[@]}"; do
  if [[ $out =~ $re ]]; then
    echo "expect.sh: output matches what it must not: $re"
    fail=1
  fi
done
if [ $fail = 1 ]; then
  echo "---- output of: $*"
  printf '%s' "$out"
  exit 1
fi
printf '%s' "$out"
exit 0
