#include "peacekeeper_units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tipsim::model::peacekeeper_units {

using P = ParameterId;

double draw_holder(const CompiledModel& model, const CompiledContingent& contingent,
                   ContingentSlots& slots, std::uint32_t slot, std::int32_t tour, double tour_start,
                   const ContingentSlots::Unit& unit, const core::RandomSource& random) {
  const double spread = model.constant(P::propensity_spread);
  auto traits = random.stream(static_cast<std::uint32_t>(tour), contingent.first_agent + slot,
                              core::Purpose::peacekeeper_attributes);
  std::uint8_t drawn = 0;
  if (traits.bernoulli(contingent.women_share.at(tour_start))) drawn |= ContingentSlots::woman;
  if (traits.bernoulli(contingent.predeployment_training.at(tour_start)))
    drawn |= ContingentSlots::trained_before | ContingentSlots::trained;
  // trained in the field once the chance 1 - exp(-summed hazard) passes this uniform
  slots.infield_threshold[slot] = static_cast<float>(traits.uniform());
  slots.infield_hazard[slot] = 0.0f;
  // log-normal with mean one: the spread changes who buys, not how much
  slots.propensity[slot] =
      static_cast<float>(std::exp(spread * traits.normal() - spread * spread / 2));
  const bool trained = drawn & ContingentSlots::trained;
  slots.purchase_at[slot] = unit.clock[trained] + traits.exponential(1.0) / slots.propensity[slot];
  slots.flags[slot] = drawn;
  slots.traits_tour[slot] = tour;
  return drawn & ContingentSlots::trained_before ? model.constant(P::cost_predeployment_training)
                                                 : 0.0;
}

void count_holders(const ContingentSlots& slots, std::uint32_t first, std::uint32_t last,
                   std::int32_t tour, ContingentSlots::Unit& unit) {
  unit.extent = last - first;
  unit.members = unit.women = unit.women_trained = unit.bought = unit.objected = 0;
  unit.men[0] = unit.men[1] = 0;
  unit.propensity[0] = unit.propensity[1] = 0;
  unit.next[0] = unit.next[1] = std::numeric_limits<double>::infinity();
  for (std::uint32_t s = first; s < last; ++s) {
    if (slots.repatriated_tour[s] == tour) continue;  // sent home: vacant until the next tour
    const std::uint8_t flags = slots.flags[s];
    const bool trained = (flags & ContingentSlots::trained) != 0;
    unit.members += 1;
    unit.bought += (flags & ContingentSlots::bought) != 0;
    unit.objected += (flags & ContingentSlots::objected) != 0;
    if (flags & ContingentSlots::woman) {
      unit.women += 1;
      unit.women_trained += trained;
      continue;
    }
    unit.men[trained] += 1;
    unit.propensity[trained] += slots.propensity[s];
    unit.next[trained] = std::min(unit.next[trained], slots.purchase_at[s]);
  }
}

void announce(const CompiledModel& model, double home_prosecution, ContingentSlots& slots) {
  if (slots.announced_prosecution == home_prosecution) return;
  const double told = model.constant(P::briefed_detection) * home_prosecution;
  if (slots.announced_prosecution < 0) {
    slots.expected_sanction_contingent = told;
  } else {
    const double trust = model.constant(P::briefing_trust);
    const auto believe = [&](double before) { return trust * told + (1 - trust) * before; };
    slots.expected_sanction_contingent = believe(slots.expected_sanction_contingent);
    for (ContingentSlots::Unit& unit : slots.units)
      if (unit.tour >= 0)
        unit.expected_sanction = static_cast<float>(believe(unit.expected_sanction));
  }
  slots.announced_prosecution = home_prosecution;
}

void learn(const CompiledModel& model, const std::vector<UnitWeek>& weeks, ContingentSlots& slots) {
  const double learning = 1.0 - std::exp(-1.0 / model.constant(P::sanction_memory));
  const double weight = model.constant(P::contingent_weight);
  double purchases = 0, sanctions = 0;
  for (const UnitWeek& seen : weeks) {
    purchases += seen.purchases;
    sanctions += seen.sanctions;
  }
  for (std::size_t u = 0; u < weeks.size(); ++u) {
    const UnitWeek& seen = weeks[u];
    if (!seen.present) continue;
    const double known = seen.purchases + weight * (purchases - seen.purchases);
    const double punished = seen.sanctions + weight * (sanctions - seen.sanctions);
    if (known > 0)
      slots.units[u].expected_sanction +=
          static_cast<float>(learning * (punished / known - slots.units[u].expected_sanction));
  }
  if (purchases > 0)
    slots.expected_sanction_contingent +=
        learning * (sanctions / purchases - slots.expected_sanction_contingent);
}

}  // namespace tipsim::model::peacekeeper_units
