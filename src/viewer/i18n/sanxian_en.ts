<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Measure</name>
    <message>
        <location filename="../measuring.cpp" line="45"/>
        <source>面积测量：单击添加顶点，双击或右键结束，Esc 清除</source>
        <translation>Measure an area: click to add vertices, double-click or right-click to finish, Esc to clear</translation>
    </message>
    <message>
        <location filename="../measuring.cpp" line="45"/>
        <source>距离测量：单击添加顶点，双击或右键结束，Esc 清除</source>
        <translation>Measure a distance: click to add vertices, double-click or right-click to finish, Esc to clear</translation>
    </message>
    <message>
        <location filename="../measuring.cpp" line="47"/>
        <source>长度 %1 米（%2 椭球）· 平面 %3 米</source>
        <translation>length %1 m (%2 ellipsoid) · planar %3 m</translation>
    </message>
    <message>
        <location filename="../measuring.cpp" line="48"/>
        <source>面积 %1 平方米 = %2 公顷 = %3 亩（%4 椭球）· 平面 %5 平方米 · 周长 %6 米</source>
        <translation>area %1 m² = %2 ha = %3 mu (%4 ellipsoid) · planar %5 m² · perimeter %6 m</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../main.cpp" line="61"/>
        <source>三线核查地图：查看图层、运行检查、逐条查看结果</source>
        <translation>Sanxian map viewer: see the layers, run the checks, walk through the findings</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="63"/>
        <source>项目文件（.yaml）</source>
        <translation>project file (.yaml)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="64"/>
        <source>绘制项目地图到 PNG 后退出</source>
        <translation>draw the project&apos;s map into a PNG and exit</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="65"/>
        <source>按打印布局（标题、图例、比例尺、指北针、格网）输出 PDF 或 PNG 后退出</source>
        <translation>print the map through the print layout (title, legend, scale bar, north arrow, grid) into a PDF or PNG and exit</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="67"/>
        <source>截图尺寸，宽x高</source>
        <translation>screenshot size, WxH</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="68"/>
        <source>截图或打印的范围（分析坐标系，米）</source>
        <translation>extent of the screenshot or print (analysis CRS, metres)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="73"/>
        <source>截图带图例</source>
        <translation>draw the legend on the screenshot</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="74"/>
        <source>比较两个红线版本（旧版,新版 的图层 id）</source>
        <translation>compare two red-line versions (layer ids old,new)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="75"/>
        <source>比较的显示方式：swipe（卷帘）、old、new、changes</source>
        <translation>how the comparison is shown: swipe, old, new, changes</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="76"/>
        <source>卷帘分隔线的位置（0 到 1，默认 0.5）</source>
        <translation>where the swipe divider is (0 to 1, default 0.5)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="77"/>
        <source>--grab-window：打开此图层的属性表</source>
        <translation>--grab-window: open this layer&apos;s attribute table</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="78"/>
        <source>打印标题（默认项目名称）</source>
        <translation>print title (default: the project&apos;s name)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="79"/>
        <source>打印纸张：A4 或 A3</source>
        <translation>paper: A4 or A3</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="80"/>
        <source>纵向打印（默认横向）</source>
        <translation>print in portrait (default landscape)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="81"/>
        <source>编制单位</source>
        <translation>organisation that made the map (编制单位)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="82"/>
        <source>数据来源说明（默认所显示图层的文件名）</source>
        <translation>source note (default: the files of the layers shown)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="83"/>
        <source>制图日期（默认今天）</source>
        <translation>date of the map (default today)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="84"/>
        <source>PNG 打印的分辨率</source>
        <translation>resolution of a PNG print</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="85"/>
        <source>打印不画坐标格网</source>
        <translation>print without the coordinate grid</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="69"/>
        <source>截图前运行项目的检查并绘制结果</source>
        <translation>run the project&apos;s checks and draw their results</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="70"/>
        <source>--checks 的输出文件夹</source>
        <translation>output folder for --checks</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="71"/>
        <source>界面语言：zh 或 en</source>
        <translation>interface language: zh or en</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="72"/>
        <source>打开窗口、绘制完成后把整个窗口保存为 PNG 并退出</source>
        <translation>open the window, save it whole as a PNG once the map is drawn, and exit</translation>
    </message>
