// Rewrites the reference results in tests/reference/ from the current build: every file, or
// those named on the command line (by stem). Called by tools/regenerate-references.

#include <cstdio>
#include <exception>
#include <set>
#include <string>

#include "reference_results.hpp"

using namespace tipsim::testing;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const fs::path source_dir = TIPSIM_SOURCE_DIR;
  std::set<std::string> wanted(argv + 1, argv + argc);
  try {
    for (const fs::path& file : reference_files(source_dir / "tests" / "reference")) {
      if (!wanted.empty() && !wanted.count(file.stem().string())) continue;
      ReferenceFile reference = read_reference(file);
      reference.runs.clear();
      std::size_t moved = 0;
      const ReferenceFile before = read_reference(file);
      for (std::uint64_t seed : reference.inputs.seeds) {
        reference.runs[seed] = fingerprint_run(reference.inputs, seed, source_dir);
        if (before.runs.count(seed))
          for (const std::string& line : compare(before.runs.at(seed), reference.runs[seed], 0.0)) {
            std::printf("  %s seed %llu: %s\n", reference.inputs.name.c_str(),
                        static_cast<unsigned long long>(seed), line.c_str());
            ++moved;
          }
      }
      write_reference(reference);
      std::printf("%s: %zu metric series moved\n", file.filename().string().c_str(), moved);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "regenerate-references: %s\n", error.what());
    return 1;
  }
  return 0;
}
