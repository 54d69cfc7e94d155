# Issue 9: the action table (bindings/lua/apigw/actions.lua) and what is made from it.
set(AGW_ACTIONS_ENV "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")

# The checks made from the table, for every entry; the endpoint is a closed port, so a check
# that passes shows as a failure to connect.
add_test(NAME actions_checks
         COMMAND $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --retries 0
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_actions.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(actions_checks PROPERTIES LABELS lua TIMEOUT 60 ENVIRONMENT "${AGW_ACTIONS_ENV}")

# Every entry against apigw-emulator, whose action table is its own (emulator/model/actions.c).
add_test(NAME actions_conformance
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/actions/conformance.sh $<TARGET_FILE:apigw-lua>
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(actions_conformance PROPERTIES LABELS integration TIMEOUT 120
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")

# Under --dry-run, every binding answers with every field of its entry.
add_test(NAME actions_dryrun
         COMMAND $<TARGET_FILE:apigw-lua> --dry-run --region cn-hangzhou
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_dryrun_bindings.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(actions_dryrun PROPERTIES LABELS lua TIMEOUT 60 ENVIRONMENT "${AGW_ACTIONS_ENV}")

# apigw.pages and apigw.wait against the emulator (waits on an injected clock, except one).
add_test(NAME actions_pages_wait
         COMMAND $<TARGET_FILE:apigw-lua> --emulate --seed ${CMAKE_CURRENT_SOURCE_DIR}/actions/seed.json
                 ${CMAKE_CURRENT_SOURCE_DIR}/actions/test_pages_wait.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(actions_pages_wait PROPERTIES LABELS integration TIMEOUT 120
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")

# The LuaLS definitions: they load in a stock lua5.4 (a plain state, no apigw module) and
# match the module, member for member.
add_test(NAME actions_luals
         COMMAND bash -c [[
           set -e
           lua5.4 -e "local f = assert(loadfile('$2')); assert(type(f()) == 'table'); print('lua5.4 loads it')"
           "$0" "$1/actions/luals_check.lua" "$1/lua/testlib.lua" "$2"
         ]] $<TARGET_FILE:apigw-lua> ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/luals/apigw.lua)
set_tests_properties(actions_luals PROPERTIES LABELS lua TIMEOUT 60 ENVIRONMENT "${AGW_ACTIONS_ENV}")

# apigw-lua --luals-path: build tree, installed layout, none.
add_test(NAME actions_luals_path
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/actions/luals_path.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(actions_luals_path PROPERTIES LABELS cli TIMEOUT 60)

# docs/lua-api.md's parameter and answer tables are the table's (bindings/gen/docs.lua).
add_test(NAME actions_docs
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/actions/docs.sh $<TARGET_FILE:apigw-lua> ${PROJECT_SOURCE_DIR})
set_tests_properties(actions_docs PROPERTIES LABELS unit TIMEOUT 60)

# The example playbooks: certificates.lua, inventory.lua, cleanup.lua.
add_test(NAME actions_scripts
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/actions/scripts.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(actions_scripts PROPERTIES LABELS integration TIMEOUT 120)

# SetWildcardDomainPatterns in the emulator's model (so that every entry of the table has an
# emulator side).
add_executable(test_emu_model_wildcard ${CMAKE_CURRENT_LIST_DIR}/unit/test_emu_model_wildcard.c)
target_link_libraries(test_emu_model_wildcard PRIVATE agw_emu_model)
add_test(NAME emu_model_wildcard COMMAND test_emu_model_wildcard)
set_tests_properties(emu_model_wildcard PROPERTIES LABELS unit)
