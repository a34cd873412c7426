#include "tipsim/io/run_part.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "tipsim/io/files.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

constexpr char magic[8] = {'T', 'I', 'P', 'S', 'P', 'R', 'T', '1'};

class Out {
 public:
  explicit Out(OutputFile& file) : file_(file) {}
  template <class T>
  void value(const T& value) {
    file_.write(&value, sizeof value);
  }
  void text(const std::string& value) {
    this->value<std::uint64_t>(value.size());
    file_.write(value.data(), value.size());
  }
  void doubles(const std::vector<double>& values) {
    this->value<std::uint64_t>(values.size());
    file_.write(values.data(), values.size() * sizeof(double));
  }

 private:
  OutputFile& file_;
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
    if (size == 0) return;  // an empty vector's data() may be null, which memcpy must not get
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
  OutputFile file(path);
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
  file.commit();
}

bool looks_complete(const fs::path& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return false;
  const std::streamoff size = file.tellg();
  if (size < static_cast<std::streamoff>(2 * sizeof magic)) return false;
  char head[sizeof magic], tail[sizeof magic];
  file.seekg(0);
  file.read(head, sizeof head);
  file.seekg(size - static_cast<std::streamoff>(sizeof magic));
  file.read(tail, sizeof tail);
  return file && std::memcmp(head, magic, sizeof magic) == 0 &&
         std::memcmp(tail, magic, sizeof magic) == 0;
}

std::pair<RunRow, model::RunData> read_run_part(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path.string());
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return parse_run_part(bytes, path.string());
}

std::pair<RunRow, model::RunData> parse_run_part(std::string_view bytes,
                                                 const std::string& source_name) {
  const fs::path path = source_name;
  if (bytes.size() < 2 * sizeof magic || std::memcmp(bytes.data(), magic, sizeof magic) != 0 ||
      std::memcmp(bytes.data() + bytes.size() - sizeof magic, magic, sizeof magic) != 0)
    throw std::runtime_error(path.string() + ": not a complete tipsim run part");
  const std::string body(bytes.substr(sizeof magic, bytes.size() - 2 * sizeof magic));
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
  if (in.value<std::uint64_t>() != model::metric_count)
    throw std::runtime_error(path.string() + ": metrics do not match");
  data.series.resize(model::metric_count);
  for (auto& series : data.series) series = in.doubles();
  if (in.value<std::uint64_t>() != model::location_metric_count)
    throw std::runtime_error(path.string() + ": location metrics do not match");
  data.locations.resize(model::location_metric_count);
  for (auto& locations : data.locations) locations = in.doubles();
  if (!in.at_end()) throw std::runtime_error(path.string() + ": trailing bytes in a run part");
  // every metric has a value per step, every location metric one per step and place
  for (const auto& series : data.series)
    if (series.size() != data.series.front().size())
      throw std::runtime_error(path.string() + ": metrics of different lengths");
  for (const auto& locations : data.locations)
    if (locations.size() != data.locations.front().size() ||
        (!data.series.front().empty() && locations.size() % data.series.front().size() != 0))
      throw std::runtime_error(path.string() + ": location metrics of different lengths");
  return {std::move(row), std::move(data)};
}

}  // namespace tipsim::io
