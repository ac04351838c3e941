// Attribute text encodings of Shapefile DBFs: the .cpg and code-page byte
// as real files carry them, detection of UTF-8 versus GBK/GB18030 when
// neither says, and decoding to UTF-8. Other formats are UTF-8 already.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/layer.h"

namespace sanxian {

bool isValidUtf8(std::string_view text);

// The text without a UTF-8 sequence cut off at its end: DBF field names are
// limited to 10 bytes, and writers cut UTF-8 names mid-character.
std::string_view withoutCutUtf8Tail(std::string_view text);

// Canonical name for what a user or a .cpg says: "UTF-8", "GB18030" (for
// GBK, GB2312, CP936, 936 …), or the iconv name; nullopt when the value
// names no encoding by itself ("ANSI", "OEM": the Windows code page).
std::optional<std::string> canonicalEncoding(std::string_view name);
// Whether text in this encoding can be decoded here (iconv knows it).
bool isKnownEncoding(std::string_view name);

// Converts raw bytes in `encoding` to UTF-8. Bytes that do not decode are
// replaced (never silently passed through as invalid UTF-8).
std::string toUtf8(std::string_view raw, const std::string& encoding);

// Decides the encoding of a Shapefile's DBF from (in order) the user's
// override, the .cpg beside it, the DBF code-page byte, and a look at the
// raw text itself. `dbfBase` is the path without extension.
EncodingInfo decideDbfEncoding(const std::string& dbfBase, const std::vector<std::string_view>& rawSamples,
                               const std::optional<std::string>& userOverride);

}  // namespace sanxian
