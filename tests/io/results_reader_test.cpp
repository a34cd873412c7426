#include "tipsim/io/results_reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scratch_folder.hpp"
#include "tipsim/io/input_error.hpp"

using namespace tipsim;
namespace fs = std::filesystem;

namespace {
fs::path folder() { return tipsim::testing::own_folder("results-reader-test"); }
}  // namespace

TEST_CASE("a file that is not a tipsim results file is refused", "[results_reader][errors]") {
  const fs::path text = folder() / "not-hdf5.h5";
  std::ofstream(text) << "hello";
  CHECK_THROWS_AS(io::ResultsReader(text), io::InputError);
  CHECK_THROWS_AS(io::ResultsReader(folder() / "missing.h5"), io::InputError);
}
