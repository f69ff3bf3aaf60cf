"""Which reader handles which kind of statement."""

from __future__ import annotations

from collections.abc import Callable

from ..facts import FieldFact
from .alter_table import read_alter_table
from .context import ReadContext
from .create_table import read_create_table
from .create_type import read_create_type
from .create_view import read_create_view
from .kinds import StatementKind
from .tokens import Stream

Reader = Callable[[Stream, ReadContext], list[FieldFact]]

READERS: dict[StatementKind, Reader] = {
    StatementKind.CREATE_TABLE: read_create_table,
    StatementKind.ALTER_TABLE: read_alter_table,
    StatementKind.CREATE_TYPE: read_create_type,
    StatementKind.CREATE_VIEW: read_create_view,
}
