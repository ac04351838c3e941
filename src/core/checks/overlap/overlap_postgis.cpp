#include "core/checks/overlap/overlap_postgis.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <unordered_map>

#include "core/base/error.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/geometry/harmonize.h"
#include "core/io/load.h"

namespace sanxian {
namespace {

// An SQL identifier, always quoted: a name with quotes, spaces or SQL in
// it stays one name.
std::string quoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// An SQL string literal in the E'' form, whose meaning does not depend on
// standard_conforming_strings: quotes and backslashes doubled.
std::string quoteLiteral(const std::string& text) {
  std::string out = "E'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

// GDAL's last message on one line, without the source's password.
std::string serverSaid(const std::string& source) {
  std::string said;
  for (const char* c = CPLGetLastErrorMsg(); c && *c; ++c) {
    const char ch = *c == '\n' || *c == '\r' || *c == '\t' ? ' ' : *c;
    if (ch != ' ' || (!said.empty() && said.back() != ' ')) said += ch;
  }
  while (!said.empty() && said.back() == ' ') said.pop_back();
  said = withoutPasswordOf(said, source);
  return said.empty() ? std::string() : format(tr("（数据库：%s）", " (the database said: %s)"), said.c_str());
}

[[noreturn]] void refuse(const Layer& layer, const std::string& message) {
  throwInput(message, {withoutPasswords(layer.source), layer.layerName});
}

// The database stopped answering while `what` was asked of it.
[[noreturn]] void brokeOff(const Layer& layer, const std::string& what) {
  refuse(layer, format(tr("数据库在%s时未能给出结果（连接中断，或语句超时：默认 5 分钟，可在连接串中用 options='-c statement_timeout=毫秒' 调整）；"
                          "未写出任何结果，原有输出保持不变",
                          "the database stopped answering while %s (the connection broke, or a statement timed out: 5 minutes unless the "
                          "connection string sets options='-c statement_timeout=MS'); nothing was written, earlier outputs are unchanged"),
                       what.c_str()) +
                    serverSaid(layer.source));
}

// What the SQL needs of one layer's table: its quoted name, key and
// geometry column, and the features to repair or leave out as Sanxian did.
struct DbTable {
  std::string name;      // "schema"."table"
  std::string key;       // the key column GDAL takes as FID
  std::string geometry;  // the geometry column
  bool hasZ = false;
  int dimension = 2;     // of the geometry type: 2 polygons, 1 lines
  std::vector<int64_t> repaired, unusable;  // fids
};

// The table behind a layer GDAL opened: found in the catalogue by the
// name GDAL shows ("table" on the search path, or "schema.table"), the
// name itself given as a literal, never spliced in.
DbTable describeTable(GDALDataset& db, const Layer& layer) {
  OGRLayer* ogr = db.GetLayerByName(layer.layerName.c_str());
  if (!ogr) refuse(layer, tr("数据库中找不到该表", "the table is not in the database") + serverSaid(layer.source));
  DbTable t;
  const std::string key = ogr->GetFIDColumn() ? ogr->GetFIDColumn() : "";
  if (key.empty())
    refuse(layer, tr("该表没有主键（整数键列）：PostGIS 引擎须凭它对应数据库中的要素与载入的要素；请为表加主键，或使用 --engine sanxian",
                     "the table has no primary key (an integer key column): the PostGIS engine matches the database's rows with the loaded "
                     "features by it; give the table a primary key, or use --engine sanxian"));
  const std::string geometry = ogr->GetGeometryColumn() ? ogr->GetGeometryColumn() : "";
  if (geometry.empty()) refuse(layer, tr("该表没有几何列", "the table has no geometry column"));
  const OGRwkbGeometryType type = ogr->GetGeomType();
  if (OGR_GT_IsNonLinear(type))
    refuse(layer, tr("该表含曲线几何：PostGIS 与 Sanxian 的曲线线性化方式不同，结果不能相等；请使用 --engine sanxian",
                     "the table holds curved geometry: PostGIS and Sanxian linearize curves differently, so the results would not be equal; "
                     "use --engine sanxian"));
  t.hasZ = OGR_GT_HasZ(type) || OGR_GT_HasM(type);
  t.dimension = OGR_GT_IsSubClassOf(wkbFlatten(type), wkbCurve) || OGR_GT_IsSubClassOf(wkbFlatten(type), wkbMultiCurve) ? 1 : 2;
  t.key = quoteIdentifier(key);
  t.geometry = quoteIdentifier(geometry);

  // The name GDAL shows: the table itself when on the search path, else schema.table.
  const std::string lookup =
      "SELECT n.nspname AS schema_name, c.relname AS table_name FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND "
      "((c.relname = " + quoteLiteral(layer.layerName) + " AND pg_catalog.pg_table_is_visible(c.oid)) OR n.nspname || '.' || c.relname = " +
      quoteLiteral(layer.layerName) + ") ORDER BY pg_catalog.pg_table_is_visible(c.oid) DESC LIMIT 1";
  CPLErrorReset();
  OGRLayer* found = db.ExecuteSQL(lookup.c_str(), nullptr, nullptr);
  if (CPLGetLastErrorType() == CE_Failure) {
    if (found) db.ReleaseResultSet(found);
    brokeOff(layer, tr("查找该表", "looking the table up"));
  }
  if (found) {
    OGRFeatureUniquePtr row(found->GetNextFeature());
    if (row) t.name = quoteIdentifier(row->GetFieldAsString(0)) + "." + quoteIdentifier(row->GetFieldAsString(1));
    db.ReleaseResultSet(found);
  }
  if (t.name.empty()) refuse(layer, tr("无法在数据库目录中找到该表", "the table cannot be found in the database's catalogue") + serverSaid(layer.source));

  for (const LoadIssue& issue : layer.issues)
    if (issue.kind == LoadIssue::Kind::Repaired && issue.fid) t.repaired.push_back(*issue.fid);
  for (const Feature& f : layer.features)
    if (!f.geometry || geos::isEmpty(f.geometry.get())) t.unusable.push_back(f.fid);
  return t;
}

std::string fidArray(const std::vector<int64_t>& fids) {
  std::string out = "'{";
  for (size_t k = 0; k < fids.size(); ++k) out += (k ? "," : "") + std::to_string(fids[k]);
  return out + "}'::bigint[]";
}

// The geometry of a row of `t` (alias `alias`) as Sanxian holds it: 2D,
// and repaired as load + harmonize repaired it (MakeValid with the layer's
// method, collapsed parts and parts of other dimensions dropped).
std::string geometryAsLoaded(const DbTable& t, const std::string& alias, geos::RepairMode mode) {
  std::string g = alias + "." + t.geometry;
  if (t.hasZ) g = "ST_Force2D(" + g + ")";
  if (t.repaired.empty()) return g;
  const std::string method = mode == geos::RepairMode::Linework ? "method=linework keepcollapsed=false" : "method=structure keepcollapsed=false";
  return "CASE WHEN " + alias + "." + t.key + " = ANY(" + fidArray(t.repaired) + ") THEN ST_CollectionExtract(ST_MakeValid(" + g + ", '" + method +
         "'), " + std::to_string(t.dimension + 1) + ") ELSE " + g + " END";
}

// The query: candidate pairs on the GiST index of A's geometry (B's
// envelope widened by the largest near-miss distance), each with whether
// the two intersect, their intersection, and their distance when they do
// not; of B's features those whose key is `slice` modulo `slices`. OFFSET
// 0 keeps the repaired geometries computed once a pair.
std::string pairQuery(const DbTable& ta, const DbTable& tb, const Layer& a, const Layer& b, bool self, double near, int slice, int slices) {
  std::string candidates = "SELECT a." + ta.key + "::bigint AS fa, b." + tb.key + "::bigint AS fb, " + geometryAsLoaded(ta, "a", a.repairMode) +
                           " AS ga, " + geometryAsLoaded(tb, "b", b.repairMode) + " AS gb FROM " + ta.name + " a JOIN " + tb.name + " b ON a." +
                           ta.geometry + " && " + (near > 0 ? "ST_Expand(b." + tb.geometry + ", " + format("%.17g", near) + ")" : "b." + tb.geometry);
  std::vector<std::string> where;
  if (self) where.push_back("a." + ta.key + " < b." + tb.key);  // each pair once, A the lower FID, as in-process
  if (slices > 1) where.push_back(format("mod(mod(b.%s::bigint, %d) + %d, %d) = %d", tb.key.c_str(), slices, slices, slices, slice));
  if (!ta.unusable.empty()) where.push_back("NOT a." + ta.key + " = ANY(" + fidArray(ta.unusable) + ")");
  if (!tb.unusable.empty()) where.push_back("NOT b." + tb.key + " = ANY(" + fidArray(tb.unusable) + ")");
  for (size_t k = 0; k < where.size(); ++k) candidates += (k ? " AND " : " WHERE ") + where[k];
  // A feature inside the other is the piece itself, as in-process: no overlay.
  std::string q =
      "SELECT fa, fb, hit, CASE WHEN NOT hit THEN NULL WHEN ST_ContainsProperly(gb, ga) THEN ST_AsBinary(ga) "
      "WHEN ST_ContainsProperly(ga, gb) THEN ST_AsBinary(gb) ELSE ST_AsBinary(ST_Intersection(ga, gb)) END AS piece";
  if (near > 0) q += ", CASE WHEN NOT hit THEN ST_Distance(ga, gb) END AS dist";
  q += " FROM (SELECT fa, fb, ga, gb, ST_Intersects(ga, gb) AS hit FROM (" + candidates + " OFFSET 0) c OFFSET 0) p";
  return q;
}

// Feature indexes by FID; the rows come back by key, so a key must be unique.
std::unordered_map<int64_t, size_t> indexByFid(const Layer& layer) {
  std::unordered_map<int64_t, size_t> out;
  out.reserve(layer.features.size());
  for (size_t k = 0; k < layer.features.size(); ++k)
    if (!out.emplace(layer.features[k].fid, k).second)
      throwInput(tr("键值重复：PostGIS 引擎凭键列对应数据库中的要素（分区表的键须在全部分区中唯一）",
                    "the key is not unique: the PostGIS engine matches rows by the key column (a partitioned table's key must be unique "
                    "across its partitions)"),
                 {withoutPasswords(layer.source), layer.layerName, layer.features[k].fid});
  return out;
}

// Whether the loaded features' envelopes meet within `near`, exactly as
// the in-process search decides: the database's `&&` compares boxes
// rounded outward to single precision and so offers a few more.
bool envelopesMeet(const GEOSGeometry* ga, const GEOSGeometry* gb, double near) {
  const geos::Envelope ea = geos::envelope(ga), eb = geos::envelope(gb);
  return ea.minX <= eb.maxX + near && ea.maxX >= eb.minX - near && ea.minY <= eb.maxY + near && ea.maxY >= eb.minY - near;
}

// The connection of the overlay, named in pg_stat_activity as "sanxian
// overlap" (unless the user named it), so a DBA sees what runs.
std::string overlayConnection(const std::string& source) {
  std::string out = connectionWithTimeouts(source);
  if (out.find("application_name") != std::string::npos) return out;
  if (out.find("://") == std::string::npos) return out + " application_name='sanxian overlap'";
  return out + (out.find('?') == std::string::npos ? "?" : "&") + "application_name=sanxian%20overlap";
}

}  // namespace

OverlapEngine parseOverlapEngine(const std::string& name, const std::string& where) {
  if (name == "sanxian") return OverlapEngine::Sanxian;
  if (name == "postgis") return OverlapEngine::PostGis;
  throwUsage(format(tr("%s：引擎须为 sanxian 或 postgis，而不是 '%s'", "%s: the engine must be sanxian or postgis, not '%s'"), where.c_str(), name.c_str()));
}

std::string whyNotInPostGis(const Layer& a, const Layer& b, const OverlapSettings& settings) {
  for (const auto& [layer, id] : {std::pair<const Layer*, const std::string*>{&a, &settings.aId}, {&b, &settings.bId}}) {
    if (!isConnectionString(layer->source) || layer->driver != "PostgreSQL")
      return format(tr("图层 %s（%s）不是 PostGIS 表", "layer %s (%s) is not a PostGIS table"), id->c_str(), withoutPasswords(layer->source).c_str());
    if (!sameCrs(layer->sourceCrs, layer->crs))
      return format(tr("图层 %s 的坐标系 %s 不是分析坐标系 %s：PostGIS 引擎不在数据库中转换坐标；请令 analysis_crs 为表的坐标系",
                       "layer %s is in %s, not in the analysis CRS %s: the PostGIS engine does not transform coordinates in the database; "
                       "set analysis_crs to the tables' CRS"),
                    id->c_str(), layer->sourceCrs.name.c_str(), layer->crs.name.c_str());
  }
  if (a.source != b.source)
    return format(tr("图层 %s 与 %s 不在同一数据库连接中（%s；%s）", "layers %s and %s are not in one database connection (%s; %s)"), settings.aId.c_str(),
                  settings.bId.c_str(), withoutPasswords(a.source).c_str(), withoutPasswords(b.source).c_str());
  return {};
}

namespace {

// What the streams share: the layers, their tables, and how rows map to features.
struct Stream {
  const Layer& a;
  const Layer& b;
  const OverlapSettings& settings;
  bool self = false;
  double near = 0;
  std::string connection;
  DbTable ta, tb;
  std::unordered_map<int64_t, size_t> fidsA, fidsB;
  mutable std::atomic<bool> failed{false};  // a stream failed: the others stop reading

