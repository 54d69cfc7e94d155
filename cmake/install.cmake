# Install rules: `make install` (PREFIX, default /usr/local; DESTDIR honoured), `make uninstall`
# and `make deb` (cmake/deb.cmake stages these same rules under /usr). Every rule is in the
# component "apigw": the tests and the package install with --component apigw, so that their
# manifest (install_manifest_apigw.txt) never overwrites the install_manifest.txt of a real
# `make install`, from which `make uninstall` removes exactly what was installed.
#
# Layout, relative to the prefix:
#   bin/apigw-lua, bin/apigw-emulator
#   lib/lua/5.4/apigw.so          where Debian's lua5.4 looks under /usr/local (and any other
#                                 prefix); under /usr, Debian's own directory: pkg-config's
#                                 INSTALL_CMOD of lua5.4 (lib/<triplet>/lua/5.4). Decided when
#                                 installing, since the deb is staged from the same build.
#   share/apigw-lua/examples/     scripts/ (playbooks, their data, hooks)
#   share/apigw-lua/luals/        the LuaLS definitions (off package.path, so they never shadow
#                                 the module), installed when the build generates
#                                 ${AGW_LUALS_FILE}; `apigw-lua --luals-path` should print this
#                                 place, found from the executable's own path (<exe>/../share/...)
#                                 so that it is right for every prefix
#   share/doc/apigw-lua/          README.md, CHANGELOG.md, docs/*.md
#   share/man/man1/               apigw-lua.1, apigw-emulator.1 (man/CMakeLists.txt)
#   share/bash-completion/completions/apigw-lua, apigw-emulator
set(AGW_LUALS_FILE ${PROJECT_BINARY_DIR}/luals/apigw.lua)
set(AGW_COMPONENT apigw)

pkg_get_variable(AGW_LUA_CMOD_ABS lua5.4 INSTALL_CMOD)
pkg_get_variable(AGW_LUA_PC_PREFIX lua5.4 prefix)
set(AGW_LUA_CMOD_USR lib/lua/5.4)
if(AGW_LUA_CMOD_ABS AND AGW_LUA_PC_PREFIX STREQUAL "/usr")
  file(RELATIVE_PATH AGW_LUA_CMOD_USR /usr ${AGW_LUA_CMOD_ABS})
endif()

# First rule: note which of the directories this install writes into do not exist yet (with
# their missing parents), so that uninstall removes those and only those.
set(AGW_INSTALL_ROOTS bin share/man/man1 share/bash-completion/completions share/apigw-lua
    share/doc/apigw-lua)
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(AGW_CMOD \"${AGW_LUA_CMOD_USR}\")
  else()
    set(AGW_CMOD \"lib/lua/5.4\")
  endif()
  if(CMAKE_INSTALL_COMPONENT)
    set(agw_dirs_file \"${PROJECT_BINARY_DIR}/install_dirs_\${CMAKE_INSTALL_COMPONENT}.txt\")
  else()
    set(agw_dirs_file \"${PROJECT_BINARY_DIR}/install_dirs.txt\")
  endif()
  set(agw_created)
  if(EXISTS \"\${agw_dirs_file}\")
    file(STRINGS \"\${agw_dirs_file}\" agw_created)
  endif()
  # recorded without DESTDIR, as CMake's install_manifest.txt is
  foreach(root ${AGW_INSTALL_ROOTS} \${AGW_CMOD})
    set(d \"\${CMAKE_INSTALL_PREFIX}/\${root}\")
    while(NOT EXISTS \"\$ENV{DESTDIR}\${d}\" AND NOT d STREQUAL \"/\" AND NOT d STREQUAL \"\")
      list(APPEND agw_created \"\${d}\")
      get_filename_component(d \"\${d}\" DIRECTORY)
    endwhile()
  endforeach()
  list(REMOVE_DUPLICATES agw_created)
  string(REPLACE \";\" \"\\n\" agw_text \"\${agw_created}\")
  file(WRITE \"\${agw_dirs_file}\" \"\${agw_text}\\n\")
" COMPONENT ${AGW_COMPONENT})

install(TARGETS apigw-lua apigw-emulator RUNTIME DESTINATION bin COMPONENT ${AGW_COMPONENT})
install(TARGETS apigw_module LIBRARY DESTINATION "\${AGW_CMOD}" COMPONENT ${AGW_COMPONENT})
install(FILES ${AGW_MAN_PAGES} DESTINATION share/man/man1 COMPONENT ${AGW_COMPONENT})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scripts/ DESTINATION share/apigw-lua/examples
        COMPONENT ${AGW_COMPONENT})
# only when the build made it (no empty directory otherwise, which OPTIONAL would leave)
install(CODE "
  if(EXISTS \"${AGW_LUALS_FILE}\")
    file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/share/apigw-lua/luals\" TYPE FILE
         FILES \"${AGW_LUALS_FILE}\")
  endif()
" COMPONENT ${AGW_COMPONENT})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
        DESTINATION share/doc/apigw-lua COMPONENT ${AGW_COMPONENT})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION share/doc/apigw-lua
        COMPONENT ${AGW_COMPONENT})
foreach(prog apigw-lua apigw-emulator)
  # bash-completion loads completions/<command> on first use; one file serves both
  install(FILES ${PROJECT_SOURCE_DIR}/completion/apigw.bash RENAME ${prog}
          DESTINATION share/bash-completion/completions COMPONENT ${AGW_COMPONENT})
endforeach()

add_custom_target(uninstall
  COMMAND ${CMAKE_COMMAND} -DMANIFEST=${PROJECT_BINARY_DIR}/install_manifest.txt
          -DDIRS=${PROJECT_BINARY_DIR}/install_dirs.txt -P ${PROJECT_SOURCE_DIR}/cmake/uninstall.cmake
  COMMENT "Removing what `make install` installed" VERBATIM)

# The Debian package, built from this build tree: build/apigw-lua_<version>_<arch>.deb.
add_custom_target(deb
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DOUT_DIR=${PROJECT_BINARY_DIR}
          -DVERSION=${PROJECT_VERSION} -DCOMPONENT=${AGW_COMPONENT}
          -P ${PROJECT_SOURCE_DIR}/cmake/deb.cmake
  COMMENT "Building the Debian package" VERBATIM)
add_dependencies(deb apigw-lua apigw-emulator apigw_module agw_helpgen)
