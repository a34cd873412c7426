#include "tipsim/core/random.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <vector>

using tipsim::core::Purpose;
using tipsim::core::RandomSource;
using tipsim::core::RandomStream;

TEST_CASE("a stream is a pure function of seed, replicate, step, agent and purpose", "[random]") {
  const RandomSource a(42, 3), b(42, 3);
  auto first = a.stream(7, 1000, Purpose::offer_acceptance);
  auto second = b.stream(7, 1000, Purpose::offer_acceptance);
  for (int i = 0; i < 20; ++i) REQUIRE(first.next_u64() == second.next_u64());
}

TEST_CASE("changing any part of the key gives a different stream", "[random]") {
  const RandomSource source(42, 3);
  const auto reference = source.stream(7, 1000, Purpose::offer_acceptance).next_u64();
  CHECK(RandomSource(43, 3).stream(7, 1000, Purpose::offer_acceptance).next_u64() != reference);
  CHECK(RandomSource(42, 4).stream(7, 1000, Purpose::offer_acceptance).next_u64() != reference);
  CHECK(source.stream(8, 1000, Purpose::offer_acceptance).next_u64() != reference);
  CHECK(source.stream(7, 1001, Purpose::offer_acceptance).next_u64() != reference);
  CHECK(source.stream(7, 1000, Purpose::detection).next_u64() != reference);
  // the high half of a 64-bit seed counts too
  CHECK(RandomSource(42 + (1ull << 40), 3).stream(7, 1000, Purpose::offer_acceptance).next_u64() !=
        reference);
}

TEST_CASE("uniform draws lie in [0, 1) with the right mean", "[random]") {
  const RandomSource source(1, 0);
  double sum = 0;
  const int draws = 200000;
  for (int agent = 0; agent < draws / 8; ++agent) {
    auto stream = source.stream(0, static_cast<std::uint32_t>(agent), Purpose::victim_transition);
    for (int i = 0; i < 8; ++i) {
      const double u = stream.uniform();
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      sum += u;
    }
  }
  CHECK(sum / draws == Approx(0.5).margin(0.005));
}

TEST_CASE("below(n) covers every value in [0, n) and nothing else", "[random]") {
  auto stream = RandomSource(9, 0).stream(0, 0, Purpose::recruitment_target);
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto value = stream.below(7);
    REQUIRE(value < 7);
    seen.insert(value);
  }
  CHECK(seen.size() == 7);
}

TEST_CASE("poisson and exponential draws have the requested means", "[random]") {
  auto stream = RandomSource(5, 0).stream(0, 0, Purpose::random_shock);
  double poisson = 0, exponential = 0, normal = 0, normal_square = 0;
  const int draws = 100000;
  for (int i = 0; i < draws; ++i) {
    poisson += stream.poisson(3.5);
    exponential += stream.exponential(2.0);
    const double z = stream.normal();
    normal += z;
    normal_square += z * z;
  }
  CHECK(poisson / draws == Approx(3.5).margin(0.03));
  CHECK(exponential / draws == Approx(2.0).margin(0.03));
  CHECK(normal / draws == Approx(0.0).margin(0.02));
  CHECK(normal_square / draws == Approx(1.0).margin(0.02));
}

TEST_CASE("random-stream purposes keep their numbers", "[random]") {
  // every stored result depends on these: a new purpose takes a new number, none is reused
  using P = Purpose;
  const std::pair<P, int> pinned[] = {{P::person_attributes, 1},
                                      {P::social_ties, 2},
                                      {P::location_attributes, 3},
                                      {P::location_geometry, 4},
                                      {P::peacekeeper_attributes, 5},
                                      {P::peacekeeper_week, 6},
                                      {P::trafficker_attributes, 7},
                                      {P::trafficker_decision, 8},
                                      {P::recruitment_target, 9},
                                      {P::offer_acceptance, 10},
                                      {P::victim_destination, 11},
                                      {P::victim_transition, 12},
                                      {P::victim_identification, 13},
                                      {P::detection, 14},
                                      {P::prosecution, 15},
                                      {P::random_shock, 16},
                                      {P::displacement, 17},
                                      {P::assistance, 18},
                                      {P::batch_sampling, 19},
                                      {P::bootstrap, 20},
                                      {P::peacekeeper_facilitation, 21},
                                      {P::peacekeeper_sighting, 22}};
  for (const auto& [purpose, number] : pinned) CHECK(static_cast<int>(purpose) == number);
}

