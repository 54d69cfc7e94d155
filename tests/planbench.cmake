# bench/plan run small (50 domains over 5 groups): exit status 0 and its call counts exactly
# (G reads plus one per certificate compared, DNS lookups, apply's writes, a second plan all
# "="); times are not asserted. tests/planbench/check.sh.
add_test(NAME bench_plan COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/planbench/check.sh $<TARGET_FILE:agw_bench_plan>)
set_tests_properties(bench_plan PROPERTIES LABELS lua TIMEOUT 120)
