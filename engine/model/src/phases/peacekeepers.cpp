#include "tipsim/model/phases/peacekeepers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

// What one contingent's units did this week where they are stationed, by municipality of its
// sector (a partial sum per chunk of units).
struct StationWeek {
  double deployed = 0, purchases = 0, purchases_from_victims = 0, reports = 0, facilitators = 0;
};

struct ContingentWeek {
  explicit ContingentWeek(std::size_t stations) : at(stations) {}

  std::vector<StationWeek> at;  ///< in the order of the contingent's sector
  InternationalTally all;
  double training_cost = 0, events = 0;

  void add(const ContingentWeek& other) {
    for (std::size_t s = 0; s < at.size(); ++s) {
      at[s].deployed += other.at[s].deployed;
      at[s].purchases += other.at[s].purchases;
      at[s].purchases_from_victims += other.at[s].purchases_from_victims;
      at[s].reports += other.at[s].reports;
      at[s].facilitators += other.at[s].facilitators;
    }
    all.add(other.all);
    training_cost += other.training_cost;
    events += other.events;
  }
};

// The places of the draws of a purchase wanted in its stream. Each decision reads its own
// place, and only when it is taken, so that what one decision draws never depends on another;
// the ones nearly every purchase needs share the stream's first block of four.
namespace place {
constexpr std::uint64_t waiting = 0, from_victim = 1, witnessed = 2, found_in_raid = 3;
constexpr std::uint64_t venue_covered = 4, keeps_away = 5, goes_elsewhere = 6, patrol = 7;
constexpr std::uint64_t witness_pick = 8, objects_reports = 9, local_court = 10,
                        local_prosecution = 11;
constexpr std::uint64_t local_conviction = 12, home_conviction = 13;
}  // namespace place

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
    // troop surges and drawdowns are the force's; civilians follow their own schedule
    const double troops = contingent.troops.at(c.year) *
                          (contingent.kind == ContingentKind::military ? c.troop_factor : 1.0);
    const auto deployed = std::min<std::uint32_t>(
        contingent.slots, static_cast<std::uint32_t>(std::lround(std::max(0.0, troops))));
    const double home_prosecution = contingent.home_prosecution.at(c.year);
    const double local_jurisdiction = contingent.local_jurisdiction.at(c.year);
    // what a unit sees where it is stationed, for each municipality of the sector
    struct Station {
      double presence;  ///< how much of trafficking there its members may notice
      double caught;    ///< chance a raid on a client's venue there finds him
      double tried;     ///< chance a client caught is prosecuted by the local courts
      double convicted_locally, availability, trafficked_share;
    };
    std::vector<Station> stations;
    for (const std::uint16_t m : contingent.sector)
      stations.push_back({c.victims_seen[m] / (c.victims_seen[m] + half_saturation),
                          // local police who arrest a trafficker this week may find his
                          // international clients: the chance his venue is raided is that of an
                          // arrest at the hazard traffickers there have seen
                          client_detection * -std::expm1(-world.municipalities.perceived_risk[m]),
                          // a client tried locally is let go by a bought official, or prosecuted
                          // and convicted at the local rates
                          (1.0 - c.corruption[m]) * c.prosecution[m], c.conviction[m],
                          c.availability[m], c.trafficked_share[m]});
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
        units, ContingentWeek(stations.size()),
        [&](ContingentWeek& part, std::size_t begin, std::size_t end) {
          InternationalTally& tally = part.all;
          std::vector<std::uint32_t> due;  // a unit's men whose time has come this week
          for (auto u = static_cast<std::uint32_t>(begin); u < end; ++u) {
            ContingentSlots::Unit& unit = slots.units[u];
            // units are stationed over the sector in turn
            const Station& station = stations[u % stations.size()];
            StationWeek& here = part.at[u % stations.size()];
            const std::uint32_t first = u * unit_size;
            const std::uint32_t last = std::min(first + unit_size, deployed);
            // named, not bound: clang before 16 cannot capture a structured binding
            const auto [tour_now, week_now] = position(u);
            const std::int32_t tour = tour_now;
            const std::uint32_t week_in_tour = week_now;
            const bool arrived = unit.tour != tour;
            if (arrived) {  // a unit arrives: it knows what the contingent knows, its clocks at 0
              unit = ContingentSlots::Unit{};
              unit.tour = tour;
              unit.expected_sanction = static_cast<float>(lore);
            }
            // who holds each slot: drawn from the (slot, tour) identity when first seen (at the
            // tour's start, or at the first step for a tour under way), with the training and
            // women's share of the date the tour began; pre-deployment training is paid then.
            // The drawn slots of a unit are a prefix of it (the schedule fills slots in order)
            if (first + unit.drawn < last) {
              const peacekeeper_units::HolderOdds odds(
                  model, contingent,
                  model.year_of_step(week >= week_in_tour ? week - week_in_tour : 0));
              for (std::uint32_t s = first + unit.drawn; s < last; ++s) {
                ++unit.drawn;
                if (slots.traits_tour[s] == tour) continue;  // drawn before the force shrank
                part.training_cost += peacekeeper_units::draw_holder(
                    odds, contingent.first_agent, slots, s, tour, unit, world.random);
              }
            }
            // who is there: counted afresh when the slots held change (arrival, the force
            // growing or shrinking), and kept up to date as holders buy, object, are trained or
            // are sent home
            if (unit.extent != last - first)
              peacekeeper_units::count_holders(slots, first, last, tour, unit);
            if (unit.members == 0) continue;
            const auto holder = [&](std::uint32_t s) { return slots.repatriated_tour[s] != tour; };

            // in-field training, the week it happens: a man trained carries the hazard he had
            // left over to the trained clock, and the unit's holders are counted and queued
            // afresh (so that no queue holds an entry whose point has moved)
            if (infield_hazard > 0) {
              bool trained_now = false;
              for (std::uint32_t s = first; s < last; ++s) {
                if (!holder(s) || (slots.flags[s] & ContingentSlots::trained)) continue;
                slots.infield_hazard[s] += static_cast<float>(infield_hazard);
                // trained once the chance 1 - exp(-H) passes the holder's uniform draw
                if (slots.infield_hazard[s] < -std::log1p(-slots.infield_threshold[s])) continue;
                part.training_cost += infield_cost;
                slots.flags[s] |= ContingentSlots::trained;
                slots.purchase_at[s] += unit.clock[1] - unit.clock[0];
                trained_now = true;
              }
              if (trained_now) peacekeeper_units::count_holders(slots, first, last, tour, unit);
            }

            peacekeeper_units::UnitWeek& seen = unit_weeks[u];
            seen.present = true;
            here.deployed += unit.members;
            tally.deployed += unit.members;
            tally.women += unit.women;
            tally.trained += unit.men[1] + unit.women_trained;
            tally.expected_sanction += unit.members * unit.expected_sanction;

            // this week's rates: the unit's norm (what it has seen this tour: the share of its men
            // who have bought against the share of all who objected, so that women change the
            // norm by objecting, not by diluting the buyers) and the sanction each man expects
            const double members = unit.members;
            const double men = unit.men[0] + unit.men[1];
            const double norm =
                men > 0 ? std::exp(conformity * (unit.bought / men - unit.objected / members))
                        : 1.0;
            const double expected = unit.expected_sanction;
            const double restraint[2] = {std::exp(-deterrence * untrained_awareness * expected),
                                         std::exp(-deterrence * expected)};  // untrained, trained
            const double wanting = purchase_rate * station.availability * norm;

            // a purchase wanted by the man in slot s, and what follows from it: whether he buys,
            // where, who sees it, and the sanction that may send him home
            const auto purchase = [&](std::uint32_t s, bool trained) {
              const std::uint32_t agent = contingent.first_agent + s;
              auto draws = world.random.stream(week, agent, Purpose::peacekeeper_week);
              const auto x = [&](std::uint64_t at) { return draws.uniform_at(at); };
              part.events += 1;
              // a new waiting time, from this week's point on his clock (what was left of the
              // week's hazard is dropped: at most one purchase a week)
              slots.purchase_at[s] =
                  unit.clock[trained] + draws.exponential_at(place::waiting) / slots.propensity[s];
              bool buys = true, off_limits = false;
              if (c.off_limits > 0 && x(place::venue_covered) < c.off_limits) {
                // the venue he wants is under orders: he keeps away and buys elsewhere or not at
                // all, or he goes in
                if (x(place::keeps_away) < compliance)
                  buys = x(place::goes_elsewhere) < substitution;
                else
                  off_limits = true;
              }
              if (!buys) return;
              const bool from_victim = x(place::from_victim) < station.trafficked_share;
              here.purchases += 1;
              tally.purchases += 1;
              if (off_limits) tally.purchases_off_limits += 1;
              if (from_victim) {
                here.purchases_from_victims += 1;
                tally.purchases_from_victims += 1;
              }
              if (!(slots.flags[s] & ContingentSlots::bought)) ++unit.bought;
              slots.flags[s] |= ContingentSlots::bought;
              seen.purchases += 1;
              unit.purchases += 1;
              bool reported = false, sanctioned = false;
              // a colleague of the unit may see it, object, and report it
              if (last - first > 1 && x(place::witnessed) < witness) {
                auto pick =
                    first + static_cast<std::uint32_t>(x(place::witness_pick) * (last - first - 1));
                if (pick >= s) ++pick;
                if (holder(pick)) {
                  const bool her = slots.flags[pick] & ContingentSlots::woman;
                  const bool knows = slots.flags[pick] & ContingentSlots::trained;
                  const double objects = her ? objection_women : objection_men;
                  // one uniform for both: objecting and reporting go together
                  const double says = x(place::objects_reports);
                  if (says < objects) {
                    if (!(slots.flags[pick] & ContingentSlots::objected)) ++unit.objected;
                    slots.flags[pick] |= ContingentSlots::objected;
                    tally.objections += 1;
                  }
                  if (says < reporting.of(her, knows)) reported = true;
                }
              }
              if (off_limits && x(place::patrol) < patrol) {
                reported = true;
                tally.patrol_reports += 1;
              }
              // local police raiding his venue identify him: immune, he is handed to the mission;
              // under local jurisdiction a local court may try him
              if (from_victim && station.caught > 0 && x(place::found_in_raid) < station.caught) {
                tally.caught_locally += 1;
                if (x(place::local_court) < local_jurisdiction) {
                  if (x(place::local_prosecution) < station.tried) {
                    tally.prosecuted_locally += 1;
                    if (x(place::local_conviction) < station.convicted_locally) {
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
                // one conviction per purchase: a man a local court has just convicted is gone
                if (!sanctioned && x(place::home_conviction) < home_prosecution) {
                  tally.convictions += 1;
                  sanctioned = true;
                }
              }
              if (sanctioned) {  // gone: no longer a peer who buys, or anything else
                seen.sanctions += 1;
                slots.repatriated_tour[s] = tour;
                --unit.members;
                --unit.bought;
                if (slots.flags[s] & ContingentSlots::objected) --unit.objected;
                --unit.men[trained];
                unit.propensity[trained] -= slots.propensity[s];
              }
            };

            // the clocks move on by the week's rates, and the men whose time has come want to
            // buy, untrained then trained, each class earliest first
            unit.clock[0] += wanting * restraint[0];
            unit.clock[1] += wanting * restraint[1];
            for (const bool trained : {false, true}) {
              peacekeeper_units::PurchaseQueue queue(slots, unit, first, trained);
              // those whose time has come leave the queue first, so that nobody buys twice in a
              // week however close his next point lies
              due.clear();
              while (!queue.empty() && slots.purchase_at[queue.earliest()] <= unit.clock[trained])
                due.push_back(queue.pop());
              for (const std::uint32_t s : due) {
                purchase(s, trained);
                if (holder(s)) queue.push(s);  // at his new point, after this week's
              }
            }

            // facilitation and sightings reported are rare and change nobody's state: drawn for
            // the unit as a whole, its waiting time used up by the sum of its holders' rates
            // (those still there)
            const double facilitating =
                unit.propensity[0] * restraint[0] + unit.propensity[1] * restraint[1];
            const double sighting = unit.men[0] * reporting.untrained_man +
                                    unit.men[1] * reporting.trained_man +
                                    (unit.women - unit.women_trained) * reporting.untrained_woman +
                                    unit.women_trained * reporting.trained_woman;
            const std::uint32_t unit_agent = contingent.first_agent + first;
            const auto unit_events = [&](float& left, double rate, Purpose purpose,
                                         double& counted) {
              std::optional<core::RandomStream> draws;
              const auto stream = [&]() -> core::RandomStream& {
                if (!draws) draws.emplace(world.random.stream(week, unit_agent, purpose));
                return *draws;
              };
              if (arrived) left = static_cast<float>(stream().exponential(1.0));
              left -= static_cast<float>(rate);
              while (left <= 0) {
                part.events += 1;
                counted += 1;
                left += static_cast<float>(stream().exponential(1.0));
              }
            };
            unit_events(unit.facilitation_left, facilitation * facilitating,
                        Purpose::peacekeeper_facilitation, here.facilitators);
            unit_events(unit.report_left, observation * station.presence * sighting,
                        Purpose::peacekeeper_sighting, here.reports);
          }
        },
        [](ContingentWeek& total, const ContingentWeek& part) { total.add(part); }, 64);

    // 4. what the units and the contingent learn from the sanctions seen
    peacekeeper_units::learn(model, unit_weeks, slots);
    for (std::size_t s = 0; s < stations.size(); ++s) {
      const std::size_t m = contingent.sector[s];
      outcome.deployed[m] += totals.at[s].deployed;
      outcome.purchases[m] += totals.at[s].purchases;
      outcome.purchases_from_victims[m] += totals.at[s].purchases_from_victims;
      outcome.reports[m] += totals.at[s].reports;
      outcome.facilitators[m] += totals.at[s].facilitators;
    }
    outcome.all.add(totals.all);
    if (contingent.kind == ContingentKind::civilian) outcome.civilians.add(totals.all);
    outcome.training_cost += totals.training_cost;
    outcome.events += totals.events;
  }
  world.municipalities.peacekeepers = outcome.deployed;
  world.municipalities.peacekeeper_purchases = outcome.purchases;
  return outcome;
}

}  // namespace tipsim::model
