"""Output columns of a query: `SELECT p.race, a AS x, b religion FROM ...`.

Used by CREATE VIEW and CREATE TABLE ... AS SELECT. Only the first SELECT's
list names the output (later UNION branches cannot rename), so that is the
only one read. Every named output is a column of the new table or view, a
re-exposed one (`adm.race`) as much as an alias: the data is copied (or
shown) under that name. A renamed column keeps where it came from
(`p.race AS grp` -> source "race"). Expressions without an alias (`count(*)`,
`x::text`, `CASE ... END`) and `*` name nothing we can read.
"""

from __future__ import annotations

from dataclasses import dataclass

from flake8_neveragain.sql.tokens import (
    NUMBER,
    OTHER,
    PUNCT,
    QUOTED,
    STRING,
    WORD,
    Stream,
    Tok,
    is_name,
    last_name_part,
    unquote,
)


@dataclass(frozen=True, slots=True)
class OutputColumn:
    name: str
    token: Tok  # the alias, or the last name part of a re-exposed column
    # The column copied under a new name (`p.race AS grp` -> "race"); empty
    # when the name is the column's own or the item is an expression.
    source: str = ""


_QUERY_STARTS = ("SELECT", "WITH")
_SELECT_MODIFIERS = frozenset({
    "DISTINCT", "ALL", "DISTINCTROW", "STRAIGHT_JOIN", "HIGH_PRIORITY", "SQL_CALC_FOUND_ROWS",
    "SQL_NO_CACHE", "SQL_CACHE", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT",
})
_LIST_ENDS = (
    "FROM", "INTO", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "UNION", "UNION ALL",
    "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY", "OFFSET", "FETCH", "FOR",
)
# `... WITH NO DATA`, `WITH CHECK OPTION`, Oracle's `WITH READ ONLY` end the query.
_WITH_OPTIONS = ("NO", "DATA", "CHECK", "READ", "CASCADED", "LOCAL")
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


@dataclass(frozen=True, slots=True)
class SelectList:
    """The first SELECT list of a query, one entry per item."""

    items: list[OutputColumn | None]  # None where nothing names the output
    has_star: bool  # `*` or `t.*`: items no longer line up with output columns

    @property
    def outputs(self) -> list[OutputColumn]:
        return [item for item in self.items if item is not None]


def read_select_list(stream: Stream, lo: int, hi: int) -> SelectList:
    """The list of the query starting at `lo`; empty if there is no SELECT."""
    hi = min(hi, len(stream.tokens))
    while stream.is_punct(lo, "(") and lo < hi:  # AS (SELECT ...)
        hi = min(stream.close_of(lo), hi)
        lo += 1
    index = _skip_with_clause(stream, lo, hi)
    while stream.is_punct(index, "(") and index < hi:
        hi = min(stream.close_of(index), hi)
        index += 1
    if not stream.is_word(index, "SELECT") or index >= hi:
        return SelectList([], False)
    index = _skip_select_modifiers(stream, index + 1, hi)
    parts = stream.split_commas(index, _list_end(stream, index, hi))
    return SelectList([_output_of(stream, item_lo, item_hi) for item_lo, item_hi in parts],
                      any(_is_star(stream, item_lo, item_hi) for item_lo, item_hi in parts))


def read_output_columns(stream: Stream, lo: int, hi: int) -> list[OutputColumn]:
    return read_select_list(stream, lo, hi).outputs


def sources_for(stream: Stream, names: list[str], lo: int, hi: int) -> list[tuple[str, ...]]:
    """For `CREATE VIEW v (a, grp) AS SELECT p.id, p.race ...`: per listed name,
    the names the query's item in the same position reads (`race` for `grp`).
    Nothing when a `*` or a count mismatch means the positions do not line up."""
    nothing: list[tuple[str, ...]] = [()] * len(names)
    query = find_query(stream, lo, hi)
    if query == -1:
        return nothing
    select = read_select_list(stream, query, hi)
    if select.has_star or len(select.items) != len(names):
        return nothing
    return [_other_names(item, name) for item, name in zip(select.items, names)]


