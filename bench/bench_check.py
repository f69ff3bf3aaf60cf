"""Speed benchmark: prints ratios measured in one run (medians of several runs).

    python bench/bench_check.py [--files 2000] [--runs 5]

It generates a deterministic tree of Python files (models-heavy modules mixed
with ordinary code) and times, each as a whole process:

- the floor: reading and `ast.parse`-ing every file in one process;
- `neveragain check` (default jobs, and --jobs 1);
- plain `flake8 --select E9` with this plugin hidden, and `flake8 --select
  E9,NEV` with it, to show what the plugin adds;
- `neveragain check` on one small file (the pre-commit case).

Targets (see the design notes and issue #2): check <= 1.5x the floor, the
plugin adds <= 10% to flake8.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_TREE = HERE / ".tree"

FLOOR_SCRIPT = """
import ast, os, sys
for top, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith(".py"):
            with open(os.path.join(top, name), "rb") as handle:
                ast.parse(handle.read())
"""

# flake8 runs every installed plugin whatever --select says, so the baseline
# hides ours from plugin discovery instead.
FLAKE8_WITHOUT_PLUGIN = """
import sys
import flake8.plugins.finder as finder
original = finder.find_plugins
finder.find_plugins = lambda *a, **k: [p for p in original(*a, **k) if p.package != "flake8-neveragain"]
from flake8.main.cli import main
sys.exit(main(sys.argv[1:]))
"""

SENSITIVE = ["ethnicity", "religion", "nationality", "country_of_birth", "immigration_status", "race"]
NEUTRAL = [
    "name", "email", "created_at", "updated_at", "status", "country", "origin", "trace_id",
    "amount", "currency", "notes", "title", "slug", "is_active", "priority", "owner",
]


def models_module(rng: random.Random, index: int) -> str:
    lines = ['"""Generated models module."""', "", "from django.db import models", ""]
    for number in range(rng.randint(3, 8)):
        lines.append(f"class Model{index}_{number}(models.Model):")
        for field in rng.sample(NEUTRAL, rng.randint(5, 12)):
            lines.append(f"    {field} = models.CharField(max_length=100, blank=True)")
        if rng.random() < 0.3:
            lines.append(f"    {rng.choice(SENSITIVE)} = models.CharField(max_length=40)")
        lines.append("")
        lines.append("    def __str__(self):")
        lines.append("        return f'{self.pk}'")
        lines.append("")
    return "\n".join(lines) + "\n"


def ordinary_module(rng: random.Random, index: int) -> str:
    lines = ['"""Generated ordinary module."""', "", "import os", "from dataclasses import dataclass", ""]
    for number in range(rng.randint(4, 12)):
        lines += [
            f"def helper_{index}_{number}(items, limit=10):",
            "    total = 0",
            "    for position, item in enumerate(items):",
            "        if position > limit:",
            "            break",
            "        total += len(str(item)) * 2",
            "    return {'total': total, 'path': os.path.join('a', 'b')}",
            "",
        ]
    lines += [
        "@dataclass",
        f"class Options{index}:",
        "    verbose: bool = False",
        "    retries: int = 3",
        "",
        f"class Service{index}:",
        "    def __init__(self):",
        "        self.race_condition_guard = None",
        "",
        "    def run(self, payload):",
        "        return [helper for helper in payload if helper]",
        "",
    ]
    return "\n".join(lines) + "\n"


def generate_tree(root: Path, files: int) -> None:
    rng = random.Random(20161213)  # fixed seed: the same tree every run
    if root.exists():
        shutil.rmtree(root)
    for index in range(files):
        package = root / f"pkg{index // 50:03d}"
        package.mkdir(parents=True, exist_ok=True)
        if index % 3 == 0:
            (package / f"models_{index}.py").write_text(models_module(rng, index), encoding="utf-8")
        else:
            (package / f"module_{index}.py").write_text(ordinary_module(rng, index), encoding="utf-8")


# Users' Pythons cache bytecode; a sandbox that sets PYTHONDONTWRITEBYTECODE would
# charge every run for compiling the tool's modules again.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"command failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr.decode()}")
    return elapsed


def interleaved_medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds per command, running them in turn each round so that a
    burst of load elsewhere on the machine hits every command alike."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            timings[name].append(run_once(command))
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=DEFAULT_TREE)
    args = parser.parse_args()

    generate_tree(args.tree, args.files)
    tree = str(args.tree)
    python = sys.executable
    lines = sum(path.read_text(encoding="utf-8").count("\n") for path in args.tree.rglob("*.py"))
    print(f"tree: {args.files} files, {lines} lines; median of {args.runs} runs each")

    one_file = str(next(args.tree.rglob("models_*.py")))
    neveragain = [python, "-m", "flake8_neveragain", "check", "--isolated"]
    t = interleaved_medians(
        {
            "floor": [python, "-c", FLOOR_SCRIPT, tree],
            "check": [*neveragain, tree],
            "check_serial": [*neveragain, "--jobs", "1", tree],
            "flake8_plain": [python, "-c", FLAKE8_WITHOUT_PLUGIN, "--isolated", "--select", "E9", tree],
            "flake8_nev": [python, "-m", "flake8", "--isolated", "--select", "E9,NEV", tree],
            "flake8_plain_serial": [python, "-c", FLAKE8_WITHOUT_PLUGIN, "--isolated", "-j1", "--select", "E9", tree],
            "flake8_nev_serial": [python, "-m", "flake8", "--isolated", "-j1", "--select", "E9,NEV", tree],
            "one_file": [*neveragain, one_file],
        },
        args.runs,
    )
    floor = t["floor"]
    print(f"floor (read + ast.parse, 1 process): {floor:.2f} s")
    print(f"neveragain check:                    {t['check']:.2f} s  = {t['check'] / floor:.2f}x floor (target <= 1.5x)")
    print(f"neveragain check --jobs 1:           {t['check_serial']:.2f} s  = {t['check_serial'] / floor:.2f}x floor")
    for label, plain, nev in (("", "flake8_plain", "flake8_nev"), (" -j1", "flake8_plain_serial", "flake8_nev_serial")):
        added = (t[nev] / t[plain] - 1) * 100
        print(f"flake8{label} --select E9 (plugin hidden): {t[plain]:.2f} s")
        print(f"flake8{label} --select E9,NEV:            {t[nev]:.2f} s  = {added:+.1f}% (target <= +10%)")
    print(f"neveragain check, one file:          {t['one_file']:.3f} s (whole process)")


if __name__ == "__main__":
    main()
