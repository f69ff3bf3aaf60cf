"""Find the files a `neveragain check` run looks at, and the configuration of each.

Directories are walked in sorted order (so output never depends on the file
system's listing order), skipping version-control metadata, virtualenvs,
dependency and build folders, what git ignores (`respect-gitignore`), and the
excludes of the configuration governing each folder (config/projects.py).

Files named on the command line are always checked, as in flake8, unless
`force-exclude` is on and an exclude matches them or a folder above them
(ruff's switch: pre-commit names every staged file). They are read as SQL when
their suffix is a configured SQL extension, as Python when it is `.py`, `.pyi`
or `.pyw` or when a suffix-less file starts with a python shebang; anything
else is passed over, so the pre-commit hook can hand over every text file.

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
from typing import TYPE_CHECKING, NamedTuple

from flake8_neveragain.config.projects import Project, Projects, absolute
from flake8_neveragain.config.settings import anchor_pattern
from flake8_neveragain.files.pathtext import error_reason, path_text
from flake8_neveragain.findings import FileError

if TYPE_CHECKING:
    from flake8_neveragain.files.gitignore import GitIgnore

PYTHON_SUFFIXES = (".py",)
# Suffixes a file named on the command line is read as Python with (the walk takes .py only).
NAMED_PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")

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


class Discovery(NamedTuple):
    targets: list[Target]
    errors: list[FileError]
    ignored_by_git: int  # files and folders left out because git ignores them


@dataclass(frozen=True, slots=True)
class Target:
    path: Path
    # Relative, forward-slash path used in reports: pathtext.path_text's valid,
    # lossless text of the name (pathtext.fs_path turns it back).
    display: str
    project: int = 0  # which of the run's Projects governs it
    sql: bool = False  # read as SQL, else as Python


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


def discover(paths: Sequence[str], projects: Projects) -> Discovery:
    walk = _Walk(projects)
    found: dict[str, Target] = {}  # by display path: `./a.py` and `a.py` are one file
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except (OSError, ValueError) as error:
            walk.errors.append(FileError(given_text(given), _reason(error)))
            continue
        if stat.S_ISDIR(mode):
            if walk.force_excluded(path, is_dir=True):
                continue
            files = walk.folder(path)
        elif stat.S_ISREG(mode):
            if walk.force_excluded(path, is_dir=False):
                continue
            files = walk.named_file(path)
        else:  # a FIFO or device would block or never end
            walk.errors.append(FileError(given_text(given), "not a regular file or directory"))
            continue
        for target in files:
            found.setdefault(target.display, target)
    return Discovery([found[key] for key in sorted(found)], walk.errors, walk.ignored_by_git)


def _reason(error: OSError | ValueError, doing: str = "cannot read") -> str:
    if isinstance(error, OSError) and error.errno in _MISSING:
        return NO_SUCH_PATH
    return f"{doing}: {error_reason(error)}"


class _Excludes:
    """One configuration's exclude patterns, split by how they match (settings.anchor_patterns)."""

    def __init__(self, patterns: Sequence[str], cwd: str) -> None:
        self.names: list[str] = []
        self.folder_names: list[str] = []
        self.paths: list[str] = []
        self.folder_paths: list[str] = []
        for pattern in patterns:
            folders_only = pattern.endswith("/")
            # Anchored when loaded; one built in code may still be relative: to the CWD.
            body = anchor_pattern(pattern, cwd).rstrip("/")
            if not body:
                continue
            if "/" in body:
                (self.folder_paths if folders_only else self.paths).append(body)
            else:
                (self.folder_names if folders_only else self.names).append(body)

    def match(self, full: str, name: str, is_dir: bool) -> bool:
        if any(fnmatch(name, pattern) for pattern in self.names):
            return True
        if any(fnmatch(full, pattern) for pattern in self.paths):
            return True
        if not is_dir:
            return False
        return any(fnmatch(name, pattern) for pattern in self.folder_names) or any(
            fnmatch(full, pattern) for pattern in self.folder_paths
        )


