"""Run the pipeline over many files, in parallel when that pays off."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from flake8_neveragain.cli.discovery import Target, discover, display_path, stdin_target
from flake8_neveragain.config.projects import Projects
from flake8_neveragain.config.selection import CodeSelection
from flake8_neveragain.config.settings import Settings, anchor_pattern
from flake8_neveragain.engine import (
    Analyser,
    analyse_python_file,
    analyse_python_source,
    analyse_sql_file,
    analyse_sql_source,
)
from flake8_neveragain.findings import FileError, Finding, SuppressedFinding, fingerprint_together
from flake8_neveragain.reports.result import RunResult

# Below this many files a process pool costs more than it saves: the
# pre-commit case (a handful of files) must stay a single cheap process.
PARALLEL_THRESHOLD = 48

_worker_analysers: Analysers | None = None


Chunk = tuple[list[Finding], list[FileError], list[SuppressedFinding]]
Item = TypeVar("Item")
Result = TypeVar("Result")


class Analysers:
    """One Analyser per project, each built the first time a file of that project comes up."""

    def __init__(self, settings: Sequence[Settings]) -> None:
        self._settings = tuple(settings)
        self._built: dict[int, Analyser] = {}

    def __getitem__(self, project: int) -> Analyser:
        analyser = self._built.get(project)
        if analyser is None:
            analyser = self._built[project] = Analyser(self._settings[project])
        return analyser


class StdinSource(NamedTuple):
    """`check -`: what standard input held, and the name --stdin-filename gave it."""

    data: bytes
    name: str | None


def check_paths(
    paths: Sequence[str], projects: Projects, jobs: int | None = None, stdin: StdinSource | None = None
) -> RunResult:
    targets, errors, ignored_by_git = discover(paths, projects)
    findings, file_errors, suppressed = _analyse(targets, projects, jobs)
    stdin_source = None
    if stdin is not None:
        target = stdin_target(stdin.name, projects)
        if target is not None:  # force-exclude skips an excluded --stdin-filename, as ruff does
            analyse = analyse_sql_source if target.sql else analyse_python_source
            analysis = analyse(stdin.data, target.display, Analyser(projects.all[target.project].settings))
            findings.extend(analysis.findings)
            file_errors.extend(analysis.errors)
            suppressed.extend(analysis.suppressed)
            targets.append(target)
            stdin_source = (target.display, stdin.data)
    reported, silenced = fingerprint_together(findings, suppressed)
    result = run_result(paths, projects, targets, reported, [*errors, *file_errors], silenced)
    return replace(result, ignored_by_git=ignored_by_git, stdin_source=stdin_source)


class Selections:
    """Whether a finding in a file is reported: its project's select/ignore, plus the
    per-file-ignores whose globs match the file (as flake8 adds them: an ignore for that file)."""

    def __init__(self, projects: Projects, targets: Sequence[Target]) -> None:
        self._projects = projects
        self._project_of = {target.display: (target.project, target.path) for target in targets}
        self._by_file: dict[str, CodeSelection] = {}
        self._by_key: dict[tuple[int, tuple[str, ...]], CodeSelection] = {}

    def is_reported(self, finding: Finding) -> bool:
        selection = self._by_file.get(finding.path)
        if selection is None:
            selection = self._by_file[finding.path] = self._selection_for(finding.path)
        return selection.is_selected(finding.code)

    def _selection_for(self, display: str) -> CodeSelection:
        number, path = self._project_of.get(display, (self._projects.current, Path(display)))
        settings = self._projects.all[number].settings
        ignored = per_file_codes(settings, path, self._projects.cwd) if settings.per_file_ignores else ()
        key = (number, ignored)
        selection = self._by_key.get(key)
        if selection is None:
            selection = self._by_key[key] = CodeSelection(
                settings.select, settings.extend_select, settings.ignore, (*settings.extend_ignore, *ignored)
            )
        return selection


def per_file_codes(settings: Settings, path: Path, cwd: str) -> tuple[str, ...]:
    """The codes per-file-ignores turns off for this file: globs with a `/` match its
    absolute path (anchored at their config's folder, or at `cwd` if built in code),
    bare ones its name."""
    full = os.path.abspath(path)
    name = os.path.basename(full)
    codes: list[str] = []
    for glob, listed in settings.per_file_ignores:
        body = anchor_pattern(glob, cwd).rstrip("/")
        if "/" in body:
            matched = fnmatch(full, body) or fnmatch(full, body + "/*")
        else:
            matched = fnmatch(name, body)
        if matched:
            codes.extend(listed)
    return tuple(sorted(set(codes)))


def run_result(
    paths: Sequence[str],
    projects: Projects,
    targets: list[Target],
    findings: list[Finding],
    errors: list[FileError],
    suppressed: list[SuppressedFinding],
) -> RunResult:
    """The run's result: fingerprinted findings of the selected codes, errors sorted."""
    selections = Selections(projects, targets)
    cwd = Path.cwd().absolute()
    # os.path.isdir never raises (Path.is_dir does, for a path in an unsearchable folder).
    roots = tuple(sorted({display_path(Path(given), cwd) for given in paths if os.path.isdir(given)}))
    return RunResult(
        sorted((f for f in findings if selections.is_reported(f)), key=Finding.sort_key),
        sorted(errors, key=lambda e: (e.path, e.message)),
        len(targets),
        suppressed=sorted((s for s in suppressed if selections.is_reported(s.finding)),
                          key=lambda s: s.finding.sort_key()),
        checked_paths=tuple(target.display for target in targets),
        checked_roots=roots,
    )


def _analyse(targets: list[Target], projects: Projects, jobs: int | None) -> Chunk:
    findings: list[Finding] = []
    errors: list[FileError] = []
    suppressed: list[SuppressedFinding] = []
    for chunk_findings, chunk_errors, chunk_suppressed in map_chunks(targets, projects.settings(), jobs, _analyse_chunk):
        findings.extend(chunk_findings)
        errors.extend(chunk_errors)
        suppressed.extend(chunk_suppressed)
    return findings, errors, suppressed


def map_chunks(
    items: list[Item], settings: Sequence[Settings], jobs: int | None, work: Callable[[list[Item], Analysers], Result]
) -> list[Result]:
    """`work` applied to chunks of `items`: in this process, or spread over worker processes.

    `settings`: each project's, by number. `work` must be a module-level function
    (workers are sent it by name).
    """
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        return [work(items, Analysers(settings))]
    # Imported here: a small run (the pre-commit case) never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [items[i::workers * 4] for i in range(workers * 4)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(tuple(settings),)) as pool:
        return list(pool.map(partial(_work_in_worker, work), chunks))


def _init_worker(settings: tuple[Settings, ...]) -> None:
    global _worker_analysers  # noqa: PLW0603 -- one set of analysers per worker process, built once
    _worker_analysers = Analysers(settings)


def _work_in_worker(work: Callable[[list[Item], Analysers], Result], items: list[Item]) -> Result:
    assert _worker_analysers is not None
    return work(items, _worker_analysers)


def _analyse_chunk(targets: list[Target], analysers: Analysers) -> Chunk:
    findings: list[Finding] = []
    errors: list[FileError] = []
    suppressed: list[SuppressedFinding] = []
    for target in targets:
        analyse = analyse_sql_file if target.sql else analyse_python_file
        analysis = analyse(target.path, target.display, analysers[target.project])
        findings.extend(analysis.findings)
        errors.extend(analysis.errors)
        suppressed.extend(analysis.suppressed)
    return findings, errors, suppressed


def is_sql_file(name: str, settings: Settings) -> bool:
    return name.endswith(settings.sql_extensions)


def sql_test(projects: Projects) -> Callable[[str], bool]:
    """Whether a reported path is a SQL file, by the sql-extensions of the project it is in."""
    from flake8_neveragain.files.pathtext import fs_path

    def is_sql(display: str) -> bool:
        path = fs_path(display)  # the report text of an odd name is escaped
        return display.endswith(projects.all[projects.of_path(path)].settings.sql_extensions)

    return is_sql
