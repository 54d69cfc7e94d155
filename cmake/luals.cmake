# The LuaLS definitions (build/luals/apigw.lua), generated from the action table by the built
# host (bindings/gen/luals.lua reads the table the module embeds). cmake/install.cmake installs
# the file into share/apigw-lua/luals/; `apigw-lua --luals-path` prints where it is.
set(AGW_LUALS_OUT ${PROJECT_BINARY_DIR}/luals/apigw.lua)
set(AGW_LUALS_PARTS ${PROJECT_SOURCE_DIR}/bindings/luals/base.lua)
# The hooks part once the module has hooks.
if(EXISTS ${PROJECT_SOURCE_DIR}/bindings/lua/apigw/hooks.lua)
  list(APPEND AGW_LUALS_PARTS ${PROJECT_SOURCE_DIR}/bindings/luals/hooks.lua)
endif()
# The declarative plan once the module has it.
if(EXISTS ${PROJECT_SOURCE_DIR}/bindings/lua/apigw/plan.lua)
  list(APPEND AGW_LUALS_PARTS ${PROJECT_SOURCE_DIR}/bindings/luals/plan.lua)
endif()
add_custom_command(
  OUTPUT ${AGW_LUALS_OUT}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/luals
  COMMAND $<TARGET_FILE:apigw-lua> ${PROJECT_SOURCE_DIR}/bindings/gen/luals.lua ${AGW_LUALS_OUT}
          ${AGW_LUALS_PARTS}
  DEPENDS apigw-lua ${PROJECT_SOURCE_DIR}/bindings/gen/luals.lua
          ${PROJECT_SOURCE_DIR}/bindings/gen/describe.lua ${AGW_LUALS_PARTS}
  COMMENT "Generating the LuaLS definitions from the action table" VERBATIM)
add_custom_target(agw_luals ALL DEPENDS ${AGW_LUALS_OUT})
