"""What the schema-change readers (migrations, SQL in strings) share.

A schema change is reported with an action naming where it happens, e.g.
"0007_resident_race adds" or "revision 1a2b3c renames person.notes to"; the
rules put the source label in front and the field after it.
"""

from __future__ import annotations

from .drafts import SIBLING_LIMIT

# Names flake8 and the CLI give input that is not a file.
_NOT_FILES = frozenset({"", "-", "stdin"})


def migration_name(path: str) -> str:
    """The file stem ("0007_resident_race"), or "" when there is no file name."""
    name = path.replace("\\", "/").rpartition("/")[2]
    if name in _NOT_FILES:
        return ""
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def action(prefix: str, verb: str) -> str:
    """"0007_resident_race adds", or just "adds" without a migration name."""
    return f"{prefix} {verb}" if prefix else verb


class KnownFields:
    """Fields seen so far per model or table (case-insensitive), in one migration.

    A field added by a later operation gets the fields created or added before it
    as siblings, which the classifier uses to read homographs in context.
    """

    __slots__ = ("_fields",)

    def __init__(self) -> None:
        self._fields: dict[str, list[str]] = {}

    def add(self, owner: str, names: list[str]) -> None:
        self._fields.setdefault(owner.lower(), []).extend(names)

    def siblings(self, owner: str, name: str) -> tuple[str, ...]:
        """The owner's other known fields (the nearest SIBLING_LIMIT of them)."""
        known = self._fields.get(owner.lower())
        if not known:
            return ()
        others = [field for field in known if field != name]
        return tuple(others[-SIBLING_LIMIT:])

    def rename(self, owner: str, old: str, new: str) -> None:
        known = self._fields.setdefault(owner.lower(), [])
        if old in known:
            known[known.index(old)] = new
        else:
            known.append(new)
