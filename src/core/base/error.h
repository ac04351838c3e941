// The one exception type Sanxian throws, carrying the file, layer and
// feature a message is about, so every catch site can show the context.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace sanxian {

// Why an input could not be used, or a check could not run. The CLI maps
// kind to its exit code (Input → 3, Usage → 2).
class Error : public std::runtime_error {
public:
  enum class Kind { Input, Usage, Internal };

  struct Where {
    std::string file;
    std::string layer;
    std::optional<int64_t> fid;
  };

  Error(Kind kind, std::string message, Where where = {});

  Kind kind() const { return kind_; }
  const Where& where() const { return where_; }
  // The bare message, without the "file / layer / FID" prefix of what().
  const std::string& message() const { return message_; }

private:
  Kind kind_;
  std::string message_;
  Where where_;
};

// Shorthands for the common cases.
[[noreturn]] void throwInput(std::string message, Error::Where where = {});
[[noreturn]] void throwUsage(std::string message);

}  // namespace sanxian
