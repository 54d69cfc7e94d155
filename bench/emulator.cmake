# bench/emulator: SetDomain calls per second against the emulator (V3, keep-alive, curl multi),
# built as <build>/bench/emulator.
add_executable(agw_bench_emulator ${CMAKE_CURRENT_SOURCE_DIR}/emulator.c)
target_link_libraries(agw_bench_emulator PRIVATE agw_emu_server agw_sign agw_core PkgConfig::CURL)
set_target_properties(agw_bench_emulator PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench
  OUTPUT_NAME emulator)
