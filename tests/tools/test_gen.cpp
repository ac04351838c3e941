// sanxian-gen: determinism, counts, validity, non-overlap within one red-line
// version, and Chinese text that reads back (UTF-8 and GBK), by running the
// generator at its tiny scale and reading its files with GDAL and GEOS.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kTmp = fs::path(SANXIAN_TEST_TMP) / "gen";

// Runs the generator; returns its exit status.
int runGen(const fs::path& dir, const std::string& args) {
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  std::string cmd = std::string(SANXIAN_GEN_EXE) + " -q -o '" + dir.string() + "' " + args + " > '" +
                    dir.string() + ".log' 2>&1";
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

GDALDatasetUniquePtr open(const fs::path& p) {
  GDALAllRegister();
  return GDALDatasetUniquePtr(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

long featureCount(const fs::path& p) {
  auto ds = open(p);
  return ds ? long(ds->GetLayer(0)->GetFeatureCount()) : -1;
}

std::vector<std::string> values(const fs::path& p, const char* field) {
  std::vector<std::string> out;
  auto ds = open(p);
  if (!ds) return out;
  for (auto& f : ds->GetLayer(0)) out.push_back(f->GetFieldAsString(field));
  return out;
}

struct Geos {
  GEOSContextHandle_t h = GEOS_init_r();
  ~Geos() { GEOS_finish_r(h); }
};
struct GeomDel {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(h, g); }
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDel>;

std::vector<Geom> readGeoms(const fs::path& p, GEOSContextHandle_t h) {
  std::vector<Geom> out;
  auto ds = open(p);
  GEOSWKBReader* r = GEOSWKBReader_create_r(h);
  for (auto& f : ds->GetLayer(0)) {
    const OGRGeometry* g = f->GetGeometryRef();
    std::vector<unsigned char> wkb(size_t(g->WkbSize()));
    g->exportToWkb(wkbNDR, wkb.data());
    out.emplace_back(GEOSWKBReader_read_r(h, r, wkb.data(), wkb.size()), GeomDel{h});
  }
  GEOSWKBReader_destroy_r(h, r);
  return out;
}

const char* kLayers[] = {"redline_2022", "redline_2023", "reserves",     "mining",
                         "shoreline",    "townships",    "control_units", "project_site"};

}  // namespace

TEST(Gen, SameSeedGivesIdenticalFiles) {
  ASSERT_EQ(runGen(kTmp / "a", "--scale tiny --seed 7"), 0);
  ASSERT_EQ(runGen(kTmp / "b", "--scale tiny --seed 7"), 0);
  int compared = 0;
  for (const auto& e : fs::directory_iterator(kTmp / "a")) {
    fs::path other = kTmp / "b" / e.path().filename();
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(slurp(e.path()), slurp(other)) << e.path().filename();
    ++compared;
  }
  EXPECT_GE(compared, 8 * 5);  // shp, shx, dbf, prj, cpg per layer
}

TEST(Gen, OtherSeedGivesOtherGeometry) {
  // Own folders: ctest runs the tests of this file in parallel.
  ASSERT_EQ(runGen(kTmp / "seed7", "--scale tiny --seed 7"), 0);
  ASSERT_EQ(runGen(kTmp / "seed8", "--scale tiny --seed 8"), 0);
  EXPECT_NE(slurp(kTmp / "seed7" / "redline_2022.shp"), slurp(kTmp / "seed8" / "redline_2022.shp"));
}

TEST(Gen, WritesTheRequestedCounts) {
  ASSERT_EQ(runGen(kTmp / "n", "--scale tiny --patches 150 --mines 70 --shorelines 45 --reserves 5 --sites 3"), 0);
  const fs::path d = kTmp / "n";
  for (const char* l : kLayers) EXPECT_GT(featureCount(d / (std::string(l) + ".shp")), 0) << l;
  EXPECT_EQ(featureCount(d / "redline_2022.shp"), 150);
  EXPECT_EQ(featureCount(d / "mining.shp"), 70);
  EXPECT_EQ(featureCount(d / "shoreline.shp"), 45);
  EXPECT_EQ(featureCount(d / "project_site.shp"), 3);
  auto reserveCodes = values(d / "reserves.shp", "BHDBM");
  EXPECT_EQ(std::set<std::string>(reserveCodes.begin(), reserveCodes.end()).size(), 5u);
  EXPECT_EQ(featureCount(d / "townships.shp"), 6);
  // The second version differs by a few percent, and the truth file says how.
  long v2 = featureCount(d / "redline_2023.shp");
  EXPECT_NEAR(double(v2), 150.0, 15.0);
  EXPECT_TRUE(fs::exists(d / "redline_changes.csv"));
  // Licence numbers: 23 characters, C for mining and T for exploration.
  auto kinds = values(d / "mining.shp", "KYQLX");
  auto licences = values(d / "mining.shp", "XKZH");
  for (size_t i = 0; i < licences.size(); ++i) {
    EXPECT_EQ(licences[i].size(), 23u) << licences[i];
    EXPECT_EQ(licences[i][0], kinds[i] == "采矿权" ? 'C' : 'T') << licences[i];
  }
}

TEST(Gen, RedLinePolygonsAreValidAndDoNotOverlap) {
  ASSERT_EQ(runGen(kTmp / "v", "--scale tiny --seed 3 --patches 200"), 0);
  Geos geos;
  for (const char* layer : {"redline_2022", "redline_2023"}) {
    std::vector<Geom> gs = readGeoms(kTmp / "v" / (std::string(layer) + ".shp"), geos.h);
    ASSERT_GT(gs.size(), 150u);
    GEOSSTRtree* tree = GEOSSTRtree_create_r(geos.h, 10);
    for (size_t i = 0; i < gs.size(); ++i) {
      EXPECT_EQ(GEOSisValid_r(geos.h, gs[i].get()), 1) << layer << " feature " << i;
      GEOSSTRtree_insert_r(geos.h, tree, gs[i].get(), reinterpret_cast<void*>(i));
    }
    struct Ctx {
      GEOSContextHandle_t h;
      std::vector<Geom>* gs;
      size_t self;
      int hits;
    } ctx{geos.h, &gs, 0, 0};
    for (size_t i = 0; i < gs.size(); ++i) {
      ctx.self = i;
      GEOSSTRtree_query_r(
          geos.h, tree, gs[i].get(),
          [](void* item, void* data) {
            auto* c = static_cast<Ctx*>(data);
            size_t j = reinterpret_cast<size_t>(item);
            if (j > c->self && GEOSIntersects_r(c->h, (*c->gs)[c->self].get(), (*c->gs)[j].get()) == 1) ++c->hits;
          },
          &ctx);
    }
    GEOSSTRtree_destroy_r(geos.h, tree);
    EXPECT_EQ(ctx.hits, 0) << layer << ": patches touch or overlap";
  }
}

TEST(Gen, ReservesOverlapEachOtherAndNestTheirCores) {
  ASSERT_EQ(runGen(kTmp / "r", "--scale sample"), 0);
  Geos geos;
  std::vector<Geom> gs = readGeoms(kTmp / "r" / "reserves.shp", geos.h);
  auto codes = values(kTmp / "r" / "reserves.shp", "BHDBM");
  auto zones = values(kTmp / "r" / "reserves.shp", "GNFQ");
  std::set<std::string> zoneSet(zones.begin(), zones.end());
  for (const char* z : {"核心区", "缓冲区", "实验区", "核心保护区", "一般控制区"}) EXPECT_TRUE(zoneSet.count(z)) << z;
  int crossPairs = 0;
  for (size_t i = 0; i < gs.size(); ++i) {
    EXPECT_EQ(GEOSisValid_r(geos.h, gs[i].get()), 1) << i;
    for (size_t j = i + 1; j < gs.size(); ++j) {
      if (GEOSRelatePattern_r(geos.h, gs[i].get(), gs[j].get(), "2********") != 1) continue;
      // Zones of one reserve never overlap; different reserves do.
      EXPECT_NE(codes[i], codes[j]) << zones[i] << " / " << zones[j];
      ++crossPairs;
    }
  }
  EXPECT_GT(crossPairs, 0);
}

TEST(Gen, ChineseTextReadsBackFromUtf8AndGbk) {
  ASSERT_EQ(runGen(kTmp / "s", "--scale sample --gbk-layer redline_2022"), 0);
  const fs::path d = kTmp / "s";
  auto names = values(d / "townships.shp", "XZQMC");
  std::set<std::string> got(names.begin(), names.end());
  EXPECT_EQ(got, (std::set<std::string>{"乌兰镇", "棋盘井镇", "蒙西镇", "木凯淖尔镇", "苏米图苏木", "阿尔巴斯苏木"}));
  EXPECT_EQ(slurp(d / "townships.cpg"), "UTF-8");
  EXPECT_EQ(slurp(d / "redline_2022.cpg"), "936");
  auto old = values(d / "redline_2022.shp", "HXMC");
  auto neu = values(d / "redline_2023.shp", "HXMC");
  ASSERT_FALSE(old.empty());
  EXPECT_EQ(old[0].rfind("鄂托克旗", 0), 0u) << old[0];
  EXPECT_EQ(old[0], neu[0]);
  // The GBK file really holds GBK bytes: 鄂 is E9 84 82 in UTF-8, B6 F5 in GBK.
  std::string dbf = slurp(d / "redline_2022.dbf");
  EXPECT_NE(dbf.find("\xB6\xF5"), std::string::npos);
  EXPECT_EQ(dbf.find("\xE9\x84\x82"), std::string::npos);
  auto reserves = values(d / "reserves.shp", "BHDMC");
  EXPECT_NE(std::find(reserves.begin(), reserves.end(), "西鄂尔多斯国家级自然保护区"), reserves.end());
}

TEST(Gen, DefectsAreOffByDefaultAndOnWhenAsked) {
  ASSERT_EQ(runGen(kTmp / "d", "--scale S --patches 3000 --mines 400 --reserves 5 --shorelines 20 --defects --no-validate"), 0);
  Geos geos;
  int invalid = 0;
  for (auto& g : readGeoms(kTmp / "d" / "redline_2022.shp", geos.h)) invalid += GEOSisValid_r(geos.h, g.get()) != 1;
  for (auto& g : readGeoms(kTmp / "d" / "mining.shp", geos.h)) invalid += GEOSisValid_r(geos.h, g.get()) != 1;
  EXPECT_GT(invalid, 0);
  ASSERT_EQ(runGen(kTmp / "d", "--scale S --patches 3000 --mines 400 --reserves 5 --shorelines 20"), 0);
  invalid = 0;
  for (auto& g : readGeoms(kTmp / "d" / "redline_2022.shp", geos.h)) invalid += GEOSisValid_r(geos.h, g.get()) != 1;
  for (auto& g : readGeoms(kTmp / "d" / "mining.shp", geos.h)) invalid += GEOSisValid_r(geos.h, g.get()) != 1;
  EXPECT_EQ(invalid, 0);
}

TEST(Gen, XlIsFourProvincesInGeographicCgcs2000AcrossTwoZones) {
  // At a province the county's size, XL reaches from the zone of CM 108E
  // (106.5°E–109.5°E) into that of CM 111E.
  const std::string args = "--scale XL --region-factor 1 --patches 400 --mines 100 --reserves 8 --shorelines 40 --units 8 --sites 2";
  ASSERT_EQ(runGen(kTmp / "xl", args), 0);
  const fs::path d = kTmp / "xl";
  auto ds = open(d / "redline_2022.shp");
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  ASSERT_NE(layer->GetSpatialRef(), nullptr);
  EXPECT_TRUE(layer->GetSpatialRef()->IsGeographic());
  const char* datum = layer->GetSpatialRef()->GetAttrValue("DATUM");
  ASSERT_NE(datum, nullptr);
  EXPECT_NE(std::string(datum).find("China_2000"), std::string::npos) << datum;
  OGREnvelope e;
  ASSERT_EQ(layer->GetExtent(&e), OGRERR_NONE);
  EXPECT_LT(e.MinX, 109.5);
  EXPECT_GT(e.MaxX, 109.5);
  EXPECT_GT(e.MinY, 30);
  EXPECT_LT(e.MaxY, 42.5);
  // Counts are per province; codes stay unique across provinces.
  EXPECT_EQ(layer->GetFeatureCount(), 4 * 400);
  EXPECT_EQ(featureCount(d / "mining.shp"), 4 * 100);
  EXPECT_EQ(featureCount(d / "shoreline.shp"), 4 * 40);
  for (const auto& [file, field] : {std::pair{"redline_2022.shp", "HXBH"}, {"mining.shp", "XKZH"}, {"shoreline.shp", "AXBH"}}) {
    auto codes = values(d / file, field);
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size()) << file;
  }
  auto counties = values(d / "redline_2022.shp", "XZQDM");
  std::set<std::string> provinces;
  for (const std::string& c : counties) provinces.insert(c.substr(0, 2));
  EXPECT_EQ(provinces, (std::set<std::string>{"14", "15", "41", "61"}));
  // Valid, and each version's patches still never touch, in degrees too.
  Geos geos;
  for (const char* name : {"redline_2022", "redline_2023"}) {
    std::vector<Geom> gs = readGeoms(d / (std::string(name) + ".shp"), geos.h);
    GEOSSTRtree* tree = GEOSSTRtree_create_r(geos.h, 10);
    for (size_t i = 0; i < gs.size(); ++i) {
      EXPECT_EQ(GEOSisValid_r(geos.h, gs[i].get()), 1) << name << " feature " << i;
      GEOSSTRtree_insert_r(geos.h, tree, gs[i].get(), reinterpret_cast<void*>(i));
    }
    struct Ctx {
      GEOSContextHandle_t h;
      std::vector<Geom>* gs;
      size_t self;
      int hits;
    } ctx{geos.h, &gs, 0, 0};
    for (size_t i = 0; i < gs.size(); ++i) {
      ctx.self = i;
      GEOSSTRtree_query_r(
          geos.h, tree, gs[i].get(),
          [](void* item, void* data) {
            auto* c = static_cast<Ctx*>(data);
            size_t j = reinterpret_cast<size_t>(item);
            if (j > c->self && GEOSIntersects_r(c->h, (*c->gs)[c->self].get(), (*c->gs)[j].get()) == 1) ++c->hits;
          },
          &ctx);
    }
    GEOSSTRtree_destroy_r(geos.h, tree);
    EXPECT_EQ(ctx.hits, 0) << name << ": patches touch or overlap";
  }
  for (const char* l : kLayers) EXPECT_GT(featureCount(d / (std::string(l) + ".shp")), 0) << l;
  // Same seed, same bytes, the appended provinces included.
  ASSERT_EQ(runGen(kTmp / "xl2", args), 0);
  for (const auto& entry : fs::directory_iterator(d)) EXPECT_EQ(slurp(entry.path()), slurp(kTmp / "xl2" / entry.path().filename())) << entry.path().filename();
}
