#include "fixtures.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>

namespace sanxian::test {

namespace fs = std::filesystem;

std::string freshFolder(const std::string& name) {
  const fs::path folder = fs::path(SANXIAN_TEST_TMP) / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder.string();
}

std::string writeLayer(const LayerSpec& spec) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(spec.driver.c_str());
  EXPECT_NE(driver, nullptr) << spec.driver;
  GDALDatasetUniquePtr dataset;
  if (spec.append) {
    dataset.reset(GDALDataset::Open(spec.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  } else {
    dataset.reset(driver->Create(spec.path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  }
  EXPECT_TRUE(dataset) << "cannot create " << spec.path << ": " << CPLGetLastErrorMsg();
  if (!dataset) return spec.path;

  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!spec.wktCrs.empty()) srs.SetFromUserInput(spec.wktCrs.c_str());
  else if (spec.epsg) srs.importFromEPSG(spec.epsg);
  const bool hasCrs = !spec.wktCrs.empty() || spec.epsg;

  CPLStringList options;
  if (!spec.encoding.empty()) options.SetNameValue("ENCODING", spec.encoding.c_str());
  const std::string name = spec.layerName.empty() ? fs::path(spec.path).stem().string() : spec.layerName;
  OGRLayer* layer = dataset->CreateLayer(name.c_str(), hasCrs ? &srs : nullptr, OGRFromOGCGeomType(spec.geometry.c_str()), options.List());
  EXPECT_NE(layer, nullptr) << CPLGetLastErrorMsg();
  if (!layer) return spec.path;
  for (const auto& field : spec.fields) {
    OGRFieldDefn definition(field.c_str(), OFTString);
    definition.SetWidth(80);
    EXPECT_EQ(layer->CreateField(&definition), OGRERR_NONE) << field << ": " << CPLGetLastErrorMsg();
  }
  for (const auto& row : spec.rows) {
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (size_t i = 0; i < row.values.size(); ++i) feature->SetField(static_cast<int>(i), row.values[i].c_str());
    if (!row.wkt.empty()) {
      OGRGeometry* geometry = nullptr;
      EXPECT_EQ(OGRGeometryFactory::createFromWkt(row.wkt.c_str(), nullptr, &geometry), OGRERR_NONE) << row.wkt;
      feature->SetGeometryDirectly(geometry);
    }
    EXPECT_EQ(layer->CreateFeature(feature.get()), OGRERR_NONE) << CPLGetLastErrorMsg();
  }
  dataset.reset();
  if (spec.driver == "ESRI Shapefile" && !spec.keepCpg) {
    fs::path cpg = spec.path;
    cpg.replace_extension(".cpg");
    fs::remove(cpg);
  }
  return spec.path;
}

}  // namespace sanxian::test