TEST_CASE("stochastic rounding keeps the expectation", "[random]") {
  const RandomSource source(3, 0);
  double sum = 0;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    auto stream = source.stream(0, i, Purpose::detection);
    const std::uint32_t rounded = tipsim::core::stochastic_round(2.25, stream);
    REQUIRE((rounded == 2 || rounded == 3));
    sum += rounded;
  }
  CHECK(sum / 20000 == Approx(2.25).margin(0.02));
  auto stream = source.stream(0, 0, Purpose::detection);
  CHECK(tipsim::core::stochastic_round(-1.0, stream) == 0);
  CHECK(tipsim::core::stochastic_round(4.0, stream) == 4);
}

TEST_CASE("poisson draws have the right mean and variance for any mean", "[random]") {
  for (const double mean : {0.3, 9.9, 10.0, 57.0, 745.0, 1e4, 1e6, 1e9, 1e12}) {
    INFO("mean " << mean);
    auto stream = RandomSource(17, 2).stream(3, 0, Purpose::detection);
    const int draws = 40000;
    double sum = 0, squares = 0;
    for (int i = 0; i < draws; ++i) {
      const double k = static_cast<double>(stream.poisson(mean));
      sum += k;
      squares += k * k;
    }
    const double sample_mean = sum / draws;
    const double variance = squares / draws - sample_mean * sample_mean;
    // five standard errors of the mean, and of the variance (its sd is about var * sqrt(2 / n))
    CHECK(std::abs(sample_mean - mean) < 5 * std::sqrt(mean / draws));
    CHECK(std::abs(variance - mean) < 5 * mean * std::sqrt(2.0 / draws) + 0.01);
  }
  auto stream = RandomSource(1, 0).stream(0, 0, Purpose::detection);
  CHECK(stream.poisson(0.0) == 0);
  CHECK(stream.poisson(-4.0) == 0);
  CHECK(stream.poisson(std::nan("")) == 0);
}

TEST_CASE("a stream does not repeat itself after many draws", "[random]") {
  // the old 32-bit layout held 2^16 blocks per stream; this one holds 2^64
  auto stream = RandomSource(8, 1).stream(2, 5, Purpose::victim_transition);
  std::vector<std::uint64_t> first;
  for (int i = 0; i < 8; ++i) first.push_back(stream.next_u64());
  for (int block = 2; block < (1 << 17) + 8; ++block)
    for (int i = 0; i < 4; ++i) stream.next_u64();
  std::vector<std::uint64_t> later;
  for (int i = 0; i < 8; ++i) later.push_back(stream.next_u64());
  CHECK(first != later);
}

TEST_CASE("replicates of a 64-bit seed never share a stream", "[random]") {
  // the key holds the seed and the replicate whole: no pair of them maps onto another
  const std::uint64_t seed = 0xFFFFFFFF12345678ull;
  std::set<std::uint64_t> firsts;
  for (std::uint32_t replicate = 0; replicate < 1000; ++replicate)
    firsts.insert(RandomSource(seed, replicate).stream(0, 0, Purpose::detection).next_u64());
  CHECK(firsts.size() == 1000);
}

TEST_CASE("a uniform read at its place is the one sequential draws reach there", "[random]") {
  RandomStream sequential(7, 1, 3, 42, Purpose::peacekeeper_week);
  std::vector<double> in_order;
  for (int i = 0; i < 14; ++i) in_order.push_back(sequential.uniform());
  // in any order, skipping some, and reading one twice
  RandomStream direct(7, 1, 3, 42, Purpose::peacekeeper_week);
  for (std::uint64_t index : {13u, 0u, 5u, 4u, 4u, 12u, 1u, 9u})
    CHECK(direct.uniform_at(index) == in_order[index]);
}

TEST_CASE("a pair of 32-bit uniforms splits one value and has the right mean", "[random]") {
  RandomStream pairs(11, 0, 2, 7, Purpose::peacekeeper_attributes);
  RandomStream whole(11, 0, 2, 7, Purpose::peacekeeper_attributes);
  const std::uint64_t bits = whole.next_u64();
  const auto [high, low] = pairs.uniform_pair();
  CHECK(high == static_cast<double>(bits >> 32) / 4294967296.0);
  CHECK(low == static_cast<double>(bits & 0xffffffffu) / 4294967296.0);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const auto [a, b] = pairs.uniform_pair();
    CHECK((a >= 0 && a < 1 && b >= 0 && b < 1));
    sum += a + b;
  }
  CHECK(sum / 200000 == Approx(0.5).margin(0.005));
}

