// sanxian-viewer: the map viewer. `sanxian-viewer [PROJECT]` opens the
// window; `--screenshot FILE.png` renders the project as the window shows
// it and `--print FILE.pdf|png` prints it through the print layout, and
// both exit (they work with QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "core/base/error.h"
#include "core/base/text.h"
#include "main_window.h"
#include "render/map_view.h"
#include "screenshot.h"
#include "translations.h"

namespace {

// The command line's options, in the order --help lists them.
struct Options {
  const QCommandLineOption shot{"screenshot", QCoreApplication::translate("main", "绘制项目地图到 PNG 后退出"), "FILE.png"};
  const QCommandLineOption print{"print", QCoreApplication::translate("main", "按打印布局（标题、图例、比例尺、指北针、格网）输出 PDF 或 PNG 后退出"),
                                 "FILE.pdf"};
  const QCommandLineOption size{"size", QCoreApplication::translate("main", "截图尺寸，宽x高"), "WxH", "1600x1000"};
  const QCommandLineOption extent{"extent", QCoreApplication::translate("main", "截图或打印的范围（分析坐标系，米）"), "minx,miny,maxx,maxy"};
  const QCommandLineOption checks{"checks", QCoreApplication::translate("main", "截图前运行项目的检查并绘制结果")};
  const QCommandLineOption output{"output", QCoreApplication::translate("main", "--checks 的输出文件夹"), "DIR"};
  const QCommandLineOption lang{"lang", QCoreApplication::translate("main", "界面语言：zh 或 en"), "LANG"};
  const QCommandLineOption grab{"grab-window", QCoreApplication::translate("main", "打开窗口、绘制完成后把整个窗口保存为 PNG 并退出"), "FILE.png"};
  const QCommandLineOption legend{"legend", QCoreApplication::translate("main", "截图带图例")};
  const QCommandLineOption compare{"compare", QCoreApplication::translate("main", "比较两个红线版本（旧版,新版 的图层 id）"), "OLD,NEW"};
  const QCommandLineOption show{"show", QCoreApplication::translate("main", "比较的显示方式：swipe（卷帘）、old、new、changes"), "MODE"};
  const QCommandLineOption swipe{"swipe", QCoreApplication::translate("main", "卷帘分隔线的位置（0 到 1，默认 0.5）"), "F"};
  const QCommandLineOption attributes{"attributes", QCoreApplication::translate("main", "--grab-window：打开此图层的属性表"), "LAYER"};
  const QCommandLineOption title{"title", QCoreApplication::translate("main", "打印标题（默认项目名称）"), "TEXT"};
  const QCommandLineOption paper{"paper", QCoreApplication::translate("main", "打印纸张：A4 或 A3"), "A4|A3", "A4"};
  const QCommandLineOption portrait{"portrait", QCoreApplication::translate("main", "纵向打印（默认横向）")};
  const QCommandLineOption organisation{"organisation", QCoreApplication::translate("main", "编制单位"), "TEXT"};
  const QCommandLineOption sourceNote{"source-note", QCoreApplication::translate("main", "数据来源说明（默认所显示图层的文件名）"), "TEXT"};
  const QCommandLineOption date{"date", QCoreApplication::translate("main", "制图日期（默认今天）"), "YYYY-MM-DD"};
  const QCommandLineOption dpi{"dpi", QCoreApplication::translate("main", "PNG 打印的分辨率"), "DPI", "300"};
  const QCommandLineOption noGrid{"no-grid", QCoreApplication::translate("main", "打印不画坐标格网")};

