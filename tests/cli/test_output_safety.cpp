// The output folder is the user's: a run deletes only what it made, never
// replaces an input, fails loudly on a full disk with the previous outputs
// intact, lets one run write at a time, and a run killed while moving its
// files into place is finished by the next one. Run as a user would run it.
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <sys/stat.h>

#include "core/run/provenance.h"
#include "fixtures/fixtures.h"
#include "report/files/output.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exitCode = -1;
  std::string output;
};

Outcome sanxian(const std::string& arguments, const std::string& before = "") {
  const std::string command = "(" + before + " LANG=en_US.UTF-8 QT_QPA_PLATFORM=offscreen exec " SANXIAN_CLI " " + arguments + ") 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) outcome.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A mining right over a red-line patch, as two small Shapefiles in `folder`.
void layers(const std::string& folder, const std::string& redlineName = "redline") {
  test::LayerSpec red;
  red.path = folder + "/" + redlineName + ".shp";
  red.fields = {"HXBH", "HXMC", "GNLX"};
  red.rows = {{"POLYGON((400000 4300000,401000 4300000,401000 4301000,400000 4301000,400000 4300000))", {"HX1", "红线", "防风固沙"}}};
  test::writeLayer(red);
  test::LayerSpec mining;
  mining.path = folder + "/mining.shp";
  mining.fields = {"XKZH", "KSMC", "KYQLX"};
  mining.rows = {{"POLYGON((400500 4300500,401500 4300500,401500 4301500,400500 4301500,400500 4300500))", {"C1", "矿", "采矿权"}}};
  test::writeLayer(mining);
}

TEST(OutputSafety, FilesOfTheUserWithTmpInTheirNamesAreNeverRemoved) {
  const std::string folder = test::freshFolder("safety_tmp_names");
  layers(folder);
  // What the old clean-up deleted: an input named like a temporary, a photo folder.
  fs::copy_file(folder + "/mining.shp", folder + "/mining.tmp-2023.shp");
  fs::create_directories(folder + "/out/外业照片.tmp-2024");
  std::ofstream(folder + "/out/外业照片.tmp-2024/1.jpg") << "photo";
  std::ofstream(folder + "/out/notes.tmp-99999") << "mine";
  const Outcome o = sanxian("overlap --a " + folder + "/mining.shp --b " + folder + "/redline.shp -o " + folder + "/out");
  ASSERT_EQ(o.exitCode, 0) << o.output;
  EXPECT_TRUE(fs::exists(folder + "/mining.tmp-2023.shp"));
  EXPECT_EQ(bytes(folder + "/out/外业照片.tmp-2024/1.jpg"), "photo");
  EXPECT_TRUE(fs::exists(folder + "/out/notes.tmp-99999"));
  // The check's folder is named after its type and layers.
  EXPECT_TRUE(fs::exists(folder + "/out/overlap_mining_redline/overlap_conflicts.shp"));
}

TEST(OutputSafety, AnOutputThatWouldReplaceAnInputIsRefusedBeforeAnythingIsWritten) {
  const std::string folder = test::freshFolder("safety_replace_input");
  layers(folder, "ledger");  // input B is named like the run's ledger
  const std::string before = bytes(folder + "/ledger.dbf");
  const Outcome o = sanxian("overlap --a " + folder + "/mining.shp --b " + folder + "/ledger.shp -o " + folder);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("would replace the input"), std::string::npos) << o.output;
  EXPECT_EQ(bytes(folder + "/ledger.dbf"), before);
  EXPECT_FALSE(fs::exists(folder + "/ledger.csv"));
  EXPECT_FALSE(fs::exists(folder + "/run_summary.json"));

  const std::string dbf = bytes(folder + "/mining.dbf");
  const Outcome area = sanxian("area " + folder + "/mining.shp --json " + folder + "/mining.dbf");
  EXPECT_EQ(area.exitCode, 3) << area.output;
  EXPECT_EQ(bytes(folder + "/mining.dbf"), dbf);
}

