#include "report/pdf/pdf_report.h"
#include "report/pdf/pdf_internal.h"

namespace sanxian::report {

using namespace pdf;

void ensureGuiApplication() {
  if (QCoreApplication::instance()) return;
  if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 0);
  static int argc = 1;
  static char name[] = "sanxian";
  static char* argv[] = {name, nullptr};
  new QGuiApplication(argc, argv);  // lives for the rest of the process
}

namespace {

// The report being drawn, section by section, onto the pages.
struct ReportWriter {
  const LoadedProject& loaded;
  const RunResult& result;
  const PdfOptions& options;
  std::shared_ptr<const render::StyleSet> styles;
  std::shared_ptr<const RoleCatalog> roles;
  std::string date;
  const std::string& projectName = loaded.project.name;
  Pages& pages;
  QPainter& p = pages.painter();
  PdfReport& report;
  std::optional<ReportScene> sceneStore;
  const ReportScene& scene() {
    if (!sceneStore) sceneStore = buildScene(loaded, result, styles, *roles);
    return *sceneStore;
  }

  // Cover: project, date, each check's verdicts and headlines.
  void cover() {
    pages.skip(pages.mm(18));
    pages.text(T("三线核查报告", "Sanxian audit report"), pages.font(13), QColor(0x8e, 0x1b, 0x1b));
    pages.skip(pages.mm(3));
    pages.text(q(projectName), pages.font(20, true));
    pages.skip(pages.mm(4));
    pages.para(T("日期：", "Date: ") + q(date) + QStringLiteral("    ") + T("工具版本：sanxian ", "Tool: sanxian ") + q(toolVersion()), 9.5);
    // A single-check command has no project file: the command line is what reruns it.
    if (!loaded.project.path.empty())
      pages.para(T("项目文件：", "Project file: ") + q(loaded.project.path), 9.5);
    else if (!options.commandLine.empty())
      pages.para(T("命令：", "Command: ") + q(options.commandLine), 9.5);
    pages.para(T("分析坐标系：", "Analysis CRS: ") + crsText(loaded.analysisCrs), 9.5);
    // The layers' warnings (where a layer lies, a .cpg its text contradicts), before any verdict they may undermine.
    if (const auto& warnings = result.summary["warnings"]; warnings.is_array() && !warnings.empty()) {
      pages.skip(pages.mm(4));
      pages.heading(T("警告", "Warnings"), 1);
      for (const auto& w : warnings)
        pages.para(QStringLiteral("•  [") + q(w["layer"].get<std::string>()) + QStringLiteral("] ") + q(w["message"].get<std::string>()), 9.5,
                   QColor(0xc6, 0x28, 0x28), pages.mm(2));
    }
    pages.skip(pages.mm(6));
    pages.heading(T("检查结论", "Verdicts"), 1);
    for (const auto& check : result.summary["checks"]) {
      const std::string type = check["type"];
      if (check["status"] == "not_available") {
        pages.heading(q(checkTypeTitle(type)), 2);
        pages.para(T("本版本尚未提供此检查，未执行。", "This check is not available in this version and was not run."), 9.5, QColor(0x75, 0x75, 0x75));
        continue;
      }
      const CheckOutput* output = result.check(check["id"].get<std::string>());
      if (!output) continue;
      pages.heading(q(output->title), 2);
      // The verdicts first, each on its own, passed in green and failed in red.
      if (!output->verdicts.empty()) {
        QString line;
        for (const auto& [key, passed] : output->verdicts) {
          const auto own = output->verdictTitles.find(key);
          const std::string title = own != output->verdictTitles.end() ? own->second : verdictTitle(key);
          line += (line.isEmpty() ? QString() : QStringLiteral("    ")) + q(title) + T("：", ": ") +
                  (passed ? T("通过", "passed") : T("不通过", "failed"));
        }
        const bool allPassed = std::all_of(output->verdicts.begin(), output->verdicts.end(), [](const auto& v) { return v.second; });
        pages.text(line, pages.font(10, true), allPassed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28), pages.mm(2));
        pages.skip(pages.mm(1));
      }
      for (const std::string& line : output->headlines) pages.para(QStringLiteral("•  ") + q(line), 9.5, Qt::black, pages.mm(2));
      size_t counts[4] = {0, 0, 0, 0};
      for (const Finding& f : output->findings) ++counts[static_cast<int>(f.severity)];
      pages.para(q(format(tr("问题 %zu 条：禁止 %zu，限制 %zu，提示 %zu（见问题台账）", "%zu findings: prohibited %zu, restricted %zu, notice %zu (see the ledger)"),
                          output->findings.size(), counts[3], counts[2], counts[1])),
                 9.5, Qt::black, pages.mm(2));
    }
    pages.skip(pages.mm(4));
    pages.note(T("面积为 CGCS2000 椭球面积，平面面积（分析坐标系，平方米）另列供对照；完整结果见同一目录的 sanxian_results.xlsx、sanxian_results.gpkg、"
                 "问题台账 ledger.csv 与各检查目录。",
                 "Areas are ellipsoidal on CGCS2000, planar figures (analysis CRS, m²) beside them for comparison; the full results are in "
                 "sanxian_results.xlsx, sanxian_results.gpkg, the findings ledger ledger.csv and each check's folder."));
  }

