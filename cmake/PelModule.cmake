# pel_module(NAME <name> [DEPS <targets>...] [TEST_DEPS <targets>...])
#
# Builds the static library pel_<name> from every .cpp in the calling directory
# except *_test.cpp, *_bench.cpp and *_fuzz.cpp, then adds, when present:
#   <name>_tests   all *_test.cpp, one GoogleTest binary, each test registered with ctest
#   <name>_bench   all *_bench.cpp, one Google Benchmark binary
#   <file>         one libFuzzer binary per *_fuzz.cpp (PEL_FUZZ only)
# Adding a test, benchmark or fuzz target is therefore only adding a file.
function(pel_module)
  cmake_parse_arguments(ARG "" "NAME" "DEPS;TEST_DEPS" ${ARGN})
  set(lib pel_${ARG_NAME})
  file(GLOB all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(lib_sources ${all_sources})
  list(FILTER lib_sources EXCLUDE REGEX "_(test|bench|fuzz)\\.cpp$")
  list(FILTER lib_sources EXCLUDE REGEX "/main\\.cpp$")

  if(lib_sources)
    add_library(${lib} STATIC ${lib_sources})
    set(scope PUBLIC)
  else()
    add_library(${lib} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${lib} ${scope} ${PROJECT_SOURCE_DIR})
  target_link_libraries(${lib} ${scope} ${ARG_DEPS})

  set(tests ${all_sources})
  list(FILTER tests INCLUDE REGEX "_test\\.cpp$")
  if(PEL_TESTS AND tests)
    add_executable(${ARG_NAME}_tests ${tests})
    # The test code itself needs no -O3, and it is most of what CI compiles; the code
    # under test keeps the preset's level.
    target_compile_options(${ARG_NAME}_tests PRIVATE $<$<CONFIG:Release>:-O1>)
    target_link_libraries(${ARG_NAME}_tests PRIVATE ${lib} ${ARG_TEST_DEPS} GTest::gtest
                                                   GTest::gtest_main GTest::gmock)
    gtest_discover_tests(${ARG_NAME}_tests DISCOVERY_TIMEOUT 60
                         PROPERTIES LABELS ${ARG_NAME})
  endif()

  set(benches ${all_sources})
  list(FILTER benches INCLUDE REGEX "_bench\\.cpp$")
  if(PEL_BENCH AND benches)
    add_executable(${ARG_NAME}_bench ${benches})
    target_link_libraries(${ARG_NAME}_bench PRIVATE ${lib} benchmark::benchmark_main)
  endif()

  set(fuzzers ${all_sources})
  list(FILTER fuzzers INCLUDE REGEX "_fuzz\\.cpp$")
  if(PEL_FUZZ)
    # One target builds every fuzzer and nothing else (scripts/fuzz.sh builds just this);
    # all fuzzer binaries land in one folder so the script finds them without a list.
    if(NOT TARGET pel_fuzzers)
      add_custom_target(pel_fuzzers)
    endif()
    foreach(fuzz_source ${fuzzers})
      get_filename_component(fuzz_name ${fuzz_source} NAME_WE)
      add_executable(${fuzz_name} ${fuzz_source})
      target_compile_options(${fuzz_name} PRIVATE -fsanitize=fuzzer)
      target_link_options(${fuzz_name} PRIVATE -fsanitize=fuzzer)
      target_link_libraries(${fuzz_name} PRIVATE ${lib})
      set_target_properties(${fuzz_name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                    ${PROJECT_BINARY_DIR}/fuzzers)
      add_dependencies(pel_fuzzers ${fuzz_name})
    endforeach()
  endif()
endfunction()
