#include "tipsim/model/social_network.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <stdexcept>
#include <string>

#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

// people per chunk of the parallel passes
constexpr std::size_t people_per_chunk = 65536;

// A generated tie: (person, slot) -> the other end, recomputed from its own random stream
// whenever it is needed, so the tie list is never stored.
struct TieRule {
  const std::vector<std::uint32_t>& municipality_first;
  std::span<const std::uint16_t> municipality_of;
  double cross_location_share;
  const core::RandomSource& random;

  std::uint32_t other(std::uint32_t person, std::uint32_t slot) const noexcept {
    auto stream = random.stream(slot, person, core::Purpose::social_ties);
    const std::uint32_t people = municipality_first.back();
    std::uint32_t begin = 0, count = people;
    if (!stream.bernoulli(cross_location_share)) {
      const auto municipality = municipality_of[person];
      begin = municipality_first[municipality];
      count = municipality_first[municipality + 1u] - begin;
    }
    std::uint32_t other = begin + stream.below(count);
    if (other == person) other = (person + 1) % people;
    return other;
  }
};

// Ties are handled in groups, their ends computed first, so that the scattered memory accesses
// that follow overlap instead of waiting for each other.
constexpr std::size_t tie_group = 64;

template <class Body>
void for_each_tie_group(const TieRule& rule, std::uint32_t k, std::size_t begin, std::size_t end,
                        Body&& body) {
  std::uint32_t sources[tie_group], others[tie_group];
  std::size_t n = 0;
  for (auto p = static_cast<std::uint32_t>(begin); p < end; ++p)
    for (std::uint32_t slot = 0; slot < k; ++slot) {
      sources[n] = p;
      others[n] = rule.other(p, slot);
      if (++n == tie_group) {
        body(sources, others, n);
        n = 0;
      }
    }
  if (n) body(sources, others, n);
}

}  // namespace