  // Parameters and the analysis CRS.
  void parameters() {
    pages.newPage();
    pages.heading(T("参数与分析坐标系", "Parameters and analysis CRS"), 1);
    {
      std::vector<std::vector<QString>> rows = {
          {T("分析坐标系", "Analysis CRS"), crsText(loaded.analysisCrs)},
          {T("坐标系定义", "CRS definition"), q(loaded.analysisCrs.definition.size() > 80 ? loaded.analysisCrs.definition.substr(0, 80) + "…" : loaded.analysisCrs.definition)},
          {T("Shapefile 编码", "Shapefile encoding"), q(options.shapefileEncoding)},
          {T("面积平差", "面积平差 (rounding adjustment)"), options.adjustRounding ? T("是", "yes") : T("否", "no")},
          {T("单独成图的最小面积", "Smallest finding with its own map"), q(format(tr("%g 公顷", "%g ha"), options.mapMinAreaHa))},
          {T("命令", "Command"), q(options.commandLine.empty() ? std::string("-") : options.commandLine)}};
      for (const auto& check : result.summary["checks"])
        rows.push_back({q(check.value("title", std::string(checkTypeTitle(check["type"].get<std::string>())))), q(parametersText(check["params"]))});
      drawTable(pages, {{T("参数", "Parameter")}, {T("值", "Value"), false, false, 3}}, rows, 7.5);
    }
  }

  // Inputs: layers and files with SHA-256.
  void inputs() {
    pages.heading(T("输入数据", "Inputs"), 1);
    {
      std::vector<std::vector<QString>> rows;
      for (size_t i = 0; i < loaded.layers.size(); ++i) {
        const Layer& l = loaded.layers[i];
        const RoleDef* role = roles->find(l.role());
        rows.push_back({q(loaded.ids[i]), q(role ? role->title() : l.role()), QString::number(l.featureCount()),
                        (l.sourceCrs.epsg ? QStringLiteral("EPSG:%1 ").arg(l.sourceCrs.epsg) : QString()) + q(originText(l.sourceCrs.origin)),
                        q(l.encoding.name), QString::number(l.countIssues(LoadIssue::Kind::Repaired))});
      }
      drawTable(pages,
                {{T("图层", "Layer")}, {T("角色", "Role")}, {T("要素数", "Features"), true}, {T("原坐标系", "Source CRS")}, {T("编码", "Encoding")},
                 {T("修复几何数", "Repaired"), true}},
                rows);
      rows.clear();
      const fs::path base = fs::path(loaded.project.path).parent_path();
      for (const auto& file : result.inputs) {
        const std::string path = file.value("path", "");
        std::error_code ec;
        const fs::path rel = fs::relative(path, base, ec);
        rows.push_back({q(ec || rel.empty() ? path : rel.string()), q(humanBytes(file.value("bytes", 0.0))), q(file.value("sha256", ""))});
      }
      drawTable(pages, {{T("文件", "File"), false, false, 1}, {T("大小", "Size"), true}, {QStringLiteral("SHA-256"), false, true, 0.2}}, rows, 6);
    }
  }

