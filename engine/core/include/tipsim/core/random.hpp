#pragma once
// Counter-based random numbers (Philox4x64-10, Random123), keyed by (seed, replicate).
//
// Every draw in tipsim is a pure function of (seed, replicate, step, agent, purpose, draw index).
// Nothing depends on which thread or rank makes the draw or in what order, so results are
// bit-identical for any thread count, and two scenarios that differ in one policy see the same
// numbers for everything that policy does not touch (common random numbers).

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace tipsim::core {

/// What a draw is for. Each purpose is its own independent stream; a new mechanism takes a new
/// purpose with a new number, so that adding it does not shift the numbers seen by existing ones.
/// The numbers are part of every stored result: never renumber (a test pins them).
enum class Purpose : std::uint16_t {
  person_attributes = 1,
  social_ties = 2,
  location_attributes = 3,
  location_geometry = 4,
  peacekeeper_attributes = 5,
  peacekeeper_week = 6,  ///< a peacekeeper's purchases: venue, witness, report, sanction
  trafficker_attributes = 7,
  trafficker_decision = 8,
  recruitment_target = 9,
  offer_acceptance = 10,
  victim_destination = 11,
  victim_transition = 12,
  victim_identification = 13,
  detection = 14,
  prosecution = 15,
  random_shock = 16,
  displacement = 17,
  assistance = 18,
  batch_sampling = 19,
  bootstrap = 20,
  peacekeeper_facilitation = 21,
  peacekeeper_sighting = 22,
  import_supply = 23,              ///< a source region's deliveries this week (keyed by region)
  import_attributes = 24,          ///< a victim bought abroad: her age (keyed by her foreign index)
  foreign_victim_transition = 25,  ///< as victim_transition, for victims bought abroad
  foreign_victim_identification = 26,  ///< as victim_identification, for victims bought abroad
  trafficker_return = 27,  ///< a trafficker released from custody: his way back in at home
};

/// Ziggurat sampling (Marsaglia and Tsang 2000): the area under a decreasing density on
/// [0, inf) is covered by 256 layers of equal area, stacked on a base strip that also holds the
/// tail. One 64-bit value picks a layer (its low 8 bits) and a point across it (its top 53);
/// about 98% of the time that point lies inside the next layer up, under the curve, and is the
/// draw: a table lookup and a multiply, where inversion would call log. The rest of the time
/// further values decide: the tail, or the wedge under the curve. A point rejected there is
/// replaced by an exact draw by inversion, not by a new attempt, so the number of values a draw
/// takes is bounded (but for the normal's rare tail); the result is still exact, because one
/// attempt's accepted points are distributed as the density and the replacement is too.
namespace ziggurat {

inline constexpr std::size_t count = 256;

/// x[0] is the base strip's width were its tail a rectangle, x[1] = r the edge of the tail,
/// x[i + 1] the width of the layer above layer i, x[256] = 0; f[i] = f(x[i]), f[256] = f(0).
struct Layers {
  std::array<double, count + 1> x, f;
  double r;
};

/// f(x) = exp(-x): the standard exponential.
const Layers& exponential_layers() noexcept;
/// f(x) = exp(-x^2 / 2): the standard normal's half, a sign bit picking the side.
const Layers& normal_layers() noexcept;

inline double uniform(std::uint64_t bits) noexcept {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// A standard exponential from the 64-bit value `bits`; `more()` gives further values when the
/// draw needs them (about 2.2% of draws).
template <class More>
double standard_exponential(std::uint64_t bits, More&& more) noexcept {
  const Layers& z = exponential_layers();
  const std::size_t i = bits & 0xff;
  const double x = uniform(bits) * z.x[i];
  if (x < z.x[i + 1]) return x;
  if (i == 0) return z.r - std::log1p(-uniform(more()));  // the tail: r + an exponential
  if (z.f[i] + uniform(more()) * (z.f[i + 1] - z.f[i]) < std::exp(-x)) return x;
  return -std::log1p(-uniform(more()));
}

/// A standard normal from the 64-bit value `bits` (its bit 8 the sign); `more()` gives further
/// values when the draw needs them (about 1.5% of draws).
template <class More>
double standard_normal(std::uint64_t bits, More&& more) noexcept {
  const Layers& z = normal_layers();
  const std::size_t i = bits & 0xff;
  const double side = (bits & 0x100) ? -1.0 : 1.0;
  const double x = uniform(bits) * z.x[i];
  if (x < z.x[i + 1]) return side * x;
  if (i == 0) {
    // the tail beyond r (Marsaglia 1964): r + a where a is exponential with rate r, kept with
    // probability exp(-a^2 / 2)
    for (;;) {
      const double a = -std::log1p(-uniform(more())) / z.r;
      const double b = -std::log1p(-uniform(more()));
      if (2 * b > a * a) return side * (z.r + a);
    }
  }
  if (z.f[i] + uniform(more()) * (z.f[i + 1] - z.f[i]) < std::exp(-x * x / 2)) return side * x;
  // Box-Muller, exact and symmetric by itself
  const double u1 = 1.0 - uniform(more());  // (0, 1]
  const double u2 = uniform(more());
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace ziggurat

/// A stream of random numbers for one (step, agent, purpose) within one (seed, replicate).
/// Cheap to create: hold one per decision, draw a few numbers, drop it.
///
/// Philox4x64-10: the key is (seed, replicate), the counter (step and agent, purpose, block),
/// so a stream holds 2^64 blocks of four 64-bit numbers and any seed, replicate, step, agent
/// and purpose give their own stream.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint32_t replicate, std::uint32_t step, std::uint32_t agent,
               Purpose purpose) noexcept
      : key_{{seed, replicate}},
        counter_{{(static_cast<std::uint64_t>(step) << 32) | agent,
                  static_cast<std::uint64_t>(purpose), 0, 0}} {}

  /// Next raw 64-bit value.
  std::uint64_t next_u64() noexcept {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  /// Uniform in [0, 1), 53 bits of resolution.
  double uniform() noexcept { return to_uniform(next_u64()); }

  /// The uniform at place `index` of the stream, the same as the index-th call of uniform() on
  /// a fresh stream would give, computed directly (the generator is counter-based). A decision
  /// whose draws each have a fixed place reads only the ones it needs: what it would have drawn
  /// does not depend on what it skipped. Not to be mixed with sequential draws on one stream.
  double uniform_at(std::uint64_t index) noexcept { return to_uniform(value_at(index)); }

  /// A standard exponential whose first value is at place `index`, like uniform_at. The few
  /// draws that need more values take them from the place's own range far beyond every fixed
  /// place (block (index + 1) * 2^32 on).
  double exponential_at(std::uint64_t index) noexcept {
    return ziggurat::standard_exponential(
        value_at(index), [this, index, spill = std::optional<RandomStream>()]() mutable {
          if (!spill) {
            spill.emplace(*this);
            spill->counter_.v[2] = (index + 1) << 32;
            spill->used_ = 4;
          }
          return spill->next_u64();
        });
  }

  /// True with probability p (p outside [0,1] is clamped by construction of the comparison).
  bool bernoulli(double p) noexcept { return uniform() < p; }

  /// Two uniforms in [0, 1) of 32 bits each, from one 64-bit value (high half first): for draws
  /// that need no finer resolution, at half the cost.
  std::array<double, 2> uniform_pair() noexcept {
    const std::uint64_t bits = next_u64();
    return {static_cast<double>(bits >> 32) * 0x1.0p-32,
            static_cast<double>(bits & 0xffffffffu) * 0x1.0p-32};
  }

  /// Uniform integer in [0, n); n > 0. Lemire's multiply-shift on the high 32 bits, bias below
  /// 2^-32 * n.
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>(((next_u64() >> 32) * n) >> 32);
  }

  /// Exponential with the given mean (ziggurat: one value, rarely up to three).
  double exponential(double mean) noexcept {
    return mean * ziggurat::standard_exponential(next_u64(), [this] { return next_u64(); });
  }

  /// Standard normal (ziggurat: one value, rarely more).
  double normal() noexcept {
    return ziggurat::standard_normal(next_u64(), [this] { return next_u64(); });
  }

  /// Log-normal with the given median and log-scale standard deviation.
  double lognormal(double median, double sigma) noexcept {
    return median * std::exp(sigma * normal());
  }

  /// Poisson with any mean: inversion below a mean of 10, Hoermann's transformed rejection
  /// (PTRS, 1993) above, whose cost does not grow with the mean.
  std::uint64_t poisson(double mean) noexcept {
    if (!(mean > 0.0)) return 0;
    if (mean < 10.0) {
      const double limit = std::exp(-mean);
      double product = uniform();
      std::uint64_t count = 0;
      while (product > limit) {
        product *= uniform();
        ++count;
      }
      return count;
    }
    const double root = std::sqrt(mean), log_mean = std::log(mean);
    const double b = 0.931 + 2.53 * root;
    const double a = -0.059 + 0.02483 * b;
    const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const double u = uniform() - 0.5;
      const double v = uniform();
      const double us = 0.5 - std::fabs(u);
      const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (std::log(v) + std::log(inverse_alpha) - std::log(a / (us * us) + b) <=
          -mean + k * log_mean - std::lgamma(k + 1))
        return static_cast<std::uint64_t>(k);
    }
  }

 private:
  static double to_uniform(std::uint64_t bits) noexcept { return ziggurat::uniform(bits); }

  std::uint64_t value_at(std::uint64_t index) noexcept {
    const std::uint64_t block = index / 4;
    if (used_ == 4 || counter_.v[2] != block + 1) {
      counter_.v[2] = block;
      refill();
    }
    return block_.v[index % 4];
  }

  void refill() noexcept {
    block_ = r123::Philox4x64{}(counter_, key_);
    ++counter_.v[2];
    used_ = 0;
  }

  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  unsigned used_ = 4;
};

/// A count with a fractional part, rounded to its floor or ceiling with the right expectation.
inline std::uint64_t stochastic_round(double value, RandomStream& stream) noexcept {
  if (!(value > 0)) return 0;
  const double whole = std::floor(value);
  return static_cast<std::uint64_t>(whole) + (stream.bernoulli(value - whole) ? 1u : 0u);
}

/// Factory bound to one run: (seed, replicate).
class RandomSource {
 public:
  RandomSource(std::uint64_t seed, std::uint32_t replicate) noexcept
      : seed_(seed), replicate_(replicate) {}

  RandomStream stream(std::uint32_t step, std::uint32_t agent, Purpose purpose) const noexcept {
    return RandomStream(seed_, replicate_, step, agent, purpose);
  }

  std::uint64_t seed() const noexcept { return seed_; }
  std::uint32_t replicate() const noexcept { return replicate_; }

 private:
  std::uint64_t seed_;
  std::uint32_t replicate_;
};

}  // namespace tipsim::core
