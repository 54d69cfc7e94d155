# The plan's certificate checks (core.cert_cache, runtime/cert/cache.c): the same answers as
# core.check_certificate for every pairing of the test certificates, keys and domains, each
# distinct certificate and key checked once (label lua: no emulator).
add_test(NAME cert_cache
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cert/cache.sh $<TARGET_FILE:apigw-lua>
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(cert_cache PROPERTIES LABELS lua TIMEOUT 120)
