#include "indicator_map.h"

#include <QComboBox>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include "core/run/run.h"

namespace sanxian::viewer {
namespace {

// Draws the chosen chart: bars on the left, the township map on the right.
class ChartCanvas : public QWidget {
public:
  explicit ChartCanvas(const std::vector<render::IndicatorChart>& charts, const QComboBox& choice)
      : charts_(charts), choice_(choice) {
    setMinimumSize(760, 420);
  }

protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const int index = choice_.currentIndex();
    if (index < 0 || size_t(index) >= charts_.size()) return;
    const render::IndicatorChart& chart = charts_[size_t(index)];
    const double unit = logicalDpiY() / 72.0;
    const QRectF body = QRectF(rect()).adjusted(12, 12, -12, -12);
    const double gap = 16;
    const QRectF bars(body.left(), body.top(), (body.width() - gap) * 0.5, body.height());
    const QRectF map(bars.right() + gap, body.top(), body.width() - bars.width() - gap, body.height());
    const QString family = font().family();
    render::drawBarChart(painter, bars, chart.bars, chart.target, chart.decimals, chart.unit, family, unit * 1.2);
    render::drawChoropleth(painter, map, chart.areas, chart.decimals, chart.unit, family, unit * 1.2);
  }

private:
  const std::vector<render::IndicatorChart>& charts_;
  const QComboBox& choice_;
};

const Table* townshipLayer(const CheckOutput& output) {
  for (const Table& t : output.tables)
    if (t.name == "indicators_townships") return &t;
  return nullptr;
}

}  // namespace

IndicatorMapDialog::IndicatorMapDialog(std::shared_ptr<const RunResult> run, const CheckOutput& output, QWidget* parent)
    : QDialog(parent), run_(std::move(run)) {
  setWindowTitle(tr("指标地图 — %1").arg(QString::fromStdString(output.title)));
  if (const Table* townships = townshipLayer(output)) charts_ = render::indicatorCharts(output.summary, *townships);
  auto* layout = new QVBoxLayout(this);
  choice_ = new QComboBox;
  for (const render::IndicatorChart& c : charts_) choice_->addItem(c.title, QString::fromStdString(c.id));
  layout->addWidget(choice_);
  if (charts_.empty()) layout->addWidget(new QLabel(tr("没有分乡镇的指标数值（检查需要 boundary 乡镇图层）。")));
  auto* note = new QLabel(tr("左：各乡镇数值（绿色达标或未减少，红色未达标或减少；红色虚线为目标，黑色短线为上期）。右：各乡镇按数值着色。"));
  note->setWordWrap(true);
  layout->addWidget(note);
  canvas_ = new ChartCanvas(charts_, *choice_);
  layout->addWidget(canvas_, 1);
  connect(choice_, &QComboBox::currentIndexChanged, canvas_, qOverload<>(&QWidget::update));
  resize(900, 560);
}

bool IndicatorMapDialog::showIndicator(const std::string& id) {
  const int index = choice_->findData(QString::fromStdString(id));
  if (index < 0) return false;
  choice_->setCurrentIndex(index);
  canvas_->update();
  return true;
}

const render::IndicatorChart* IndicatorMapDialog::current() const {
  const int index = choice_->currentIndex();
  return index >= 0 && size_t(index) < charts_.size() ? &charts_[size_t(index)] : nullptr;
}

}  // namespace sanxian::viewer