// Each person p draws k ties (p, other). A person's list is: the people who tied to them with a
// smaller id (ascending), their own k ties (in slot order), the people who tied to them with a
// larger id (ascending); the order of a sequential build that takes ties in (person, slot)
// order. Three passes, each parallel over people: count the ties each person receives;
// place every received tie at a slot claimed with an atomic cursor; then, per person, sort what
// was received and put their own ties in the middle. Counts and final lists do not depend on
// the order the threads ran in.
SocialNetwork SocialNetwork::generate(const std::vector<std::uint32_t>& municipality_first,
                                      std::span<const std::uint16_t> municipality_of,
                                      std::uint32_t ties_per_person, double cross_location_share,
                                      const core::RandomSource& random) {
  const std::uint32_t people = municipality_first.back();
  SocialNetwork network;
  network.offsets_.assign(static_cast<std::size_t>(people) + 1, 0);
  if (people < 2 || ties_per_person == 0) return network;
  const std::uint64_t ends = 2ull * people * ties_per_person;
  if (ends > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("the social network would have " + std::to_string(ends) +
                                " tie ends, more than 32-bit indices hold: lower "
                                "population.acquaintances or raise population.scale");
  const TieRule rule{municipality_first, municipality_of, cross_location_share, random};
  const std::uint32_t k = ties_per_person;
  auto& offsets = network.offsets_;

  // 1. count: offsets[v + 1] = ties v receives, then + k of its own, then the running sum,
  //    so that offsets[v + 1] is where v's list ends
  core::for_each_chunk(
      people,
      [&](std::size_t, std::size_t begin, std::size_t end) {
        for_each_tie_group(rule, k, begin, end,
                           [&](const std::uint32_t*, const std::uint32_t* others, std::size_t n) {
                             for (std::size_t i = 0; i < n; ++i)
                               __builtin_prefetch(&offsets[others[i] + 1], 1);
                             for (std::size_t i = 0; i < n; ++i)
                               std::atomic_ref<std::uint32_t>(offsets[others[i] + 1])
                                   .fetch_add(1, std::memory_order_relaxed);
                           });
      },
      people_per_chunk);
  const std::size_t chunks = core::chunk_count(people, people_per_chunk);
  std::vector<std::uint32_t> chunk_total(chunks, 0);
  core::for_each_chunk(
      people,
      [&](std::size_t chunk, std::size_t begin, std::size_t end) {
        std::uint32_t sum = 0;
        for (std::size_t v = begin; v < end; ++v) sum += offsets[v + 1] += k;
        chunk_total[chunk] = sum;
      },
      people_per_chunk);
  std::uint32_t carried = 0;
  for (std::uint32_t& total : chunk_total) total = std::exchange(carried, carried + total);
  core::for_each_chunk(
      people,
      [&](std::size_t chunk, std::size_t begin, std::size_t end) {
        std::uint32_t running = chunk_total[chunk];
        for (std::size_t v = begin; v < end; ++v) offsets[v + 1] = running += offsets[v + 1];
      },
      people_per_chunk);

  // 2. place received ties from the end of each list backwards; afterwards offsets[v + 1] is
  //    where v's received ties begin, k places after the start of v's list
  network.ends_.assign(ends, 0);
  auto& list = network.ends_;
  core::for_each_chunk(
      people,
      [&](std::size_t, std::size_t begin, std::size_t end) {
        std::uint32_t at[tie_group];
        for_each_tie_group(
            rule, k, begin, end,
            [&](const std::uint32_t* sources, const std::uint32_t* others, std::size_t n) {
              for (std::size_t i = 0; i < n; ++i) __builtin_prefetch(&offsets[others[i] + 1], 1);
              for (std::size_t i = 0; i < n; ++i) {
                at[i] = std::atomic_ref<std::uint32_t>(offsets[others[i] + 1])
                            .fetch_sub(1, std::memory_order_relaxed) -
                        1;
                __builtin_prefetch(&list[at[i]], 1);
              }
              for (std::size_t i = 0; i < n; ++i) list[at[i]] = sources[i];
            });
      },
      people_per_chunk);

  // 3. per person: received ties in ascending order around the person's own ties
  auto list_begin = [&](std::uint32_t v) { return offsets[v + 1] - k; };
  auto list_end = [&](std::uint32_t v) {
    return v + 1 < people ? offsets[v + 2] - k : static_cast<std::uint32_t>(ends);
  };
  core::for_each_chunk(
      people,
      [&](std::size_t, std::size_t begin, std::size_t end) {
        for (auto v = static_cast<std::uint32_t>(begin); v < end; ++v) {
          std::uint32_t* first = list.data() + list_begin(v);
          std::uint32_t* received = first + k;
          std::uint32_t* last = list.data() + list_end(v);
          std::sort(received, last);
          std::uint32_t* above = std::lower_bound(received, last, v);
          std::uint32_t* own = std::copy(received, above, first);
          for (std::uint32_t slot = 0; slot < k; ++slot) own[slot] = rule.other(v, slot);
        }
      },
      people_per_chunk);
  // offsets[v + 1] still holds v's start + k: shift to starts (each chunk reads the one value
  // past its end before any chunk writes)
  std::vector<std::uint32_t> next_start(chunks);
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    const std::size_t after = std::min<std::size_t>((chunk + 1) * people_per_chunk, people);
    next_start[chunk] = after < people ? list_begin(static_cast<std::uint32_t>(after))
                                       : static_cast<std::uint32_t>(ends);
  }
  core::for_each_chunk(
      people,
      [&](std::size_t chunk, std::size_t begin, std::size_t end) {
        for (std::size_t v = begin; v + 1 < end; ++v) offsets[v + 1] = offsets[v + 2] - k;
        offsets[end] = next_start[chunk];
      },
      people_per_chunk);
  offsets[0] = 0;
  return network;
}

SocialNetwork SocialNetwork::from_ties(
    std::uint32_t people, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ties) {
  // each person's list in table order, both directions of each tie
  SocialNetwork network;
  network.offsets_.assign(static_cast<std::size_t>(people) + 1, 0);
  for (const auto& [a, b] : ties) {
    ++network.offsets_[a + 1];
    ++network.offsets_[b + 1];
  }
  for (std::size_t v = 0; v < people; ++v) network.offsets_[v + 1] += network.offsets_[v];
  network.ends_.assign(network.offsets_.back(), 0);
  std::vector<std::uint32_t> cursor(network.offsets_.begin(), network.offsets_.end() - 1);
  for (const auto& [a, b] : ties) {
    network.ends_[cursor[a]++] = b;
    network.ends_[cursor[b]++] = a;
  }
  return network;
}

}  // namespace tipsim::model
