// The township map of an indicator (指标地图): after a run with an
// indicators check, a window with the indicator chosen in a list, its bar
// chart by township and the townships coloured by its value — drawn by
// render/charts, as the PDF report draws them.
#pragma once

#include <QDialog>

#include <memory>
#include <vector>

#include "render/charts.h"

class QComboBox;

namespace sanxian {
struct CheckOutput;
struct RunResult;
}

namespace sanxian::viewer {

class IndicatorMapDialog : public QDialog {
  Q_OBJECT
public:
  // `output` is an indicators check of `run`, which the dialog keeps alive
  // (its maps draw the run's township polygons) when a new run replaces it.
  IndicatorMapDialog(std::shared_ptr<const RunResult> run, const CheckOutput& output, QWidget* parent = nullptr);

  // Shows the indicator with this id; false when it has no township values.
  bool showIndicator(const std::string& id);
  const render::IndicatorChart* current() const;

private:
  std::shared_ptr<const RunResult> run_;
  std::vector<render::IndicatorChart> charts_;
  QComboBox* choice_ = nullptr;
  QWidget* canvas_ = nullptr;
};

}  // namespace sanxian::viewer
