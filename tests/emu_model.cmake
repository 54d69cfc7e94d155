# Unit tests of the emulator's model (emulator/model, the agw_emu_model library), label "unit".
foreach(t domains groups certs durable load)
  add_executable(test_emu_model_${t} ${CMAKE_CURRENT_LIST_DIR}/unit/test_emu_model_${t}.c)
  target_link_libraries(test_emu_model_${t} PRIVATE agw_emu_model)
  add_test(NAME emu_model_${t} COMMAND test_emu_model_${t})
  set_tests_properties(emu_model_${t} PROPERTIES LABELS unit)
endforeach()
# The in-memory speed floor of test_emu_model_durable means nothing under the sanitizers (and
# failed there under load): AGW_SLOW keeps the figure printed and drops the floor.
if(AGW_SANITIZE)
  set_tests_properties(emu_model_durable PROPERTIES ENVIRONMENT AGW_SLOW=1)
endif()
