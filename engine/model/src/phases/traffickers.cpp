#include "tipsim/model/phases/traffickers.hpp"

#include <algorithm>

#include "../model_math.hpp"
#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;
using core::RandomStream;
using P = ParameterId;

// a walk of 1 to `longest` steps through acquaintances and household members
std::uint32_t walk(const World& world, std::uint32_t start, std::uint32_t longest,
                   RandomStream& stream) {
  std::uint32_t person = start;
  const std::uint32_t hops = 1 + stream.below(longest);
  for (std::uint32_t hop = 0; hop < hops; ++hop) {
    const auto acquaintances = world.social.acquaintances(person);
    const std::uint32_t household = world.people.household_size[person] - 1u;
    const auto choices = static_cast<std::uint32_t>(acquaintances.size()) + household;
    if (choices == 0) break;
    const std::uint32_t pick = stream.below(choices);
    if (pick < acquaintances.size()) {
      person = acquaintances[pick];
    } else {
      // household members other than the person
      const std::uint32_t first = world.people.household_first[person];
      std::uint32_t member = first + static_cast<std::uint32_t>(pick - acquaintances.size());
      if (member >= person) ++member;
      person = member;
    }
  }
  return person;
}

}  // namespace

TraffickerOutcome trafficker_phase(const CompiledModel& model, const StepContext& c, World& world) {
  Traffickers& traffickers = world.traffickers;
  const Municipalities& places = world.municipalities;
  const std::uint32_t week = world.week;
  const std::uint32_t pool = traffickers.size();
  TraffickerOutcome outcome;
  outcome.wanted_local.assign(pool, 0);
  outcome.wanted_total.assign(pool, 0);
  const double entry_rate = model.constant(P::entry_rate);
  const double exit_rate = model.constant(P::exit_rate);
  const double decision_scale = model.constant(P::decision_scale);
  const double relocation = model.constant(P::relocation_share);
  const double entry_reach = model.constant(P::entry_reach);
  const double max_victims = model.constant(P::max_victims);
  const double approaches = model.constant(P::approaches_per_victim);
  const double abduction = model.constant(P::abduction_share);
  const double anchor_change = model.constant(P::anchor_change);
  const auto longest_walk = static_cast<std::uint32_t>(model.constant(P::longest_walk));
  const double cover = model.constant(P::hiding_cover);
  const double hiding_cost = model.constant(P::hiding_cost);
  const double freedom_value = model.constant(P::freedom_value);
  const double purchases = model.constant(P::purchases_per_victim);
  // victims each trafficker wants, for the local market and for export
  const double export_quota = c.export_flow / std::max(1.0, c.traffickers_active);
  const bool exports_chosen = model.constant(P::export_elasticity) > 0;
  std::vector<double> share_per_trafficker(model.municipality_count());
  for (std::size_t m = 0; m < model.municipality_count(); ++m)
    share_per_trafficker[m] =
        std::min(max_victims, c.victims_wanted[m] / std::max<double>(1.0, places.active[m].size()));

  struct Part {
    std::vector<Approach> approaches;
    std::vector<ImportOrder> orders;
    double entries = 0, entries_elsewhere = 0, relocations = 0;
  };
  Part totals = core::deterministic_reduce(
      pool, Part{},
      [&](Part& part, std::size_t begin, std::size_t end) {
        for (auto k = static_cast<std::uint32_t>(begin); k < end; ++k) {
          auto stream = world.random.stream(week, k, Purpose::trafficker_decision);
          TraffickerStatus& status = traffickers.status[k];
          std::uint16_t& home = traffickers.municipality[k];
          if (status == TraffickerStatus::in_custody) {
            // whether he was hiding his victims when arrested stays marked while he is held:
            // the police find those he had hidden only by chance (victim phase)
            if (week < traffickers.custody_until[k]) continue;
            status = TraffickerStatus::inactive;
            // he goes back to his group's municipality; the circles he worked where he had
            // moved are not his way in there, so he finds a new one at home
            const std::uint16_t group_home = world.group_home[traffickers.group[k]];
            if (group_home != home && model.municipality_agents[group_home] > 0) {
              auto back = world.random.stream(week, k, Purpose::trafficker_return);
              traffickers.anchor[k] = model.municipality_first[group_home] +
                                      back.below(model.municipality_agents[group_home]);
            }
            home = group_home;
          }
          traffickers.hiding[k] = 0;
          if (status == TraffickerStatus::inactive) {
            // one who looks beyond his own municipality weighs starting where it pays best
            // next door too: a crackdown at home can send him to a neighbour instead
            std::size_t where = home;
            if (stream.bernoulli(entry_reach))
              for (std::size_t n : model.neighbours[home])
                if (c.entry_margin[n] > c.entry_margin[where] && model.municipality_agents[n] > 0)
                  where = n;
            if (!stream.bernoulli(entry_rate * logistic(c.entry_margin[where] / decision_scale)))
              continue;
            status = TraffickerStatus::active;
            part.entries += 1;
            if (where != home) {
              home = static_cast<std::uint16_t>(where);
              traffickers.anchor[k] =
                  model.municipality_first[where] + stream.below(model.municipality_agents[where]);
              part.entries_elsewhere += 1;
            }
          } else if (stream.bernoulli(exit_rate *
                                      logistic(-c.stay_margin[home] / decision_scale))) {
            // low profit or high risk: move where it pays better, or give up
            std::size_t best = home;
            for (std::size_t n : model.neighbours[home])
              if (c.entry_margin[n] > c.stay_margin[home] &&
                  c.entry_margin[n] > c.entry_margin[best] && model.municipality_agents[n] > 0)
                best = n;
            if (best != home && stream.bernoulli(relocation)) {
              home = static_cast<std::uint16_t>(best);
              traffickers.anchor[k] =
                  model.municipality_first[best] + stream.below(model.municipality_agents[best]);
              part.relocations += 1;
            } else {
              status = TraffickerStatus::inactive;
              continue;
            }
          }
          // He hides his victims this week when the expected penalty it averts (the share of
          // the risk he perceives that hiding takes away) exceeds the purchases it costs.
          const double revenue =
              traffickers.held_local[k] * purchases * c.price[home] * c.fill[home];
          const double averted = cover * places.perceived_risk[home] * c.expected_custody[home] *
                                 (freedom_value + revenue);
          traffickers.hiding[k] =
              cover > 0 && traffickers.held_local[k] > 0 && averted > hiding_cost * revenue;
          // social circles change: now and then a new way in
          if (stream.bernoulli(anchor_change) && model.municipality_agents[home] > 0)
            traffickers.anchor[k] =
                model.municipality_first[home] + stream.below(model.municipality_agents[home]);

          const std::uint32_t local =
              std::max<std::int64_t>(0, static_cast<std::int64_t>(core::stochastic_round(
                                            share_per_trafficker[home], stream)) -
                                            traffickers.held_local[k]);
          // he holds at most max_victims, whether for the local market or bound abroad; he
          // seeks his share of a quota abroad, or, where he chooses, fills the places the local
          // market leaves him with victims for sale while a sale pays
          const double room = std::max(0.0, max_victims - traffickers.held[k]);
          std::uint64_t exported = 0;
          if (model.export_routes[home].reachable)
            exported = !exports_chosen               ? stream.poisson(export_quota)
                       : c.export_margin[home] > 0.0 ? static_cast<std::uint64_t>(room)
                                                     : 0;
          const auto wanted =
              static_cast<std::uint32_t>(std::min(static_cast<double>(local + exported), room));
          // of the places in the local market he fills, a share with victims bought abroad
          const std::uint32_t local_wanted = std::min(local, wanted);
          std::uint32_t bought = 0;
          if (!c.import_ranking[home].empty()) {
            for (std::uint32_t v = 0; v < local_wanted; ++v)
              bought += stream.bernoulli(c.import_share[home]) ? 1 : 0;
            if (bought > 0) part.orders.push_back({k, static_cast<std::uint16_t>(bought)});
          }
          outcome.wanted_local[k] = static_cast<std::uint16_t>(local_wanted - bought);
          outcome.wanted_total[k] = static_cast<std::uint16_t>(wanted - bought);
          for (std::uint32_t v = 0; v < wanted - bought; ++v) {
            if (stream.bernoulli(abduction)) {
              part.approaches.push_back(
                  {walk(world, traffickers.anchor[k], longest_walk, stream), k, true});
              continue;
            }
            const auto tries = static_cast<std::uint32_t>(approaches);
            for (std::uint32_t a = 0; a < tries; ++a)
              part.approaches.push_back(
                  {walk(world, traffickers.anchor[k], longest_walk, stream), k, false});
          }
        }
      },
      [](Part& total, const Part& part) {
        total.approaches.insert(total.approaches.end(), part.approaches.begin(),
                                part.approaches.end());
        total.orders.insert(total.orders.end(), part.orders.begin(), part.orders.end());
        total.entries += part.entries;
        total.entries_elsewhere += part.entries_elsewhere;
        total.relocations += part.relocations;
      },
      64);
  outcome.approaches = std::move(totals.approaches);
  outcome.orders = std::move(totals.orders);
  outcome.entries = totals.entries;
  outcome.entries_elsewhere = totals.entries_elsewhere;
  outcome.relocations = totals.relocations;
  return outcome;
}

}  // namespace tipsim::model
