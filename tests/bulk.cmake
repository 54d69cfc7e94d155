# Bulk playbooks (issue 4): scheduler, map, retries, rate limit, per-call options.
# Integration cases run tests/integration/bulk.sh, which starts apigw-emulator on 127.0.0.1
# port 0 with the faults each case needs and stops it; the sched case needs no server.
foreach(_case faults inflight qps timeout retries verbose)
  add_test(NAME bulk_${_case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/bulk.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${_case})
  set_tests_properties(bulk_${_case} PROPERTIES LABELS integration TIMEOUT 300)
endforeach()
# The timing cases run alone, so that a neighbour's load cannot push them off their bounds.
set_tests_properties(bulk_qps bulk_timeout PROPERTIES RUN_SERIAL TRUE)
add_test(NAME bulk_sched
         COMMAND $<TARGET_FILE:apigw-lua> --emulate ${CMAKE_CURRENT_SOURCE_DIR}/integration/bulk_sched.lua
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(bulk_sched PROPERTIES LABELS lua TIMEOUT 120
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")
# The cases below check what a command prints and how it exits, through tests/lua/expect.sh
# (PASS_REGULAR_EXPRESSION alone would pass a crash after the expected output).
set(AGW_EXPECT bash ${CMAKE_CURRENT_SOURCE_DIR}/lua/expect.sh)
# Tasks still running when the playbook ends are waited for, with a warning.
add_test(NAME bulk_end_waits
         COMMAND ${AGW_EXPECT} --rc 0
                 --match "^apigw-lua: warning: 1 task\\(s\\) still running at the end of the playbook; waiting for them\ntask finished\n$"
                 -- $<TARGET_FILE:apigw-lua> --emulate -e "apigw.spawn(function() apigw.sleep(0.2) print('task finished') end)")
set_tests_properties(bulk_end_waits PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")
# scripts/bulk_bind.lua: the example CSV binds on the built-in seed; a CSV with an
# unresolvable domain reports it and exits non-zero.
add_test(NAME bulk_bind_example
         COMMAND ${AGW_EXPECT} --rc 0 --match "\n4 domains: 4 bound, 0 failed\n$" --no-match "FAILED|warning"
                 -- $<TARGET_FILE:apigw-lua> --emulate ${PROJECT_SOURCE_DIR}/scripts/bulk_bind.lua
                 ${PROJECT_SOURCE_DIR}/scripts/domains.csv)
set_tests_properties(bulk_bind_example PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")
add_test(NAME bulk_bind_failure
         COMMAND ${AGW_EXPECT} --rc 1
                 --match "FAILED  nope.example.net.*DomainNotResolved.*2 domains: 1 bound, 1 failed\napigw-lua: 1 of 2 bindings failed\n$"
                 -- $<TARGET_FILE:apigw-lua> --emulate ${PROJECT_SOURCE_DIR}/scripts/bulk_bind.lua
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/bulk_bad.csv)
set_tests_properties(bulk_bind_failure PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")
# Progress: without a terminal only the summary line; on a terminal (script(1) gives one)
# the meter's done/total, errors, calls/s and time left, then the summary.
add_test(NAME bulk_progress_summary
         COMMAND ${AGW_EXPECT} --rc 0
                 --match "^apigw-lua: map: 3 items, 2 ok, 1 errors in [0-9.]+ s \\([0-9.]+ items/s\\)\n$"
                 -- $<TARGET_FILE:apigw-lua> --progress -e "apigw.map({1,2,3}, function(x) if x == 2 then error('no') end end)")
set_tests_properties(bulk_progress_summary PROPERTIES LABELS lua TIMEOUT 60)
find_program(AGW_SCRIPT_PROG script)
if(AGW_SCRIPT_PROG)
  add_test(NAME bulk_progress_meter
           COMMAND ${AGW_EXPECT} --rc 0 --tty
                   --match "apigw-lua: 2/4 done, 0 errors, [0-9.]+ calls/s, [0-9.]+ s left.*apigw-lua: map: 4 items, 4 ok, 0 errors"
                   -- $<TARGET_FILE:apigw-lua> --progress -e "apigw.map({1,2,3,4}, function() apigw.sleep(0.12) end, {concurrency = 1})")
  set_tests_properties(bulk_progress_meter PROPERTIES LABELS lua TIMEOUT 60)
endif()
