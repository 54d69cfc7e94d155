# The emulator's HTTP front and program (emulator/server, emulator/main.c).
# unit: pure pieces (nonce cache, fault counter, rendering, the request log, the checks, one
# request through agw_emu_handle without sockets); integration: a libcurl client
# against the server on 127.0.0.1 port 0, in process or as the apigw-emulator program.
foreach(_t nonce faults render reqlog verify handle)
  add_executable(test_emu_server_${_t} ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_emu_server_${_t}.c)
  target_link_libraries(test_emu_server_${_t} PRIVATE agw_emu_server)
  add_test(NAME emu_server_${_t} COMMAND test_emu_server_${_t})
  set_tests_properties(emu_server_${_t} PROPERTIES LABELS unit)
endforeach()

add_library(agw_test_emu_client STATIC
            ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_emu_server_client.c)
target_include_directories(agw_test_emu_client PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/integration)
target_link_libraries(agw_test_emu_client PUBLIC agw_sign agw_core PkgConfig::CURL
                                                 PkgConfig::CJSONC)

add_executable(test_emu_server ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_emu_server.c)
target_link_libraries(test_emu_server PRIVATE agw_emu_server agw_test_emu_client)
add_test(NAME emu_server COMMAND test_emu_server)

add_executable(test_emu_server_replay
               ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_emu_server_replay.c)
target_link_libraries(test_emu_server_replay PRIVATE agw_emu_server agw_test_emu_client)
add_test(NAME emu_server_replay COMMAND test_emu_server_replay ${AGW_VECTORS})

set_tests_properties(emu_server emu_server_replay PROPERTIES LABELS integration TIMEOUT 120)

add_executable(test_emu_server_program
               ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_emu_server_program.c)
target_link_libraries(test_emu_server_program PRIVATE agw_test_emu_client)
add_test(NAME emu_server_program COMMAND test_emu_server_program $<TARGET_FILE:apigw-emulator>)
set_tests_properties(emu_server_program PROPERTIES LABELS integration TIMEOUT 120)

# The files the emulator reads, through apigw-emulator and apigw-lua --emulate (label "cli").
add_test(NAME cli_emu_files
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/emu_files.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(cli_emu_files PROPERTIES LABELS cli TIMEOUT 120)
