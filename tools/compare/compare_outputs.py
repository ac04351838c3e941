#!/usr/bin/env python3
"""Compares two output folders of `sanxian run` file by file, as a user's
tools would read them, ignoring only what must differ between two runs
(timestamps, the output folder's own path):

  .shp .shx .cpg .prj .qml .csv .txt       byte for byte
  .dbf                                      byte for byte but the header's date
  .json                                     parsed; the folders' paths replaced
  .gpkg                                     every layer dumped by ogrinfo -al
  .xlsx                                     every sheet's XML (not docProps, which holds the date)
  .pdf                                      page count and pdftotext text

  compare_outputs.py BEFORE_DIR AFTER_DIR      exit 0 when they agree
"""
import json, re, subprocess, sys, zipfile
from pathlib import Path


def files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and not p.name.startswith(".sanxian"))


def ogr_dump(path):
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-q", str(path)], capture_output=True, text=True, check=True).stdout
    return out.replace(str(path), "<file>")


def xlsx_sheets(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in sorted(z.namelist()) if n.startswith("xl/")}


def pdf_text(path, root):
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = [l for l in pages.splitlines() if l.startswith("Pages:")]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace(str(root), "<out>")  # the command on the parameters page names the folder
    text = re.sub(r"\d{4}-\d{2}-\d{2}", "<date>", text)  # the report's date, on the cover and in every footer
    return pages, text


def json_of(path, root):
    text = path.read_text(encoding="utf-8").replace(str(root.resolve()), "<out>").replace(str(root), "<out>")
    data = json.loads(text)
    if isinstance(data, dict):
        data.pop("command", None)  # the audit trail's command line names the output folder
    return data


def same(a, b, rel, before, after):
    ext = rel.suffix.lower()
    if ext == ".gpkg":
        return ogr_dump(a) == ogr_dump(b)
    if ext == ".xlsx":
        return xlsx_sheets(a) == xlsx_sheets(b)
    if ext == ".pdf":
        return pdf_text(a, before) == pdf_text(b, after)
    if ext == ".json":
        return json_of(a, before) == json_of(b, after)
    if ext == ".dbf":  # bytes 1-3 of a dBASE header are the date it was written
        x, y = a.read_bytes(), b.read_bytes()
        return x[:1] + x[4:] == y[:1] + y[4:]
    return a.read_bytes() == b.read_bytes()


def main():
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    fb, fa = files(before), files(after)
    problems = [f"only in {before}: {p}" for p in sorted(set(fb) - set(fa))]
    problems += [f"only in {after}: {p}" for p in sorted(set(fa) - set(fb))]
    for rel in sorted(set(fb) & set(fa)):
        if not same(before / rel, after / rel, rel, before, after):
            problems.append(f"differs: {rel}")
    for p in problems:
        print(p)
    print(f"{len(set(fb) & set(fa))} files compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
