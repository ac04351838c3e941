#include "core/io/encoding.h"

#include <iconv.h>

#include <cpl_string.h>

#include <algorithm>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian {
namespace {

std::string upper(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> readFirstLine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  return line;
}

// The language-driver id at byte 29 of a DBF header (0 when none).
int dbfCodePageByte(const std::string& dbfPath) {
  std::ifstream in(dbfPath, std::ios::binary);
  if (!in) return 0;
  char header[32] = {};
  if (!in.read(header, sizeof header)) return 0;
  return static_cast<unsigned char>(header[29]);
}

std::string findDbf(const std::string& base) {
  for (const char* ext : {".dbf", ".DBF", ".Dbf"}) {
    if (std::ifstream(base + ext)) return base + ext;
  }
  return base + ".dbf";
}

std::optional<std::string> findCpg(const std::string& base) {
  for (const char* ext : {".cpg", ".CPG", ".Cpg"}) {
    if (auto line = readFirstLine(base + ext)) return line;
  }
  return std::nullopt;
}

}  // namespace

bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const unsigned char c = s[i];
    int extra;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
    else return false;
    if (i + extra >= n) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      const unsigned char d = s[i + k];
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms and surrogates are not UTF-8 either.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += extra + 1;
  }
  return true;
}

std::string_view withoutCutUtf8Tail(std::string_view s) {
  // Walk back over continuation bytes to the last lead byte and drop the
  // sequence if it is shorter than its lead byte says.
  size_t i = s.size();
  size_t continuation = 0;
  while (i > 0 && continuation < 3 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) {
    --i;
    ++continuation;
  }
  if (i == 0) return s;
  const unsigned char lead = s[i - 1];
  const size_t expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (lead >= 0xC0 && continuation < expected) return s.substr(0, i - 1);
  return s;
}

std::optional<std::string> canonicalEncoding(std::string_view name) {
  const std::string u = upper(name);
  if (u.empty() || u == "ANSI" || u == "OEM" || u == "SYSTEM") return std::nullopt;
  if (u == "UTF-8" || u == "UTF8" || u == "65001" || u == "CP65001") return std::string("UTF-8");
  if (u == "GBK" || u == "GB2312" || u == "GB18030" || u == "936" || u == "CP936" || u == "54936" || u == "ANSI936" ||
      u == "CP54936" || u == "EUC-CN" || u == "WINDOWS-936" || u == "MS936")
    return std::string("GB18030");
  if (std::all_of(u.begin(), u.end(), ::isdigit)) return "CP" + u;  // Windows code page numbers
  return u;
}

bool isKnownEncoding(std::string_view name) {
  const auto canonical = canonicalEncoding(name);
  if (!canonical) return false;
  const iconv_t cd = iconv_open("UTF-8", canonical->c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

std::string toUtf8(std::string_view raw, const std::string& encoding) {
  if (raw.empty()) return {};
  if (encoding == "UTF-8") {
    if (isValidUtf8(raw)) return std::string(raw);
    // Invalid bytes in a UTF-8 file: CPLRecode from Latin-1 would garble,
    // so replace each bad byte with U+FFFD and keep the rest.
    std::string out;
    for (size_t i = 0; i < raw.size();) {
      size_t len = 1;
      const unsigned char c = raw[i];
      if (c >= 0xC0) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (c >= 0x80 && (i + len > raw.size() || !isValidUtf8(raw.substr(i, len)))) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(raw.substr(i, len));
        i += len;
      }
    }
    return out;
  }
  const std::string input(raw);
  char* converted = CPLRecode(input.c_str(), encoding.c_str(), CPL_ENC_UTF8);
  std::string out = converted ? converted : "";
  CPLFree(converted);
  return out;
}

EncodingInfo decideDbfEncoding(const std::string& dbfBase, const std::vector<std::string_view>& rawSamples,
                               const std::optional<std::string>& userOverride) {
  EncodingInfo info;
  if (userOverride) {
    const auto name = canonicalEncoding(*userOverride);
    if (!name || !isKnownEncoding(*userOverride)) throwUsage(format(tr("无法识别的编码 '%s'（可用 UTF-8、GBK）", "unrecognized encoding '%s' (use UTF-8 or GBK)"), userOverride->c_str()));
    info.name = *name;
    info.source = EncodingInfo::Source::UserOverride;
    info.note = format(tr("按用户指定的编码 %s 读取", "read as %s, as the user asked"), userOverride->c_str());
    return info;
  }

  std::string cpgNote;
  if (const auto cpg = findCpg(dbfBase)) {
    if (const auto name = canonicalEncoding(*cpg)) {
      info.name = *name;
      info.source = EncodingInfo::Source::Cpg;
      info.note = format(tr(".cpg 声明编码 %s", ".cpg declares %s"), cpg->c_str());
      // A wrong .cpg garbles text silently: say so when the bytes disagree.
      if (info.name == "UTF-8" && !std::all_of(rawSamples.begin(), rawSamples.end(), isValidUtf8))
        info.note += tr("；警告：部分文本不是有效的 UTF-8，.cpg 可能有误，可用 --encoding GBK 覆盖",
                        "; warning: some text is not valid UTF-8, the .cpg may be wrong; override with --encoding GBK");
      return info;
    }
    cpgNote = format(tr(".cpg 为 '%s'（系统代码页），", ".cpg says '%s' (the system code page), "), cpg->c_str());
  }

  const int ldid = dbfCodePageByte(findDbf(dbfBase));
  const bool allUtf8 = std::all_of(rawSamples.begin(), rawSamples.end(), isValidUtf8);
  const bool anyNonAscii = std::any_of(rawSamples.begin(), rawSamples.end(), [](std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  });
  if (ldid == 0x4D && !(anyNonAscii && allUtf8)) {  // 77: code page 936
    info.name = "GB18030";
    info.source = EncodingInfo::Source::CodePageByte;
    info.note = cpgNote + tr("DBF 代码页字节为 936 (GBK)", "DBF code-page byte says 936 (GBK)");
    return info;
  }
  info.source = EncodingInfo::Source::Detected;
  if (!anyNonAscii) {
    info.name = "UTF-8";
    info.note = cpgNote + tr("无 .cpg；文本全为 ASCII，按 UTF-8 读取", "no .cpg; all text is ASCII, read as UTF-8");
  } else if (allUtf8) {
    info.name = "UTF-8";
    info.note = cpgNote + tr("无 .cpg；文本是有效的 UTF-8，按 UTF-8 读取（可用 --encoding 覆盖）",
                             "no .cpg; the text is valid UTF-8, read as UTF-8 (override with --encoding)");
  } else {
    info.name = "GB18030";
    info.note = cpgNote + tr("无 .cpg；文本不是 UTF-8，按 GBK/GB18030 读取（可用 --encoding 覆盖）",
                             "no .cpg; the text is not UTF-8, read as GBK/GB18030 (override with --encoding)");
  }
  return info;
}

}  // namespace sanxian
