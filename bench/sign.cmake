# bench/sign: signatures per second of runtime/sign (V3 and RPC), built as <build>/bench/sign.
add_executable(agw_bench_sign ${CMAKE_CURRENT_SOURCE_DIR}/sign.c)
target_link_libraries(agw_bench_sign PRIVATE agw_sign agw_core)
set_target_properties(agw_bench_sign PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench
  OUTPUT_NAME sign)
