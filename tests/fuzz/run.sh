#!/usr/bin/env bash
# Fuzzes each libFuzzer target of a fuzz build (make fuzz) for SECONDS.
#   tests/fuzz/run.sh BUILD_DIR SECONDS [NAME...]      (NAME: pe, sign, ... ; default: all)
# FUZZ_JOBS=N runs N targets at a time (default 1), each still for SECONDS.
# Before fuzzing, a target replays its regression inputs (they must pass) and reports on its
# pending ones (known defects whose fix is under way: see pending/README.md). While fuzzing it
# starts from the seed corpus in the tree plus what earlier runs found (BUILD_DIR/fuzz-corpus,
# kept between local runs). An input that crashes, hangs (-timeout) or exhausts memory is
# copied into tests/fuzz/regress/NAME/, where ctest replays it from then on: commit it with
# the fix. Prints one line per target (executions, coverage) and exits 1 if any target failed.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [NAME...]" >&2
  exit 2
fi
build=$1
secs=$2
shift 2
jobs_max=${FUZZ_JOBS:-1}
for v in "$secs" "$jobs_max"; do
  case $v in '' | *[!0-9]*)
    echo "$0: SECONDS and FUZZ_JOBS must be whole numbers, not '$v'" >&2
    exit 2
    ;;
  esac
done
[ "$jobs_max" -ge 1 ] || jobs_max=1
src=$(cd "$(dirname "$0")" && pwd)
bin=$build/fuzz
logs=$build/fuzz-logs
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$src"/fuzz_*.c; do
    n=${f##*/fuzz_}
    names+=("${n%.c}")
  done
fi
for name in "${names[@]}"; do
  if [ ! -x "$bin/fuzz_$name" ]; then
    echo "$0: $bin/fuzz_$name is not built (cmake --build $build --target agw_fuzzers)" >&2
    exit 2
  fi
done
mkdir -p "$logs"

# One target: writes what it has to say to $logs/NAME.report, its summary line to
# $logs/NAME.summary, and "failed" to $logs/NAME.status when it failed.
fuzz_one() {
  local name=$1 exe=$bin/fuzz_$1
  local work=$build/fuzz-corpus/$name art=$build/fuzz-artifacts/$name
  local log=$logs/$name.log regress=$src/regress/$name
  local report=$logs/$name.report
  mkdir -p "$work" "$art" "$regress"
  : >"$report"
  rm -f "$logs/$name.status"
  local opts=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art/")
  [ -f "$src/dict/$name.dict" ] && opts+=(-dict="$src/dict/$name.dict")

  # 1. the regression inputs: each must pass
  local inputs=("$regress"/*)
  if [ -e "${inputs[0]}" ] && ! "$exe" "${opts[@]}" "${inputs[@]}" >"$log.regress" 2>&1; then
    {
      echo "== $name: a regression input fails (tests/fuzz/regress/$name):"
      tail -n 30 "$log.regress"
    } >>"$report"
    printf '%-8s regression input fails\n' "$name" >"$logs/$name.summary"
    echo failed >"$logs/$name.status"
    return
  fi

  # 2. known failures whose fix is under way elsewhere (pending/README.md): reported only
  local p
  for p in "$src/pending/$name"/*; do
    [ -f "$p" ] || continue
    if env -u AGW_FUZZ_SKIP "$exe" "${opts[@]}" "$p" >/dev/null 2>&1; then
      echo "== $name: ${p#"$src"/} passes now: git mv it to tests/fuzz/regress/$name/"
    else
      echo "== $name: ${p#"$src"/} still fails (a known defect being fixed)"
    fi >>"$report"
  done

  # 3. fuzz for the time given
  rm -f "$art"/*
  "$exe" -max_total_time="$secs" "${opts[@]}" "$work" "$src/corpus/$name" >"$log" 2>&1
  local rc=$?
  local execs rate last cov ft corp line
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  line=$(printf '%-8s execs %-9s exec/s %-6s cov %-5s ft %-6s corpus %s' "$name" \
    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")
  if [ $rc -ne 0 ]; then
    {
      echo "== $name FAILED (exit $rc); the end of $log:"
      tail -n 40 "$log"
      local a
      for a in "$art"/*; do
        [ -f "$a" ] || continue
        cp -n "$a" "$regress/"
        echo "kept as a regression input: tests/fuzz/regress/$name/${a##*/}"
      done
    } >>"$report"
    echo failed >"$logs/$name.status"
    line="$line   FAILED"
  fi
  echo "$line" >"$logs/$name.summary"
}

echo "== fuzzing ${#names[@]} targets for ${secs}s each, $jobs_max at a time"
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  fuzz_one "$name" &
done
wait

failed=()
for name in "${names[@]}"; do
  cat "$logs/$name.report"
  [ -f "$logs/$name.status" ] && failed+=("$name")
done
echo "== fuzz summary (${secs}s per target)"
for name in "${names[@]}"; do cat "$logs/$name.summary"; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
