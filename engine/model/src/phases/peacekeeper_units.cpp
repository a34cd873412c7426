#include "peacekeeper_units.hpp"

#include <algorithm>
#include <cmath>

namespace tipsim::model::peacekeeper_units {

using P = ParameterId;

HolderOdds::HolderOdds(const CompiledModel& model, const CompiledContingent& contingent,
                       double tour_start)
    : women_share(contingent.women_share.at(tour_start)),
      trained_share(contingent.predeployment_training.at(tour_start)),
      spread(model.constant(P::propensity_spread)),
      training_cost(model.constant(P::cost_predeployment_training)) {}

double draw_holder(const HolderOdds& odds, std::uint32_t first_agent, ContingentSlots& slots,
                   std::uint32_t slot, std::int32_t tour, const ContingentSlots::Unit& unit,
                   const core::RandomSource& random) {
  // four 64-bit values, one block of the generator, nearly always: the two trials take 32 bits
  // each, the in-field draw, the normal and the waiting time (ziggurat) one value each
  auto traits = random.stream(static_cast<std::uint32_t>(tour), first_agent + slot,
                              core::Purpose::peacekeeper_attributes);
  const auto [woman, trained_before] = traits.uniform_pair();
  const double infield = traits.uniform();
  std::uint8_t drawn = 0;
  if (woman < odds.women_share) drawn |= ContingentSlots::woman;
  if (trained_before < odds.trained_share)
    drawn |= ContingentSlots::trained_before | ContingentSlots::trained;
  // trained in the field once the chance 1 - exp(-summed hazard) passes this uniform
  slots.infield_threshold[slot] = static_cast<float>(infield);
  slots.infield_hazard[slot] = 0.0f;
  // log-normal with mean one: the spread changes who buys, not how much
  const double spread = odds.spread;
  slots.propensity[slot] =
      static_cast<float>(std::exp(spread * traits.normal() - spread * spread / 2));
  const bool trained = drawn & ContingentSlots::trained;
  slots.purchase_at[slot] = unit.clock[trained] + traits.exponential(1.0) / slots.propensity[slot];
  slots.flags[slot] = drawn;
  slots.traits_tour[slot] = tour;
  return drawn & ContingentSlots::trained_before ? odds.training_cost : 0.0;
}

void count_holders(ContingentSlots& slots, std::uint32_t first, std::uint32_t last,
                   std::int32_t tour, ContingentSlots::Unit& unit) {
  unit.extent = last - first;
  unit.members = unit.women = unit.women_trained = unit.bought = unit.objected = 0;
  unit.men[0] = unit.men[1] = 0;
  unit.propensity[0] = unit.propensity[1] = 0;
  PurchaseQueue queues[2] = {PurchaseQueue(slots, unit, first, 0),
                             PurchaseQueue(slots, unit, first, 1)};
  std::uint32_t queued[2] = {0, 0};
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
    queues[trained].begin()[queued[trained]++] = s;
  }
  queues[0].arrange(queued[0]);
  queues[1].arrange(queued[1]);
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
