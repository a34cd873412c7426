#pragma once
// What the phases of one step report, gathered for the metric collection and the policy-cost
// accounting. Outcomes count people (and USD); the world counts agents, which the metric
// collection turns into people.

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/metrics.hpp"
#include "tipsim/model/phases/assistance.hpp"
#include "tipsim/model/phases/authorities.hpp"
#include "tipsim/model/phases/peacekeepers.hpp"
#include "tipsim/model/phases/recruitment.hpp"
#include "tipsim/model/phases/traffickers.hpp"
#include "tipsim/model/phases/victims.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

struct StepOutcomes {
  PeacekeeperOutcome peacekeepers;
  AuthorityOutcome authorities;
  TraffickerOutcome traffickers;
  RecruitmentOutcome recruitment;
  VictimOutcome victims;
  AssistanceOutcome assistance;
};

/// What the policy levers cost this week, in USD (real units at any population scale).
double policy_cost(const CompiledModel& model, const StepContext& context,
                   const StepOutcomes& outcomes, const World& world);

/// The step's metrics in real units, from the outcomes and the world as the step leaves it
/// (its tallies brought up to date).
StepMetrics collect_metrics(const CompiledModel& model, const StepContext& context,
                            const StepOutcomes& outcomes, const World& world);

}  // namespace tipsim::model
