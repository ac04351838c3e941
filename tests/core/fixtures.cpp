#include "fixtures.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace sanxian::test {

namespace fs = std::filesystem;

std::string freshFolder(const std::string& name) {
  const fs::path folder = fs::path(SANXIAN_TEST_TMP) / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder.string();
}

std::string copyShapefile(const std::string& shp, const std::string& folder) {
  const fs::path from(shp);
  for (const auto& entry : fs::directory_iterator(from.parent_path()))
    if (entry.path().stem() == from.stem()) fs::copy_file(entry.path(), fs::path(folder) / entry.path().filename(), fs::copy_options::overwrite_existing);
  return (fs::path(folder) / from.filename()).string();
}

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void overwrite(const std::string& path, size_t offset, const std::string& bytes) {
  std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
  file.seekp(static_cast<std::streamoff>(offset));
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  EXPECT_TRUE(file.good()) << path;
}

std::string littleEndian32(uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  return out;
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
