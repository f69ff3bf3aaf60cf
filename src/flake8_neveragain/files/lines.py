"""Lines as Python's tokenizer, flake8 and the SQL positions count them.

A line ends at "\\r\\n", "\\r" or "\\n" and nowhere else. `str.splitlines()` also
breaks at \\x0b, \\x0c, \\x1c-\\x1e, \\x85, U+2028 and U+2029, which Python (and
every SQL engine) read as ordinary characters: one of them in a string or
comment would shift every later line number, so a noqa comment would be read
from the wrong line. Everything that turns text into numbered lines uses this
module instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The only line ends: universal newlines, as `open()` and the tokenizer read them.
LINE_END = re.compile(r"\r\n?|\n")
# One line with its end, or a last line without one.
_LINE = re.compile(r"[^\r\n]*+(?:\r\n?|\n)|[^\r\n]++")


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """`text.splitlines(keepends)`, breaking at \\r\\n, \\r and \\n only.

    Like `str.splitlines`, a final line end does not start another (empty) line.
    """
    if "\r" not in text:  # the usual case: C-speed split on "\n"
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        if keepends:
            last = len(lines) - 1
            ends_with_newline = text.endswith("\n")
            return [line + "\n" if index < last or ends_with_newline else line
                    for index, line in enumerate(lines)]
        return lines
    found = _LINE.findall(text)
    return found if keepends else [strip_line_end(line) for line in found]


def strip_line_end(line: str) -> str:
    """A line without its "\\r\\n", "\\r" or "\\n" (and nothing else stripped)."""
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\r", "\n")):
        return line[:-1]
    return line


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line: 0, then one after each line end.

    A text ending in a line end has a last, empty line starting at len(text).
    """
    starts = [0]
    starts.extend(match.end() for match in LINE_END.finditer(text))
    return starts


def next_line_start(text: str, offset: int) -> int:
    """Offset just after the first line end at or after `offset`, or -1 if there is none."""
    match = LINE_END.search(text, offset)
    return -1 if match is None else match.end()


def has_line_end(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds a line end."""
    return LINE_END.search(text, start, len(text) if end is None else end) is not None


def tokenizer_readline(source: str) -> Callable[[], str]:
    """A `readline` for `tokenize.generate_tokens` that sees the lines `ast.parse` sees.

    Reading from `io.StringIO(source)` splits at "\\n" only, so a file with
    "\\r" line ends reaches the tokenizer as one line. Here every line end is
    given as "\\n", as `open()` in text mode (and flake8) would give it; line
    numbers are the same as in the source.
    """
    lines = iter([strip_line_end(line) + "\n" if line[-1:] in ("\r", "\n") else line
                  for line in split_lines(source, keepends=True)])
    return lambda: next(lines, "")
