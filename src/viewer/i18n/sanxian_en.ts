<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../main.cpp" line="41"/>
        <source>三线核查地图：查看图层、运行检查、逐条查看结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="43"/>
        <source>项目文件（.yaml）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="44"/>
        <source>绘制项目地图到 PNG 后退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="45"/>
        <source>截图尺寸，宽x高</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="46"/>
        <source>截图范围（分析坐标系，米）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="47"/>
        <source>截图前运行项目的检查并绘制结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="48"/>
        <source>--checks 的输出文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main.cpp" line="49"/>
        <source>界面语言：zh 或 en</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanxian</name>
    <message>
        <location filename="../main.cpp" line="56"/>
        <source>--screenshot 需要一个项目文件</source>
        <comment>--screenshot needs a project file</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="73"/>
        <location filename="../main_window.cpp" line="253"/>
        <source>三线核查地图</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="88"/>
        <location filename="../main_window.cpp" line="102"/>
        <source>图层</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="88"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="88"/>
        <source>要素数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="88"/>
        <source>坐标系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="95"/>
        <source>上移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="96"/>
        <source>下移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="97"/>
        <source>缩放至图层</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="123"/>
        <source>字段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="123"/>
        <source>值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="124"/>
        <location filename="../main_window.cpp" line="174"/>
        <source>识别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="130"/>
        <source>检查结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="143"/>
        <source>文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="144"/>
        <source>工具</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="152"/>
        <source>打开项目…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="153"/>
        <source>打开项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="153"/>
        <source>项目文件 (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="156"/>
        <source>添加图层…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="157"/>
        <source>添加图层</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="158"/>
        <source>矢量数据 (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;全部文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="161"/>
        <source>导出结果…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="162"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="167"/>
        <source>视图</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="168"/>
        <source>全图</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="169"/>
        <source>放大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="170"/>
        <source>缩小</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="172"/>
        <source>平移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="173"/>
        <source>拉框放大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="184"/>
        <source>检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="185"/>
        <source>运行检查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="186"/>
        <source>比较红线版本…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="188"/>
        <source>显示版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="191"/>
        <source>新旧对比</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="191"/>
        <source>仅旧版</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="191"/>
        <source>仅新版</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="203"/>
        <source>切换新旧版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="226"/>
        <source>绘制 %1 毫秒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="250"/>
        <source>无法打开项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="266"/>
        <source>无法添加图层</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="355"/>
        <source>第 %1 行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="380"/>
        <location filename="../main_window.cpp" line="430"/>
        <source>运行检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="380"/>
        <source>请先打开一个项目文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="383"/>
        <source>结果输出文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="386"/>
        <source>正在运行检查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="386"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="392"/>
        <source>正在取消…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="418"/>
        <source>检查已取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="420"/>
        <source>检查失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="428"/>
        <source>检查完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="431"/>
        <source>检查已完成，没有带几何的结果表（本版本注册的检查：%1）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="451"/>
        <source>导出结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="451"/>
        <source>还没有检查结果。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="454"/>
        <source>导出到文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="465"/>
        <source>已导出 %1 个结果表到 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="467"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="475"/>
        <source>红线比较 %1 → %2：减少 %3 公顷，增加 %4 公顷（平面面积）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="488"/>
        <location filename="../main_window.cpp" line="492"/>
        <location filename="../main_window.cpp" line="522"/>
        <source>比较红线版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="488"/>
        <source>需要两个红线图层。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="501"/>
        <source>旧版：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="502"/>
        <source>新版：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="512"/>
        <source>正在比较红线版本…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="522"/>
        <source>比较失败。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sanxian::viewer::ResultsPanel</name>
    <message>
        <location filename="../results_panel.cpp" line="91"/>
        <source>结果表：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="94"/>
        <source>严重程度：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="94"/>
        <source>规则：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="94"/>
        <source>乡镇：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="105"/>
        <location filename="../results_panel.cpp" line="134"/>
        <location filename="../results_panel.cpp" line="173"/>
        <source>%1 / %2 行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="109"/>
        <source>筛选…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../results_panel.cpp" line="166"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
