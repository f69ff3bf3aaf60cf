"""Plain functions the test modules share: the real engine in this process, and positions.

conftest.py holds the fixtures that run the CLI and flake8 in subprocesses; this
module holds what a test calls directly, so each helper is written once and means
one thing everywhere (`from helpers import findings, position`).

Python sources in tests are usually written indented inside a triple-quoted string:
`findings` and `facts_of` dedent them, as the file would look on disk. SQL text is
analysed exactly as given, leading spaces included. `position` never dedents: give
it the text the engine saw.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser
from flake8_neveragain.extract import extract_facts
from flake8_neveragain.facts import FieldFact
from flake8_neveragain.findings import Finding
from flake8_neveragain.sql import extract_sql_facts


def findings(source: str, path: str = "app/models.py", settings: Settings | None = None) -> list[Finding]:
    """Every finding the engine reports for a Python source (dedented), every code included.

    Selection (`--select`, default-off codes) and `# noqa` are applied by the front
    doors, not here: a test of those goes through the CLI or flake8.
    """
    tree = ast.parse(textwrap.dedent(source))
    return Analyser(settings or Settings()).findings_for_tree(tree, path)


def encryption_findings(source: str, path: str = "app/models.py") -> list[Finding]:
    """The encryption findings (NEV2xx) alone, as `findings` reports them for a Python source."""
    return [finding for finding in findings(source, path) if finding.category == "encryption"]


def sql_findings(sql: str, path: str = "schema.sql", settings: Settings | None = None) -> list[Finding]:
    """Every finding the engine reports for SQL text, which must parse without a problem line."""
    found, problems = Analyser(settings or Settings()).findings_for_sql(sql, path)
    assert problems == []
    return found


def facts_of(source: str) -> list[FieldFact]:
    """The facts extracted from a Python source (dedented), before classification."""
    return extract_facts(ast.parse(textwrap.dedent(source)))


def sql_facts_of(
    sql: str, source: str = "sql-ddl", line_offset: int = 0, column_offset: int = 0
) -> list[FieldFact]:
    """The facts extracted from SQL text, which must parse without a problem line.

    `source` and the offsets place SQL embedded in a Python string, as the engine does.
    """
    facts, problems = extract_sql_facts(sql, source=source, line_offset=line_offset, column_offset=column_offset)
    assert problems == []
    return facts


def by_symbol(facts: Iterable[FieldFact]) -> dict[str, FieldFact]:
    """Facts by their symbol (`Person.religion`), to pick one out by name."""
    return {fact.symbol: fact for fact in facts}


def facts_by_symbol(source: str) -> dict[str, FieldFact]:
    """The facts extracted from a Python source (dedented), by their symbol."""
    return by_symbol(facts_of(source))


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the `occurrence`-th `needle` in `text`, as findings count them.

    The column counts UTF-8 bytes, as flake8 does (the same as characters for ASCII).
    """
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, len(text[line_start:start].encode("utf-8")) + 1


def head(finding: Finding) -> str:
    """The message up to the rule URL: the part a test compares word for word."""
    return finding.message.split(" See ")[0]
