# Install rules: `cmake --install build --prefix PREFIX` gives
#   PREFIX/bin/sanxian, PREFIX/bin/sanxian-viewer
#   PREFIX/share/sanxian/{layers,styles}           roles, rule lists, styles
#   PREFIX/share/sanxian/samples/otog              the sample project
#   PREFIX/share/man/man1/sanxian.1.gz (+ zh_CN)   man page, from the command's definition
#   PREFIX/share/bash-completion/completions/sanxian
#   PREFIX/share/applications, share/icons         the viewer's desktop entry and icon
#   PREFIX/share/qgis/python/plugins/sanxian       the QGIS Processing provider
# The binaries find share/sanxian from their own location (../share/sanxian),
# so the tree may be moved; see src/core/base/data_dir.h.
include(GNUInstallDirs)
set(SANXIAN_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/sanxian)

install(TARGETS sanxian RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/layers ${PROJECT_SOURCE_DIR}/styles DESTINATION ${SANXIAN_INSTALL_DATADIR})
install(FILES ${PROJECT_SOURCE_DIR}/samples/README.md DESTINATION ${SANXIAN_INSTALL_DATADIR}/samples)
# The sample's screenshots are the README's pictures, not part of the project.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/samples/otog DESTINATION ${SANXIAN_INSTALL_DATADIR}/samples
  PATTERN screenshots EXCLUDE)

# The man page (English, and Chinese under zh_CN) and the bash completion,
# printed by the built command from its own definition (src/cli/cmd_completion.cpp).
set(generated ${PROJECT_BINARY_DIR}/generated)
find_program(GZIP_PROGRAM gzip REQUIRED)
add_custom_command(OUTPUT ${generated}/man/sanxian.1.gz ${generated}/man/zh_CN/sanxian.1.gz ${generated}/bash-completion/sanxian
  COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/man/zh_CN ${generated}/bash-completion
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:sanxian> -DARGS=manpage -DLANGUAGE=en -DOUT=${generated}/man/sanxian.1
          -P ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:sanxian> -DARGS=manpage -DLANGUAGE=zh -DOUT=${generated}/man/zh_CN/sanxian.1
          -P ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
  COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:sanxian> -DARGS=completion,bash -DOUT=${generated}/bash-completion/sanxian
          -P ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
  # Man pages are installed compressed (Debian policy 12.1); -n: no name or
  # time stamp inside, so the package is reproducible.
  COMMAND ${CMAKE_COMMAND} -DEXE=${GZIP_PROGRAM} -DARGS=-9n,-c,${generated}/man/sanxian.1 -DOUT=${generated}/man/sanxian.1.gz
          -P ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
  COMMAND ${CMAKE_COMMAND} -DEXE=${GZIP_PROGRAM} -DARGS=-9n,-c,${generated}/man/zh_CN/sanxian.1 -DOUT=${generated}/man/zh_CN/sanxian.1.gz
          -P ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
  DEPENDS sanxian ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
  COMMENT "Man page and bash completion from sanxian's own definition" VERBATIM)
add_custom_target(sanxian_generated_docs ALL
  DEPENDS ${generated}/man/sanxian.1.gz ${generated}/man/zh_CN/sanxian.1.gz ${generated}/bash-completion/sanxian)
install(FILES ${generated}/man/sanxian.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${generated}/man/zh_CN/sanxian.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/zh_CN/man1)
install(FILES ${generated}/bash-completion/sanxian DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

if(TARGET sanxian-viewer)
  # The viewer's own translation (sanxian_en.qm) is compiled into it as a
  # resource; Qt's Chinese dialogs (qtbase_zh_CN.qm) come from Debian's
  # qt6-translations-l10n, a dependency of the package (cmake/Package.cmake).
  install(TARGETS sanxian-viewer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/sanxian-viewer.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/sanxian-viewer.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

include(${PROJECT_SOURCE_DIR}/cmake/QgisPlugin.cmake)
