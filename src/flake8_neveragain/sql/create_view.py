"""CREATE [OR REPLACE] [MATERIALIZED] VIEW: only new output names are fields.

    CREATE VIEW v (a, religion) AS SELECT ...     -> fields a, religion
    CREATE VIEW v AS SELECT x AS religion, y ...  -> field religion
    CREATE VIEW v AS SELECT religion FROM t       -> nothing (a column re-exposed)
A view stores nothing itself, so it is not reported as a model.
"""

from __future__ import annotations

from ..facts import FieldFact
from .context import ReadContext, siblings_of
from .select_list import find_query, read_output_columns
from .tokens import Stream, is_name, unquote


def read_create_view(stream: Stream, context: ReadContext) -> list[FieldFact]:
    tokens = stream.tokens
    count = len(tokens)
    named = stream.read_object_name(("VIEW",))
    if named is None:
        return []
    _, view, index = named
    if stream.is_punct(index, "("):
        parts = stream.split_commas(index + 1, min(stream.close_of(index), count))
        name_tokens = [tokens[lo] for lo, _ in parts if is_name(tokens[lo])]
        names = [unquote(token) for token in name_tokens]
        return [
            context.field(names[position], token.start, token.end, owner=view,
                          siblings=siblings_of(names, position))
            for position, token in enumerate(name_tokens)
        ]
    query = find_query(stream, index, count)
    if query == -1:
        return []
    outputs = read_output_columns(stream, query, count)
    names = [output.name for output in outputs]
    return [
        context.field(output.name, output.token.start, output.token.end, owner=view,
                      siblings=siblings_of(names, position))
        for position, output in enumerate(outputs) if output.is_alias
    ]
