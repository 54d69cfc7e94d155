# Certificates before they are sent (issue 9 §3). Name coverage, table-driven (label unit);
# the checks, apigw.pem, apigw.cert_days_left and set_domain_certificate on certificates the
# openssl command makes at test time (label integration: the embedded emulator).
add_executable(test_cert_names ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_cert_names.c)
target_link_libraries(test_cert_names PRIVATE agw_cert)
add_test(NAME cert_names COMMAND test_cert_names)
set_tests_properties(cert_names PROPERTIES LABELS unit)

add_test(NAME cert_check
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cert/check.sh $<TARGET_FILE:apigw-lua>
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(cert_check PROPERTIES LABELS integration TIMEOUT 120)
