# tipsim_set_warnings(target): the warning level every tipsim target is held to.
function(tipsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         # GCC 12 reports false -Wrestrict positives inside std::string (PR 105329)
                         -Wno-restrict)
  if(TIPSIM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
