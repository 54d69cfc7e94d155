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
# A configuration error inside apigw.map stops the map and the playbook (exit 3, one message),
# and so does one in a task nobody waited for (docs/bulk.md, "Configuration errors").
# Run with no credentials anywhere, against a closed port.
set(AGW_NOCRED env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET
    -u ALIBABA_CLOUD_SECURITY_TOKEN -u ALICLOUD_ACCESS_KEY -u ALICLOUD_SECRET_KEY
    -u ALICLOUD_SECURITY_TOKEN -u ALIBABA_CLOUD_PROFILE -u ALIBABA_CLOUD_CONFIG_FILE
    -u ALIBABA_CLOUD_CREDENTIALS_FILE HOME=${CMAKE_CURRENT_BINARY_DIR}/nocred
    $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --region cn-hangzhou)
set(_call "apigw.call('DescribeApiGroups', {})")
add_test(NAME bulk_config_spec
         COMMAND ${AGW_NOCRED} ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_map_config.lua
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
add_test(NAME bulk_config_stops_map
         COMMAND ${AGW_EXPECT} --rc 3 --match "^apigw-lua: NoCredentials: no credentials found[^\n]*\n$"
                 -- ${AGW_NOCRED} -e "apigw.map({1,2,3,4}, function() ${_call} end) print('carried on')")
add_test(NAME bulk_config_unwaited_task
         COMMAND ${AGW_EXPECT} --rc 3
                 --match "^apigw-lua: warning: 1 task\\(s\\) still running at the end of the playbook; waiting for them\napigw-lua: NoCredentials: no credentials found[^\n]*\n$"
                 -- ${AGW_NOCRED} -e "apigw.spawn(function() ${_call} end)")
# beside it, a task that failed otherwise is still reported; the status is the config one
add_test(NAME bulk_config_unwaited_mixed
         COMMAND ${AGW_EXPECT} --rc 3
                 --match "^apigw-lua: warning: 2 task\\(s\\) still running at the end of the playbook; waiting for them\napigw-lua: warning: a task failed and nobody waited for it: LuaError[^\n]*boom[^\n]*\napigw-lua: NoCredentials: [^\n]*\n$"
                 -- ${AGW_NOCRED} -e "apigw.spawn(function() error(apigw.Error.new{code = 'LuaError', message = 'boom'}, 0) end) apigw.spawn(function() apigw.sleep(0.01) ${_call} end)")
# a task nobody waited for that failed otherwise: exit 1, as before
add_test(NAME bulk_unwaited_task_status
         COMMAND ${AGW_EXPECT} --rc 1
                 --match "^apigw-lua: warning: 1 task\\(s\\) still running at the end of the playbook; waiting for them\napigw-lua: warning: a task failed and nobody waited for it: [^\n]*boom\n$"
                 -- ${AGW_NOCRED} -e "apigw.spawn(function() error('boom', 0) end)")
set_tests_properties(bulk_config_spec bulk_config_stops_map bulk_config_unwaited_task
                     bulk_config_unwaited_mixed bulk_unwaited_task_status
                     PROPERTIES LABELS lua TIMEOUT 60)
