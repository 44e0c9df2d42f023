# khabar_library(NAME name SRCS ... DEPS ...): one static library per folder under src/.
# Targets are named khabar_<name> with the alias khabar::<name>; the repository root is the
# include root, so every header is included as "src/<folder>/<file>.h".
function(khabar_library)
  cmake_parse_arguments(KL "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(khabar_${KL_NAME} STATIC ${KL_SRCS})
  add_library(khabar::${KL_NAME} ALIAS khabar_${KL_NAME})
  target_include_directories(khabar_${KL_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(khabar_${KL_NAME} PUBLIC ${KL_DEPS} PRIVATE ${KL_PRIVATE_DEPS})
endfunction()

# khabar_test(NAME name SRCS ... DEPS ... LABELS ... [WHOLE]): one GoogleTest binary
# registered with CTest. Each test case is its own CTest test, except with WHOLE: then the
# binary runs once (for suites that share an expensive set-up, such as a served site).
# Tests find the khabar binary and the source tree through compiled-in defaults, which
# the environment variables KHABAR_BINARY and KHABAR_SOURCE_DIR override.
function(khabar_test)
  cmake_parse_arguments(KT "WHOLE" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${KT_NAME} ${KT_SRCS})
  target_link_libraries(${KT_NAME} PRIVATE ${KT_DEPS} GTest::gtest GTest::gtest_main)
  target_include_directories(${KT_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  # GCC 12 reports `"literal" + std::string` as overlapping memcpy (-Wrestrict, GCC bug
  # 105651) once optimized; tests build strings that way everywhere.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${KT_NAME} PRIVATE -Wno-restrict)
  endif()
  target_compile_definitions(${KT_NAME} PRIVATE
    KHABAR_DEFAULT_BINARY="$<TARGET_FILE:khabar>"
    KHABAR_DEFAULT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(NOT KT_LABELS)
    set(KT_LABELS unit)
  endif()
  if(KT_WHOLE)
    add_test(NAME ${KT_NAME} COMMAND ${KT_NAME})
    set_tests_properties(${KT_NAME} PROPERTIES LABELS "${KT_LABELS}" TIMEOUT 900)
  else()
    gtest_discover_tests(${KT_NAME} PROPERTIES LABELS "${KT_LABELS}" DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

# khabar_embed(TARGET name NAMESPACE ns FILES ...): compiles files into the binary as a
# sorted table {relative path, bytes}, so defaults ship inside the one executable.
function(khabar_embed)
  cmake_parse_arguments(KE "" "TARGET;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${KE_TARGET}_data.cc)
  set(abs_files)
  foreach(f ${KE_FILES})
    list(APPEND abs_files ${KE_BASE}/${f})
  endforeach()
  string(REPLACE ";" "|" files_arg "${KE_FILES}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE=${KE_BASE} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake
    DEPENDS ${abs_files} ${PROJECT_SOURCE_DIR}/cmake/Embed.cmake
    COMMENT "Embedding ${KE_TARGET}"
    VERBATIM)
  add_library(${KE_TARGET} STATIC ${out})
  target_include_directories(${KE_TARGET} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
