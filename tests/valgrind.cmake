# Leak checks under valgrind (label "valgrind"): the main paths of apigw-lua and the
# emulator, with valgrind reporting definite and indirect leaks and memory errors as
# failures. Not in the sanitizer build (valgrind cannot run ASan binaries).
find_program(AGW_VALGRIND valgrind)
if(AGW_VALGRIND AND NOT AGW_SANITIZE)
  set(AGW_VG ${AGW_VALGRIND} --leak-check=full --errors-for-leak-kinds=definite,indirect
             --error-exitcode=99 -q)
  add_test(NAME valgrind_integration_core
           COMMAND ${AGW_VG} $<TARGET_FILE:apigw-lua> --emulate
                   --seed ${CMAKE_CURRENT_SOURCE_DIR}/integration/seed.json
                   ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_core.lua
                   ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
  add_test(NAME valgrind_lua_error
           COMMAND ${AGW_VG} $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --retries 0
                   ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_error.lua ${AGW_TESTLIB})
  add_test(NAME valgrind_sign_vectors COMMAND ${AGW_VG} $<TARGET_FILE:test_sign_vectors> ${AGW_VECTORS})
  add_test(NAME valgrind_http COMMAND ${AGW_VG} $<TARGET_FILE:test_http>)
  set_tests_properties(valgrind_integration_core valgrind_lua_error valgrind_sign_vectors
                       valgrind_http PROPERTIES LABELS valgrind TIMEOUT 300
    ENVIRONMENT "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")
endif()
