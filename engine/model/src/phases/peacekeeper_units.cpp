#include "peacekeeper_units.hpp"

#include <cmath>

namespace tipsim::model::peacekeeper_units {

using P = ParameterId;

double draw_holder(const CompiledModel& model, const CompiledContingent& contingent,
                   ContingentSlots& slots, std::uint32_t slot, std::int32_t tour, double tour_start,
                   const core::RandomSource& random) {
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
  slots.purchase_left[slot] = static_cast<float>(traits.exponential(1.0));
  slots.flags[slot] = drawn;
  slots.traits_tour[slot] = tour;
  return drawn & ContingentSlots::trained_before ? model.constant(P::cost_predeployment_training)
                                                 : 0.0;
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
    for (std::size_t u = 0; u < slots.unit_tour.size(); ++u)
      if (slots.unit_tour[u] >= 0)
        slots.expected_sanction[u] = static_cast<float>(believe(slots.expected_sanction[u]));
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
      slots.expected_sanction[u] +=
          static_cast<float>(learning * (punished / known - slots.expected_sanction[u]));
  }
  if (purchases > 0)
    slots.expected_sanction_contingent +=
        learning * (sanctions / purchases - slots.expected_sanction_contingent);
}

}  // namespace tipsim::model::peacekeeper_units
