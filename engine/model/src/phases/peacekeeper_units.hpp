#pragma once
// What a contingent's units carry from week to week, apart from what they do: the holders drawn
// for a tour, and what they believe about sanctions (announced, then learned). Private to the
// peacekeeper phase (phases/peacekeepers.cpp), which calls these in its fixed order.

#include <algorithm>
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

/// What the holders of a unit's tour are drawn from: the contingent's shares at the date the
/// tour began, and the force's propensity spread and training cost.
struct HolderOdds {
  double women_share, trained_share, spread, training_cost;
  HolderOdds(const CompiledModel& model, const CompiledContingent& contingent, double tour_start);
};

/// Draws the holder of `slot` for `tour` from the (slot, tour) identity: woman, trained before
/// deployment, in-field training draw, propensity with mean one and the waiting time before the
/// first purchase wanted, placed on `unit`'s clock for his class. Returns the training cost it
/// incurs.
double draw_holder(const HolderOdds& odds, std::uint32_t first_agent, ContingentSlots& slots,
                   std::uint32_t slot, std::int32_t tour, const ContingentSlots::Unit& unit,
                   const core::RandomSource& random);

/// Counts afresh the holders present in slots [first, last) of `unit` for `tour`: members,
/// women, the trained, who bought and who objected, the men and their propensities by class,
/// and queues the men of each class by the point at which they next want to buy.
void count_holders(ContingentSlots& slots, std::uint32_t first, std::uint32_t last,
                   std::int32_t tour, ContingentSlots::Unit& unit);

/// A class's purchase queue in a unit: the men of one class, earliest purchase_at first.
class PurchaseQueue {
 public:
  PurchaseQueue(ContingentSlots& slots, ContingentSlots::Unit& unit, std::uint32_t first,
                int trained)
      : at_(slots.purchase_at),
        entries_(slots.purchase_queue.data() + trained * slots.purchase_at.size() + first),
        size_(unit.queued[trained]) {}

  bool empty() const { return size_ == 0; }
  std::uint32_t earliest() const { return entries_[0]; }
  std::uint32_t pop() {
    std::pop_heap(entries_, entries_ + size_, later());
    return entries_[--size_];
  }
  void push(std::uint32_t slot) {
    entries_[size_++] = slot;
    std::push_heap(entries_, entries_ + size_, later());
  }
  /// Makes a queue of the `size` slots already written at its start.
  void arrange(std::uint32_t size) {
    size_ = size;
    std::make_heap(entries_, entries_ + size_, later());
  }
  std::uint32_t* begin() { return entries_; }

 private:
  // a heap is largest first: ordered by "later", it is earliest first (ties by slot, for a
  // queue that is the same whatever came before)
  struct Later {
    const std::vector<double>* at;
    bool operator()(std::uint32_t a, std::uint32_t b) const {
      return (*at)[a] > (*at)[b] || ((*at)[a] == (*at)[b] && a > b);
    }
  };
  Later later() const { return Later{&at_}; }

  const std::vector<double>& at_;
  std::uint32_t* entries_;
  std::uint32_t& size_;
};

/// When the contingent's home prosecution differs from the last announced, announces it: at the
/// first step the announced sanction is all anyone expects; later everyone present and the
/// contingent's lore move towards it by peacekeepers.briefing_trust.
void announce(const CompiledModel& model, double home_prosecution, ContingentSlots& slots);

/// Moves each present unit's expected sanction, and the contingent's lore, towards the sanctions
/// per purchase seen this week (a unit's own fully, the rest of the contingent's by
/// peacekeepers.contingent_weight), with the memory peacekeepers.sanction_memory.
void learn(const CompiledModel& model, const std::vector<UnitWeek>& weeks, ContingentSlots& slots);

}  // namespace tipsim::model::peacekeeper_units
