#include "tipsim/io/input_error.hpp"

#include <algorithm>

namespace tipsim::io {
namespace {

std::string join(const std::vector<Problem>& problems) {
  std::string text;
  for (const Problem& problem : problems) text += (text.empty() ? "" : "\n") + problem.text();
  return text;
}

}  // namespace

std::string Problem::text() const {
  return (file.empty() ? std::string("input") : file) +
         (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
         (key.empty() ? std::string() : "key '" + key + "': ") + problem;
}

InputError::InputError(std::string file, std::size_t line, std::string key, std::string problem)
    : InputError(
          std::vector<Problem>{{std::move(file), line, std::move(key), std::move(problem)}}) {}

InputError::InputError(std::vector<Problem> problems)
    : std::runtime_error(join(problems)), problems_(std::move(problems)) {
  if (problems_.empty()) problems_.push_back({"", 0, "", "bad input"});
}

void Problems::add(Problem problem) {
  // one mistake met twice (a key checked in two places) is reported once
  const bool seen = std::any_of(problems_.begin(), problems_.end(), [&](const Problem& known) {
    return known.file == problem.file && known.line == problem.line && known.key == problem.key &&
           known.problem == problem.problem;
  });
  if (!seen) problems_.push_back(std::move(problem));
}

void Problems::finish() const {
  if (problems_.empty()) return;
  // file by file in the order they came up, each from its first line to its last
  std::vector<std::string> files;
  for (const Problem& problem : problems_)
    if (std::find(files.begin(), files.end(), problem.file) == files.end())
      files.push_back(problem.file);
  std::vector<Problem> ordered = problems_;
  std::stable_sort(ordered.begin(), ordered.end(), [&](const Problem& a, const Problem& b) {
    const auto file_a = std::find(files.begin(), files.end(), a.file);
    const auto file_b = std::find(files.begin(), files.end(), b.file);
    return file_a != file_b ? file_a < file_b : a.line < b.line;
  });
  throw InputError(ordered);
}

}  // namespace tipsim::io
