// `--formats` and the project's `formats:`: a run writes only the formats
// asked for, always its JSON summary and audit trail, and the same figures
// whatever it writes; the console names what it left out.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

const fs::path kSampleProject = fs::path(SANXIAN_SAMPLE_PROJECT);

struct CliRun {
  int exitCode = -1;
  std::string output;  // stdout and stderr together
};

CliRun sanxian(const std::string& arguments) {
  const std::string command = "LANG=en_US.UTF-8 QT_QPA_PLATFORM=offscreen " SANXIAN_CLI " " + arguments + " 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The sample project copied into a fresh folder (its data beside it).
std::string sampleProjectCopy(const std::string& name) {
  const fs::path folder = test::freshFolder(name);
  fs::copy(kSampleProject.parent_path(), folder, fs::copy_options::recursive);
  return (folder / kSampleProject.filename()).string();
}

// Every file under `folder`, relative to it.
std::set<std::string> filesUnder(const fs::path& folder) {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) files.insert(fs::relative(entry.path(), folder).string());
  return files;
}

// What every run writes, whatever its formats.
bool alwaysWritten(const std::string& file) { return file == "run_summary.json" || file == "audit_trail.json" || file == "load_report.txt"; }

// Whether `file` belongs to `format`: a Shapefile's parts, its .qml and its
// field-name list; the CSV tables; the run's GeoPackage, workbook, report.
bool belongsTo(const std::string& file, const std::string& format) {
  const std::string ext = fs::path(file).extension().string();
  const bool fieldList = file.size() > 11 && file.compare(file.size() - 11, 11, "_fields.csv") == 0;
  if (format == "shp") return fieldList || std::set<std::string>{".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml"}.count(ext) > 0;
  if (format == "csv") return ext == ".csv" && !fieldList;
  if (format == "gpkg") return file == "sanxian_results.gpkg";
  if (format == "xlsx") return file == "sanxian_results.xlsx";
  if (format == "pdf") return file == "sanxian_report.pdf";
  return false;
}

// The run's summary without the check folders' paths (null when no
// folder is written): every figure in it.
nlohmann::json figures(const fs::path& out) {
  nlohmann::json summary = nlohmann::json::parse(std::ifstream(out / "run_summary.json"));
  for (auto& check : summary["checks"]) check.erase("folder");
  return summary;
}

// Each test its own copy of the sample and its own full run (ctest runs
// tests side by side), against which the figures are compared.
class RunFormats : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sampleProjectCopy(std::string("cli_formats_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    full_ = fs::path(project_).parent_path() / "out-full";
    const CliRun run = sanxian("run " + project_ + " -o " + full_.string());
    ASSERT_EQ(run.exitCode, 0) << run.output;
  }
  std::string project_;
  fs::path full_;
};

TEST_F(RunFormats, EachFormatAloneWritesOnlyItsFilesBesideTheJson) {
  std::vector<std::string> formats = {"shp", "gpkg", "csv", "xlsx"};
#ifdef SANXIAN_TEST_PDF  // a build without Qt writes no PDF
  formats.push_back("pdf");
#endif
  for (const std::string& format : formats) {
    const fs::path out = fs::path(project_).parent_path() / ("out-" + format);
    const CliRun run = sanxian("run " + project_ + " -o " + out.string() + " --formats " + format);
    ASSERT_EQ(run.exitCode, 0) << format << "\n" << run.output;
    size_t own = 0;
    for (const std::string& file : filesUnder(out)) {
      EXPECT_TRUE(alwaysWritten(file) || belongsTo(file, format)) << format << ": " << file;
      own += belongsTo(file, format);
    }
    EXPECT_GT(own, 0u) << format;
    for (const char* file : {"run_summary.json", "audit_trail.json"}) EXPECT_TRUE(fs::exists(out / file)) << format << ": " << file;
    EXPECT_NE(run.output.find("not written: "), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("(--formats)"), std::string::npos) << run.output;
    EXPECT_EQ(figures(out), figures(full_)) << format;
  }
}

