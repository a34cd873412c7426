#include "tipsim/model/phases/peacekeepers.hpp"

#include <algorithm>
#include <cmath>

#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;
using P = ParameterId;

double reporting_probability(const CompiledModel& model, const StepContext& c, bool trained) {
  double base = model.constant(P::reporting_confidential);
  if (c.reporting == ReportingMechanism::none) base = model.constant(P::reporting_none);
  if (c.reporting == ReportingMechanism::open) base = model.constant(P::reporting_open);
  const double training = trained ? model.constant(P::reporting_training) : 1.0;
  return std::min(
      1.0, base * training * (1.0 + model.constant(P::reporting_protection) * c.whistleblower));
}

}  // namespace

PeacekeeperOutcome::PeacekeeperOutcome(std::size_t municipalities)
    : deployed(municipalities),
      purchases(municipalities),
      purchases_from_victims(municipalities),
      reports(municipalities),
      facilitators(municipalities) {}

void PeacekeeperOutcome::add(const PeacekeeperOutcome& other) {
  for (std::size_t m = 0; m < deployed.size(); ++m) {
    deployed[m] += other.deployed[m];
    purchases[m] += other.purchases[m];
    purchases_from_victims[m] += other.purchases_from_victims[m];
    reports[m] += other.reports[m];
    facilitators[m] += other.facilitators[m];
  }
  trained += other.trained;
  misconduct_reports += other.misconduct_reports;
  convictions += other.convictions;
  women += other.women;
  training_cost += other.training_cost;
}