  // Notes: repairs, CRS and rounding.
  void notes() {
    pages.heading(T("说明：几何修复、坐标系与舍入", "Notes: repairs, CRS and rounding"), 1);
    pages.heading(T("几何修复与读取问题", "Geometry repairs and load issues"), 2);
    {
      size_t total = 0;
      std::vector<std::vector<QString>> rows;
      for (size_t i = 0; i < loaded.layers.size(); ++i)
        for (const LoadIssue& issue : loaded.layers[i].issues) {
          ++total;
          if (rows.size() < 20)
            rows.push_back({q(loaded.ids[i]), issue.fid ? QString::number(*issue.fid) : QString(), q(kindName(issue.kind)), q(issue.message)});
        }
      if (total == 0) {
        pages.para(T("所有输入几何均有效，未做修复。", "All input geometries were valid; nothing was repaired."));
      } else {
        pages.para(q(format(tr("读取时发现 %zu 个问题；无效几何已按 GEOS MakeValid（structure）修复后参与计算。",
                                "%zu issues were found while loading; invalid geometries were repaired with GEOS MakeValid (structure) before the checks."),
                             total)));
        drawTable(pages, {{T("图层", "Layer")}, {QStringLiteral("FID"), true}, {T("类型", "Kind")}, {T("说明", "Message"), false, false, 4}}, rows);
        if (total > rows.size())
          pages.note(q(format(tr("仅列出前 %zu 个，全部见 load_issues.csv。", "First %zu shown; all are in load_issues.csv."), rows.size())));
      }
    }
    pages.heading(T("坐标系", "Coordinate reference systems"), 2);
    {
      bool any = false;
      for (size_t i = 0; i < loaded.layers.size(); ++i) {
        const CrsInfo& s = loaded.layers[i].sourceCrs;
        if (s.origin == CrsOrigin::Inferred || s.origin == CrsOrigin::Corrected || s.origin == CrsOrigin::UserOverride) {
          any = true;
          pages.para(q(format("%s：%s（%s）%s%s", loaded.ids[i].c_str(), s.name.c_str(), originText(s.origin), s.note.empty() ? "" : " — ",
                              s.note.c_str())));
        }
      }
      if (!any) pages.para(T("所有图层的坐标系均由文件声明，未推断或更正。", "Every layer declared its CRS; none was inferred or corrected."));
      pages.para(T("所有图层已转换到分析坐标系 ", "All layers were transformed to the analysis CRS ") + crsText(loaded.analysisCrs) +
                 T("后叠加；面积按椭球计算。", " before the overlays; areas are computed on the ellipsoid."));
    }
    pages.heading(T("舍入与面积平差", "Rounding (面积平差)"), 2);
    {
      const auto& adjusted = result.summary.contains("rounding_adjusted_columns") ? result.summary["rounding_adjusted_columns"] : nlohmann::ordered_json();
      if (options.adjustRounding && adjusted.is_array() && !adjusted.empty()) {
        std::string cols;
        for (const auto& c : adjusted) cols += (cols.empty() ? "" : ", ") + (c.is_string() ? c.get<std::string>() : c.dump());
        pages.para(q(format(tr("表格文件中以下列已做面积平差（舍入后的分项之和等于舍入后的合计）：%s。本报告中的数值未平差，为各项的四舍五入值。",
                                "In the spreadsheet these columns were adjusted so that rounded parts add up to the rounded total: %s. "
                                "Figures in this report are plainly rounded."),
                             cols.c_str())));
      } else {
        pages.para(T("未做面积平差：各项分别四舍五入，分项之和与合计可能相差末位。需要时以 --adjust-rounding 运行。",
                     "No 面积平差: each figure is rounded on its own, so rounded parts may differ from the total in the last digit. "
                     "Run with --adjust-rounding when needed."));
      }
    }
  }

