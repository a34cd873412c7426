#pragma once
// The World: everything one replicate carries from one week to the next, in structure-of-arrays
// storage, built from a CompiledModel. Agent ids are stable: a person's id is their index for
// the whole run. Phases read the compiled model and the step's context and change only the
// parts of the World they own.

#include <array>
#include <cstdint>
#include <vector>

#include "tipsim/core/agent_array.hpp"
#include "tipsim/core/random.hpp"
#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/social_network.hpp"

namespace tipsim::model {

/// Where a person stands. Every person is in exactly one state at every step.
///
/// An agent of the population stands for population.scale people, but victims are counted one
/// by one: an agent's state is that of one of its people (People::victim_index), the one now in
/// traffickers' hands or in assistance, or the last one back home; its other people are free
/// or former victims back home that it counts (People::former_victims). At one person per
/// agent this is every person.

enum class PersonState : std::uint8_t {
  free,              ///< never trafficked, or not now
  recruited,         ///< taken this week, not yet moved into exploitation
  in_transit,        ///< being moved to a market abroad
  exploited_local,   ///< exploited in the host country
  exploited_abroad,  ///< exploited in a market abroad
  assisted,          ///< identified and in assistance
  returned,          ///< back home after exploitation (may be trafficked again)
};
inline constexpr std::size_t person_state_count = 7;

/// Bits of People::traits.
namespace trait {
inline constexpr std::uint8_t female = 1u << 0;
inline constexpr std::uint8_t employed = 1u << 1;
inline constexpr std::uint8_t lost_parents = 1u << 2;
inline constexpr std::uint8_t left_unassisted =
    1u << 3;  ///< its last former victim went home unassisted
}  // namespace trait

inline constexpr double weeks_per_year = 52.0;

/// The population, ordered by municipality and, within it, by household.
struct People {
  core::AgentArray<PersonState> state;
  core::AgentArray<std::uint8_t> traits;
  core::AgentArray<std::uint8_t> age_at_start;  ///< years
  core::AgentArray<std::uint16_t> municipality;
  core::AgentArray<std::uint16_t>
      displaced_until;             ///< week at which the person is settled; 0 if never displaced
  core::AgentArray<float> income;  ///< USD/month
  core::AgentArray<std::uint32_t> household_first;  ///< id of the household's first member
  core::AgentArray<std::uint8_t> household_size;
  core::AgentArray<std::uint16_t> victim_index;  ///< which of its people its state follows
  core::AgentArray<std::uint16_t>
      former_victims;  ///< other former victims among its people, back home

  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(state.size()); }
  bool has(std::uint32_t person, std::uint8_t bit) const noexcept {
    return (traits[person] & bit) != 0;
  }
  /// Age in whole years at a given week of the run.
  std::uint32_t age(std::uint32_t person, std::uint32_t week) const noexcept {
    return age_at_start[person] + static_cast<std::uint32_t>(week / weeks_per_year);
  }
  bool displaced(std::uint32_t person, std::uint32_t week) const noexcept {
    return displaced_until[person] > week;
  }
  /// Bytes held per person by these arrays.
  static constexpr std::size_t bytes_per_person = sizeof(PersonState) + 3 * sizeof(std::uint8_t) +
                                                  4 * sizeof(std::uint16_t) + sizeof(float) +

                                                  sizeof(std::uint32_t);
};

/// A person now in the hands of traffickers or in assistance (one of the people of agent
/// `person`). Only these are visited each step.
///
/// A victim bought in a source region abroad (origin > 0) is not one of the country's people:
/// `person` then indexes World::foreign, and while she is on the way in, `location` is the
/// municipality of the trafficker who bought her.
struct Victim {
  std::uint32_t person;
  std::uint32_t trafficker;
  std::uint16_t location;  ///< municipality of exploitation, or of origin while in transit / abroad
  std::uint16_t weeks_in_state;
  std::uint16_t
      transit_weeks;        ///< weeks of transit left; non-zero at recruitment means bound abroad
  std::uint8_t origin = 0;  ///< 0: one of the country's people; r + 1: bought in source region r
};

