// One QGuiApplication / QApplication for a GoogleTest executable (fonts and
// event loops need one); the test's ENVIRONMENT sets QT_QPA_PLATFORM=offscreen.
#pragma once

#include <QCoreApplication>

template <typename App>
inline void ensureQtApp() {
  static int argc = 1;
  static char name[] = "sanxian-test";
  static char* argv[] = {name, nullptr};
  if (!QCoreApplication::instance()) new App(argc, argv);
}
