"""Offsets in SQL text -> 1-based line/column positions.

Line starts are found once (lazily, on the first lookup) and each lookup is a
binary search, so mapping many offsets never rescans the text. Columns count
characters (code points), as editors show them. Lines end at "\\r\\n", "\\r" or "\\n"
only (files/lines.py), so positions agree with the noqa lookup and with Python's
tokenizer whatever line ends the file uses.
"""

from __future__ import annotations

from bisect import bisect_right

from flake8_neveragain.facts import Span
from flake8_neveragain.files.lines import line_starts


class Positions:
    """Maps offsets of one SQL text to positions in the file it came from.

    SQL embedded in a Python string starts somewhere inside the Python file:
    the first SQL line is reported at `line_offset + 1` with its columns
    shifted by `column_offset`; later lines start at column 1 as usual.
    """

    def __init__(self, text: str, line_offset: int = 0, column_offset: int = 0) -> None:
        self._text = text
        self._line_offset = line_offset
        self._column_offset = column_offset
        self._line_starts: list[int] | None = None

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self._text)
        return self._line_starts

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `offset`."""
        starts = self._starts()
        index = bisect_right(starts, offset) - 1
        column = offset - starts[index] + 1
        if index == 0:
            column += self._column_offset
        return index + 1 + self._line_offset, column

    def line(self, offset: int) -> int:
        return self.line_column(offset)[0]

    def span(self, start: int, end: int) -> Span:
        """Span of the characters [start, end); end column is exclusive."""
        line, column = self.line_column(start)
        end_line, end_column = self.line_column(end)
        return Span(line, column, end_line, end_column)
