# Integration: playbooks against apigw-emulator (embedded with --emulate, or a process).
add_test(NAME integration_core
         COMMAND $<TARGET_FILE:apigw-lua> --emulate --seed ${CMAKE_CURRENT_SOURCE_DIR}/integration/seed.json
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_core.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
add_test(NAME integration_dryrun
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/dryrun.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${CMAKE_CURRENT_SOURCE_DIR})
add_test(NAME integration_examples
         COMMAND bash -c "$0 --emulate $1/scripts/bind_domain.lua && $0 --emulate $1/scripts/rebind.lua"
                 $<TARGET_FILE:apigw-lua> ${PROJECT_SOURCE_DIR})
set_tests_properties(integration_core integration_dryrun integration_examples PROPERTIES
  LABELS integration TIMEOUT 120 ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR}")
