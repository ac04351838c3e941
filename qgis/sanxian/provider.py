"""The Processing provider "sanxian": one algorithm per sanxian command."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import runner
from .algorithms import all_algorithms
from .i18n import text


class SanxianProvider(QgsProcessingProvider):
    def id(self):
        return "sanxian"

    def name(self):
        return text("三线核查", "Sanxian")

    def longName(self):  # noqa: N802
        version = runner.version()
        return self.name() + (" " + version if version else "")

    def icon(self):
        here = os.path.dirname(__file__)
        return QIcon(os.path.join(here, "icon.svg"))

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in all_algorithms():
            self.addAlgorithm(algorithm)