// A full disk, made with a file-size limit: every write is checked, the run
// exits 3 naming the file the user looks for, and the previous run stays whole.
TEST(OutputSafety, AFullDiskFailsLoudlyAndLeavesThePreviousOutputsIntact) {
  const std::string folder = test::freshFolder("safety_full_disk");
  const std::string out = folder + "/out";
  const Outcome first = sanxian(std::string("run ") + SANXIAN_SAMPLE + " -o " + out + " --no-pdf");
  ASSERT_EQ(first.exitCode, 0) << first.output;
  const size_t ledger = std::hash<std::string>()(bytes(out + "/ledger.csv")), gpkg = std::hash<std::string>()(bytes(out + "/sanxian_results.gpkg"));
  for (const char* limit : {"20", "100", "600"}) {  // KiB: fails in the Shapefile, workbook and GeoPackage writers
    const Outcome o = sanxian(std::string("run ") + SANXIAN_SAMPLE + " -o " + out + " --no-pdf", std::string("trap '' XFSZ; ulimit -f ") + limit + ";");
    EXPECT_EQ(o.exitCode, 3) << limit << ": " << o.output;
    // Our message names the final file, not a temporary (libxlsxwriter prints its own line too).
    const size_t error = o.output.find("error: ");
    ASSERT_NE(error, std::string::npos) << o.output;
    const std::string line = o.output.substr(error, o.output.find('\n', error) - error);
    EXPECT_EQ(line.find(".sanxian-"), std::string::npos) << line;
    EXPECT_NE(line.find(out), std::string::npos) << line;
    EXPECT_EQ(std::hash<std::string>()(bytes(out + "/ledger.csv")), ledger);
    EXPECT_EQ(std::hash<std::string>()(bytes(out + "/sanxian_results.gpkg")), gpkg);
    for (const auto& entry : fs::directory_iterator(out)) {
      const std::string name = entry.path().filename().string();
      EXPECT_TRUE(name.rfind(".sanxian-", 0) != 0 || name == ".sanxian-lock") << name;
    }
  }
}

