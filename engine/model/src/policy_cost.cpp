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
  cost += authorities.investigations * (model.constant(P::cost_investigation) +
                                        model.constant(P::cost_enforcement) * c.enforcement);
  cost +=
      (authorities.prosecutions + peacekeepers.convictions) * model.constant(P::cost_prosecution);
  cost += peacekeepers.women * model.constant(P::cost_woman_peacekeeper);
  cost += thousands_deployed * model.constant(P::cost_reporting) * static_cast<double>(c.reporting);
  cost += thousands_deployed * model.constant(P::cost_whistleblower) * c.whistleblower;
  cost += thousands_deployed * model.constant(P::cost_off_limits) * c.off_limits;
  if (c.year >= model.constant(P::rule_of_law_start))
    cost += std::max(0.0, model.constant(P::rule_of_law_target) - c.rule_of_law) *
            model.constant(P::cost_rule_of_law) * per_100k;
  cost += static_cast<double>(world.state_counts[static_cast<std::size_t>(PersonState::assisted)]) *
          model.constant(P::cost_assistance);
  if (c.child_protection) cost += model.constant(P::cost_child_protection);
  return cost;
}

}  // namespace tipsim::model
