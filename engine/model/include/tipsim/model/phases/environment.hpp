#pragma once
// Phase 1, environment: the state of the country this week. Rule of law and corruption follow
// their build-up; scheduled and random shocks strike (displacing people, starting economic
// shocks); international money raises prices; the local sex market is cleared against last
// week's supply and demand; and one more trafficker's expected margin is computed per
// municipality from revenue, perceived risk and costs.
//
// Reads the compiled model and the world's tallies; writes the world's shock state and people's
// displacement; returns the step's read-only context.

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

StepContext environment_phase(const CompiledModel& model, World& world);

}  // namespace tipsim::model
