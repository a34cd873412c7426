#include "tipsim/model/phases/peacekeepers.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "peacekeeper_units.hpp"
#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;
using P = ParameterId;

// The chance that a peacekeeper reports what they saw, by the mechanism in force, their
// training and their sex.
struct Reporting {
  double untrained_man, trained_man, untrained_woman, trained_woman;

  Reporting(const CompiledModel& model, const StepContext& c) {
    double base = model.constant(P::reporting_confidential);
    if (c.reporting == ReportingMechanism::none) base = model.constant(P::reporting_none);
    if (c.reporting == ReportingMechanism::open) base = model.constant(P::reporting_open);
    base *= 1.0 + model.constant(P::reporting_protection) * c.whistleblower;
    const double training = model.constant(P::reporting_training);
    const double women = model.constant(P::reporting_women);
    untrained_man = std::min(1.0, base);
    trained_man = std::min(1.0, base * training);
    untrained_woman = std::min(1.0, base * women);
    trained_woman = std::min(1.0, base * training * women);
  }
  double of(bool woman, bool trained) const {
    return woman ? (trained ? trained_woman : untrained_woman)
                 : (trained ? trained_man : untrained_man);
  }
};

}  // namespace

void InternationalTally::add(const InternationalTally& other) {
  deployed += other.deployed;
  trained += other.trained;
  women += other.women;
  purchases += other.purchases;
  purchases_from_victims += other.purchases_from_victims;
  purchases_off_limits += other.purchases_off_limits;
  objections += other.objections;
  misconduct_reports += other.misconduct_reports;
  patrol_reports += other.patrol_reports;
  convictions += other.convictions;
  caught_locally += other.caught_locally;
  prosecuted_locally += other.prosecuted_locally;
  convicted_locally += other.convicted_locally;
  expected_sanction += other.expected_sanction;
}

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
  all.add(other.all);
  civilians.add(other.civilians);
  training_cost += other.training_cost;
  events += other.events;
}