TEST(OutputSafety, OneRunWritesIntoAFolderAtATime) {
  const std::string folder = test::freshFolder("safety_lock");
  layers(folder);
  fs::create_directories(folder + "/out");
  const int fd = ::open((folder + "/out/.sanxian-lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // another run is writing
  const Outcome busy = sanxian("overlap --a " + folder + "/mining.shp --b " + folder + "/redline.shp -o " + folder + "/out");
  EXPECT_EQ(busy.exitCode, 3) << busy.output;
  EXPECT_NE(busy.output.find("another sanxian is writing"), std::string::npos) << busy.output;
  ::close(fd);  // that run ends (or is killed): its lock goes with it
  const Outcome free = sanxian("overlap --a " + folder + "/mining.shp --b " + folder + "/redline.shp -o " + folder + "/out");
  EXPECT_EQ(free.exitCode, 0) << free.output;
}

// A run killed after its files were written but while moving them into
// place: the journal lets the next sanxian on the folder finish the move, so
// the folder holds one run's files, not a mix.
TEST(OutputSafety, ARunKilledWhileMovingItsFilesIsFinishedByTheNext) {
  const std::string folder = test::freshFolder("safety_killed_commit");
  const std::string out = folder + "/out";
  fs::create_directories(out + "/.sanxian-staging-999999-run/check");
  std::ofstream(out + "/.sanxian-staging-999999-run/.sanxian-staging") << "x";
  std::ofstream(out + "/.sanxian-staging-999999-run/check/a.csv") << "new a";
  fs::create_directories(out + "/check");
  std::ofstream(out + "/check/a.csv") << "old a";
  std::ofstream(out + "/check/b.csv") << "new b";  // moved before the kill
  std::ofstream(out + "/.sanxian-commit-999999") << ".sanxian-staging-999999-run\ncheck/b.csv\ncheck/a.csv\n";
  ASSERT_FALSE(fs::exists("/proc/999999"));
  { StagedOutput next(out); }
  EXPECT_EQ(bytes(out + "/check/a.csv"), "new a");
  EXPECT_EQ(bytes(out + "/check/b.csv"), "new b");
  EXPECT_FALSE(fs::exists(out + "/.sanxian-commit-999999"));
  EXPECT_FALSE(fs::exists(out + "/.sanxian-staging-999999-run"));
}

TEST(OutputSafety, CsvCellsAreNeverFormulas) {
  const std::string folder = test::freshFolder("safety_csv");
  test::LayerSpec red;
  red.path = folder + "/redline.shp";
  red.fields = {"HXBH", "HXMC", "GNLX"};
  red.rows = {{"POLYGON((400000 4300000,401000 4300000,401000 4301000,400000 4301000,400000 4300000))", {"HX1", "红线", "防风固沙"}}};
  test::writeLayer(red);
  test::LayerSpec mining;
  mining.path = folder + "/mining.shp";
  mining.fields = {"XKZH", "KSMC", "KYQLX"};
  mining.rows = {{"POLYGON((400500 4300500,401500 4300500,401500 4301500,400500 4301500,400500 4300500))",
                  {"=HYPERLINK(\"http://x\")", "@SUM(1)", "采矿权"}}};
  test::writeLayer(mining);
  const Outcome o = sanxian("overlap --a " + folder + "/mining.shp --b " + folder + "/redline.shp -o " + folder + "/out");
  ASSERT_EQ(o.exitCode, 0) << o.output;
  const std::string csv = bytes(folder + "/out/overlap_mining_redline/overlap_conflicts.csv");
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos) << csv;
  EXPECT_NE(csv.find("'@SUM(1)"), std::string::npos) << csv;
}

TEST(OutputSafety, AnInvalidFailOnIsRefusedBeforeAnythingIsWritten) {
  const std::string folder = test::freshFolder("safety_fail_on");
  layers(folder);
  const Outcome o = sanxian("overlap --a " + folder + "/mining.shp --b " + folder + "/redline.shp -o " + folder + "/out --fail-on severe");
  EXPECT_EQ(o.exitCode, 2) << o.output;
  EXPECT_FALSE(fs::exists(folder + "/out"));
  EXPECT_EQ(sanxian(std::string("run ") + SANXIAN_SAMPLE + " -o " + folder + "/run --fail-on 严重").exitCode, 2);
  EXPECT_FALSE(fs::exists(folder + "/run"));
}

// A folder name in GBK bytes (not UTF-8): the summary is still written, the
// bad bytes replaced, instead of "internal error: json.exception" after the tables.
TEST(OutputSafety, APathInGbkBytesStillGetsItsSummary) {
  const std::string folder = test::freshFolder("safety_gbk_path") + "/\xb2\xe2\xca\xd4";
  fs::create_directories(folder);
  layers(folder);
  const Outcome o = sanxian("overlap --a '" + folder + "/mining.shp' --b '" + folder + "/redline.shp' -o '" + folder + "/out' --json '" + folder +
                            "/out.json'");
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_TRUE(fs::exists(folder + "/out.json"));
  EXPECT_EQ(o.output.find("internal error"), std::string::npos) << o.output;
}

// --json /dev/null (or /dev/stdout, a FIFO) writes into the device; the old
// write-then-rename replaced /dev/null with a regular file.
TEST(OutputSafety, JsonIntoADeviceWritesIntoItAndNeverReplacesIt) {
  const std::string folder = test::freshFolder("safety_device");
  layers(folder);
  const std::string fifo = folder + "/summary.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  std::string read;
  std::thread reader([&] { read = bytes(fifo); });
  const Outcome o = sanxian("area " + folder + "/mining.shp --json " + fifo);
  reader.join();
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_TRUE(fs::is_fifo(fifo));  // still the pipe, not a file renamed over it
  EXPECT_NE(read.find("\"features\""), std::string::npos) << read.substr(0, 200);
}

}  // namespace
}  // namespace sanxian
