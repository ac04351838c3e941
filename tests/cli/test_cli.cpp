// `sanxian info` on broken fixtures, run as a user would run it: a message
// naming the file (and FID), a non-zero exit only when the input cannot be
// used, and never a crash.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/base/text.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exitCode = -1;
  bool crashed = false;
  std::string output;  // stdout and stderr together
};

// Runs the command as a user would; `seconds` > 0 stops it after that long
// (exit 124: it hung), `before` prefixes it (prlimit …).
Outcome runCli(const std::string& arguments, int seconds = 0, const std::string& before = "") {
  const std::string limit = seconds > 0 ? "timeout " + std::to_string(seconds) + " " : std::string();
  const std::string command =
      "LANG=en_US.UTF-8 QT_QPA_PLATFORM=offscreen " + before + (before.empty() ? "" : " ") + limit + SANXIAN_CLI " " + arguments + " 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) outcome.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  outcome.crashed = WIFSIGNALED(status);
  outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

Outcome runInfo(const std::string& arguments) { return runCli("info " + arguments); }

test::LayerSpec redline(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/redline.shp";
  spec.fields = {"HXBH", "HXMC", "GNLX"};
  spec.rows = {{"POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300100,400000 4300000))", {"1", "乌兰镇红线", "防风固沙"}}};
  return spec;
}

TEST(CliInfo, ReadsGbkWithoutCpgAndShowsDecodedText) {
  auto spec = redline(test::freshFolder("cli_gbk"));
  spec.encoding = "CP936";
  spec.keepCpg = false;
  const Outcome o = runInfo(test::writeLayer(spec));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("乌兰镇红线"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("GB18030"), std::string::npos) << o.output;
}

TEST(CliInfo, ReportsBowTieWithFidAndStillExitsZero) {
  auto spec = redline(test::freshFolder("cli_bowtie"));
  spec.rows.push_back({"POLYGON((400000 4300000,400100 4300100,400100 4300000,400000 4300100,400000 4300000))", {"2", "b", "c"}});
  const Outcome o = runInfo(test::writeLayer(spec));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("invalid geometries: 1"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("FID 1: Self-intersection"), std::string::npos) << o.output;
}

TEST(CliInfo, WarnsAboutInferredAndContradictedCrs) {
  auto inferred = redline(test::freshFolder("cli_noprj"));
  inferred.epsg = 0;
  inferred.rows[0].wkt = "POLYGON((36400000 4300000,36400100 4300000,36400100 4300100,36400000 4300000))";
  Outcome o = runInfo(test::writeLayer(inferred));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("[inferred]"), std::string::npos) << o.output;

  auto contradicted = inferred;
  contradicted.path = test::freshFolder("cli_contradiction") + "/redline.shp";
  contradicted.epsg = 4545;
  o = runInfo(test::writeLayer(contradicted));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("[contradicted]"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("EPSG:4524"), std::string::npos) << o.output;
}

TEST(CliInfo, StopsAndAsksForCrsWhenItCannotBeKnown) {
  auto spec = redline(test::freshFolder("cli_nocrs"));
  spec.epsg = 0;
  const std::string path = test::writeLayer(spec);
  const Outcome o = runInfo(path);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_FALSE(o.crashed);
  EXPECT_NE(o.output.find(path), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("--crs"), std::string::npos) << o.output;
}

TEST(CliInfo, NamesFileAndFidOfTruncatedShp) {
  auto spec = redline(test::freshFolder("cli_truncated"));
  for (int i = 0; i < 40; ++i) spec.rows.push_back(spec.rows[0]);
  const std::string path = test::writeLayer(spec);
  fs::resize_file(path, fs::file_size(path) / 2);
  const Outcome o = runInfo(path);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_FALSE(o.crashed);
  EXPECT_NE(o.output.find(path), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("FID"), std::string::npos) << o.output;
}

