#pragma once
// A batch plan: every run of a batch file, in a fixed order (variant, then point, then
// replicate), computed on demand so that a batch of any size costs no memory per run.

#include <cstdint>
#include <string>
#include <vector>

#include "tipsim/io/batch_file.hpp"
#include "tipsim/model/scenario.hpp"

namespace tipsim::batch {

struct PlannedRun {
  std::uint64_t id;
  std::size_t variant;
  std::size_t point;
  std::uint32_t replicate;
};

class BatchPlan {
 public:
  /// Expands grid or sample points; throws io::InputError when the batch varies what must stay
  /// fixed across runs (time, geography, the networks: they give every run its shape).
  explicit BatchPlan(io::BatchSpec spec);

  const io::BatchSpec& spec() const noexcept { return spec_; }
  std::uint64_t runs() const noexcept;
  std::size_t points() const noexcept { return points_.size(); }
  PlannedRun run(std::uint64_t id) const;

  /// The scenario of a run: the base, then the variant's overrides, then the point's.
  model::Scenario scenario(const PlannedRun& run) const;
  /// The overrides of a run, in the order they apply.
  std::vector<std::string> overrides(const PlannedRun& run) const;
  /// The overrides that make a point (empty for a batch without grid or sample).
  const std::vector<std::string>& point_overrides(std::size_t point) const {
    return points_[point];
  }

  /// Every parameter the batch varies (variant, grid and sample keys), in first-seen order.
  const std::vector<std::string>& varied_parameters() const noexcept { return varied_; }
  /// A run's value of each varied parameter (NaN where it is a schedule).
  std::vector<double> varied_values(const model::Scenario& scenario) const;

  /// Text that identifies the plan: the batch file and the resolved base scenario. A partial
  /// batch is resumed only by the plan that started it.
  std::string identity() const;

  std::size_t baseline_variant() const noexcept { return baseline_; }

 private:
  io::BatchSpec spec_;
  std::vector<std::vector<std::string>> points_;
  std::vector<std::string> varied_;
  std::size_t baseline_ = 0;
};

}  // namespace tipsim::batch