def _other_names(item: OutputColumn | None, name: str) -> tuple[str, ...]:
    if item is None:
        return ()
    found = dict.fromkeys(other for other in (item.source, item.name)
                          if other and other.lower() != name.lower())
    return tuple(found)


def _list_end(stream: Stream, index: int, hi: int) -> int:
    """Index of the first top-level word that ends the SELECT list, or `hi`."""
    tokens = stream.tokens
    while True:
        end = stream.find_word(index, hi, *_LIST_ENDS, "WITH")
        if end == -1:
            return hi
        if tokens[end].key == "WITH":  # WITH NO DATA, not `timestamp with time zone`
            if stream.is_word(end + 1, *_WITH_OPTIONS):
                return end
        elif tokens[end].key != "EXCEPT" or tokens[end - 1].text != "*":
            return end  # (BigQuery's `* EXCEPT (a)` is no set operation)
        index = end + 1


def _is_star(stream: Stream, lo: int, hi: int) -> bool:
    """`*`, `t.*`, `* EXCEPT (a)`; not `count(*)` or `a * b`."""
    tokens = stream.tokens
    return any(tokens[index].text == "*" and (index == lo or stream.is_punct(index - 1, "."))
               for index in range(lo, hi))


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
    if is_name(last):
        plain = stream.read_qualified_name(lo, hi)
        if plain is not None and plain[1] == hi:  # `race`, `adm.race`
            if hi - lo == 1 and _is_keyword_value(last):  # SELECT NULL, SELECT TRUE
                return None
            return OutputColumn(last_name_part(unquote(last)), last)
        if hi - lo >= 3 and stream.is_word(hi - 2, "AS"):
            return _renamed(stream, lo, hi - 2, last)
        if hi - lo >= 2 and _is_implicit_alias(tokens[hi - 2], last):
            return _renamed(stream, lo, hi - 1, last)
    return _assigned(stream, lo, hi)


def _renamed(stream: Stream, lo: int, expression_end: int, alias: Tok) -> OutputColumn:
    """`expression AS alias`; a plain column as the expression is its source."""
    name = unquote(alias)
    return OutputColumn(name, alias, _source_name(stream, lo, expression_end, name))


def _assigned(stream: Stream, lo: int, hi: int) -> OutputColumn | None:
    """T-SQL `alias = expression`. Not `race = 'x'`: elsewhere that is a comparison
    (a column with no name), and in T-SQL a constant column records nothing."""
    tokens = stream.tokens
    if hi - lo < 3 or not is_name(tokens[lo]) or tokens[lo + 1].kind != OTHER \
            or tokens[lo + 1].text != "=" or _is_keyword_value(tokens[lo]):
        return None
    if hi - lo == 3 and (tokens[lo + 2].kind in (STRING, NUMBER) or _is_keyword_value(tokens[lo + 2])):
        return None
    name = unquote(tokens[lo])
    return OutputColumn(name, tokens[lo], _source_name(stream, lo + 2, hi, name))


def _source_name(stream: Stream, lo: int, hi: int, name: str) -> str:
    """The column name if [lo, hi) is just a column (`p.race`) other than `name`."""
    expression = stream.read_qualified_name(lo, hi)
    if expression is None or expression[1] != hi:
        return ""
    token = stream.tokens[expression[0]]
    if hi - lo == 1 and _is_keyword_value(token):  # NULL AS race
        return ""
    source = last_name_part(unquote(token))
    return "" if source.lower() == name.lower() else source


def _is_keyword_value(token: Tok) -> bool:
    return token.kind == WORD and token.key in _NEVER_ALIASES


def _is_implicit_alias(previous: Tok, last: Tok) -> bool:
    if last.kind == WORD and last.key in _NEVER_ALIASES:
        return False
    if previous.kind == WORD:
        return previous.key not in _TAKES_OPERAND
    if previous.kind == PUNCT:
        return previous.text == ")"
    return previous.kind in (QUOTED, STRING, NUMBER)
