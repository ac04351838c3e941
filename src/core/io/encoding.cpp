#include "core/io/encoding.h"

#include <errno.h>
#include <iconv.h>

#include <cpl_string.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <utility>

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

// Whether every sample converts from `encoding` without an invalid byte (a
// character cut off at the end, as a full DBF field cuts it, is no fault).
bool decodesCleanly(const std::vector<std::string_view>& samples, const std::string& encoding) {
  const iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  bool clean = true;
  std::vector<char> out;
  for (std::string_view sample : samples) {
    if (!clean) break;
    std::string in(sample);
    out.resize(in.size() * 4 + 4);
    char* inPtr = in.data();
    char* outPtr = out.data();
    size_t inLeft = in.size(), outLeft = out.size();
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == static_cast<size_t>(-1) && errno != EINVAL) clean = false;
  }
  iconv_close(cd);
  return clean;
}

// How many characters beyond ASCII the samples hold, up to `enough`.
size_t nonAsciiCharacters(const std::vector<std::string_view>& samples, size_t enough) {
  size_t n = 0;
  for (std::string_view sample : samples)
    for (char c : sample)
      if (static_cast<unsigned char>(c) >= 0xC0 && ++n >= enough) return n;
  return n;
}

// Text that is valid UTF-8 with this many characters beyond ASCII is UTF-8:
// GBK text passes as UTF-8 by chance for a character or two at most.
constexpr size_t kConvincingUtf8Characters = 3;

// UTF-8 but for a character cut off at the end (DBF fields are cut by bytes).
bool isUtf8Cut(std::string_view s) { return isValidUtf8(withoutCutUtf8Tail(s)); }

// When the declared encoding cannot be the text's: the encoding the text
// is in and a sentence saying why, else nothing. Costs a pass over the
// text only when it is UTF-8 or the .cpg is neither UTF-8 nor GBK (GBK
// text fails the UTF-8 test at its first Chinese character).
std::optional<std::pair<std::string, std::string>> contradictedBy(const std::string& declared, const std::vector<std::string_view>& samples) {
  const bool utf8 = std::all_of(samples.begin(), samples.end(), isUtf8Cut);
  if (declared == "UTF-8") {
    if (utf8) return std::nullopt;
    if (decodesCleanly(samples, "GB18030"))
      return std::make_pair(std::string("GB18030"),
                            std::string(tr("部分文本不是有效的 UTF-8，而是有效的 GBK/GB18030，已按 GBK/GB18030 读取（如有误可用 --encoding 指定）",
                                           "some text is not valid UTF-8 but is valid GBK/GB18030, and was read as GBK/GB18030 (give --encoding if that is wrong)")));
    return std::make_pair(std::string("UTF-8"),
                          std::string(tr("部分文本不是有效的 UTF-8，无法解码的字节以 � 代替；请核对数据或用 --encoding 指定",
                                         "some text is not valid UTF-8; bytes that do not decode are shown as �. Check the data or give --encoding")));
  }
  // Any other encoding: text that is convincingly UTF-8 is UTF-8 (GBK
  // decodes UTF-8 bytes into other characters without an error).
  if (utf8 && nonAsciiCharacters(samples, kConvincingUtf8Characters) >= kConvincingUtf8Characters)
    return std::make_pair(std::string("UTF-8"), std::string(tr("文本是有效的 UTF-8，已按 UTF-8 读取（如确为 .cpg 所说的编码，可用 --encoding 指定）",
                                                                 "the text is valid UTF-8 and was read as UTF-8 (give --encoding if it really is what the .cpg says)")));
  // GB18030 decodes every byte sequence GBK writers produce; other code pages may not.
  if (declared != "GB18030" && !decodesCleanly(samples, declared))
    return std::make_pair(declared, std::string(tr("部分字节不能按该编码解码；请核对数据或用 --encoding 指定",
                                                   "some bytes do not decode in it; check the data or give --encoding")));
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
    const auto name = canonicalEncoding(*cpg);
    if (name && isKnownEncoding(*cpg)) {
      info.name = *name;
      info.source = EncodingInfo::Source::Cpg;
      info.note = format(tr(".cpg 声明编码 %s", ".cpg declares %s"), cpg->c_str());
      // A wrong .cpg garbles every text silently: the bytes have the last word.
      if (const auto other = contradictedBy(*name, rawSamples)) {
        info.contradiction = format(tr(".cpg 声明编码为 %s，但文本不是该编码：%s", "the .cpg declares %s, but the text is not in it: %s"),
                                    cpg->c_str(), other->second.c_str());
        info.name = other->first;
        info.note += tr("；", "; ") + other->second;
      }
      return info;
    }
    if (name) {
      // A name no converter knows ("GBK2312", "UTF_8"): the text decides, and the user is told.
      cpgNote = format(tr(".cpg 为 '%s'，不是可识别的编码名，按文本判断；", ".cpg says '%s', which names no known encoding: judged from the text; "),
                       cpg->c_str());
      info.contradiction = format(tr(".cpg 声明的编码 '%s' 无法识别，已按文本判断（可用 --encoding 指定）",
                                     "the .cpg declares '%s', an encoding not known here; judged from the text (give --encoding to decide)"),
                                  cpg->c_str());
    } else {
      cpgNote = format(tr(".cpg 为 '%s'（系统代码页），", ".cpg says '%s' (the system code page), "), cpg->c_str());
    }
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
