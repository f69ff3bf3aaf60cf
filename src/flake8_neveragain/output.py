"""Write files atomically: a temporary file in the same directory, then a rename.

A reader (CI uploading a SARIF file, an editor holding a source file) sees
either the old content or the new, never half of it; a failed write leaves
nothing behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .config import ConfigError


def check_writable(path: Path, what: str) -> None:
    """Fail early, before a long run, if `path` clearly cannot be written."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ConfigError(f"cannot write {what} {path}: it is a directory")
    if not directory.is_dir():
        raise ConfigError(f"cannot write {what} {path}: no such directory {directory}")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write {what} {path}: permission denied on {directory}")


def write_atomic(path: Path, data: bytes, what: str = "file") -> None:
    """Replace `path` with `data`, keeping an existing file's permissions."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as error:
        raise ConfigError(f"cannot write {what} {path}: {error.strerror or error}") from None
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise ConfigError(f"cannot write {what} {path}: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
