#include "core/io/shapefile_check.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/encoding.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

// The part with this extension ("shp") as real deliveries spell it, or "".
std::string findPart(const std::string& base, const std::string& extension) {
  std::string upper = extension, capital = extension;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  capital[0] = upper[0];
  std::error_code ec;
  for (const std::string& e : {extension, upper, capital})
    if (fs::exists(base + "." + e, ec)) return base + "." + e;
  return {};
}

uint32_t bigEndian32(const unsigned char* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
uint32_t littleEndian32(const unsigned char* p) { return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }
uint32_t littleEndian16(const unsigned char* p) { return uint32_t(p[1]) << 8 | p[0]; }

// The first `count` bytes of a file (fewer when it is shorter).
std::vector<unsigned char> readHead(const std::string& path, size_t count) {
  std::vector<unsigned char> bytes(count);
  std::ifstream in(path, std::ios::binary);
  if (!in) throwInput(tr("无法读取文件（权限不足或文件已被移走）", "the file cannot be read (no permission, or it was moved)"), {path});
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(count));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

uint64_t sizeOf(const std::string& path) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) throwInput(format(tr("无法读取文件大小：%s", "the file's size cannot be read: %s"), ec.message().c_str()), {path});
  return size;
}

// What a user can do about a damaged delivery.
std::string exportAgain() {
  return tr("请从原始数据重新导出该图层（如在 QGIS 或 ArcGIS 中另存为 Shapefile），或向数据提供方索取完整的文件",
            "Export the layer again from the original data (e.g. Save As / Export in QGIS or ArcGIS), or ask the supplier for complete files");
}

[[noreturn]] void damaged(const std::string& path, const std::string& what, std::optional<int64_t> fid = std::nullopt) {
  throwInput(what + tr("。", ". ") + exportAgain(), {path, {}, fid});
}

// The 100-byte header a .shp and its .shx share: the Shapefile mark, the
// version and the file's length in 16-bit words.
void checkMainHeader(const std::string& path, uint64_t size) {
  if (size < 100)
    damaged(path, format(tr("文件只有 %llu 字节，短于 Shapefile 的 100 字节文件头：文件不完整或不是 Shapefile",
                            "the file has %llu bytes, less than a Shapefile's 100-byte header: it is truncated or not a Shapefile"),
                         static_cast<unsigned long long>(size)));
  const std::vector<unsigned char> header = readHead(path, 100);
  if (header.size() < 100) damaged(path, tr("文件头无法读全", "the header cannot be read in full"));
  if (bigEndian32(header.data()) != 9994 || littleEndian32(header.data() + 28) != 1000)
    damaged(path, tr("文件头没有 Shapefile 的标志（文件代码 9994、版本 1000）：文件已损坏或不是 Shapefile",
                     "the header does not carry the Shapefile mark (file code 9994, version 1000): the file is damaged or not a Shapefile"));
  const int32_t type = static_cast<int32_t>(littleEndian32(header.data() + 32));
  switch (type) {
    case 0: case 1: case 3: case 5: case 8: case 11: case 13: case 15: case 18: case 21: case 23: case 25: case 28: case 31: break;
    default: damaged(path, format(tr("文件头中的几何类型 %d 不是 Shapefile 的类型：文件已损坏", "the header's shape type %d is none of the Shapefile's: the file is damaged"), type));
  }
}

// The length the header gives, against the file's real size.
void checkDeclaredLength(const std::string& path, uint64_t size) {
  const std::vector<unsigned char> header = readHead(path, 100);
  const uint64_t declared = uint64_t(bigEndian32(header.data() + 24)) * 2;
  if (declared != size)
    damaged(path, format(tr("文件头记载的文件长度为 %llu 字节，实际为 %llu 字节：文件不完整或已损坏",
                            "the header gives the file's length as %llu bytes, the file has %llu: it is truncated or damaged"),
                         static_cast<unsigned long long>(declared), static_cast<unsigned long long>(size)));
}

