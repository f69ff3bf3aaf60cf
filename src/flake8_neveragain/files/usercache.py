"""A small per-user cache of derived data, for data that is slow to derive on every run.

Today only the built-in lexicon uses it (see classify/lexicon.py): parsing lexicon.toml
and building its tables costs about 20 ms a process, a fifth of what a
pre-commit run on one file may take; loading the built tables costs about 2 ms.

Files live in $XDG_CACHE_HOME/neveragain (default ~/.cache/neveragain), one per
name, package version and Python. Each holds its key next to the value, and a
value is used only when the stored key equals the caller's: keys are built from
the exact bytes of everything the value is derived from (`source_key`), so an
edit, also to an editable install, is a miss, never a stale value. The cache is
best effort: a file that is missing, unreadable, corrupt or from another key is
a miss, and a directory that cannot be written is skipped, all silently. Files
are written to a temporary name and renamed, so a reader sees a whole file or
none. Values are stored with marshal (plain tuples, dicts, sets, strings):
unlike pickle, loading one never runs code.

A file is a magic number, a CRC-32 of the rest, then the marshal data: a
flipped bit or a truncated write is a miss, never a changed value (d17). Files
over 16 MiB or that are not regular files are not read. Callers still check the
shape of what they get (classify/lexicon.py does): a cache is only ever a miss.
"""

from __future__ import annotations

import marshal
import os
import sys
from binascii import crc32  # not hashlib: a one-file run cannot afford its import
from collections.abc import Iterable
from typing import Any

from flake8_neveragain import __version__
from flake8_neveragain.files.boundedread import CACHE_LIMIT, ReadRefused, read_regular

# The file format's name and version: a file written before checksums is a miss.
_MAGIC = b"NEVc\x01"
_HEADER = len(_MAGIC) + 4


def source_key(directory: str, names: Iterable[str]) -> tuple[bytes, ...] | None:
    """The bytes of these files of `directory`; None when one cannot be read (a zip install)."""
    contents = []
    try:
        for name in names:
            with open(os.path.join(directory, name), "rb") as file:
                contents.append(file.read())
    except OSError:
        return None
    return tuple(contents)


def load(name: str, key: Any) -> Any | None:
    """The value stored under `name` if it was stored with an equal `key`, else None."""
    path = _path(name)
    if path is None:
        return None
    try:
        data = read_regular(path, CACHE_LIMIT)  # one read; marshal.load(file) reads in small pieces
    except ReadRefused:  # missing, unreadable, too large, not a file: a miss
        return None
    payload = data[_HEADER:]
    if data[:len(_MAGIC)] != _MAGIC or data[len(_MAGIC):_HEADER] != crc32(payload).to_bytes(4, "big"):
        return None  # another format, truncated or bit-flipped
    try:
        stored_key, value = marshal.loads(payload)
    except (EOFError, TypeError, ValueError, MemoryError):  # corrupt despite the checksum: a miss
        return None
    return value if stored_key == key else None


def store(name: str, key: Any, value: Any) -> None:
    """Store `value` under `name` and `key`, atomically; do nothing if that is not possible."""
    path = _path(name)
    if path is None:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        payload = marshal.dumps((key, value))
        data = _MAGIC + crc32(payload).to_bytes(4, "big") + payload
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # ValueError: a value marshal cannot store
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _path(name: str) -> str | None:
    root = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(root):  # unset, empty or relative: the XDG default
        home = os.path.expanduser("~")
        if home == "~":  # no home directory at all
            return None
        root = os.path.join(home, ".cache")
    # One file per package version and Python (marshal's format is Python's own),
    # so virtualenvs with different versions do not keep overwriting each other.
    return os.path.join(root, "neveragain", f"{name}-{__version__}-{sys.implementation.cache_tag}.marshal")
