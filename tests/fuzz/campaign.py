"""The long fuzz campaign: millions of generated and mutated inputs across every entry point.

    python -m tests.fuzz.campaign --inputs 1000000 --jobs 2 --seed 1
    python -m tests.fuzz.campaign --replay /tmp/fuzz-failures/003-escape-...

Input i is rebuilt from (seed, i) alone, so a worker that hangs is killed, its
input recorded as a hang, and a fresh worker carries on. The first (then the
smallest) input of each distinct failure is saved with its traceback.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import Failure
from .choices import RandomChooser
from .harness import ENTRY_POINTS, run_case
from .inputs import make_input
from .targets import cleanup

# Share of inputs per entry point: the cheap in-file ones get most, the CLI (a temp
# project per case) the fewest.
WEIGHTS = {"python": 26, "flake8-plugin": 14, "sql": 26, "noqa": 10, "config": 7, "baseline": 10, "flake8-options": 3,
           "cli": 4}
KINDS = ("escape", "hang", "slow", "internal", "swallowed", "lost-file", "nondeterministic", "bad-line",
         "mismatch", "leak", "exit-status", "bad-output", "crash")
PROGRESS_EVERY = 250  # inputs between a worker's reports
MEMORY_LIMIT = 2 * 1024**3  # per worker: a runaway input fails alone instead of taking the machine
# After these a process is not to be trusted (seen: TypeErrors and a segfault in later, unrelated
# inputs after a MemoryError), so the worker is replaced before its next input.
POISONED = ("MemoryError", "SystemError")
RESTART = 3


@dataclass(frozen=True)
class Case:
    index: int
    target: str
    data: bytes
    large: bool
    repeat: bool
    variants: bool


def build_case(seed: int, index: int, targets: Sequence[str], large_permille: int) -> Case:
    """Input `index` of campaign `seed`: the same bytes in any process, at any time."""
    c = RandomChooser(f"{seed}:{index}")
    weighted = [name for name in targets for _ in range(WEIGHTS.get(name, 1))]
    target = c.pick(weighted)
    # Large inputs (10-100 kB) cost ~100x a small one: a few per thousand find the cost classes.
    large = target in ("python", "sql", "flake8-plugin") and c.number(0, 999) < large_permille
    repeat, variants = c.chance(10), c.chance(25)
    return Case(index, target, make_input(target, c, large), large, repeat and not large, variants and not large)


def worker(wid: int, start: int, options: argparse.Namespace, current: Any, started: Any, last: Any,
           queue: Any) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    counts: Counter[tuple[str, str]] = Counter()
    smallest: dict[str, int] = {}
    for done, index in enumerate(range(start, options.inputs, options.jobs), start=1):
        case = build_case(options.seed, index, options.targets, options.large_permille)
        current[wid], started[wid] = index, time.monotonic()
        failures = run_case(case.target, case.data, repeat=case.repeat, variants=case.variants)
        current[wid], last[wid] = -1, index
        counts[(case.target, "inputs")] += 1
        counts[(case.target, "bytes")] += len(case.data)
        poisoned = False
        for failure in failures:
            counts[(case.target, failure.kind)] += 1
            poisoned = poisoned or any(name in failure.detail for name in POISONED)
            size = len(case.data)
            key = f"{failure.target}|{failure.signature}"
            keep = key not in smallest or size < smallest[key]
            smallest[key] = min(size, smallest.get(key, size))
            queue.put(("failure", index, failure, case.data if keep else None))
        if poisoned:  # start afresh: the parent counts what is left and spawns a new worker
            queue.put(("counts", wid, counts, index + options.jobs))
            queue.close()
            queue.join_thread()
            cleanup()
            os._exit(RESTART)
        if done % PROGRESS_EVERY == 0:
            # With the next index to count: if this worker is killed later, the parent
            # counts the inputs after it from their (seed, index) alone.
            queue.put(("counts", wid, counts, index + options.jobs))
            counts = Counter()
    queue.put(("counts", wid, counts, options.inputs))
    queue.put(("done", wid))
    cleanup()


@dataclass
class Distinct:
    failure: Failure
    index: int
    size: int
    count: int = 0
    folder: Path | None = None


@dataclass
class Totals:
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    distinct: dict[str, Distinct] = field(default_factory=dict)
    counted_until: dict[int, int] = field(default_factory=dict)  # per worker: the first index not yet counted


def save(options: argparse.Namespace, totals: Totals, failure: Failure, index: int, data: bytes) -> None:
    """Keep the smallest input of each distinct failure, with its traceback or explanation."""
    key = f"{failure.target}|{failure.signature}"
    entry = totals.distinct.get(key)
    if entry is None:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", failure.signature).strip("-")[:70]
        folder = options.out / f"{len(totals.distinct) + 1:03d}-{failure.kind}-{slug}"
        entry = totals.distinct[key] = Distinct(failure, index, len(data), folder=folder)
        print(f"  new failure #{len(totals.distinct)} [{failure.target}] {failure.signature} (input {index})",
              flush=True)
    elif len(data) >= entry.size:
        return
    entry.failure, entry.index, entry.size = failure, index, len(data)
    assert entry.folder is not None
    entry.folder.mkdir(parents=True, exist_ok=True)
    suffix = {"sql": ".sql", "config": ".toml", "baseline": ".json", "flake8-options": ".options.json",
              "cli": ".cli.json"}.get(failure.target, ".py")
    for old in entry.folder.glob("input.*"):
        old.unlink()
    (entry.folder / f"input{suffix}").write_bytes(data)
    (entry.folder / "failure.txt").write_text(
        f"target: {failure.target}\nkind: {failure.kind}\nsignature: {failure.signature}\n"
        f"campaign seed {options.seed}, input {index}, {len(data):,} bytes\n"
        f"replay: python -m tests.fuzz.campaign --replay {entry.folder}\n\n{failure.detail}\n", "utf-8",
        errors="backslashreplace")


def run_campaign(options: argparse.Namespace) -> int:
    options.out.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    current = context.Array("q", [-1] * options.jobs, lock=False)
    started = context.Array("d", [0.0] * options.jobs, lock=False)
    last = context.Array("q", [-1] * options.jobs, lock=False)  # per worker: the last input it finished
    processes: dict[int, Any] = {}
    finished: set[int] = set()
    totals = Totals()
    begin = time.monotonic()

    def spawn(wid: int, start: int) -> None:
        totals.counted_until[wid] = start
        last[wid] = start - options.jobs
        process = context.Process(target=worker, args=(wid, start, options, current, started, last, queue),
                                  daemon=True)
        process.start()
        processes[wid] = process

    for wid in range(options.jobs):
        spawn(wid, wid)
    last_report = begin
    while len(finished) < options.jobs:
        drain(queue, options, totals, finished)
        for wid, process in list(processes.items()):
            if wid in finished:
                continue
            index = current[wid]
            overdue = index >= 0 and time.monotonic() - started[wid] > options.timeout
            died = not process.is_alive() and wid not in finished
            if died and process.exitcode == RESTART:
                drain(queue, options, totals, finished)
                process.join()
                resume = last[wid] + options.jobs
                if resume < options.inputs:
                    spawn(wid, resume)
                else:
                    finished.add(wid)
                continue
            if overdue or died:
                drain(queue, options, totals, finished)  # what it said before it went
                if wid in finished or (process.is_alive() and current[wid] != index):
                    continue  # it finished, or got past that input while we listened
                if process.is_alive():
                    process.kill()
                process.join()
                # The input it was on (or, dead between two, the one after its last).
                resume = index + options.jobs if index >= 0 else last[wid] + options.jobs
                recount(options, totals, wid, index if index >= 0 else resume)
                record_lost(options, totals, wid, index, "hang" if overdue else "crash", process.exitcode)
                current[wid] = -1
                if resume < options.inputs:
                    spawn(wid, resume)
                else:
                    finished.add(wid)
        if time.monotonic() - last_report > options.report_every:
            last_report = time.monotonic()
            done = sum(v for (t, k), v in totals.counts.items() if k == "inputs")
            rate = done / (last_report - begin)
            print(f"  {done:,} inputs, {rate:,.0f}/s, {len(totals.distinct)} distinct failures", flush=True)
    for process in processes.values():
        process.join()
    drain(queue, options, totals, finished)
    return report(options, totals, time.monotonic() - begin)


def drain(queue: Any, options: argparse.Namespace, totals: Totals, finished: set[int]) -> None:
    import queue as queue_module

    while True:
        try:
            message = queue.get(timeout=0.2)
        except queue_module.Empty:
            return
        if message[0] == "counts":
            totals.counts.update(message[2])
            totals.counted_until[message[1]] = message[3]
        elif message[0] == "failure":
            _, index, failure, data = message
            if data is not None:
                save(options, totals, failure, index, data)
            key = f"{failure.target}|{failure.signature}"
            if key in totals.distinct:
                totals.distinct[key].count += 1
        elif message[0] == "done":
            finished.add(message[1])


def recount(options: argparse.Namespace, totals: Totals, wid: int, until: int) -> None:
    """Count the inputs a killed worker finished since its last report (their failures were sent already)."""
    for done in range(totals.counted_until[wid], until, options.jobs):
        case = build_case(options.seed, done, options.targets, options.large_permille)
        totals.counts[(case.target, "inputs")] += 1
        totals.counts[(case.target, "bytes")] += len(case.data)


def record_lost(options: argparse.Namespace, totals: Totals, wid: int, index: int, kind: str, code: int | None) -> None:
    """A worker killed for taking too long, or dead on its own: rebuild its input and keep it."""
    if index < 0:
        return
    case = build_case(options.seed, index, options.targets, options.large_permille)
    detail = (f"no result within {options.timeout:.0f} s" if kind == "hang"
              else f"worker exited with status {code} (signal or memory limit) on this input")
    failure = Failure(case.target, kind, f"{kind}:{case.target}", f"{detail}; {len(case.data):,} bytes")
    totals.counts[(case.target, "inputs")] += 1
    totals.counts[(case.target, kind)] += 1
    save(options, totals, failure, index, case.data)
    totals.distinct[f"{failure.target}|{failure.signature}"].count += 1


def report(options: argparse.Namespace, totals: Totals, seconds: float) -> int:
    counts = totals.counts
    shown = [kind for kind in KINDS if any(counts[(t, kind)] for t in options.targets)]
    print(f"\n{'entry point':<14}{'inputs':>10}{'MB':>8}" + "".join(f"{kind:>12}" for kind in shown))
    for target in options.targets:
        megabytes = counts[(target, "bytes")] / 1e6
        print(f"{target:<14}{counts[(target, 'inputs')]:>10,}{megabytes:>8.1f}"
              + "".join(f"{counts[(target, kind)]:>12,}" for kind in shown))
    print(f"\ndistinct failures: {len(totals.distinct)} (reproducers in {options.out})")
    for number, entry in enumerate(totals.distinct.values(), start=1):
        print(f"  {number:3d}. [{entry.failure.target}] {entry.failure.signature}  x{entry.count}, "
              f"smallest {entry.size:,} bytes: {entry.folder}")
    inputs = sum(counts[(t, "inputs")] for t in options.targets)
    escapes = sum(counts[(t, "escape")] for t in options.targets)
    hangs = sum(counts[(t, "hang")] for t in options.targets)
    slow = sum(counts[(t, "slow")] for t in options.targets)
    failed = sum(counts[(t, kind)] for t in options.targets for kind in KINDS)
    rate = inputs / seconds if seconds else 0.0
    print(f"\nTOTAL inputs={inputs} escapes={escapes} hangs={hangs} slow={slow} failures={failed} "
          f"distinct={len(totals.distinct)} seconds={seconds:.0f} rate={rate:.0f}/s jobs={options.jobs} "
          f"seed={options.seed} (1M inputs at this rate: {1e6 / rate / 60 if rate else 0:.0f} min)", flush=True)
    return 1 if totals.distinct else 0


def replay(folder: Path) -> int:
    """Run a saved reproducer again and print what still fails."""
    info = (folder / "failure.txt").read_text("utf-8").splitlines()
    target = info[0].removeprefix("target: ")
    data = next(folder.glob("input.*")).read_bytes()
    failures = run_case(target, data)
    for failure in failures:
        print(f"[{failure.target}] {failure.kind}: {failure.signature}\n{failure.detail}\n")
    print(f"{len(failures)} failures on replay of {folder}")
    return 1 if failures else 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.campaign", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000, help="inputs in all (default: 1,000,000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--seed", type=int, default=1, help="campaign seed: same seed, same inputs")
    parser.add_argument("--targets", default=",".join(ENTRY_POINTS), help="comma-separated entry points")
    parser.add_argument("--large-permille", type=int, default=5, help="inputs of 10-100 kB, per thousand")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before an input counts as a hang")
    parser.add_argument("--out", type=Path, default=Path("/tmp/fuzz-failures"), help="reproducer folder")
    parser.add_argument("--report-every", type=float, default=30.0, help="seconds between progress lines")
    parser.add_argument("--replay", type=Path, help="run one saved reproducer folder again")
    options = parser.parse_args(argv)
    options.targets = [name.strip() for name in options.targets.split(",") if name.strip()]
    unknown = [name for name in options.targets if name not in ENTRY_POINTS]
    if unknown:
        parser.error(f"unknown entry points {unknown}; known: {', '.join(ENTRY_POINTS)}")
    return options


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    if options.replay:
        return replay(options.replay)
    import flake8_neveragain

    print(f"fuzz campaign: {options.inputs:,} inputs, {options.jobs} jobs, seed {options.seed}, "
          f"entry points {', '.join(options.targets)}; code under test: {Path(flake8_neveragain.__file__).parent}",
          flush=True)
    return run_campaign(options)


if __name__ == "__main__":
    sys.exit(main())
