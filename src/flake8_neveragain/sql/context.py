"""What the statement readers share while reading one SQL text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flake8_neveragain.facts import FieldFact
from flake8_neveragain.sql.columns import ColumnDef
from flake8_neveragain.sql.known import KnownColumns
from flake8_neveragain.sql.positions import Positions
from flake8_neveragain.sql.select_list import OutputColumn
from flake8_neveragain.sql.tokens import Tok

# A 5,000-column table would otherwise give every column 4,999 siblings
# (25 million entries); homograph context needs only the neighbourhood.
MAX_SIBLINGS = 50


def siblings_of(names: Sequence[str], index: int) -> tuple[str, ...]:
    """The other names of the list, or the MAX_SIBLINGS nearest to `index`."""
    if len(names) - 1 <= MAX_SIBLINGS:
        return tuple(names[:index]) + tuple(names[index + 1:])
    half = MAX_SIBLINGS // 2
    lo = max(0, min(index - half, len(names) - 1 - MAX_SIBLINGS))
    hi = lo + MAX_SIBLINGS + 1
    return tuple(names[lo:index]) + tuple(names[index + 1:hi])


@dataclass
class ReadContext:
    source: str
    positions: Positions
    # Columns seen so far per table (lower-case name), so columns added by a
    # later ALTER TABLE get the table's other columns as siblings.
    known_columns: dict[str, KnownColumns] = field(default_factory=dict)

    def model(self, name: str, token: Tok, *, action: str = "",
              values: Sequence[str] = ()) -> FieldFact:
        return FieldFact(
            name=name, source=self.source, span=self.positions.span(token.start, token.end),
            kind="model", values=tuple(values), action=action,
        )

    def field(self, name: str, start: int, end: int, *, owner: str,
              siblings: tuple[str, ...] = (), type_refs: Sequence[str] = (),
              values: Sequence[str] = (), is_boolean: bool = False, encrypted: bool = False,
              action: str = "", aliases: tuple[str, ...] = ()) -> FieldFact:
        return FieldFact(
            name=name, source=self.source, span=self.positions.span(start, end), owner=owner,
            aliases=aliases,
            type_refs=tuple(dict.fromkeys(type_refs)), values=tuple(values),
            is_boolean=is_boolean, siblings=siblings, encrypted=encrypted, action=action,
        )

    def columns_of(self, table: str) -> KnownColumns:
        known = self.known_columns.get(table.lower())
        if known is None:
            known = self.known_columns[table.lower()] = KnownColumns()
        return known

    def forget_columns(self, table: str) -> None:
        """A table (or type) defined afresh: no columns known yet."""
        self.known_columns[table.lower()] = KnownColumns()

    def move_columns(self, table: str, new_name: str) -> None:
        """ALTER TABLE ... RENAME TO: the columns go with the table."""
        self.known_columns[new_name.lower()] = self.known_columns.pop(table.lower(), KnownColumns())

    def column_facts(self, owner: str, columns: Sequence[ColumnDef], *,
                     action: str = "") -> list[FieldFact]:
        """Facts for columns of `owner`, registering them as its known columns."""
        known = self.columns_of(owner)
        first = len(known)
        known.extend(column.name for column in columns)
        return [
            self.field(
                column.name, column.name_token.start, column.end, owner=owner,
                siblings=siblings_of(known, first + offset), type_refs=column.type_refs,
                values=column.values, is_boolean=column.is_boolean, encrypted=column.encrypted,
                action=action,
            )
            for offset, column in enumerate(columns)
        ]

    def name_list_facts(self, owner: str, names: Sequence[str], tokens: Sequence[Tok],
                        aliases: Sequence[tuple[str, ...]]) -> list[FieldFact]:
        """Facts for a bare name list (`CREATE VIEW v (a, b) AS ...`)."""
        self.columns_of(owner).extend(names)
        return [
            self.field(names[position], token.start, token.end, owner=owner,
                       siblings=siblings_of(names, position), aliases=aliases[position])
            for position, token in enumerate(tokens)
        ]

    def query_column_facts(self, owner: str, outputs: Sequence[OutputColumn]) -> list[FieldFact]:
        """Facts for the output columns of a CREATE TABLE AS / CREATE VIEW query;
        a renamed column is also stored under its source name."""
        names = [output.name for output in outputs]
        self.columns_of(owner).extend(names)
        return [
            self.field(output.name, output.token.start, output.token.end, owner=owner,
                       siblings=siblings_of(names, position),
                       aliases=(output.source,) if output.source else ())
            for position, output in enumerate(outputs)
        ]
