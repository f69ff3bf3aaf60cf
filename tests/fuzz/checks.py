"""What counts as a failure, and how two failures are told apart.

A failure's `signature` groups inputs that break the same way (an exception type
and the innermost project frame, or the shape of an error message), so a
campaign of a million inputs reports each distinct defect once.
"""

from __future__ import annotations

import ast
import re
import time
import traceback
import warnings
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

MAX_SECONDS = 2.0  # issue #11: no input under 100 kB takes longer
SMALL_INPUT = 100_000
PACKAGE = "flake8_neveragain"
LINE_END = re.compile(r"\r\n?|\n")  # the only line ends Python's tokenizer (and SQL positions) know


@dataclass(frozen=True)
class Failure:
    target: str
    kind: str  # escape, internal, swallowed, lost-file, slow, nondeterministic, bad-line, mismatch, leak, exit-status
    signature: str
    detail: str


@dataclass
class Outcome:
    """What one run of a target produced: a comparable summary and the properties it broke."""

    summary: Hashable
    failures: list[Failure] = field(default_factory=list)
    # The time that counts against the 2-second bound, when not the whole call's
    # (the plugin target also runs the CLI's analysis, to compare).
    seconds: float | None = None


def where(tb: TracebackType | None) -> str:
    """The innermost frame in our package (else the innermost at all), as `file:function`."""
    frames = list(traceback.extract_tb(tb))
    ours = [frame for frame in frames if f"/{PACKAGE}/" in frame.filename.replace("\\", "/")]
    if not frames:
        return "?"
    frame = (ours or frames)[-1]
    path = frame.filename.replace("\\", "/").split(f"/{PACKAGE}/")[-1]
    return f"{Path(path).as_posix() if ours else Path(path).name}:{frame.name}"


def escape(target: str, error: BaseException) -> Failure:
    detail = "".join(traceback.format_exception(error))
    # Only the first line of the message: an input's own text must not split one defect into many.
    return Failure(target, "escape", f"{type(error).__name__}@{where(error.__traceback__)}", detail[-6000:])


def shape(message: str) -> str:
    """An error message with its input-specific parts (numbers, quoted text) blanked out."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    return re.sub(r"\d+", "N", message)[:120]


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def line_count(text: str) -> int:
    """Lines as Python and flake8 number them (a final line end starts no new line)."""
    return len(LINE_END.split(text)) - (1 if text.endswith(("\n", "\r")) else 0)


def bad_positions(target: str, spans: Iterable[tuple[int, int, int, int]], text: str) -> list[Failure]:
    """Lines and columns are 1-based and inside the file (design: machine-readable report).

    Columns are checked against the line's length in UTF-8 bytes, an upper bound both
    for code points (SQL) and for the byte offsets `ast` gives.
    """
    lines = LINE_END.split(text)
    last = line_count(text)
    for line, column, end_line, end_column in spans:
        ok = (1 <= line <= max(last, 1) and line <= end_line <= max(last, 1) and column >= 1 and end_column >= 1
              and (end_line > line or end_column >= column))
        if ok and text:
            ok = (column - 1 <= len(lines[line - 1].encode("utf-8", "surrogatepass"))
                  and end_column - 1 <= len(lines[end_line - 1].encode("utf-8", "surrogatepass")))
        if not ok:
            return [Failure(target, "bad-line", "bad-line:span",
                            f"span {(line, column, end_line, end_column)} in a file of {last} lines")]
    return []


# A quoted SQL identifier ends only at its closing quote, so mutated SQL makes
# names that swallow whole column lists: `"a\" (x text DEFAULT 'S3CR3T'), "`
# is one name to every database. Reports print names, so a planted value
# inside one is a name there, not a leak.
_QUOTED_NAMES = (re.compile(r'"[^"]*"'), re.compile(r"`[^`]*`"), re.compile(r"\[[^\]]*\]"))


def names_holding(secret: str, text: str | None) -> tuple[str, ...]:
    """The contents of the quoted identifiers in `text` that hold `secret`, longest first."""
    if text is None or secret not in text:
        return ()
    # Each style alone (they nest in each other), and both ways of pairing its
    # quotes: a quote in a comment or string shifts which ones pair up.
    held = {match.group()[1:-1] for quoted in _QUOTED_NAMES for start in (0, _after_first(quoted, text))
            for match in quoted.finditer(text, start) if secret in match.group()}
    return tuple(sorted(held, key=len, reverse=True))


def _after_first(quoted: re.Pattern[str], text: str) -> int:
    first = quoted.search(text)
    return 0 if first is None else first.start() + 1


def leaks(target: str, secret: str, texts: Iterable[tuple[str, str]], names: Sequence[str] = ()) -> list[Failure]:
    """A value planted by the generators (a key, a password, a label) printed in a report."""
    for label, text in texts:
        shown = text
        for name in names:
            shown = shown.replace(name, "")
        if secret in shown:
            return [Failure(target, "leak", f"leak:{label}", f"{label}: {shown[:300]!r}")]
    return []



def quiet_parse(source: str, compile_too: bool = False) -> ast.Module | None:
    """The tree Python builds for the source, or None (its own warnings silenced, as the engine does)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(source)
            if compile_too:
                compile(source, "fuzz.py", "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    return tree


def parses(source: str, compile_too: bool = False) -> bool:
    return quiet_parse(source, compile_too) is not None
