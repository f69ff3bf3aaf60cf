"""Baselines: adopt the checker in an existing codebase without a flood of findings.

`neveragain baseline` records today's findings in `.neveragain-baseline.json`;
`neveragain check` then reports only findings that are not in it. An entry
is matched by content: file path, code, symbol (`Model.field`,
`table.column`) and source (`django-model`, `sql-ddl`, ...), never by line,
so edits elsewhere in a file do not resurrect it, while a renamed field or a
new one is reported. Entries that no longer match anything are stale;
`neveragain baseline --check` lists them so the file only ever shrinks.

The file is deterministic (sorted, no absolute paths, no timestamps):

    {
      "version": 1,
      "entries": [
        {"path": "app/models.py", "code": "NEV102", "symbol": "Person.religion", "source": "django-model"}
      ]
    }

Identical content found more than once in a file is one entry with
`"count": N`. Paths are relative to the baseline's anchor folder: the current
directory for `--baseline FILE` and for a `.neveragain-baseline.json` there;
otherwise the folder of the configuration file that names the baseline or
that the default one sits beside. So `cd app && neveragain check` still
applies the project's baseline: entries are moved into report coordinates
(relative to the current directory) when read, and back when written.

A baseline is input a CI gate trusts, so it is read like one: a regular file
of at most 32 MiB (BASELINE_LIMIT in files/boundedread.py), JSON of exactly this shape
(nesting deeper than it is refused, never recursed into), or one line naming
the file and exit 2.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from flake8_neveragain.config.settings import ConfigError
from flake8_neveragain.files.boundedread import (
    BASELINE_LIMIT,
    JSON_NESTING,
    ReadRefused,
    read_regular,
    too_deep,
)
from flake8_neveragain.findings import Finding

FORMAT_VERSION = 1
# More of one finding than any file holds; bounds the arithmetic on counts.
MAX_COUNT = 1_000_000
_ENTRY_KEYS = ("path", "code", "symbol", "source")


class Key(NamedTuple):
    path: str
    code: str
    symbol: str
    source: str


def key_of(finding: Finding) -> Key:
    return Key(finding.path, finding.code, finding.symbol, finding.source)


@dataclass(frozen=True)
class Baseline:
    path: str  # as given, for messages
    entries: Counter[Key]  # paths relative to the current directory, as findings have them

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new findings, findings the baseline knows), each in the given order.

        When a file holds more findings of one content than the baseline
        counts, the later ones (in report order) are new.
        """
        remaining = Counter(self.entries)
        new: list[Finding] = []
        known: list[Finding] = []
        for finding in findings:
            key = key_of(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                known.append(finding)
            else:
                new.append(finding)
        return new, known

    def stale(self, findings: Sequence[Finding], scope: Scope) -> Counter[Key]:
        """Entries within `scope` that the findings no longer account for."""
        found = Counter(key_of(finding) for finding in findings)
        return Counter({
            key: count - found[key]
            for key, count in self.entries.items()
            if scope.covers(key.path) and count > found[key]
        })


@dataclass(frozen=True)
class Scope:
    """The part of the tree a run looked at: the files it checked and the folders it walked.

    Files that could not be read are outside it: their entries are neither
    stale nor replaced, since nobody could tell.
    """

    files: frozenset[str]
    roots: tuple[str, ...]
    unreadable: frozenset[str] = frozenset()

    def covers(self, path: str) -> bool:
        if path in self.unreadable:
            return False
        if path in self.files:
            return True
        return any(root in ("", ".") or path.startswith(root.rstrip("/") + "/") for root in self.roots)


def scope_of(checked_paths: Iterable[str], roots: Iterable[str], unreadable: Iterable[str] = ()) -> Scope:
    return Scope(frozenset(checked_paths), tuple(roots), frozenset(unreadable))


def _rebase(path: str, source: str, target: str) -> str:
    """A relative report path under folder `source`, made relative to folder `target` (lexically)."""
    if source == target:
        return path
    full = posixpath.normpath(posixpath.join(source, path))
    return posixpath.relpath(full, target)


def load(path: Path, anchor: str | None = None) -> Baseline:
    """Read and validate a baseline file; any problem is a one-line ConfigError.

    `anchor`: the folder its entries are relative to (default: the current directory).
    """
    baseline = _read(path)
    cwd = os.path.abspath(os.getcwd())
    if anchor is None or anchor == cwd:
        return baseline
    moved: Counter[Key] = Counter()
    for key, count in baseline.entries.items():
        moved[key._replace(path=_rebase(key.path, anchor, cwd))] += count
    return Baseline(baseline.path, moved)


def _read(path: Path) -> Baseline:
    try:
        data = read_regular(path, BASELINE_LIMIT)
    except ReadRefused as refused:
        hint = " (create it with `neveragain baseline`)" if refused.missing else ""
        raise ConfigError(f"baseline {path}: {refused}{hint}") from None
    if too_deep(data, JSON_NESTING):
        raise ConfigError(f"baseline {path}: JSON nested far deeper than a baseline is")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"baseline {path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"baseline {path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:  # the decoder recurses per level; a baseline has three (d09)
        raise ConfigError(f"baseline {path}: JSON nested far deeper than a baseline is") from None
    except ValueError:  # json raises it for an integer of more digits than Python converts
        raise ConfigError(f"baseline {path}: not valid JSON: a number too long to read") from None
    return Baseline(str(path), _entries(document, path))


def _entries(document: Any, path: Path) -> Counter[Key]:
    where = f"baseline {path}"
    if not isinstance(document, dict):
        raise ConfigError(f"{where}: expected a JSON object with \"version\" and \"entries\"")
    unknown = sorted(set(document) - {"version", "entries"})
    if unknown:
        raise ConfigError(f"{where}: unknown key {_shown(unknown[0])} (expected \"version\" and \"entries\")")
    version = document.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ConfigError(f"{where}: unsupported version {_shown(version)} (this neveragain writes version {FORMAT_VERSION})")
    raw = document.get("entries")
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: \"entries\" must be a list")
    entries: Counter[Key] = Counter()
    for number, entry in enumerate(raw, start=1):
        at = f"{where}: entry {number}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{at}: expected an object")
        unknown = sorted(set(entry) - {*_ENTRY_KEYS, "count"})
        if unknown:
            raise ConfigError(f"{at}: unknown key {_shown(unknown[0])}")
        for name in _ENTRY_KEYS:
            value = entry.get(name)
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{at}: {name!r} must be a non-empty string")
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            raise ConfigError(f"{at}: \"count\" must be a whole number from 1 to {MAX_COUNT}")
        if PurePosixPath(entry["path"]).is_absolute() or Path(entry["path"]).is_absolute():
            raise ConfigError(f"{at}: path {_shown(entry['path'])} must be relative to the project directory")
        entries[Key(*(entry[name] for name in _ENTRY_KEYS))] += count
    return entries


