# Every third-party dependency of tipsim is found here, and only here.
find_package(Boost 1.74 REQUIRED)
find_package(TBB REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C HL)  # HL: dimension scales (H5DS)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
if(TIPSIM_WITH_MPI)
  find_package(MPI REQUIRED COMPONENTS CXX)
endif()
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)

add_library(tipsim_random123 INTERFACE)
target_include_directories(tipsim_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

if(TIPSIM_BUILD_TESTS)
  find_package(Catch2 REQUIRED)
endif()

if(TIPSIM_BUILD_PYTHON)
  # Debian's numpy and friends live under /usr/bin/python3, not under a pyenv python3 on PATH
  if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "")
  endif()
  set(PYBIND11_FINDPYTHON ON)
  find_package(Python 3.11 REQUIRED COMPONENTS Interpreter Development.Module NumPy)
  find_package(pybind11 2.10 CONFIG REQUIRED)
endif()
