# The Debian package: `cmake --build build --target package` (or
# `cpack --config build/CPackConfig.cmake -G DEB`) writes
# build/sanxian_VERSION_amd64.deb holding what cmake/Install.cmake installs,
# under /usr. Its dependencies on shared libraries are computed by
# dpkg-shlibdeps (dpkg-dev) from the binaries; the two that no library
# link shows are named: the CJK font every map, PDF and window draws Chinese
# with, and Qt's own Chinese translations for the viewer's dialogs.
# tools/check-deb.sh installs the package on a fresh Debian 12 root and runs
# the sample there.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sanxian)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Sanxian")
set(CPACK_PACKAGE_CONTACT "Sanxian maintainers <sanxian@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "checks of China's spatial control lines (三线): red line, protected areas, mining rights, shorelines")
set(CPACK_PACKAGE_DESCRIPTION
  "Sanxian checks the ecological protection red line between two versions, nature
protected areas and their overlaps, mining rights against protected land, the
three control lines against each other, land use inside the red line, river
and lake shorelines and project sites against 'three lines one list'. It reads
Shapefile, GeoPackage and PostGIS, and writes Shapefile, GeoPackage, CSV, a
workbook, a findings ledger and a PDF report. sanxian-viewer shows it on a map.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # sanxian_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Added to what dpkg-shlibdeps finds.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk, qt6-translations-l10n")
# bash-completion loads the completion; QGIS runs the Processing plugin.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, qgis")
include(CPack)
