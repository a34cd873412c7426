#pragma once
// Phase 2, peacekeepers: every deployed peacekeeper, slot by slot. A slot's holder for this
// tour is drawn from its (slot, tour) identity when the tour begins (woman, trained before
// deployment, propensity). Each week a man may buy sex (fewer where victims are scarce, under
// restraint from training, women in the contingent, expected home sanctions and off-limits
// orders), a colleague may witness and report it and the home nation may convict and
// repatriate; anyone may see signs of trafficking near the base and report them; a few
// facilitate trafficking.
//
// Reads the compiled model and the context; writes the contingents' slots and the
// municipalities' peacekeeper counts and purchases (read by next week's environment).

#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// What the force did this week, in people (and USD).
struct PeacekeeperOutcome {
  // per municipality
  std::vector<double> deployed, purchases, purchases_from_victims, reports, facilitators;
  double trained = 0, misconduct_reports = 0, convictions = 0, women = 0;
  double training_cost = 0;  ///< USD of training given this week

  explicit PeacekeeperOutcome(std::size_t municipalities = 0);
  void add(const PeacekeeperOutcome& other);
};

PeacekeeperOutcome peacekeeper_phase(const CompiledModel& model, const StepContext& context,
                                     World& world);

}  // namespace tipsim::model
