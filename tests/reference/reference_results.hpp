#pragma once
// Reference results (LAMMPS-style regression data): for each shipped scenario, a TOML file in
// tests/reference/ that names the scenario, the overrides and the seeds to run, and stores per
// seed and per metric the run total and a hash of the whole step series (country-wide and per
// municipality). The driver (reference_test.cpp) reruns every file and names each metric that
// moved; tools/regenerate-references rewrites the files on purpose.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tipsim::testing {

/// What a reference file asks for.
struct ReferenceInputs {
  std::string name;                    ///< the file's stem, e.g. "baseline"
  std::filesystem::path file;          ///< the reference file itself
  std::string scenario;                ///< path relative to the source tree
  std::vector<std::string> overrides;  ///< "key=value", applied after loading
  std::vector<std::uint64_t> seeds;
  double total_tolerance = 0.0;  ///< relative tolerance of run totals
};

/// One metric of one run: its total over the run and a hash of its step series.
struct MetricFingerprint {
  double total = 0.0;
  std::string hash;  ///< 16 hex digits, FNV-1a over the bit patterns of every value in order
};

/// Every metric of one run, by name ("locations/<metric>" for per-municipality metrics).
using RunFingerprint = std::map<std::string, MetricFingerprint>;

struct ReferenceFile {
  ReferenceInputs inputs;
  std::map<std::uint64_t, RunFingerprint> runs;  ///< by seed
};

/// The reference files in `folder`, in name order.
std::vector<std::filesystem::path> reference_files(const std::filesystem::path& folder);

/// Reads a reference file (inputs and stored results). Throws std::runtime_error.
ReferenceFile read_reference(const std::filesystem::path& file);

/// Runs the inputs' scenario for one seed and fingerprints every metric.
RunFingerprint fingerprint_run(const ReferenceInputs& inputs, std::uint64_t seed,
                               const std::filesystem::path& source_dir);

/// Differences between stored and fresh fingerprints, one line per metric that moved
/// ("victims_recruited: total 2433 -> 2434, series hash changed"); empty when they agree.
std::vector<std::string> compare(const RunFingerprint& stored, const RunFingerprint& fresh,
                                 double total_tolerance);

/// Writes a reference file: the inputs and a fingerprint per seed.
void write_reference(const ReferenceFile& reference);

}  // namespace tipsim::testing
