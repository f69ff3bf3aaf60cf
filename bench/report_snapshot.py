"""Write every report the tool can give on examples/ and the tests' fixtures.

A refactoring that must not change behaviour is checked by running this before
and after, into two folders, and comparing them byte for byte:

    python bench/report_snapshot.py --out /tmp/before
    ... change the code ...
    python bench/report_snapshot.py --out /tmp/after
    diff -r /tmp/before /tmp/after && echo identical

Each target is checked with the default selection and with every code on, in
every `check` and `inventory` format, and through the real flake8. `rules` and
`explain` for every code are saved too. Paths in the reports are relative to
the repository, so two clones give the same bytes.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK_FORMATS = ("text", "json", "sarif", "github", "gitlab")
INVENTORY_FORMATS = ("markdown", "html", "json")
SELECTIONS = {"default": [], "all": ["--select", "NEV"]}


def _targets() -> list[str]:
    """examples/, each fixture folder, and the saved fuzz reproducers."""
    found = ["examples"]
    for folder in ("tests/fixtures", "tests/fuzz/corpus", "tests/golden"):
        base = ROOT / folder
        if base.is_dir():
            found += sorted(
                str(child.relative_to(ROOT)) for child in base.iterdir() if child.is_dir()
            )
    return found


def _run(args: list[str]) -> bytes:
    completed = subprocess.run(
        args,
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    return (
        completed.stdout
        + b"\n--- stderr ---\n"
        + completed.stderr
        + f"\n--- exit {completed.returncode} ---\n".encode()
    )


def _codes() -> list[str]:
    listing = _run([sys.executable, "-m", "flake8_neveragain", "rules"]).decode()
    return sorted(set(re.findall(r"\bNEV\d{3}\b", listing)))


def snapshot(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-P", "-m", "flake8_neveragain"]
    written = 0

    def save(name: str, data: bytes) -> None:
        nonlocal written
        (out / name).write_bytes(data)
        written += 1

    for target in _targets():
        stem = target.replace("/", "_")
        for label, selection in SELECTIONS.items():
            for fmt in CHECK_FORMATS:
                save(
                    f"check.{stem}.{label}.{fmt}",
                    _run([*cli, "check", "--no-baseline", "--format", fmt, *selection, target]),
                )
            save(
                f"flake8.{stem}.{label}",
                _run([sys.executable, "-m", "flake8", "--isolated", *selection, target]),
            )
        for fmt in INVENTORY_FORMATS:
            save(
                f"inventory.{stem}.{fmt}",
                _run([*cli, "inventory", "--no-baseline", "--format", fmt, target]),
            )
    save("rules", _run([*cli, "rules"]))
    for code in _codes():
        save(f"explain.{code}", _run([*cli, "explain", code]))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args()
    count = snapshot(args.out)
    print(f"{count} reports written to {args.out}")


if __name__ == "__main__":
    main()
