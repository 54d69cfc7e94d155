# runtime/cert: the names a message quotes from a certificate, control bytes escaped (label
# unit; the certificates are made in memory with OpenSSL).
add_executable(test_cert_quote ${CMAKE_CURRENT_LIST_DIR}/unit/test_cert_quote.c)
target_link_libraries(test_cert_quote PRIVATE agw_cert)
target_include_directories(test_cert_quote PRIVATE ${CMAKE_CURRENT_LIST_DIR}/unit)
add_test(NAME cert_quote COMMAND test_cert_quote)
set_tests_properties(cert_quote PROPERTIES LABELS unit)
