"""Run the pipeline over many files, in parallel when that pays off."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .config import Settings
from .discovery import PYTHON_SUFFIXES, Target, discover
from .engine import Analyser, analyse_python_file, analyse_sql_file
from .findings import FileError, Finding, with_fingerprints
from .report import RunResult
from .selection import CodeSelection

# Below this many files a process pool costs more than it saves: the
# pre-commit case (a handful of files) must stay a single cheap process.
PARALLEL_THRESHOLD = 48

_worker_analyser: Analyser | None = None


def check_paths(paths: Sequence[str], settings: Settings, jobs: int | None = None) -> RunResult:
    suffixes = (*PYTHON_SUFFIXES, *settings.sql_extensions)
    targets, errors = discover(paths, (*settings.exclude, *settings.extend_exclude), suffixes)
    findings, file_errors = _analyse(targets, settings, jobs)
    selection = CodeSelection(settings.select, settings.extend_select, settings.ignore, settings.extend_ignore)
    selected = sorted((f for f in findings if selection.is_selected(f.code)), key=Finding.sort_key)
    all_errors = sorted([*errors, *file_errors], key=lambda e: (e.path, e.message))
    return RunResult(with_fingerprints(selected), all_errors, len(targets))


def _analyse(targets: list[Target], settings: Settings, jobs: int | None) -> tuple[list[Finding], list[FileError]]:
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(targets) < PARALLEL_THRESHOLD:
        return _analyse_chunk(targets, Analyser(settings))
    # Imported here: a small run (the pre-commit case) never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [targets[i::workers * 4] for i in range(workers * 4)]
    findings: list[Finding] = []
    errors: list[FileError] = []
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(settings,)) as pool:
        for chunk_findings, chunk_errors in pool.map(_analyse_in_worker, chunks):
            findings.extend(chunk_findings)
            errors.extend(chunk_errors)
    return findings, errors


def _init_worker(settings: Settings) -> None:
    global _worker_analyser
    _worker_analyser = Analyser(settings)


def _analyse_in_worker(targets: list[Target]) -> tuple[list[Finding], list[FileError]]:
    assert _worker_analyser is not None
    return _analyse_chunk(targets, _worker_analyser)


def _analyse_chunk(targets: list[Target], analyser: Analyser) -> tuple[list[Finding], list[FileError]]:
    findings: list[Finding] = []
    errors: list[FileError] = []
    for target in targets:
        # Explicit files that are not SQL are read as Python, as flake8 does:
        # pre-commit passes extension-less scripts with a python shebang.
        is_sql = target.path.name.endswith(analyser.settings.sql_extensions)
        analyse = analyse_sql_file if is_sql else analyse_python_file
        file_findings, file_errors = analyse(target.path, target.display, analyser)
        findings.extend(file_findings)
        errors.extend(file_errors)
    return findings, errors
