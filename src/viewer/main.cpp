// sanxian-viewer: the map viewer. `sanxian-viewer [PROJECT]` opens the
// window; `--screenshot FILE.png` renders the project as the window shows
// it and exits (works with QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <iostream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "main_window.h"
#include "render/map_view.h"
#include "screenshot.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("sanxian-viewer");
  QApplication::setOrganizationName("sanxian");

  // Chinese by default; English when the locale (or --lang en) says so.
  QString lang;
  for (int i = 1; i + 1 < argc; ++i)
    if (QString(argv[i]) == "--lang") lang = argv[i + 1];
  const bool english = lang.isEmpty() ? sanxian::language() == sanxian::Language::English : lang.startsWith("en");
  sanxian::setLanguage(english ? sanxian::Language::English : sanxian::Language::Chinese);
  QTranslator translator, qtTranslator;
  if (english) {
    if (translator.load(QStringLiteral(":/i18n/sanxian_en.qm"))) app.installTranslator(&translator);
  } else if (qtTranslator.load(QLocale(QLocale::Chinese, QLocale::China), "qtbase", "_",
                               QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    app.installTranslator(&qtTranslator);  // Qt's own dialogs in Chinese
  }
  QFont font = QApplication::font();
  font.setFamilies({QStringLiteral("Noto Sans CJK SC"), font.family()});
  QApplication::setFont(font);

  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate("main", "三线核查地图：查看图层、运行检查、逐条查看结果"));
  parser.addHelpOption();
  parser.addPositionalArgument("project", QCoreApplication::translate("main", "项目文件（.yaml）"));
  const QCommandLineOption shot("screenshot", QCoreApplication::translate("main", "绘制项目地图到 PNG 后退出"), "FILE.png");
  const QCommandLineOption size("size", QCoreApplication::translate("main", "截图尺寸，宽x高"), "WxH", "1600x1000");
  const QCommandLineOption extent("extent", QCoreApplication::translate("main", "截图范围（分析坐标系，米）"), "minx,miny,maxx,maxy");
  const QCommandLineOption checks("checks", QCoreApplication::translate("main", "截图前运行项目的检查并绘制结果"));
  const QCommandLineOption output("output", QCoreApplication::translate("main", "--checks 的输出文件夹"), "DIR");
  const QCommandLineOption langOption("lang", QCoreApplication::translate("main", "界面语言：zh 或 en"), "LANG");
  const QCommandLineOption grab("grab-window", QCoreApplication::translate("main", "打开窗口、绘制完成后把整个窗口保存为 PNG 并退出"), "FILE.png");
  parser.addOptions({shot, size, extent, checks, output, langOption, grab});
  parser.process(app);
  const QStringList args = parser.positionalArguments();

  try {
    if (parser.isSet(shot)) {
      if (args.size() != 1) sanxian::throwUsage(sanxian::tr("--screenshot 需要一个项目文件", "--screenshot needs a project file"));
      sanxian::viewer::ScreenshotOptions o;
      o.project = args[0].toStdString();
      o.output = parser.value(shot).toStdString();
      o.size = sanxian::viewer::parseSize(parser.value(size).toStdString());
      if (parser.isSet(extent)) o.extent = sanxian::render::MapView::parseExtent(parser.value(extent).toStdString());
      o.runChecks = parser.isSet(checks);
      o.checksOutput = parser.value(output).toStdString();
      return sanxian::viewer::screenshot(o);
    }
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
  if (parser.isSet(grab)) {
    // For docs: the whole window as a user sees it, once the map is drawn.
    if (parser.isSet(size)) window.resize(sanxian::viewer::parseSize(parser.value(size).toStdString()));
    if (!args.isEmpty() && parser.isSet(checks)) window.runChecksInto(parser.value(output));
    QApplication::processEvents();
    window.canvas()->zoomToFullExtent();
    window.canvas()->renderNow();
    window.canvas()->renderer().waitForIdle();
    QApplication::processEvents();
    return window.grab().save(parser.value(grab)) ? 0 : 3;
  }
  return app.exec();
}
