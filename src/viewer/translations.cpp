#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace sanxian::viewer {

bool installTranslations(bool english) {
  // Kept for the application's life.
  static QTranslator viewer, qt;
  QCoreApplication::removeTranslator(&viewer);
  QCoreApplication::removeTranslator(&qt);
  if (english) return viewer.load(QStringLiteral(":/i18n/sanxian_en.qm")) && QCoreApplication::installTranslator(&viewer);
  // Qt's own dialogs (file dialogs, OK / Cancel) in Chinese: qtbase_zh_CN.qm
  // from Debian's qt6-translations-l10n.
  return qt.load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
         QCoreApplication::installTranslator(&qt);
}

}  // namespace sanxian::viewer
