#include "tipsim/model/world.hpp"

#include <algorithm>
#include <cmath>

#include "model_math.hpp"
#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;
using P = ParameterId;

void build_people(const CompiledModel& model, World& world) {
  const std::uint32_t population = model.agents;
  People& people = world.people;
  people.state.assign(population, PersonState::free);
  people.traits.assign(population, 0);
  people.age_at_start.assign(population, 0);
  people.municipality.assign(population, 0);
  people.displaced_until.assign(population, 0);
  people.income.assign(population, 0.0f);
  people.household_first.assign(population, 0);
  people.household_size.assign(population, 1);
  people.victim_index.assign(population, 0);
  people.former_victims.assign(population, 0);

  // households are laid out in order, municipality by municipality; each household's size is
  // drawn from the stream of its first member, so the layout is a sequence
  const double mean_household = model.constant(P::household_size);
  for (std::size_t m = 0; m < model.municipality_count(); ++m) {
    std::uint32_t person = model.municipality_first[m];
    const std::uint32_t end = model.municipality_first[m + 1];
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

  const double child_share = model.constant(P::child_share);
  const double female_share = model.constant(P::female_share);
  // where people live sets their chances of work and their incomes ([[local]] tables)
  const std::vector<double> unemployment =
      model.values_by_municipality(P::unemployment, model.start_year);
  const double lost_parents = model.constant(P::lost_parents_share);
  const std::vector<double> median_income =
      model.values_by_municipality(P::median_income, model.start_year);
  const double income_spread = model.constant(P::income_spread);
  const double displaced_share = model.constant(P::displaced_share);
  const double displacement_weeks = model.constant(P::displacement_years) * weeks_per_year;
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
      if (!own.bernoulli(unemployment[people.municipality[id]])) traits |= trait::employed;
      people.traits[id] = traits;
      // income and displacement are shared by the household
      auto household = world.random.stream(2, first, Purpose::person_attributes);
      people.income[id] = static_cast<float>(
          household.lognormal(median_income[people.municipality[id]], income_spread));
      if (household.bernoulli(displaced_share))
        people.displaced_until[id] = static_cast<std::uint16_t>(
            std::clamp(std::ceil(household.exponential(displacement_weeks)), 1.0, 65535.0));
    }
  });
}

void build_municipalities(const CompiledModel& model, World& world) {
  const std::size_t count = model.municipality_count();
  Municipalities& municipalities = world.municipalities;
  municipalities.adult_men.assign(count, 0.0);
  core::for_each_chunk(
      count,
      [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t m = begin; m < end; ++m)
          for (std::uint32_t p = model.municipality_first[m]; p < model.municipality_first[m + 1];
               ++p)
            if (!world.people.has(p, trait::female) && world.people.age_at_start[p] >= 18)
              municipalities.adult_men[m] += model.people_per_agent;
      },
      1);
  // each municipality's officials around the mean corruption in force there
  const std::vector<double> corruption =
      model.values_by_municipality(P::corruption, model.start_year);
  const double spread = model.constant(P::corruption_spread);
  municipalities.corruption_at_start.resize(count);
  for (std::size_t m = 0; m < count; ++m) {
    auto stream =
        world.random.stream(0, static_cast<std::uint32_t>(m), Purpose::location_attributes);
    municipalities.corruption_at_start[m] =
        logistic(logit(corruption[m]) + spread * stream.normal());
  }
  // traffickers start out expecting the arrest hazard the police can deliver on paper
  // (each at the leads, enforcement and mean corruption in force there)
  const std::vector<double> enforcement =
      model.values_by_municipality(P::enforcement, model.start_year);
  const std::vector<double> patrol_leads =
      model.values_by_municipality(P::patrol_leads, model.start_year);
  const std::vector<double> rule_of_law =
      model.values_by_municipality(P::rule_of_law_initial, model.start_year);
  municipalities.perceived_risk.resize(count);
  for (std::size_t m = 0; m < count; ++m)
    municipalities.perceived_risk[m] =
        patrol_leads[m] * rule_of_law[m] * enforcement[m] * (1.0 - corruption[m]);
  municipalities.perceived_bribes.assign(count, 0.0);

  municipalities.economic_shock_until.assign(count, 0);
  municipalities.peacekeepers.assign(count, 0.0);
  municipalities.peacekeeper_purchases.assign(count, 0.0);
  municipalities.clients_turned_away.assign(count, 0.0);
  municipalities.victims_local.assign(count, 0.0);
  municipalities.active.assign(count, {});
}

std::uint32_t random_resident(const CompiledModel& model, std::size_t municipality,
                              core::RandomStream& stream) {
  const std::uint32_t first = model.municipality_first[municipality];
  const std::uint32_t count = model.municipality_agents[municipality];
  return count == 0 ? 0 : first + stream.below(count);
}

