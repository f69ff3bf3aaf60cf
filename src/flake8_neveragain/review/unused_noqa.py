"""NEV001: a noqa comment naming a NEV code (or prefix) that silences nothing.

A review written as `# noqa: NEV102 -- reviewed: ...` should stay next to the
field it was written for. When the field is removed or moved, the comment is
left behind: it records a review of nothing, and it would silently hide the
next NEV102 that lands on that line. This module finds such comments.

"Silences nothing" is decided exactly as suppression is (review/noqa.py, and
flake8 for the plugin): a listed code is used when it covers (equals or is a
prefix of) the code of a finding whose noqa text is this comment's. So the
findings judged are all of the file's findings before selection and before
noqa, default-off codes included: a `# noqa: NEV104` on a political-opinion
field stays valid for the teams that turn NEV104 on.

Never judged here: a bare `# noqa` and codes of other tools (E501), which are
not ours; NEV000, flake8's line for a file it could not check, which no
finding carries; a code that covers NEV001 itself (`NEV001`, `NEV0`, `NEV`),
which keeps the comment on purpose, as listing RUF100 does in ruff; and files
with a `# flake8: noqa` line, which silence everything anyway. The other codes
of a comment that lists NEV001 are judged, and their NEV001 findings are then
silenced by that same comment, like any finding (kept, with the comment's
reason, as the record of the review), exactly as flake8 silences them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import NamedTuple

from flake8_neveragain.facts import Span
from flake8_neveragain.files.lines import split_lines
from flake8_neveragain.findings import Finding
from flake8_neveragain.review.noqa import (
    NOQA_INLINE,
    SQL_NOQA_INLINE,
    covers,
    file_suppression,
    mentions_noqa,
    noqa_spans,
)
from flake8_neveragain.rules.emit import finding
from flake8_neveragain.rules.registry import CODE_PREFIX, NEV000, NEV001

# The `source` of a NEV001 finding: what was read was a comment, not a schema.
SOURCE = "noqa-comment"
_ITEM = re.compile(r"[^,\s]+")


class NoqaComment(NamedTuple):
    """The noqa comment that decides suppression for lines `first` to `last`."""

    first: int
    last: int
    text: str  # the text searched (the lines joined)
    match: re.Match[str]
    line_starts: list[int]  # offset in `text` where each of the lines starts

    def position(self, offset: int, utf8_columns: bool) -> tuple[int, int]:
        """(line, 1-based column) of an offset in `text`; the column counts UTF-8 bytes when asked,
        as Python findings (from ast) and flake8 do, else characters, as SQL findings do."""
        index = bisect_right(self.line_starts, offset) - 1
        before = self.text[self.line_starts[index] : offset]
        return self.first + index, (len(before.encode("utf-8", "surrogatepass")) if utf8_columns else len(before)) + 1


def unused_noqa_findings(findings: Sequence[Finding], text: str, path: str, sql: bool, docs_url: str) -> list[Finding]:
    """One NEV001 finding per NEV code of a noqa comment that covers no finding of its lines.

    `findings` are every finding of the file, before selection and noqa.
    """
    # The cheap test first: most files have no noqa comment at all.
    if not mentions_noqa(text):
        return []
    pattern = SQL_NOQA_INLINE if sql else NOQA_INLINE
    if not any(_judged(match, pattern) for match in pattern.finditer(text)):
        return []
    lines = split_lines(text, keepends=True)
    if not sql and file_suppression(lines) is not None:
        return []
    spans = tuple((number, number) for number in range(1, len(lines) + 1)) if sql else noqa_spans(text, len(lines))
    comments = dict(_comments(lines, spans, pattern))
    used: dict[int, set[str]] = {}  # first line of a comment -> codes of the findings it covers
    span_of = {number: first for first, last in spans for number in range(first, last + 1)}
    for item in findings:
        first = span_of.get(item.line)
        if first in comments:
            used.setdefault(first, set()).add(item.code)
    results = []
    for first, comment in comments.items():
        codes = used.get(first, set())
        for listed, offset in _judged(comment.match, pattern):
            if any(covers(code, listed, pattern) for code in codes):
                continue
            line, column = comment.position(offset, utf8_columns=not sql)
            results.append(_finding(listed, path, Span(line, column, line, column + len(listed)), comment, docs_url))
    return results


def drop_used_noqa(
    findings: list[Finding], later: Sequence[Finding], texts: Mapping[str, str | None], is_sql: Callable[[str], bool]
) -> list[Finding]:
    """`findings` less the NEV001s that a finding made after the file's analysis uses.

    --diff's downgrades (NEV201 since REV) are found only by comparing two versions of
    a file, after each was analysed alone: a noqa written for one is in use on that run.
    `texts` maps a path to its text now (None or missing when it has no noqa comment).
    """
    later_by_path: dict[str, list[Finding]] = {}
    for item in later:
        later_by_path.setdefault(item.path, []).append(item)
    kept = []
    for item in findings:
        if item.code == NEV001 and item.path in later_by_path:
            sql = is_sql(item.path)
            span_of = _span_of(texts.get(item.path) or "", sql)
            pattern = SQL_NOQA_INLINE if sql else NOQA_INLINE
            comment_span = span_of.get(item.line, item.line)
            if any(span_of.get(other.line, other.line) == comment_span and covers(other.code, item.symbol, pattern)
                   for other in later_by_path[item.path]):
                continue
        kept.append(item)
    return kept


def _span_of(text: str, sql: bool) -> dict[int, int]:
    """Each line's first line of the group that shares its noqa text (itself in SQL)."""
    if sql:
        return {}
    return {number: first for first, last in noqa_spans(text, len(split_lines(text))) for number in range(first, last + 1)}


def _comments(
    lines: list[str], spans: Sequence[tuple[int, int]], pattern: re.Pattern[str]
) -> Iterator[tuple[int, NoqaComment]]:
    """The deciding comment of each span that has one: the first match in its text, as suppression reads it."""
    for first, last in spans:
        text = "".join(lines[first - 1 : last])
        match = pattern.search(text)
        if match is not None:
            starts = [0, *accumulate(len(line) for line in lines[first - 1 : last - 1])]
            yield first, NoqaComment(first, last, text, match, starts)


def _judged(match: re.Match[str], pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """(code as written, offset) of each listed item NEV001 judges."""
    codes = match.group("codes")
    if not codes:
        return []  # a bare noqa silences everything: not ours to judge
    start = match.start("codes")
    judged = []
    for item in _ITEM.finditer(codes):
        listed = item.group()
        # Python compares as written (flake8 does); SQL comments ignore case (review/noqa.py).
        name = listed if pattern is NOQA_INLINE else listed.upper()
        if not name.startswith(CODE_PREFIX) or name == NEV000 or NEV001.startswith(name):
            continue
        judged.append((listed, start + item.start()))
    return judged


def _finding(listed: str, path: str, span: Span, comment: NoqaComment, docs_url: str) -> Finding:
    where = "this line" if comment.first == comment.last else f"lines {comment.first}-{comment.last}"
    return finding(
        NEV001, path, span,
        f"noqa for {listed} silences nothing on {where}: remove it, or move the review to the line "
        "it was written for.",
        docs_url,
        source=SOURCE,
        symbol=listed,
        evidence=f"no {listed} finding on {where}" if len(listed) >= len(NEV001)
        else f"no finding on {where} has a code starting with {listed}",
        kind="noqa",
    )
