"""Where the other migrations of an app come from when one migration is checked.

The replay (django_replay.py) reads the migration files next to the checked one
through a `MigrationFiles` reader. A reader is a *snapshot*: for as long as it
lives, it lists and reads the same content (the replay remembers per reader and
directory what it found). `FileSystemFiles`, the default, is the working tree as
one run first sees it; a reader of a git revision (for `--diff`) only has to
implement the same three methods.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Hashable
from typing import Protocol


class MigrationFiles(Protocol):
    def list_migrations(self, directory: str) -> list[str]:
        """Paths (`directory` joined with the file name) of the `*.py` files in
        `directory` other than `__init__.py`; [] when there are none or it cannot be listed."""
        ...

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None when it cannot be read."""
        ...

    def version(self, path: str) -> Hashable | None:
        """What identifies this content of `path` in the per-process cache of parsed files
        (modification time and size, a git blob id); None when it must not be cached."""
        ...


class FileSystemFiles:
    """Migration files on disk, paths relative to the current directory.

    Listings and file versions are looked up once per instance: make one per run.
    """

    __slots__ = ("__weakref__", "_listings", "_versions")

    def __init__(self) -> None:
        self._listings: dict[str, list[str]] = {}
        self._versions: dict[str, Hashable | None] = {}

    def list_migrations(self, directory: str) -> list[str]:
        listing = self._listings.get(directory)
        if listing is None:
            try:
                with os.scandir(directory or os.curdir) as entries:
                    names = sorted(
                        entry.name
                        for entry in entries
                        if entry.name.endswith(".py") and entry.name != "__init__.py" and entry.is_file()
                    )
            except OSError:
                names = []
            listing = self._listings[directory] = [os.path.join(directory, name) for name in names]
        return listing

    def read(self, path: str) -> bytes | None:
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def version(self, path: str) -> Hashable | None:
        if path not in self._versions:
            try:
                status = os.stat(path)
                self._versions[path] = (status.st_mtime_ns, status.st_size)
            except OSError:
                self._versions[path] = None
        return self._versions[path]


_working_trees: weakref.WeakKeyDictionary[object, FileSystemFiles] = weakref.WeakKeyDictionary()


def working_tree(run: object) -> FileSystemFiles:
    """The filesystem snapshot of one run (`run` is whatever lives as long as it: the Analyser)."""
    reader = _working_trees.get(run)
    if reader is None:
        reader = _working_trees[run] = FileSystemFiles()
    return reader
