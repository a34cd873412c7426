#pragma once
// What a contingent's units carry from week to week, apart from what they do: the holders drawn
// for a tour, and what they believe about sanctions (announced, then learned). Private to the
// peacekeeper phase (phases/peacekeepers.cpp), which calls these in its fixed order.

#include <cstdint>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model::peacekeeper_units {

/// A unit's week, for what it and its contingent learn.
struct UnitWeek {
  std::uint32_t purchases = 0, sanctions = 0;
  bool present = false;
};

/// Draws the holder of `slot` for `tour` from the (slot, tour) identity: woman, trained before
/// deployment (the shares of `tour_start`), in-field training draw, propensity with mean one and
/// the waiting time before the first purchase wanted, placed on `unit`'s clock for his class.
/// Returns the training cost it incurs.
double draw_holder(const CompiledModel& model, const CompiledContingent& contingent,
                   ContingentSlots& slots, std::uint32_t slot, std::int32_t tour, double tour_start,
                   const ContingentSlots::Unit& unit, const core::RandomSource& random);

/// Counts afresh the holders present in slots [first, last) of `unit` for `tour`: members,
/// women, the trained, who bought and who objected, the men and their propensities by class,
/// and the earliest purchase_at of each class.
void count_holders(const ContingentSlots& slots, std::uint32_t first, std::uint32_t last,
                   std::int32_t tour, ContingentSlots::Unit& unit);

/// When the contingent's home prosecution differs from the last announced, announces it: at the
/// first step the announced sanction is all anyone expects; later everyone present and the
/// contingent's lore move towards it by peacekeepers.briefing_trust.
void announce(const CompiledModel& model, double home_prosecution, ContingentSlots& slots);

/// Moves each present unit's expected sanction, and the contingent's lore, towards the sanctions
/// per purchase seen this week (a unit's own fully, the rest of the contingent's by
/// peacekeepers.contingent_weight), with the memory peacekeepers.sanction_memory.
void learn(const CompiledModel& model, const std::vector<UnitWeek>& weeks, ContingentSlots& slots);

}  // namespace tipsim::model::peacekeeper_units