TEST(CliInfo, ReportsMissingDbfAndMissingPath) {
  const std::string path = test::writeLayer(redline(test::freshFolder("cli_nodbf")));
  fs::remove(fs::path(path).replace_extension(".dbf"));
  Outcome o = runInfo(path);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find(".dbf"), std::string::npos) << o.output;

  o = runInfo("/nonexistent/redline.shp");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("/nonexistent/redline.shp"), std::string::npos) << o.output;
}

TEST(CliInfo, DescribesNullGeometryAndEmptyLayer) {
  auto spec = redline(test::freshFolder("cli_null"));
  spec.rows.push_back({"", {"9", "null", "x"}});
  Outcome o = runInfo(test::writeLayer(spec));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("null geometry"), std::string::npos) << o.output;

  auto empty = redline(test::freshFolder("cli_empty"));
  empty.rows.clear();
  o = runInfo(test::writeLayer(empty));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("features: 0"), std::string::npos) << o.output;
}

TEST(CliInfo, ListsEveryLayerOfAGeoPackage) {
  auto spec = redline(test::freshFolder("cli_gpkg"));
  spec.driver = "GPKG";
  spec.path = fs::path(spec.path).replace_extension(".gpkg").string();
  spec.layerName = "redline_2022";
  test::writeLayer(spec);
  spec.layerName = "redline_2023";
  spec.append = true;
  test::writeLayer(spec);
  const Outcome o = runInfo(spec.path + " --json -");
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("\"redline_2022\""), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\"redline_2023\""), std::string::npos) << o.output;
}

// A ring that runs back over itself: linework (the default) cuts out the
// 1.5 km² it covers twice, --repair structure keeps it; anything else is a
// usage error.
TEST(CliArea, RepairModeIsChosenWithRepair) {
  test::LayerSpec spec = redline(test::freshFolder("cli_repair"));
  spec.rows = {{"POLYGON((400000 4300000,402000 4300000,402000 4302000,400500 4302000,400500 4300500,401500 4300500,401500 4303000,"
                "400000 4303000,400000 4300000))",
                {"1", "自相交", "防风固沙"}}};
  const std::string path = test::writeLayer(spec);
  const Outcome linework = runCli("area " + path + " --json -");
  EXPECT_EQ(linework.exitCode, 0) << linework.output;
  EXPECT_NE(linework.output.find("\"planar_area_m2\": 4000000.0"), std::string::npos) << linework.output;
  EXPECT_NE(linework.output.find("MakeValid linework"), std::string::npos);
  const Outcome structure = runCli("area " + path + " --repair structure --json -");
  EXPECT_EQ(structure.exitCode, 0) << structure.output;
  EXPECT_NE(structure.output.find("\"planar_area_m2\": 5500000.0"), std::string::npos) << structure.output;
  const Outcome wrong = runCli("area " + path + " --repair union");
  EXPECT_EQ(wrong.exitCode, 2) << wrong.output;
  EXPECT_FALSE(wrong.crashed);
}

// Bring your own data: layers whose fields have none of the role's names.
const char* kMine = "POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300100,400000 4300000))";
const char* kArea = "POLYGON((400050 4300050,400150 4300050,400150 4300150,400050 4300150,400050 4300050))";

std::string ownMining(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/m.shp";
  spec.fields = {"licence_no", "right_kind"};
  spec.rows = {{kMine, {"C1506242023101000000001", "采矿权"}}};
  return test::writeLayer(spec);
}

std::string ownReserve(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/r.shp";
  spec.fields = {"area_name", "zone_code"};
  spec.rows = {{kArea, {"都斯图河湿地自然保护区", "2"}}};
  return test::writeLayer(spec);
}

