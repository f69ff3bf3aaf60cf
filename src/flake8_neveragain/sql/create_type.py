"""CREATE TYPE: enums (with their values) and composite types (with fields).

    CREATE TYPE religion AS ENUM ('hindu', 'muslim')     -> model with values
    CREATE TYPE person_t AS (race text, ...)            -> model + fields (PostgreSQL)
    CREATE TYPE person_t AS OBJECT (race VARCHAR2(9))   -> model + fields (Oracle)
    CREATE TYPE dbo.people AS TABLE (race nvarchar(9))  -> model + fields (T-SQL)
    CREATE DOMAIN faith AS text CHECK (VALUE IN ('a', 'b'))  -> model with values
Any other named type (ranges, base types, T-SQL `FROM nvarchar(9)` aliases,
Oracle `AS TABLE OF`) is reported as a model without values: its name alone
can be evidence.
"""

from __future__ import annotations

from flake8_neveragain.facts import FieldFact
from flake8_neveragain.sql.columns import check_values, read_column_list, strings_in
from flake8_neveragain.sql.context import ReadContext
from flake8_neveragain.sql.tokens import Stream


def read_create_type(stream: Stream, context: ReadContext) -> list[FieldFact]:
    tokens = stream.tokens
    count = len(tokens)
    named = stream.read_object_name(("TYPE", "DOMAIN"))
    if named is None:
        return []
    name_token, type_name, index = named
    is_domain = tokens[stream.find_word(0, count, "TYPE", "DOMAIN")].key == "DOMAIN"
    if is_domain:
        return [context.model(type_name, name_token, values=_domain_values(stream, index))]
    if stream.is_word(index, "AS", "IS"):
        index += 1
    if stream.is_word(index, "ENUM") and stream.is_punct(index + 1, "("):
        opening = index + 1
        values = strings_in(stream, opening + 1, min(stream.close_of(opening), count))
        return [context.model(type_name, name_token, values=values)]
    if stream.is_word(index, "OBJECT", "TABLE") and stream.is_punct(index + 1, "("):
        index += 1
    model = context.model(type_name, name_token)
    if stream.is_punct(index, "(") and stream.is_word(index - 1, "AS", "IS", "OBJECT", "TABLE"):
        context.forget_columns(type_name)
        columns = read_column_list(stream, index + 1, min(stream.close_of(index), count))
        return [model, *context.column_facts(type_name, columns)]
    return [model]


def _domain_values(stream: Stream, index: int) -> list[str]:
    """Values of CHECK (VALUE IN (...)) constraints on a domain."""
    values: dict[str, None] = {}  # in order, each once (a list's `in` was quadratic)
    count = len(stream)
    while True:
        check = stream.find_word(index, count, "CHECK")
        if check == -1 or not stream.is_punct(check + 1, "("):
            return list(values)
        close = min(stream.close_of(check + 1), count)
        for _, found in check_values(stream, check + 2, close, ("value",)):
            values.update(dict.fromkeys(found))
        index = close + 1
