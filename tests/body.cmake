# Body parameters (issue 9 §2): SetDomainCertificate's PEM parameters in a signed form body,
# against the emulator and a capturing server (label integration).
add_test(NAME integration_body_params
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/body_params.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(integration_body_params PROPERTIES LABELS integration TIMEOUT 120)

# The request layer's form body, checked by the emulator's verifier (label unit).
add_executable(test_request_body ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_request_body.c)
target_link_libraries(test_request_body PRIVATE agw_request agw_emu_server)
add_test(NAME request_body COMMAND test_request_body)
set_tests_properties(request_body PROPERTIES LABELS unit)