  QList<QCommandLineOption> all() const {
    return {shot, print, size, extent, checks, output, lang, grab, legend, compare, show, swipe, attributes, title, paper,
            portrait, organisation, sourceNote, date, dpi, noGrid};
  }
};

// Chinese by default (Qt's own dialogs too); English when the locale (or --lang en) says so.
void setUpLanguage(int argc, char** argv) {
  QString lang;
  for (int i = 1; i + 1 < argc; ++i)
    if (QString(argv[i]) == "--lang") lang = argv[i + 1];
  const bool english = lang.isEmpty() ? sanxian::language() == sanxian::Language::English : lang.startsWith("en");
  sanxian::setLanguage(english ? sanxian::Language::English : sanxian::Language::Chinese);
  if (!sanxian::viewer::installTranslations(english) && !english)
    std::cerr << "note: Qt's Chinese translations (qtbase_zh_CN.qm, package qt6-translations-l10n) are not installed\n";
  QFont font = QApplication::font();
  font.setFamilies({QStringLiteral("Noto Sans CJK SC"), font.family()});
  QApplication::setFont(font);
}

void readSetup(const QCommandLineParser& parser, const Options& o, sanxian::viewer::HeadlessSetup& setup) {
  setup.runChecks = parser.isSet(o.checks);
  setup.checksOutput = parser.value(o.output).toStdString();
  if (parser.isSet(o.compare)) {
    const QStringList ids = parser.value(o.compare).split(',');
    if (ids.size() != 2)
      sanxian::throwUsage(sanxian::tr("--compare 应为 旧版,新版 两个图层 id", "--compare takes two layer ids: old,new"));
    setup.compareOld = ids[0].trimmed().toStdString();
    setup.compareNew = ids[1].trimmed().toStdString();
  }
  if (parser.isSet(o.show)) setup.compareShow = sanxian::viewer::parseCompareShow(parser.value(o.show).toStdString());
  if (parser.isSet(o.swipe)) {
    bool ok = false;
    setup.swipe = parser.value(o.swipe).toDouble(&ok);
    if (!ok || setup.swipe < 0 || setup.swipe > 1)
      sanxian::throwUsage(sanxian::tr("--swipe 应为 0 到 1 之间的数（分隔线在地图宽度的位置）", "--swipe takes a number from 0 to 1 (where the divider is across the map)"));
  }
}

sanxian::viewer::ScreenshotOptions screenshotOptions(const QCommandLineParser& parser, const Options& o, const QStringList& args) {
  if (args.size() != 1) sanxian::throwUsage(sanxian::tr("--screenshot 需要一个项目文件", "--screenshot needs a project file"));
  sanxian::viewer::ScreenshotOptions s;
  s.project = args[0].toStdString();
  s.output = parser.value(o.shot).toStdString();
  s.size = sanxian::viewer::parseSize(parser.value(o.size).toStdString());
  if (parser.isSet(o.extent)) s.extent = sanxian::render::MapView::parseExtent(parser.value(o.extent).toStdString());
  s.legend = parser.isSet(o.legend);
  readSetup(parser, o, s);
  return s;
}

sanxian::viewer::PrintOptions printOptions(const QCommandLineParser& parser, const Options& o, const QStringList& args) {
  if (args.size() != 1) sanxian::throwUsage(sanxian::tr("--print 需要一个项目文件", "--print needs a project file"));
  sanxian::viewer::PrintOptions p;
  p.project = args[0].toStdString();
  p.output = parser.value(o.print).toStdString();
  if (parser.isSet(o.extent)) p.extent = sanxian::render::MapView::parseExtent(parser.value(o.extent).toStdString());
  p.title = parser.value(o.title).toStdString();
  p.paper = parser.value(o.paper).toStdString();
  p.landscape = !parser.isSet(o.portrait);
  p.organisation = parser.value(o.organisation).toStdString();
  p.sourceNote = parser.value(o.sourceNote).toStdString();
  p.date = parser.value(o.date).toStdString();
  p.grid = !parser.isSet(o.noGrid);
  bool ok = false;
  p.dpi = parser.value(o.dpi).toDouble(&ok);
  if (!ok || p.dpi < 50 || p.dpi > 1200) sanxian::throwUsage(sanxian::tr("--dpi 应在 50 到 1200 之间", "--dpi must be between 50 and 1200"));
  readSetup(parser, o, p);
  return p;
}

// --grab-window, for docs: the whole window as a user sees it, once the map is drawn. Returns the exit code.
int grabWindow(sanxian::viewer::MainWindow& window, const QCommandLineParser& parser, const Options& o, const QStringList& args) {
  if (parser.isSet(o.size)) window.resize(sanxian::viewer::parseSize(parser.value(o.size).toStdString()));
  if (!args.isEmpty() && parser.isSet(o.checks)) window.runChecksInto(parser.value(o.output));
  try {
    sanxian::viewer::HeadlessSetup setup;
    readSetup(parser, o, setup);
    if (!setup.compareOld.empty()) {
      const auto* a = window.document().layer(setup.compareOld);
      const auto* b = window.document().layer(setup.compareNew);
      if (!a || !b) sanxian::throwUsage(sanxian::tr("--compare 的图层不在项目中", "a layer of --compare is not in the project"));
      sanxian::viewer::Comparison c = sanxian::viewer::Document::compare(*a->layer, *b->layer, a->id, b->id, *window.document().roles);
      c.show = setup.compareShow;
      c.swipe = setup.swipe;
      window.setComparison(std::move(c));
    }
  } catch (const sanxian::Error& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  if (parser.isSet(o.attributes)) window.showAttributes(parser.value(o.attributes).toStdString());
  QApplication::processEvents();
  if (!parser.isSet(o.extent)) window.canvas()->zoomToFullExtent();
  else window.canvas()->zoomToExtent(sanxian::render::MapView::parseExtent(parser.value(o.extent).toStdString()), 0);
  window.canvas()->renderNow();
  window.canvas()->renderer().waitForIdle();
  QApplication::processEvents();
  return window.grab().save(parser.value(o.grab)) ? 0 : 3;
}

// Without a display (a server, a CI job, ssh without X forwarding) Qt's
// default platform aborts before a word of help. Whatever draws off screen
// (--help, --screenshot, --print, --grab-window) runs there on the
// offscreen platform; the window itself is refused with a sentence.
// Returns an exit code when the program must stop before Qt starts.
std::optional<int> prepareDisplay(int argc, char** argv) {
  const auto set = [](const char* name) { return std::getenv(name) && *std::getenv(name); };
  if (set("QT_QPA_PLATFORM") || set("DISPLAY") || set("WAYLAND_DISPLAY")) return std::nullopt;
  bool offscreen = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    for (const char* option : {"-h", "--help", "--help-all", "-v", "--version", "--screenshot", "--print", "--grab-window"})
      offscreen = offscreen || a == option || a.rfind(std::string(option) + "=", 0) == 0;
  }
  if (offscreen) {
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
    return std::nullopt;
  }
  std::cerr << sanxian::tr("sanxian-viewer：没有图形显示（DISPLAY 与 WAYLAND_DISPLAY 均未设置）。请在桌面会话中运行，"
                           "或用 --screenshot / --print 离屏输出图片与 PDF。\n",
                           "sanxian-viewer: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it in a desktop session, "
                           "or draw off screen with --screenshot / --print.\n");
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  if (const std::optional<int> stop = prepareDisplay(argc, argv)) return *stop;
  QApplication app(argc, argv);
  QApplication::setApplicationName("sanxian-viewer");
  QApplication::setOrganizationName("sanxian");
  setUpLanguage(argc, argv);

  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate("main", "三线核查地图：查看图层、运行检查、逐条查看结果"));
  parser.addHelpOption();
  parser.addPositionalArgument("project", QCoreApplication::translate("main", "项目文件（.yaml）"));
  const Options options;
  parser.addOptions(options.all());
  parser.process(app);
  const QStringList args = parser.positionalArguments();

  try {
    if (parser.isSet(options.shot)) return sanxian::viewer::screenshot(screenshotOptions(parser, options, args));
    if (parser.isSet(options.print)) return sanxian::viewer::printProject(printOptions(parser, options, args));
  } catch (const sanxian::Error& e) {
    std::cerr << e.what() << "\n";
    return e.kind() == sanxian::Error::Kind::Usage ? 2 : 3;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 3;
  }

  sanxian::viewer::MainWindow window;
  window.resize(1400, 900);
  window.show();
  if (!args.isEmpty()) window.openProject(args[0]);
  if (parser.isSet(options.grab)) return grabWindow(window, parser, options, args);
  return app.exec();
}
