# Hooks and the call stages (docs/hooks.md). Shell drivers under tests/hooks/ print their
# checks and end with "N passed, N failed"; Lua specs use tests/lua/testlib.lua.
set(AGW_HOOKS_DIR ${CMAKE_CURRENT_LIST_DIR}/hooks)

add_test(NAME hooks_secret_params
         COMMAND bash ${AGW_HOOKS_DIR}/secret_params.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(hooks_secret_params PROPERTIES LABELS cli TIMEOUT 120)
