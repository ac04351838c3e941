#include "report/pdf/print_pdf.h"

#include "report/pdf/pdf_internal.h"

namespace sanxian::report {

render::PrintedMap writePrintPdf(const std::string& path, const render::Scene& scene, const render::PrintLayout& layout) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  render::PrintedMap printed;
  {
    QPdfWriter writer(&buffer);
    writer.setResolution(pdf::kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(layout.paper == render::PrintLayout::Paper::A3 ? QPageSize::A3 : QPageSize::A4),
                                     layout.landscape ? QPageLayout::Landscape : QPageLayout::Portrait, QMarginsF(0, 0, 0, 0),
                                     QPageLayout::Millimeter));
    writer.setTitle(layout.title);
    writer.setCreator(QStringLiteral("sanxian ") + QString::fromStdString(toolVersion()));
    QPainter painter(&writer);
    painter.setRenderHint(QPainter::Antialiasing, true);
    printed = render::drawPrintLayout(painter, pdf::kDpi / 25.4, scene, layout);
    painter.end();
  }
  QByteArray bytes = buffer.data();
  pdf::fixToUnicode(bytes, pdf::radicalIdeographs(QFont(QStringLiteral("Noto Sans CJK SC"))));
  writeFileAtomically(path, bytes.toStdString());
  return printed;
}

}  // namespace sanxian::report
