#include "tipsim/core/parallel.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <vector>

#include "tipsim/core/random.hpp"

using namespace tipsim::core;

namespace {
// a floating-point sum whose result depends on the order of additions
double noisy_sum(std::size_t threads) {
  const ThreadLimit limit(threads);
  const RandomSource source(11, 0);
  return deterministic_reduce(
      100000, 0.0,
      [&](double& partial, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          auto stream = source.stream(0, static_cast<std::uint32_t>(i), Purpose::person_attributes);
          partial += stream.lognormal(1.0, 3.0);
        }
      },
      [](double& total, const double& partial) { total += partial; }, 64);
}
}  // namespace

TEST_CASE("deterministic_reduce gives bit-identical sums for 1 and 2 threads", "[parallel]") {
  const double one = noisy_sum(1);
  const double two = noisy_sum(2);
  REQUIRE(one == two);
}

TEST_CASE("for_each_chunk visits every item exactly once in fixed chunks", "[parallel]") {
  std::vector<std::atomic<int>> visits(10007);
  std::vector<std::size_t> chunk_begin(chunk_count(visits.size(), 100), 0);
  for_each_chunk(
      visits.size(),
      [&](std::size_t chunk, std::size_t begin, std::size_t end) {
        chunk_begin[chunk] = begin;
        for (std::size_t i = begin; i < end; ++i) ++visits[i];
      },
      100);
  for (const auto& count : visits) REQUIRE(count == 1);
  for (std::size_t chunk = 0; chunk < chunk_begin.size(); ++chunk)
    REQUIRE(chunk_begin[chunk] == chunk * 100);
}

TEST_CASE("a thread limit reports the threads in force", "[parallel]") {
  CHECK(ThreadLimit(1).threads() == 1);
  CHECK(ThreadLimit(0).threads() >= 1);
}
