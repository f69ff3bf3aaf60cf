"""NEV201 (field-level encryption removed) in one revision: migrations that make an
encrypted field plain.

    sources         MigrationFiles: where an app's other migrations are read from
                    (FileSystemFiles by default; a git revision for --diff)
    fieldtypes      a field or column type: encrypted or not, and its name for messages
    django_replay   replay of a Django app's migrations, then AlterField / remove-and-add /
                    rename onto an encrypted field's name in the checked migration
    alembic         op.alter_column(existing_type=<encrypted>, type_=<plain>) in upgrade()

The engine calls `decryptions` for modules that hold a Django migration or an
Alembic type change; everything else never imports this package. The cases found
are neutral facts (facts.Decryption: which field, from which type to which);
rules/encryption_findings.py words them. Comparing two revisions of a model file is
diff/downgrades.py's part (`--diff`).
"""

from __future__ import annotations

from flake8_neveragain.extract import ModuleReading
from flake8_neveragain.extract.frameworks import ALEMBIC_MIGRATION, DJANGO_MIGRATION
from flake8_neveragain.facts import Decryption
from flake8_neveragain.migration_replay.alembic import alembic_decryptions
from flake8_neveragain.migration_replay.django_replay import django_decryptions
from flake8_neveragain.migration_replay.sources import FileSystemFiles, MigrationFiles, working_tree

__all__ = ["FileSystemFiles", "MigrationFiles", "decryptions", "working_tree"]


def decryptions(reading: ModuleReading, path: str, files: MigrationFiles | None = None) -> list[Decryption]:
    """Every field the module's migrations take encryption away from.

    `files` reads the app's other migrations (default: the filesystem, relative to
    the current directory, looked at afresh); the checked module itself is never
    read again.
    """
    symbols = reading.symbols
    if symbols is None:
        return []
    found: list[Decryption] = []
    if reading.django_migrations:
        # Whether the migration itself defines an encrypted field, as the extractor read it.
        mentions = any(fact.encrypted for fact in reading.facts if fact.source == DJANGO_MIGRATION)
        cases = django_decryptions(reading.django_migrations, symbols, path, files or FileSystemFiles(), mentions)
        found.extend(case._replace(source=DJANGO_MIGRATION) for case in cases)
    if reading.alembic_type_changes:
        cases = alembic_decryptions(reading.alembic_type_changes, symbols, path)
        found.extend(case._replace(source=ALEMBIC_MIGRATION) for case in cases)
    return found
