#!/usr/bin/env python3
"""Score the JSON reports run.sh wrote against the labels in repos.tsv.

    python bench/realworld/score.py [WORKDIR]     # default /tmp/rw

A TP or MISS row counts as found when a default-code finding is in the same file
within 3 lines (the corpus scorer's rule); an FP row fires when a finding is on its
exact line. Rows whose kind says "borderline" are counted apart. Findings on lines
nobody labelled are listed, so new mistakes show up rather than hide.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    workdir = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/rw")
    findings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for report in sorted((workdir / "out").glob("*.default.json")):
        repo = report.name.removesuffix(".default.json").replace("+", "/", 1)
        folder = report.name.removesuffix(".default.json")
        for finding in json.loads(report.read_text())["findings"]:
            # Reports name files from WORKDIR: <owner>+<name>/<path in the repository>.
            path = finding["path"].split(folder + "/", 1)[-1]
            findings[(repo, path)].append(finding["line"])

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    labelled: set[tuple[str, str, int]] = set()
    with open(HERE / "repos.tsv", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            lines = findings.get((row["repo"], row["path"]), [])
            line = int(row["line"])
            labelled.add((row["repo"], row["path"], line))
            hit = any(abs(found - line) <= 3 for found in lines) if row["label"] != "FP" else line in lines
            group = row["label"] + (" (borderline)" if "borderline" in row["kind"] else "")
            counts[group][0] += hit
            counts[group][1] += 1
            if hit == (row["label"] == "FP"):
                verb = "fires" if row["label"] == "FP" else "missed"
                print(f"{verb:7} {row['repo']} {row['path']}:{line} {row['name']} ({row['kind']})")
    for (repo, path), lines in sorted(findings.items()):
        for line in sorted(set(lines)):
            if not any((repo, path, near) in labelled for near in range(line - 3, line + 4)):
                print(f"unlabelled finding {repo} {path}:{line}")
    for group in sorted(counts):
        found, total = counts[group]
        verb = "fired" if group.startswith("FP") else "found"
        print(f"{group}: {verb} {found}/{total}")


if __name__ == "__main__":
    main()