namespace {

// Kolmogorov-Smirnov distance between a sample and a distribution function.
template <class Cdf>
double ks_distance(std::vector<double> sample, Cdf cdf) {
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double distance = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    distance = std::max({distance, f - i / n, (i + 1) / n - f});
  }
  return distance;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// The value picking layer `layer` of a ziggurat at the fraction `across` of its width.
std::uint64_t ziggurat_bits(std::size_t layer, double across, bool negative = false) {
  return (static_cast<std::uint64_t>(across * 0x1.0p53) << 11) | (negative ? 0x100u : 0u) | layer;
}

}  // namespace

TEST_CASE("the ziggurat's layers have equal areas and close at the top", "[random]") {
  namespace z = tipsim::core::ziggurat;
  for (const z::Layers* layers : {&z::exponential_layers(), &z::normal_layers()}) {
    const double area = layers->x[1] * (layers->f[2] - layers->f[1]);
    for (std::size_t i = 1; i < z::count; ++i)
      CHECK(layers->x[i] * (layers->f[i + 1] - layers->f[i]) == Approx(area).epsilon(1e-6));
    // the base strip: the rectangle under the edge and the tail beyond it
    CHECK(layers->x[0] * layers->f[1] == Approx(area).epsilon(1e-12));
    for (std::size_t i = 0; i < z::count; ++i) CHECK(layers->x[i] > layers->x[i + 1]);
  }
}

TEST_CASE("exponential and normal draws follow their distributions into the tails", "[random]") {
  const int draws = 1000000;
  std::vector<double> exponential, normal;
  RandomStream stream(21, 0, 0, 0, Purpose::random_shock);
  int exponential_beyond_8 = 0, normal_beyond_3_7 = 0, normal_negative = 0;
  for (int i = 0; i < draws; ++i) {
    exponential.push_back(stream.exponential(1.0));
    normal.push_back(stream.normal());
    exponential_beyond_8 += exponential.back() > 8;
    normal_beyond_3_7 += std::abs(normal.back()) > 3.7;
    normal_negative += normal.back() < 0;
  }
  // distance below the 0.1% critical value of 1.95 / sqrt(n)
  const double critical = 1.95 / std::sqrt(static_cast<double>(draws));
  CHECK(ks_distance(exponential, [](double x) { return -std::expm1(-x); }) < critical);
  CHECK(ks_distance(normal, normal_cdf) < critical);
  // the tails, beyond each base strip's edge, within five standard errors
  const auto near = [&](int count, double p) {
    return std::abs(count - draws * p) < 5 * std::sqrt(draws * p);
  };
  CHECK(near(exponential_beyond_8, std::exp(-8.0)));
  CHECK(near(normal_beyond_3_7, 2 * normal_cdf(-3.7)));
  CHECK(near(normal_negative, 0.5));
}

TEST_CASE("a ziggurat draw outside the inner layers takes further values", "[random]") {
  namespace z = tipsim::core::ziggurat;
  std::uint64_t supplied = 0;
  const auto more = [&] {
    ++supplied;
    return ziggurat_bits(0, 0.5);
  };
  // inside the next layer up: the value alone decides
  CHECK(z::standard_exponential(ziggurat_bits(10, 0.5), more) ==
        0.5 * z::exponential_layers().x[10]);
  CHECK(supplied == 0);
  // the base strip beyond its edge: the tail, r plus an exponential
  const double tail = z::standard_exponential(ziggurat_bits(0, 0.999), more);
  CHECK(tail == Approx(z::exponential_layers().r + std::log(2.0)));
  CHECK(supplied == 1);
  const double normal_tail = z::standard_normal(ziggurat_bits(0, 0.999, true), more);
  CHECK(normal_tail < -z::normal_layers().r);
  CHECK(supplied == 3);
  // in a wedge: one more value for the height, and one for an exact draw if it is above the
  // curve
  const double wedge = z::standard_exponential(ziggurat_bits(200, 0.9999), more);
  CHECK(wedge > 0);
  CHECK((supplied == 4 || supplied == 5));
}

TEST_CASE("an exponential read at its place does not depend on other places", "[random]") {
  const RandomSource source(4, 2);
  std::vector<double> sample;
  for (std::uint32_t agent = 0; agent < 200000; ++agent) {
    auto fresh = source.stream(1, agent, Purpose::peacekeeper_week);
    auto busy = source.stream(1, agent, Purpose::peacekeeper_week);
    busy.uniform_at(6);
    busy.uniform_at(1);
    const double value = fresh.exponential_at(0);
    REQUIRE(busy.exponential_at(0) == value);
    REQUIRE(busy.uniform_at(1) == fresh.uniform_at(1));  // and reading it moves nothing else
    sample.push_back(value);
  }
  CHECK(ks_distance(sample, [](double x) { return -std::expm1(-x); }) < 1.95 / std::sqrt(2e5));
}