TEST(CliMapping, OverlapRunsAfterTheFieldOptionsAndAValueMapChangesTheRule) {
  const std::string folder = test::freshFolder("cli_own_overlap");
  const std::string base = "overlap --a " + ownMining(folder) + " --a-role mining --b " + ownReserve(folder) + " --b-role reserve -o " + folder +
                           "/out --json -";
  Outcome o = runCli(base);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("--a-field licence=licence_no"), std::string::npos) << o.output;

  const std::string mapped = base + " --a-field licence=licence_no --a-field kind=right_kind --b-field name=area_name --b-field zone=zone_code";
  o = runCli(mapped);
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("\"mining_reserve_core\""), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\"undecided_pieces\": 1"), std::string::npos) << o.output;

  o = runCli(mapped + " --b-value zone=core:1,核心保护区 --b-value zone=general:2");
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("\"mining_reserve_general\""), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("\"mining_reserve_core\""), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\"undecided_pieces\": 0"), std::string::npos) << o.output;

  o = runCli(mapped + " --b-value zone=general");
  EXPECT_EQ(o.exitCode, 2) << o.output;
  EXPECT_NE(o.output.find("--b-value zone=general: must be ROLE_FIELD=VALUE:RAW"), std::string::npos) << o.output;
}

TEST(CliMapping, AnAuditOfARedLineKeyedByIdNeedsOnlyTheMatchField) {
  const std::string folder = test::freshFolder("cli_own_audit");
  test::LayerSpec spec;
  spec.driver = "GeoJSON";
  spec.path = folder + "/counties.geojson";
  spec.fields = {"id", "name", "cp", "childNum"};
  spec.rows = {{kMine, {"150624", "鄂托克旗", "107.98,39.09", "6"}}};
  const std::string path = test::writeLayer(spec);
  const std::string base = "audit --old " + path + " --new " + path + " -o " + folder + "/out";
  Outcome o = runCli(base);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("Fields found, with sample values: id (150624); name (鄂托克旗)"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("The closest to the Patch code is id"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("--old-field code=id"), std::string::npos) << o.output;
  o = runCli(base + " --match-field id");
  EXPECT_EQ(o.exitCode, 0) << o.output;
  o = runCli(base + " --old-field code=id --new-field code=id");
  EXPECT_EQ(o.exitCode, 0) << o.output;
}

TEST(CliInfo, SuggestRolesPrintsTheRoleAndAProjectEntryToPaste) {
  const std::string folder = test::freshFolder("cli_suggest");
  test::LayerSpec spec;
  spec.path = folder + "/kyq.shp";
  spec.fields = {"f_a", "f_b", "f_c"};
  spec.rows = {{kMine, {"C1506242023101000000001", "鄂托克旗示例煤业有限公司", "采矿权"}},
               {kArea, {"T1506242021021000000002", "内蒙古第一地质队", "探矿权"}}};
  const Outcome o = runInfo(test::writeLayer(spec) + " --suggest-roles --samples 0");
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("suggested role: mining"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("    layers:\n      kyq:\n"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("        role: mining\n        fields: {holder: f_b, kind: f_c, licence: f_a}\n"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("--X-field licence=f_a"), std::string::npos) << o.output;
}

// ---- Input that must not give a silent wrong answer, hang, or leak a password.

const fs::path kSample = fs::path(SANXIAN_SAMPLE_PROJECT);

// The sample project and its data, copied into a fresh folder; returns the project file.
std::string sampleCopy(const std::string& name) {
  const fs::path folder = test::freshFolder(name);
  fs::copy(kSample.parent_path(), folder, fs::copy_options::recursive);
  return (folder / kSample.filename()).string();
}

void writeEsriPrj(const fs::path& prj, int epsg) {
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.morphToESRI();
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::ofstream(prj, std::ios::trunc) << wkt;
  CPLFree(wkt);
}

std::string fileText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Mining rights drawn in CM 108°E under a .prj of CM 111°E land 260 km
// east of everything else: the checks said "0 overlaps", nothing else did.
TEST(CliRun, ALayerFarFromTheOthersIsAWarningOnTheSummaryAndThePdfCoverAndAnErrorUnderStrict) {
  const std::string project = sampleCopy("cli_far_layer");
  const fs::path data = fs::path(project).parent_path() / "data";
  writeEsriPrj(data / "mining.prj", 4546);
  const std::string out = (fs::path(project).parent_path() / "out").string();
  Outcome o = runCli("run " + project + " -o " + out);
  ASSERT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("warning: [mining] the layer (longitude"), std::string::npos) << o.output;
  const std::string summary = fileText(fs::path(out) / "run_summary.json");
  EXPECT_NE(summary.find("\"kind\": \"far_from_other_layers\""), std::string::npos) << summary.substr(0, 2000);
#ifdef SANXIAN_TEST_PDF  // a build without Qt writes no PDF
  const std::string pdfText = (fs::path(out) / "report.txt").string();
  ASSERT_EQ(std::system(("pdftotext -layout " + (fs::path(out) / "sanxian_report.pdf").string() + " " + pdfText).c_str()), 0);
  const std::string cover = fileText(pdfText).substr(0, 3000);
  EXPECT_NE(cover.find("Warnings"), std::string::npos) << cover;
  EXPECT_NE(cover.find("[mining]"), std::string::npos) << cover;
#endif

  o = runCli("run " + project + " -o " + out + "-strict --no-pdf --strict");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("mining.shp layer mining: the layer"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("--strict"), std::string::npos) << o.output;
  EXPECT_FALSE(fs::exists(out + "-strict/run_summary.json"));

  std::ofstream(project, std::ios::app) << "strict: true\n";
  o = runCli("run " + project + " -o " + out + "-strict --no-pdf");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  o = runCli("overlap --a " + (data / "mining.shp").string() + " --b " + (data / "reserves.shp").string() + " -o " + out + "-overlap --strict");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("from the nearest other layer of the run"), std::string::npos) << o.output;
}

// A FIFO given as the .shp (or beside it) blocked forever.
TEST(CliInfo, AFifoIsRefusedInsteadOfReadForever) {
  const std::string folder = test::freshFolder("cli_fifo");
  ASSERT_EQ(mkfifo((folder + "/pipe.shp").c_str(), 0600), 0);
  Outcome o = runCli("info " + folder + "/pipe.shp", 20);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("pipe.shp: not a regular file"), std::string::npos) << o.output;

  const std::string shp = test::copyShapefile((kSample.parent_path() / "data" / "mining.shp").string(), folder);
  fs::remove(fs::path(shp).replace_extension(".dbf"));
  ASSERT_EQ(mkfifo(fs::path(shp).replace_extension(".dbf").c_str(), 0600), 0);
  o = runCli("area " + shp, 20);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("mining.dbf: not a regular file"), std::string::npos) << o.output;
}

