#pragma once
// The social network among people: acquaintance ties (a compressed sparse row graph, four
// bytes per tie end) plus households, which are contiguous runs of person ids and so need no
// edges at all.

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "tipsim/core/random.hpp"

namespace tipsim::model {

class SocialNetwork {
 public:
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                   boost::no_property, boost::no_property,
                                                   std::uint32_t, std::uint32_t>;

  SocialNetwork() = default;

  /// Random acquaintances: each person ties to `ties_per_person` others, a share
  /// `cross_location_share` of them anywhere in the country and the rest in the person's own
  /// municipality. `municipality_first[m]` is the first person of municipality m (people are
  /// ordered by municipality; the last entry is the population).
  static SocialNetwork generate(const std::vector<std::uint32_t>& municipality_first,
                                const std::vector<std::uint16_t>& municipality_of,
                                std::uint32_t ties_per_person, double cross_location_share,
                                const core::RandomSource& random);

  /// Ties read from a table (each pair is one undirected tie).
  static SocialNetwork from_ties(std::uint32_t people,
                                 const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ties);

  /// The person's acquaintances (both directions of every tie).
  std::span<const std::uint32_t> acquaintances(std::uint32_t person) const noexcept {
    const auto [begin, end] = boost::adjacent_vertices(person, graph_);
    return {&*begin, static_cast<std::size_t>(end - begin)};
  }

  std::size_t tie_ends() const noexcept { return boost::num_edges(graph_); }
  std::size_t bytes() const noexcept {
    return (boost::num_vertices(graph_) + 1 + boost::num_edges(graph_)) * sizeof(std::uint32_t);
  }

 private:
  explicit SocialNetwork(Graph graph) : graph_(std::move(graph)) {}
  Graph graph_;
};

}  // namespace tipsim::model
