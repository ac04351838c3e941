"""Finding and running the sanxian command; no QGIS here, so it is tested
without QGIS (tests/install/test_qgis_runner.py)."""
import glob
import json
import os
import queue
import shutil
import subprocess
import threading
import time

# Exit codes of sanxian (DESIGN.md): 1 means findings with --fail-on, still a run.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class SanxianError(Exception):
    """sanxian could not be found, or stopped with a usage or input error."""


def executable():
    """$SANXIAN_EXE; the sanxian installed with this plugin (PREFIX/bin, the
    plugin being in PREFIX/share/qgis/python/plugins/sanxian); else PATH."""
    env = os.environ.get("SANXIAN_EXE")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    beside = os.path.normpath(os.path.join(here, "..", "..", "..", "..", "..", "bin", "sanxian"))
    if os.access(beside, os.X_OK):
        return beside
    found = shutil.which("sanxian")
    if found:
        return found
    raise SanxianError("sanxian not found: install the sanxian package, put sanxian on PATH or set SANXIAN_EXE")


def version():
    try:
        out = subprocess.run([executable(), "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip().replace("sanxian ", "")
    except (OSError, SanxianError, subprocess.SubprocessError):
        return ""


def environment(english):
    """sanxian's messages in the user's language; progress lines in a pipe."""
    env = dict(os.environ)
    env.pop("LC_ALL", None)
    env["LC_MESSAGES"] = "en_US.UTF-8" if english else "zh_CN.UTF-8"
    env.setdefault("LANG", "C.UTF-8")
    env["SANXIAN_PROGRESS"] = "1"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")  # the PDF report draws without a display
    return env


def run(arguments, json_path, english=False, on_progress=None, on_message=None, is_canceled=None, expected_steps=0):
    """Runs `sanxian ARGUMENTS --json JSON_PATH` and returns the JSON summary.

    on_progress(percent, text) for every progress line ("… loading …"):
    percent counts the lines against expected_steps (or approaches 95 when
    unknown); on_message(text) for every other line of stdout and stderr;
    is_canceled() is asked every tenth of a second, and a canceled run is
    terminated (sanxian writes into a staging folder: the output folder
    keeps what it held). Raises SanxianError on exit codes 2 and 3.
    """
    command = [executable()] + list(arguments) + ["--json", json_path]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8", errors="replace", env=environment(english))
    # The pipes are read in threads; the callbacks run here, in the caller's
    # thread (QGIS's feedback belongs to the algorithm's thread).
    lines = queue.Queue()

    def read(stream, is_stderr):
        for line in stream:
            lines.put((is_stderr, line.rstrip("\n")))

    readers = [threading.Thread(target=read, args=(process.stdout, False), daemon=True),
               threading.Thread(target=read, args=(process.stderr, True), daemon=True)]
    for r in readers:
        r.start()
    errors = []
    steps = 0

    def dispatch():
        nonlocal steps
        while True:
            try:
                is_stderr, line = lines.get_nowait()
            except queue.Empty:
                return
            if not line:
                continue
            if is_stderr and line.startswith("… "):
                steps += 1
                if on_progress:
                    percent = min(95.0, 100.0 * steps / (expected_steps + 1)) if expected_steps else 95.0 * (1 - 0.8 ** steps)
                    on_progress(percent, line[2:])
            else:
                if is_stderr:
                    errors.append(line)
                if on_message:
                    on_message(line)

    canceled = False
    while process.poll() is None:
        dispatch()
        if is_canceled and is_canceled():
            canceled = True
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            break
        time.sleep(0.1)
    process.wait()
    for r in readers:
        r.join(timeout=5)
    process.stdout.close()
    process.stderr.close()
    dispatch()
    if canceled:
        remove_staging(arguments, process.pid)
        return None
    if process.returncode not in (EXIT_OK, EXIT_FINDINGS):
        raise SanxianError("sanxian exited with code %d:\n%s" % (process.returncode, "\n".join(errors[-20:])))
    if on_progress:
        on_progress(100.0, "")
    with open(json_path, encoding="utf-8") as f:
        return json.load(f)


def remove_staging(arguments, pid):
    """sanxian writes into DIR/.sanxian-staging-PID-… and moves it into place
    when done; a terminated run leaves it behind: removed here."""
    if "-o" not in arguments:
        return
    folder = arguments[arguments.index("-o") + 1]
    for staging in glob.glob(os.path.join(glob.escape(folder), ".sanxian-staging-%d-*" % pid)):
        shutil.rmtree(staging, ignore_errors=True)


def project_steps(project_file):
    """How many progress lines `sanxian run` prints for a project, about:
    one per layer, the harmonizing, two per check and one per file written."""
    try:
        import yaml

        with open(project_file, encoding="utf-8") as f:
            project = yaml.safe_load(f)
        return len(project.get("layers") or {}) + 1 + 3 * len(project.get("checks") or []) + 8
    except Exception:  # noqa: BLE001 (no PyYAML, or a file sanxian will report on)
        return 0


def result_layers(folder):
    """The Shapefiles and GeoPackages a run wrote, each with its .qml style
    (or None): [(path, qml)], the check folders' layers first, the ledger last."""
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".shp"):
                continue
            path = os.path.join(top, name)
            qml = path[:-4] + ".qml"
            found.append((path, qml if os.path.exists(qml) else None))
    found.sort(key=lambda item: (os.path.dirname(item[0]) == os.path.normpath(folder), item[0]))
    return found
