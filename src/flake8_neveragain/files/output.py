"""Write reports, baselines and source files without leaving half of one behind.

A regular file is written atomically: a temporary file in the same directory,
then a rename, so a reader (CI uploading a SARIF file, an editor holding a
source file) sees either the old content or the new, and a failed write
leaves nothing behind. Anything else is written where it is, as `>` would:
a FIFO, a terminal or `/dev/null` must stay what it is (a rename would put a
regular file in its place), and a symlink is followed, so the file it points
to gets the content and the link stays a link.

Every failure is a ConfigError naming the path: one line and exit 2, never
a traceback.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from flake8_neveragain.config.settings import ConfigError
from flake8_neveragain.files.pathtext import error_reason, path_text

_MISSING = (FileNotFoundError, NotADirectoryError)


def check_writable(path: Path, what: str) -> None:
    """Fail early, before a long run, if `path` clearly cannot be written."""
    target, status = _target(path, what)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise _cannot(path, what, "it is a directory")
    if status is not None and not stat.S_ISREG(status.st_mode):
        if not os.access(target, os.W_OK):
            raise _cannot(path, what, "permission denied")
        return
    directory = _directory(target)
    try:
        is_directory = stat.S_ISDIR(os.stat(directory).st_mode)
    except _MISSING:
        is_directory = False
    except OSError as error:
        raise _cannot(path, what, error_reason(error)) from None
    if not is_directory:
        raise _cannot(path, what, f"no such directory {path_text(directory)}")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise _cannot(path, what, f"permission denied on {path_text(directory)}")


def write_atomic(path: Path, data: bytes, what: str = "file") -> None:
    """Replace `path`'s content with `data`, keeping an existing file's permissions."""
    target, status = _target(path, what)
    if status is not None and not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
        _write_in_place(path, target, data, what)
        return
    if status is not None:
        mode = stat.S_IMODE(status.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=_directory(target), prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise _cannot(path, what, error_reason(error)) from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _target(path: Path, what: str) -> tuple[Path, os.stat_result | None]:
    """Where writing `path` lands, and what is there now (None: nothing yet)."""
    try:
        status: os.stat_result | None = os.stat(path)
    except _MISSING:
        status = None
    except (OSError, ValueError) as error:  # a symlink loop, a folder that cannot be searched
        raise _cannot(path, what, error_reason(error)) from None
    if os.path.islink(path) and (status is None or stat.S_ISREG(status.st_mode)):
        # The rename must replace the file the link points to, not the link.
        return Path(os.path.realpath(path)), status
    return path, status


def _write_in_place(path: Path, target: Path, data: bytes, what: str) -> None:
    """A FIFO or device (or a link to one): open and write it, no temporary file, no rename."""
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise _cannot(path, what, error_reason(error)) from None


def _directory(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _cannot(path: Path, what: str, reason: str) -> ConfigError:
    return ConfigError(f"cannot write {what} {path_text(path)}: {reason}")
