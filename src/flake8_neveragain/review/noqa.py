"""`# noqa` for the standalone CLI, with flake8's exact semantics.

flake8 applies noqa itself when we run as a plugin; the CLI must agree with it
line for line, so this mirrors flake8's rules: `# noqa` alone silences every
code on the line, `# noqa: NEV102,NEV1` silences codes equal to or starting
with a listed code, a `# flake8: noqa` line on its own silences the file, and
a line inside a multi-line token (a triple-quoted string) shares the noqa
comments of the token's whole span.

A suppression may carry the reason it was reviewed, after `--`:

    religion = models.CharField()  # noqa: NEV102 -- reviewed: required for EEO-1, ticket LEGAL-12

flake8 reads the codes up to the first word that is not a code, so the
reason never changes which codes are suppressed. The CLI keeps each
suppressed finding with its reason (`review_findings` returns them beside
the findings still reported), and can insist that every suppression has one
(`require_reason`).
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, NamedTuple, TypeVar

from flake8_neveragain.files.lines import split_lines, tokenizer_readline
from flake8_neveragain.findings import Finding, SuppressedFinding

NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
# SQL files: `-- noqa: NEV101` (and MySQL's `# noqa`), as sqlfluff and squawk do.
SQL_NOQA_INLINE = re.compile(r"(?:--|#) ?noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,\s]+")

# After the codes: `-- reason`, optionally labelled `reviewed:`. The reason stops at any
# character that some viewer shows as a line break (form feed, U+2028...), so it stays one line
# in every report, although such characters no longer end a line for numbering (files/lines.py).
_REASON = re.compile(r"[ \t]*--[ \t]*(?:reviewed[ \t]*:)?[ \t]*(?P<reason>[^\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*)",
                     re.IGNORECASE)
# What `neveragain review --add-noqa` writes when no --reason is given. A
# reason that is only a placeholder is no reason: --require-reason still asks.
PLACEHOLDER_REASON = "TODO: say why this data is needed"
_PLACEHOLDER = re.compile(r"TODO\b", re.IGNORECASE)

T = TypeVar("T")


def reason_after(text: str, end: int) -> str | None:
    """The reason written after a noqa comment's codes (ending at `end`), if any."""
    match = _REASON.match(text, end)
    if match is None:
        return None
    reason = match.group("reason").strip()
    return reason or None


def is_placeholder(reason: str | None) -> bool:
    """A missing reason, or the placeholder that `review --add-noqa` writes."""
    return reason is None or bool(_PLACEHOLDER.match(reason)) or PLACEHOLDER_REASON in reason


@dataclass(frozen=True, slots=True)
class Suppression:
    """How an item was silenced: by a line comment or a file-level `# flake8: noqa`."""

    kind: str  # "line" or "file"
    reason: str | None


class NoqaOutcome(NamedTuple, Generic[T]):
    """What a file's noqa comments did to its items, in the items' order.

    `kept` are still reported. `suppressed` were silenced, each with its Suppression.
    `unjustified` are kept items (also in `kept`) that a noqa would have silenced,
    had it given a reason while reasons are required.
    """

    kept: list[T]
    suppressed: list[tuple[T, Suppression]]
    unjustified: list[tuple[T, Suppression]]


def file_is_ignored(lines: list[str]) -> bool:
    return any(NOQA_FILE.match(line) for line in lines)


def file_suppression(lines: list[str]) -> Suppression | None:
    """The file-level `# flake8: noqa` of a file, with its reason, if it has one."""
    for line in lines:
        match = NOQA_FILE.match(line)
        if match:
            return Suppression("file", reason_after(line, match.end()))
    return None


def is_suppressed(code: str, noqa_text: str, pattern: re.Pattern[str] = NOQA_INLINE) -> bool:
    return suppression_for(code, noqa_text, pattern) is not None


def covers(code: str, listed: str, pattern: re.Pattern[str] = NOQA_INLINE) -> bool:
    """Does the codes part of a noqa comment name `code` or a prefix of it?

    flake8 compares codes as written, so `# noqa: nev102` does not silence
    NEV102 in Python (flake8 would still report it); SQL comments, which
    flake8 never reads, ignore case.
    """
    # Items split at commas and white space, as flake8's parse_comma_separated_list
    # does: `NEV101NEV102` is one item, a prefix of no code, so it silences nothing.
    listed_codes = [item for item in _SEPARATORS.split(listed) if item]
    if pattern is not NOQA_INLINE:
        return any(code.upper().startswith(item.upper()) for item in listed_codes)
    return any(code.startswith(item) for item in listed_codes)


def suppression_for(code: str, noqa_text: str, pattern: re.Pattern[str] = NOQA_INLINE) -> Suppression | None:
    """The line suppression covering `code` in `noqa_text`, with its reason, or None."""
    match = pattern.search(noqa_text)
    if match is None:
        return None
    codes = match.group("codes")
    if codes and not covers(code, codes, pattern):
        return None
    # A bare `# noqa` silences everything on the line.
    end = match.start("codes") + len(codes.rstrip()) if codes else match.end()
    return Suppression("line", reason_after(noqa_text, end))


def line_texts(source: str) -> dict[int, str]:
    """Map each line number to the text searched for noqa on that line.

    Lines joined by a multi-line token share one text, as in flake8. If the
    file cannot be tokenised each physical line stands alone. Lines end at
    "\\r\\n", "\\r" and "\\n" only (files/lines.py), as for the tokenizer and flake8: a form
    feed or U+2028 in a string must not move later comments to other lines.
    """
    lines = split_lines(source, keepends=True)
    mapping: dict[int, str] = {}
    for first, last in noqa_spans(source, len(lines)):
        joined = "".join(lines[first - 1 : last])
        for number in range(first, last + 1):
            mapping[number] = joined
    return mapping