</context>
<context>
    <name>render</name>
    <message>
        <location filename="../printing.cpp" line="30"/>
        <source>三线核查图</source>
        <comment>Sanxian map</comment>
        <translation>Sanxian map</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="46"/>
        <source>打印输出须为 .pdf 或 .png：%s</source>
        <comment>the print must go to a .pdf or .png file: %s</comment>
        <translation>the print must go to a .pdf or .png file: %s</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="52"/>
        <source>无法生成图片 %s</source>
        <comment>cannot make the image %s</comment>
        <translation>cannot make the image %s</translation>
    </message>
</context>
<context>
    <name>sanxian</name>
    <message>
        <location filename="../main.cpp" line="28"/>
        <source>--compare 应为 旧版,新版 两个图层 id</source>
        <comment>--compare takes two layer ids: old,new</comment>
        <translation>--compare takes two layer ids: old,new</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="37"/>
        <source>--swipe 应为 0 到 1 之间的数（分隔线在地图宽度的位置）</source>
        <comment>--swipe takes a number from 0 to 1 (where the divider is across the map)</comment>
        <translation>--swipe takes a number from 0 to 1 (where the divider is across the map)</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="93"/>
        <source>--screenshot 需要一个项目文件</source>
        <comment>--screenshot needs a project file</comment>
        <translation>--screenshot needs a project file</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="104"/>
        <source>--print 需要一个项目文件</source>
        <comment>--print needs a project file</comment>
        <translation>--print needs a project file</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="118"/>
        <source>--dpi 应在 50 到 1200 之间</source>
        <comment>--dpi must be between 50 and 1200</comment>
        <translation>--dpi must be between 50 and 1200</translation>
    </message>
    <message>
        <location filename="../main.cpp" line="144"/>
        <source>--compare 的图层不在项目中</source>
        <comment>a layer of --compare is not in the project</comment>
        <translation>a layer of --compare is not in the project</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer</name>
    <message>
        <location filename="../layer_dialogs.cpp" line="150"/>
        <source>三线的检查结果（不指定角色）</source>
        <comment>a result Sanxian wrote (no role)</comment>
        <translation>a result Sanxian wrote (no role)</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="151"/>
        <source>无</source>
        <comment>none</comment>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="158"/>
        <source>文件声明</source>
        <comment>declared by the file</comment>
        <translation>declared by the file</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="159"/>
        <source>由坐标推断</source>
        <comment>inferred from the coordinates</comment>
        <translation>inferred from the coordinates</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="160"/>
        <source>声明与坐标不符，已更正</source>
        <comment>declared, contradicted by the coordinates, corrected</comment>
        <translation>declared, contradicted by the coordinates, corrected</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="161"/>
        <source>用户指定</source>
        <comment>given by the user</comment>
        <translation>given by the user</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::AttributePanel</name>
    <message>
        <location filename="../attribute_panel.cpp" line="95"/>
        <source>图层：</source>
        <translation>Layer:</translation>
    </message>
    <message>
        <location filename="../attribute_panel.cpp" line="99"/>
        <source>字段：</source>
        <translation>Field:</translation>
    </message>
    <message>
        <location filename="../attribute_panel.cpp" line="102"/>
        <source>筛选（包含）…</source>
        <translation>Filter (contains)…</translation>
    </message>
    <message>
        <location filename="../attribute_panel.cpp" line="105"/>
        <source>地图只显示筛选结果</source>
        <translation>Filter the map too</translation>
    </message>
    <message>
        <location filename="../attribute_panel.cpp" line="107"/>
        <source>全选筛选结果</source>
        <translation>Select all shown</translation>
    </message>
    <message>
        <location filename="../attribute_panel.cpp" line="195"/>
        <source>全部字段</source>
        <translation>all fields</translation>
    </message>
    <message>
        <location filename="../attribute_panel.cpp" line="254"/>
        <source>%1 / %2 个要素</source>
        <translation>%1 / %2 features</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::IndicatorMapDialog</name>
    <message>
        <source>指标地图 — %1</source>
        <translation>Indicator map — %1</translation>
    </message>
    <message>
        <source>没有分乡镇的指标数值（检查需要 boundary 乡镇图层）。</source>
        <translation>No indicator values by township (the check needs a boundary layer of townships).</translation>
    </message>
    <message>
        <source>左：各乡镇数值（绿色达标或未减少，红色未达标或减少；红色虚线为目标，黑色短线为上期）。右：各乡镇按数值着色。</source>
        <translation>Left: each township's value (green meets the target or did not decrease, red misses it or decreased; the dashed red line is the target, the black tick last year). Right: the townships coloured by the value.</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::LayerTree</name>
    <message>
        <location filename="../layer_tree.cpp" line="13"/>
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../layer_tree.cpp" line="13"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../layer_tree.cpp" line="13"/>
        <source>要素数</source>
        <translation>Features</translation>
    </message>
    <message>
        <location filename="../layer_tree.cpp" line="13"/>
        <source>坐标系</source>
        <translation>CRS</translation>
    </message>
    <message>
        <location filename="../layer_tree.cpp" line="48"/>
        <source>三线结果</source>
        <translation>Sanxian result</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::MainWindow</name>
    <message>
        <source>指标地图…</source>
        <translation>Indicator map…</translation>
    </message>
    <message>
        <source>没有指标核算结果：项目需有 type: indicators 检查，并先运行检查（F5）。</source>
        <translation>No indicator results: the project needs a type: indicators check, and the checks must run first (F5).</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="129"/>
        <location filename="../main_window.cpp" line="475"/>
        <source>三线核查地图</source>
        <translation>Sanxian map</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="160"/>
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="153"/>
        <source>上移</source>
        <translation>Up</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="154"/>
        <source>下移</source>
        <translation>Down</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="155"/>
        <location filename="../main_window.cpp" line="557"/>
        <source>缩放至图层</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="188"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="188"/>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="189"/>
        <location filename="../main_window.cpp" line="281"/>
        <source>识别</source>
        <translation>Identify</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="205"/>
        <source>检查结果</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="220"/>
        <location filename="../main_window.cpp" line="306"/>
        <source>属性表</source>
        <translation>Attribute table</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="244"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="245"/>
        <source>工具</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="253"/>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="254"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="254"/>
        <source>项目文件 (*.yaml *.yml)</source>
        <translation>Project files (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="257"/>
        <source>添加图层…</source>
        <translation>Add layer…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="258"/>
        <source>添加图层</source>
        <translation>Add layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="259"/>
        <source>矢量数据 (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;全部文件 (*)</source>
        <translation>Vector data (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;All files (*)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="262"/>
        <location filename="../main_window.cpp" line="999"/>
        <source>保存项目</source>
        <translation>Save project</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="263"/>
        <source>导出结果…</source>
        <translation>Export results…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="265"/>
        <source>导出地图图片…</source>
        <translation>Export map image…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="266"/>
        <source>打印布局…</source>
        <translation>Print layout…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="267"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="274"/>
        <source>视图</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="275"/>
        <source>全图</source>
        <translation>Full extent</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="276"/>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="277"/>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="279"/>
        <source>平移</source>
        <translation>Pan</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="280"/>
        <source>拉框放大</source>
        <translation>Zoom to box</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="282"/>
        <source>测距离</source>
        <translation>Measure distance</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="283"/>
        <source>测面积</source>
        <translation>Measure area</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="296"/>
        <source>地图图例</source>
        <translation>Map legend</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="301"/>
        <source>指北针与比例尺</source>
        <translation>North arrow and scale bar</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="316"/>
        <source>检查</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="317"/>
        <source>运行检查…</source>
        <translation>Run checks…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="319"/>
        <source>比较红线版本…</source>
        <translation>Compare red-line versions…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="321"/>
        <source>显示版本</source>
        <translation>Show version</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="921"/>
        <source>红线比较 %1 → %2：减少 %3 公顷，增加 %4 公顷，性质改变 %5 公顷（椭球面积，与红线核查相同）</source>
        <translation>Red line %1 → %2: %3 ha removed, %4 ha added, %5 ha changed in nature (ellipsoidal, as the red-line audit)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="999"/>
        <source>请先打开一个项目文件（添加的图层在映射时可保存进新的项目文件）。</source>
        <translation>Open a project file first (a layer added can be saved into a new project file when it is mapped).</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1004"/>
        <source>已保存项目 %1（图层、样式与视图）</source>
        <translation>Saved the project %1 (layers, styles and view)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1008"/>
        <source>；未写入无角色的图层：%1</source>
        <translation>; layers without a role not written: %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1008"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1012"/>
        <source>无法保存项目</source>
        <translation>Cannot save the project</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1021"/>
        <location filename="../main_window.cpp" line="1030"/>
        <location filename="../main_window.cpp" line="1051"/>
        <source>导出地图图片</source>
        <translation>Export map image</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1021"/>
        <source>无法写入 %1</source>
        <translation>Cannot write %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1024"/>
        <source>已写出 %1（%2×%3 像素，%4 dpi）</source>
        <translation>Wrote %1 (%2×%3 pixels, %4 dpi)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1039"/>
        <source>%1 × %2 像素</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1043"/>
        <source>分辨率：</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1044"/>
        <source>图片大小：</source>
        <translation>Image size:</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1051"/>
        <source>地图.png</source>
        <translation>map.png</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1051"/>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1061"/>
        <source>已写出 %1（比例尺 %2）</source>
        <translation>Wrote %1 (scale %2)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="1064"/>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="324"/>
        <source>仅旧版</source>
        <translation>Old version only</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="325"/>
        <source>仅新版</source>
        <translation>New version only</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="326"/>
        <source>仅看变化</source>
        <translation>Changes only</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="335"/>
        <source>切换新旧版本</source>
        <translation>Toggle versions</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="343"/>
        <source>搜索编号、名称、许可证号、乡镇…</source>
        <translation>Search codes, names, licence numbers, townships…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="384"/>
        <location filename="../main_window.cpp" line="409"/>
        <source>绘制 %1 毫秒</source>
        <translation>drawn in %1 ms</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="388"/>
        <source>比例尺：输入 1:N（如 1:50000 或 1:5万）并回车</source>
        <translation>Scale: type 1:N (e.g. 1:50000) and press Enter</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="400"/>
        <source>比例尺</source>
        <translation>Scale</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="428"/>
        <source>分析坐标系 %1</source>
        <translation>Analysis CRS %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="429"/>
        <source>分析坐标系：%1
各图层已转换到此坐标系后叠加；面积与长度按 CGCS2000 椭球计算，平面值为此坐标系中的值。</source>
        <translation>Analysis CRS: %1
Every layer is transformed into it before the overlays; areas and lengths are on the CGCS2000 ellipsoid, planar figures in this CRS.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="472"/>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="476"/>
        <source>已打开 %1 个图层，分析坐标系 %2</source>
        <translation>Opened %1 layers, analysis CRS %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="499"/>
        <source>%1 是三线写出的检查结果，按结果样式显示，不指定图层角色</source>
        <translation>%1 is a result Sanxian wrote: drawn as a result, without a layer role</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="515"/>
        <source>无法添加图层</source>
        <translation>Cannot add the layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="521"/>
        <source>图层 %1 的字段映射已保存到 %2</source>
        <translation>The field mapping of layer %1 was saved in %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="523"/>
        <source>无法保存到项目文件</source>
        <translation>Cannot save in the project file</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="558"/>
        <source>打开属性表</source>
        <translation>Open attribute table</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="559"/>
        <source>显示标注</source>
        <translation>Show labels</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="563"/>
        <source>样式…</source>
        <translation>Style…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="564"/>
        <source>属性…</source>
        <translation>Properties…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="566"/>
        <source>移除图层</source>
        <translation>Remove layer</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="593"/>
        <source>样式已改；“保存项目”把它写进项目文件</source>
        <translation>Style changed; Save project writes it into the project file</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="609"/>
        <source>已从地图移除 %1（项目文件中的图层与检查不变）</source>
        <translation>Removed %1 from the map (the project file&apos;s layers and checks are unchanged)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="667"/>
        <source>%1：%2 = %3</source>
        <translation>%1: %2 = %3</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="694"/>
        <location filename="../main_window.cpp" line="712"/>
        <source>第 %1 行</source>
        <translation>row %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="750"/>
        <location filename="../main_window.cpp" line="857"/>
        <source>运行检查</source>
        <translation>Run checks</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="750"/>
        <location filename="../main_window.cpp" line="825"/>
        <source>请先打开一个项目文件。</source>
        <translation>Open a project file first.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="812"/>
        <source>未知错误</source>
        <translation>Unknown error</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="850"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="853"/>
        <source>检查完成，结果尚未保存（用“导出结果…”写出全部报告）</source>
        <translation>Checks finished, nothing saved yet (Export results… writes every report)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="854"/>
        <location filename="../main_window.cpp" line="912"/>
        <source>已写出 %1 个文件到 %2</source>
        <translation>Wrote %1 files to %2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="881"/>
        <location filename="../main_window.cpp" line="894"/>
        <source>还没有检查结果，请先运行检查。</source>
        <translation>There are no results yet: run the checks first.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="905"/>
        <source>正在导出结果…</source>
        <translation>Exporting the results…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="908"/>
        <source>导出已取消，%1 未改动</source>
        <translation>Export cancelled, %1 left as it was</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="834"/>
        <source>正在运行检查…</source>
        <translation>Running the checks…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="773"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="765"/>
        <source>另一项任务正在进行，请等它结束或取消。</source>
        <translation>Another task is running: wait for it to end or cancel it.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="323"/>
        <source>卷帘对比（左旧右新）</source>
        <translation>Swipe (old left, new right)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="779"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="836"/>
        <source>检查已取消</source>
        <translation>Checks cancelled</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="840"/>
        <location filename="../main_window.cpp" line="871"/>
        <source>检查失败</source>
        <translation>Checks failed</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="858"/>
        <source>检查已完成，没有带几何的结果表（本版本注册的检查：%1）。</source>
        <translation>The checks finished without result tables with geometry (checks run: %1).</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="881"/>
        <source>导出结果</source>
        <translation>Export results</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="885"/>
        <source>导出到文件夹</source>
        <translation>Export to folder</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="910"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="952"/>
        <location filename="../main_window.cpp" line="956"/>
        <location filename="../main_window.cpp" line="986"/>
        <source>比较红线版本</source>
        <translation>Compare red-line versions</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="952"/>
        <source>需要两个红线图层。</source>
        <translation>Two red-line layers are needed.</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="965"/>
        <source>旧版：</source>
        <translation>Old:</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="966"/>
        <source>新版：</source>
        <translation>New:</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="976"/>
        <source>正在比较红线版本…</source>
        <translation>Comparing red-line versions…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="986"/>
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
    <name>sanxian::viewer::PrintDialog</name>
    <message>
        <location filename="../printing.cpp" line="76"/>
        <source>打印布局</source>
        <translation>Print layout</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="83"/>
        <source>横向</source>
        <translation>Landscape</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="84"/>
        <source>纵向</source>
        <translation>Portrait</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="87"/>
        <source>例如：鄂托克旗自然资源局</source>
        <translation>e.g. Otog Banner Natural Resources Bureau</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="90"/>
        <source>坐标格网</source>
        <translation>Coordinate grid</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="93"/>
        <source>当前地图视图</source>
        <translation>The map view</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="94"/>
        <source>全部图层</source>
        <translation>All layers</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="95"/>
        <source>地图</source>
        <translation>map</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="96"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="98"/>
        <source>保存打印布局</source>
        <translation>Save the print layout</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="98"/>
        <source>PDF 文件 (*.pdf);;PNG 图片 (*.png)</source>
        <translation>PDF files (*.pdf);;PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="108"/>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="109"/>
        <source>纸张：</source>
        <translation>Paper:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="110"/>
        <source>方向：</source>
        <translation>Orientation:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="111"/>
        <source>编制单位：</source>
        <translation>Made by:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="112"/>
        <source>数据来源：</source>
        <translation>Sources:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="113"/>
        <source>制图日期：</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="114"/>
        <source>范围：</source>
        <translation>Extent:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="116"/>
        <source>输出文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../printing.cpp" line="117"/>
        <source>PNG 分辨率：</source>
        <translation>PNG resolution:</translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::PropertiesDialog</name>
    <message>
        <location filename="../layer_dialogs.cpp" line="144"/>
        <source>图层：</source>
        <translation>Layer:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="145"/>
        <source>数据源：</source>
        <translation>Source:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="146"/>
        <source>源中图层：</source>
        <translation>Layer in the source:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="147"/>
        <source>格式：</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="149"/>
        <source>角色：</source>
        <translation>Role:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="155"/>
        <source>角色字段：</source>
        <translation>Role fields:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="162"/>
        <source>坐标系：</source>
        <translation>CRS:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="164"/>
        <source>分析坐标系：</source>
        <translation>Analysis CRS:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="165"/>
        <source>编码：</source>
        <translation>Encoding:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="166"/>
        <source>要素数：</source>
        <translation>Features:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="169"/>
        <source>几何类型：</source>
        <translation>Geometry types:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="170"/>
        <source>范围（分析坐标系）：</source>
        <translation>Extent (analysis CRS):</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="176"/>
        <source>字段：</source>
        <translation>Field:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="177"/>
        <source>加载问题：%1 条</source>
        <translation>Load issues: %1</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="188"/>
        <source>图层属性 — %1</source>
        <translation>Layer properties — %1</translation>
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
        <location filename="../results_panel.cpp" line="173"/>
        <location filename="../results_panel.cpp" line="177"/>
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
<context>
    <name>sanxian::viewer::StyleDialog</name>
    <message>
        <location filename="../layer_dialogs.cpp" line="38"/>
        <source>图层样式 — %1</source>
        <translation>Layer style — %1</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="59"/>
        <source> 像素</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="66"/>
        <source>（角色默认：%1）</source>
        <translation>(the role&apos;s: %1)</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="66"/>
        <location filename="../layer_dialogs.cpp" line="107"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="68"/>
        <source>（不分类：角色与分区的样式）</source>
        <translation>(none: the role&apos;s and its zones&apos; styles)</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="75"/>
        <source>显示标注</source>
        <translation>Show labels</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="77"/>
        <source>填充：</source>
        <translation>Fill:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="78"/>
        <source>边线：</source>
        <translation>Outline:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="79"/>
        <source>线宽：</source>
        <translation>Width:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="80"/>
        <source>不透明度：</source>
        <translation>Opacity:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="81"/>
        <source>标注字段：</source>
        <translation>Label field:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="83"/>
        <source>按字段分类着色：</source>
        <translation>Colour by field:</translation>
    </message>
    <message>
        <location filename="../layer_dialogs.cpp" line="111"/>
        <source>选择颜色</source>
        <translation>Choose a colour</translation>
    </message>
</context>
</TS>
