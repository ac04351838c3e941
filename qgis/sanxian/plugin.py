"""Registers the Sanxian Processing provider (also under qgis_process, which
calls initProcessing without a GUI)."""
from qgis.core import QgsApplication

from .provider import SanxianProvider


class SanxianPlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802
        self.provider = SanxianProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