# The last source noqa_spans tokenised, with its spans: the engine asks twice for the same
# file (NEV001's unused-noqa check, then apply_noqa), and tokenising costs about twice the parse.
_last_spans: list[tuple[str, int, tuple[tuple[int, int], ...]]] = []


def noqa_spans(source: str, line_count: int) -> tuple[tuple[int, int], ...]:
    """(first, last) line of each group of lines that share one noqa text (see line_texts),
    in order and covering lines 1 to `line_count`: a multi-line token's lines form one
    group, every other line is a group of its own."""
    if _last_spans and _last_spans[0][0] is source and _last_spans[0][1] == line_count:
        return _last_spans[0][2]
    spans = _token_spans(source, line_count)
    _last_spans[:] = [(source, line_count, spans)]
    return spans


def _token_spans(source: str, line_count: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    try:
        first, last = line_count + 2, -1
        for token in tokenize.generate_tokens(tokenizer_readline(source)):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = min(first, token.start[0])
            last = max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                spans.append((first, last))
                first, last = line_count + 2, -1
    except (tokenize.TokenError, SyntaxError):
        spans = []
    grouped = {number for first, last in spans for number in range(first, last + 1)}
    spans.extend((number, number) for number in range(1, line_count + 1) if number not in grouped)
    return tuple(sorted(span for span in spans if span[0] <= line_count))


def mentions_noqa(text: str) -> bool:
    """Can any noqa comment be in `text`? If not, nothing in it is silenced."""
    return "noqa" in text.lower()


def apply_noqa(
    items: Iterable[T],
    source: str,
    line_of: Callable[[T], int],
    code_of: Callable[[T], str],
    require_reason: bool = False,
) -> NoqaOutcome[T]:
    """Sort a Python file's items by what its noqa comments say of their line and code."""
    items = list(items)
    if not items or not mentions_noqa(source):
        return NoqaOutcome(items, [], [])
    whole_file = file_suppression(split_lines(source, keepends=True))
    if whole_file is not None:
        return _sort(items, lambda item: whole_file, require_reason)
    texts = line_texts(source)
    return _sort(items, lambda item: suppression_for(code_of(item), texts.get(line_of(item), "")), require_reason)


def apply_sql_noqa(
    items: Iterable[T],
    text: str,
    line_of: Callable[[T], int],
    code_of: Callable[[T], str],
    require_reason: bool = False,
) -> NoqaOutcome[T]:
    """Sort an SQL file's items by the `-- noqa` comments on their lines."""
    items = list(items)
    if not items or not mentions_noqa(text):
        return NoqaOutcome(items, [], [])
    lines = split_lines(text)  # the lines Positions numbers (sql/positions.py)

    def suppression(item: T) -> Suppression | None:
        if not 0 < line_of(item) <= len(lines):
            return None
        return suppression_for(code_of(item), lines[line_of(item) - 1], SQL_NOQA_INLINE)

    return _sort(items, suppression, require_reason)


def remove_suppressed(
    items: Iterable[T], source: str, line_of: Callable[[T], int], code_of: Callable[[T], str]
) -> list[T]:
    """The items a Python file's noqa comments leave reported, exactly as flake8 decides."""
    return apply_noqa(items, source, line_of, code_of).kept


def remove_suppressed_sql(
    items: Iterable[T], text: str, line_of: Callable[[T], int], code_of: Callable[[T], str]
) -> list[T]:
    """The items an SQL file's `-- noqa` comments leave reported."""
    return apply_sql_noqa(items, text, line_of, code_of).kept


def _sort(
    items: list[T], suppression_of: Callable[[T], Suppression | None], require_reason: bool
) -> NoqaOutcome[T]:
    kept: list[T] = []
    suppressed: list[tuple[T, Suppression]] = []
    unjustified: list[tuple[T, Suppression]] = []
    for item in items:
        suppression = suppression_of(item)
        if suppression is None:
            kept.append(item)
        elif require_reason and is_placeholder(suppression.reason):
            kept.append(item)
            unjustified.append((item, suppression))
        else:
            suppressed.append((item, suppression))
    return NoqaOutcome(kept, suppressed, unjustified)


def review_findings(
    findings: Sequence[Finding], text: str, sql: bool, require_reason: bool
) -> tuple[list[Finding], list[SuppressedFinding]]:
    """A file's findings after its noqa comments: those still reported, and those silenced
    with the reasons written for them (the record of each review).

    With `require_reason`, a noqa without a reason silences nothing and the
    finding says what to write.
    """
    apply = apply_sql_noqa if sql else apply_noqa
    outcome = apply(findings, text, lambda finding: finding.line, lambda finding: finding.code, require_reason)
    unjustified = {id(finding): suppression for finding, suppression in outcome.unjustified}
    reported = [
        finding if id(finding) not in unjustified else _needs_reason(finding, unjustified[id(finding)], sql)
        for finding in outcome.kept
    ]
    suppressed = [SuppressedFinding(finding, how.kind, how.reason) for finding, how in outcome.suppressed]
    return reported, suppressed


def _needs_reason(finding: Finding, suppression: Suppression, sql: bool) -> Finding:
    """The finding a reasonless noqa would have hidden, with a note on what to write."""
    if suppression.reason is not None and is_placeholder(suppression.reason):
        note = "its noqa comment still has a placeholder reason; write why this data is needed"
    elif suppression.kind == "file":
        note = 'silenced by "# flake8: noqa" without a reason; add "-- reviewed: <why>" to it'
    else:
        comment = "-- noqa" if sql else "# noqa"
        note = f'its noqa gives no reason; write "{comment}: {finding.code} -- reviewed: <why>"'
    return replace(finding, message=f"{finding.message} [{note}]")