/// Victims bought in source regions abroad, one person each, in the order they were bought.
/// They are not of the country's population: their states are counted apart (World::
/// foreign_counts). One who leaves the traffickers' hands and assistance goes home abroad and is
/// no longer visited.
struct ForeignVictims {
  std::vector<PersonState> state;
  std::vector<std::uint8_t> age_bought;  ///< years, when bought
  std::vector<std::uint32_t> week_bought;
  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(state.size()); }
  std::uint32_t age(std::uint32_t victim, std::uint32_t week) const noexcept {
    return age_bought[victim] +
           static_cast<std::uint32_t>((week - week_bought[victim]) / weeks_per_year);
  }
};

enum class TraffickerStatus : std::uint8_t { inactive, active, in_custody };

/// Members of criminal groups, active or not: one agent per person at any population scale
/// (they are few, and an agent of several would enter and leave a market in lumps).
struct Traffickers {
  std::vector<TraffickerStatus> status;
  std::vector<std::uint16_t> group;
  std::vector<std::uint16_t> municipality;
  std::vector<std::uint32_t> anchor;         ///< the person through whom they enter social circles
  std::vector<std::uint32_t> custody_until;  ///< week
  std::vector<std::uint16_t> held_local;     ///< victims he holds for local exploitation (tally)
  std::vector<std::uint16_t> held;           ///< victims he holds in all, for abroad too (tally)
  std::vector<std::uint8_t>
      hiding;  ///< keeps his victims hidden (phase 4 decides; kept in custody)
  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(status.size()); }
};

/// Per-municipality state of the local authorities and the local market (people, not agents).
struct Municipalities {
  std::vector<double> adult_men;
  std::vector<double> corruption_at_start;
  std::vector<double> perceived_risk;  ///< traffickers' weekly arrest hazard (exponential average)
  std::vector<double>
      perceived_bribes;  ///< bribes a trafficker there pays a week (USD, same average)

  std::vector<std::uint32_t> economic_shock_until;  ///< week
  std::vector<double> peacekeepers;                 ///< based there last step
  std::vector<double> peacekeeper_purchases;        ///< last step
  /// purchases residents wanted last step and found no seller for (some look next door)
  std::vector<double> clients_turned_away;
  // tallies of the end of last step (update_tallies)
  std::vector<double> victims_local;  ///< victims exploited there
  std::vector<double> victims_seen;   ///< the same, less the share their traffickers hide
  std::vector<std::vector<std::uint32_t>> active;  ///< active traffickers there, by id
  std::size_t size() const noexcept { return adult_men.size(); }
};

/// One contingent's deployed positions. A slot is a position held by a succession of
/// peacekeepers, one per tour; a peacekeeper is identified by (slot, tour), and their traits
/// are drawn from that identity when their tour begins (kept here for the tour).
struct ContingentSlots {
  static constexpr std::uint8_t woman = 1u << 0;
  static constexpr std::uint8_t trained_before = 1u << 1;
  static constexpr std::uint8_t trained = 1u << 2;   ///< before deployment or in the field
  static constexpr std::uint8_t bought = 1u << 3;    ///< known to have bought this tour
  static constexpr std::uint8_t objected = 1u << 4;  ///< objected to a purchase this tour

  // per slot (one peacekeeper at a time; slot s belongs to unit s / unit_size)
  std::vector<std::int32_t> repatriated_tour;  ///< tour whose holder was sent home, or -1
  std::vector<std::int32_t> traits_tour;       ///< tour whose holder's traits are below, or -1
  std::vector<std::uint8_t> flags;             ///< woman, trained_before, trained, bought, objected
  std::vector<float> propensity;               ///< multiplier of the purchase rate (mean 1)
  std::vector<float> infield_threshold;  ///< trained in the field once 1 - exp(-hazard) passes it
  std::vector<float> infield_hazard;     ///< in-field training hazard summed over the tour
  /// the point of his unit's purchase clock (for his class, trained or not) at which the holder
  /// next wants to buy: the clock when his waiting time began plus an exponential waiting time
  /// divided by his propensity
  std::vector<double> purchase_at;
  /// each unit's men of each class in the order they want to buy: for class k, a binary heap on
  /// purchase_at (earliest first) in [k x slots + first slot of the unit, + queued[k]); a man
  /// sent home is not queued again, and training in the field queues the unit afresh
  std::vector<std::uint32_t> purchase_queue;

