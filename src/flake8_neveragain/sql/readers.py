"""Which reader handles which kind of statement."""

from __future__ import annotations

from collections.abc import Callable

from flake8_neveragain.facts import FieldFact
from flake8_neveragain.sql.alter_table import read_alter_table
from flake8_neveragain.sql.context import ReadContext
from flake8_neveragain.sql.create_table import read_create_table
from flake8_neveragain.sql.create_type import read_create_type
from flake8_neveragain.sql.create_view import read_create_view
from flake8_neveragain.sql.kinds import StatementKind
from flake8_neveragain.sql.tokens import Stream

Reader = Callable[[Stream, ReadContext], list[FieldFact]]

READERS: dict[StatementKind, Reader] = {
    StatementKind.CREATE_TABLE: read_create_table,
    StatementKind.ALTER_TABLE: read_alter_table,
    StatementKind.CREATE_TYPE: read_create_type,
    StatementKind.CREATE_VIEW: read_create_view,
}
