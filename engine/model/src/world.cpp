#include "tipsim/model/world.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double logit(double p) {
  p = std::clamp(p, 1e-9, 1.0 - 1e-9);
  return std::log(p / (1.0 - p));
}

// people per municipality in proportion to its weight, rounded by largest remainder
std::vector<std::uint32_t> apportion(std::uint32_t people, const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::uint32_t> counts(weights.size(), 0);
  if (weights.empty()) return counts;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint32_t assigned = 0;
  for (std::size_t m = 0; m < weights.size(); ++m) {
    const double exact = total > 0 ? people * weights[m] / total : double(people) / weights.size();
    counts[m] = static_cast<std::uint32_t>(exact);
    assigned += counts[m];
    remainders.emplace_back(-(exact - counts[m]), m);
  }
  std::sort(remainders.begin(), remainders.end());
  for (std::size_t i = 0; assigned < people; ++i, ++assigned) ++counts[remainders[i % remainders.size()].second];
  return counts;
}

void build_people(const Scenario& scenario, World& world, std::size_t municipality_count) {
  // each agent stands for `scale` people
  const double agents = std::round(scenario.value(ParameterId::people) / scenario.value(ParameterId::scale));
  if (agents < 1 || agents > 4.0e9)
    throw std::invalid_argument("population.people / population.scale must give 1 to 4e9 agents, not " +
                                std::to_string(agents));
  const auto population = static_cast<std::uint32_t>(agents);
  std::vector<double> weights(municipality_count);
  for (std::size_t m = 0; m < municipality_count; ++m)
    weights[m] = world.locations[m].population_weight;
  const auto counts = apportion(population, weights);

  People& people = world.people;
  people.state.assign(population, PersonState::free);
  people.traits.assign(population, 0);
  people.age_at_start.assign(population, 0);
  people.municipality.assign(population, 0);
  people.displaced_until.assign(population, 0);
  people.income.assign(population, 0.0f);
  people.household_first.assign(population, 0);
  people.household_size.assign(population, 1);

  // households are laid out in order, municipality by municipality
  world.municipality_first.assign(municipality_count + 1, 0);
  const double mean_household = scenario.value(ParameterId::household_size);
  std::uint32_t person = 0;
  for (std::size_t m = 0; m < municipality_count; ++m) {
    world.municipality_first[m] = person;
    const std::uint32_t end = person + counts[m];
    while (person < end) {
      auto stream = world.random.stream(0, person, Purpose::person_attributes);
      const std::uint32_t wanted = 1 + stream.poisson(mean_household - 1.0);
      const std::uint32_t size = std::min({wanted, end - person, 30u});
      for (std::uint32_t member = person; member < person + size; ++member) {
        people.household_first[member] = person;
        people.household_size[member] = static_cast<std::uint8_t>(size);
        people.municipality[member] = static_cast<std::uint16_t>(m);
      }
      person += size;
    }
  }
  world.municipality_first[municipality_count] = population;

  const double child_share = scenario.value(ParameterId::child_share);
  const double female_share = scenario.value(ParameterId::female_share);
  const double unemployment = scenario.value(ParameterId::unemployment);
  const double lost_parents = scenario.value(ParameterId::lost_parents_share);
  const double median_income = scenario.value(ParameterId::median_income);
  const double income_spread = scenario.value(ParameterId::income_spread);
  const double displaced_share = scenario.value(ParameterId::displaced_share);
  const double displacement_weeks = scenario.value(ParameterId::displacement_years) * 52.0;
  core::for_each_chunk(population, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (auto id = static_cast<std::uint32_t>(begin); id < end; ++id) {
      auto own = world.random.stream(1, id, Purpose::person_attributes);
      const std::uint32_t first = people.household_first[id];
      const std::uint32_t size = people.household_size[id];
      const bool child =
          id != first && own.bernoulli(std::min(0.95, child_share * size / (size - 1.0)));
      std::uint8_t traits = 0;
      if (own.bernoulli(female_share)) traits |= trait::female;
      if (child) {
        people.age_at_start[id] = static_cast<std::uint8_t>(own.below(18));
        if (own.bernoulli(lost_parents)) traits |= trait::lost_parents;
      } else {
        people.age_at_start[id] = static_cast<std::uint8_t>(18 + own.below(55));
      }
      // drawn for children too: it applies once they come of age during the run
      if (!own.bernoulli(unemployment)) traits |= trait::employed;
      people.traits[id] = traits;
      // income and displacement are shared by the household
      auto household = world.random.stream(2, first, Purpose::person_attributes);
      people.income[id] = static_cast<float>(household.lognormal(median_income, income_spread));
      if (household.bernoulli(displaced_share))
        people.displaced_until[id] = static_cast<std::uint16_t>(
            std::clamp(std::ceil(household.exponential(displacement_weeks)), 1.0, 65535.0));
    }
  });
}

