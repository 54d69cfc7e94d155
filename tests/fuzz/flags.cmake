# Compiler flags of the fuzz build (-DAGW_FUZZ=ON, `make fuzz`), included by the top
# CMakeLists.txt before the libraries are defined, so every library is instrumented.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "AGW_FUZZ needs clang (libFuzzer): configure with -DCMAKE_C_COMPILER=clang")
endif()
if(AGW_SANITIZE)
  message(FATAL_ERROR "AGW_FUZZ brings its own sanitizers: leave AGW_SANITIZE off")
endif()
# Coverage instrumentation everywhere; only the fuzz targets link libFuzzer itself
# (-fsanitize=fuzzer, in tests/fuzz.cmake). float-cast-overflow is named although clang's
# "undefined" group has it (gcc's does not): out-of-range float-to-integer conversions are
# what the seed and state loaders must refuse, and this says they are checked.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow
                    -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined,float-cast-overflow)
