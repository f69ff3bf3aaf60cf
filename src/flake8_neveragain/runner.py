"""Run the pipeline over many files, in parallel when that pays off."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .config import Settings
from .discovery import PYTHON_SUFFIXES, Target, discover, display_path
from .engine import Analyser, analyse_python_file, analyse_sql_file
from .findings import FileError, Finding, SuppressedFinding, fingerprint_together
from .noqa import Suppression, is_placeholder, recording
from .reports.result import RunResult
from .selection import CodeSelection

# Below this many files a process pool costs more than it saves: the
# pre-commit case (a handful of files) must stay a single cheap process.
PARALLEL_THRESHOLD = 48

_worker_analyser: Analyser | None = None


Chunk = tuple[list[Finding], list[FileError], list[SuppressedFinding]]


def check_paths(paths: Sequence[str], settings: Settings, jobs: int | None = None) -> RunResult:
    suffixes = (*PYTHON_SUFFIXES, *settings.sql_extensions)
    targets, errors = discover(paths, (*settings.exclude, *settings.extend_exclude), suffixes)
    findings, file_errors, suppressed = _analyse(targets, settings, jobs)
    selection = CodeSelection(settings.select, settings.extend_select, settings.ignore, settings.extend_ignore)
    reported, silenced = fingerprint_together(
        [f for f in findings if selection.is_selected(f.code)],
        [s for s in suppressed if selection.is_selected(s.finding.code)],
    )
    all_errors = sorted([*errors, *file_errors], key=lambda e: (e.path, e.message))
    cwd = Path.cwd().absolute()
    roots = tuple(sorted({display_path(Path(given), cwd) for given in paths if Path(given).is_dir()}))
    return RunResult(
        reported, all_errors, len(targets),
        suppressed=silenced,
        checked_paths=tuple(target.display for target in targets),
        checked_roots=roots,
    )


def _analyse(targets: list[Target], settings: Settings, jobs: int | None) -> Chunk:
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(targets) < PARALLEL_THRESHOLD:
        return _analyse_chunk(targets, Analyser(settings))
    # Imported here: a small run (the pre-commit case) never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [targets[i::workers * 4] for i in range(workers * 4)]
    findings: list[Finding] = []
    errors: list[FileError] = []
    suppressed: list[SuppressedFinding] = []
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(settings,)) as pool:
        for chunk_findings, chunk_errors, chunk_suppressed in pool.map(_analyse_in_worker, chunks):
            findings.extend(chunk_findings)
            errors.extend(chunk_errors)
            suppressed.extend(chunk_suppressed)
    return findings, errors, suppressed


def _init_worker(settings: Settings) -> None:
    global _worker_analyser
    _worker_analyser = Analyser(settings)


def _analyse_in_worker(targets: list[Target]) -> Chunk:
    assert _worker_analyser is not None
    return _analyse_chunk(targets, _worker_analyser)


def _analyse_chunk(targets: list[Target], analyser: Analyser) -> Chunk:
    findings: list[Finding] = []
    errors: list[FileError] = []
    suppressed: list[SuppressedFinding] = []
    for target in targets:
        # Explicit files that are not SQL are read as Python, as flake8 does:
        # pre-commit passes extension-less scripts with a python shebang.
        is_sql = target.path.name.endswith(analyser.settings.sql_extensions)
        analyse = analyse_sql_file if is_sql else analyse_python_file
        # The engine applies noqa; recording keeps what it silenced, and why.
        with recording(analyser.settings.require_reason) as record:
            file_findings, file_errors = analyse(target.path, target.display, analyser)
        unjustified = {id(item): suppression for item, suppression in record.unjustified}
        for finding in file_findings:
            suppression = unjustified.get(id(finding))
            findings.append(finding if suppression is None else _needs_reason(finding, suppression, is_sql))
        suppressed.extend(SuppressedFinding(item, s.kind, s.reason) for item, s in record.suppressed)
        errors.extend(file_errors)
    return findings, errors, suppressed


def _needs_reason(finding: Finding, suppression: Suppression, is_sql: bool) -> Finding:
    """The finding a reasonless noqa would have hidden, with a note on what to write."""
    if suppression.reason is not None and is_placeholder(suppression.reason):
        note = "its noqa comment still has a placeholder reason; write why this data is needed"
    elif suppression.kind == "file":
        note = 'silenced by "# flake8: noqa" without a reason; add "-- reviewed: <why>" to it'
    else:
        comment = "-- noqa" if is_sql else "# noqa"
        note = f'its noqa gives no reason; write "{comment}: {finding.code} -- reviewed: <why>"'
    return replace(finding, message=f"{finding.message} [{note}]")
