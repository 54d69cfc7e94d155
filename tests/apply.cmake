# Issue 10 §3: plan:apply, apigw.ensure and scripts/ensure.lua against apigw-emulator
# (tests/apply/apply.sh CASE; each case starts its own emulator on 127.0.0.1 port 0).
foreach(case converge stale verify faults ensure_usage)
  add_test(NAME apply_${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/apply/apply.sh $<TARGET_FILE:apigw-lua>
                   $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR} ${case})
  set_tests_properties(apply_${case} PROPERTIES LABELS integration TIMEOUT 120)
endforeach()
