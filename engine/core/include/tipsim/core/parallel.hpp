#pragma once
// Deterministic parallel loops over agents.
//
// Work is cut into fixed-size chunks whose boundaries depend only on the number of items, never
// on the number of threads. A phase writes only to its own items and to per-chunk partial
// results; partials are then combined in chunk order. Floating-point sums therefore come out
// bit-identical whether one thread or many ran the loop.

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace tipsim::core {

/// Items per chunk. Large enough to amortise scheduling, small enough to balance two cores.
inline constexpr std::size_t default_chunk_size = 1024;

/// Number of chunks that `item_count` items are cut into.
constexpr std::size_t chunk_count(std::size_t item_count,
                                  std::size_t chunk_size = default_chunk_size) noexcept {
  return (item_count + chunk_size - 1) / chunk_size;
}

/// Calls body(chunk_index, begin, end) for every chunk, in parallel.
template <class Body>
void for_each_chunk(std::size_t item_count, Body&& body,
                    std::size_t chunk_size = default_chunk_size) {
  const std::size_t chunks = chunk_count(item_count, chunk_size);
  if (chunks == 0) return;
  if (chunks == 1) {
    body(std::size_t{0}, std::size_t{0}, item_count);
    return;
  }
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, chunks, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t chunk = range.begin(); chunk != range.end(); ++chunk) {
          const std::size_t begin = chunk * chunk_size;
          const std::size_t end = begin + chunk_size < item_count ? begin + chunk_size : item_count;
          body(chunk, begin, end);
        }
      },
      tbb::simple_partitioner{});
}

/// Runs body(chunk_partial&, begin, end) per chunk on a fresh copy of `identity`, then folds the
/// partials in chunk order with combine(total&, const partial&). Deterministic for any thread
/// count because the fold order is fixed.
template <class Partial, class Body, class Combine>
Partial deterministic_reduce(std::size_t item_count, const Partial& identity, Body&& body,
                             Combine&& combine, std::size_t chunk_size = default_chunk_size) {
  std::vector<Partial> partials(chunk_count(item_count, chunk_size), identity);
  for_each_chunk(
      item_count,
      [&](std::size_t chunk, std::size_t begin, std::size_t end) {
        body(partials[chunk], begin, end);
      },
      chunk_size);
  Partial total = identity;
  for (const Partial& partial : partials) combine(total, partial);
  return total;
}

/// Limits the threads TBB may use while it is alive (0 means: all cores).
class ThreadLimit {
 public:
  explicit ThreadLimit(std::size_t threads);
  /// The number of threads in force.
  std::size_t threads() const noexcept { return threads_; }

 private:
  std::unique_ptr<tbb::global_control> control_;
  std::size_t threads_;
};

}  // namespace tipsim::core
