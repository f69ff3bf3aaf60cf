"""NEV201 in Alembic migrations: an upgrade that alters a column from an encrypted type.

    op.alter_column("person", "notes", existing_type=StringEncryptedType(sa.Unicode, key),
                    type_=sa.Unicode())

and the same as `batch_op.alter_column("notes", ...)` inside `op.batch_alter_table`.
Only upgrade functions are read (extract/migrations_alembic.py notes the calls); downgrade()
undoes a change and is never reported. Silent: both types encrypt, plain to encrypted,
no `type_=` (nothing changes type) and a plain `existing_type=`. Autogenerate writes
`existing_type` as reflected from the database (`postgresql.BYTEA()`), so what fires
here is a type a person wrote down, which is exactly the question to ask them.
"""

from __future__ import annotations

from flake8_neveragain.extract.changes import migration_name
from flake8_neveragain.extract.frameworks import ALEMBIC_REVISION
from flake8_neveragain.extract.migrations_alembic import TypeChange
from flake8_neveragain.extract.symbols import Symbols
from flake8_neveragain.extract.syntax import node_span, string_value
from flake8_neveragain.facts import Decryption, Span
from flake8_neveragain.migration_replay.fieldtypes import column_type


def alembic_decryptions(changes: list[TypeChange], symbols: Symbols, path: str) -> list[Decryption]:
    found = []
    for change in changes:
        before = column_type(change.existing_type, symbols)
        if not before.encrypted:
            continue
        after = column_type(change.new_type, symbols)
        if after.encrypted:
            continue
        span: Span = node_span(change.call)
        found.append(Decryption(revision_name(symbols, path), "alters", change.table, change.column,
                                before, after, span))
    return found


def revision_name(symbols: Symbols, path: str) -> str:
    """"revision 1a2b3c" from `revision = "1a2b3c"`, else the file stem."""
    revision = string_value(symbols.constant(ALEMBIC_REVISION))
    return f"revision {revision}" if revision else migration_name(path)
