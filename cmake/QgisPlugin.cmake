# The QGIS Processing plugin (qgis/sanxian): installed into QGIS's system
# plugin folder under the prefix (Debian's QGIS reads
# /usr/share/qgis/python/plugins), and zipped for QGIS's plugin manager
# ("Install from ZIP") by `cmake --build build --target qgis_plugin_zip`.
option(SANXIAN_INSTALL_QGIS_PLUGIN "Install the QGIS Processing plugin" ON)
set(SANXIAN_QGIS_PLUGIN_DIR ${PROJECT_SOURCE_DIR}/qgis/sanxian)
file(GLOB qgis_plugin_files CONFIGURE_DEPENDS ${SANXIAN_QGIS_PLUGIN_DIR}/*.py ${SANXIAN_QGIS_PLUGIN_DIR}/metadata.txt
     ${SANXIAN_QGIS_PLUGIN_DIR}/*.svg)
if(SANXIAN_INSTALL_QGIS_PLUGIN)
  install(FILES ${qgis_plugin_files} DESTINATION ${CMAKE_INSTALL_DATADIR}/qgis/python/plugins/sanxian)
endif()

set(qgis_plugin_zip ${PROJECT_BINARY_DIR}/sanxian-qgis-plugin-${PROJECT_VERSION}.zip)
set(qgis_plugin_stage ${PROJECT_BINARY_DIR}/qgis-plugin)
add_custom_command(OUTPUT ${qgis_plugin_zip}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${qgis_plugin_stage}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${qgis_plugin_stage}/sanxian
  COMMAND ${CMAKE_COMMAND} -E copy ${qgis_plugin_files} ${qgis_plugin_stage}/sanxian/
  COMMAND ${CMAKE_COMMAND} -E chdir ${qgis_plugin_stage} ${CMAKE_COMMAND} -E tar cf ${qgis_plugin_zip} --format=zip sanxian
  DEPENDS ${qgis_plugin_files}
  COMMENT "QGIS plugin zip: ${qgis_plugin_zip}" VERBATIM)
add_custom_target(qgis_plugin_zip DEPENDS ${qgis_plugin_zip})
