# Issue 10 §3: plan:apply, apigw.ensure and scripts/ensure.lua against apigw-emulator
# (tests/apply/apply.sh CASE; each case starts its own emulator on 127.0.0.1 port 0).
set(AGW_APPLY_CASES converge stale verify faults quota ensure_usage)
# ensure runs apigw.plan, check runs --check, journal apigw.map's journals (issue 10 §2, §4,
# §5: other helpers' parts, landing in parallel): each case is registered once its part is in
# the tree.
if(EXISTS ${PROJECT_SOURCE_DIR}/bindings/lua/apigw/plan.lua)
  list(APPEND AGW_APPLY_CASES ensure)
  file(STRINGS ${PROJECT_SOURCE_DIR}/runtime/host/cli.c AGW_HAS_CHECK REGEX "\"--check\"")
  if(AGW_HAS_CHECK)
    list(APPEND AGW_APPLY_CASES check)
  endif()
endif()
if(EXISTS ${PROJECT_SOURCE_DIR}/bindings/lua/apigw/journal.lua)
  list(APPEND AGW_APPLY_CASES journal)
endif()
foreach(case ${AGW_APPLY_CASES})
  add_test(NAME apply_${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/apply/apply.sh $<TARGET_FILE:apigw-lua>
                   $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR} ${case})
  set_tests_properties(apply_${case} PROPERTIES LABELS integration TIMEOUT 120)
endforeach()
