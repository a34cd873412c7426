#pragma once
// Bad input: what was wrong, and where; every problem a file has, not only the first. The CLI
// turns it into exit code 2.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace tipsim::io {

/// One problem: `line` 0 means the whole file (or no file); `key` may be empty.
struct Problem {
  std::string file;
  std::size_t line = 0;
  std::string key;
  std::string problem;
  /// "file:line: key 'k': problem", as every message of tipsim names a problem.
  std::string text() const;
};

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::size_t line, std::string key, std::string problem);
  /// Several problems (at least one), in the order they were found; what() lists each on a
  /// line of its own.
  explicit InputError(std::vector<Problem> problems);

  /// The first problem's parts.
  const std::string& file() const noexcept { return problems_.front().file; }
  std::size_t line() const noexcept { return problems_.front().line; }
  const std::string& key() const noexcept { return problems_.front().key; }
  const std::string& problem() const noexcept { return problems_.front().problem; }
  const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  std::vector<Problem> problems_;
};

/// Collects the problems of a file so that a reader reports all of them: each piece of work
/// that may throw InputError runs inside attempt(), and finish() throws them together.
class Problems {
 public:
  template <class Work>
  bool attempt(Work&& work) {
    try {
      work();
      return true;
    } catch (const InputError& error) {
      for (const Problem& problem : error.problems()) add(problem);
      return false;
    }
  }
  void add(Problem problem);
  bool empty() const noexcept { return problems_.empty(); }
  /// Throws every problem collected, if there is any.
  void finish() const;

 private:
  std::vector<Problem> problems_;
};

}  // namespace tipsim::io