  /// A unit's tour so far: who is there and what they did, kept as counts and sums over the
  /// holders present, and its clocks. A man of class k (0 untrained, 1 trained) wants to buy
  /// when clock[k] passes his purchase_at; the men wait in a queue per class, earliest first,
  /// so a week looks only at the men whose time has come.
  struct Unit {
    std::int32_t tour = -1;       ///< tour of the unit's holders, or -1
    float expected_sanction = 0;  ///< sanctions per purchase the unit expects
    std::uint32_t purchases = 0;  ///< purchases by its holders this tour
    std::uint32_t drawn = 0;      ///< slots whose holders are drawn this tour (a prefix)
    std::uint32_t extent = 0;     ///< slots held when the holders were last counted
    std::uint32_t members = 0;    ///< holders present (not sent home)
    std::uint32_t women = 0, women_trained = 0;
    std::uint32_t bought = 0;       ///< present holders known to have bought this tour
    std::uint32_t objected = 0;     ///< present holders who objected to a purchase this tour
    std::uint32_t men[2] = {0, 0};  ///< men present, untrained and trained
    double propensity[2] = {0, 0};  ///< their propensities, summed
    /// purchase hazard per unit of propensity accumulated this tour, untrained and trained
    double clock[2] = {0, 0};
    std::uint32_t queued[2] = {0, 0};  ///< entries in each class's purchase queue
    /// the hazard left before the unit's next facilitation and next sighting reported
    float facilitation_left = 0, report_left = 0;
  };
  std::vector<Unit> units;

  // the contingent: what it has seen, handed on to each arriving unit
  double expected_sanction_contingent = 0;
  double announced_prosecution = -1;  ///< the home prosecution last announced (-1: none yet)
};

struct World {
  explicit World(core::RandomSource source) : random(source) {}

  core::RandomSource random;
  std::uint32_t week = 0;  ///< the next step to take
  /// victims delivered to the markets abroad a week, averaged over demand.export_memory_weeks:
  /// what sets the price abroad when exports are a choice (starts at demand.export)
  double exports_recent = 0.0;
  People people;
  SocialNetwork social;
  Municipalities municipalities;
  Traffickers traffickers;
  std::vector<std::uint16_t> group_home;
  std::vector<ContingentSlots> contingents;  ///< in the compiled model's contingent order
  std::vector<Victim> victims;
  std::array<std::uint64_t, person_state_count> state_counts{};  ///< people in each state
  ForeignVictims foreign;
  std::array<std::uint64_t, person_state_count> foreign_counts{};  ///< of them, in each state

  /// A victim's state, age and whether she is a child, wherever she comes from.
  PersonState& state_of(const Victim& victim) noexcept {
    return victim.origin ? foreign.state[victim.person] : people.state[victim.person];
  }
  PersonState state_of(const Victim& victim) const noexcept {
    return victim.origin ? foreign.state[victim.person] : people.state[victim.person];
  }
  std::uint32_t age_of(const Victim& victim, std::uint32_t at) const noexcept {
    return victim.origin ? foreign.age(victim.person, at) : people.age(victim.person, at);
  }
  /// Where a change of a victim's state is counted.
  std::array<std::uint64_t, person_state_count>& counts_of(const Victim& victim) noexcept {
    return victim.origin ? foreign_counts : state_counts;
  }

  /// Bytes held by the world's arrays (a lower bound of its memory).
  std::size_t bytes() const noexcept;
};

/// Builds the world of one replicate of a compiled model.
World build_world(const CompiledModel& model, std::uint32_t replicate);

/// Recounts what the next step reads of the world as it stands: active traffickers and
/// victims exploited per municipality, and victims each trafficker holds locally.
void update_tallies(const CompiledModel& model, World& world);

}  // namespace tipsim::model