PeacekeeperOutcome peacekeeper_phase(const CompiledModel& model, const StepContext& c,
                                     World& world) {
  const std::size_t count = model.municipality_count();
  const std::uint32_t week = world.week;
  PeacekeeperOutcome outcome(count);
  const double purchase_probability = model.constant(P::purchase_probability);
  const double spread = model.constant(P::propensity_spread);
  const double training_effect = model.constant(P::training_effect);
  const double women_effect = model.constant(P::women_effect);
  const double deterrence = model.constant(P::deterrence);
  const double off_limits = 1.0 - model.constant(P::off_limits_effect) * c.off_limits;
  const double witness = model.constant(P::witness_probability);
  const double observation = model.constant(P::observation_probability);
  const double facilitation = model.constant(P::facilitation_probability);
  const double colleague_report = reporting_probability(model, c, false);
  const double trained_report = reporting_probability(model, c, true);
  const double pre_cost = model.constant(P::cost_predeployment_training);
  const double infield_cost = model.constant(P::cost_infield_training);
  const double half_saturation = model.constant(P::sighting_half_saturation);

  for (std::size_t ci = 0; ci < model.contingents.size(); ++ci) {
    const CompiledContingent& contingent = model.contingents[ci];
    ContingentSlots& slots = world.contingents[ci];
    const double troops = contingent.troops.at(c.year) * c.troop_factor;
    const auto deployed = std::min<std::uint32_t>(
        contingent.slots, static_cast<std::uint32_t>(std::lround(std::max(0.0, troops))));
    const double women_share = contingent.women_share.at(c.year);
    const double home_prosecution = contingent.home_prosecution.at(c.year);
    // what a purchase risks: a colleague sees it, reports it, and the home nation convicts
    const double sanction = witness * colleague_report * home_prosecution;
    const double restraint =
        std::exp(-women_effect * women_share) * std::exp(-deterrence * sanction) * off_limits;
    const std::size_t host = contingent.host;
    const double presence = c.victims_local[host] / (c.victims_local[host] + half_saturation);

    // what depends only on how far into their tour a peacekeeper is: the coverage and women's
    // share when the tour began, and the chance of in-field training by now
    const std::uint32_t tour_weeks = contingent.tour_weeks;
    std::vector<double> tour_coverage(tour_weeks), tour_women(tour_weeks),
        trained_by(tour_weeks + 1);
    for (std::uint32_t k = 0; k < tour_weeks; ++k) {
      const double tour_start = model.year_of_step(week >= k ? week - k : 0);
      tour_coverage[k] = contingent.predeployment_training.at(tour_start);
      tour_women[k] = contingent.women_share.at(tour_start);
    }
    for (std::uint32_t k = 0; k <= tour_weeks; ++k)
      trained_by[k] = 1.0 - std::pow(1.0 - c.infield_training, k);
    const double facilitation_restraint = std::exp(-deterrence * sanction);

    auto totals = core::deterministic_reduce(
        deployed, PeacekeeperOutcome(count),
        [&](PeacekeeperOutcome& part, std::size_t begin, std::size_t end) {
          for (auto s = static_cast<std::uint32_t>(begin); s < end; ++s) {
            const std::uint32_t agent = contingent.first_agent + s;
            const std::uint32_t position = week + s % tour_weeks;
            const auto tour = static_cast<std::int32_t>(position / tour_weeks);
            const std::uint32_t week_in_tour = position % tour_weeks;
            if (slots.repatriated_tour[s] == tour) continue;  // vacant until the next rotation

            // who holds the slot this tour: drawn once per tour from the (slot, tour) identity
            if (slots.traits_tour[s] != tour) {
              auto traits = world.random.stream(static_cast<std::uint32_t>(tour), agent,
                                                Purpose::peacekeeper_attributes);
              std::uint8_t flags = 0;
              if (traits.bernoulli(tour_women[week_in_tour])) flags |= ContingentSlots::woman;
              if (traits.bernoulli(tour_coverage[week_in_tour]))
                flags |= ContingentSlots::trained_before;
              slots.infield_draw[s] = static_cast<float>(traits.uniform());
              slots.propensity[s] = static_cast<float>(std::exp(spread * traits.normal()));
              slots.flags[s] = flags;
              slots.traits_tour[s] = tour;
            }
            const bool woman = (slots.flags[s] & ContingentSlots::woman) != 0;
            const bool trained_before = (slots.flags[s] & ContingentSlots::trained_before) != 0;
            const double infield_draw = slots.infield_draw[s];
            const double propensity = slots.propensity[s];
            const bool trained = trained_before || infield_draw < trained_by[week_in_tour];

            part.deployed[host] += 1;
            if (woman) part.women += 1;
            if (trained) part.trained += 1;
            if (week_in_tour == 0 && trained_before) part.training_cost += pre_cost;
            if (!trained_before && week_in_tour > 0 && infield_draw < trained_by[week_in_tour] &&
                infield_draw >= trained_by[week_in_tour - 1])
              part.training_cost += infield_cost;

            // every draw of the week at a fixed place in one stream, used or not, so that a
            // policy that changes one decision leaves the others' numbers alone
            auto week_stream = world.random.stream(week, agent, Purpose::peacekeeper_week);
            double u[8];
            for (double& draw : u) draw = week_stream.uniform();
            const double own_restraint = trained ? 1.0 - training_effect : 1.0;
            if (!woman) {
              const double p = purchase_probability * propensity * own_restraint * restraint *
                               c.availability[host];
              if (u[0] < p) {
                part.purchases[host] += 1;
                if (u[1] < c.trafficked_share[host]) part.purchases_from_victims[host] += 1;
                if (u[2] < witness && u[3] < colleague_report) {
                  part.misconduct_reports += 1;
                  if (u[4] < home_prosecution) {
                    part.convictions += 1;
                    slots.repatriated_tour[s] = tour;
                  }
                }
              }
              if (u[5] < facilitation * propensity * own_restraint * facilitation_restraint)
                part.facilitators[host] += 1;
            }
            if (u[6] < observation * presence &&
                u[7] < (trained ? trained_report : colleague_report))
              part.reports[host] += 1;
          }
        },
        [](PeacekeeperOutcome& total, const PeacekeeperOutcome& part) { total.add(part); }, 512);
    outcome.add(totals);
  }
  world.municipalities.peacekeepers = outcome.deployed;
  world.municipalities.peacekeeper_purchases = outcome.purchases;
  return outcome;
}

}  // namespace tipsim::model
