# Installs a test's npm packages (a ctest fixture) when node_modules is missing or
# older than package-lock.json.
# Run as: cmake -DDIR=<directory with package-lock.json> -DCHECK=<package> -P npm_ci.cmake
# Never fails: without npm or a network the tests that need the packages skip and
# say why.
set(marker "${DIR}/node_modules/.package-lock.json")
if(EXISTS "${DIR}/node_modules/${CHECK}/package.json" AND EXISTS "${marker}"
   AND NOT "${DIR}/package-lock.json" IS_NEWER_THAN "${marker}")
  message(STATUS "${DIR}: node_modules up to date")
  return()
endif()
find_program(NPM npm)
if(NOT NPM)
  message(WARNING "${DIR}: npm not found; the tests that need ${CHECK} will skip")
  return()
endif()
execute_process(COMMAND "${NPM}" ci --no-audit --no-fund WORKING_DIRECTORY "${DIR}"
                RESULT_VARIABLE result TIMEOUT 300)
if(NOT result EQUAL 0)
  message(WARNING "${DIR}: `npm ci` failed (${result}); the tests that need ${CHECK} will skip")
endif()
