# core.cert_fingerprint's C function (runtime/cert/fingerprint.c) against the openssl
# command on certificates made at test time: a certificate, a chain (the leaf's), a key
# block beside it, and bad input refused with InvalidCertificateBody. Label unit.
add_executable(test_cert_fingerprint ${CMAKE_CURRENT_LIST_DIR}/unit/test_cert_fingerprint.c)
target_link_libraries(test_cert_fingerprint PRIVATE agw_cert)
target_include_directories(test_cert_fingerprint PRIVATE ${CMAKE_CURRENT_LIST_DIR}/unit)
add_test(NAME cert_fingerprint COMMAND test_cert_fingerprint)
set_tests_properties(cert_fingerprint PROPERTIES LABELS unit TIMEOUT 60)
