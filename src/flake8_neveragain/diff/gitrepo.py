"""What `check --diff REV` asks of git: which files changed since REV, and their text then.

Three commands, whatever the size of the tree:

    git rev-parse --show-toplevel / --verify REV^{commit}   where, and which commit
    git diff --name-status -z -M REV --                      tracked changes, renames found
    git ls-files --others --exclude-standard -z              new files not yet added
    git cat-file --batch                                     every old text in one process

Git is only ever read, never written: no index refresh that could race with the
user's own git commands beyond what `git diff` itself does. Failures become
GitError with one line fit for the user (exit 2 in the CLI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Git's words for what happened to a path (the first letter of --name-status).
ADDED, COPIED, DELETED, MODIFIED, RENAMED, TYPE_CHANGED, UNTRACKED = "A", "C", "D", "M", "R", "T", "?"


class GitError(Exception):
    """Why the diff cannot be computed, in one line."""


@dataclass(frozen=True, slots=True)
class Change:
    """One path that differs between REV and the working tree (paths relative to the top level)."""

    status: str
    path: str
    # The path at REV: the same path, the rename or copy source, or None for a new file.
    old_path: str | None


class Repository:
    def __init__(self, top_level: Path) -> None:
        self.top_level = top_level

    @classmethod
    def containing(cls, directory: Path) -> Repository:
        if shutil.which("git") is None:
            raise GitError("--diff needs git, which is not installed or not on PATH")
        try:
            top = _run(["git", "rev-parse", "--show-toplevel"], directory, what="")
        except GitError as error:
            detail = str(error).removeprefix(": ")
            if "not a git repository" in detail:
                detail = ""
            raise GitError(f"--diff needs a git repository, and {directory} is not in one"
                           + (f" ({detail})" if detail else "")) from None
        return cls(Path(top.decode("utf-8", "surrogateescape").strip()))

    def git(self, *arguments: str, stdin: bytes | None = None, what: str) -> bytes:
        return _run(["git", *arguments], self.top_level, stdin=stdin, what=what)

    def resolve(self, revision: str) -> str:
        """The commit id REV names, or a GitError saying why there is none."""
        check_revision(revision)
        if revision.endswith("..."):
            # `--diff main...`: where this branch left main, as in `git diff main...`.
            # One level only, never recursive: `x......` is refused by check_revision (d12).
            branch = revision[:-3]
            out = self.git("merge-base", self._commit(branch), "HEAD",
                           what=f"{branch!r} and HEAD have no common ancestor")
            return out.decode("ascii").strip()
        return self._commit(revision)

    def _commit(self, revision: str) -> str:
        try:
            out = self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}",
                           what=f"unknown revision {revision!r}")
        except GitError:
            raise GitError(self._missing_revision(revision)) from None
        return out.decode("ascii").strip()

    def _missing_revision(self, revision: str) -> str:
        shallow = self.git("rev-parse", "--is-shallow-repository", what="cannot tell whether the clone is shallow")
        if shallow.strip() == b"true":
            return (
                f"--diff: revision {revision!r} is not in this clone, which is shallow; "
                "fetch the history it needs (e.g. `git fetch --unshallow`, or fetch-depth: 0 in actions/checkout)"
            )
        return f"--diff: unknown revision {revision!r} (try a branch, tag or commit id that `git log` shows)"

    def changes(self, commit: str) -> list[Change]:
        """Tracked paths changed between `commit` and the working tree, then untracked new files."""
        out = self.git("-c", "core.quotepath=off", "diff", "--name-status", "-z", "-M", "--no-ext-diff",
                       "--no-textconv", commit, "--", what="git diff failed")
        changes = list(_parse_name_status(out.split(b"\0")))
        untracked = self.git("ls-files", "--others", "--exclude-standard", "-z", what="git ls-files failed")
        for raw in untracked.split(b"\0"):
            if raw:
                changes.append(Change(UNTRACKED, _decode_path(raw), None))
        return changes

    def read_blobs(self, commit: str, paths: Iterable[str]) -> dict[str, bytes | None]:
        """Each path's content at `commit` (None where it does not exist), read by one `git cat-file`."""
        wanted = [path for path in dict.fromkeys(paths) if "\n" not in path]
        if not wanted:
            return {}
        request = b"".join(f"{commit}:{path}\n".encode("utf-8", "surrogateescape") for path in wanted)
        out = self.git("cat-file", "--batch", stdin=request, what="git cat-file failed")
        blobs: dict[str, bytes | None] = {}
        position = 0
        for path in wanted:
            header_end = out.index(b"\n", position)
            header = out[position:header_end].split(b" ")
            position = header_end + 1
            if len(header) != 3 or header[1] != b"blob":
                blobs[path] = None  # "missing", or a submodule / directory
                continue
            size = int(header[2])
            blobs[path] = out[position:position + size]
            position += size + 1  # the content is followed by a newline
        return blobs