PeacekeeperOutcome peacekeeper_phase(const CompiledModel& model, const StepContext& c,
                                     World& world) {
  const std::size_t count = model.municipality_count();
  const std::uint32_t week = world.week;
  PeacekeeperOutcome outcome(count);
  const double purchase_rate = model.constant(P::purchase_probability);
  const double deterrence = model.constant(P::deterrence);
  const double untrained_awareness = model.constant(P::untrained_awareness);
  const double conformity = model.constant(P::conformity);
  const double witness = model.constant(P::witness_probability);
  const double objection_women = model.constant(P::objection_women);
  const double objection_men = model.constant(P::objection_men);
  const double compliance = model.constant(P::off_limits_compliance);
  const double substitution = model.constant(P::substitution);
  const double patrol = model.constant(P::patrol_detection);
  const double client_detection = model.constant(P::client_detection);
  const double observation = model.constant(P::observation_probability);
  const double facilitation = model.constant(P::facilitation_probability);
  const double infield_cost = model.constant(P::cost_infield_training);
  const double half_saturation = model.constant(P::sighting_half_saturation);
  const Reporting reporting(model, c);

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
    const double local_jurisdiction = contingent.local_jurisdiction.at(c.year);
    const std::size_t host = contingent.host;
    const double presence = c.victims_seen[host] / (c.victims_seen[host] + half_saturation);
    // local police who arrest a trafficker this week may find his international clients: the
    // chance his venue is raided is that of an arrest at the hazard traffickers there have seen
    const double caught =
        client_detection * -std::expm1(-world.municipalities.perceived_risk[host]);
    // a client tried locally is let go by a bought official, or prosecuted and convicted at the
    // local rates
    const double tried = (1.0 - c.corruption[host]) * c.prosecution[host];
    const double convicted_locally = c.conviction[host];
    const std::uint32_t tour_weeks = contingent.tour_weeks;
    const std::uint32_t unit_size = contingent.unit_size;
    const std::uint32_t units = (deployed + unit_size - 1) / unit_size;
    // a unit rotates as one; units' rotations are spread over the tour
    auto position = [&](std::uint32_t unit) {
      const std::uint32_t at = week + unit % tour_weeks;
      return std::pair{static_cast<std::int32_t>(at / tour_weeks),
                       at % tour_weeks};  // tour, week in it
    };

    // 0. an announced sanction, or a change of it, reaches everyone present and the contingent's
    //    lore that arriving units inherit
    peacekeeper_units::announce(model, home_prosecution, slots);
    const double lore = slots.expected_sanction_contingent;

    std::vector<peacekeeper_units::UnitWeek> unit_weeks(units);
    auto totals = core::deterministic_reduce(
        units, PeacekeeperOutcome(count),
        [&](PeacekeeperOutcome& part, std::size_t begin, std::size_t end) {
          InternationalTally& tally = part.all;
          for (auto u = static_cast<std::uint32_t>(begin); u < end; ++u) {
            const std::uint32_t first = u * unit_size;
            const std::uint32_t last = std::min(first + unit_size, deployed);
            // named, not bound: clang before 16 cannot capture a structured binding
            const auto [tour_now, week_now] = position(u);
            const std::int32_t tour = tour_now;
            const std::uint32_t week_in_tour = week_now;
            const bool arrived = slots.unit_tour[u] != tour;
            if (arrived) {  // a unit arrives: it knows what the contingent knows
              slots.unit_tour[u] = tour;
              slots.expected_sanction[u] = static_cast<float>(lore);
              slots.unit_purchases[u] = 0;
              slots.unit_bought[u] = slots.unit_objected[u] = slots.unit_vacant[u] = 0;
              slots.unit_women[u] = 0;
              slots.unit_drawn[u] = 0;
            }
            // who holds each slot: drawn from the (slot, tour) identity when first seen (at the
            // tour's start, or at the first step for a tour under way), with the training and
            // women's share of the date the tour began; pre-deployment training is paid then.
            // The drawn slots of a unit are a prefix of it (the schedule fills slots in order)
            for (std::uint32_t s = first + slots.unit_drawn[u]; s < last; ++s) {
              ++slots.unit_drawn[u];
              if (slots.traits_tour[s] == tour) continue;  // drawn before the force shrank
              part.training_cost += peacekeeper_units::draw_holder(
                  model, contingent, slots, s, tour,
                  model.year_of_step(week >= week_in_tour ? week - week_in_tour : 0), world.random);
              if (slots.flags[s] & ContingentSlots::woman) ++slots.unit_women[u];
            }

            // who is there and what they did this tour: kept as counts, and counted afresh where
            // a holder was sent home or the force shrank below slots already drawn
            double members = static_cast<double>(last - first) - slots.unit_vacant[u];
            double women = slots.unit_women[u], bought = slots.unit_bought[u],
                   objected = slots.unit_objected[u];
            if (slots.unit_vacant[u] > 0 || last - first < slots.unit_drawn[u]) {
              members = women = bought = objected = 0;
              for (std::uint32_t s = first; s < last; ++s) {
                if (slots.repatriated_tour[s] == tour) continue;
                const std::uint8_t flags = slots.flags[s];
                members += 1;
                women += (flags & ContingentSlots::woman) != 0;
                bought += (flags & ContingentSlots::bought) != 0;
                objected += (flags & ContingentSlots::objected) != 0;
              }
            }
            if (!(members > 0)) continue;
            peacekeeper_units::UnitWeek& seen = unit_weeks[u];
            seen.present = true;
            part.deployed[host] += members;
            tally.deployed += members;
            tally.women += women;
            tally.expected_sanction += members * slots.expected_sanction[u];

            // this week's rates: the unit's norm (what it has seen this tour: the share of its men
            // who have bought against the share of all who objected, so that women change the
            // norm by objecting, not by diluting the buyers) and the sanction each man expects
            const double men = members - women;
            const double norm =
                men > 0 ? std::exp(conformity * (bought / men - objected / members)) : 1.0;
            const double expected = slots.expected_sanction[u];
            const double restraint[2] = {std::exp(-deterrence * untrained_awareness * expected),
                                         std::exp(-deterrence * expected)};  // untrained, trained
            const double wanting = purchase_rate * c.availability[host] * norm;
            const auto holder = [&](std::uint32_t s) { return slots.repatriated_tour[s] != tour; };

            // a purchase wanted by the man in slot s, and what follows from it: whether he buys,
            // where, who sees it, and the sanction that may send him home
            const auto purchase = [&](std::uint32_t s) {
              const std::uint32_t agent = contingent.first_agent + s;
              auto draws = world.random.stream(week, agent, Purpose::peacekeeper_week);
              part.events += 1;
              // every draw of an event at a fixed place, used or not
              double x[13];
              for (double& draw : x) draw = draws.uniform();
              slots.purchase_left[s] = static_cast<float>(-std::log1p(-x[0]));
              bool buys = true, off_limits = false;
              if (x[1] < c.off_limits) {  // the venue he wants is under orders
                if (x[2] < compliance)
                  buys = x[3] < substitution;  // elsewhere, or not at all
                else
                  off_limits = true;
              }
              if (!buys) return;
              const bool from_victim = x[4] < c.trafficked_share[host];
              part.purchases[host] += 1;
              tally.purchases += 1;
              if (off_limits) tally.purchases_off_limits += 1;
              if (from_victim) {
                part.purchases_from_victims[host] += 1;
                tally.purchases_from_victims += 1;
              }
              if (!(slots.flags[s] & ContingentSlots::bought)) ++slots.unit_bought[u];
              slots.flags[s] |= ContingentSlots::bought;
              seen.purchases += 1;
              slots.unit_purchases[u] += 1;
              bool reported = false, sanctioned = false;
              // a colleague of the unit may see it, object, and report it
              if (last - first > 1 && x[5] < witness) {
                auto pick = first + static_cast<std::uint32_t>(x[6] * (last - first - 1));
                if (pick >= s) ++pick;
                if (holder(pick)) {
                  const bool her = slots.flags[pick] & ContingentSlots::woman;
                  const bool knows = slots.flags[pick] & ContingentSlots::trained;
                  const double objects = her ? objection_women : objection_men;
                  // one uniform for both: objecting and reporting go together
                  if (x[7] < objects) {
                    if (!(slots.flags[pick] & ContingentSlots::objected)) ++slots.unit_objected[u];
                    slots.flags[pick] |= ContingentSlots::objected;
                    tally.objections += 1;
                  }
                  if (x[7] < reporting.of(her, knows)) reported = true;
                }
              }
              if (off_limits && x[8] < patrol) {
                reported = true;
                tally.patrol_reports += 1;
              }
              // local police raiding his venue identify him: immune, he is handed to the mission;
              // under local jurisdiction a local court may try him
              if (from_victim && x[9] < caught) {
                tally.caught_locally += 1;
                if (x[10] < local_jurisdiction) {
                  if (x[11] < tried) {
                    tally.prosecuted_locally += 1;
                    if (x[12] < convicted_locally) {
                      tally.convicted_locally += 1;
                      sanctioned = true;
                    }
                  }
                } else {
                  reported = true;
                }
              }
              if (reported) {
                tally.misconduct_reports += 1;
                if (draws.uniform() < home_prosecution) {
                  tally.convictions += 1;
                  sanctioned = true;
                }
              }
              if (sanctioned) {  // gone: no longer a peer who buys
                seen.sanctions += 1;
                slots.repatriated_tour[s] = tour;
                ++slots.unit_vacant[u];
                --slots.unit_bought[u];
              }
            };

            // each holder's week; counts kept in locals, not in the shared tally, for speed
            double facilitating = 0;  // the men's facilitation rates, summed
            // kept as plain counters, not arrays indexed by training: they stay in registers
            std::uint32_t trained = 0, men_seeing = 0, men_trained = 0, women_trained = 0;
            for (std::uint32_t s = first; s < last; ++s) {
              if (!holder(s)) continue;  // vacant until the next rotation
              // in-field training, the week it happens (a colleague later in the unit learns of
              // it next week)
              if (infield_hazard > 0 && !(slots.flags[s] & ContingentSlots::trained)) {
                slots.infield_hazard[s] += static_cast<float>(infield_hazard);
                // trained once the chance 1 - exp(-H) passes the holder's uniform draw
                if (slots.infield_hazard[s] >= -std::log1p(-slots.infield_threshold[s])) {
                  part.training_cost += infield_cost;
                  slots.flags[s] |= ContingentSlots::trained;
                }
              }
              const std::uint8_t flags = slots.flags[s];
              const bool knows = (flags & ContingentSlots::trained) != 0;
              trained += knows;
              if (flags & ContingentSlots::woman) {
                women_trained += knows;
                continue;
              }
              const double own = slots.propensity[s] * restraint[knows];
              slots.purchase_left[s] -= static_cast<float>(wanting * own);
              if (slots.purchase_left[s] <= 0) {
                purchase(s);
                if (!holder(s)) continue;  // sent home: neither facilitates nor sees any more
              }
              facilitating += own;
              men_seeing += 1;
              men_trained += knows;
            }
            tally.trained += trained;
            // the unit's chance of reporting signs seen, summed over those still there
            const double sighting = (men_seeing - men_trained) * reporting.untrained_man +
                                    men_trained * reporting.trained_man +
                                    (women - women_trained) * reporting.untrained_woman +
                                    women_trained * reporting.trained_woman;

            // facilitation and sightings reported are rare and change nobody's state: drawn for
            // the unit as a whole, its waiting time used up by the sum of its holders' rates
            const std::uint32_t unit_agent = contingent.first_agent + first;
            const auto unit_events = [&](float& left, double rate, Purpose purpose,
                                         std::vector<double>& counted) {
              std::optional<core::RandomStream> draws;
              const auto stream = [&]() -> core::RandomStream& {
                if (!draws) draws.emplace(world.random.stream(week, unit_agent, purpose));
                return *draws;
              };
              if (arrived) left = static_cast<float>(stream().exponential(1.0));
              left -= static_cast<float>(rate);
              while (left <= 0) {
                part.events += 1;
                counted[host] += 1;
                left += static_cast<float>(stream().exponential(1.0));
              }
            };
            unit_events(slots.unit_facilitation_left[u], facilitation * facilitating,
                        Purpose::peacekeeper_facilitation, part.facilitators);
            unit_events(slots.unit_report_left[u], observation * presence * sighting,
                        Purpose::peacekeeper_sighting, part.reports);
          }
        },
        [](PeacekeeperOutcome& total, const PeacekeeperOutcome& part) { total.add(part); }, 64);

    // 4. what the units and the contingent learn from the sanctions seen
    peacekeeper_units::learn(model, unit_weeks, slots);
    if (contingent.kind == ContingentKind::civilian) totals.civilians = totals.all;
    outcome.add(totals);
  }
  world.municipalities.peacekeepers = outcome.deployed;
  world.municipalities.peacekeeper_purchases = outcome.purchases;
  return outcome;
}

}  // namespace tipsim::model
