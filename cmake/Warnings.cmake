# SPDX-License-Identifier: BSD-2-Clause
# Every project target links jrun_warnings PRIVATE; third-party code never sees it.
add_library(jrun_warnings INTERFACE)
option(JRUN_WERROR "Warnings are errors (on in dev/CI presets, off for packagers)" OFF)
target_compile_options(jrun_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wextra-semi -Wunused
  $<$<CXX_COMPILER_ID:GNU>:-Wlogical-op -Wduplicated-cond -Wduplicated-branches>
  $<$<BOOL:${JRUN_WERROR}>:-Werror>)
target_compile_definitions(jrun_warnings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
set(JRUN_SANITIZE "" CACHE STRING "e.g. address,undefined")
if(JRUN_SANITIZE)
  target_compile_options(jrun_warnings INTERFACE -fsanitize=${JRUN_SANITIZE} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(jrun_warnings INTERFACE -fsanitize=${JRUN_SANITIZE})
endif()
