#pragma once
// Bad input: what was wrong, and where. The CLI turns it into exit code 2.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tipsim::io {

class InputError : public std::runtime_error {
 public:
  /// `line` 0 means the whole file (or no file); `key` may be empty.
  InputError(std::string file, std::size_t line, std::string key, std::string problem);

  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& key() const noexcept { return key_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string key_;
  std::string problem_;
};

}  // namespace tipsim::io
