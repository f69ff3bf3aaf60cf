"""Reading a file the user names as input (config, baseline, cache): regular files only, bounded.

`--config /dev/zero` once ran out of memory and a FIFO would block forever
(d18); a read here refuses anything that is not a regular file and stops one
byte past the limit, so the worst case costs `limit` bytes and no wait.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from flake8_neveragain.files.pathtext import error_reason

MIB = 1024 * 1024
# Generous: a real pyproject.toml is a few kB, a baseline ~170 bytes an entry
# (32 MiB holds about 200,000 entries); the lexicon cache is about 0.2 MB.
CONFIG_LIMIT = 4 * MIB
BASELINE_LIMIT = 32 * MIB
CACHE_LIMIT = 16 * MIB

# O_NONBLOCK: opening a FIFO with no writer must not wait; regular files ignore it.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class ReadRefused(Exception):
    """Why a file was not read, as a short phrase ("is a directory")."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing


def read_regular(path: Path | str, limit: int) -> bytes:
    """The whole content of the regular file `path`, at most `limit` bytes, or ReadRefused."""
    try:
        descriptor = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise ReadRefused("no such file", missing=True) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        raise ReadRefused(f"cannot read: {error_reason(error)}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise ReadRefused("is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise ReadRefused("is not a regular file (a device, FIFO or socket); refusing to read it")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)  # /proc files report size 0: the read itself is the check
    except OSError as error:
        raise ReadRefused(f"cannot read: {error_reason(error)}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise ReadRefused(f"is larger than {_size(limit)}, the most neveragain reads from such a file")
    return data


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit % MIB == 0 else f"{limit} bytes"


# Deeper than any real config or baseline (a baseline nests three levels). The
# parsers recurse once per level, and where they give up depends on how deep
# the caller's own stack is: the same file could fail one way in the CLI and
# another in flake8. Counting first makes the answer the file's alone.
MAX_NESTING = 64
JSON_NESTING = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
TOML_NESTING = re.compile(
    rb'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def too_deep(data: bytes, brackets: re.Pattern[bytes]) -> bool:
    """Do brackets outside strings and comments nest deeper than MAX_NESTING?"""
    depth = 0
    for match in brackets.finditer(data):
        char = match.group()
        if char in (b"[", b"{"):
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif char in (b"]", b"}"):
            depth -= 1
    return False
