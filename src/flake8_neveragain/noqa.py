"""`# noqa` for the standalone CLI, with flake8's exact semantics.

flake8 applies noqa itself when we run as a plugin; the CLI must agree with it
line for line, so this mirrors flake8's rules: `# noqa` alone silences every
code on the line, `# noqa: NEV102,NEV1` silences codes equal to or starting
with a listed code, a `# flake8: noqa` line on its own silences the file, and
a line inside a multi-line token (a triple-quoted string) shares the noqa
comments of the token's whole span.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from typing import TypeVar

NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
# SQL files: `-- noqa: NEV101` (and MySQL's `# noqa`), as sqlfluff and squawk do.
SQL_NOQA_INLINE = re.compile(r"(?:--|#) ?noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)

T = TypeVar("T")


def file_is_ignored(lines: list[str]) -> bool:
    return any(NOQA_FILE.match(line) for line in lines)


def is_suppressed(code: str, noqa_text: str, pattern: re.Pattern[str] = NOQA_INLINE) -> bool:
    match = pattern.search(noqa_text)
    if match is None:
        return False
    codes = match.group("codes")
    if not codes:
        return True  # a bare `# noqa` silences everything on the line
    return any(code.startswith(listed.upper()) for listed in _CODE.findall(codes))


def line_texts(source: str) -> dict[int, str]:
    """Map each line number to the text searched for noqa on that line.

    Lines joined by a multi-line token share one text, as in flake8. If the
    file cannot be tokenised each physical line stands alone.
    """
    lines = source.splitlines(keepends=True)
    mapping: dict[int, str] = {}
    try:
        first, last = len(lines) + 2, -1
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = min(first, token.start[0])
            last = max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                joined = "".join(lines[first - 1 : last])
                for number in range(first, last + 1):
                    mapping[number] = joined
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError):
        mapping = {}
    for number, text in enumerate(lines, start=1):
        mapping.setdefault(number, text)
    return mapping


def remove_suppressed(items: Iterable[T], source: str, line_of, code_of) -> list[T]:
    """Drop the items whose line carries a noqa comment covering their code."""
    items = list(items)
    if not items or "noqa" not in source.lower():
        return items
    lines = source.splitlines(keepends=True)
    if file_is_ignored(lines):
        return []
    texts = line_texts(source)
    return [item for item in items if not is_suppressed(code_of(item), texts.get(line_of(item), ""))]


def remove_suppressed_sql(items: Iterable[T], text: str, line_of, code_of) -> list[T]:
    """Drop items whose SQL line carries a `-- noqa` covering their code."""
    items = list(items)
    if not items or "noqa" not in text.lower():
        return items
    lines = text.splitlines()
    return [
        item
        for item in items
        if not (0 < line_of(item) <= len(lines) and is_suppressed(code_of(item), lines[line_of(item) - 1], SQL_NOQA_INLINE))
    ]