void build_municipalities(const Scenario& scenario, World& world, std::size_t count) {
  Municipalities& municipalities = world.municipalities;
  municipalities.population.resize(count);
  municipalities.adult_men.assign(count, 0.0);
  for (std::size_t m = 0; m < count; ++m) {
    municipalities.population[m] = world.municipality_first[m + 1] - world.municipality_first[m];
    for (std::uint32_t p = world.municipality_first[m]; p < world.municipality_first[m + 1]; ++p)
      if (!world.people.has(p, trait::female) && world.people.age_at_start[p] >= 18)
        municipalities.adult_men[m] += 1.0;
  }
  const double corruption = scenario.value(ParameterId::corruption);
  const double spread = scenario.value(ParameterId::corruption_spread);
  municipalities.corruption_at_start.resize(count);
  for (std::size_t m = 0; m < count; ++m) {
    auto stream = world.random.stream(0, static_cast<std::uint32_t>(m), Purpose::location_attributes);
    municipalities.corruption_at_start[m] = logistic(logit(corruption) + spread * stream.normal());
  }
  // traffickers start out expecting the arrest hazard the police can deliver on paper
  const double prior_risk = scenario.value(ParameterId::patrol_leads) *
                            scenario.value(ParameterId::rule_of_law_initial) *
                            scenario.value(ParameterId::enforcement) * (1.0 - corruption);
  municipalities.perceived_risk.assign(count, prior_risk);
  municipalities.economic_shock_until.assign(count, 0);
  municipalities.peacekeepers.assign(count, 0.0);
  municipalities.peacekeeper_purchases.assign(count, 0.0);
  municipalities.export_route = export_routes(world.locations, count);
  municipalities.neighbours = neighbouring_municipalities(world.locations, count);
}

std::uint32_t random_resident(const World& world, std::size_t municipality,
                              core::RandomStream& stream) {
  const std::uint32_t first = world.municipality_first[municipality];
  const std::uint32_t count = world.municipality_first[municipality + 1] - first;
  return count == 0 ? 0 : first + stream.below(count);
}

void build_traffickers(const Scenario& scenario, World& world, std::size_t municipality_count) {
  const double members = scenario.value(ParameterId::trafficker_pool) / scenario.value(ParameterId::scale);
  const auto pool = static_cast<std::uint32_t>(members > 0 ? std::max(1.0, std::round(members)) : 0.0);
  const auto groups = static_cast<std::uint32_t>(scenario.value(ParameterId::criminal_groups));
  // a group's home is drawn in proportion to population: criminal groups sit where people are
  world.group_home.resize(groups);
  for (std::uint32_t g = 0; g < groups; ++g) {
    auto stream = world.random.stream(1, g, Purpose::trafficker_attributes);
    const std::uint32_t person = world.people.size() > 0 ? stream.below(world.people.size()) : 0;
    world.group_home[g] = world.people.size() > 0 ? world.people.municipality[person] : 0;
  }
  Traffickers& traffickers = world.traffickers;
  traffickers.status.assign(pool, TraffickerStatus::inactive);
  traffickers.group.resize(pool);
  traffickers.municipality.resize(pool);
  traffickers.anchor.resize(pool);
  traffickers.custody_until.assign(pool, 0);
  traffickers.held_local.assign(pool, 0);
  const double initially_active = scenario.value(ParameterId::initially_active);
  for (std::uint32_t k = 0; k < pool; ++k) {
    auto stream = world.random.stream(0, k, Purpose::trafficker_attributes);
    traffickers.group[k] = static_cast<std::uint16_t>(k % groups);
    traffickers.municipality[k] = world.group_home[k % groups];
    traffickers.anchor[k] = municipality_count > 0
                                ? random_resident(world, traffickers.municipality[k], stream)
                                : 0;
    if (stream.bernoulli(initially_active)) traffickers.status[k] = TraffickerStatus::active;
  }
}

