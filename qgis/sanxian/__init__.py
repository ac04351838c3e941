"""Sanxian (三线) QGIS plugin: a Processing provider running the sanxian command."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import SanxianPlugin

    return SanxianPlugin(iface)
