#pragma once
// The social network among people: acquaintance ties in compressed sparse row form (four bytes
// per tie end, four per person) plus households, which are contiguous runs of person ids and so
// need no edges at all.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "tipsim/core/agent_array.hpp"
#include "tipsim/core/random.hpp"

namespace tipsim::model {

class SocialNetwork {
 public:
  SocialNetwork() = default;

  /// Random acquaintances: each person ties to `ties_per_person` others, a share
  /// `cross_location_share` of them anywhere in the country and the rest in the person's own
  /// municipality. `municipality_first[m]` is the first person of municipality m (people are
  /// ordered by municipality; the last entry is the population). Built in parallel; the result
  /// is the same for any thread count. Throws std::invalid_argument when the tie ends would not
  /// fit 32-bit indices.
  static SocialNetwork generate(const std::vector<std::uint32_t>& municipality_first,
                                std::span<const std::uint16_t> municipality_of,
                                std::uint32_t ties_per_person, double cross_location_share,
                                const core::RandomSource& random);

  /// Ties read from a table (each pair is one undirected tie).
  static SocialNetwork from_ties(std::uint32_t people,
                                 const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ties);

  /// The person's acquaintances (both directions of every tie). Each person's list holds, in
  /// order, the people who tied to them with a smaller id, their own ties in the order they
  /// were drawn, then the people who tied to them with a larger id.
  std::span<const std::uint32_t> acquaintances(std::uint32_t person) const noexcept {
    return {ends_.data() + offsets_[person], ends_.data() + offsets_[person + 1]};
  }

  std::size_t people() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::size_t tie_ends() const noexcept { return ends_.size(); }
  std::size_t bytes() const noexcept {
    return (offsets_.size() + ends_.size()) * sizeof(std::uint32_t);
  }

 private:
  core::AgentArray<std::uint32_t>
      offsets_;  ///< people + 1 entries: where each person's list starts
  core::AgentArray<std::uint32_t> ends_;
};

}  // namespace tipsim::model