// Every entry of the .shx index (offset and length of each .shp record, in
// 16-bit words) must point at a record inside the .shp: GDAL allocates what
// an entry says before it reads. Returns the number of records.
uint64_t checkIndex(const std::string& shx, uint64_t shxSize, const std::string& shp, uint64_t shpSize) {
  checkMainHeader(shx, shxSize);
  if ((shxSize - 100) % 8)
    damaged(shx, format(tr(".shx 索引长 %llu 字节，不是 100 字节文件头加 8 字节的整数倍条目：文件不完整",
                           "the .shx index has %llu bytes, not a 100-byte header and whole 8-byte entries: it is truncated"),
                        static_cast<unsigned long long>(shxSize)));
  checkDeclaredLength(shx, shxSize);
  const uint64_t records = (shxSize - 100) / 8;
  std::ifstream in(shx, std::ios::binary);
  in.seekg(100);
  std::vector<unsigned char> chunk(8 * 8192);
  for (uint64_t first = 0; first < records;) {
    const uint64_t count = std::min<uint64_t>(records - first, 8192);
    in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(count * 8));
    if (uint64_t(in.gcount()) != count * 8) damaged(shx, tr(".shx 索引无法读全", "the .shx index cannot be read in full"));
    for (uint64_t k = 0; k < count; ++k) {
      const uint64_t offset = uint64_t(bigEndian32(chunk.data() + 8 * k)) * 2;
      const uint64_t length = uint64_t(bigEndian32(chunk.data() + 8 * k + 4)) * 2;
      if (offset < 100 || length < 4 || offset + 8 + length > shpSize)
        damaged(shp, format(tr("按 .shx 索引，该记录位于 %llu–%llu 字节，超出 .shp 的 %llu 字节：.shp 不完整，或 .shx 已损坏",
                               "by the .shx index this record lies at bytes %llu to %llu, beyond the %llu bytes of the .shp: the .shp is "
                               "truncated or the .shx is damaged"),
                            static_cast<unsigned long long>(offset), static_cast<unsigned long long>(offset + 8 + length),
                            static_cast<unsigned long long>(shpSize)),
                first + k);
    }
    first += count;
  }
  return records;
}

// A field name as stored (up to 11 bytes), readable whatever its encoding.
std::string fieldName(const unsigned char* descriptor) {
  std::string raw(reinterpret_cast<const char*>(descriptor), 11);
  raw = raw.substr(0, raw.find('\0'));
  return toUtf8(raw, isValidUtf8(raw) ? "UTF-8" : "GB18030");
}

