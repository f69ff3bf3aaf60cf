"""What a run hands to the renderers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flake8_neveragain.findings import FileError, Finding, SuppressedFinding


@dataclass(frozen=True, slots=True)
class BaselineSummary:
    """How a baseline file was applied: findings it hid, entries no longer found."""

    path: str
    matched: int
    stale: int


@dataclass(frozen=True, slots=True)
class RunResult:
    findings: Sequence[Finding]
    errors: Sequence[FileError]
    files_checked: int
    # Findings silenced by a noqa comment, with the reason written there.
    suppressed: Sequence[SuppressedFinding] = ()
    # Display paths of the files checked, and of the directories walked:
    # together, the part of a baseline this run can judge.
    checked_paths: Sequence[str] = ()
    checked_roots: Sequence[str] = ()
    baseline: BaselineSummary | None = None
    # Files and folders the walk left out because git ignores them: said when nothing was checked.
    ignored_by_git: int = 0
    # `check -`: (display path, bytes) of standard input, for --show-source (the file may differ).
    stdin_source: tuple[str, bytes] | None = None
