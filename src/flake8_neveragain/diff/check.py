"""`neveragain check --diff REV`: only what is new since git revision REV.

1. git lists the paths that differ between REV and the working tree (renames and
   copies found) and the untracked files not ignored; of the files the run would
   check, only those are read. Unchanged files cannot hold anything new.
2. Each changed file is analysed twice: as it is now, and as it was at REV (read
   from git under its old path, analysed under its current one so fingerprints
   match across renames and moves).
3. A finding is new when its fingerprint (content, not line) is not among REV's:
   lines moved or inserted above a field do not make it new; a noqa comment that
   was removed does, because the review it recorded is gone.
4. NEV201 compares what encrypted at REV with what does now (downgrades.py).

A baseline applied to such a run can only judge the files it read: the result's
scope is the changed files (and those deleted since REV), never the folders
given, and staleness is judged against every finding those files hold now, not
only the new ones (`DiffSummary.current`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from flake8_neveragain.cli.discovery import Target, discover, display_path
from flake8_neveragain.cli.runner import (
    Analysers,
    Selections,
    is_sql_file,
    map_chunks,
    run_result,
)
from flake8_neveragain.config.projects import Projects
from flake8_neveragain.config.settings import Settings
from flake8_neveragain.diff.downgrades import (
    FilePair,
    Snapshot,
    find_downgrades,
    findings_for_downgrades,
    python_snapshot,
    snapshot_of,
    sql_snapshot,
)
from flake8_neveragain.diff.gitrepo import DELETED, UNTRACKED, Change, Repository, RevisionFiles
from flake8_neveragain.engine import (
    Analyser,
    FileAnalysis,
    SourceError,
    analyse_python_source,
    analyse_sql_source,
    decode_python,
    decode_sql,
    parse_python,
)
from flake8_neveragain.findings import FileError, Finding, SuppressedFinding, fingerprint_together
from flake8_neveragain.reports.result import RunResult
from flake8_neveragain.review.noqa import mentions_noqa, review_findings
from flake8_neveragain.review.unused_noqa import drop_used_noqa
from flake8_neveragain.rules.registry import NEV202, NEV203


@dataclass(frozen=True, slots=True)
class DiffJob:
    target: Target
    old_data: bytes | None  # the file at REV; None when it is new since REV
    revision: str  # how messages name REV
    repository: Repository
    commit: str  # REV's commit id


@dataclass(slots=True)
class FileDiff:
    display: str
    new_findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    new_suppressed: list[SuppressedFinding] = field(default_factory=list)
    # Every finding the file holds now (noqa applied), new or not: what a baseline's
    # entries for this file are judged against.
    current: list[Finding] = field(default_factory=list)
    # What protects data in the file now and at REV; None when that version could not be read.
    head: Snapshot | None = None
    base: Snapshot | None = None
    # The file's text now, when it has a noqa comment: what silences a downgrade found in it.
    noqa_text: str | None = None


@dataclass(frozen=True, slots=True)
class DiffSummary:
    revision: str  # as the user wrote it
    commit: str
    files_changed: int  # changed files among those the run would check
    # Every selected finding in the files read as they are now, new or not.
    current: tuple[Finding, ...] = ()


def check_diff(paths: Sequence[str], projects: Projects, jobs: int | None, revision: str) -> tuple[RunResult, DiffSummary]:
    """The findings new since `revision` in the files under `paths`; GitError if git cannot say.

    Each file is analysed with its own project's settings; what has no file of its own
    now (deleted files, downgrade findings) uses the current directory's.
    """
    settings = projects.all[projects.current].settings
    repository = Repository.containing(_repository_hint(paths))
    commit = repository.resolve(revision)
    label = _label(revision, commit)
    changes = repository.changes(commit)
    top = repository.top_level.resolve()
    targets, errors, _ = discover(paths, projects)

    changed = _changed_targets(targets, changes, top)
    deleted = _deleted_in_scope(changes, top, paths, settings)
    blobs = repository.read_blobs(commit, [
        *(change.old_path for _, change in changed if change.old_path and change.status != UNTRACKED),
        *(change.path for change in deleted),
    ])

    work = [
        DiffJob(target, blobs.get(change.old_path) if change.old_path else None, label, repository, commit)
        for target, change in changed
    ]
    diffs = [item for chunk in map_chunks(work, projects.settings(), jobs, _diff_chunk) for item in chunk]

    findings: list[Finding] = []
    suppressed: list[SuppressedFinding] = []
    for diff in diffs:
        findings.extend(diff.new_findings)
        suppressed.extend(diff.new_suppressed)
        errors.extend(diff.errors)
    downgrade_findings, downgrade_suppressed = _downgrades(diffs, deleted, blobs, label, settings)
    # verify-full -> disable is NEV202's to report; NEV201 adds nothing on that line.
    switched_off = {(f.path, f.line) for f in findings if f.code in (NEV202, NEV203)}
    findings.extend(f for f in downgrade_findings if f.kind != "setting" or (f.path, f.line) not in switched_off)
    suppressed.extend(downgrade_suppressed)
    # A noqa written for a downgrade is in use, though each version's own analysis could not see it (NEV001).
    findings = drop_used_noqa(
        findings, [*downgrade_findings, *(item.finding for item in downgrade_suppressed)],
        {diff.display: diff.noqa_text for diff in diffs}, lambda path: is_sql_file(path, settings),
    )
    errors = _explain_deleted(errors, deleted, top, label)

    checked = [target for target, _ in changed]
    result = run_result(paths, projects, checked, findings, errors, suppressed)
    # Only the files read can have stale baseline entries (plus those deleted since
    # REV, which hold nothing now); no root is walked, so roots would wrongly cover
    # every untouched file.
    cwd = Path.cwd().resolve()  # `top` is resolved too
    gone = tuple(display_path(top / change.path, cwd) for change in deleted)
    result = replace(result, checked_paths=(*result.checked_paths, *gone), checked_roots=())
    selections = Selections(projects, checked)
    current = tuple(
        finding for finding in (*(f for diff in diffs for f in diff.current), *downgrade_findings)
        if selections.is_reported(finding)
    )
    return result, DiffSummary(revision, commit, len(checked), current)


def _changed_targets(targets: list[Target], changes: list[Change], top: Path) -> list[tuple[Target, Change]]:
    """The targets git lists as changed, each with its change.

    Targets are matched by their display path (relative to the current directory)
    first; only those displayed outside it (`../x.py`, absolute paths) are resolved,
    so an unchanged tree of thousands of files costs no system call per file.
    """
    cwd = Path.cwd().resolve()
    by_display: dict[str, Change] = {}
    by_location: dict[Path, Change] = {}
    for change in changes:
        if change.status == DELETED:
            continue
        location = top / change.path
        by_location[location] = change
        if location.is_relative_to(cwd):  # keyed as targets display it (odd names escaped)
            by_display[display_path(location, cwd)] = change
    changed = []
    for target in targets:
        found = by_display.get(target.display)
        if found is None and (target.display.startswith("../") or Path(target.display).is_absolute()):
            found = by_location.get(target.path.resolve())
        if found is not None:
            changed.append((target, found))
    return changed


def _repository_hint(paths: Sequence[str]) -> Path:
    """Where to ask git for the repository: the first path given, else the current directory."""
    for given in paths:
        path = Path(given)
        if os.path.isdir(path):  # os.path.isdir never raises, unlike Path.is_dir
            return path
        if os.path.isdir(path.parent):
            return path.parent
    return Path.cwd()


def _label(revision: str, commit: str) -> str:
    short = commit[:10]
    if commit.startswith(revision.lower()):
        return short
    if revision.endswith("..."):
        return f"the merge base with {revision[:-3]} ({short})"
    return f"{revision} ({short})"


def _deleted_in_scope(changes: list[Change], top: Path, paths: Sequence[str], settings: Settings) -> list[Change]:
    """Files deleted since REV under the checked paths, with a suffix the run reads."""
    suffixes = (".py", *settings.sql_extensions)
    roots = [Path(given).absolute().resolve() for given in (paths or ["."])]
    deleted = []
    for change in changes:
        if change.status != DELETED or not change.path.endswith(suffixes):
            continue
        location = top / change.path
        if any(location == root or root in location.parents for root in roots):
            deleted.append(change)
    return deleted


def _explain_deleted(errors: list[FileError], deleted: list[Change], top: Path, label: str) -> list[FileError]:
    """A path given on the command line that was deleted since REV: say so, not just 'no such file'."""
    gone = {top / change.path for change in deleted}
    explained = []
    for error in errors:
        if error.message == "no such file or directory" and Path(error.path).absolute().resolve() in gone:
            explained.append(FileError(error.path, f"deleted since {label}; nothing in it can be new"))
        else:
            explained.append(error)
    return explained


def _diff_chunk(work: list[DiffJob], analysers: Analysers) -> list[FileDiff]:
    return [_diff_file(job, analysers[job.target.project]) for job in work]


def _diff_file(job: DiffJob, analyser: Analyser) -> FileDiff:
    target = job.target
    diff = FileDiff(target.display)
    try:
        data = target.path.read_bytes()
    except OSError as error:
        diff.errors.append(FileError(target.display, f"cannot read: {error.strerror or error}"))
        return diff
    is_sql = target.sql
    head = _analyse(data, is_sql, target.display, analyser)
    diff.errors = list(head.errors)
    diff.head = _snapshot_of(head)
    diff.noqa_text = head.text if mentions_noqa(head.text) else None
    head_reported, head_silenced = fingerprint_together(list(head.findings), list(head.suppressed))
    diff.current = head_reported
    # Fingerprints at REV: reported ones (a multiset, so that of two identical
    # findings one can be old and one new), and every one, reviewed ones included.
    reported_before: Counter[str] = Counter()
    known_before: set[str] = set()
    if job.old_data is not None:
        base = _analyse(job.old_data, is_sql, target.display, analyser, _revision_files(job))
        diff.base = _snapshot_of(base)
        if diff.base is None:
            diff.errors.append(FileError(
                target.display, f"cannot be read as it was at {job.revision}; every finding in it is reported as new"
            ))
        base_reported, base_silenced = fingerprint_together(list(base.findings), list(base.suppressed))
        reported_before.update(finding.fingerprint for finding in base_reported)
        known_before.update(finding.fingerprint for finding in base_reported)
        known_before.update(item.finding.fingerprint for item in base_silenced)
    for finding in head_reported:
        if reported_before[finding.fingerprint] > 0:
            reported_before[finding.fingerprint] -= 1
        else:
            diff.new_findings.append(finding)
    diff.new_suppressed = [item for item in head_silenced if item.finding.fingerprint not in known_before]
    return diff


def _analyse(
    data: bytes, is_sql: bool, path: str, analyser: Analyser, migration_files: RevisionFiles | None = None
) -> FileAnalysis:
    """One version's analysis (noqa applied), with the protection settings its snapshot needs.

    `migration_files` gives a migration at REV its siblings at REV.
    """
    if is_sql:
        return analyse_sql_source(data, path, analyser, protection=True)
    return analyse_python_source(data, path, analyser, migration_files, protection=True)


def _snapshot_of(analysis: FileAnalysis) -> Snapshot | None:
    """What protects data in one analysed version; None if it could not be read."""
    if analysis.protection is None:
        return None
    return snapshot_of(analysis.facts.fields, analysis.protection)


# One reader per commit and process, so that the replay's per-reader memo lasts the run.
_revision_readers: dict[tuple[Path, str], RevisionFiles] = {}


def _revision_files(job: DiffJob) -> RevisionFiles:
    key = (job.repository.top_level, job.commit)
    reader = _revision_readers.get(key)
    if reader is None:
        reader = _revision_readers[key] = RevisionFiles(job.repository, job.commit)
    return reader


def _snapshot(data: bytes, is_sql: bool, path: str, settings: Settings) -> Snapshot | None:
    """The snapshot of a file deleted since REV; None if it cannot be read."""
    try:
        if is_sql:
            return sql_snapshot(decode_sql(data))
        return python_snapshot(parse_python(decode_python(data), path), path, settings.encrypted_types)
    except SourceError:
        return None


def _downgrades(
    diffs: list[FileDiff], deleted: list[Change], blobs: dict[str, bytes | None], label: str, settings: Settings
) -> tuple[list[Finding], list[SuppressedFinding]]:
    pairs = [FilePair(diff.display, diff.head, diff.base) for diff in diffs if diff.head is not None]
    removed = []
    for change in deleted:
        data = blobs.get(change.path)
        snapshot = None if data is None else _snapshot(data, is_sql_file(change.path, settings), change.path, settings)
        if snapshot is not None:
            removed.append(snapshot)
    downgrades = find_downgrades(pairs, removed, label)
    if not downgrades:
        return [], []
    findings = findings_for_downgrades(downgrades, settings.docs_url)
    # A downgrade somebody reviewed carries a noqa comment like any finding.
    noqa_texts = {diff.display: diff.noqa_text for diff in diffs}
    reported: list[Finding] = []
    suppressed: list[SuppressedFinding] = []
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, items in sorted(by_path.items()):
        file_reported, file_suppressed = review_findings(
            items, noqa_texts.get(path) or "", is_sql_file(path, settings), settings.require_reason
        )
        reported.extend(file_reported)
        suppressed.extend(file_suppressed)
    return fingerprint_together(reported, suppressed)
