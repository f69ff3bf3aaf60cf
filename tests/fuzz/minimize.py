"""Shrink a saved reproducer while it still fails the same way.

    python -m tests.fuzz.minimize /tmp/fuzz-failures/012-escape-... [--budget 2000]

Delta debugging over lines, then over characters: a chunk is dropped when the
input without it still shows the failure's signature. The result is written
next to the input as `minimal.<ext>`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .harness import run_case

Still = Callable[[bytes], bool]


def failing_the_same_way(target: str, signature: str) -> Still:
    def still(data: bytes) -> bool:
        return any(failure.signature == signature for failure in run_case(target, data))

    return still


def shrink(units: list[bytes], still: Still, budget: list[int]) -> list[bytes]:
    """ddmin-style: drop chunks of `units`, halving the chunk size down to one unit."""
    size = max(1, len(units) // 2)
    while size >= 1 and budget[0] > 0:
        start, changed = 0, False
        while start < len(units) and budget[0] > 0:
            candidate = units[:start] + units[start + size:]
            budget[0] -= 1
            if candidate and still(b"".join(candidate)):
                units, changed = candidate, True
            else:
                start += size
        if not changed:
            size //= 2
    return units


def minimize(data: bytes, still: Still, budget: int) -> bytes:
    remaining = [budget]
    lines = shrink(data.splitlines(keepends=True), still, remaining)
    characters = shrink([bytes([byte]) for byte in b"".join(lines)], still, remaining)
    return b"".join(characters)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.minimize", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a reproducer folder the campaign wrote")
    parser.add_argument("--budget", type=int, default=2000, help="runs at most (default: 2000)")
    options = parser.parse_args(argv)
    info = dict(line.split(": ", 1) for line in (options.folder / "failure.txt").read_text("utf-8").splitlines()[:3])
    source = next(path for path in options.folder.glob("input.*"))
    if info["target"] == "cli":
        print("cli cases are projects; minimise their files by hand", file=sys.stderr)
        return 2
    still = failing_the_same_way(info["target"], info["signature"])
    data = source.read_bytes()
    if not still(data):
        print(f"{source} no longer fails with {info['signature']!r}", file=sys.stderr)
        return 1
    small = minimize(data, still, options.budget)
    out = source.with_name("minimal" + source.suffix)
    out.write_bytes(small)
    print(f"{len(data):,} -> {len(small):,} bytes: {out}\n{small!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