// The .dbf header: the record count, header and record lengths against
// the field descriptors and the file's size. Returns the record count.
uint64_t checkDbf(const std::string& dbf, uint64_t size) {
  if (size < 33)
    damaged(dbf, format(tr(".dbf 只有 %llu 字节，短于文件头：文件不完整", "the .dbf has %llu bytes, less than its header: it is truncated"),
                        static_cast<unsigned long long>(size)));
  const std::vector<unsigned char> head = readHead(dbf, 32);
  const uint64_t records = littleEndian32(head.data() + 4);
  const uint64_t headerLength = littleEndian16(head.data() + 8), recordLength = littleEndian16(head.data() + 10);
  if (headerLength < 33 || headerLength > size)
    damaged(dbf, format(tr(".dbf 文件头记载的头长度 %llu 字节与文件（%llu 字节）不符：文件已损坏",
                           "the .dbf header gives its own length as %llu bytes, which the file (%llu bytes) cannot hold: it is damaged"),
                        static_cast<unsigned long long>(headerLength), static_cast<unsigned long long>(size)));
  const std::vector<unsigned char> header = readHead(dbf, headerLength);
  uint64_t fieldsLength = 0;
  for (size_t at = 32; at + 32 <= header.size() && header[at] != 0x0D; at += 32) {
    const unsigned char* d = header.data() + at;
    // Numbers keep their width in one byte; text may use the next as its high byte (as GDAL reads it).
    const uint64_t width = d[11] == 'N' || d[11] == 'F' ? d[16] : d[16] + 256u * d[17];
    if (width == 0)
      damaged(dbf, format(tr("字段 %s 的长度为 0：其后每个字段都会从错误的位置读出", "the field %s has length 0: every field after it would be read from the wrong place"),
                          fieldName(d).c_str()));
    fieldsLength += width;
  }
  if (recordLength != fieldsLength + 1)
    damaged(dbf, format(tr(".dbf 文件头记载的记录长度为 %llu 字节，而各字段长度之和加删除标记为 %llu 字节：属性会错位",
                           "the .dbf header gives a record length of %llu bytes, but its fields and the deletion mark take %llu: attributes "
                           "would be read shifted"),
                        static_cast<unsigned long long>(recordLength), static_cast<unsigned long long>(fieldsLength + 1)));
  const uint64_t expected = headerLength + records * recordLength;
  if (expected > size)
    damaged(dbf, format(tr(".dbf 文件头记载 %llu 条记录（应有 %llu 字节），文件只有 %llu 字节：文件不完整",
                           "the .dbf header counts %llu records (%llu bytes), the file has only %llu bytes: it is truncated"),
                        static_cast<unsigned long long>(records), static_cast<unsigned long long>(expected), static_cast<unsigned long long>(size)));
  // One end-of-file byte (0x1A) may follow the records; a whole record more is one the header does not count.
  if (size - expected > recordLength)
    damaged(dbf, format(tr(".dbf 文件头记载 %llu 条记录，文件中却还有约 %llu 条：记录数已损坏",
                           "the .dbf header counts %llu records, but the file holds about %llu more: the record count is damaged"),
                        static_cast<unsigned long long>(records), static_cast<unsigned long long>((size - expected) / recordLength)));
  return records;
}

}  // namespace

void refuseSpecialFile(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || status.type() == fs::file_type::not_found || status.type() == fs::file_type::regular ||
      status.type() == fs::file_type::directory)
    return;
  throwInput(tr("不是普通文件（命名管道、设备或套接字）：读取它可能永远等待。请给出数据文件本身",
                "not a regular file (a named pipe, a device or a socket): reading it may never end. Give the data file itself"),
             {path});
}

void checkShapefileParts(const std::string& base, const std::string& shown) {
  const std::string shp = findPart(base, "shp"), shx = findPart(base, "shx"), dbf = findPart(base, "dbf");
  for (const char* extension : {"shp", "shx", "dbf", "prj", "cpg"})
    if (const std::string part = findPart(base, extension); !part.empty()) refuseSpecialFile(part);
  if (shp.empty()) return;  // a .dbf alone: a table, read as such
  if (dbf.empty())
    throwInput(tr("缺少属性表文件 .dbf（Shapefile 不完整）：请把 .shp、.shx、.dbf（及 .prj、.cpg）一起复制",
                  "the .dbf attribute file is missing (incomplete Shapefile): copy the .shp, .shx and .dbf (and .prj, .cpg) together"),
               {shown});
  if (shx.empty())
    throwInput(tr("缺少索引文件 .shx（Shapefile 不完整）：请把 .shp、.shx、.dbf（及 .prj、.cpg）一起复制",
                  "the .shx index file is missing (incomplete Shapefile): copy the .shp, .shx and .dbf (and .prj, .cpg) together"),
               {shown});
  const uint64_t shpSize = sizeOf(shp), shxSize = sizeOf(shx), dbfSize = sizeOf(dbf);
  checkMainHeader(shp, shpSize);
  const uint64_t shapes = checkIndex(shx, shxSize, shp, shpSize);
  checkDeclaredLength(shp, shpSize);
  const uint64_t rows = checkDbf(dbf, dbfSize);
  if (rows != shapes)
    damaged(dbf, format(tr(".dbf 记载 %llu 条属性记录，.shp（及其 .shx 索引）有 %llu 个几何：属性与几何对不上",
                           "the .dbf counts %llu attribute records, the .shp (and its .shx index) %llu shapes: attributes and shapes would not match"),
                        static_cast<unsigned long long>(rows), static_cast<unsigned long long>(shapes)));
}

}  // namespace sanxian
