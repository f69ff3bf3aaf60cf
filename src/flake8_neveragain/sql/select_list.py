"""Output columns of a query: `SELECT a AS x, b religion FROM ...`.

Used by CREATE VIEW and CREATE TABLE ... AS SELECT. Only the first SELECT's
list names the output (later UNION branches cannot rename), so that is the
only one read. Re-exposing a column (`SELECT religion FROM t`, or
`p.religion AS religion`) adds no new name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tokens import NUMBER, PUNCT, QUOTED, STRING, WORD, Stream, Tok, is_name, last_name_part, unquote


@dataclass(frozen=True, slots=True)
class OutputColumn:
    name: str
    token: Tok  # the alias (or the column name of a re-exposed column)
    is_alias: bool  # a new name, not just a column passed through


_QUERY_STARTS = ("SELECT", "WITH")
_SELECT_MODIFIERS = frozenset({
    "DISTINCT", "ALL", "DISTINCTROW", "STRAIGHT_JOIN", "HIGH_PRIORITY", "SQL_CALC_FOUND_ROWS",
    "SQL_NO_CACHE", "SQL_CACHE", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT",
})
_LIST_ENDS = (
    "FROM", "INTO", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "UNION", "UNION ALL",
    "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY", "OFFSET", "FETCH", "FOR",
)
# A name after one of these is its operand, not an alias: `DISTINCT x`, `IS NULL`.
_TAKES_OPERAND = frozenset({
    "DISTINCT", "ALL", "NOT", "AND", "OR", "IS", "COLLATE", "OVER", "AS", "BY", "INTERVAL",
    "CASE", "WHEN", "THEN", "ELSE", "IN", "LIKE", "ILIKE", "BETWEEN", "SELECT", "TOP", "ON",
    "EXISTS", "ANY", "SOME", "ESCAPE", "AT", "WITH", "ZONE",
})
_NEVER_ALIASES = frozenset({
    "NULL", "TRUE", "FALSE", "END", "ASC", "DESC", "UNKNOWN", "ZONE", "DAY", "MONTH", "YEAR",
    "HOUR", "MINUTE", "SECOND", "WEEK", "QUARTER", "CURRENT_DATE", "CURRENT_TIME",
    "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "PRECISION", "VARYING",
})


def find_query(stream: Stream, lo: int, hi: int) -> int:
    """Index of the query after a top-level `AS` (`AS SELECT`, `AS WITH`,
    `AS (SELECT ...)`) in [lo, hi), or -1."""
    index = lo
    while True:
        found = stream.find_word(index, hi, "AS")
        if found == -1:
            return -1
        following = found + 1
        if stream.is_word(following, *_QUERY_STARTS) or stream.is_punct(following, "("):
            return following
        index = following


def read_output_columns(stream: Stream, lo: int, hi: int) -> list[OutputColumn]:
    tokens = stream.tokens
    hi = min(hi, len(tokens))
    while stream.is_punct(lo, "(") and lo < hi:  # AS (SELECT ...)
        hi = min(stream.close_of(lo), hi)
        lo += 1
    index = _skip_with_clause(stream, lo, hi)
    while stream.is_punct(index, "(") and index < hi:
        hi = min(stream.close_of(index), hi)
        index += 1
    if not stream.is_word(index, "SELECT") or index >= hi:
        return []
    index = _skip_select_modifiers(stream, index + 1, hi)
    end = stream.find_word(index, hi, *_LIST_ENDS)
    if end == -1:
        end = hi
    outputs = []
    for item_lo, item_hi in stream.split_commas(index, end):
        output = _output_of(stream, item_lo, item_hi)
        if output is not None:
            outputs.append(output)
    return outputs


def _skip_with_clause(stream: Stream, index: int, hi: int) -> int:
    if not stream.is_word(index, "WITH"):
        return index
    index += 1
    if stream.is_word(index, "RECURSIVE"):
        index += 1
    while index < hi:
        name = stream.read_qualified_name(index, hi)
        if name is None:
            return index
        index = name[1]
        if stream.is_punct(index, "("):  # cte (a, b)
            index = stream.skip_group(index)
        if stream.is_word(index, "AS"):
            index += 1
        while stream.is_word(index, "NOT", "MATERIALIZED"):
            index += 1
        if stream.is_punct(index, "("):
            index = stream.skip_group(index)
        if not stream.is_punct(index, ","):
            return index
        index += 1
    return index


def _skip_select_modifiers(stream: Stream, index: int, hi: int) -> int:
    while index < hi:
        if stream.is_word(index, "DISTINCT") and stream.is_word(index + 1, "ON") \
                and stream.is_punct(index + 2, "("):
            index = stream.skip_group(index + 2)
        elif stream.is_word(index, *_SELECT_MODIFIERS):
            index += 1
        elif stream.is_word(index, "TOP"):  # T-SQL: TOP 10 / TOP (10) [PERCENT] [WITH TIES]
            index += 1
            if stream.is_punct(index, "("):
                index = stream.skip_group(index)
            elif index < hi and stream.tokens[index].kind == NUMBER:
                index += 1
            while stream.is_word(index, "PERCENT", "WITH", "TIES"):
                index += 1
        elif stream.is_word(index, "AS") and stream.is_word(index + 1, "STRUCT", "VALUE"):
            index += 2  # BigQuery SELECT AS STRUCT
        else:
            break
    return index


def _output_of(stream: Stream, lo: int, hi: int) -> OutputColumn | None:
    tokens = stream.tokens
    last = tokens[hi - 1]
    if not is_name(last):
        return None
    name = unquote(last)
    plain = stream.read_qualified_name(lo, hi)
    if plain is not None and plain[1] == hi:  # `religion`, `p.religion`
        return OutputColumn(last_name_part(name), last, False)
    if hi - lo >= 3 and stream.is_word(hi - 2, "AS"):
        expression_end = hi - 2
    elif hi - lo >= 2 and _is_implicit_alias(tokens[hi - 2], last):
        expression_end = hi - 1
    else:
        return None
    expression = stream.read_qualified_name(lo, expression_end)
    if expression is not None and expression[1] == expression_end:
        source_name = last_name_part(unquote(tokens[expression[0]]))
        if source_name.lower() == name.lower():
            return OutputColumn(name, last, False)  # p.religion AS religion
    return OutputColumn(name, last, True)


def _is_implicit_alias(previous: Tok, last: Tok) -> bool:
    if last.kind == WORD and last.key in _NEVER_ALIASES:
        return False
    if previous.kind == WORD:
        return previous.key not in _TAKES_OPERAND
    if previous.kind == PUNCT:
        return previous.text == ")"
    return previous.kind in (QUOTED, STRING, NUMBER)