# Longer than any revision a person writes (a ref name, `HEAD~3`, a commit id, `main...`),
# short enough that the messages that quote one stay readable.
MAX_REVISION = 1000


def check_revision(revision: str) -> None:
    """Refuse what cannot be one revision, or `REV...`, before asking git (one line, exit 2)."""
    if not revision or revision.startswith("-"):
        raise GitError(f"--diff: {revision[:80]!r} is not a revision")
    if len(revision) > MAX_REVISION:
        raise GitError(f"--diff: a revision of {len(revision)} characters is not one (at most {MAX_REVISION})")
    if any(char.isspace() or not char.isprintable() for char in revision):
        raise GitError(f"--diff: {revision[:80]!r} is not a revision: it holds a space or control character")
    base = revision.removesuffix("...")
    if not base or ".." in base:
        raise GitError(
            f"--diff: {revision[:80]!r} is not a revision; give one (a branch, tag or commit), "
            "or `BRANCH...` for where this branch left BRANCH, not a range"
        )


def _parse_name_status(fields: Sequence[bytes]) -> Iterable[Change]:
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][:1].decode("ascii")
        if status in (RENAMED, COPIED):
            old, new = _decode_path(fields[index + 1]), _decode_path(fields[index + 2])
            index += 3
            yield Change(status, new, old)
            continue
        path = _decode_path(fields[index + 1])
        index += 2
        yield Change(status, path, None if status == ADDED else path)


def _decode_path(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _run(command: list[str], cwd: Path, *, what: str, stdin: bytes | None = None) -> bytes:
    # A fixed locale keeps git's own messages (shown on failure) in one language and format.
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        completed = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, env=env, check=False)
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = f": {detail[0].removeprefix('fatal: ')}" if detail else ""
        raise GitError(f"{what}{reason}")
    return completed.stdout


class RevisionFiles:
    """An app's migration files as they were at one commit (migration_replay.sources.MigrationFiles).

    `--diff` analyses a changed migration as it was at REV; its siblings must be
    REV's too, or a sibling edited since would change the old verdict. Paths are
    relative to the current directory, as the replay sees them. A directory is
    listed and all its files read by two git processes, once.
    """

    def __init__(self, repository: Repository, commit: str) -> None:
        self._repository = repository
        self._commit = commit
        self._cwd = Path.cwd().resolve()
        self._listings: dict[str, list[str]] = {}
        self._blobs: dict[str, bytes | None] = {}

    def list_migrations(self, directory: str) -> list[str]:
        listing = self._listings.get(directory)
        if listing is None:
            listing = self._listings[directory] = self._list(directory)
        return listing

    def _list(self, directory: str) -> list[str]:
        try:
            inside = (self._cwd / directory).resolve().relative_to(self._repository.top_level.resolve())
        except ValueError:
            return []
        prefix = "" if str(inside) == "." else f"{inside.as_posix()}/"
        try:
            out = self._repository.git("ls-tree", "-z", "--name-only", self._commit, "--", prefix or ".",
                                       what="git ls-tree failed")
        except GitError:
            return []
        names = sorted(
            name for name in (_decode_path(raw).rpartition("/")[2] for raw in out.split(b"\0") if raw)
            if name.endswith(".py") and name != "__init__.py"
        )
        try:
            blobs = self._repository.read_blobs(self._commit, [prefix + name for name in names])
        except GitError:
            blobs = {}
        paths = []
        for name in names:
            path = os.path.join(directory, name)
            self._blobs[path] = blobs.get(prefix + name)
            paths.append(path)
        return paths

    def read(self, path: str) -> bytes | None:
        if path not in self._blobs:
            self.list_migrations(os.path.dirname(path))
        return self._blobs.get(path)

    def version(self, path: str) -> tuple[str, str, str]:
        # A commit's content never changes: the commit and path identify it.
        return ("git", self._commit, path)

