# The installed shape of the project: what apigw.so exports (label "unit").
add_test(NAME module_exports
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/exports.sh $<TARGET_FILE:apigw_module>)
set_tests_properties(module_exports PROPERTIES LABELS unit TIMEOUT 30)

# --help and the man pages: the same words, and everything the code knows (label "cli").
add_test(NAME helpdoc
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/helpdoc.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(helpdoc PROPERTIES LABELS cli TIMEOUT 60)

# The bash completion offers what --help lists, and the profiles of the config files.
add_test(NAME completion
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/completion.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(completion PROPERTIES LABELS cli TIMEOUT 60)

# --version: the version, the git revision, Lua, libcurl, OpenSSL (label "cli").
add_test(NAME version
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/version.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(version PROPERTIES LABELS cli TIMEOUT 60)

# make install / make uninstall into a DESTDIR, for /usr/local and /usr (label "install").
# It and install_deb install with the tests' component manifest: never at the same time.
add_test(NAME install_tree
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/tree.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(install_tree PROPERTIES LABELS install TIMEOUT 300
                     RESOURCE_LOCK agw_install_manifest)

# The Debian package: built, installed with dpkg -i, used, purged (label "install"; needs
# root, skipped otherwise).
add_test(NAME install_deb
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/deb.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(install_deb PROPERTIES LABELS install TIMEOUT 900 SKIP_RETURN_CODE 77
                     RESOURCE_LOCK agw_install_manifest)

# A stock lua5.4 is not built with AddressSanitizer: to load the instrumented apigw.so its
# runtime must be preloaded (the sanitizer build only).
if(AGW_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE AGW_INSTALL_LIBASAN OUTPUT_STRIP_TRAILING_WHITESPACE)
  set_tests_properties(install_tree install_deb PROPERTIES
    ENVIRONMENT "AGW_MODULE_PRELOAD=${AGW_INSTALL_LIBASAN};AGW_SANITIZE=1")
endif()