void build_traffickers(const CompiledModel& model, World& world) {
  const auto pool = static_cast<std::uint32_t>(model.constant(P::trafficker_pool));

  const auto groups = static_cast<std::uint32_t>(model.constant(P::criminal_groups));
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
  traffickers.held.assign(pool, 0);
  traffickers.hiding.assign(pool, 0);
  const double initially_active = model.constant(P::initially_active);
  for (std::uint32_t k = 0; k < pool; ++k) {
    auto stream = world.random.stream(0, k, Purpose::trafficker_attributes);
    traffickers.group[k] = static_cast<std::uint16_t>(k % groups);
    traffickers.municipality[k] = world.group_home[k % groups];
    traffickers.anchor[k] = random_resident(model, traffickers.municipality[k], stream);
    if (stream.bernoulli(initially_active)) traffickers.status[k] = TraffickerStatus::active;
  }
}

void build_contingents(const CompiledModel& model, World& world) {
  for (const CompiledContingent& contingent : model.contingents) {
    ContingentSlots slots;
    slots.repatriated_tour.assign(contingent.slots, -1);
    slots.traits_tour.assign(contingent.slots, -1);
    slots.flags.assign(contingent.slots, 0);
    slots.propensity.assign(contingent.slots, 0.0f);
    slots.infield_threshold.assign(contingent.slots, 0.0f);
    slots.infield_hazard.assign(contingent.slots, 0.0f);
    slots.purchase_at.assign(contingent.slots, 0.0);
    slots.purchase_queue.assign(2 * std::size_t{contingent.slots}, 0);
    slots.units.assign((contingent.slots + contingent.unit_size - 1) / contingent.unit_size, {});
    world.contingents.push_back(std::move(slots));
  }
}

}  // namespace

std::size_t World::bytes() const noexcept {
  std::size_t slots = 0;
  for (const ContingentSlots& contingent : contingents) slots += contingent.flags.size();
  return people.size() * People::bytes_per_person + social.bytes() +
         victims.capacity() * sizeof(Victim) +
         foreign.state.capacity() * (sizeof(PersonState) + 1 + sizeof(std::uint32_t)) +
         traffickers.size() *
             (sizeof(TraffickerStatus) + 4 * sizeof(std::uint16_t) + 2 * sizeof(std::uint32_t)) +

         slots * (2 * sizeof(std::int32_t) + sizeof(std::uint8_t) + 4 * sizeof(float));
}

World build_world(const CompiledModel& model, std::uint32_t replicate) {
  World world(core::RandomSource(model.seed, replicate));
  build_people(model, world);
  const Scenario& scenario = model.scenario;
  if (scenario.social_ties) {
    world.social = SocialNetwork::from_ties(world.people.size(), *scenario.social_ties);
  } else {
    const auto ties_per_person =
        static_cast<std::uint32_t>(std::lround(model.constant(P::acquaintances) / 2.0));
    world.social = SocialNetwork::generate(model.municipality_first, world.people.municipality,
                                           ties_per_person, model.constant(P::cross_location_ties),
                                           world.random);
  }
  build_municipalities(model, world);
  build_traffickers(model, world);
  build_contingents(model, world);
  world.exports_recent =
      model.value(P::export_demand, model.year_of_step(0)) * model.people() / 100000.0;
  world.state_counts.fill(0);
  world.state_counts[static_cast<std::size_t>(PersonState::free)] =
      static_cast<std::uint64_t>(std::llround(model.people()));
  update_tallies(model, world);
  return world;
}

void update_tallies(const CompiledModel& model, World& world) {
  Municipalities& places = world.municipalities;
  Traffickers& traffickers = world.traffickers;
  for (auto& list : places.active) list.clear();
  std::fill(traffickers.held_local.begin(), traffickers.held_local.end(), 0);
  std::fill(traffickers.held.begin(), traffickers.held.end(), 0);
  for (std::uint32_t k = 0; k < traffickers.size(); ++k)
    if (traffickers.status[k] == TraffickerStatus::active)
      places.active[traffickers.municipality[k]].push_back(k);
  places.victims_local.assign(model.municipality_count(), 0.0);
  places.victims_seen.assign(model.municipality_count(), 0.0);
  const double cover = model.constant(P::hiding_cover);
  for (const Victim& victim : world.victims) {
    const PersonState state = world.state_of(victim);
    if (state == PersonState::exploited_local) {
      places.victims_local[victim.location] += 1;
      places.victims_seen[victim.location] +=
          traffickers.hiding[victim.trafficker] ? 1.0 - cover : 1.0;
    }
    // on her way to the local market: recruited here, or bought abroad and on the way in
    const bool bound_abroad = victim.transit_weeks > 0 && !victim.origin;
    const bool coming = (state == PersonState::recruited && !bound_abroad) ||
                        (state == PersonState::in_transit && victim.origin);
    if (state == PersonState::exploited_local || coming)
      ++traffickers.held_local[victim.trafficker];
    if (state == PersonState::recruited || state == PersonState::in_transit ||
        state == PersonState::exploited_local)
      ++traffickers.held[victim.trafficker];
  }
}

}  // namespace tipsim::model
