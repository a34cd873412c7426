// Run parts (the binary files a batch keeps until its merge; --resume reads whatever a crash
// left): any bytes are a run or a std::runtime_error naming the part, never a read past the end.

#include <stdexcept>
#include <string>

#include "fuzz_target.hpp"
#include "tipsim/io/run_part.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tipsim;
  try {
    const auto [row, run] = io::parse_run_part(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.part");
    for (const auto& series : run.series)
      if (series.size() != run.steps()) broken("series of different lengths");
  } catch (const std::runtime_error& error) {
    if (std::string(error.what()).rfind("fuzz.part: ", 0) != 0) broken("an error without the part");
  }
  return 0;
}
