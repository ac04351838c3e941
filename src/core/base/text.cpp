#include "core/base/text.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sanxian {
namespace {

Language fromEnvironment() {
  // POSIX precedence: LC_ALL overrides LC_MESSAGES overrides LANG.
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value && *value) return std::strncmp(value, "en", 2) == 0 ? Language::English : Language::Chinese;
  }
  return Language::Chinese;
}

std::atomic<int> chosen{-1};

}  // namespace

Language language() {
  int value = chosen.load(std::memory_order_relaxed);
  if (value < 0) {
    value = static_cast<int>(fromEnvironment());
    chosen.store(value, std::memory_order_relaxed);
  }
  return static_cast<Language>(value);
}

void setLanguage(Language language) { chosen.store(static_cast<int>(language)); }

std::string format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  const int size = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out(size > 0 ? size : 0, '\0');
  if (size > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  va_end(args);
  return out;
}

}  // namespace sanxian
