# Issue 10 §3: plan:apply, apigw.ensure and scripts/ensure.lua against apigw-emulator
# (tests/apply/apply.sh CASE; each case starts its own emulator on 127.0.0.1 port 0).
foreach(case converge stale verify faults quota journal check ensure ensure_usage)
  add_test(NAME apply_${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/apply/apply.sh $<TARGET_FILE:apigw-lua>
                   $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR} ${case})
  set_tests_properties(apply_${case} PROPERTIES LABELS integration TIMEOUT 120)
endforeach()

# docs/declarative.md's worked example, applied, prints what the doc shows.
add_test(NAME apply_docs
         COMMAND $<TARGET_FILE:apigw-lua> --emulate ${CMAKE_CURRENT_SOURCE_DIR}/apply/docs_example.lua
                 ${PROJECT_SOURCE_DIR}/docs/declarative.md)
set_tests_properties(apply_docs PROPERTIES LABELS integration TIMEOUT 60
                     ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR};NO_COLOR=1")