void build_contingents(const Scenario& scenario, World& world) {
  const auto names = municipality_names(scenario);
  double surge = 1.0;
  for (const ScheduledShock& shock : scenario.shocks)
    if (shock.kind == ShockKind::troop_surge) surge *= 1.0 + std::max(0.0, shock.magnitude);
  std::uint32_t next_agent = 0;
  for (const Contingent& contingent : scenario.contingents) {
    ContingentSlots slots;
    slots.first_agent = next_agent;
    slots.slots = static_cast<std::uint32_t>(
        std::ceil(contingent.troops.maximum() * surge / scenario.value(ParameterId::scale)));
    slots.tour_weeks = static_cast<std::uint32_t>(
        contingent.tour_weeks.value_or(scenario.value(ParameterId::tour_weeks)));
    slots.host = static_cast<std::uint16_t>(
        std::find(names.begin(), names.end(), contingent.base) - names.begin());
    slots.repatriated_tour.assign(slots.slots, -1);
    slots.traits_tour.assign(slots.slots, -1);
    slots.flags.assign(slots.slots, 0);
    slots.propensity.assign(slots.slots, 0.0f);
    slots.infield_draw.assign(slots.slots, 0.0f);
    next_agent += slots.slots;
    world.contingents.push_back(std::move(slots));
  }
}

}  // namespace

std::size_t World::bytes() const noexcept {
  return people.size() * People::bytes_per_person + municipality_first.size() * 4 + social.bytes() +
         victims.capacity() * sizeof(Victim) +
         traffickers.size() * (sizeof(TraffickerStatus) + 3 * sizeof(std::uint16_t) + 8);
}

World build_world(const Scenario& scenario, std::uint64_t seed, std::uint32_t replicate) {
  World world{core::RandomSource(seed, replicate), {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  // the geography is the same for every replicate: replicates differ in people, not in maps
  world.locations = build_location_graph(scenario, core::RandomSource(seed, 0));
  const std::size_t municipality_count = municipality_names(scenario).size();
  if (municipality_count == 0) throw std::invalid_argument("the scenario has no municipality");
  if (municipality_count > 65535)
    throw std::invalid_argument("at most 65535 municipalities are supported");

  build_people(scenario, world, municipality_count);
  if (scenario.social_ties) {
    for (const auto& [a, b] : *scenario.social_ties)
      if (a >= world.people.size() || b >= world.people.size())
        throw std::invalid_argument("a social tie names person " + std::to_string(std::max(a, b)) +
                                    " but the population has " +
                                    std::to_string(world.people.size()));
    world.social = SocialNetwork::from_ties(world.people.size(), *scenario.social_ties);
  } else {
    const auto ties_per_person = static_cast<std::uint32_t>(
        std::lround(scenario.value(ParameterId::acquaintances) / 2.0));
    world.social = SocialNetwork::generate(world.municipality_first, world.people.municipality,
                                           ties_per_person,
                                           scenario.value(ParameterId::cross_location_ties),
                                           world.random);
  }
  build_municipalities(scenario, world, municipality_count);
  build_traffickers(scenario, world, municipality_count);
  build_contingents(scenario, world);
  world.state_counts.fill(0);
  world.state_counts[static_cast<std::size_t>(PersonState::free)] = world.people.size();
  return world;
}

}  // namespace tipsim::model
