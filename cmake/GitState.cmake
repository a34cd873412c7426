# Run at every build (cmake -P): writes OUTPUT, a header naming the commit the sources are at and
# whether they had uncommitted changes, and rewrites it only when that changed, so a build
# records its own state (not the state at configure time) without recompiling otherwise.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -P GitState.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE failed ERROR_QUIET)
if(failed OR NOT commit)
  set(commit "unknown")
  set(uncommitted "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE failed ERROR_QUIET)
  if(failed)
    set(uncommitted "unknown")
  elseif(changes)
    set(uncommitted "true")
  else()
    set(uncommitted "false")
  endif()
endif()
set(text "#pragma once\n// Generated at build time by cmake/GitState.cmake.\n#define TIPSIM_GIT_COMMIT_STRING \"${commit}\"\n#define TIPSIM_UNCOMMITTED_CHANGES_STRING \"${uncommitted}\"\n")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUTPUT} "${text}")
endif()
