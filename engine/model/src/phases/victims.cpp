#include "tipsim/model/phases/victims.hpp"

#include <cmath>

#include "tipsim/core/parallel.hpp"

namespace tipsim::model {

using core::Purpose;
using P = ParameterId;

void VictimOutcome::add(const VictimOutcome& other) {
  for (std::size_t s = 0; s < person_state_count; ++s) {
    state_change[s] += other.state_change[s];
    foreign_state_change[s] += other.foreign_state_change[s];
  }
  imported += other.imported;
  imports_intercepted += other.imports_intercepted;
  identified_foreign += other.identified_foreign;
  for (std::size_t m = 0; m < identified.size(); ++m) identified[m] += other.identified[m];
  for (std::size_t m = 0; m < exported_from.size(); ++m) exported_from[m] += other.exported_from[m];
  to_assist.insert(to_assist.end(), other.to_assist.begin(), other.to_assist.end());
  exported += other.exported;
  intercepted += other.intercepted;
  identified_total += other.identified_total;
  children_identified += other.children_identified;
  self_exited += other.self_exited;
  self_referred += other.self_referred;
  revenue += other.revenue;
  revenue_abroad += other.revenue_abroad;
  purchases += other.purchases;
}

VictimOutcome victim_phase(const CompiledModel& model, const StepContext& c,
                           std::size_t held_before, World& world) {
  People& people = world.people;
  const Traffickers& traffickers = world.traffickers;
  const std::uint32_t week = world.week;
  const double purchases = model.constant(P::purchases_per_victim);
  const double child_factor = c.child_protection ? model.constant(P::child_identification) : 1.0;
  const double abroad = model.constant(P::abroad_identification_rate);
  const double self_exit = model.constant(P::self_exit_rate);
  const double self_referral = model.constant(P::self_referral);
  // the border police are as strong as the rule of law of the municipality a route leaves from
  // (or, on the way in, of the buyer's)
  const double border_interception = model.constant(P::border_interception);
  const double revenue_abroad = model.constant(P::revenue_abroad);
  const double assistance_weeks = model.constant(P::assistance_weeks);
  const double cover = model.constant(P::hiding_cover);
  const double hiding_cost = model.constant(P::hiding_cost);
  const double escape_factor = model.constant(P::import_escape_factor);

  VictimOutcome totals = core::deterministic_reduce(
      held_before, VictimOutcome(model.municipality_count()),
      [&](VictimOutcome& part, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          Victim& victim = world.victims[i];
          const std::uint32_t p = victim.person;
          // one bought abroad has her own streams, and no home here to mark
          const bool bought = victim.origin != 0;
          PersonState& state = world.state_of(victim);
          const PersonState before = state;
          PersonState after = before;
          auto stream = world.random.stream(
              week, p, bought ? Purpose::foreign_victim_transition : Purpose::victim_transition);
          const auto found_stream = [&] {
            return world.random.stream(
                week, p,
                bought ? Purpose::foreign_victim_identification : Purpose::victim_identification);
          };
          const auto mark_unassisted = [&] {
            if (!bought) people.traits[p] |= trait::left_unassisted;
          };
          const bool child = world.age_of(victim, week) < 18;
          const TraffickerStatus owner = traffickers.status[victim.trafficker];
          // in a trafficker's hands until sold abroad: recruited, in transit or exploited here
          const bool held = before == PersonState::recruited || before == PersonState::in_transit ||
                            before == PersonState::exploited_local;

          bool identify = false;
          // a victim her trafficker had hidden (in a private flat, not at the venue) is found
          // when he is arrested only by chance; the police miss the others, and his group lets
          // them go
          const bool out_of_sight =
              before == PersonState::exploited_local && traffickers.hiding[victim.trafficker] != 0;
          if (held && owner == TraffickerStatus::in_custody) {
            if (!out_of_sight || found_stream().bernoulli(1.0 - cover)) {
              identify = true;  // found when their trafficker was arrested
            } else {
              after = PersonState::returned;
              part.self_exited += 1;
              mark_unassisted();
            }
          } else if (held && owner == TraffickerStatus::inactive) {
            after = PersonState::returned;  // let go when their trafficker quit
            part.self_exited += 1;
            mark_unassisted();
          } else {
            switch (before) {
              case PersonState::recruited:
                if (victim.transit_weeks > 0) {
                  after = PersonState::in_transit;
                } else {
                  after = PersonState::exploited_local;
                  victim.location = traffickers.municipality[victim.trafficker];
                }
                break;
              case PersonState::in_transit: {
                if (--victim.transit_weeks > 0) break;
                if (bought) {
                  // on the way in: past the borders she is put to work where her buyer is
                  const double risk = model.source_regions[victim.origin - 1u].transit_risk;
                  const double interception =
                      border_interception *
                      c.rule_of_law[traffickers.municipality[victim.trafficker]];
                  if (stream.bernoulli(1.0 - std::pow(1.0 - interception, risk))) {
                    identify = true;
                    part.imports_intercepted += 1;
                  } else {
                    after = PersonState::exploited_local;
                    victim.location = traffickers.municipality[victim.trafficker];
                    part.imported += 1;
                  }
                  break;
                }
                const double risk = model.export_routes[victim.location].transit_risk;
                const double interception = border_interception * c.rule_of_law[victim.location];
                if (stream.bernoulli(1.0 - std::pow(1.0 - interception, risk))) {
                  identify = true;
                  part.intercepted += 1;
                } else {
                  after = PersonState::exploited_abroad;
                  part.exported += 1;
                  part.exported_from[victim.location] += 1;
                  part.revenue += c.export_price;
                }
                break;
              }
              case PersonState::exploited_local: {
                victim.location = traffickers.municipality[victim.trafficker];
                // a hidden victim serves fewer clients and is seen by fewer eyes
                const double served =
                    purchases * c.fill[victim.location] * (out_of_sight ? 1.0 - hiding_cost : 1.0);
                part.purchases += served;
                part.revenue += served * c.price[victim.location];
                auto found = found_stream();
                const double factor = child ? child_factor : 1.0;
                const double identification =
                    c.identification_rate[victim.location] * c.rule_of_law[victim.location];
                if (found.bernoulli(identification * factor * (out_of_sight ? 1.0 - cover : 1.0))) {
                  identify = true;
                } else if (stream.bernoulli(bought ? self_exit * escape_factor : self_exit)) {
                  // escaped: she goes to the authorities if she trusts them not to be bought
                  // (one draw, after the escape's, so nothing else she draws moves)
                  if (stream.bernoulli(self_referral * (1.0 - c.corruption[victim.location]))) {
                    identify = true;
                    part.self_referred += 1;
                  } else {
                    after = PersonState::returned;
                    part.self_exited += 1;
                    mark_unassisted();
                  }
                }
                break;
              }
              case PersonState::exploited_abroad: {
                part.revenue_abroad += revenue_abroad;
                auto found = world.random.stream(week, p, Purpose::victim_identification);
                if (found.bernoulli(abroad)) {
                  // identified and assisted abroad, then sent home
                  after = PersonState::returned;
                  part.identified_total += 1;
                  if (people.age(p, week) < 18) part.children_identified += 1;
                } else if (stream.bernoulli(self_exit)) {
                  after = PersonState::returned;
                  part.self_exited += 1;
                  people.traits[p] |= trait::left_unassisted;
                }
                break;
              }
              case PersonState::assisted:
                if (victim.weeks_in_state + 1 >= assistance_weeks) after = PersonState::returned;
                break;
              default:
                break;
            }
          }
          if (identify) {
            // placed in assistance or sent home by the assistance phase
            part.identified_total += 1;
            part.identified[victim.location] += 1;
            if (bought) part.identified_foreign += 1;
            if (child) part.children_identified += 1;
            part.to_assist.push_back(static_cast<std::uint32_t>(i));
            continue;
          }
          if (after != before) {
            state = after;
            auto& change = bought ? part.foreign_state_change : part.state_change;
            --change[static_cast<std::size_t>(before)];
            ++change[static_cast<std::size_t>(after)];
            victim.weeks_in_state = 0;
          } else if (victim.weeks_in_state < 65535) {
            ++victim.weeks_in_state;
          }
        }
      },
      [](VictimOutcome& total, const VictimOutcome& part) { total.add(part); }, 256);
  for (std::size_t s = 0; s < person_state_count; ++s) {
    world.state_counts[s] = static_cast<std::uint64_t>(
        static_cast<std::int64_t>(world.state_counts[s]) + totals.state_change[s]);
    world.foreign_counts[s] = static_cast<std::uint64_t>(
        static_cast<std::int64_t>(world.foreign_counts[s]) + totals.foreign_state_change[s]);
  }
  // what the markets abroad have been sent lately, which sets their price next week
  world.exports_recent +=
      (totals.exported - world.exports_recent) / model.constant(P::export_memory_weeks);
  return totals;
}

}  // namespace tipsim::model
