# SPDX-License-Identifier: BSD-2-Clause
# jrun_module(NAME [DEPS ...]): a static library jrun_<NAME> built from src/<NAME>/*.cpp
# (including detail/). Globbing keeps one module's files out of every other module's way.
function(jrun_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(jrun_${name} STATIC ${sources})
  target_include_directories(jrun_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(jrun_${name} PUBLIC ${ARG_DEPS} PRIVATE jrun_warnings)
endfunction()

# jrun_unit_test(MODULE): one gtest binary per module from tests/unit/<MODULE>/*_test.cpp;
# each TEST is its own CTest entry labelled `unit`.
function(jrun_unit_test module)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(unit_${module} ${sources})
  target_link_libraries(unit_${module} PRIVATE jrun_${module} jrun_testsupport GTest::gtest_main
                        GTest::gmock jrun_warnings)
  gtest_discover_tests(unit_${module}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS unit ENVIRONMENT "JRUN_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 30)
endfunction()
