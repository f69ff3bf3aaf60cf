"""CREATE [OR REPLACE] [MATERIALIZED] VIEW: every output column is a field.

    CREATE VIEW v (a, grp) AS SELECT p.id, p.race ...  -> fields a, grp (grp stored as race)
    CREATE VIEW v AS SELECT x AS religion, p.race ...  -> fields religion, race
    CREATE VIEW v AS SELECT * FROM person              -> nothing (no name written)
A view (materialized or not) shows the data under its own names to whoever
may read it, so its columns are reviewed like a table's. It is not reported
as a model: a plain view stores nothing itself.
"""

from __future__ import annotations

from flake8_neveragain.facts import FieldFact
from flake8_neveragain.sql.context import ReadContext
from flake8_neveragain.sql.select_list import find_query, read_output_columns, sources_for
from flake8_neveragain.sql.tokens import Stream, is_name, unquote


def read_create_view(stream: Stream, context: ReadContext) -> list[FieldFact]:
    tokens = stream.tokens
    count = len(tokens)
    named = stream.read_object_name(("VIEW",))
    if named is None:
        return []
    _, view, index = named
    if not stream.is_punct(index, "("):
        query = find_query(stream, index, count)
        if query == -1:
            return []
        return context.query_column_facts(view, read_output_columns(stream, query, count))
    close = min(stream.close_of(index), count)
    parts = stream.split_commas(index + 1, close)
    name_tokens = [tokens[lo] for lo, _ in parts if is_name(tokens[lo])]
    names = [unquote(token) for token in name_tokens]
    sources = sources_for(stream, names, close + 1, count)
    return context.name_list_facts(view, names, name_tokens, sources)
