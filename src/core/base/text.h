// User-facing language: Chinese by default, English when the locale says
// English. Core messages pick their text here so the CLI, the viewer and
// the reports speak the same language.
#pragma once

#include <string>

namespace sanxian {

enum class Language { Chinese, English };

// Decided once from LC_ALL / LC_MESSAGES / LANG (English when one of them
// starts with "en"), unless setLanguage was called.
Language language();
void setLanguage(Language language);

// The text in the current language.
inline const char* tr(const char* zh, const char* en) {
  return language() == Language::English ? en : zh;
}

// printf-style formatting into a std::string.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace sanxian