  // The overview map and its legend.
  void overview() {
    pages.newPage();
  pages.heading(T("总览图", "Overview map"), 1);
  {
    // The map, its legend and the note on one page.
    const double legend = legendHeight(pages, *scene().scene);
    const double height = std::max(pages.body().width() * 0.6, std::min(pages.remaining() - legend - pages.mm(22), pages.body().width() * 1.1));
    const QRectF target(pages.body().left(), pages.y(), pages.body().width(), height);
    drawMap(pages, *scene().scene, scene().scene->fullExtent(), target, 0.03);
    pages.skip(height + pages.mm(3));
    drawLegend(pages, *scene().scene);
    pages.note(T("同一类图层有两个年度时只显示项目中后列出的一版（如最新一版生态保护红线）；冲突按严重程度着色，红线变化图斑按变化类型（减少、增加、性质改变）着色，岸线按功能分区着色。",
                 "Of two years of a layer only the one the project lists last is shown (the newest red line); conflicts are coloured by severity, red-line change pieces by their kind "
                 "(removed, added, nature changed), shoreline by its zone."));
  }
  }

  // Each check: its findings in full, then its summary tables.
  void checks() {
    for (const CheckOutput& output : result.checkOutputs) {
      pages.newPage();
      pages.heading(q(output.title), 1);
      for (const std::string& line : output.headlines) pages.para(QStringLiteral("•  ") + q(line), 9);
      if (output.type == "audit") printAuditSection(pages, output, options.maxTableRows);
      else if (output.type == "indicators") printIndicatorSection(pages, output);
      else printFindingsSection(pages, output, options.maxTableRows);
      for (const Table& t : output.tables) {
        if (t.name == "audit_changes" || t.name == "audit_by_code" || t.name.find("_conflicts") != std::string::npos ||
            t.name.find("_near_misses") != std::string::npos || t.name == "shoreline_occupation" || t.name == "landuse_pieces")
          continue;  // printed above, finding by finding
        if (t.name == "indicators_townships") continue;  // drawn above as maps
        if (t.name == "indicators_by_township") {
          pages.heading(q(tr(t.zh.c_str(), t.en.c_str())), 3);
          pages.note(q(format(tr("共 %zu 行（指标 × 乡镇，含上期数值与对变化的贡献），见 %s/indicators_by_township.csv 与 .shp。",
                                  "%zu rows (indicator × township, with last year's value and the contribution to the change), in "
                                  "%s/indicators_by_township.csv and .shp."),
                              t.rows.size(), output.id.c_str())));
          continue;
        }
        if (t.name == "shoreline_segments") {
          pages.heading(q(tr(t.zh.c_str(), t.en.c_str())), 3);
          pages.note(q(format(tr("共 %zu 段，见 %s/shoreline_segments.csv 与 .shp。", "%zu segments, in %s/shoreline_segments.csv and .shp."),
                              t.rows.size(), output.id.c_str())));
          continue;
        }
        printResultTable(pages, t, options.maxTableRows, output.id);
      }
    }
  }