class _Walk:
    """One discovery run: the walk, its errors, and per-project excludes built once."""

    def __init__(self, projects: Projects) -> None:
        self.projects = projects
        self.root = Path(projects.cwd)
        self.errors: list[FileError] = []
        self._excludes: dict[int, _Excludes] = {}
        self._gitignore: GitIgnore | None = None
        self.ignored_by_git = 0

    def excludes(self, number: int) -> _Excludes:
        found = self._excludes.get(number)
        if found is None:
            settings = self.projects.all[number].settings
            found = self._excludes[number] = _Excludes((*settings.exclude, *settings.extend_exclude), self.projects.cwd)
        return found

    def gitignored(self, project: Project, path: Path, is_dir: bool) -> bool:
        if not project.settings.respect_gitignore:
            return False
        ignored = self._git().is_ignored(path, is_dir)
        self.ignored_by_git += ignored
        return ignored

    def _git(self) -> GitIgnore:
        if self._gitignore is None:
            from flake8_neveragain.files.gitignore import GitIgnore

            self._gitignore = GitIgnore()
        return self._gitignore

    def named_folder_is_ignored(self, top: Path) -> bool:
        """Whether git ignores a folder named on the command line (or one above it).

        Then its content is walked without git's ignores, as a named file is
        checked: the user asked for that folder (a build output, a home folder
        that is a repository ignoring `*`), and every file in it would match.
        """
        project = self.projects.all[self.projects.of_path(top, is_dir=True)]
        return project.settings.respect_gitignore and self._git().is_ignored(top, True)

    def force_excluded(self, path: Path, is_dir: bool) -> bool:
        """Whether `force-exclude` skips a path named on the command line: an exclude matches it
        or a folder above it (below the project root, or the CWD for a path outside it)."""
        full = absolute(path)
        number = self.projects.of_path(full, is_dir)
        project = self.projects.all[number]
        if not project.settings.force_exclude:
            return False
        excludes = self.excludes(number)
        if excludes.match(full, os.path.basename(full), is_dir):
            return True
        prefix = next(
            (base.rstrip("/") + "/" for base in (project.root, self.projects.cwd) if full.startswith(base.rstrip("/") + "/")),
            None,
        )
        if prefix is None:
            return False
        folder = prefix.rstrip("/")
        for name in full[len(prefix):].split("/")[:-1]:
            folder = f"{folder}/{name}"
            if name in SKIPPED_DIRECTORIES or excludes.match(folder, name, is_dir=True):
                return True
        return False

    def named_file(self, path: Path) -> Iterator[Target]:
        number = self.projects.of_path(path)
        kind = _named_kind(path, self.projects.all[number].settings.sql_extensions)
        if kind is not None:
            yield Target(path, display_path(path, self.root), number, kind == "sql")

    def folder(self, top: Path) -> Iterator[Target]:
        use_git = not self.named_folder_is_ignored(top)
        # Iterative, with an explicit stack: a very deep tree must not hit the recursion limit.
        stack = [top]
        while stack:
            directory = stack.pop()
            try:
                with os.scandir(directory) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError as error:
                self.errors.append(FileError(display_path(directory, self.root), _reason(error, "cannot list directory")))
                continue
            full_directory = absolute(directory)
            # The folder's configuration decides for its entries: its excludes, SQL suffixes, gitignore.
            number = self.projects.of_directory(full_directory)
            project = self.projects.all[number]
            excludes = self.excludes(number)
            suffixes = (*PYTHON_SUFFIXES, *project.settings.sql_extensions)
            subdirectories = []
            for entry in entries:
                path = Path(entry.path)
                full = os.path.join(full_directory, entry.name)
                is_dir = False
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)  # a linked folder is never followed: no loops
                    if excludes.match(full, entry.name, is_dir):
                        continue
                    if is_dir:
                        if _walks_into(entry, path) and not (use_git and self.gitignored(project, path, True)):
                            subdirectories.append(path)
                    elif entry.name.endswith(suffixes) and entry.is_file():  # a linked file is followed
                        if not (use_git and self.gitignored(project, path, False)):
                            sql = entry.name.endswith(project.settings.sql_extensions)
                            yield Target(path, display_path(path, self.root), number, sql)
                except OSError as error:
                    doing = "cannot list directory" if is_dir else "cannot read"
                    self.errors.append(FileError(display_path(path, self.root), _reason(error, doing)))
            stack.extend(reversed(subdirectories))


# How standard input is shown in reports when --stdin-filename does not name it (flake8's word).
STDIN_DISPLAY = "stdin"


def stdin_target(name: str | None, projects: Projects) -> Target | None:
    """Standard input as a target: named by --stdin-filename (for reports, its configuration,
    SQL or Python, and force-exclude, as ruff uses it), else `stdin` in the current directory.
    None when force-exclude skips that name."""
    if name is None:
        return Target(Path(STDIN_DISPLAY), STDIN_DISPLAY, projects.current, False)
    path = Path(name)
    walk = _Walk(projects)
    if walk.force_excluded(path, is_dir=False):
        return None
    number = projects.of_path(path)
    sql = path.name.endswith(projects.all[number].settings.sql_extensions)  # else Python, as flake8 reads stdin
    return Target(path, display_path(path, walk.root), number, sql)


def _named_kind(path: Path, sql_extensions: tuple[str, ...]) -> str | None:
    """"sql", "python", or None for a file named on the command line that is neither."""
    name = path.name
    if name.endswith(sql_extensions):
        return "sql"
    if name.endswith(NAMED_PYTHON_SUFFIXES):
        return "python"
    if path.suffix:
        return None
    try:
        with open(path, "rb") as file:
            first = file.read(256).split(b"\n", 1)[0]
    except OSError:
        return "python"  # the read error is reported when the file is analysed
    return "python" if first.startswith(b"#!") and b"python" in first else None


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
