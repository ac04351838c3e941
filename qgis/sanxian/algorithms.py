"""One Processing algorithm per sanxian command. Each one turns its QGIS
parameters into the command's options, runs `sanxian ... --json FILE`
(runner.py), reports progress and honours cancel through the feedback,
returns the JSON's headline figures as outputs and loads the result layers
with their QGIS styles (.qml) into the project."""
import os
import tempfile

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from . import runner
from .i18n import english, text

POLYGON = [QgsProcessing.TypeVectorPolygon]
LINE = [QgsProcessing.TypeVectorLine]
ANY = [QgsProcessing.TypeVectorAnyGeometry]


class P:
    """One parameter: its kind, the command's option ("" for the positional
    argument), names in both languages, and whether it may be left out."""

    def __init__(self, kind, name, option, zh, en, optional=False, types=None, default=None, layer_option=True):
        self.kind, self.name, self.option = kind, name, option
        self.zh, self.en, self.optional = zh, en, optional
        self.types, self.default, self.layer_option = types or ANY, default, layer_option


BOUNDARY = P("layer", "BOUNDARY", "--boundary", "乡镇界（可选）", "Township boundaries (optional)", optional=True, types=POLYGON)
RULES = P("file", "RULES", "--rules", "规则清单（可选，默认内置 rules.yaml）", "Rule list (optional, default the built-in rules.yaml)",
          optional=True)
MIN_PIECE = P("number", "MIN_PIECE_AREA", "--min-piece-area", "碎片面积阈值（平方米）", "Noise threshold for pieces (m²)", default=1.0)
NO_PDF = P("bool", "NO_PDF", "--no-pdf", "不生成 PDF 报告", "Skip the PDF report", default=False)

