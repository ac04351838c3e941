"""The QGIS plugin's runner (qgis/sanxian/runner.py, no QGIS needed) against
the built sanxian on the sample: the summary is the command's own --json,
progress lines arrive through the pipe, cancel stops the run and leaves the
output folder as it was, and the result layers are found with their styles.
usage: python3 test_qgis_runner.py PLUGIN_DIR SANXIAN SAMPLE_DATA_DIR"""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

PLUGIN_DIR, SANXIAN, DATA = sys.argv[1:4]
del sys.argv[1:4]
sys.path.insert(0, PLUGIN_DIR)
os.environ["SANXIAN_EXE"] = SANXIAN
import runner  # noqa: E402


class Runner(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sanxian-qgis-runner-")
        self.dir = self.tmp.name
        self.overlap = ["overlap", "--a", os.path.join(DATA, "mining.shp"), "--b", os.path.join(DATA, "redline_2023.shp"), "--no-pdf"]

    def tearDown(self):
        self.tmp.cleanup()

    def test_summary_and_progress_as_the_command_gives_them(self):
        progress, messages = [], []
        out = os.path.join(self.dir, "plugin")
        summary = runner.run(self.overlap + ["-o", out], os.path.join(self.dir, "plugin.json"), english=True,
                             on_progress=lambda p, m: progress.append((p, m)), on_message=messages.append, expected_steps=5)
        subprocess.run([SANXIAN] + self.overlap + ["-o", os.path.join(self.dir, "cli"), "--json", os.path.join(self.dir, "cli.json")],
                       check=True, capture_output=True)
        with open(os.path.join(self.dir, "cli.json"), encoding="utf-8") as f:
            cli = json.load(f)
        self.assertGreater(summary["pieces"], 0)
        for key in ("pieces", "overlap_area_m2", "planar_overlap_area_m2", "prohibited_count", "restricted_count"):
            self.assertEqual(summary[key], cli[key], key)
        self.assertTrue(any(m.startswith("loading") for _, m in progress), progress)
        self.assertEqual(progress[-1][0], 100.0)
        self.assertTrue(all(a[0] <= b[0] for a, b in zip(progress, progress[1:])), progress)
        layers = runner.result_layers(out)
        self.assertTrue(layers)
        if os.environ.get("SANXIAN_EXPECT_QML"):  # a build without Qt writes no QGIS styles
            self.assertTrue(all(qml and os.path.exists(qml) for _, qml in layers), layers)
        self.assertTrue(layers[-1][0].endswith("ledger.shp") or layers[-1][0].endswith("ledger_lines.shp"), layers)

    def test_cancel_stops_the_run_and_leaves_the_folder(self):
        out = os.path.join(self.dir, "canceled")
        result = runner.run(["run", os.path.join(DATA, "..", "otog.yaml"), "-o", out], os.path.join(self.dir, "c.json"),
                            is_canceled=lambda: True)
        self.assertIsNone(result)
        self.assertFalse(os.path.exists(os.path.join(out, "run_summary.json")))
        if os.path.isdir(out):
            self.assertEqual([n for n in os.listdir(out) if n.startswith(".sanxian-staging")], [])

    @unittest.skipUnless(importlib.util.find_spec("yaml"), "PyYAML (python3-yaml, which QGIS depends on) is not installed")
    def test_a_project_s_progress_is_counted_from_its_file(self):
        import yaml

        path = os.path.join(DATA, "..", "otog.yaml")
        with open(path, encoding="utf-8") as f:
            project = yaml.safe_load(f)
        layers, checks = len(project["layers"]), len(project["checks"])
        self.assertGreater(checks, 1)
        self.assertEqual(runner.project_steps(path), layers + 1 + 3 * checks + 8)
        self.assertEqual(runner.project_steps(os.path.join(self.dir, "missing.yaml")), 0)

    def test_input_errors_are_raised_with_the_message(self):
        with self.assertRaises(runner.SanxianError) as e:
            runner.run(["area", os.path.join(self.dir, "missing.shp")], os.path.join(self.dir, "e.json"), english=True)
        self.assertIn("missing.shp", str(e.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
