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
  const double untrained_report = reporting_probability(model, c, false);
  const double trained_report = reporting_probability(model, c, true);
  const double pre_cost = model.constant(P::cost_predeployment_training);
  const double infield_cost = model.constant(P::cost_infield_training);
  const double half_saturation = model.constant(P::sighting_half_saturation);

  // the weekly hazard of in-field training; the chance of being trained by now accumulates
  // over the tour, so a schedule that falls never untrains anybody
  const double infield_hazard = -std::log1p(-std::min(c.infield_training, 1.0 - 1e-12));

  for (std::size_t ci = 0; ci < model.contingents.size(); ++ci) {
    const CompiledContingent& contingent = model.contingents[ci];
    ContingentSlots& slots = world.contingents[ci];
    const double troops = contingent.troops.at(c.year) * c.troop_factor;
    const auto deployed = std::min<std::uint32_t>(
        contingent.slots, static_cast<std::uint32_t>(std::lround(std::max(0.0, troops))));
    const double home_prosecution = contingent.home_prosecution.at(c.year);
    const std::size_t host = contingent.host;
    const double presence = c.victims_seen[host] / (c.victims_seen[host] + half_saturation);
    const std::uint32_t tour_weeks = contingent.tour_weeks;
    auto position = [&](std::uint32_t s) {
      const std::uint32_t at = week + s % tour_weeks;
      return std::pair{static_cast<std::int32_t>(at / tour_weeks),
                       at % tour_weeks};  // tour, week in it
    };

    // 1. who holds each slot this week: a holder is drawn from the (slot, tour) identity when
    //    first seen (at the tour's start, or at the first step for a tour under way), with the
    //    training and women's share of the date the tour began; pre-deployment training is paid
    //    then, in-field training the week it happens
    struct Roster {
      double deployed = 0, women = 0, trained = 0, training_cost = 0;
    };
    const Roster roster = core::deterministic_reduce(
        deployed, Roster{},
        [&](Roster& part, std::size_t begin, std::size_t end) {
          for (auto s = static_cast<std::uint32_t>(begin); s < end; ++s) {
            const auto [tour, week_in_tour] = position(s);
            if (slots.repatriated_tour[s] == tour) continue;  // vacant until the next rotation
            if (slots.traits_tour[s] != tour) {
              const double tour_start =
                  model.year_of_step(week >= week_in_tour ? week - week_in_tour : 0);
              auto traits =
                  world.random.stream(static_cast<std::uint32_t>(tour), contingent.first_agent + s,
                                      Purpose::peacekeeper_attributes);
              std::uint8_t flags = 0;
              if (traits.bernoulli(contingent.women_share.at(tour_start)))
                flags |= ContingentSlots::woman;
              if (traits.bernoulli(contingent.predeployment_training.at(tour_start)))
                flags |= ContingentSlots::trained_before;
              slots.infield_draw[s] = static_cast<float>(traits.uniform());
              slots.infield_hazard[s] = 0.0f;
              // log-normal with mean one: the spread changes who buys, not how much the force buys
              slots.propensity[s] =
                  static_cast<float>(std::exp(spread * traits.normal() - spread * spread / 2));
              slots.flags[s] = flags;
              slots.traits_tour[s] = tour;
              if (flags & ContingentSlots::trained_before) part.training_cost += pre_cost;
            }
            std::uint8_t& flags = slots.flags[s];
            if (!(flags & ContingentSlots::trained)) {
              slots.infield_hazard[s] += static_cast<float>(infield_hazard);
              const bool trained_now =
                  flags & ContingentSlots::trained_before ||
                  slots.infield_draw[s] < 1.0 - std::exp(-double(slots.infield_hazard[s]));
              if (trained_now) {
                if (!(flags & ContingentSlots::trained_before)) part.training_cost += infield_cost;
                flags |= ContingentSlots::trained;
              }
            }
            part.deployed += 1;
            if (flags & ContingentSlots::woman) part.women += 1;
            if (flags & ContingentSlots::trained) part.trained += 1;
          }
        },
        [](Roster& total, const Roster& part) {
          total.deployed += part.deployed;
          total.women += part.women;
          total.trained += part.trained;
          total.training_cost += part.training_cost;
        },
        512);

    // 2. what they do. The women actually deployed restrain; a purchase risks that a colleague
    //    sees it, reports it (at the trained rate if the colleague is trained: as likely as the
    //    share trained this week) and the home nation convicts.
    const double women_share = roster.deployed > 0 ? roster.women / roster.deployed : 0.0;
    const double trained_share = roster.deployed > 0 ? roster.trained / roster.deployed : 0.0;
    const double colleague_report =
        trained_share * trained_report + (1 - trained_share) * untrained_report;
    const double sanction = witness * colleague_report * home_prosecution;
    const double restraint =
        std::exp(-women_effect * women_share) * std::exp(-deterrence * sanction) * off_limits;
    const double facilitation_restraint = std::exp(-deterrence * sanction);
    auto totals = core::deterministic_reduce(
        deployed, PeacekeeperOutcome(count),
        [&](PeacekeeperOutcome& part, std::size_t begin, std::size_t end) {
          for (auto s = static_cast<std::uint32_t>(begin); s < end; ++s) {
            const auto [tour, week_in_tour] = position(s);
            if (slots.repatriated_tour[s] == tour) continue;
            const bool woman = (slots.flags[s] & ContingentSlots::woman) != 0;
            const bool trained = (slots.flags[s] & ContingentSlots::trained) != 0;
            const double propensity = slots.propensity[s];
            part.deployed[host] += 1;

            // every draw of the week at a fixed place in one stream, used or not, so that a
            // policy that changes one decision leaves the others' numbers alone
            auto week_stream =
                world.random.stream(week, contingent.first_agent + s, Purpose::peacekeeper_week);
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
                u[7] < (trained ? trained_report : untrained_report))
              part.reports[host] += 1;
          }
        },
        [](PeacekeeperOutcome& total, const PeacekeeperOutcome& part) { total.add(part); }, 512);
    totals.women = roster.women;
    totals.trained = roster.trained;
    totals.training_cost = roster.training_cost;
    outcome.add(totals);
  }
  world.municipalities.peacekeepers = outcome.deployed;
  world.municipalities.peacekeeper_purchases = outcome.purchases;
  return outcome;
}

}  // namespace tipsim::model
