#include "core/base/secrets.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sanxian {
namespace {

constexpr const char* kMask = "***";

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool sameLetters(const std::string& text, size_t at, const char* word) {
  for (size_t k = 0; word[k]; ++k)
    if (at + k >= text.size() || std::tolower(static_cast<unsigned char>(text[at + k])) != word[k]) return false;
  return true;
}

bool isKeyCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Where the value of a key=value pair starting at `at` (just past '=' and
// its spaces) ends: a quoted value at its closing quote (\' and \\ escape,
// as libpq reads them), else at the next space.
size_t valueEnd(const std::string& text, size_t at) {
  if (at < text.size() && (text[at] == '\'' || text[at] == '"')) {
    const char quote = text[at];
    for (size_t i = at + 1; i < text.size(); ++i) {
      if (text[i] == '\\') ++i;
      else if (text[i] == quote) return i + 1;
    }
    return text.size();
  }
  size_t i = at;
  while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '&') ++i;
  return i;
}

// The value of the password between [begin, end) as libpq reads it (quotes
// and escapes removed).
std::string unquoted(const std::string& text, size_t begin, size_t end) {
  if (begin < end && (text[begin] == '\'' || text[begin] == '"')) {
    std::string out;
    for (size_t i = begin + 1; i < end; ++i) {
      if (text[i] == '\\' && i + 1 < end) out += text[++i];
      else if (text[i] != text[begin]) out += text[i];
    }
    return out;
  }
  return text.substr(begin, end - begin);
}

// Every stretch of `text` that holds a password, with its value.
struct Secret {
  size_t begin, end;
  std::string value;
};

std::vector<Secret> findSecrets(const std::string& text) {
  std::vector<Secret> out;
  // key=value: "password" as a whole key, spaces allowed around '='.
  for (size_t at = 0; (at = text.find_first_of("pP", at)) != std::string::npos; ++at) {
    if (!sameLetters(text, at, "password") || (at > 0 && isKeyCharacter(text[at - 1]))) continue;
    size_t i = at + 8;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '=') continue;
    ++i;
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t end = valueEnd(text, i);
    if (end > i) out.push_back({i, end, unquoted(text, i, end)});
  }
  // URIs: scheme://user:password@host…
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    for (size_t at = 0; (at = text.find(scheme, at)) != std::string::npos; ++at) {
      const size_t authority = at + std::string(scheme).size();
      size_t stop = authority;
      while (stop < text.size() && !std::isspace(static_cast<unsigned char>(text[stop])) && text[stop] != '?' && text[stop] != '\'' &&
             text[stop] != '"')
        ++stop;
      const size_t atSign = text.rfind('@', stop);
      if (atSign == std::string::npos || atSign < authority) continue;
      const size_t colon = text.find(':', authority);
      if (colon == std::string::npos || colon > atSign) continue;
      out.push_back({colon + 1, atSign, text.substr(colon + 1, atSign - colon - 1)});
    }
  }
  return out;
}

}  // namespace

bool isConnectionString(const std::string& source) {
  return startsWith(source, "PG:") || startsWith(source, "postgresql://") || startsWith(source, "postgres://");
}

std::string withoutPasswords(const std::string& text) {
  std::vector<Secret> secrets = findSecrets(text);
  if (secrets.empty()) return text;
  std::sort(secrets.begin(), secrets.end(), [](const Secret& a, const Secret& b) { return a.begin < b.begin; });
  std::string out;
  size_t copied = 0;
  for (const Secret& s : secrets) {
    if (s.begin < copied) continue;
    out += text.substr(copied, s.begin - copied) + kMask;
    copied = s.end;
  }
  return out + text.substr(copied);
}

std::string withoutPasswordOf(const std::string& text, const std::string& source) {
  std::string out = withoutPasswords(text);
  for (const Secret& s : findSecrets(source)) {
    // Too short to be told from ordinary text ("a" would mask every a).
    if (s.value.size() < 4) continue;
    for (size_t at = 0; (at = out.find(s.value, at)) != std::string::npos;) {
      out.replace(at, s.value.size(), kMask);
      at += 3;
    }
  }
  return out;
}

}  // namespace sanxian
