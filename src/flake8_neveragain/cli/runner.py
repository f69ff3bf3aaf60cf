"""Run the pipeline over many files, in parallel when that pays off."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from flake8_neveragain.cli.discovery import PYTHON_SUFFIXES, Target, discover, display_path
from flake8_neveragain.config.selection import CodeSelection
from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser, analyse_python_file, analyse_sql_file
from flake8_neveragain.findings import FileError, Finding, SuppressedFinding, fingerprint_together
from flake8_neveragain.reports.result import RunResult

# Below this many files a process pool costs more than it saves: the
# pre-commit case (a handful of files) must stay a single cheap process.
PARALLEL_THRESHOLD = 48

_worker_analyser: Analyser | None = None


Chunk = tuple[list[Finding], list[FileError], list[SuppressedFinding]]
Item = TypeVar("Item")
Result = TypeVar("Result")


def check_paths(paths: Sequence[str], settings: Settings, jobs: int | None = None) -> RunResult:
    targets, errors = discover_targets(paths, settings)
    findings, file_errors, suppressed = _analyse(targets, settings, jobs)
    reported, silenced = fingerprint_together(findings, suppressed)
    return run_result(paths, settings, targets, reported, [*errors, *file_errors], silenced)


def discover_targets(paths: Sequence[str], settings: Settings) -> tuple[list[Target], list[FileError]]:
    suffixes = (*PYTHON_SUFFIXES, *settings.sql_extensions)
    return discover(paths, (*settings.exclude, *settings.extend_exclude), suffixes)


def run_result(
    paths: Sequence[str],
    settings: Settings,
    targets: list[Target],
    findings: list[Finding],
    errors: list[FileError],
    suppressed: list[SuppressedFinding],
) -> RunResult:
    """The run's result: fingerprinted findings of the selected codes, errors sorted."""
    selection = CodeSelection(settings.select, settings.extend_select, settings.ignore, settings.extend_ignore)
    cwd = Path.cwd().absolute()
    # os.path.isdir never raises (Path.is_dir does, for a path in an unsearchable folder).
    roots = tuple(sorted({display_path(Path(given), cwd) for given in paths if os.path.isdir(given)}))
    return RunResult(
        sorted((f for f in findings if selection.is_selected(f.code)), key=Finding.sort_key),
        sorted(errors, key=lambda e: (e.path, e.message)),
        len(targets),
        suppressed=sorted((s for s in suppressed if selection.is_selected(s.finding.code)),
                          key=lambda s: s.finding.sort_key()),
        checked_paths=tuple(target.display for target in targets),
        checked_roots=roots,
    )


def _analyse(targets: list[Target], settings: Settings, jobs: int | None) -> Chunk:
    findings: list[Finding] = []
    errors: list[FileError] = []
    suppressed: list[SuppressedFinding] = []
    for chunk_findings, chunk_errors, chunk_suppressed in map_chunks(targets, settings, jobs, _analyse_chunk):
        findings.extend(chunk_findings)
        errors.extend(chunk_errors)
        suppressed.extend(chunk_suppressed)
    return findings, errors, suppressed


def map_chunks(
    items: list[Item], settings: Settings, jobs: int | None, work: Callable[[list[Item], Analyser], Result]
) -> list[Result]:
    """`work` applied to chunks of `items`: in this process, or spread over worker processes.

    `work` must be a module-level function (workers are sent it by name).
    """
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        return [work(items, Analyser(settings))]
    # Imported here: a small run (the pre-commit case) never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [items[i::workers * 4] for i in range(workers * 4)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(settings,)) as pool:
        return list(pool.map(partial(_work_in_worker, work), chunks))


def _init_worker(settings: Settings) -> None:
    global _worker_analyser  # noqa: PLW0603 -- one analyser per worker process, built once
    _worker_analyser = Analyser(settings)


def _work_in_worker(work: Callable[[list[Item], Analyser], Result], items: list[Item]) -> Result:
    assert _worker_analyser is not None
    return work(items, _worker_analyser)


def _analyse_chunk(targets: list[Target], analyser: Analyser) -> Chunk:
    findings: list[Finding] = []
    errors: list[FileError] = []
    suppressed: list[SuppressedFinding] = []
    for target in targets:
        # Explicit files that are not SQL are read as Python, as flake8 does:
        # pre-commit passes extension-less scripts with a python shebang.
        analyse = analyse_sql_file if is_sql_file(target.path.name, analyser.settings) else analyse_python_file
        analysis = analyse(target.path, target.display, analyser)
        findings.extend(analysis.findings)
        errors.extend(analysis.errors)
        suppressed.extend(analysis.suppressed)
    return findings, errors, suppressed


def is_sql_file(name: str, settings: Settings) -> bool:
    return name.endswith(settings.sql_extensions)