def _shown(value: Any) -> str:
    """A value for a message: short, and never the repr of a deep or huge container."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        text = repr(value) if not isinstance(value, int) or abs(value) < 10**18 else "a huge number"
        return text if len(text) <= 60 else text[:57] + "..."
    return "None" if value is None else f"of type {type(value).__name__}"


def entries_from(findings: Iterable[Finding]) -> Counter[Key]:
    entries: Counter[Key] = Counter()
    for finding in findings:
        if PurePosixPath(finding.path).is_absolute() or Path(finding.path).is_absolute():
            raise ConfigError(
                f"cannot record {finding.path} in a baseline: it is outside the current directory; "
                "run `neveragain baseline` from the project root"
            )
        entries[key_of(finding)] += 1
    return entries


def dumps(entries: Counter[Key], anchor: str | None = None) -> bytes:
    """The file's bytes; `anchor`: the folder its paths are written relative to (default: here)."""
    cwd = os.path.abspath(os.getcwd())
    if anchor is not None and anchor != cwd:
        moved: Counter[Key] = Counter()
        for key, count in entries.items():
            moved[key._replace(path=_rebase(key.path, cwd, anchor))] += count
        entries = moved
    rows = []
    for key in sorted(entries):
        row: dict[str, Any] = dict(zip(_ENTRY_KEYS, key))
        if entries[key] > 1:
            row["count"] = entries[key]
        rows.append(row)
    document = {"version": FORMAT_VERSION, "entries": rows}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def describe(key: Key) -> str:
    return f"{key.path}: {key.code} {key.symbol} ({key.source})"
