# The endpoint parser (runtime/request/endpoint.c), table-driven (label "unit"). What the
# CLI and apigw.client make of the same endpoints is in tests/cli/endpoint.sh (cli_host.cmake).
add_executable(test_endpoint ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_endpoint.c)
target_link_libraries(test_endpoint PRIVATE agw_request)
add_test(NAME request_endpoint COMMAND test_endpoint)
set_tests_properties(request_endpoint PROPERTIES LABELS unit)
