# Every third-party dependency of tipsim is found here, and only here.
find_package(Boost 1.74 REQUIRED)
find_package(TBB REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(MPI REQUIRED COMPONENTS CXX)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)

add_library(tipsim_random123 INTERFACE)
target_include_directories(tipsim_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

if(TIPSIM_BUILD_TESTS)
  find_package(Catch2 REQUIRED)
endif()
