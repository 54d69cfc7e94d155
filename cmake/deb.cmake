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
set(AGW_DEB_MAINTAINER "apigw-lua developers <apigw-lua@localhost>")

foreach(v BUILD_DIR OUT_DIR VERSION COMPONENT)
  if(NOT ${v})
    message(FATAL_ERROR "deb.cmake: -D${v}= is required")
  endif()
endforeach()
find_program(DPKG dpkg)
find_program(DPKG_DEB dpkg-deb)
find_program(GZIP gzip)
find_program(STRIP strip)
if(NOT DPKG OR NOT DPKG_DEB OR NOT GZIP OR NOT STRIP)
  message(FATAL_ERROR "deb.cmake: dpkg, dpkg-deb, gzip and strip are needed (a Debian system has them)")
endif()
find_program(GIT git)
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

# The compiler's version strings, as dh_strip removes them (lintian: binary-has-unneeded-section)
file(GLOB elves ${root}/usr/bin/* ${root}/usr/lib/*/lua/5.4/*.so)
foreach(f ${elves})
  execute_process(COMMAND ${STRIP} --remove-section=.comment ${f} COMMAND_ERROR_IS_FATAL ANY)
endforeach()

# A native package's /usr/share/doc/<package>/changelog.gz is its Debian changelog (policy
# 12.7), in that format: one entry for this version, pointing at CHANGELOG.md beside it. Dated
# by the source's last commit (or SOURCE_DATE_EPOCH, or now), so a rebuild is the same file.
if(NOT DEFINED ENV{SOURCE_DATE_EPOCH} AND GIT)
  execute_process(COMMAND ${GIT} -C ${CMAKE_CURRENT_LIST_DIR}/.. log -1 --format=%ct
                  OUTPUT_VARIABLE epoch RESULT_VARIABLE rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0 AND epoch MATCHES "^[0-9]+$")
    set(ENV{SOURCE_DATE_EPOCH} ${epoch})
  endif()
endif()
string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(doc ${root}/usr/share/doc/apigw-lua)
file(WRITE ${doc}/changelog
"apigw-lua (${VERSION}) unstable; urgency=medium

  * Upstream version ${VERSION}; what changed is in
    /usr/share/doc/apigw-lua/CHANGELOG.md.

 -- ${AGW_DEB_MAINTAINER}  ${date}
")
execute_process(COMMAND ${GZIP} -9nf ${doc}/changelog COMMAND_ERROR_IS_FATAL ANY)

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
Maintainer: ${AGW_DEB_MAINTAINER}
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
