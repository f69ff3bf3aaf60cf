"""Run one input through one target and check what holds for every target.

- no exception escapes the documented error path;
- an input under 100 kB takes at most 2 s;
- the same input twice gives the same result;
- for Python and SQL files, metamorphic variants agree: the same file with other line
  ends, a BOM, or blank lines on top gives the same findings (moved down, for the last).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from .checks import MAX_SECONDS, SMALL_INPUT, Failure, Outcome, escape, timed
from .cli_target import cli_case
from .targets import TARGETS, difference, python_file, sql_file, tag

# Every entry point by name; the CLI last, as the slowest.
ENTRY_POINTS: dict[str, Callable[[bytes], Outcome]] = {**TARGETS, "cli": cli_case}


def run_case(target: str, data: bytes, *, repeat: bool = True, variants: bool = True) -> list[Failure]:
    call = ENTRY_POINTS[target]
    try:
        outcome, seconds = timed(lambda: call(data))
    except Exception as error:  # noqa: BLE001 -- the property under test: nothing may escape
        return [escape(target, error)]
    failures = list(outcome.failures)
    seconds = outcome.seconds if outcome.seconds is not None else seconds
    if seconds > MAX_SECONDS and len(data) < SMALL_INPUT:
        failures.append(Failure(target, "slow", f"slow:{target}", f"{seconds:.1f} s for {len(data):,} bytes"))
        return failures  # a second run would only double the wait
    if repeat:
        try:
            again = call(data)
        except Exception as error:  # noqa: BLE001 -- as above
            return [*failures, escape(target, error)]
        if again.summary != outcome.summary:
            failures.append(Failure(target, "nondeterministic", f"nondeterministic:{target}",
                                    f"first: {outcome.summary!r:.1500}\nsecond: {again.summary!r:.1500}"))
    if variants and target in VARIANT_TARGETS and not failures:
        failures += check_variants(target, data, outcome)
    return failures


# A variant: (name, transform, precondition on the original bytes, expected line shift).
Variant = tuple[str, Callable[[bytes], bytes], Callable[[bytes], bool], int]
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)


def _plain(data: bytes) -> bool:
    """UTF-8 text with \\n line ends only, no BOM and no coding cookie: safe to re-encode."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\r" not in data and not data.startswith(b"\xef\xbb\xbf") and not _COOKIE.search(data[:400])


VARIANTS: tuple[Variant, ...] = (
    ("crlf", lambda data: data.replace(b"\n", b"\r\n"), _plain, 0),
    ("cr-only", lambda data: data.replace(b"\n", b"\r"), _plain, 0),
    ("bom", lambda data: b"\xef\xbb\xbf" + data, _plain, 0),
    ("blank-lines-above", lambda data: b"\n\n\n" + data, _plain, 3),
)
VARIANT_TARGETS: dict[str, Callable[[bytes], Outcome]] = {"python": python_file, "sql": sql_file}


def _same_ends(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A finding with its line ends made alike: a quoted SQL name may hold one, and the variant changed it."""
    return tuple(re.sub(r"\r\n?", "\n", part) if isinstance(part, str) else part for part in row)


# What python_file and sql_file summarise: finding rows, then error messages.
FileSummary = tuple[tuple[tuple[Any, ...], ...], tuple[str, ...]]


def check_variants(target: str, data: bytes, base: Outcome) -> list[Failure]:
    rows, errors = cast(FileSummary, base.summary)
    if errors:
        return []  # error messages name lines and bytes; only clean runs are compared
    failures = []
    for name, transform, applies, shift in VARIANTS:
        if not applies(data):
            continue
        changed = transform(data)
        try:
            outcome = VARIANT_TARGETS[target](changed)
        except Exception as error:  # noqa: BLE001 -- as above
            failures.append(escape(target, error))
            continue
        expected = sorted(_same_ends((row[0] + shift, row[1], row[2] + shift, *row[3:])) for row in rows)
        got_rows, got_errors = cast(FileSummary, outcome.summary)
        got = sorted(_same_ends(row) for row in got_rows)
        if got != expected or got_errors:
            how = difference(got, expected, "variant-only", "original-only") if not got_errors else "errors"
            text = changed.decode("utf-8", "replace")
            extra = [row for row in got if row not in expected][:3]
            missing = [row for row in expected if row not in got][:3]
            failures.append(Failure(target, "mismatch", f"variant:{name}:{how}{tag(text)}",
                                    f"variant {name} only: {extra!r:.2000}\noriginal only (moved): "
                                    f"{missing!r:.2000}\nerrors: {got_errors!r:.500}"))
    return failures
