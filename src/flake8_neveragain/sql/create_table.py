"""CREATE TABLE: the table (kind="model") and its columns.

Columns come from the `( ... )` list right after the table name, from
`[AS] SELECT` output columns when there is no such list, from Hive's
`PARTITIONED BY (col type, ...)`, and from SQLite's
`CREATE VIRTUAL TABLE t USING fts5(col, ...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from flake8_neveragain.facts import FieldFact
from flake8_neveragain.sql.columns import ColumnDef, read_column, read_column_list
from flake8_neveragain.sql.context import ReadContext
from flake8_neveragain.sql.select_list import find_query, read_output_columns, sources_for
from flake8_neveragain.sql.tokens import PUNCT, Stream


def read_create_table(stream: Stream, context: ReadContext) -> list[FieldFact]:
    tokens = stream.tokens
    count = len(tokens)
    named = stream.read_object_name(("TABLE",))
    if named is None:
        return []
    name_token, table, index = named
    context.forget_columns(table)
    facts = [context.model(table, name_token)]

    if stream.is_punct(index, "(") and not stream.is_word(index + 1, "SELECT", "WITH"):
        close = min(stream.close_of(index), count)
        columns = read_column_list(stream, index + 1, close)
        sources = sources_for(stream, [column.name for column in columns], close + 1, count)
        columns.extend(_partition_columns(stream, close + 1, count))
        facts.extend(_stored_also_as(context.column_facts(table, columns), sources))
    elif stream.is_word(index, "USING") and index + 2 < count and stream.is_punct(index + 2, "("):
        facts.extend(context.column_facts(table, _module_columns(stream, index + 2)))
    else:
        query = find_query(stream, index, count)
        if query == -1 and (stream.is_word(index, "SELECT") or (
                stream.is_punct(index, "(") and stream.is_word(index + 1, "SELECT", "WITH"))):
            query = index  # MySQL: CREATE TABLE t SELECT ... (AS is optional)
        if query != -1:
            facts.extend(_query_column_facts(stream, context, table, query, count))
    return facts


def _stored_also_as(facts: list[FieldFact],
                    sources: Sequence[tuple[str, ...]]) -> list[FieldFact]:
    """CREATE TABLE t (a, grp) AS SELECT id, race ...: `grp` holds `race`."""
    for position, names in enumerate(sources):
        if names:
            facts[position] = replace(facts[position], aliases=facts[position].aliases + names)
    return facts


def _partition_columns(stream: Stream, lo: int, hi: int) -> list[ColumnDef]:
    """Hive: PARTITIONED BY (dt STRING, country STRING) declares more columns;
    Spark's PARTITIONED BY (dt) only names existing ones."""
    partitioned = stream.find_word(lo, hi, "PARTITIONED")
    if partitioned == -1 or not stream.is_word(partitioned + 1, "BY") \
            or not stream.is_punct(partitioned + 2, "("):
        return []
    opening = partitioned + 2
    columns = []
    for part_lo, part_hi in stream.split_commas(opening + 1, min(stream.close_of(opening), hi)):
        if part_hi - part_lo >= 2:
            column = read_column(stream, part_lo, part_hi)
            if column is not None:
                columns.append(column)
    return columns


def _module_columns(stream: Stream, opening: int) -> list[ColumnDef]:
    """SQLite: CREATE VIRTUAL TABLE t USING fts5(title, body UNINDEXED, tokenize='porter')."""
    tokens = stream.tokens
    columns = []
    for part_lo, part_hi in stream.split_commas(opening + 1, stream.close_of(opening)):
        is_option = any(token.kind != PUNCT and token.text == "=" for token in tokens[part_lo:part_hi])
        if not is_option:
            column = read_column(stream, part_lo, part_hi)
            if column is not None:
                column.type_refs.clear()  # `col UNINDEXED` is an option, not a type
                columns.append(column)
    return columns


def _query_column_facts(stream: Stream, context: ReadContext, table: str, query: int,
                        hi: int) -> list[FieldFact]:
    # The new table stores a copy of every named output column.
    return context.query_column_facts(table, read_output_columns(stream, query, hi))