TEST_F(RunFormats, NoneOrEmptyWritesOnlyTheJsonWithTheSameFigures) {
  for (const std::string& value : {std::string("none"), std::string("''")}) {
    const fs::path out = fs::path(project_).parent_path() / "out-none";
    fs::remove_all(out);
    const CliRun run = sanxian("run " + project_ + " -o " + out.string() + " --formats " + value);
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_EQ(filesUnder(out), (std::set<std::string>{"run_summary.json", "audit_trail.json", "load_report.txt"})) << value;
    EXPECT_NE(run.output.find("not written: shp, gpkg, csv, xlsx, pdf (--formats)"), std::string::npos) << run.output;
    EXPECT_EQ(figures(out), figures(full_));
    const nlohmann::json trail = nlohmann::json::parse(std::ifstream(out / "audit_trail.json"));
    EXPECT_EQ(trail["parameters"]["formats"], nlohmann::json::array({"json"}));
  }
}

TEST_F(RunFormats, TheDefaultWritesEveryFormat) {
  const std::set<std::string> files = filesUnder(full_);
  std::vector<std::string> formats = {"shp", "gpkg", "csv", "xlsx"};
#ifdef SANXIAN_TEST_PDF
  formats.push_back("pdf");
#endif
  for (const std::string& format : formats)
    EXPECT_TRUE(std::any_of(files.begin(), files.end(), [&](const std::string& f) { return belongsTo(f, format); })) << format;
}

TEST(CliFormats, AnUnknownFormatIsAUsageErrorNamingIt) {
  const std::string out = test::freshFolder("cli_formats_bad") + "/out";
  const CliRun run = sanxian("run " + kSampleProject.string() + " -o " + out + " --formats shp,kml");
  EXPECT_EQ(run.exitCode, 2) << run.output;
  EXPECT_NE(run.output.find("--formats: unknown format 'kml' (known: shp, gpkg, csv, xlsx, pdf"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(out + "/run_summary.json"));
}

TEST(CliFormats, TheProjectKeyChoosesAndTheCommandLineWins) {
  const std::string project = sampleProjectCopy("cli_formats_project");
  std::ofstream(project, std::ios::app) << "formats: [gpkg]\n";
  const fs::path folder = fs::path(project).parent_path();
  CliRun run = sanxian("run " + project + " -o " + (folder / "by-key").string());
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_TRUE(fs::exists(folder / "by-key/sanxian_results.gpkg"));
  EXPECT_FALSE(fs::exists(folder / "by-key/ledger.csv"));
  EXPECT_FALSE(fs::exists(folder / "by-key/sanxian_results.xlsx"));
  EXPECT_NE(run.output.find("not written: shp, csv, xlsx, pdf (formats:)"), std::string::npos) << run.output;

  run = sanxian("run " + project + " -o " + (folder / "by-option").string() + " --formats csv");
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_TRUE(fs::exists(folder / "by-option/ledger.csv"));
  EXPECT_FALSE(fs::exists(folder / "by-option/sanxian_results.gpkg"));
  EXPECT_FALSE(fs::exists(folder / "by-option/ledger.shp"));
}

TEST(CliFormats, NoPdfDropsThePdfFromTheFormatsAndSaysSo) {
  const std::string out = test::freshFolder("cli_formats_nopdf") + "/out";
  const CliRun run = sanxian("run " + kSampleProject.string() + " -o " + out + " --formats pdf,xlsx --no-pdf");
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_TRUE(fs::exists(out + "/sanxian_results.xlsx"));
  EXPECT_FALSE(fs::exists(out + "/sanxian_report.pdf"));
  EXPECT_NE(run.output.find("pdf (--no-pdf)"), std::string::npos) << run.output;
}

TEST(CliFormats, ASingleCheckCommandTakesFormatsToo) {
  const std::string out = test::freshFolder("cli_formats_overlap") + "/out";
  const fs::path data = kSampleProject.parent_path() / "data";
  const CliRun run = sanxian("overlap --a " + (data / "mining.shp").string() + " --b " + (data / "redline_2023.shp").string() + " -o " + out +
                          " --formats gpkg --json " + out + ".json");
  ASSERT_EQ(run.exitCode, 0) << run.output;
  std::set<std::string> expected = {"run_summary.json", "audit_trail.json", "load_report.txt", "sanxian_results.gpkg"};
  EXPECT_EQ(filesUnder(out), expected);
  EXPECT_TRUE(fs::exists(out + ".json"));
  EXPECT_NE(run.output.find("not written: shp, csv, xlsx, pdf (--formats)"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace sanxian
