#include "tipsim/model/social_network.hpp"

#include <iterator>

namespace tipsim::model {
namespace {

// Yields both directions of every generated tie without ever storing the tie list: Boost's
// CSR constructor reads the sequence twice (count, then fill), and each tie is recomputed from
// its own random stream, so memory stays at the size of the finished graph.
class GeneratedTies {
 public:
  using value_type = std::pair<std::uint32_t, std::uint32_t>;
  using difference_type = std::ptrdiff_t;
  using reference = value_type;
  using pointer = void;
  using iterator_category = std::forward_iterator_tag;

  struct Context {
    const std::vector<std::uint32_t>* municipality_first;
    const std::vector<std::uint16_t>* municipality_of;
    std::uint32_t ties_per_person;
    double cross_location_share;
    const core::RandomSource* random;
    // Boost reads each end of a tie, source and target, through separate iterators in turn:
    // the last tie computed serves them all
    mutable std::uint64_t cached_tie = ~std::uint64_t{0};
    mutable std::pair<std::uint32_t, std::uint32_t> cached_ends{};
  };

  GeneratedTies() = default;
  GeneratedTies(const Context* context, std::uint64_t position)
      : context_(context), position_(position) {}

  value_type operator*() const {
    const std::uint64_t tie = position_ / 2;
    if (context_->cached_tie != tie) {
      context_->cached_ends = compute(tie);
      context_->cached_tie = tie;
    }
    const auto [person, other] = context_->cached_ends;
    return position_ % 2 == 0 ? value_type{person, other} : value_type{other, person};
  }

  std::pair<std::uint32_t, std::uint32_t> compute(std::uint64_t tie) const {
    const auto person = static_cast<std::uint32_t>(tie / context_->ties_per_person);
    const auto slot = static_cast<std::uint32_t>(tie % context_->ties_per_person);
    auto stream = context_->random->stream(slot, person, core::Purpose::social_ties);
    const auto& first = *context_->municipality_first;
    const std::uint32_t people = first.back();
    std::uint32_t begin = 0, count = people;
    if (!stream.bernoulli(context_->cross_location_share)) {
      const auto municipality = (*context_->municipality_of)[person];
      begin = first[municipality];
      count = first[municipality + 1u] - begin;
    }
    std::uint32_t other = begin + stream.below(count);
    if (other == person) other = (person + 1) % people;
    return {person, other};
  }
  GeneratedTies& operator++() {
    ++position_;
    return *this;
  }
  GeneratedTies operator++(int) {
    GeneratedTies before = *this;
    ++position_;
    return before;
  }
  bool operator==(const GeneratedTies& other) const { return position_ == other.position_; }

 private:
  const Context* context_ = nullptr;
  std::uint64_t position_ = 0;
};

}  // namespace

SocialNetwork SocialNetwork::generate(const std::vector<std::uint32_t>& municipality_first,
                                      const std::vector<std::uint16_t>& municipality_of,
                                      std::uint32_t ties_per_person, double cross_location_share,
                                      const core::RandomSource& random) {
  const std::uint32_t people = municipality_first.back();
  if (people < 2 || ties_per_person == 0) return SocialNetwork(Graph(people));
  const GeneratedTies::Context context{&municipality_first, &municipality_of, ties_per_person,
                                       cross_location_share, &random};
  const std::uint64_t ends = 2ull * people * ties_per_person;
  return SocialNetwork(Graph(boost::edges_are_unsorted_multi_pass, GeneratedTies(&context, 0),
                             GeneratedTies(&context, ends), people));
}

SocialNetwork SocialNetwork::from_ties(
    std::uint32_t people, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ties) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> both;
  both.reserve(2 * ties.size());
  for (const auto& [a, b] : ties) {
    both.emplace_back(a, b);
    both.emplace_back(b, a);
  }
  return SocialNetwork(Graph(boost::edges_are_unsorted_multi_pass, both.begin(), both.end(), people));
}

}  // namespace tipsim::model