# name, zh name, en name, zh help, en help, sanxian command, parameters,
# headline outputs (JSON keys), writes an output folder.
SPECS = [
    ("run", "运行项目", "Run project",
     "按项目文件（YAML）读取全部图层并运行其中全部检查，报告写入输出目录。",
     "Loads every layer of a project file (YAML) and runs all its checks; the reports go to the output folder.",
     "run", [P("file", "PROJECT", "", "项目文件（YAML）", "Project file (YAML)"), NO_PDF], [], True),
    ("audit", "红线核查（新旧版本）", "Red-line audit (two versions)",
     "生态保护红线新旧版本核查：调出、调入、净变化与性质改变，按乡镇、功能类型、图斑汇总，给出“面积不减少、调出有依据、性质不改变”结论。",
     "Red-line audit between two versions: removed, added, net change and change of nature, by township, function type and "
     "patch, with the verdicts area not reduced, removal has basis, nature unchanged.",
     "audit", [P("layer", "OLD", "--old", "旧版红线", "Old red line", types=POLYGON),
               P("layer", "NEW", "--new", "新版红线", "New red line", types=POLYGON), BOUNDARY,
               P("layer", "ADJUSTMENTS", "--adjustments", "调整依据（可选）", "Approved adjustments (optional)", optional=True),
               P("string", "MATCH_FIELD", "--match-field", "匹配字段（可选）", "Match field (optional)", optional=True),
               P("string", "NATURE_FIELD", "--nature-field", "性质字段（可选）", "Nature field (optional)", optional=True),
               MIN_PIECE, NO_PDF],
     ["removed_area_m2", "unjustified_removed_area_m2", "added_area_m2", "net_change_m2", "function_changed_area_m2"], True),
    ("overlap", "重叠冲突分析", "Overlap conflicts",
     "图层 A 与图层 B 的每一处重叠（如矿业权与生态保护红线、保护地分区），按规则清单判定禁止 / 限制 / 提示，给出面积（椭球面积，平面面积并列）。",
     "Every overlap of layer A with layer B (e.g. mining rights with the red line or reserve zones), classified by the rule list "
     "as prohibited / restricted / notice, with areas (ellipsoidal, planar beside).",
     "overlap", [P("layer", "A", "--a", "图层 A（如矿业权）", "Layer A (e.g. mining rights)", types=POLYGON),
                 P("layer", "B", "--b", "图层 B（如生态保护红线）", "Layer B (e.g. the red line)", types=POLYGON),
                 BOUNDARY, RULES, MIN_PIECE, NO_PDF],
     ["pieces", "overlap_area_m2", "overlap_area_ha", "planar_overlap_area_m2", "prohibited_count", "restricted_count", "notice_count"], True),
    ("site", "项目选址符合性分析", "Project siting",
     "项目用地与红线、保护地分区、岸线分区、环境管控单元叠加（三线一单符合性分析）。给出项目文件或逐个管控图层。",
     "A project site against the red line, reserve zones, shoreline zones and control units (three lines one list). Give a "
     "project file or the control layers one by one.",
     "site", [P("layer", "SITE", "", "项目用地", "Project site", types=POLYGON),
              P("file", "PROJECT", "--project", "项目文件（可选）", "Project file (optional)", optional=True),
              P("layers", "AGAINST", "--against", "管控图层（不用项目文件时）", "Control layers (without a project file)", optional=True),
              BOUNDARY, RULES, MIN_PIECE, NO_PDF],
     ["site_area_m2", "inside_any_layer_area_m2", "inside_any_layer_share_pct", "pieces"], True),
    ("shoreline", "河湖岸线保护率", "Shoreline protection rate",
     "岸线按功能分区的长度与保护率（默认保护区 + 保留区），按河湖、岸别、乡镇；与上一年比较；矿业等占用岸线。",
     "Shoreline length by zone and the protection rate (default protected + reserved zones), by river, bank and township; change "
     "against a previous year; shoreline occupied by mining or other occupiers.",
     "shoreline", [P("layer", "LINES", "--lines", "岸线", "Shorelines", types=LINE),
                   P("layer", "ZONES", "--zones", "岸线功能分区面（可选）", "Shoreline zone polygons (optional)", optional=True, types=POLYGON),
                   P("layer", "PREVIOUS", "--previous", "上一年岸线（可选）", "Previous year's shorelines (optional)", optional=True, types=LINE),
                   BOUNDARY,
                   P("layers", "OCCUPIERS", "--occupiers", "占用图层（可选，如矿业权）", "Occupiers (optional, e.g. mining rights)", optional=True),
                   P("number", "DISTANCE", "--distance", "占用距离（米）", "Occupation distance (m)", default=50.0), NO_PDF],
     ["total_length_m", "protected_length_m", "protection_rate_pct", "occupied_length_m"], True),
    ("area", "面积", "Area",
     "各要素及合计面积：CGCS2000 椭球面积与平面面积（平方米、公顷、亩）。",
     "Per-feature and total areas: ellipsoidal on CGCS2000 and planar (m², hectares, mu).",
     "area", [P("layer", "INPUT", "", "图层", "Layer", types=POLYGON)],
     ["feature_count", "area_m2", "area_ha", "area_mu", "planar_area_m2"], False),
    ("controllines", "三条控制线检查", "Three control lines",
     "生态保护红线、永久基本农田、城镇开发边界不交叉不重叠检查。",
     "The ecological red line, permanent farmland and the urban development boundary must not overlap.",
     "controllines", [P("layer", "REDLINE", "--redline", "生态保护红线", "Ecological red line", types=POLYGON),
                      P("layer", "FARMLAND", "--farmland", "永久基本农田", "Permanent farmland", types=POLYGON),
                      P("layer", "URBAN", "--urban", "城镇开发边界", "Urban development boundary", types=POLYGON),
                      BOUNDARY, RULES, MIN_PIECE, NO_PDF],
     ["pieces", "total_overlap_area_m2", "planar_total_overlap_area_m2"], True),
    ("landuse", "管控区内土地利用", "Land use inside zones",
     "管控区（生态保护红线、保护地分区、饮用水水源保护区）内各地类面积与人类活动核查。",
     "Area of every land class inside the zones (red line, reserve zones, drinking-water source zones) and human activity there.",
     "landuse", [P("layer", "ZONES", "--zones", "管控区", "Zones", types=POLYGON),
                 P("layer", "LANDUSE", "--landuse", "国土调查地类图斑", "Land-use survey patches", types=POLYGON),
                 P("string", "ZONES_WHERE", "--zones-where", "只计这些管控区（可选，如 zone=core）", "Only these zones (optional, e.g. zone=core)",
                   optional=True),
                 BOUNDARY, RULES, MIN_PIECE, NO_PDF],
     ["pieces", "total_area_m2", "planar_total_area_m2", "survey_total_class_area_m2"], True),
    ("indicators", "生态文明建设示范指标核算", "Eco-civilization indicators",
     "按项目文件核算生态文明建设示范区指标（县域与分乡镇），与目标和上年比较。",
     "The indicators of an eco-civilization demonstration zone from a project file (county and townships), against the "
     "targets and the previous year.",
     "indicators", [P("file", "PROJECT", "", "项目文件（YAML）", "Project file (YAML)"),
                    P("string", "SET", "--set", "指标集（可选：2024-county、2024-city、2021、2019）",
                      "Indicator set (optional: 2024-county, 2024-city, 2021, 2019)", optional=True),
                    P("string", "CHECK", "--check", "项目中的指标核算检查名（可选）", "The project's indicators check, by name (optional)",
                      optional=True),
                    NO_PDF],
     ["land_area_m2", "land_area_ha"], True),
]


