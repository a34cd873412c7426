#include <algorithm>

#include "tipsim/model/step_outcomes.hpp"

namespace tipsim::model {

using P = ParameterId;

double policy_cost(const CompiledModel& model, const StepContext& c, const StepOutcomes& outcomes,
                   const World& world) {
  const PeacekeeperOutcome& peacekeepers = outcomes.peacekeepers;
  const AuthorityOutcome& authorities = outcomes.authorities;
  double deployed = 0;
  for (double here : peacekeepers.deployed) deployed += here;
  const double thousands_deployed = deployed / 1000.0;
  const double per_100k = model.people() / 100000.0;
  double cost = peacekeepers.training_cost;
  // every investigation at the country's enforcement, plus what [[local]] values add or save
  // where they differ (nothing, to the last bit, where none is set)
  const double enforcement = model.value(P::enforcement, c.year);
  double local_difference = 0;
  for (std::size_t m = 0; m < authorities.investigations_in.size(); ++m)
    local_difference += authorities.investigations_in[m] * (c.enforcement[m] - enforcement);
  cost += authorities.investigations * (model.constant(P::cost_investigation) +
                                        model.constant(P::cost_enforcement) * enforcement);
  cost += model.constant(P::cost_enforcement) * local_difference;
  // trials of traffickers, and of internationals at home and (where they may be) locally
  cost += (authorities.prosecutions + peacekeepers.all.convictions +
           peacekeepers.all.prosecuted_locally) *
          model.constant(P::cost_prosecution);
  // the force's levers cover every international deployed, civilians too
  cost += peacekeepers.all.women * model.constant(P::cost_woman_peacekeeper);
  cost += thousands_deployed * model.constant(P::cost_reporting) * static_cast<double>(c.reporting);
  cost += thousands_deployed * model.constant(P::cost_whistleblower) * c.whistleblower;
  cost += thousands_deployed * model.constant(P::cost_off_limits) * c.off_limits;
  // the rule-of-law programme costs in proportion to the gap it has still to close, municipality
  // by municipality, per inhabitant
  if (c.year >= model.constant(P::rule_of_law_start)) {
    const std::vector<double> target = model.values_by_municipality(P::rule_of_law_target, c.year);
    double gap_people = 0;
    for (std::size_t m = 0; m < target.size(); ++m)
      gap_people += std::max(0.0, target[m] - c.rule_of_law[m]) * model.municipality_agents[m];
    cost += gap_people / static_cast<double>(model.agents) * model.constant(P::cost_rule_of_law) *
            per_100k;
  }
  const auto assisted = static_cast<std::size_t>(PersonState::assisted);
  cost += static_cast<double>(world.state_counts[assisted] + world.foreign_counts[assisted]) *
          model.constant(P::cost_assistance);
  if (c.child_protection) cost += model.constant(P::cost_child_protection);
  // the demand-side lever: each client case (a purchase penalised)
  for (double penalised : c.clients_penalised)
    cost += penalised * model.constant(P::cost_client_case);
  return cost;
}

}  // namespace tipsim::model
