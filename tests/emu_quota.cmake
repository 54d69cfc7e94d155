# The emulator's quota (seed behaviour.qps_per_user, docs/emulator.md "Quota"): the bucket and
# the seed's checks (unit), Throttling.User over HTTP with x-acs-retry-after (integration).
add_executable(test_emu_server_quota ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_emu_server_quota.c)
target_link_libraries(test_emu_server_quota PRIVATE agw_emu_server)
add_test(NAME emu_server_quota COMMAND test_emu_server_quota)
set_tests_properties(emu_server_quota PROPERTIES LABELS unit)

add_executable(test_emu_quota ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_emu_quota.c)
target_link_libraries(test_emu_quota PRIVATE agw_emu_server agw_test_emu_client)
add_test(NAME emu_quota COMMAND test_emu_quota ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(emu_quota PROPERTIES LABELS integration TIMEOUT 60)

# The client's slow-down against the quota (bench/quota, docs/bulk.md "Benchmarks"): one case of
# the bench in its "converges" mode: it fails when a call failed for throttling, a binding is
# missing, or over 15% of attempts were throttled (no slow-down at all). The 95%/3% goal is a
# speed target: `make bench` measures and prints it; a timed test would fail on a loaded machine.
add_test(NAME quota_bench COMMAND $<TARGET_FILE:agw_bench_quota> 500 50 128 0 converges)
set_tests_properties(quota_bench PROPERTIES LABELS integration TIMEOUT 120)
