# The transport against a scripted loopback server.
add_executable(test_http ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http.c)
target_link_libraries(test_http PRIVATE agw_http Threads::Threads)
add_test(NAME http_transport COMMAND test_http)
set_tests_properties(http_transport PROPERTIES LABELS unit TIMEOUT 60)

# Run-time library loading (how libcurl and libmicrohttpd are loaded).
add_executable(test_dl ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_dl.c)
target_link_libraries(test_dl PRIVATE agw_core)
add_test(NAME core_dl COMMAND test_dl)
set_tests_properties(core_dl PROPERTIES LABELS unit)

# The one wipe-then-free helper for secrets.
add_executable(test_wipe ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_wipe.c)
target_link_libraries(test_wipe PRIVATE agw_core)
add_test(NAME core_wipe COMMAND test_wipe)
set_tests_properties(core_wipe PROPERTIES LABELS unit)
