# The fuzz targets of tests/fuzz (see tests/fuzz/README.md). Each target is one
# fuzz_<name>.c defining LLVMFuzzerTestOneInput, built two ways:
# - every build: with tests/fuzz/replay.c as main(), registered as the ctest test fuzz_<name>
#   (label "fuzz") that replays tests/fuzz/corpus/<name> and tests/fuzz/regress/<name>;
# - -DAGW_FUZZ=ON (clang, `make fuzz`): linked with libFuzzer as fuzz_<name>, all of them
#   built by the target agw_fuzzers; tests/fuzz/run.sh fuzzes each for a given time.
set(AGW_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR}/fuzz)
if(AGW_FUZZ)
  add_custom_target(agw_fuzzers)
endif()

# agw_fuzz_target(<name> <libraries>...)
function(agw_fuzz_target name)
  if(AGW_FUZZ)
    set(exe fuzz_${name})
    add_executable(${exe} ${AGW_FUZZ_DIR}/fuzz_${name}.c)
    target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
    target_compile_definitions(${exe} PRIVATE AGW_FUZZ_LIBFUZZER)
    set_target_properties(${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
    add_dependencies(agw_fuzzers ${exe})
  else()
    set(exe test_fuzz_${name})
    add_executable(${exe} ${AGW_FUZZ_DIR}/fuzz_${name}.c ${AGW_FUZZ_DIR}/replay.c)
    add_test(NAME fuzz_${name} COMMAND ${exe} ${AGW_FUZZ_DIR}/corpus/${name}
                                             ${AGW_FUZZ_DIR}/regress/${name})
    set_tests_properties(fuzz_${name} PROPERTIES LABELS fuzz TIMEOUT 300)
  endif()
  target_include_directories(${exe} PRIVATE ${AGW_FUZZ_DIR})
  target_link_libraries(${exe} PRIVATE ${ARGN} agw_sign) # fuzz.h decodes with pe.h
endfunction()

agw_fuzz_target(pe agw_sign)
agw_fuzz_target(sign agw_request agw_cred agw_emu_server)
agw_fuzz_target(cred agw_cred)
agw_fuzz_target(fetched agw_cred)
agw_fuzz_target(seed agw_emu_model)
agw_fuzz_target(state agw_emu_model)
agw_fuzz_target(actions agw_emu_server)
agw_fuzz_target(handle agw_request agw_emu_server)
agw_fuzz_target(json agw_bindings)
agw_fuzz_target(answer agw_bindings)
agw_fuzz_target(redact agw_request)
agw_fuzz_target(cert agw_cert)