// With a memory cap, flipped bytes ended in "std::bad_alloc". Caps a little
// above what the command needs to start meet the failure at different
// places (GDAL, measuring, a thread): each must be a plain sentence. One
// place no handler reaches: GDAL setting up a new thread's own storage
// ("CPLGetTLSList() failed to allocate") ends the process inside GDAL; seen
// on a fresh Debian root at 40 MB, never here. That one crash is tolerated,
// any other is not, and some cap must still give the plain sentence.
TEST(CliArea, RunningOutOfMemoryIsSaidPlainly) {
  const std::string layer = (kSample.parent_path() / "data" / "redline_2022.shp").string();
  if (runCli("--version", 0, "prlimit --data=60000000").exitCode != 0) GTEST_SKIP() << "prlimit --data not usable here (sanitizers?)";
  bool outOfMemory = false;
  // Never --json /dev/null: the JSON is written beside its target and renamed over it.
  const std::string json = test::freshFolder("cli_out_of_memory") + "/area.json";
  for (int megabytes : {20, 25, 30, 35, 40}) {
    const Outcome o = runCli("area " + layer + " --json " + json, 0, "prlimit --data=" + std::to_string(megabytes * 1000000));
    // (The shell between reports that crash as exit 139, not as a signal.)
    if (o.output.find("CPLGetTLSList() failed to allocate") != std::string::npos) continue;
    EXPECT_FALSE(o.crashed) << megabytes << " MB: " << o.output;
    EXPECT_EQ(o.output.find("bad_alloc"), std::string::npos) << megabytes << " MB: " << o.output;
    EXPECT_EQ(o.output.find("internal error"), std::string::npos) << megabytes << " MB: " << o.output;
    if (o.exitCode != 0) EXPECT_EQ(o.exitCode, 3) << megabytes << " MB: " << o.output;
    outOfMemory = outOfMemory || o.output.find("out of memory") != std::string::npos || o.output.find("out of system resources") != std::string::npos;
  }
  EXPECT_TRUE(outOfMemory) << "no cap ran out of memory: raise the caps' range";
}

