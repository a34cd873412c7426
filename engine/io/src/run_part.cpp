#include "tipsim/io/run_part.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

constexpr char magic[8] = {'T', 'I', 'P', 'S', 'P', 'R', 'T', '1'};

class Out {
 public:
  explicit Out(std::ofstream& file) : file_(file) {}
  template <class T>
  void value(const T& value) {
    file_.write(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void text(const std::string& value) {
    this->value<std::uint64_t>(value.size());
    file_.write(value.data(), static_cast<std::streamsize>(value.size()));
  }
  void doubles(const std::vector<double>& values) {
    this->value<std::uint64_t>(values.size());
    file_.write(reinterpret_cast<const char*>(values.data()),
                static_cast<std::streamsize>(values.size() * sizeof(double)));
  }

 private:
  std::ofstream& file_;
};

class In {
 public:
  In(const std::string& bytes, const fs::path& path) : bytes_(bytes), path_(path) {}
  template <class T>
  T value() {
    T out;
    take(&out, sizeof out);
    return out;
  }
  std::string text() {
    std::string out(checked_count(1), '\0');
    take(out.data(), out.size());
    return out;
  }
  std::vector<double> doubles() {
    std::vector<double> out(checked_count(sizeof(double)));
    take(out.data(), out.size() * sizeof(double));
    return out;
  }
  bool at_end() const { return position_ == bytes_.size(); }

 private:
  std::size_t checked_count(std::size_t item) {
    const auto count = value<std::uint64_t>();
    if (count > (bytes_.size() - position_) / item)
      throw std::runtime_error(path_.string() + ": truncated run part");
    return static_cast<std::size_t>(count);
  }
  void take(void* out, std::size_t size) {
    if (size > bytes_.size() - position_)
      throw std::runtime_error(path_.string() + ": truncated run part");
    std::memcpy(out, bytes_.data() + position_, size);
    position_ += size;
  }
  const std::string& bytes_;
  const fs::path& path_;
  std::size_t position_ = 0;
};

}  // namespace

void write_run_part(const fs::path& path, const RunRow& row, const model::RunData& data) {
  fs::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("cannot create " + temporary.string());
    Out out(file);
    file.write(magic, sizeof magic);
    out.value(row.id);
    out.text(row.scenario);
    out.text(row.variant);
    out.value(row.point);
    out.value(row.replicate);
    out.value(row.seed);
    out.text(row.overrides);
    out.doubles(row.parameters);
    out.value<std::uint64_t>(data.series.size());
    for (const auto& series : data.series) out.doubles(series);
    out.value<std::uint64_t>(data.locations.size());
    for (const auto& locations : data.locations) out.doubles(locations);
    file.write(magic, sizeof magic);
    if (!file.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, path);
}

std::pair<RunRow, model::RunData> read_run_part(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path.string());
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.size() < 2 * sizeof magic || std::memcmp(bytes.data(), magic, sizeof magic) != 0 ||
      std::memcmp(bytes.data() + bytes.size() - sizeof magic, magic, sizeof magic) != 0)
    throw std::runtime_error(path.string() + ": not a complete tipsim run part");
  const std::string body = bytes.substr(sizeof magic, bytes.size() - 2 * sizeof magic);
  In in(body, path);
  RunRow row;
  row.id = in.value<std::int64_t>();
  row.scenario = in.text();
  row.variant = in.text();
  row.point = in.value<std::int64_t>();
  row.replicate = in.value<std::uint32_t>();
  row.seed = in.value<std::uint64_t>();
  row.overrides = in.text();
  row.parameters = in.doubles();
  model::RunData data;
  data.series.resize(in.value<std::uint64_t>());
  if (data.series.size() != model::metric_count)
    throw std::runtime_error(path.string() + ": metrics do not match");
  for (auto& series : data.series) series = in.doubles();
  data.locations.resize(in.value<std::uint64_t>());
  if (data.locations.size() != model::location_metric_count)
    throw std::runtime_error(path.string() + ": location metrics do not match");
  for (auto& locations : data.locations) locations = in.doubles();
  if (!in.at_end()) throw std::runtime_error(path.string() + ": trailing bytes in a run part");
  return {std::move(row), std::move(data)};
}

}  // namespace tipsim::io
