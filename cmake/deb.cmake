# cmake -DBUILD_DIR=<build> -DOUT_DIR=<dir> -DVERSION=<x.y.z> -DCOMPONENT=apigw -P deb.cmake
# Builds OUT_DIR/apigw-lua_<VERSION>_<arch>.deb from the install rules (cmake/install.cmake),
# staged under /usr with dpkg-deb: no debian/ directory, no debhelper. Run by `make deb`
# (the "deb" target) and by tests/install/deb.sh.
#
# Depends: libcurl4 and libmicrohttpd12 are loaded with dlopen, so no tool would find them in
# the programs' NEEDED entries; they are named by hand, with the other libraries the programs
# and the module link (tests/install/deb.sh checks that each NEEDED library belongs to one of
# these packages) and lua5.4 and lua-cjson, which the module needs to be of any use.
set(AGW_DEB_DEPENDS "libc6 (>= 2.34), liblua5.4-0, lua5.4, lua-cjson, libcjson1, libssl3, libcurl4 (>= 7.85.0), libmicrohttpd12")

foreach(v BUILD_DIR OUT_DIR VERSION COMPONENT)
  if(NOT ${v})
    message(FATAL_ERROR "deb.cmake: -D${v}= is required")
  endif()
endforeach()
find_program(DPKG dpkg)
find_program(DPKG_DEB dpkg-deb)
find_program(GZIP gzip)
if(NOT DPKG OR NOT DPKG_DEB OR NOT GZIP)
  message(FATAL_ERROR "deb.cmake: dpkg, dpkg-deb and gzip are needed (a Debian system has them)")
endif()
execute_process(COMMAND ${DPKG} --print-architecture OUTPUT_VARIABLE arch
                OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)

set(work ${OUT_DIR}/deb-staging)
set(root ${work}/root)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${root})
# --component: the manifest goes to install_manifest_${COMPONENT}.txt, leaving the one of a
# real `make install` alone; the record of created directories likewise.
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env DESTDIR=${root}
          ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr --component ${COMPONENT} --strip
  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE ${BUILD_DIR}/install_manifest_${COMPONENT}.txt ${BUILD_DIR}/install_dirs_${COMPONENT}.txt)

# Debian policy: man pages compressed with gzip -9n (no name, no time: reproducible)
file(GLOB pages ${root}/usr/share/man/man*/*)
foreach(p ${pages})
  execute_process(COMMAND ${GZIP} -9nf ${p} COMMAND_ERROR_IS_FATAL ANY)
endforeach()

# Installed-Size (KiB) and md5sums, over every file of the package
file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${root} ${root}/*)
list(SORT files)
set(size 0)
set(sums "")
foreach(f ${files})
  file(SIZE ${root}/${f} s)
  math(EXPR size "${size} + (${s} + 1023) / 1024")
  file(MD5 ${root}/${f} md5)
  string(APPEND sums "${md5}  ${f}\n")
endforeach()
file(MAKE_DIRECTORY ${root}/DEBIAN)
file(WRITE ${root}/DEBIAN/md5sums "${sums}")
file(WRITE ${root}/DEBIAN/control
"Package: apigw-lua
Version: ${VERSION}
Architecture: ${arch}
Maintainer: apigw-lua developers <apigw-lua@localhost>
Installed-Size: ${size}
Depends: ${AGW_DEB_DEPENDS}
Section: admin
Priority: optional
Description: Alibaba Cloud API Gateway custom domains from Lua playbooks
 apigw-lua runs Lua 5.4 playbooks with the apigw module, which calls the API
 Gateway OpenAPI (CloudAPI 2016-07-14) through a signing HTTP client (signature
 V3 or RPC) on libcurl's multi interface. The module also loads into a stock
 lua5.4 (require \"apigw\"). apigw-emulator is a local twin of the service's
 custom-domain API, for tests, demos and offline runs.
")
set(deb ${OUT_DIR}/apigw-lua_${VERSION}_${arch}.deb)
execute_process(COMMAND ${DPKG_DEB} --root-owner-group -Zxz --build ${root} ${deb}
                OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE_RECURSE ${work})
message(STATUS "Built ${deb}")