// A PostgreSQL server that accepts a connection and never answers: the
// command waited forever. The password was printed in both forms.
class SilentServer {
public:
  SilentServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(fd_, 16);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        const int client = accept(fd_, nullptr, nullptr);
        if (client >= 0) clients_.push_back(client);  // held open, never answered
      }
    });
  }
  ~SilentServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
    for (int c : clients_) close(c);
  }
  int port() const { return port_; }

private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<int> clients_;
  std::thread thread_;
};

TEST(CliInfo, ADatabaseThatNeverAnswersTimesOutAndNoPasswordIsShown) {
  SilentServer server;
  const std::string host = "host=127.0.0.1 port=" + std::to_string(server.port());
  auto timed = [](const std::string& arguments) {
    const auto start = std::chrono::steady_clock::now();
    Outcome o = runCli(arguments, 60);
    return std::make_pair(o, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  // The connection string's own timeout.
  auto [o, seconds] = timed("info \"PG:" + host + " dbname=x user=u password='my secret pw' connect_timeout=1\" --json -");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_LT(seconds, 10) << o.output;
  EXPECT_NE(o.output.find("the database cannot be reached"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("timeout expired"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("secret"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("password=***"), std::string::npos) << o.output;
  // The default (10 s), and the URI form.
  std::tie(o, seconds) = timed("info postgresql://u:s3cret-pw@127.0.0.1:" + std::to_string(server.port()) + "/x");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_LT(seconds, 30) << o.output;
  EXPECT_EQ(o.output.find("s3cret-pw"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("postgresql://u:***@127.0.0.1"), std::string::npos) << o.output;
}

TEST(CliMessages, LibraryWordsComeAfterAPlainSentence) {
  const std::string folder = test::freshFolder("cli_messages");
  std::ofstream(folder + "/notes.geojson") << "this is not GeoJSON at all";
  Outcome o = runCli("info " + folder + "/notes.geojson");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("cannot be opened as vector data: not a format GDAL recognises"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("unknown error"), std::string::npos) << o.output;
  // A path the system cannot look at is not "no such file".
  o = runCli("info " + folder + "/" + std::string(300, 'x') + ".shp");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("cannot be reached: File name too long"), std::string::npos) << o.output;

  // A rule whose where_a is a list, not a mapping: yaml-cpp's iterator message.
  std::ofstream(folder + "/rules.yaml") << "rules:\n  - {id: x, a: mining, b: redline, severity: 禁止, where_a: [1, 2]}\n";
  const std::string data = (kSample.parent_path() / "data").string();
  o = runCli("overlap --a " + data + "/mining.shp --b " + data + "/redline_2023.shp -o " + folder + "/out --rules " + folder + "/rules.yaml");
  EXPECT_EQ(o.exitCode, 2) << o.output;
  EXPECT_NE(o.output.find("rules.yaml, rule 1: where_a must map fields to a value or a list of values"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("iterator"), std::string::npos) << o.output;
}


}  // namespace
}  // namespace sanxian

namespace sanxian {
namespace {

std::string square(double x0, double y0, double side) {
  return format("POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))", x0, y0, x0 + side, y0, x0 + side, y0 + side, x0, y0 + side, x0, y0);
}

std::string layerFile(const std::string& folder, const std::string& name, const std::vector<std::string>& fields, const std::vector<test::Row>& rows) {
  test::LayerSpec spec;
  spec.path = folder + "/" + name + ".shp";
  spec.fields = fields;
  spec.rows = rows;
  return test::writeLayer(spec);
}

// A farmland patch 50 m into the red line: the verdict fails, --fail-on-verdict exits 1,
// the JSON keeps its contract keys, and the check's folder holds its tables.
TEST(CliControlLines, WritesTheRunAndFailsTheVerdictOnAnOverlap) {
  const std::string folder = test::freshFolder("cli_controllines");
  const std::string redline = layerFile(folder, "stbhhx", {"HXBH"}, {{square(400000, 4300000, 100), {"HX1"}}});
  const std::string farmland = layerFile(folder, "yjjbnt", {"TBBH", "DLBM"}, {{square(400050, 4300000, 100), {"JB1", "0103"}}});
  const std::string urban = layerFile(folder, "czkfbj", {"BH", "GNFQ"}, {{square(400500, 4300000, 100), {"CZ1", "集中建设区"}}});
  const std::string args = "controllines --redline " + redline + " --farmland " + farmland + " --urban " + urban + " -o " + folder + "/out --no-pdf";
  Outcome o = runCli(args + " --json -");
  ASSERT_EQ(o.exitCode, 0) << o.output;
  for (const char* key : {"\"pairs\"", "\"total_overlap_area_m2\"", "\"control_lines_consistent\": false", "\"planar_overlap_area_m2\": 5000.0",
                          "\"redline_farmland\""})
    EXPECT_NE(o.output.find(key), std::string::npos) << key << "\n" << o.output;
  EXPECT_TRUE(fs::exists(folder + "/out/control_lines_stbhhx_yjjbnt_czkfbj/control_lines_conflicts.shp"));
  EXPECT_TRUE(fs::exists(folder + "/out/control_lines_stbhhx_yjjbnt_czkfbj/control_lines_pairs.csv"));
  o = runCli(args + " --fail-on-verdict");
  EXPECT_EQ(o.exitCode, 1) << o.output;
  EXPECT_NE(o.output.find("control lines do not overlap: failed"), std::string::npos) << o.output;
}

// Mining land inside the red line: a prohibited finding, --fail-on exits 1.
TEST(CliLandUse, ReportsClassAreasAndTheMiningLandFinding) {
  const std::string folder = test::freshFolder("cli_landuse");
  const std::string redline = layerFile(folder, "stbhhx", {"HXBH"}, {{square(400000, 4300000, 100), {"HX1"}}});
  const std::string dltb = layerFile(folder, "dltb", {"BSM", "DLBM", "DLMC", "TBMJ", "KCMJ"},
                                     {{square(400000, 4300000, 50), {"D1", "0602", "采矿用地", "2500", "0"}},
                                      {square(400050, 4300000, 100), {"D2", "0103", "旱地", "10000", "1000"}}});
  const std::string args = "landuse --zones " + redline + " --zones-role redline --landuse " + dltb + " -o " + folder + "/out --no-pdf";
  Outcome o = runCli(args + " --json -");
  ASSERT_EQ(o.exitCode, 0) << o.output;
  for (const char* key : {"\"classes\"", "\"code\": \"0602\"", "\"total_area_m2\"", "\"planar_total_area_m2\": 7500.0", "\"landuse_redline_mining\"",
                          "TBMJ − KCMJ"})
    EXPECT_NE(o.output.find(key), std::string::npos) << key << "\n" << o.output;
  EXPECT_TRUE(fs::exists(folder + "/out/landuse_stbhhx_dltb/landuse_classes.csv"));
  o = runCli(args + " --fail-on prohibited");
  EXPECT_EQ(o.exitCode, 1) << o.output;
}

// `sanxian indicators PROJECT`: the project's layers bound by role, the
// JSON keys scripts read, a target missed with --fail-on-verdict, and a
// clear message for an unknown set and for a layer bound under the wrong role.
TEST(CliIndicators, ComputesTheProjectsIndicatorsAndJudgesTheTargets) {
  const std::string folder = test::freshFolder("cli_indicators");
  // One township of 200 × 100 m: forest 0301 on its west half, grass on the east.
  layerFile(folder, "towns", {"XZQDM", "XZQMC"}, {{"POLYGON((400000 4300000,400200 4300000,400200 4300100,400000 4300100,400000 4300000))", {"150001", "甲镇"}}});
  layerFile(folder, "dltb", {"BSM", "DLBM", "DLMC"},
            {{square(400000, 4300000, 100), {"D1", "0301", "乔木林地"}}, {square(400100, 4300000, 100), {"D2", "0404", "其他草地"}}});
  layerFile(folder, "hx", {"HXBH"}, {{square(400000, 4300000, 50), {"HX1"}}});
  auto project = [&](const std::string& check) {
    std::ofstream(folder + "/p.yaml") << "name: 指标\nlayers:\n  towns: {path: towns.shp, role: boundary}\n  dltb: {path: dltb.shp, role: land_use}\n"
                                         "  hx: {path: hx.shp, role: redline}\nchecks:\n  - " + check + "\n";
  };
  project("{type: indicators, boundary: towns, targets: {forest_coverage_pct: 60}}");
  Outcome o = runCli("indicators " + folder + "/p.yaml -o " + folder + "/out --no-pdf --json -");
  ASSERT_EQ(o.exitCode, 0) << o.output;
  const size_t start = o.output.find('{');
  ASSERT_NE(start, std::string::npos) << o.output;
  const nlohmann::json j = nlohmann::json::parse(o.output.substr(start));
  const nlohmann::json* forest = nullptr;
  for (const auto& e : j["indicators"])
    if (e["id"] == "forest_coverage_pct") forest = &e;
  ASSERT_TRUE(forest) << o.output;
  for (const char* key : {"id", "value", "target", "passed", "previous_value", "by_township"}) EXPECT_TRUE(forest->contains(key)) << key;
  EXPECT_NEAR((*forest)["value"].get<double>(), 50.0, 1e-4);
  EXPECT_EQ((*forest)["target"], 60);
  EXPECT_EQ((*forest)["passed"], false);
  EXPECT_TRUE((*forest)["previous_value"].is_null());
  ASSERT_EQ((*forest)["by_township"].size(), 1u);
  for (const char* key : {"code", "name", "value"}) EXPECT_TRUE((*forest)["by_township"][0].contains(key)) << key;
  EXPECT_EQ((*forest)["by_township"][0]["name"], "甲镇");
  // The red line was found by its role: 2 500 of 20 000 m².
  for (const auto& e : j["indicators"])
    if (e["id"] == "redline_share_pct") {
      EXPECT_NEAR(e["value"].get<double>(), 12.5, 1e-4);
    }
  EXPECT_TRUE(fs::exists(folder + "/out/indicators/indicators.csv"));
  EXPECT_TRUE(fs::exists(folder + "/out/indicators/indicators_townships.shp"));

  o = runCli("indicators " + folder + "/p.yaml -o " + folder + "/out2 --no-pdf --fail-on-verdict");
  EXPECT_EQ(o.exitCode, 1) << o.output;
  EXPECT_NE(o.output.find("Forest coverage"), std::string::npos) << o.output;

  o = runCli("indicators " + folder + "/p.yaml -o " + folder + "/out3 --no-pdf --set 2031");
  EXPECT_EQ(o.exitCode, 2) << o.output;
  EXPECT_NE(o.output.find("2024-county"), std::string::npos) << o.output;  // the known sets are named

  project("{type: indicators, boundary: towns, layers: {redline: dltb}}");
  o = runCli("indicators " + folder + "/p.yaml -o " + folder + "/out4 --no-pdf");
  EXPECT_EQ(o.exitCode, 2) << o.output;
  EXPECT_NE(o.output.find("layer 'dltb' has role land_use"), std::string::npos) << o.output;
  EXPECT_FALSE(fs::exists(folder + "/out4/indicators"));
}

}  // namespace
}  // namespace sanxian
