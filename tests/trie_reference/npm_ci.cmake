# Installs @ethereumjs/mpt for the differential trie test (ctest fixture).
# Run as: cmake -DDIR=<this directory> -P npm_ci.cmake
# Never fails: without npm or a network the test skips and says why.
set(marker "${DIR}/node_modules/.package-lock.json")
if(EXISTS "${DIR}/node_modules/@ethereumjs/mpt/package.json" AND EXISTS "${marker}"
   AND NOT "${DIR}/package-lock.json" IS_NEWER_THAN "${marker}")
  message(STATUS "trie reference: node_modules up to date")
  return()
endif()
find_program(NPM npm)
if(NOT NPM)
  message(WARNING "trie reference: npm not found; the differential trie test will skip")
  return()
endif()
execute_process(COMMAND "${NPM}" ci --no-audit --no-fund WORKING_DIRECTORY "${DIR}"
                RESULT_VARIABLE result TIMEOUT 300)
if(NOT result EQUAL 0)
  message(WARNING "trie reference: `npm ci` failed (${result}); the differential trie test will skip")
endif()