  // One small map per major finding.
  void findingMaps() {
    size_t conflictsLeft = 0;
    const std::vector<MapFinding> found = mapFindings(result, options.mapMinAreaHa, options.maxFindingMaps, conflictsLeft);
    report.findings = found.size() + conflictsLeft;
    const size_t maps = found.size();
    report.findingMaps = maps;
    if (maps == 0) {
      pages.heading(T("主要发现图", "Maps of the major findings"), 2);
      pages.note(q(format(tr("没有面积不小于 %g 公顷的冲突或调出图斑，未单独成图。", "No conflict or removed piece of %g ha or more; no finding maps."),
                          options.mapMinAreaHa)));
    } else {
      pages.newPage();
      pages.heading(T("主要发现图", "Maps of the major findings"), 1);
      pages.note(q(format(tr("面积不小于 %g 公顷的红线调出与性质改变图斑每处一图，其后为冲突图斑（按严重程度与面积排序）；高亮为该图斑，图题为其问题编号与两侧编号。",
                              "Every removed or nature-changed red-line piece of %g ha or more has a map, then the conflicts (worst and largest "
                              "first); the piece is highlighted and the caption gives its finding id and both sides' codes."),
                          options.mapMinAreaHa)));
      if (conflictsLeft > 0)
        pages.note(q(format(tr("另有 %zu 处冲突未单独成图，见问题台账。", "%zu more conflicts have no map; see the ledger."), conflictsLeft)));
      const double gap = pages.mm(6);
      const double cellW = (pages.body().width() - gap) / 2, mapH = cellW * 0.75, captionH = pages.mm(16);
      for (size_t i = 0; i < maps; ++i) {
        if (i % 2 == 0) pages.ensure(mapH + captionH + gap);
        const double top = pages.y();
        const double x = pages.body().left() + (i % 2) * (cellW + gap);
        const MapFinding& f = found[i];
        const GEOSGeometry* g = f.finding->geometry.get();
        geos::Envelope e = geos::envelope(g);
        // At least 600 m across, so a small piece shows its surroundings.
        const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
        const double half = std::max({(e.maxX - e.minX) * 0.8, (e.maxY - e.minY) * 0.8, 300.0});
        const geos::Envelope view{cx - half, cy - half, cx + half, cy + half, false};
        render::Scene one = *scene().scene;
        one.overlays.push_back({{g}, styles->highlight});
        drawMap(pages, one, view, QRectF(x, top, cellW, mapH), 0.0);
        p.setFont(pages.font(7));
        p.setPen(Qt::black);
        p.drawText(QRectF(x, top + mapH + pages.mm(1), cellW, captionH), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, findingCaption(f, i + 1));
        if (i % 2 == 1 || i + 1 == maps) pages.moveTo(top + mapH + captionH + gap);
      }
    }
  }

};

}  // namespace

PdfReport writePdfReport(const LoadedProject& loaded, const RunResult& result, const std::string& outputDir, const PdfOptions& options) {
  if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
    throw Error(Error::Kind::Internal, "writePdfReport needs a QGuiApplication (call ensureGuiApplication)");
  const auto styles = options.styles ? options.styles : std::make_shared<const render::StyleSet>(render::StyleSet::loadDefault());
  const auto roles = options.roles ? options.roles : loaded.roles ? loaded.roles : std::make_shared<const RoleCatalog>(RoleCatalog::loadDefault());
  PdfReport report;
  report.path = (fs::path(outputDir) / options.fileName).string();
  const std::string date = options.date.empty() ? QDate::currentDate().toString(Qt::ISODate).toStdString() : options.date;
  const std::string& projectName = loaded.project.name;

  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(18, 16, 18, 14), QPageLayout::Millimeter));
    writer.setTitle(q(projectName) + T(" — 核查报告", " — audit report"));
    writer.setCreator(QStringLiteral("sanxian ") + q(toolVersion()));
    Pages pages(writer, q(projectName) + QStringLiteral(" · ") + q(date));
    ReportWriter sections{loaded, result, options, styles, roles, date, projectName, pages, pages.painter(), report};
    sections.cover();
    sections.parameters();
    sections.inputs();
    sections.notes();
    sections.overview();
    sections.checks();
    sections.findingMaps();
    pages.finish();
    report.pages = pages.page();
  }
  QByteArray bytes = buffer.data();
  fixToUnicode(bytes, radicalIdeographs(QFont(QStringLiteral("Noto Sans CJK SC"))));
  writeFileAtomically(report.path, bytes.toStdString());
  return report;
}

ExtraWriter pdfReportWriter(PdfOptions options) {
  return [options](const LoadedProject& loaded, const RunResult& result, const std::vector<WrittenShapefile>&, const std::string& outputDir) {
    return std::vector<std::string>{writePdfReport(loaded, result, outputDir, options).path};
  };
}

}  // namespace sanxian::report