class LoadStyle(QgsProcessingLayerPostProcessorInterface):
    """Applies a result layer's .qml once it is in the project."""

    kept = []  # QGIS holds post-processors by pointer: keep them alive here

    def __init__(self, qml):
        super().__init__()
        self.qml = qml
        LoadStyle.kept.append(self)

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if self.qml and layer is not None:
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()


def layer_argument(layer, folder, feedback, single_file):
    """(path, layer name or "") sanxian opens for a QGIS layer: the file or
    PostGIS table itself; a copy in a GeoPackage for anything else (memory
    layers, filtered layers, other providers) or, when single_file, for one
    layer of a many-layer file."""
    provider = layer.providerType()
    if provider == "ogr" and not layer.subsetString():
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        path, name = parts.get("path", ""), parts.get("layerName", "") or ""
        if path and os.path.exists(path) and not (single_file and name):
            return path, name
    if provider == "postgres" and not layer.subsetString():
        uri = QgsDataSourceUri(layer.source())
        pieces = ["PG:dbname='%s'" % uri.database()]
        for key, value in (("host", uri.host()), ("port", uri.port()), ("user", uri.username()), ("password", uri.password())):
            if value:
                pieces.append("%s='%s'" % (key, value))
        if not single_file:
            return " ".join(pieces), "%s.%s" % (uri.schema() or "public", uri.table())
    # Named after the layer: sanxian names its result folders after the inputs.
    stem = "".join(c if c.isalnum() else "_" for c in layer.name())[:40] or "layer"
    copy, n = os.path.join(folder, stem + ".gpkg"), 2
    while os.path.exists(copy):
        copy, n = os.path.join(folder, "%s_%d.gpkg" % (stem, n)), n + 1
    feedback.pushInfo(text("复制图层 %s 到 %s", "copying layer %s to %s") % (layer.name(), copy))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.fileEncoding = "UTF-8"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, copy, layer.transformContext(), options)
    if error[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(text("无法复制图层 %s：%s", "cannot copy layer %s: %s") % (layer.name(), error[1]))
    return copy, ""


class SanxianAlgorithm(QgsProcessingAlgorithm):
    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        (self._name, self._zh, self._en, self._zh_help, self._en_help, self._command, self._params, self._headlines,
         self._writes_folder) = spec

    def createInstance(self):  # noqa: N802
        return SanxianAlgorithm(self.spec)

    def name(self):
        return self._name

    def displayName(self):  # noqa: N802
        return text(self._zh, self._en)

    def group(self):
        return text("三线核查", "Sanxian checks")

    def groupId(self):  # noqa: N802
        return "sanxian"

    def tags(self):
        return [self._zh, self._en, "sanxian", "三线"]

    def shortHelpString(self):  # noqa: N802
        first, second = (self._en_help, self._zh_help) if english() else (self._zh_help, self._en_help)
        return "%s\n\n%s\n\n%s" % (first, second, text("运行命令：sanxian %s（--json）", "Runs: sanxian %s (--json)") % self._command)

    def initAlgorithm(self, config=None):  # noqa: N802
        for p in self._params:
            label = text(p.zh, p.en)
            if p.kind == "layer":
                param = QgsProcessingParameterVectorLayer(p.name, label, p.types, optional=p.optional)
            elif p.kind == "layers":
                param = QgsProcessingParameterMultipleLayers(p.name, label, QgsProcessing.TypeVectorAnyGeometry, optional=p.optional)
            elif p.kind == "file":
                extension = "yaml" if p.name == "PROJECT" else ""
                param = QgsProcessingParameterFile(p.name, label, extension=extension, optional=p.optional)
            elif p.kind == "number":
                param = QgsProcessingParameterNumber(p.name, label, QgsProcessingParameterNumber.Double, defaultValue=p.default,
                                                     minValue=0.0)
            elif p.kind == "string":
                param = QgsProcessingParameterString(p.name, label, optional=p.optional)
            else:
                param = QgsProcessingParameterBoolean(p.name, label, defaultValue=p.default)
            self.addParameter(param)
        if self._writes_folder:
            # A destination parameter adds its output (OUTPUT, the folder) itself.
            self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", text("输出目录", "Output folder")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", text("摘要（JSON）", "Summary (JSON)")))
        self.addOutput(QgsProcessingOutputString("JSON", text("摘要文件", "Summary file")))
        for key in self._headlines:
            self.addOutput(QgsProcessingOutputNumber(key.upper(), key))

    def arguments(self, parameters, context, feedback, scratch):
        """The command line after `sanxian COMMAND`."""
        positional, options = [], []
        for p in self._params:
            if p.kind == "layer":
                layer = self.parameterAsVectorLayer(parameters, p.name, context)
                if layer is None:
                    if not p.optional:
                        raise QgsProcessingException(text("缺少图层：%s", "missing layer: %s") % p.name)
                    continue
                path, name = layer_argument(layer, scratch, feedback, single_file=False)
                if p.option:
                    options += [p.option, path] + ([p.option + "-layer", name] if name else [])
                else:
                    positional.append(path)
                    if name:
                        options += ["--layer", name]
            elif p.kind == "layers":
                layers = self.parameterAsLayerList(parameters, p.name, context)
                if layers:
                    options.append(p.option)
                    options += [layer_argument(l, scratch, feedback, single_file=True)[0] for l in layers]
            elif p.kind == "file":
                value = self.parameterAsFile(parameters, p.name, context)
                if value:
                    if p.option:
                        options += [p.option, value]
                    else:
                        positional.append(value)
            elif p.kind == "number":
                options += [p.option, repr(self.parameterAsDouble(parameters, p.name, context))]
            elif p.kind == "string":
                value = self.parameterAsString(parameters, p.name, context)
                if value:
                    options += [p.option, value]
            elif self.parameterAsBoolean(parameters, p.name, context):
                options.append(p.option)
        if self._writes_folder:
            options += ["-o", self.parameterAsString(parameters, "OUTPUT", context)]
        return [self._command] + positional + options

    def expected_steps(self, parameters, context):
        """Progress lines to expect: a run's from its project file; else one
        per input layer, the harmonizing, the check, and writing (about 8)."""
        if self._command == "run":
            return runner.project_steps(self.parameterAsFile(parameters, "PROJECT", context))
        return sum(1 for p in self._params if p.kind in ("layer", "layers")) + 10

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        scratch = tempfile.mkdtemp(prefix="sanxian-", dir=QgsProcessingUtils.tempFolder())
        arguments = self.arguments(parameters, context, feedback, scratch)
        json_path = os.path.join(scratch, "summary.json")
        feedback.pushCommandInfo("sanxian " + " ".join(arguments))

        def progress(percent, message):
            feedback.setProgress(percent)
            if message:
                feedback.pushInfo(message)

        try:
            summary = runner.run(arguments, json_path, english=english(), on_progress=progress,
                                 on_message=feedback.pushConsoleInfo, is_canceled=feedback.isCanceled,
                                 expected_steps=self.expected_steps(parameters, context))
        except runner.SanxianError as e:
            raise QgsProcessingException(str(e))
        if summary is None:
            feedback.reportError(text("已取消：输出目录保持原样", "canceled: the output folder is as it was"))
            return {}
        with open(json_path, encoding="utf-8") as f:
            results = {"SUMMARY": f.read(), "JSON": json_path}
        for key in self._headlines:
            value = summary.get(key)
            if isinstance(value, (int, float)):
                results[key.upper()] = value
        if self._writes_folder:
            folder = self.parameterAsString(parameters, "OUTPUT", context)
            results["OUTPUT"] = folder
            self.load_results(folder, context, feedback)
        return results

    def load_results(self, folder, context, feedback):
        """Every result layer of the run, added to the project with its .qml."""
        if context.project() is None:
            return  # qgis_process: nothing to load into
        for path, qml in runner.result_layers(folder):
            relative = os.path.relpath(path, folder)
            layer = QgsVectorLayer(path, relative[:-4], "ogr")
            if not layer.isValid():
                feedback.reportError(text("无法打开结果图层 %s", "cannot open the result layer %s") % path)
                continue
            if qml:
                layer.loadNamedStyle(qml)
            context.temporaryLayerStore().addMapLayer(layer)
            details = QgsProcessingContext.LayerDetails(relative[:-4], context.project(), "OUTPUT")
            details.setPostProcessor(LoadStyle(qml))
            context.addLayerToLoadOnCompletion(layer.id(), details)


def all_algorithms():
    return [SanxianAlgorithm(spec) for spec in SPECS]
