"""SQL text -> FieldFacts for every table, column, type and view column it defines.

    scanner      split into statements (strings, comments, dollar quotes, GO, COPY data)
    kinds        first-keyword check: only CREATE TABLE/TYPE/DOMAIN/VIEW and ALTER TABLE go on
    lexer        sqlparse's lexer (imported on first use) -> tokens with offsets
    tokens       the token type and `Stream` (paren structure, comma splitting, names)
    columns      column definitions, table constraints, CHECK (col IN (...)) values
    select_list  output columns of a SELECT (CREATE VIEW, CREATE TABLE AS)
    types        built-in SQL type names across dialects (any other type is a type_ref)
    create_table / alter_table / create_type / create_view   one reader per kind
    readers      which reader handles which kind of statement
    known        the columns known so far of one table, in the order they became known
    context      what the readers share: positions, source, columns seen so far
    positions    offsets -> 1-based lines and columns

Nothing is classified here: every name is reported, and the classifier decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flake8_neveragain.facts import FieldFact

if TYPE_CHECKING:
    from flake8_neveragain.sql.context import ReadContext
    from flake8_neveragain.sql.kinds import StatementKind
    from flake8_neveragain.sql.scanner import Statement

# Everything below is imported on the first call, so importing this package
# costs nothing until there is SQL to read; sqlparse waits for the first DDL.

__all__ = ["MAX_STATEMENT_CHARS", "extract_sql_facts"]

# sqlparse's lexer reads about 0.5 MB/s; a DDL statement larger than this
# (the largest real ones, 5,000-column tables, are about 200 kB) is skipped
# with a problem line rather than holding up a run for many seconds.
MAX_STATEMENT_CHARS = 2_000_000


def extract_sql_facts(
    text: str, *, source: str = "sql-ddl", line_offset: int = 0, column_offset: int = 0,
) -> tuple[list[FieldFact], list[str]]:
    """Facts for the SQL `text` in source order, and one line per problem.

    `line_offset`/`column_offset` place SQL embedded in a Python string: its
    first line is reported at line_offset + 1 with columns shifted by
    column_offset; later lines are not shifted. Never raises for any text.
    """
    from flake8_neveragain.sql.kinds import statement_kind
    from flake8_neveragain.sql.positions import Positions
    from flake8_neveragain.sql.scanner import StatementScanner

    positions = Positions(text, line_offset, column_offset)
    facts: list[FieldFact] = []
    problems: list[tuple[int, str]] = []
    scanner = StatementScanner(text)
    context: ReadContext | None = None
    try:
        for statement in scanner.statements():
            kind = statement_kind(text, statement.start, statement.end)
            if kind is None:
                continue
            if context is None:
                from flake8_neveragain.sql.context import ReadContext

                context = ReadContext(source, positions)
            problem = _read_statement(text, statement, kind, context, facts, positions.line)
            if problem:
                problems.append((statement.start, problem))
    except Exception as error:  # noqa: BLE001 -- a bug must not cost the caller the whole file
        problems.append((len(text), f"SQL could not be analysed past this point ({error!r})"))
    problems.extend((problem.offset, problem.describe(positions.line))
                    for problem in scanner.problems)
    problems.sort(key=lambda item: item[0])
    facts.sort(key=lambda fact: (fact.span.line, fact.span.column))
    return facts, [message for _, message in problems]


def _read_statement(text: str, statement: Statement, kind: StatementKind, context: ReadContext,
                    facts: list[FieldFact], line_of: Callable[[int], int]) -> str | None:
    """Append the statement's facts; return a problem line if it was skipped."""
    size = statement.end - statement.start
    if size > MAX_STATEMENT_CHARS:
        return (f"{kind.value.upper()} statement at line {line_of(statement.start)} is too "
                f"large to analyse ({size:,} characters, limit {MAX_STATEMENT_CHARS:,}); skipped")
    from flake8_neveragain.sql.lexer import lex
    from flake8_neveragain.sql.readers import READERS  # the readers (and sqlparse) load with the first DDL
    from flake8_neveragain.sql.tokens import Stream

    try:
        stream = Stream(lex(text, statement.start, statement.end))
        facts.extend(READERS[kind](stream, context))
    except Exception as error:  # noqa: BLE001 -- one statement's bug costs that statement only
        return (f"{kind.value.upper()} statement at line {line_of(statement.start)} could not "
                f"be analysed ({type(error).__name__}: {error}); skipped")
    return None
