"""Whether git would ignore a path, read from the repository's own ignore files.

`neveragain check .` in a repository should skip what git skips (generated
code, vendored trees, local scratch files), as ruff does. The rules are git's:

- Only inside a git repository: the nearest folder above the path that holds
  `.git` (a folder, or a file as in worktrees and submodules). Outside one,
  nothing is ignored.
- The rules come from `.git/info/exclude` (when `.git` is a folder) and from
  every `.gitignore` between the repository root and the path's folder. A
  pattern is relative to the folder of the file that holds it. A deeper file
  outranks a shallower one, info/exclude ranks last, and within one file the
  last matching pattern decides, so `!keep.py` in a subfolder re-includes what
  the root's `*.py` ignored.
- A file inside an ignored folder cannot be re-included. Nothing here has to
  enforce that: the walk never enters an ignored folder.
- Out of scope: the user's global `core.excludesFile`, `GIT_DIR` and
  `core.ignoreCase`. Honouring them means running git or reading the user's
  global configuration, and the run must not depend on either.

The pattern semantics (`**`, `[...]`, escapes, trailing spaces, `/` anchors
and folder-only patterns) are pathspec's `GitIgnoreSpec`, which follows git's
own edge cases. pathspec is imported only when an ignore file holds a
pattern: a run outside a repository, or in one whose only ignore file is the
commented template `git init` writes, never pays for it.

Ignoring is a convenience, not a gate: an ignore file that cannot be read (a
folder, a FIFO, no permission, too big, too many patterns) counts as empty, the walk goes on, and
why is kept in `GitIgnore.unread` for the caller to mention.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flake8_neveragain.files.boundedread import ReadRefused, read_regular
from flake8_neveragain.files.pathtext import error_reason

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# Real ignore files are a few kB and hold tens to hundreds of patterns (the
# Linux kernel's root one: ~180; Chromium's: ~400). Every pattern costs a regex
# compile once and a regex match for each path below its folder; measured here,
# 1,000 patterns take ~0.15 s to compile and ~0.25 ms a path. A file over
# either cap counts as empty (noted in `unread`): a hostile one costs at most
# ~1 s and ~4 ms a path (about what analysing a file costs), never a hang or
# the memory. Uncapped, 256 KiB of two-byte patterns took 12 s to compile and
# 41 ms a path.
GITIGNORE_LIMIT = 256 * 1024
MAX_PATTERNS = 5000

# pathspec rejects some patterns git merely never matches ("!", a lone "\",
# a reversed range); git drops such a line and keeps the rest, and so do we.
_REJECTED = (ValueError, re.error)


@dataclass(frozen=True, slots=True)
class _Rules:
    """One ignore file's compiled patterns and the folder they are relative to."""

    base: str
    spec: GitIgnoreSpec


