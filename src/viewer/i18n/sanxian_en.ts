<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../main.cpp" line="41"/>
        <source>三线核查地图：查看图层、运行检查、逐条查看结果</source>
        <translation>Sanxian map viewer: see the layers, run the checks, walk through the findings</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="43"/>
        <source>项目文件（.yaml）</source>
        <translation>project file (.yaml)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="44"/>
        <source>绘制项目地图到 PNG 后退出</source>
        <translation>draw the project&apos;s map into a PNG and exit</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="45"/>
        <source>截图尺寸，宽x高</source>
        <translation>screenshot size, WxH</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="46"/>
        <source>截图范围（分析坐标系，米）</source>
        <translation>screenshot extent (analysis CRS, metres)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="47"/>
        <source>截图前运行项目的检查并绘制结果</source>
        <translation>run the project&apos;s checks and draw their results</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="48"/>
        <source>--checks 的输出文件夹</source>
        <translation>output folder for --checks</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="49"/>
        <source>界面语言：zh 或 en</source>
        <translation>interface language: zh or en</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="50"/>
        <source>打开窗口、绘制完成后把整个窗口保存为 PNG 并退出</source>
        <translation>open the window, save it whole as a PNG once the map is drawn, and exit</translation>
    </message>
</context>
<context>
    <name>sanxian</name>
    <message>
        <location filename="../main.cpp" line="57"/>
        <source>--screenshot 需要一个项目文件</source>
        <comment>--screenshot needs a project file</comment>
        <translation>--screenshot needs a project file</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="67"/>
        <location filename="../main_window.cpp" line="255"/>
        <source>三线核查地图</source>
        <translation>Sanxian map</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="82"/>
        <location filename="../main_window.cpp" line="96"/>
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="82"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="82"/>
        <source>要素数</source>
        <translation>Features</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="82"/>
        <source>坐标系</source>
        <translation>CRS</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="89"/>
        <source>上移</source>
        <translation>Up</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="90"/>
        <source>下移</source>
        <translation>Down</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="91"/>
        <source>缩放至图层</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="117"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="117"/>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="118"/>
        <location filename="../main_window.cpp" line="169"/>
        <source>识别</source>
        <translation>Identify</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="124"/>
        <source>检查结果</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="137"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="138"/>
        <source>工具</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="146"/>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="147"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="147"/>
        <source>项目文件 (*.yaml *.yml)</source>
        <translation>Project files (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="150"/>
        <source>添加图层…</source>
        <translation>Add layer…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="151"/>
        <source>添加图层</source>
        <translation>Add layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="152"/>
        <source>矢量数据 (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;全部文件 (*)</source>
        <translation>Vector data (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;All files (*)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="155"/>
        <source>导出结果…</source>
        <translation>Export results…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="157"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="162"/>
        <source>视图</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="163"/>
        <source>全图</source>
        <translation>Full extent</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="164"/>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="165"/>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="167"/>
        <source>平移</source>
        <translation>Pan</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="168"/>
        <source>拉框放大</source>
        <translation>Zoom to box</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="179"/>
        <source>检查</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="180"/>
        <source>运行检查…</source>
        <translation>Run checks…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="182"/>
        <source>比较红线版本…</source>
        <translation>Compare red-line versions…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="184"/>
        <source>显示版本</source>
        <translation>Show version</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="187"/>
        <source>新旧对比</source>
        <translation>Old and new</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="187"/>
        <source>仅旧版</source>
        <translation>Old version only</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="187"/>
        <source>仅新版</source>
        <translation>New version only</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="199"/>
        <source>切换新旧版本</source>
        <translation>Toggle versions</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="222"/>
        <source>绘制 %1 毫秒</source>
        <translation>drawn in %1 ms</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="252"/>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="256"/>
        <source>已打开 %1 个图层，分析坐标系 %2</source>
        <translation>Opened %1 layers, analysis CRS %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="287"/>
        <source>无法添加图层</source>
        <translation>Cannot add the layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="293"/>
        <source>图层 %1 的字段映射已保存到 %2</source>
        <translation>The field mapping of layer %1 was saved in %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="295"/>
        <source>无法保存到项目文件</source>
        <translation>Cannot save in the project file</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="380"/>
        <source>第 %1 行</source>
        <translation>row %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="405"/>
        <location filename="../main_window.cpp" line="508"/>
        <source>运行检查</source>
        <translation>Run checks</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="405"/>
        <location filename="../main_window.cpp" line="480"/>
        <source>请先打开一个项目文件。</source>
        <translation>Open a project file first.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="467"/>
        <source>未知错误</source>
        <translation>Unknown error</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="504"/>
        <source>检查完成，结果尚未保存（用“导出结果…”写出全部报告）</source>
        <translation>Checks finished, nothing saved yet (Export results… writes every report)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="505"/>
        <location filename="../main_window.cpp" line="563"/>
        <source>已写出 %1 个文件到 %2</source>
        <translation>Wrote %1 files to %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="506"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="506"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="532"/>
        <location filename="../main_window.cpp" line="545"/>
        <source>还没有检查结果，请先运行检查。</source>
        <translation>There are no results yet: run the checks first.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="556"/>
        <source>正在导出结果…</source>
        <translation>Exporting the results…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="559"/>
        <source>导出已取消，%1 未改动</source>
        <translation>Export cancelled, %1 left as it was</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="489"/>
        <source>正在运行检查…</source>
        <translation>Running the checks…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="428"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="420"/>
        <source>另一项任务正在进行，请等它结束或取消。</source>
        <translation>Another task is running: wait for it to end or cancel it.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="434"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="491"/>
        <source>检查已取消</source>
        <translation>Checks cancelled</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="495"/>
        <location filename="../main_window.cpp" line="522"/>
        <source>检查失败</source>
        <translation>Checks failed</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="509"/>
        <source>检查已完成，没有带几何的结果表（本版本注册的检查：%1）。</source>
        <translation>The checks finished without result tables with geometry (checks run: %1).</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="532"/>
        <source>导出结果</source>
        <translation>Export results</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="536"/>
        <source>导出到文件夹</source>
        <translation>Export to folder</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="561"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="545"/>
        <source>红线比较 %1 → %2：减少 %3 公顷，增加 %4 公顷（椭球面积，与红线核查相同）</source>
        <translation>Red line %1 → %2: %3 ha removed, %4 ha added (ellipsoidal, as the red-line audit)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="584"/>
        <location filename="../main_window.cpp" line="588"/>
        <location filename="../main_window.cpp" line="618"/>
        <source>比较红线版本</source>
        <translation>Compare red-line versions</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="584"/>
        <source>需要两个红线图层。</source>
        <translation>Two red-line layers are needed.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="597"/>
        <source>旧版：</source>
        <translation>Old:</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="598"/>
        <source>新版：</source>
        <translation>New:</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="608"/>
        <source>正在比较红线版本…</source>
        <translation>Comparing red-line versions…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="618"/>
        <source>比较失败。</source>
        <translation>The comparison failed.</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::MappingDialog</name>
    <message>
        <location filename="../mapping_dialog.cpp" line="33"/>
        <source>、…</source>
        <translation>, …</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="42"/>
        <source>图层字段映射</source>
        <translation>Layer field mapping</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="47"/>
        <source>图层 %1 的字段与已知角色都不相符。请选择它的角色，并指出每个角色字段在图层中对应哪个字段；映射保存在项目文件中，不修改数据。</source>
        <translation>The fields of the layer %1 fit no known role. Choose its role and, for each field of the role, the layer field that holds it; the mapping is saved in the project file, the data is not changed.</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="68"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="69"/>
        <source>图层 id</source>
        <translation>Layer id</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="72"/>
        <source>字段对应：角色字段 ← 图层字段（— 后为样例值）</source>
        <translation>Fields: role field ← layer field (sample values after —)</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="75"/>
        <source>取值含义（编码字段的每个值）</source>
        <translation>What the values mean (each value of a coded field)</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="82"/>
        <source>留空则不保存</source>
        <translation>leave empty not to save</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="83"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="84"/>
        <location filename="../mapping_dialog.cpp" line="89"/>
        <source>保存到项目文件</source>
        <translation>Save in the project file</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="89"/>
        <source>项目文件 (*.yaml *.yml)</source>
        <translation>Project files (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="100"/>
        <source>添加图层</source>
        <translation>Add layer</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="101"/>
        <source>不映射，直接添加</source>
        <translation>Add without mapping</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="124"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="131"/>
        <source>字段名已知</source>
        <translation>known field name</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="172"/>
        <source>取值超过 %1 种，不逐一列出</source>
        <translation>more than %1 distinct values: not listed one by one</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="180"/>
        <source>按内置含义：%1</source>
        <translation>as built in: %1</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="180"/>
        <source>（未识别）</source>
        <translation>(not known)</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="205"/>
        <source>必须指定：%1</source>
        <translation>Required: %1</translation>
    </message>
    <message>
        <location filename="../mapping_dialog.cpp" line="33"/>
        <location filename="../mapping_dialog.cpp" line="205"/>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::ResultsPanel</name>
    <message>
        <location filename="../results_panel.cpp" line="91"/>
        <source>结果表：</source>
        <translation>Table:</translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="94"/>
        <source>严重程度：</source>
        <translation>Severity:</translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="94"/>
        <source>规则：</source>
        <translation>Rule:</translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="94"/>
        <source>乡镇：</source>
        <translation>Township:</translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="105"/>
        <location filename="../results_panel.cpp" line="134"/>
        <location filename="../results_panel.cpp" line="173"/>
        <source>%1 / %2 行</source>
        <translation>%1 / %2 rows</translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="109"/>
        <source>筛选…</source>
        <translation>Filter…</translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="166"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
</context>
</TS>
