"""SQL cost per MB of adversarial content, 1 to 16 MB: is it linear?

    python bench/sql_scaling.py [--sizes 1,2,4,8,16] [--runs 3] [--shapes cr-only,nested-parens]

For each shape of tests/fuzz/sql_gen.py (long identifiers, many statements,
unterminated comments and quotes, nested parens, CR-only line ends, ...) this
times `neveragain check`'s analysis of one SQL file (engine.analyse_sql_source:
scan, lex, read, classify, encryption, noqa) at each size, in CPU seconds of
this process (time.process_time: a shared machine disturbs it less than wall
time). Each figure is the median of --runs runs. The last column is the ratio
of seconds per MB at the largest size to the smallest; issue #11 wants it flat
(below 1.5). A shape whose run takes longer than --max-seconds is not run at
larger sizes: its ratio is then at least what the sizes so far show.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.fuzz.sql_gen import LARGE_SHAPES  # noqa: E402

from flake8_neveragain.config.settings import Settings  # noqa: E402
from flake8_neveragain.engine import Analyser, analyse_sql_source  # noqa: E402

MB = 1_000_000
FLAT = 1.5


def seconds_per_mb(analyser: Analyser, data: bytes, runs: int) -> tuple[float, bool]:
    """Median CPU seconds per MB, and whether a statement was skipped as too large (then the
    figure times the skip, not the analysis)."""
    times = []
    skipped = False
    for _ in range(runs):
        start = time.process_time()
        errors = analyse_sql_source(data, "bench.sql", analyser).errors
        times.append(time.process_time() - start)
        skipped = any("too large to analyse" in error.message for error in errors)
    return statistics.median(times) / (len(data) / MB), skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,8,16", help="MB, comma-separated (default: 1,2,4,8,16)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is shown (default: 3)")
    parser.add_argument("--shapes", default=",".join(LARGE_SHAPES), help="shapes to time (default: all)")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="stop growing a shape past this")
    options = parser.parse_args(argv)
    sizes = [float(size) for size in options.sizes.split(",")]
    shapes = [name.strip() for name in options.shapes.split(",") if name.strip()]
    analyser = Analyser(Settings())
    analyse_sql_source(b"CREATE TABLE t (race text);", "warm.sql", analyser)  # imports sqlparse, loads the lexicon
    print(f"{'shape':<22}" + "".join(f"{f'{size:g} MB':>10}" for size in sizes) + f"{'ratio':>9}   (s/MB)")
    worst = 0.0
    for shape in shapes:
        figures: list[float] = []
        skips = []
        for size in sizes:
            data = LARGE_SHAPES[shape](int(size * MB)).encode("utf-8")
            figure, skipped = seconds_per_mb(analyser, data, options.runs)
            figures.append(figure)
            skips.append(skipped)
            if figure * size > options.max_seconds:
                break
        ratio = figures[-1] / figures[0] if figures[0] else 0.0
        worst = max(worst, ratio)
        cells = "".join(f"{figure:>10.2f}" for figure in figures) + " " * 10 * (len(sizes) - len(figures))
        partial = "" if len(figures) == len(sizes) else f" >= (stopped at {sizes[len(figures) - 1]:g} MB)"
        flag = "" if ratio < FLAT else "  NOT FLAT"
        flag += "  (a statement was skipped as too large: not comparable)" if any(skips) else ""
        print(f"{shape:<22}{cells}{ratio:>8.2f}x{partial}{flag}", flush=True)
    print(f"worst ratio {worst:.2f}x (time per MB at {sizes[-1]:g} MB vs {sizes[0]:g} MB; flat is < {FLAT})")
    return 0 if worst < FLAT else 1


if __name__ == "__main__":
    sys.exit(main())
