#!/bin/bash
# check.sh BENCH_PLAN: runs bench/plan at N = 50 domains over G = 5 groups and checks its
# counts, which are a function of N and G alone (bench/plan.lua's KINDS): the first plan makes
# G DescribeApiGroup + one DescribeDomain per certificate compared (entries 15, 35: the same
# certificate; 16, 36: another one), one DNS lookup per bind (14) and move (2); apply writes
# one call per step (28) and reads G before, G after and one per certificate sent (4); the
# second plan is all "=" (its DescribeDomain now also for the 2 certificates apply added).
# Times are printed, never checked. The exit status must be 0.
set -u
B=$1
out=$("$B" 50 5 2>&1)
rc=$?
echo "$out"
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
[ $rc -eq 0 ] && ok "exit status 0" || bad "exit status $rc"
counts=$(grep '^counts ' <<<"$out")
[ -n "$counts" ] && ok "a counts line" || bad "no counts line"
want() { # want KEY VALUE
    local got
    got=$(grep -o "\b$1=[0-9]*" <<<"$counts" | cut -d= -f2)
    [ "$got" = "$2" ] && ok "$1 = $2" || bad "$1: want $2, got '${got}'"
}
want plan_group_reads 5
want plan_domain_reads 4
want plan_calls 9
want plan_dns 16
want plan_bind 14
want plan_update 10
want plan_move 2
want plan_unbind 2
want plan_unchanged 22
want plan_blocked 0
want apply_steps 28
want apply_writes 28
want apply_changed 28
want apply_calls 42
want replan_calls 11
want replan_domain_reads 6
want replan_dns 0
want replan_unchanged 50
want replan_changes 0
grep -q '^plan: first plan: 9 API calls (5 DescribeApiGroup + 4 DescribeDomain) = 0.180 calls per planned domain; 16 DNS lookups$' <<<"$out" \
    && ok "the figures line" || bad "the figures line"
grep -q '^plan: first plan: .* ms wall (.* us per domain), .* ms CPU (.* us per domain), peak RSS [0-9.]* MB$' <<<"$out" \
    && ok "time and RSS printed" || bad "time and RSS line"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
