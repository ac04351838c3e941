// QGIS layer styles (.qml) for the Shapefiles a run writes, made from the
// same styles/styles.yaml the viewer and the PDF report draw with: result
// pieces coloured as the viewer colours them — by severity, by the audit's
// change kind (减少 / 增加 / 性质改变) or by shoreline zone (categories per
// value found, plus "all other values") — labelled where the viewer labels
// them (styles.yaml result_labels), and field aliases with the full Chinese
// or English column names. QGIS applies NAME.qml automatically when it
// opens NAME.shp.
#pragma once

#include <string>
#include <vector>

#include "core/checks/table.h"
#include "render/style.h"
#include "report/files/write_run.h"

namespace sanxian::report {

enum class QmlGeometry { Fill, Line, Marker };

// The .qml document for `table` written as a Shapefile whose fields are
// `fieldNames` (shapefileFieldNames(table)), symbols for the kind of
// geometry its file holds (by default its first geometry's).
std::string qgisStyle(const Table& table, const std::vector<std::string>& fieldNames, const render::StyleSet& styles);
std::string qgisStyle(const Table& table, const std::vector<std::string>& fieldNames, const render::StyleSet& styles, QmlGeometry kind);

// Writes NAME.qml beside every Shapefile written (numbered parts and line
// files included); returns the files written.
std::vector<std::string> writeQgisStyles(const std::vector<WrittenShapefile>& shapefiles, const render::StyleSet& styles);

// The run hook: styles for the Shapefiles the run has written so far.
ExtraWriter qgisStyleWriter();

}  // namespace sanxian::report
