#include "tipsim/model/phases/authorities.hpp"

#include <cmath>

namespace tipsim::model {

using core::Purpose;
using P = ParameterId;

AuthorityOutcome authority_phase(const CompiledModel& model, const StepContext& c,
                                 const PeacekeeperOutcome& peacekeepers, World& world) {
  const std::size_t count = model.municipality_count();
  const std::uint32_t week = world.week;
  const double scale = model.people_per_agent;  // of the population, for police capacity
  Traffickers& traffickers = world.traffickers;
  Municipalities& places = world.municipalities;
  AuthorityOutcome outcome;
  outcome.arrests_in.assign(count, 0.0);
  outcome.investigations_in.assign(count, 0.0);
  const double memory = 1.0 / model.constant(P::risk_memory_weeks);
  const double shield = 1.0 - model.constant(P::facilitation_shield);
  const double bribe = model.constant(P::bribe);
  const double pretrial_weeks = model.constant(P::pretrial_weeks);
  for (std::size_t m = 0; m < count; ++m) {
    auto stream = world.random.stream(week, static_cast<std::uint32_t>(m), Purpose::detection);
    const std::vector<std::uint32_t>& here = places.active[m];
    const double active = static_cast<double>(here.size());
    // every facilitating peacekeeper shields the traffickers of the place a little more
    const double leads_rate = c.patrol_leads[m] * c.rule_of_law[m] * active *
                                  std::pow(shield, peacekeepers.facilitators[m]) +
                              c.community_tips[m] * c.victims_seen[m];
    const std::uint64_t leads =
        stream.poisson(leads_rate) + static_cast<std::uint64_t>(peacekeepers.reports[m]);
    const std::uint64_t capacity = core::stochastic_round(
        c.police_capacity[m] * model.municipality_agents[m] * scale / 100000.0 * c.rule_of_law[m],
        stream);
    // a lead about nobody (no trafficker works here) is not an investigation
    const std::uint64_t cases = here.empty() ? 0 : std::min(leads, capacity);
    double arrested_here = 0, bribes_here = 0;
    for (std::uint64_t i = 0; i < cases; ++i) {
      outcome.investigations += 1;
      outcome.investigations_in[m] += 1;
      const std::uint32_t k = here[stream.below(static_cast<std::uint32_t>(here.size()))];
      if (traffickers.status[k] != TraffickerStatus::active) continue;
      if (stream.bernoulli(c.corruption[m])) {
        bribes_here += bribe;
        continue;
      }
      if (!stream.bernoulli(c.enforcement[m])) continue;
      arrested_here += 1;
      double custody = pretrial_weeks;
      if (stream.bernoulli(c.prosecution[m])) {
        outcome.prosecutions += 1;
        if (stream.bernoulli(c.conviction[m])) {
          outcome.convictions += 1;
          custody = c.sentence_weeks[m];
        }
      }
      traffickers.status[k] = TraffickerStatus::in_custody;
      traffickers.custody_until[k] = week + static_cast<std::uint32_t>(std::ceil(custody));
    }
    outcome.arrests += arrested_here;
    outcome.arrests_in[m] = arrested_here;
    outcome.bribes += bribes_here;
    // what traffickers there saw this week: arrests and bribes per trafficker
    if (active > 0) {
      places.perceived_risk[m] += memory * (arrested_here / active - places.perceived_risk[m]);
      places.perceived_bribes[m] += memory * (bribes_here / active - places.perceived_bribes[m]);
    }
  }
  // where nobody traffics, what traffickers expect follows the news from the rest of the
  // country (criminal groups hear of arrests and bribes elsewhere)
  double active_in_country = 0;
  for (const auto& here : places.active) active_in_country += static_cast<double>(here.size());
  if (active_in_country > 0)
    for (std::size_t m = 0; m < count; ++m)
      if (places.active[m].empty()) {
        places.perceived_risk[m] +=
            memory * (outcome.arrests / active_in_country - places.perceived_risk[m]);
        places.perceived_bribes[m] +=
            memory * (outcome.bribes / active_in_country - places.perceived_bribes[m]);
      }
  return outcome;
}

}  // namespace tipsim::model
