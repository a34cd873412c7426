#pragma once
// Phase 3, local authorities: per municipality, leads (police patrols, shielded by facilitating
// peacekeepers; community tips; peacekeepers' reports) become investigations up to police
// capacity; an investigated trafficker buys off a corrupt official or, under enforcement, is
// arrested, then prosecuted and convicted or held pre-trial. Traffickers' perceived arrest risk
// there follows what they see.
//
// Reads the context and the peacekeepers' outcome; writes traffickers' status and custody and
// the municipalities' perceived risk.

#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/phases/peacekeepers.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// What the authorities did this week, in people (bribes in USD).
struct AuthorityOutcome {
  double investigations = 0, arrests = 0, prosecutions = 0, convictions = 0, bribes = 0;
  std::vector<double> arrests_in;         ///< per municipality
  std::vector<double> investigations_in;  ///< per municipality
};

AuthorityOutcome authority_phase(const CompiledModel& model, const StepContext& context,
                                 const PeacekeeperOutcome& peacekeepers, World& world);

}  // namespace tipsim::model
