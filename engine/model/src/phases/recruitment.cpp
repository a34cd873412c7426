#include "tipsim/model/phases/recruitment.hpp"

#include <algorithm>
#include <cmath>

#include "../model_math.hpp"

namespace tipsim::model {

using core::Purpose;
using P = ParameterId;

double vulnerability(const CompiledModel& model, const StepContext& c, const People& people,
                     std::uint32_t person, bool former_victim) {
  const std::size_t m = people.municipality[person];
  const bool child = people.age(person, c.week) < 18;
  double log_odds = model.constant(P::vulnerability_baseline);
  // poverty against the country's median (the scenario's value): a municipality whose
  // [[local]] table sets a lower median income has more poor people, not a lower bar
  log_odds += model.constant(P::vulnerability_poverty) *
              std::max(0.0, std::log(model.constant(P::median_income) / people.income[person]));
  if (!child && !people.has(person, trait::employed))
    log_odds += model.constant(P::vulnerability_unemployment);
  if (people.displaced(person, c.week)) log_odds += model.constant(P::vulnerability_displacement);
  if (child && people.has(person, trait::lost_parents))
    log_odds += model.constant(P::vulnerability_lost_parents);
  log_odds += model.constant(P::vulnerability_inflation) * c.price_rise[m];
  if (c.economic_shock[m]) log_odds += model.constant(P::vulnerability_economic_shock);
  if (former_victim) log_odds += model.constant(P::vulnerability_previously_trafficked);
  if (former_victim && people.has(person, trait::left_unassisted))
    log_odds += model.constant(P::vulnerability_unassisted);
  if (!people.has(person, trait::female)) log_odds += model.constant(P::vulnerability_male);
  return log_odds;
}

RecruitmentOutcome recruitment_phase(const CompiledModel& model, const StepContext& c,
                                     const TraffickerOutcome& traffickers, World& world) {
  RecruitmentOutcome outcome;
  outcome.recruited_from.assign(model.municipality_count(), 0.0);
  outcome.held_before = world.victims.size();
  std::vector<std::uint16_t> recruited_now(world.traffickers.size(), 0);
  People& people = world.people;
  const double minimum_age = model.constant(P::minimum_age);
  const double maximum_age = model.constant(P::maximum_age);
  const double transit_speed = model.constant(P::transit_speed);
  // An agent stands for several people; a recruiter reaching it knows one of them, always the
  // same one. The agent follows one of its people by name (victim_index): the one now in
  // traffickers' hands or in assistance, or the last one back home. The others are free,
  // or former victims back home that it only counts (former_victims). A recruiter who knows
  // the followed person meets her; one who knows another meets a former victim with the share
  // they have among the others. While the followed person is held, the agent is out of reach.
  const double scale = model.people_per_agent;
  const auto people_per_agent = static_cast<std::uint32_t>(std::min(scale, 65536.0));
  auto known_person = [&](std::uint32_t trafficker, std::uint32_t person) -> std::uint16_t {
    if (people_per_agent <= 1) return 0;
    std::uint64_t hash =
        (static_cast<std::uint64_t>(trafficker) << 32 | person) + 0x9E3779B97F4A7C15ull;
    hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9ull;
    hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::uint16_t>((hash ^ (hash >> 31)) % people_per_agent);
  };
  auto recruitable = [&](std::uint32_t person) {
    const PersonState state = people.state[person];
    if (state != PersonState::free && state != PersonState::returned) return false;
    const std::uint32_t years = people.age(person, c.week);
    return years >= minimum_age && years <= maximum_age;
  };
  auto& counts = world.state_counts;
  const auto count_of = [&](PersonState state) -> std::uint64_t& {
    return counts[static_cast<std::size_t>(state)];
  };
  for (const Approach& approach : traffickers.approaches) {
    const std::uint32_t k = approach.trafficker;
    if (recruited_now[k] >= traffickers.wanted_total[k]) continue;
    const std::uint32_t p = approach.person;
    if (!recruitable(p)) continue;
    auto stream = world.random.stream(c.week, p, Purpose::offer_acceptance);
    const double accepted = stream.uniform();
    const std::uint16_t known = known_person(k, p);
    const bool followed_home = people.state[p] == PersonState::returned;
    const bool meets_followed = followed_home && known == people.victim_index[p];
    const double others = scale - (followed_home ? 1.0 : 0.0);
    const bool meets_other_former =
        !meets_followed && others > 0 && stream.uniform() * others < people.former_victims[p];
    const bool former = meets_followed || meets_other_former;
    if (approach.abduction ? !people.has(p, trait::female)
                           : accepted >= logistic(vulnerability(model, c, people, p, former)))
      continue;
    const bool local = recruited_now[k] < traffickers.wanted_local[k];
    ++recruited_now[k];
    const std::uint16_t home = world.traffickers.municipality[k];
    std::uint16_t transit_weeks = 0;
    if (!local) {
      const double distance = model.export_routes[home].distance_km;
      transit_weeks =
          static_cast<std::uint16_t>(std::clamp(std::ceil(distance / transit_speed), 1.0, 65535.0));
    }
    // the agent now follows the recruited person; a followed person back home it no longer
    // follows joins the former victims it counts
    if (followed_home && !meets_followed) ++people.former_victims[p];
    if (meets_other_former) --people.former_victims[p];
    --count_of(former ? PersonState::returned : PersonState::free);
    ++count_of(PersonState::recruited);
    people.traits[p] &= static_cast<std::uint8_t>(~trait::left_unassisted);
    people.state[p] = PersonState::recruited;
    people.victim_index[p] = known;

    outcome.recruited += 1;
    const bool child = people.age(p, c.week) < 18;
    if (child) outcome.children += 1;
    if (approach.abduction) outcome.abducted += 1;
    if (former) outcome.retrafficked += 1;
    if (!former) outcome.first_time += 1;
    if (!former && child) outcome.children_first_time += 1;

    outcome.recruited_from[people.municipality[p]] += 1;
    world.victims.push_back(Victim{p, k, home, 0, transit_weeks});
  }

  // Victims bought abroad: each region's recruiters deliver what they can this week, to the
  // orders in trafficker order. A victim bought sets off at once towards her buyer.
  std::vector<std::uint64_t> deliverable(model.source_regions.size());
  for (std::size_t r = 0; r < deliverable.size(); ++r) {
    auto stream =
        world.random.stream(c.week, static_cast<std::uint32_t>(r), Purpose::import_supply);
    deliverable[r] = core::stochastic_round(c.import_supply[r], stream);
  }
  const double minor_share = model.constant(P::import_minor_share);
  ForeignVictims& foreign = world.foreign;
  for (const ImportOrder& order : traffickers.orders) {
    const std::uint16_t home = world.traffickers.municipality[order.trafficker];
    std::uint16_t wanted = order.victims;
    for (const std::uint16_t r : c.import_ranking[home]) {
      const CompiledSourceRegion& region = model.source_regions[r];
      const auto delivered =
          static_cast<std::uint16_t>(std::min<std::uint64_t>(wanted, deliverable[r]));
      deliverable[r] -= delivered;
      wanted -= delivered;
      for (std::uint16_t v = 0; v < delivered; ++v) {
        const std::uint32_t i = foreign.size();
        auto stream = world.random.stream(c.week, i, Purpose::import_attributes);
        const bool minor = stream.bernoulli(minor_share);
        const auto age =
            static_cast<std::uint8_t>(minor ? 14 + stream.below(4) : 18 + stream.below(8));
        foreign.state.push_back(PersonState::in_transit);
        foreign.age_bought.push_back(age);
        foreign.week_bought.push_back(c.week);
        ++world.foreign_counts[static_cast<std::size_t>(PersonState::in_transit)];
        world.victims.push_back(Victim{i, order.trafficker, home, 0, region.transit_weeks,
                                       static_cast<std::uint8_t>(r + 1)});
        outcome.bought += 1;
        if (minor) outcome.children_bought += 1;
        outcome.import_spending += region.cost;
      }
      if (wanted == 0) break;
    }
  }
  return outcome;
}

}  // namespace tipsim::model
