# Unit tests of the emulator's model (emulator/model), label "unit".
# They build the model alone (no HTTP front) into a scratch library, so that they do not
# depend on emulator/server compiling at any given moment.
file(GLOB AGW_EMU_MODEL_TEST_SRC CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/emulator/model/*.c)
add_library(agw_emu_model_only STATIC ${AGW_EMU_MODEL_TEST_SRC})
target_include_directories(agw_emu_model_only PUBLIC ${PROJECT_SOURCE_DIR}/emulator/model)
target_link_libraries(agw_emu_model_only PUBLIC agw_sign agw_core PkgConfig::CJSONC
                                                PkgConfig::OPENSSL)

foreach(t domains groups certs durable load)
  add_executable(test_emu_model_${t} ${CMAKE_CURRENT_LIST_DIR}/unit/test_emu_model_${t}.c)
  target_link_libraries(test_emu_model_${t} PRIVATE agw_emu_model_only)
  add_test(NAME emu_model_${t} COMMAND test_emu_model_${t})
  set_tests_properties(emu_model_${t} PROPERTIES LABELS unit)
endforeach()
