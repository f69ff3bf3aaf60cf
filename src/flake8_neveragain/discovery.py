"""Find the files a `neveragain check` run looks at.

Directories are walked in sorted order (so output never depends on the file
system's listing order), skipping version-control metadata, virtualenvs,
dependency and build folders, and the user's excludes. Files named
explicitly on the command line are always checked, as in flake8.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from .findings import FileError

PYTHON_SUFFIXES = (".py",)

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "_darcs",
        ".venv", "venv", ".env", "env", "virtualenv", ".virtualenv",
        "__pypackages__", "site-packages", "node_modules", "bower_components",
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
        ".tox", ".nox", ".eggs", "build", "dist", "_build", "htmlcov",
        ".idea", ".vscode",
    }
)


@dataclass(frozen=True, slots=True)
class Target:
    path: Path
    display: str  # relative, forward-slash path used in reports


def display_path(path: Path, root: Path) -> str:
    try:
        relative = path.absolute().relative_to(root)
    except ValueError:
        relative = path
    return relative.as_posix()


def discover(
    paths: Sequence[str], excludes: Sequence[str], suffixes: Sequence[str] = PYTHON_SUFFIXES
) -> tuple[list[Target], list[FileError]]:
    root = Path.cwd().absolute()
    targets: list[Target] = []
    errors: list[FileError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path, root, excludes, suffixes, errors):
                targets.append(Target(file, display_path(file, root)))
        elif path.is_file():
            targets.append(Target(path, display_path(path, root)))
        elif path.exists():
            errors.append(FileError(given, "not a regular file or directory"))
        else:
            errors.append(FileError(given, "no such file or directory"))
    unique = {target.display: target for target in targets}
    return [unique[key] for key in sorted(unique)], errors


def _walk(
    directory: Path, root: Path, excludes: Sequence[str], suffixes: Sequence[str], errors: list[FileError]
) -> Iterator[Path]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        errors.append(FileError(display_path(directory, root), f"cannot list directory: {error.strerror or error}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if _is_excluded(path, root, excludes):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if entry.name in SKIPPED_DIRECTORIES or entry.name.endswith(".egg-info"):
                continue
            if (path / "pyvenv.cfg").exists():  # a virtualenv under any name
                continue
            yield from _walk(path, root, excludes, suffixes, errors)
        elif entry.name.endswith(tuple(suffixes)) and entry.is_file():
            yield path


def _is_excluded(path: Path, root: Path, excludes: Sequence[str]) -> bool:
    if not excludes:
        return False
    relative = display_path(path, root)
    return any(
        fnmatch(path.name, pattern) or fnmatch(relative, pattern) or fnmatch(relative, pattern.rstrip("/") + "/*")
        for pattern in excludes
    )
