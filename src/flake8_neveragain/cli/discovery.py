"""Find the files a `neveragain check` run looks at.

Directories are walked in sorted order (so output never depends on the file
system's listing order), skipping version-control metadata, virtualenvs,
dependency and build folders, and the user's excludes. Files named
explicitly on the command line are always checked, as in flake8.

Every file-system call on the way may fail (a symlink loop, a folder the user
cannot read or search, a name too long): each failure is one error for that
path and the walk goes on, so one bad entry never hides the rest of a tree.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from flake8_neveragain.files.pathtext import error_reason, path_text
from flake8_neveragain.findings import FileError

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

NO_SUCH_PATH = "no such file or directory"  # diff/check.py recognises this message
_MISSING = (errno.ENOENT, errno.ENOTDIR)


@dataclass(frozen=True, slots=True)
class Target:
    path: Path
    # Relative, forward-slash path used in reports: pathtext.path_text's valid,
    # lossless text of the name (pathtext.fs_path turns it back).
    display: str


def display_path(path: Path, root: Path) -> str:
    """The report text of `path`, relative to `root` when inside it."""
    return path_text(_relative(path, root))


def _relative(path: Path, root: Path) -> str:
    try:
        relative = path.absolute().relative_to(root)
    except ValueError:
        relative = path
    return relative.as_posix()


def given_text(given: str) -> str:
    """A path as the user typed it, as report text (forward slashes, as the display paths use)."""
    return path_text(given.replace(os.sep, "/"))


def missing_paths(paths: Sequence[str]) -> list[str]:
    """The paths that do not exist (a usage error), as report text; unreadable ones are not missing."""
    missing = []
    for given in paths:
        try:
            os.stat(given)
        except OSError as error:
            if error.errno in _MISSING:
                missing.append(given_text(given))
        except ValueError:  # an embedded NUL: no file has that name
            missing.append(given_text(given))
    return missing


def discover(
    paths: Sequence[str], excludes: Sequence[str], suffixes: Sequence[str] = PYTHON_SUFFIXES
) -> tuple[list[Target], list[FileError]]:
    root = Path.cwd().absolute()
    found: dict[str, Target] = {}  # by display path: `./a.py` and `a.py` are one file
    errors: list[FileError] = []
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except (OSError, ValueError) as error:
            errors.append(FileError(given_text(given), _reason(error)))
            continue
        if stat.S_ISDIR(mode):
            files = _walk(path, root, excludes, tuple(suffixes), errors)
        elif stat.S_ISREG(mode):
            files = iter([path])
        else:  # a FIFO or device would block or never end
            errors.append(FileError(given_text(given), "not a regular file or directory"))
            continue
        for file in files:
            display = display_path(file, root)
            found.setdefault(display, Target(file, display))
    return [found[key] for key in sorted(found)], errors


def _reason(error: OSError | ValueError, doing: str = "cannot read") -> str:
    if isinstance(error, OSError) and error.errno in _MISSING:
        return NO_SUCH_PATH
    return f"{doing}: {error_reason(error)}"


def _walk(
    top: Path, root: Path, excludes: Sequence[str], suffixes: tuple[str, ...], errors: list[FileError]
) -> Iterator[Path]:
    # Iterative, with an explicit stack: a very deep tree must not hit the recursion limit.
    # A pattern ending in "/" matches folders only, at any depth (as in .gitignore):
    # `migrations/` skips every folder named migrations, and no file.
    folder_patterns = tuple(pattern.rstrip("/") for pattern in excludes if pattern.endswith("/"))
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            errors.append(FileError(display_path(directory, root), _reason(error, "cannot list directory")))
            continue
        subdirectories = []
        for entry in entries:
            path = Path(entry.path)
            if _is_excluded(path, root, excludes):
                continue
            is_dir = False
            try:
                is_dir = entry.is_dir(follow_symlinks=False)  # a linked folder is never followed: no loops
                if is_dir:
                    if folder_patterns and _is_excluded(path, root, folder_patterns):
                        continue
                    if _walks_into(entry, path):
                        subdirectories.append(path)
                elif entry.name.endswith(suffixes) and entry.is_file():  # a linked file is followed
                    yield path
            except OSError as error:
                doing = "cannot list directory" if is_dir else "cannot read"
                errors.append(FileError(display_path(path, root), _reason(error, doing)))
        stack.extend(reversed(subdirectories))


def _walks_into(entry: os.DirEntry[str], path: Path) -> bool:
    """Whether to descend into a folder; OSError if it cannot be searched."""
    if entry.name in SKIPPED_DIRECTORIES or entry.name.endswith(".egg-info"):
        return False
    try:
        os.stat(path / "pyvenv.cfg")
    except OSError as error:
        if error.errno in _MISSING:
            return True
        raise
    return False  # a virtualenv under any name


def _is_excluded(path: Path, root: Path, excludes: Sequence[str]) -> bool:
    if not excludes:
        return False
    relative = _relative(path, root)
    return any(
        fnmatch(path.name, pattern) or fnmatch(relative, pattern) or fnmatch(relative, pattern.rstrip("/") + "/*")
        for pattern in excludes
    )