class GitIgnore:
    """Whether git would ignore a path, from the repository's ignore files; one instance per run.

    Each folder's repository root and rule chain is worked out once, so a walk
    that asks about every entry costs a dictionary look-up and a few regex
    matches per path.
    """

    def __init__(self) -> None:
        # Keys are absolute folder paths as text: the repository root holding
        # the folder (None: not in one), and the rules that apply to the
        # folder's entries, deepest first.
        self._roots: dict[str, str | None] = {}
        self._chains: dict[str, tuple[_Rules, ...]] = {}
        self.unread: list[tuple[Path, str]] = []
        """Ignore files that exist but could not be used, and why; each counted as empty."""

    def is_ignored(self, path: Path, is_dir: bool) -> bool:
        """Would git ignore `path` (relative to the CWD or absolute; symlinks are not followed)?"""
        # abspath, not resolve: a symlinked folder is judged where it appears in the tree.
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        if not name:  # the file-system root
            return False
        for rules in self._chain(folder):
            relative = _relative(absolute, rules.base)
            if is_dir:
                relative += "/"  # how pathspec tells a folder from a file, for `build/` patterns
            verdict = rules.spec.check_file(relative).include
            if verdict is not None:  # this file has the last word: ignored, or re-included by `!`
                return verdict
        return False

    def _chain(self, folder: str) -> tuple[_Rules, ...]:
        """The rules for the entries of `folder`, deepest file first."""
        cached = self._chains.get(folder)
        if cached is not None:
            return cached
        root = self._root(folder)
        if root is None:
            self._chains[folder] = ()
            return ()
        # Iterative, not recursive: a hostile tree may nest deeper than Python's stack.
        pending = []
        current = folder
        while current not in self._chains:
            pending.append(current)
            if current == root:
                break
            current = os.path.dirname(current)
        for current in reversed(pending):  # the shallowest first, so each extends its parent's chain
            if current == root:
                above = self._exclude_file(root)
            else:
                above = self._chains[os.path.dirname(current)]
            self._chains[current] = (*self._gitignore(current), *above)
        return self._chains[folder]

    def _root(self, folder: str) -> str | None:
        """The nearest folder at or above `folder` that holds `.git`, or None."""
        visited = []
        current = folder
        while True:
            if current in self._roots:
                root = self._roots[current]
                break
            visited.append(current)
            if _holds_git(current):
                root = current
                break
            parent = os.path.dirname(current)
            if parent == current:
                root = None
                break
            current = parent
        for seen in visited:
            self._roots[seen] = root
        return root

    def _gitignore(self, folder: str) -> tuple[_Rules, ...]:
        """The rules of `folder`'s own `.gitignore`: none if it has none or it cannot be used."""
        path = os.path.join(folder, ".gitignore")
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL in a typed path
            return ()  # the common case (no .gitignore here): one failed lstat, no open
        except OSError as error:
            self._note(path, f"cannot read: {error_reason(error)}")
            return ()
        if stat.S_ISLNK(mode):
            # Git does not follow a symlinked .gitignore inside the work tree (since 2.32).
            self._note(path, "is a symbolic link, which git does not follow for .gitignore")
            return ()
        return self._rules_from(path, folder)

    def _exclude_file(self, root: str) -> tuple[_Rules, ...]:
        """The rules of `.git/info/exclude`, when `.git` is a folder (a worktree's lives elsewhere)."""
        git = os.path.join(root, ".git")
        if not os.path.isdir(git):
            return ()
        return self._rules_from(os.path.join(git, "info", "exclude"), root)

    def _rules_from(self, path: str, base: str) -> tuple[_Rules, ...]:
        try:
            data = read_regular(path, GITIGNORE_LIMIT)
        except ReadRefused as refused:
            if not refused.missing:
                self._note(path, str(refused))
            return ()
        lines = pattern_lines(data)
        if not lines:
            return ()
        if len(lines) > MAX_PATTERNS:
            self._note(path, f"holds more than {MAX_PATTERNS} patterns, the most neveragain reads from an ignore file")
            return ()
        return (_Rules(base, _compile(lines)),)

    def _note(self, path: str, reason: str) -> None:
        self.unread.append((Path(path), reason))


def pattern_lines(data: bytes) -> list[str]:
    """The lines of an ignore file that may hold a pattern: no comments, no blank lines.

    Bytes that are not UTF-8 become lone surrogates, as os.fsdecode makes them
    in file names, so such a pattern still matches the very name it was written
    for. Lines end at `\\n` alone (with a `\\r` before it dropped, as git does):
    str.splitlines would also break at characters a file name may hold.
    """
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    kept = []
    for raw in text.split("\n"):
        line = raw.removesuffix("\r")
        if line.startswith("#") or not line.strip(" "):  # git trims trailing spaces: all spaces is blank
            continue
        kept.append(line)
    return kept


def _compile(lines: Sequence[str]) -> GitIgnoreSpec:
    """The patterns of `lines` that pathspec accepts, as one spec (a rejected line is dropped alone)."""
    # re warns (FutureWarning) about patterns such as `[[a]`: git's meaning is
    # settled, and a warning would reach the user's terminal, or fail the run
    # under -W error. The filter is scoped to the compile.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            return _spec(lines)
        except _REJECTED:
            pass
        kept = []
        for line in lines:
            try:
                _spec([line])
            except _REJECTED:
                continue
            kept.append(line)
        return _spec(kept)


def _spec(lines: Sequence[str]) -> GitIgnoreSpec:
    # Imported here: pathspec adds ~20 ms to a run's imports, paid only when an ignore file holds a pattern.
    from pathspec import GitIgnoreSpec

    # The plain `re` backend, named so the answer never depends on which optional
    # engines (re2, hyperscan) happen to be installed; re also takes the lone
    # surrogates of undecodable names, which the others would have to encode.
    return GitIgnoreSpec.from_lines(lines, backend="simple")


def _holds_git(folder: str) -> bool:
    try:
        os.lstat(os.path.join(folder, ".git"))
    except (OSError, ValueError):  # ValueError: a NUL in a name the user typed
        return False
    return True


def _relative(absolute: str, base: str) -> str:
    """`absolute` relative to its ancestor folder `base`, with forward slashes."""
    start = len(base) if base.endswith(os.sep) else len(base) + 1  # the root folder ends with a separator
    relative = absolute[start:]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")