  GDALDatasetUniquePtr connect() const {
    CPLErrorReset();
    GDALDatasetUniquePtr db(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!db) refuse(a, tr("无法连接数据库", "the database cannot be reached") + serverSaid(a.source));
    // JIT compiles for long (0.16 s at M) and speeds up nothing of the ST_
    // functions' work.
    db->ExecuteSQL("SET jit = off", nullptr, nullptr);
    return db;
  }

  // One slice of the pairs, read to the end on a connection of its own.
  std::vector<FoundPair> read(int slice, int slices) const {
    GDALDatasetUniquePtr db = connect();
    const std::string sql = pairQuery(ta, tb, a, b, self, near, slice, slices);
    std::vector<FoundPair> pairs;
    CPLErrorReset();
    OGRLayer* rows = db->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!rows || CPLGetLastErrorType() == CE_Failure) {
      if (rows) db->ReleaseResultSet(rows);
      refuse(a, format(tr("数据库未能执行叠加查询（%s × %s）", "the database could not run the overlay query (%s × %s)"), settings.aId.c_str(),
                       settings.bId.c_str()) +
                    serverSaid(a.source));
    }
    const int columnHit = rows->GetLayerDefn()->GetFieldIndex("hit"), columnPiece = rows->GetLayerDefn()->GetFieldIndex("piece"),
              columnDistance = rows->GetLayerDefn()->GetFieldIndex("dist");
    struct ReleaseRows {
      GDALDataset& db;
      OGRLayer* rows;
      ~ReleaseRows() { db.ReleaseResultSet(rows); }
    } release{*db, rows};
    while (!failed) {
      CPLErrorReset();
      OGRFeatureUniquePtr row(rows->GetNextFeature());
      if (CPLGetLastErrorType() == CE_Failure)
        brokeOff(a, format(tr("叠加 %s × %s ", "overlaying %s × %s"), settings.aId.c_str(), settings.bId.c_str()));
      if (!row) break;
      const int64_t fa = row->GetFieldAsInteger64(0), fb = row->GetFieldAsInteger64(1);
      const auto ia = fidsA.find(fa), ib = fidsB.find(fb);
      if (ia == fidsA.end() || ib == fidsB.end())
        throwInput(tr("该表在检查过程中被修改（数据库中的要素不在载入的图层中）；请在数据不变时重新运行",
                      "the table changed during the check (a row of the database is not among the loaded features); run again while the data stays put"),
                   {withoutPasswords(a.source), ia == fidsA.end() ? a.layerName : b.layerName, ia == fidsA.end() ? fa : fb});
      FoundPair p;
      p.i = ia->second;
      p.j = ib->second;
      if (!envelopesMeet(a.features[p.i].geometry.get(), b.features[p.j].geometry.get(), near)) continue;
      p.intersects = row->GetFieldAsInteger(columnHit) != 0;
      if (p.intersects) {
        int size = 0;
        const GByte* wkb = row->GetFieldAsBinary(columnPiece, &size);
        p.intersectionWkb.assign(reinterpret_cast<const char*>(wkb), size_t(size));
      } else if (near > 0) {
        p.distance = row->GetFieldAsDouble(columnDistance);
      }
      pairs.push_back(std::move(p));
    }
    return pairs;
  }
};

// How many streams: one a core, as many as the in-process engine uses.
// PostgreSQL runs a cursor's query in one backend without parallel
// workers, so each stream is a backend of its own.
int streamCount() { return std::clamp(int(std::thread::hardware_concurrency()), 1, 8); }

}  // namespace

OverlapResult overlapInPostGis(const Layer& a, const Layer& b, const OverlapSettings& settings) {
  if (!settings.rules || !settings.roles) throw std::invalid_argument("overlapInPostGis needs rules and roles");
  const std::string why = whyNotInPostGis(a, b, settings);
  if (!why.empty()) throwInput(format(tr("无法使用 PostGIS 引擎：%s", "the PostGIS engine cannot run: %s"), why.c_str()));
  GDALAllRegister();
  PhaseTimer timer("overlap (PostGIS): pairs from the database");
  Stream stream{a, b, settings};
  stream.self = settings.selfOverlap || &a == &b;
  stream.near = maxNearDistance(*settings.rules, a.role(), b.role());
  stream.connection = overlayConnection(a.source);
  {
    GDALDatasetUniquePtr db = stream.connect();
    stream.ta = describeTable(*db, a);
    stream.tb = stream.self ? stream.ta : describeTable(*db, b);
  }
  stream.fidsA = indexByFid(a);
  stream.fidsB = stream.self ? stream.fidsA : indexByFid(b);

  // The slices on connections of their own, side by side; the first
  // failure is what the check reports.
  const int slices = streamCount();
  std::vector<std::vector<FoundPair>> found(slices);
  std::vector<std::exception_ptr> failures(slices);
  std::vector<std::thread> threads;
  for (int k = 0; k < slices; ++k)
    threads.emplace_back([&, k] {
      try {
        found[k] = stream.read(k, slices);
      } catch (...) {
        failures[k] = std::current_exception();
        stream.failed = true;
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
  std::vector<FoundPair> pairs;
  for (auto& slice : found)
    for (auto& p : slice) pairs.push_back(std::move(p));
  std::vector<std::vector<FoundPair>>().swap(found);
  timer.next("overlap (PostGIS): judging and measuring the pieces");
  return overlapFoundPairs(a, b, settings, std::move(pairs));
}

}  // namespace sanxian
