#pragma once
// Phase 7, assistance: the week's identified victims are placed in assistance while national
// places last (children first under child protection); the others go home unassisted, more
// vulnerable than before. A victim bought abroad who finds no place is deported: sent home abroad
// at once. Former victims back home are no longer visited.
//
// Reads the context and the identified victims; writes people's state and traits and removes
// those back home from the world's victims.

#include <cstdint>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

struct AssistanceOutcome {
  double foreign_deported = 0;  ///< identified victims bought abroad sent home with no place
};

/// `identified`: indices into World::victims, in the order they were identified.
AssistanceOutcome assistance_phase(const CompiledModel& model, const StepContext& context,
                                   std::vector<std::uint32_t> identified, World& world);

}  // namespace tipsim::model
