#pragma once
// Storage for per-agent arrays. A large array (millions of people, tens of millions of tie
// ends) is placed on transparent huge pages where the kernel offers them: first touching its
// memory then costs one page fault per 2 MiB instead of one per 4 KiB, which on virtual
// machines is most of the time it takes to build a world. Small arrays use the ordinary heap.

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace tipsim::core {

template <class T>
class HugePageAllocator {
 public:
  using value_type = T;

  /// Arrays from this size up go on huge pages.
  static constexpr std::size_t huge_page = std::size_t{2} << 20;

  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {
  }  // NOLINT: allocators convert implicitly

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_page) return std::allocator<T>().allocate(n);
    const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    void* memory = std::aligned_alloc(huge_page, rounded);
    if (!memory) throw std::bad_alloc();
    ::madvise(memory, rounded, MADV_HUGEPAGE);  // advice only: without huge pages nothing changes
    return static_cast<T*>(memory);
  }

  void deallocate(T* pointer, std::size_t n) noexcept {
    if (n * sizeof(T) < huge_page)
      std::allocator<T>().deallocate(pointer, n);
    else
      std::free(pointer);
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

/// A per-agent array: a std::vector whose large instances live on huge pages.
template <class T>
using AgentArray = std::vector<T, HugePageAllocator<T>>;

}  // namespace tipsim::core
