# Specs run by apigw-lua itself (label lua). They talk to no server: the endpoint is a
# closed port on 127.0.0.1, so a local validation error also proves nothing was sent.
set(AGW_TESTLIB ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
foreach(spec json error answer retry ratelimit hostname)
  add_test(NAME lua_${spec}
           COMMAND $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --retries 0
                   ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_${spec}.lua ${AGW_TESTLIB})
  set_tests_properties(lua_${spec} PROPERTIES LABELS lua TIMEOUT 60
    ENVIRONMENT "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")
endforeach()

# Parameter encoding through --dry-run.
add_test(NAME lua_flatten
         COMMAND $<TARGET_FILE:apigw-lua> --dry-run --region cn-hangzhou
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_flatten.lua ${AGW_TESTLIB})
set_tests_properties(lua_flatten PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")

# tests/lua/expect.sh (used by tests/bulk.cmake) fails a command that prints what is
# expected but then crashes, or exits with another status, or prints what it must not.
add_test(NAME lua_expect_helper
         COMMAND bash -c [[
           e="bash $0"
           $e --rc 0 --match $'^x\n$' -- bash -c 'echo x' >/dev/null || exit 1
           ! $e --rc 0 --match x -- bash -c 'echo x; kill -SEGV $$' >/dev/null || exit 2
           ! $e --rc 0 --match x -- bash -c 'echo x; exit 3' >/dev/null || exit 3
           ! $e --rc 3 --match y -- bash -c 'echo x; exit 3' >/dev/null || exit 4
           ! $e --no-match x -- bash -c 'echo x' >/dev/null || exit 5
           $e --rc 3 --match 'a.*b' -- bash -c 'echo a; echo b; exit 3' >/dev/null || exit 6
         ]] ${CMAKE_CURRENT_SOURCE_DIR}/lua/expect.sh)
set_tests_properties(lua_expect_helper PROPERTIES LABELS lua TIMEOUT 60)
