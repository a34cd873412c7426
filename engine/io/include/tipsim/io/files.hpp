#pragma once
// The files tipsim reads and writes, made safe in one place.
//
// Inputs (scenarios, batch files, targets files, node and edge tables) are regular files of a
// bounded size: a directory, a FIFO or a device (`extends = "/dev/zero"`) is an input error,
// never an empty scenario, a hang or a read without end.
//
// Outputs are written under a temporary name, "<name>.tmp-<pid>", and renamed into place only
// once complete, so a final name holds a whole file or nothing. A process killed while writing
// leaves its temporary behind: the next writer of the same name removes the temporaries whose
// process no longer runs on this machine (a pid that runs again is taken for alive: such a
// leftover stays until a later writer finds its pid free).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace tipsim::io {

/// Largest TOML input (scenario, batch or targets file) read: real ones are a few kilobytes.
inline constexpr std::uintmax_t most_toml_bytes = std::uintmax_t{16} << 20;
/// Largest CSV table read: a social-tie table of about 70 million ties.
inline constexpr std::uintmax_t most_table_bytes = std::uintmax_t{1} << 30;

/// The whole content of an input file. Throws InputError naming the file when it does not
/// exist, cannot be read, is not a regular file or holds more than `most_bytes`; `what` names
/// the kind of file in the message ("the scenario file").
std::string read_input_file(const std::filesystem::path& path, std::uintmax_t most_bytes,
                            const std::string& what);

/// What keeps `path` from being read as an input file named by another file, for a message at
/// the naming line ("no such file: a.csv", "expected a file, got a folder: tables/"), or
/// nothing when it is a regular file.
std::string input_file_problem(const std::filesystem::path& path);

/// Checks, before any work is done, that `path` can become an output file: throws InputError
/// when it is a directory or another kind of file that is not a regular file, or when its
/// folder cannot be created or written to. Creates the folder.
void check_output_path(const std::filesystem::path& path);

/// Where this process writes `path` before renaming it into place: "<path>.tmp-<pid>".
std::filesystem::path temporary_path(const std::filesystem::path& path);

/// Removes the temporaries "<name>.tmp-<pid>" in `folder` whose process no longer runs on this
/// machine: of `name` only, or of every name when `name` is empty. Returns how many it removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& folder,
                                     const std::string& name = {});

/// A file written under its temporary name and renamed into place by commit(). Destroyed
/// without commit (an exception, a full disk), it removes its temporary. Every failure throws
/// std::runtime_error naming the file and the system's reason ("No space left on device").
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(const std::string& text) { write(text.data(), text.size()); }
  /// Writes what is buffered, closes the file and renames it to its final name.
  void commit();

 private:
  void flush();
  [[noreturn]] void fail(const std::string& doing) const;

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  int descriptor_ = -1;
  std::string buffer_;
  bool committed_ = false;
};

}  // namespace tipsim::io
