"""Chinese or English, as QGIS's user interface (and sanxian's messages)."""
import os


def english():
    """True when QGIS (or, outside QGIS, the environment) speaks English."""
    try:
        from qgis.core import QgsApplication

        locale = QgsApplication.locale() or ""
    except ImportError:
        locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return locale.startswith("en")


def text(zh, en):
    return en if english() else zh
