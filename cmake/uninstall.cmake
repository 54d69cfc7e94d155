# [DESTDIR=<dir>] cmake -DMANIFEST=<install_manifest.txt> -DDIRS=<install_dirs.txt> -P uninstall.cmake
# (`make uninstall`; give it the DESTDIR the install had: both lists hold paths without it).
# Removes the files the install listed in MANIFEST, then the directories it created (listed in
# DIRS by the first install rule, cmake/install.cmake) once they hold no file; nothing else, so a
# directory that existed before the install, or that holds someone else's file, stays. Both
# lists are removed at the end: a second uninstall says there is nothing to remove.
if(NOT EXISTS "${MANIFEST}")
  message(FATAL_ERROR "uninstall: ${MANIFEST} does not exist: nothing was installed from this "
                      "build directory (or it was uninstalled already)")
endif()
file(STRINGS "${MANIFEST}" files)
set(failed)
foreach(f ${files})
  set(f "$ENV{DESTDIR}${f}")
  if(IS_SYMLINK "${f}" OR EXISTS "${f}")
    message(STATUS "Removing ${f}")
    file(REMOVE "${f}")
    if(IS_SYMLINK "${f}" OR EXISTS "${f}")
      list(APPEND failed "${f}")
    endif()
  else()
    message(STATUS "Already gone: ${f}")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "uninstall: could not remove: ${failed}")
endif()
set(dirs)
if(EXISTS "${DIRS}")
  file(STRINGS "${DIRS}" dirs)
endif()
# deepest first, so that a parent is empty by the time it is tried
list(SORT dirs)
list(REVERSE dirs)
foreach(d ${dirs})
  set(d "$ENV{DESTDIR}${d}")
  if(IS_DIRECTORY "${d}")
    # only empty directories below it (those install(DIRECTORY) made inside it) may go with it
    file(GLOB_RECURSE left LIST_DIRECTORIES false "${d}/*")
    if(left)
      message(STATUS "Keeping ${d} (not empty)")
    else()
      message(STATUS "Removing ${d}/")
      file(REMOVE_RECURSE "${d}")
    endif()
  endif()
endforeach()
file(REMOVE "${MANIFEST}" "${DIRS}")
