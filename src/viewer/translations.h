// The interface's language: Chinese by default (Qt's own dialogs too,
// from the qtbase translations installed by setup.sh), English when the
// locale or --lang says so.
#pragma once

#include <QString>

namespace sanxian::viewer {

// Installs the translators into the application for `english` (the
// viewer's English, or Qt's Chinese for its own dialogs: 确定 / 取消,
// 查找范围). Returns false when Qt's Chinese is not installed.
bool installTranslations(bool english);

}  // namespace sanxian::viewer
